import { Form, Modal, Select } from 'antd';
import { useState } from 'react';
import type { ApplicationView } from '../../../src/benefits/read-applications.ts';
import type { EnterpriseMatches } from '../../../src/enterprises/read-enterprises.ts';
import { query } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ApplyModal, type ApplyTarget } from './ApplyModal.tsx';

/**
 * 代办 (P2): the service window picks the enterprise at its counter, then one of the clauses it
 * qualifies for (those granted without application need none), and applies with its materials.
 */
export const OnBehalfModal = ({ onClose, onDone }: { onClose: () => void; onDone: (application: ApplicationView) => void }) => {
  const { m } = useI18n();
  const b = m.benefits;
  const [search, setSearch] = useState('');
  const [enterprise, setEnterprise] = useState<string | undefined>();
  const [target, setTarget] = useState<ApplyTarget | null>(null);
  const enterprises = useApi<{ items: { unitId: string; name: string; creditCode: string | null }[] }>(`/api/enterprises${query({ q: search || undefined })}`);
  const matches = useApi<EnterpriseMatches>(enterprise ? `/api/enterprises/${encodeURIComponent(enterprise)}/matches` : null);
  const clauses = (matches.data?.items ?? []).filter((item) => item.qualifies && !item.noApplication);
  if (enterprise && target) return <ApplyModal enterpriseUnitId={enterprise} target={target} onClose={() => setTarget(null)} onDone={onDone} />;
  return (
    <Modal open title={b.onBehalfTitle} onCancel={onClose} footer={null} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={b.chooseEnterprise}>
          <Select
            showSearch={{ filterOption: false, onSearch: setSearch }}
            value={enterprise}
            onChange={setEnterprise}
            loading={enterprises.loading}
            aria-label={b.chooseEnterprise}
            options={(enterprises.data?.items ?? []).map((item) => ({ value: item.unitId, label: `${item.name}（${item.creditCode ?? ''}）` }))}
          />
        </Form.Item>
        {enterprise && (
          <Form.Item label={b.chooseClause} help={matches.data && clauses.length === 0 ? b.noQualifying : undefined}>
            <Select
              loading={matches.loading}
              aria-label={b.chooseClause}
              onChange={(clauseId: string) => {
                const item = clauses.find((clause) => clause.clauseId === clauseId)!;
                setTarget({ policyId: item.policyId, clauseId: item.clauseId, title: item.title, policyTitle: item.policyTitle, amountText: item.amountText, materials: item.materials });
              }}
              options={clauses.map((item) => ({ value: item.clauseId, label: `${item.title}（${item.documentNo}）` }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
};
