import { Button, Card, Space, Tag, Typography } from 'antd';
import { PageHeader } from '../components/PageHeader.tsx';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ApplicationSummary } from '../../../src/benefits/read-applications.ts';
import { useApi } from '../api/hooks.ts';
import { useUser } from '../app/auth.tsx';
import { useQueryParams, withParams } from '../app/search-params.ts';
import { ApplicationDrawer, STATE_COLOR } from '../benefits/ApplicationDrawer.tsx';
import { ApplicationTable } from '../benefits/ApplicationTable.tsx';
import { ApplyModal, type ApplyTarget } from '../benefits/ApplyModal.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import type { Match } from '../enterprise/ClauseMatches.tsx';
import { EnterpriseFile } from '../enterprise/EnterpriseFile.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * 可享政策 (P2): the enterprise's applications and what each is waiting for, its profile, and
 * every clause in force matched against it — applied for from here, once per clause.
 */
const BenefitsPage = () => {
  const user = useUser();
  const { m } = useI18n();
  const e = m.enterprises;
  const b = m.benefits;
  const [params, update] = useQueryParams();
  const open = params.get('application');
  const applications = useApi<{ items: ApplicationSummary[] }>('/api/benefit-applications');
  const [applying, setApplying] = useState<ApplyTarget | null>(null);
  const linkOf = (id: string) => `?${withParams(params, { application: id }).toString()}`;
  const byClause = new Map((applications.data?.items ?? []).filter((item) => item.state !== 'refused').map((item) => [item.clauseId, item]));

  /** The control of a clause: its application's state, or 申报 for one it qualifies for. */
  const actionFor = (match: Match) => {
    const existing = byClause.get(match.clauseId);
    if (existing) {
      return (
        <Link to={{ search: linkOf(existing.id) }}>
          <Tag color={STATE_COLOR[existing.state]}>{b.applied(b.state[existing.state])}</Tag>
        </Link>
      );
    }
    if (!match.qualifies || match.noApplication) return null;
    return (
      <Button
        type="primary"
        size="small"
        onClick={() => setApplying({ policyId: match.policyId, clauseId: match.clauseId, title: match.title, policyTitle: match.policyTitle, amountText: match.amountText, materials: match.materials })}
      >
        {b.apply}
      </Button>
    );
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        nav="benefits"
        title={e.benefitsTitle}
        tags={user.unit && <Typography.Text type="secondary">{user.unit.name}</Typography.Text>}
        subtitle={e.benefitsIntro}
      />
      <Card size="small" title={b.mine} data-testid="my-applications">
        {applications.error ? (
          <ErrorResult error={applications.error} onRetry={applications.reload} />
        ) : applications.data?.items.length === 0 ? (
          <Typography.Text type="secondary">{b.mineEmpty}</Typography.Text>
        ) : (
          <ApplicationTable items={applications.data?.items ?? []} loading={applications.loading} linkOf={linkOf} showEnterprise={false} />
        )}
      </Card>
      {user.unit && <EnterpriseFile unitId={user.unit.id} actionFor={actionFor} />}
      {user.unit && applying && (
        <ApplyModal
          enterpriseUnitId={user.unit.id}
          target={applying}
          onClose={() => setApplying(null)}
          onDone={(created) => {
            setApplying(null);
            applications.reload();
            update({ application: created.id });
          }}
        />
      )}
      {open && <ApplicationDrawer id={open} onClose={() => update({ application: undefined })} onChanged={applications.reload} />}
    </Space>
  );
};

export default BenefitsPage;
