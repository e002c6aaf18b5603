import { Button, Card, Grid, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PageContainer } from '../components/PageHeader.tsx';
import { useState } from 'react';
import type { RegistrationView } from '../../../src/accounts/enterprise-registrations.ts';
import type { RegistrationStatus } from '../../../src/domain/accounts/registration.ts';
import { instant } from '../accounts/AccountDrawer.tsx';
import { ConfirmRegistrationModal, RejectRegistrationModal } from '../accounts/RegistrationDecisionModals.tsx';
import { query } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { useQueryParams } from '../app/search-params.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { RevealablePhone } from '../components/RevealablePhone.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const STATUS_COLOR = { pending: 'gold', confirmed: 'green', rejected: 'default' } satisfies Record<RegistrationStatus, string>;
const PAGE_SIZE = 20;

/**
 * 企业注册审核 (SPEC §5, issue 11): the enterprises' self-registrations for 营商办 and the system
 * administrator, the pending first by default; 通过 opens the account, 不通过 tells the reason.
 */
const RegistrationsPage = () => {
  const { m } = useI18n();
  const r = m.registrations;
  const c = r.columns;
  const [params, update] = useQueryParams();
  const wide = Grid.useBreakpoint().md ?? true;
  const status = params.get('status') ?? 'pending';
  const page = params.get('page') ?? undefined;
  const registrations = useApi<{ items: RegistrationView[]; total: number; page: number }>(
    `/api/enterprise-registrations${query({ status: status === 'all' ? undefined : status, page, pageSize: PAGE_SIZE })}`,
  );
  const [deciding, setDeciding] = useState<{ registration: RegistrationView; decision: 'confirm' | 'reject' } | null>(null);

  const statusTag = (row: RegistrationView) => (
    <Space orientation="vertical" size={2}>
      <Tag color={STATUS_COLOR[row.status]} style={{ marginInlineEnd: 0 }} data-status={row.status}>
        {r.statuses[row.status]}
      </Tag>
      {row.decidedByName && row.decidedAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.decidedBy(row.decidedByName, instant(row.decidedAt))}
        </Typography.Text>
      )}
      {row.rejectionReason && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {row.rejectionReason}
        </Typography.Text>
      )}
    </Space>
  );
  const actions = (row: RegistrationView) =>
    row.status === 'pending' ? (
      <Space wrap>
        <Button size="small" type="primary" onClick={() => setDeciding({ registration: row, decision: 'confirm' })} data-testid="registration-confirm">
          {r.confirm}
        </Button>
        <Button size="small" danger onClick={() => setDeciding({ registration: row, decision: 'reject' })} data-testid="registration-reject">
          {r.reject}
        </Button>
      </Space>
    ) : null;
  // Whoever reads the registrations reviews them, and may call the contact to check (个人信息保护法: each reveal logged).
  const contactPhone = (row: RegistrationView) => <RevealablePhone masked={row.contactPhone} revealUrl={`/api/enterprise-registrations/${row.id}/phone/reveal`} testId="registration-phone" />;
  const enterprise = (row: RegistrationView) => (
    <Space orientation="vertical" size={0}>
      <span>{row.enterpriseName}</span>
      <Typography.Text type="secondary" className="money" style={{ fontSize: 12 }}>
        {row.creditCode}
      </Typography.Text>
    </Space>
  );
  const columns: TableColumnsType<RegistrationView> = [
    { title: c.enterprise, key: 'enterprise', render: (_, row) => enterprise(row) },
    { title: c.jurisdiction, dataIndex: ['jurisdiction', 'name'], width: 150, responsive: ['lg'] },
    {
      title: c.contact,
      key: 'contact',
      width: 140,
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.contactName}</span>
          {contactPhone(row)}
        </Space>
      ),
    },
    { title: c.username, dataIndex: 'username', width: 130, render: (username: string) => <span className="money">{username}</span> },
    { title: c.submittedAt, dataIndex: 'submittedAt', width: 150, responsive: ['lg'], render: (at: string) => <span className="money">{instant(at)}</span> },
    { title: c.status, key: 'status', width: 170, render: (_, row) => statusTag(row) },
    { title: c.operations, key: 'operations', width: 150, render: (_, row) => actions(row) },
  ];
  const narrowColumns: TableColumnsType<RegistrationView> = [
    {
      title: c.enterprise,
      key: 'enterprise',
      render: (_, row) => (
        <Space orientation="vertical" size={2}>
          {enterprise(row)}
          <Space size={4} wrap>
            <span>{row.contactName}</span>
            {contactPhone(row)}
            <span>{`· ${row.username}`}</span>
          </Space>
          {actions(row)}
        </Space>
      ),
    },
    { title: c.status, key: 'status', width: 110, render: (_, row) => statusTag(row) },
  ];

  return (
    <PageContainer
      nav="registrations"
      title={r.title}
      subtitle={r.subtitle}
    >
      <Card>
        <Segmented
          style={{ marginBottom: 16 }}
          value={status}
          onChange={(value) => update({ status: value === 'pending' ? undefined : String(value), page: undefined })}
          options={(['pending', 'confirmed', 'rejected', 'all'] as const).map((value) => ({ value, label: r.statuses[value] }))}
          data-testid="registration-status-filter"
        />
        {registrations.error ? (
          <ErrorResult error={registrations.error} onRetry={registrations.reload} />
        ) : (
          <Table<RegistrationView>
            rowKey="id"
            size="middle"
            loading={registrations.loading}
            columns={wide ? columns : narrowColumns}
            dataSource={registrations.data?.items ?? []}
            locale={{ emptyText: r.empty }}
            pagination={{
              current: registrations.data?.page ?? 1,
              pageSize: PAGE_SIZE,
              total: registrations.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => r.total(total),
              onChange: (next) => update({ page: next === 1 ? undefined : String(next) }),
            }}
            data-testid="registrations-table"
          />
        )}
        {deciding?.decision === 'confirm' && (
          <ConfirmRegistrationModal
            registration={deciding.registration}
            onClose={() => setDeciding(null)}
            onDone={() => {
              setDeciding(null);
              registrations.reload();
            }}
          />
        )}
        {deciding?.decision === 'reject' && (
          <RejectRegistrationModal
            registration={deciding.registration}
            onClose={() => setDeciding(null)}
            onDone={() => {
              setDeciding(null);
              registrations.reload();
            }}
          />
        )}
      </Card>
    </PageContainer>
  );
};

export default RegistrationsPage;
