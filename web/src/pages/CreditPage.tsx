import { ExportButton } from '../components/ExportButton.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { Badge, Button, Card, Empty, Grid, Input, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { CreditRecordSummary } from '../../../src/credit/get-credit-record.ts';
import type { BreachCandidates } from '../../../src/credit/list-breach-candidates.ts';
import { CREDIT_STATUSES, type CreditStatus } from '../../../src/domain/credit/states.ts';
import { query } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { useUser } from '../app/auth.tsx';
import { useQueryParams } from '../app/search-params.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { BreachStepsOverview } from '../credit/BreachSteps.tsx';
import { CreditExports } from '../credit/CreditExports.tsx';
import { CreditRecordDrawer } from '../credit/CreditRecordDrawer.tsx';
import { CreditStatusTag } from '../credit/labels.tsx';
import { OrderRectificationModal } from '../credit/OrderRectificationModal.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * 信用记录 (S4). 市信用办 orders units to rectify (责令整改), records the outcome, determines
 * breaches (发改财金〔2023〕1103号, drawn as steps above the list), decides objections and repairs,
 * and makes the batches for the national platform; a unit (or its county) sees its own records,
 * objects and applies for repair; 营商办 and leaders read.
 */
const CreditPage = () => {
  const { m } = useI18n();
  const c = m.credit;
  const user = useUser();
  const manages = user.role === 'credit_office';
  const [params, update] = useQueryParams();
  const status = (CREDIT_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as CreditStatus) : undefined;
  const wide = Grid.useBreakpoint().md ?? true;
  const q = params.get('q') ?? undefined;
  const open = params.get('record');
  const records = useApi<{ items: CreditRecordSummary[]; truncated: boolean; byStatus: Record<CreditStatus, number> }>(`/api/credit/records${query({ status, q })}`);
  const [adding, setAdding] = useState(false);
  // 提请认定: the cases 营商办 or a lead bureau put before 信用办, waiting in the 新增记录 form.
  const candidates = useApi<BreachCandidates>(manages ? '/api/credit/candidates' : null);
  const proposals = candidates.data?.units.reduce((total, unit) => total + unit.cases.filter((item) => item.proposal !== null).length, 0) ?? 0;

  const f = c.fields;
  const columns: TableColumnsType<CreditRecordSummary> = [
    {
      title: f.number,
      dataIndex: 'number',
      width: 130,
      render: (number: string, row) => (
        <Typography.Link className="money" onClick={() => update({ record: row.id })}>
          {number}
        </Typography.Link>
      ),
    },
    {
      title: f.unit,
      dataIndex: 'unitName',
      width: 230,
      render: (name: string, row) => (
        <Space orientation="vertical" size={0}>
          {name}
          <Typography.Text type="secondary" className="money" style={{ fontSize: 12 }}>
            {row.unitCreditCode}
          </Typography.Text>
        </Space>
      ),
    },
    { title: f.case, dataIndex: 'caseNumber', width: 130, render: (number: string | null) => <span className="money">{number ?? '—'}</span> },
    { title: f.facts, dataIndex: 'facts', ellipsis: true },
    {
      title: f.deadline,
      dataIndex: 'rectificationDeadline',
      width: 110,
      render: (day: string | null) => <span className="money">{day ?? '—'}</span>,
    },
    { title: f.breachOn, dataIndex: 'breachOn', width: 110, render: (day: string | null) => <span className="money">{day ?? '—'}</span> },
    {
      title: f.status,
      dataIndex: 'status',
      width: 150,
      render: (_, row) => (
        <Space size={4} wrap>
          <CreditStatusTag status={row.status} />
          {row.repairPending && <Tag color="orange">{c.repairPending}</Tag>}
        </Space>
      ),
    },
    {
      title: f.reported,
      dataIndex: 'exportedChange',
      width: 90,
      render: (change: CreditRecordSummary['exportedChange']) => (change ? c.change[change] : <Typography.Text type="secondary">{c.notReported}</Typography.Text>),
    },
  ];

  const list = (
    <Card
      title={c.tabs.records}
      extra={
        manages && (
          <Badge count={proposals} title={c.proposal.pending(proposals)} data-testid="credit-proposals-pending">
            <Button type="primary" onClick={() => setAdding(true)} data-testid="credit-add">
              {c.add}
            </Button>
          </Badge>
        )
      }
    >
      <div style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
          {c.overviewTitle}
        </Typography.Text>
        <BreachStepsOverview byStatus={records.data?.byStatus} selected={status} onSelect={(value) => update({ status: value })} vertical={!wide} />
      </div>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={c.filters.status}
          value={status}
          onChange={(value?: string) => update({ status: value })}
          options={CREDIT_STATUSES.map((value) => ({ value, label: c.status[value] }))}
          data-testid="credit-status-filter"
        />
        <Input.Search allowClear style={{ width: wide ? 380 : 300 }} placeholder={c.filters.searchPlaceholder} defaultValue={q} onSearch={(value) => update({ q: value.trim() })} />
        <ExportButton href={`/api/credit/records/export.xlsx${query({ status, q })}`} testId="credit-export" />
      </Space>
      {records.error ? (
        <ErrorResult error={records.error} onRetry={records.reload} />
      ) : (
        <Table<CreditRecordSummary>
          rowKey="id"
          size="middle"
          scroll={{ x: 1000 }}
          loading={records.loading}
          columns={columns}
          dataSource={records.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(row) => ({ onDoubleClick: () => update({ record: row.id }) })}
          locale={{ emptyText: <Empty description={user.role === 'unit_handler' ? c.emptyUnit : c.empty} /> }}
          data-testid="credit-records"
        />
      )}
    </Card>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader nav="credit" title={c.title} subtitle={c.subtitle} />
      {manages ? (
        <Tabs
          items={[
            { key: 'records', label: c.tabs.records, children: list },
            { key: 'exports', label: c.tabs.exports, children: <CreditExports onCreated={records.reload} /> },
          ]}
        />
      ) : (
        list
      )}
      {adding && (
        <OrderRectificationModal
          onClose={() => setAdding(false)}
          onDone={(view) => {
            setAdding(false);
            records.reload();
            candidates.reload();
            update({ record: view.id });
          }}
        />
      )}
      {open && <CreditRecordDrawer key={open} id={open} onClose={() => update({ record: undefined })} onChanged={records.reload} />}
    </Space>
  );
};

export default CreditPage;
