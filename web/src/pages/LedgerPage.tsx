import { Button, Card, Checkbox, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CASE_STATES } from '../../../src/domain/case/states.ts';
import { LINES } from '../../../src/domain/lines.ts';
import { query } from '../api/client.ts';
import { useApi, useJurisdictions, useUnits } from '../api/hooks.ts';
import type { CaseListItem, CaseListPage } from '../api/types.ts';
import { DeadlineBadge, Money, StateTag } from '../components/labels.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** The filters of the list API, kept in the address so a ledger view can be linked and reloaded. */
const FILTERS = ['line', 'state', 'jurisdiction', 'responsibleUnit', 'overdue', 'open', 'yearEndRisk', 'q'] as const;
const PAGE_SIZE = 20;

/** The ledger (台账): every case the user may see, filtered, newest first, paged by keyset. */
const LedgerPage = () => {
  const { m } = useI18n();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? undefined]));
  const cursors = (params.get('cursors') ?? '').split(',').filter(Boolean);
  const cursor = cursors.at(-1);
  const page = useApi<CaseListPage>(`/api/cases${query({ ...filters, limit: PAGE_SIZE, cursor })}`);
  const jurisdictions = useJurisdictions();
  const units = useUnits();

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!('cursors' in changes)) next.delete('cursors');
    setParams(next);
  };

  const jurisdictionName = useMemo(
    () => new Map((jurisdictions.data?.items ?? []).map((item) => [item.id, item.name])),
    [jurisdictions.data],
  );

  const columns: TableColumnsType<CaseListItem> = [
    {
      title: '编号',
      dataIndex: 'number',
      width: 130,
      render: (number: string, row) => <Link to={`/cases/${row.id}`}>{number}</Link>,
    },
    { title: '事项', dataIndex: 'title', ellipsis: true },
    { title: '企业', dataIndex: 'enterpriseName', ellipsis: true, width: 200 },
    { title: '责任单位', dataIndex: 'responsibleUnitName', ellipsis: true, width: 180 },
    { title: '属地', dataIndex: 'jurisdictionName', width: 90 },
    { title: '状态', dataIndex: 'state', width: 130, render: (_, row) => <StateTag state={row.state} /> },
    { title: '确认金额', dataIndex: 'confirmedAmount', align: 'right', width: 120, render: (fen: number | null) => <Money fen={fen} /> },
    { title: '已清偿', dataIndex: 'paidAmount', align: 'right', width: 120, render: (fen: number) => <Money fen={fen} /> },
    { title: '未清偿', dataIndex: 'outstandingAmount', align: 'right', width: 120, render: (fen: number | null) => <Money fen={fen} /> },
    {
      title: '办理期限',
      dataIndex: 'deadline',
      width: 170,
      render: (_, row) => <DeadlineBadge deadline={row.deadline} status={row.deadlineStatus} />,
    },
    { title: '依据', dataIndex: 'rule', width: 64, render: (rule: string | null) => rule ?? '—' },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {m.nav.ledger}
      </Typography.Title>
      <Card size="small">
        <Space wrap>
          <Select
            allowClear
            placeholder="专项行动"
            style={{ width: 170 }}
            value={filters.line}
            onChange={(value?: string) => update({ line: value })}
            options={LINES.map((line) => ({ value: line, label: m.line[line] }))}
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 150 }}
            value={filters.state}
            onChange={(value?: string) => update({ state: value })}
            options={CASE_STATES.map((state) => ({ value: state, label: m.state[state] }))}
          />
          <Select
            allowClear
            placeholder="属地"
            style={{ width: 170 }}
            value={filters.jurisdiction}
            onChange={(value?: string) => update({ jurisdiction: value })}
            options={(jurisdictions.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="责任单位"
            style={{ width: 240 }}
            value={filters.responsibleUnit}
            onChange={(value?: string) => update({ responsibleUnit: value })}
            options={(units.data?.items ?? [])
              .filter((unit) => unit.kind !== 'enterprise')
              .map((unit) => ({ value: unit.id, label: `${unit.name}（${jurisdictionName.get(unit.jurisdictionId) ?? ''}）` }))}
          />
          <Checkbox checked={filters.overdue === 'true'} onChange={(event) => update({ overdue: event.target.checked ? 'true' : undefined })}>
            仅看逾期
          </Checkbox>
          <Input.Search
            allowClear
            placeholder="编号、事项、企业名称或信用代码"
            style={{ width: 280 }}
            defaultValue={filters.q}
            onSearch={(value) => update({ q: value.trim() || undefined })}
          />
          <Button onClick={() => setParams(new URLSearchParams())}>{m.common.reset}</Button>
        </Space>
      </Card>
      {page.error ? (
        <ErrorResult error={page.error} onRetry={page.reload} />
      ) : (
        <Table<CaseListItem>
          rowKey="id"
          size="middle"
          loading={page.loading}
          columns={columns}
          dataSource={page.data?.items ?? []}
          pagination={false}
          scroll={{ x: 1300 }}
          locale={{ emptyText: '没有符合条件的案件' }}
          footer={() => (
            <Space>
              <Button disabled={cursors.length === 0} onClick={() => update({ cursors: cursors.slice(0, -1).join(',') || undefined })}>
                上一页
              </Button>
              <span>第 {cursors.length + 1} 页</span>
              <Button
                disabled={!page.data?.nextCursor}
                onClick={() => page.data?.nextCursor && update({ cursors: [...cursors, page.data.nextCursor].join(',') })}
              >
                下一页
              </Button>
            </Space>
          )}
        />
      )}
    </Space>
  );
};

export default LedgerPage;
