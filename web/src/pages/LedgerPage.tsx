import { Button, Card, Checkbox, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType, type TableProps } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { LedgerSort } from '../../../src/cases/ledger-sort.ts';
import { CASE_STATES } from '../../../src/domain/case/states.ts';
import { LINES } from '../../../src/domain/lines/vocabulary.ts';
import { query } from '../api/client.ts';
import { withParams } from '../app/search-params.ts';
import { useApi, useJurisdictions, useUnits } from '../api/hooks.ts';
import type { CaseListItem, CaseListPage } from '../api/types.ts';
import { DeadlineBadge, Money, StateTag } from '../components/labels.tsx';
import { CaseKindTag } from '../case/CaseKindTag.tsx';
import { CASE_KINDS } from '../../../src/domain/lines/case-kinds.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { LedgerImportButton } from './LedgerImportModal.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { Messages } from '../i18n/messages.ts';

/** The filters and the order of the list API, kept in the address so a ledger view can be linked and reloaded. */
const FILTERS = [
  'line',
  'kind',
  'state',
  'jurisdiction',
  'responsibleUnit',
  'overdue',
  'overdueByLaw',
  'open',
  'yearEndRisk',
  'q',
  'registeredFrom',
  'registeredTo',
  'closedFrom',
  'closedTo',
  'paidFrom',
  'paidTo',
  'sort',
] as const;
const PAGE_SIZE = 20;
const DEFAULT_SORT: LedgerSort = 'registered_desc';

type SortOrder = 'ascend' | 'descend';
/** The sortable columns and the server order behind each direction of their header. */
const SORT_OF_COLUMN = {
  registered: { descend: 'registered_desc', ascend: 'registered_asc' },
  outstanding: { descend: 'outstanding_desc' },
  deadline: { ascend: 'deadline_asc' },
  updated: { descend: 'updated_desc' },
} as const satisfies Record<string, Partial<Record<SortOrder, LedgerSort>>>;
type SortColumn = keyof typeof SORT_OF_COLUMN;

/** Day ranges of the list API (from the cockpit's weekly chart), shown as removable tags. */
const DATE_RANGES = [
  ['registeredFrom', 'registeredTo', (m: Messages) => m.ledger.registeredOn],
  ['closedFrom', 'closedTo', (m: Messages) => m.ledger.closedOn],
  ['paidFrom', 'paidTo', (m: Messages) => m.actions.fields.paidOn],
] as const;

const rangeText = (m: Messages, from: string | undefined, to: string | undefined) =>
  from && to ? (from === to ? from : m.ledger.between(from, to)) : from ? m.ledger.since(from) : m.ledger.until(to ?? '');

/** The ledger (台账): every case the user may see, filtered, in the order its headers choose, paged by keyset. */
const LedgerPage = () => {
  const { m } = useI18n();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? undefined]));
  const cursors = (params.get('cursors') ?? '').split(',').filter(Boolean);
  const cursor = cursors.at(-1);
  const page = useApi<CaseListPage>(`/api/cases${query({ ...filters, limit: PAGE_SIZE, cursor })}`);
  const jurisdictions = useJurisdictions();
  const units = useUnits();

  // A change of filter or sort starts again from the first page.
  const update = (changes: Record<string, string | undefined>) => setParams(withParams(params, 'cursors' in changes ? changes : { ...changes, cursors: undefined }));

  const sort = (filters.sort ?? DEFAULT_SORT) as LedgerSort;
  const sorting = (column: SortColumn) => {
    const directions = SORT_OF_COLUMN[column] as Partial<Record<SortOrder, LedgerSort>>;
    const order = (Object.keys(directions) as SortOrder[]).find((direction) => directions[direction] === sort) ?? null;
    return { key: column, sorter: true, sortOrder: order, sortDirections: Object.keys(directions) as SortOrder[] };
  };
  // A header click asks for the next direction of its column, or for none: then the default order.
  const onChange: TableProps<CaseListItem>['onChange'] = (_pagination, _filters, sorter, extra) => {
    if (extra.action !== 'sort') return;
    const chosen = Array.isArray(sorter) ? sorter[0] : sorter;
    const column = chosen?.columnKey as SortColumn | undefined;
    const order = chosen?.order ?? undefined;
    const next = column && order ? (SORT_OF_COLUMN[column] as Partial<Record<SortOrder, LedgerSort>>)[order] : undefined;
    update({ sort: next === undefined || next === DEFAULT_SORT ? undefined : next });
  };

  const jurisdictionName = useMemo(
    () => new Map((jurisdictions.data?.items ?? []).map((item) => [item.id, item.name])),
    [jurisdictions.data],
  );

  const f = m.caseFields;
  const columns: TableColumnsType<CaseListItem> = [
    {
      title: f.numberAndRegistered,
      dataIndex: 'number',
      width: 150,
      fixed: 'left',
      ...sorting('registered'),
      render: (number: string, row) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/cases/${row.id}`}>{number}</Link>
          <Typography.Text type="secondary" className="money" style={{ fontSize: 12 }}>
            {dayjs(row.registeredAt).format('YYYY-MM-DD')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: f.title,
      dataIndex: 'title',
      ellipsis: true,
      width: 220,
      render: (title: string, row) => (
        <>
          <CaseKindTag kind={row.kind} />
          {title}
        </>
      ),
    },
    { title: f.enterprise, dataIndex: 'enterpriseName', ellipsis: true, width: 190 },
    { title: f.responsibleUnit, dataIndex: 'responsibleUnitName', ellipsis: true, width: 170 },
    { title: f.jurisdiction, dataIndex: 'jurisdictionName', ellipsis: true, width: 80 },
    { title: f.state, dataIndex: 'state', width: 140, render: (_, row) => <StateTag state={row.state} /> },
    { title: m.timeline.confirmedAmount, dataIndex: 'confirmedAmount', align: 'right', width: 110, render: (fen: number | null) => <Money fen={fen} /> },
    { title: f.paidAmount, dataIndex: 'paidAmount', align: 'right', width: 110, render: (fen: number) => <Money fen={fen} /> },
    {
      title: f.outstandingAmount,
      dataIndex: 'outstandingAmount',
      align: 'right',
      width: 120,
      ...sorting('outstanding'),
      render: (fen: number | null) => (
        <span data-outstanding={fen ?? ''}>
          <Money fen={fen} />
        </span>
      ),
    },
    {
      title: f.timeLimit,
      dataIndex: 'deadline',
      width: 170,
      ...sorting('deadline'),
      render: (_, row) => (
        <Space orientation="vertical" size={2}>
          <DeadlineBadge deadline={row.deadline} status={row.deadlineStatus} />
          {/* 保障中小企业款项支付条例: past the statutory due date with money owed (an arrear's contract). */}
          {row.daysOverdueByLaw > 0 && (
            <Tooltip title={m.common.labelled(m.paymentLaw.card.title, row.statutoryDueOn ?? '')}>
              <Tag color="red" style={{ marginInlineEnd: 0 }} data-overdue-by-law={row.daysOverdueByLaw}>
                {m.paymentLaw.ledger.days(row.daysOverdueByLaw)}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: f.updatedAt,
      dataIndex: 'updatedAt',
      width: 140,
      ...sorting('updated'),
      render: (updatedAt: string) => <span className="money">{dayjs(updatedAt).format('YYYY-MM-DD HH:mm')}</span>,
    },
    { title: f.basis, dataIndex: 'rule', width: 60, render: (rule: string | null) => rule ?? '—' },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {m.nav.ledger}
        </Typography.Title>
        <LedgerImportButton onImported={page.reload} />
      </div>
      <Card size="small">
        <Space wrap>
          <Select
            allowClear
            placeholder={f.line}
            style={{ width: 170 }}
            value={filters.line}
            onChange={(value?: string) => update({ line: value })}
            options={LINES.map((line) => ({ value: line, label: m.line[line] }))}
          />
          <Select
            allowClear
            placeholder={m.retaliation.kindFilter}
            style={{ width: 150 }}
            value={filters.kind}
            onChange={(value?: string) => update({ kind: value })}
            options={CASE_KINDS.map((kind) => ({ value: kind, label: m.retaliation.kind[kind] }))}
            data-testid="ledger-kind-filter"
          />
          <Select
            allowClear
            placeholder={f.state}
            style={{ width: 150 }}
            value={filters.state}
            onChange={(value?: string) => update({ state: value })}
            options={CASE_STATES.map((state) => ({ value: state, label: m.state[state] }))}
          />
          <Select
            allowClear
            placeholder={f.jurisdiction}
            style={{ width: 170 }}
            value={filters.jurisdiction}
            onChange={(value?: string) => update({ jurisdiction: value })}
            options={(jurisdictions.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={f.responsibleUnit}
            style={{ width: 240 }}
            value={filters.responsibleUnit}
            onChange={(value?: string) => update({ responsibleUnit: value })}
            options={(units.data?.items ?? [])
              .filter((unit) => unit.kind !== 'enterprise')
              .map((unit) => ({ value: unit.id, label: m.common.parenthesized(unit.name, jurisdictionName.get(unit.jurisdictionId) ?? '') }))}
          />
          <Checkbox checked={filters.overdue === 'true'} onChange={(event) => update({ overdue: event.target.checked ? 'true' : undefined })}>
            {m.ledger.overdueOnly}
          </Checkbox>
          <Tooltip title={m.paymentLaw.ledger.overdueByLawHelp}>
            <Checkbox
              checked={filters.overdueByLaw === 'true'}
              onChange={(event) => update({ overdueByLaw: event.target.checked ? 'true' : undefined })}
            >
              {m.paymentLaw.ledger.overdueByLaw}
            </Checkbox>
          </Tooltip>
          <Input.Search
            allowClear
            placeholder={m.ledger.searchPlaceholder}
            style={{ width: 280 }}
            defaultValue={filters.q}
            onSearch={(value) => update({ q: value.trim() || undefined })}
          />
          <Button onClick={() => setParams(new URLSearchParams())}>{m.common.reset}</Button>
        </Space>
        {(DATE_RANGES.some(([from, to]) => filters[from] || filters[to]) || filters.yearEndRisk === 'true') && (
          <Space wrap size={[0, 8]} style={{ marginTop: 12 }} data-testid="ledger-active-filters">
            {DATE_RANGES.filter(([from, to]) => filters[from] || filters[to]).map(([from, to, label]) => (
              <Tag key={from} closable color="blue" onClose={() => update({ [from]: undefined, [to]: undefined })}>
                {m.common.labelled(label(m), rangeText(m, filters[from], filters[to]))}
              </Tag>
            ))}
            {filters.yearEndRisk === 'true' && (
              <Tag closable color="red" onClose={() => update({ yearEndRisk: undefined })}>
                {m.common.parenthesized(f.yearEndRisk, 'A2')}
              </Tag>
            )}
          </Space>
        )}
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
          onChange={onChange}
          showSorterTooltip={false}
          // The sum of the column widths: the table scrolls sideways rather than squeezing 事项 away.
          scroll={{ x: 1660 }}
          locale={{ emptyText: m.ledger.empty }}
          footer={() => (
            <Space>
              <Button disabled={cursors.length === 0} onClick={() => update({ cursors: cursors.slice(0, -1).join(',') || undefined })}>
                {m.ledger.previous}
              </Button>
              <span>{m.ledger.page(cursors.length + 1)}</span>
              <Button
                disabled={!page.data?.nextCursor}
                onClick={() => page.data?.nextCursor && update({ cursors: [...cursors, page.data.nextCursor].join(',') })}
              >
                {m.ledger.next}
              </Button>
            </Space>
          )}
        />
      )}
    </Space>
  );
};

export default LedgerPage;
