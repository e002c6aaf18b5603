import { App, Button, Form, Input, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { CreditProposalView } from '../../../src/credit/get-credit-proposal.ts';
import type { CreditProposalInput } from '../../../src/domain/credit/commands.ts';
import { api, idempotencyKey } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { useUser } from '../app/auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { FormModal } from '../components/FormModal.tsx';

const day = (instant: string) => dayjs(instant).format('YYYY-MM-DD');

/** The roles that may propose (`mayProposeBreach`) or see a proposal (`maySeeProposal`); the server decides per case. */
const CONCERNED: ReadonlySet<string> = new Set(['business_office', 'lead_bureau', 'credit_office', 'leader']);

/** The form: the facts, started from the sentence the server drew from the case. */
const ProposalModal = ({
  caseId,
  suggestedFacts,
  onClose,
  onDone,
}: {
  caseId: string;
  suggestedFacts: string;
  onClose: () => void;
  onDone: (view: CreditProposalView) => void;
}) => {
  const { m } = useI18n();
  const t = m.credit.proposal;
  const { message } = App.useApp();
  const [form] = Form.useForm<CreditProposalInput>();
  const [key] = useState(idempotencyKey);
  const { submit, sending, error } = useFormSubmit(form, async (values: CreditProposalInput) => {
    const view = await api.post<CreditProposalView>(`/api/cases/${caseId}/credit-proposal`, values, { 'idempotency-key': key });
    message.success(t.done);
    onDone(view);
  });
  return (
    <FormModal width={640} title={t.title} intro={t.intro} form={form} sending={sending} error={error} onClose={onClose} testId="credit-proposal-modal">
      <Form<CreditProposalInput> form={form} layout="vertical" onFinish={submit} initialValues={{ facts: suggestedFacts }}>
        <Form.Item name="facts" label={t.facts} rules={[{ required: true, whitespace: true, message: m.common.required(t.facts) }]}>
          <Input.TextArea rows={6} maxLength={5000} showCount placeholder={t.factsPlaceholder} />
        </Form.Item>
      </Form>
    </FormModal>
  );
};

/**
 * The case page's 提请信用认定 (S4): the button and its form for 营商办 and the case's lead bureau
 * while the case may be proposed, and what became of the latest proposal. Refetched with every
 * new version of the case, whose actions may make it eligible or not.
 */
export const CreditProposal = ({ caseId, version }: { caseId: string; version: number }) => {
  const { m } = useI18n();
  const t = m.credit.proposal;
  const concerned = CONCERNED.has(useUser().role);
  const loaded = useApi<CreditProposalView>(concerned ? `/api/cases/${caseId}/credit-proposal?version=${version}` : null);
  const [updated, setUpdated] = useState<CreditProposalView | null>(null);
  const [open, setOpen] = useState(false);
  // The answer to the POST until the refetch it triggers comes back.
  const mine = updated?.caseId === caseId ? updated : null;
  const view = loaded.loading && mine ? mine : (loaded.data ?? mine);
  if (!view) return null;
  const { proposal } = view;
  return (
    <>
      {proposal && (
        <Tooltip title={<div style={{ whiteSpace: 'pre-wrap' }}>{`${t.by(proposal.unitName, proposal.proposedBy, day(proposal.proposedAt))}\n${proposal.facts}`}</div>}>
          {proposal.creditRecordNumber === null || proposal.creditRecordStatus === null ? (
            <Tag color="orange" data-testid="credit-proposed">
              {t.proposed(day(proposal.proposedAt))}
            </Tag>
          ) : (
            <Tag color="red" data-testid="credit-proposal-recorded">
              {t.record(proposal.creditRecordNumber, m.credit.status[proposal.creditRecordStatus])}
            </Tag>
          )}
        </Tooltip>
      )}
      {view.canPropose && view.suggestedFacts !== null && (
        <Button danger onClick={() => setOpen(true)} data-testid="credit-propose">
          {t.propose}
        </Button>
      )}
      {open && view.suggestedFacts !== null && (
        <ProposalModal
          caseId={caseId}
          suggestedFacts={view.suggestedFacts}
          onClose={() => setOpen(false)}
          onDone={(next) => {
            setUpdated(next);
            setOpen(false);
            loaded.reload();
          }}
        />
      )}
    </>
  );
};
