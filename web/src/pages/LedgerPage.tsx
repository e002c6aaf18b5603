import { Button, Grid, Space, Table, Tag, Tooltip, Typography, type TableColumnsType, type TableProps } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import type { LedgerSort } from '../../../src/cases/ledger-sort.ts';
import { query } from '../api/client.ts';
import { withParams } from '../app/search-params.ts';
import { useApi } from '../api/hooks.ts';
import type { CaseListItem, CaseListPage, LedgerSummary } from '../api/types.ts';
import { DeadlineBadge, Money, StateTag } from '../components/labels.tsx';
import { CaseKindTag } from '../case/CaseKindTag.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { LedgerFilters } from '../ledger/LedgerFilters.tsx';
import { LedgerImportButton } from './LedgerImportModal.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { Messages } from '../i18n/messages.ts';

/** The filters and the order of the list API, kept in the address so a ledger view can be linked and reloaded. */
const FILTERS = [
  'line',
  'kind',
  'state',
  'source',
  'jurisdiction',
  'responsibleUnit',
  'overdue',
  'overdueByLaw',
  'open',
  'yearEndRisk',
  'q',
  'registeredFrom',
  'registeredTo',
  'deadlineFrom',
  'deadlineTo',
  'closedFrom',
  'closedTo',
  'paidFrom',
  'paidTo',
  'outstandingFrom',
  'outstandingTo',
  'sort',
] as const;
export const PAGE_SIZES = [20, 50, 100] as const;
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

/**
 * The ledger (台账): every case the user may see, filtered, in the order its headers choose.
 * Paging: 下一页 and 上一页 walk by keyset (a stack of cursors in the address), a jump to page N
 * reads by offset (`page`), and the keyset walk goes on from there; 共N条 and the totals row
 * are the whole filter's, read once per filter beside the page (their read grows with the
 * cases the filter matches, a page's does not), so paging and sorting never wait for them.
 */
const LedgerPage = () => {
  const { m } = useI18n();
  const wide = Grid.useBreakpoint().md ?? true;
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? undefined]));
  const pageSize = PAGE_SIZES.find((size) => String(size) === params.get('limit')) ?? PAGE_SIZES[0];
  const jumpedTo = Math.max(1, Math.floor(Number(params.get('page') ?? '1')) || 1);
  const cursors = (params.get('cursors') ?? '').split(',').filter(Boolean);
  const cursor = cursors.at(-1);
  const current = jumpedTo + cursors.length;
  const page = useApi<CaseListPage>(
    `/api/cases${query({ totals: 'omit', ...filters, limit: pageSize, ...(cursor ? { cursor } : jumpedTo > 1 ? { page: jumpedTo } : {}) })}`,
  );
  const { sort: _order, ...filterOnly } = filters;
  const summary = useApi<LedgerSummary>(`/api/cases/summary${query(filterOnly)}`);
  // Until the count arrives, the pager knows the pages read so far and whether there is a next one.
  const counted = summary.loading ? undefined : summary.data;
  const reload = () => {
    page.reload();
    summary.reload();
  };

  // 导出 takes the filters and the order on screen, every page of them.
  const exportQuery = query(filters);

  // A change of filter or sort starts again from the first page.
  const update = (changes: Record<string, string | undefined>) =>
    setParams(withParams(params, 'cursors' in changes || 'page' in changes ? changes : { ...changes, page: undefined, cursors: undefined }));

  const goTo = (target: number, size: number) => {
    if (size !== pageSize) return update({ limit: size === PAGE_SIZES[0] ? undefined : String(size) });
    if (target === current + 1 && page.data?.nextCursor) return update({ cursors: [...cursors, page.data.nextCursor].join(',') });
    if (target === current - 1 && cursors.length > 0) return update({ cursors: cursors.slice(0, -1).join(',') || undefined });
    return update({ page: target === 1 ? undefined : String(target), cursors: undefined });
  };

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
  // On a desk, 编号 and 事项 stay on the left and 未清偿, 办理期限 and 操作 on the right while the middle scrolls; a phone scrolls all.
  const left = wide ? ('left' as const) : undefined;
  const right = wide ? ('right' as const) : undefined;

  const f = m.caseFields;
  const v = m.listView;
  const money = (title: string, dataIndex: keyof CaseListItem) => ({
    title,
    dataIndex,
    align: 'right' as const,
    width: 110,
    render: (fen: number | null) => <Money fen={fen} />,
  });
  const columns: TableColumnsType<CaseListItem> = [
    {
      title: f.numberAndRegistered,
      dataIndex: 'number',
      width: 150,
      fixed: left,
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
      fixed: left,
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
    money(v.claimedAmount, 'claimedAmount'),
    money(v.confirmedAmount, 'confirmedAmount'),
    money(f.paidAmount, 'paidAmount'),
    {
      title: f.updatedAt,
      dataIndex: 'updatedAt',
      width: 140,
      ...sorting('updated'),
      render: (updatedAt: string) => <span className="money">{dayjs(updatedAt).format('YYYY-MM-DD HH:mm')}</span>,
    },
    { title: f.basis, dataIndex: 'rule', width: 60, render: (rule: string | null) => rule ?? '—' },
    {
      title: f.outstandingAmount,
      dataIndex: 'outstandingAmount',
      align: 'right',
      width: 120,
      fixed: right,
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
      width: 150,
      fixed: right,
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
      title: v.operation,
      key: 'operation',
      width: 70,
      fixed: right,
      render: (_, row) => (
        <Link to={`/cases/${row.id}`} data-testid="ledger-open">
          {m.common.view}
        </Link>
      ),
    },
  ];
  /** The sum of the column widths: the middle scrolls sideways rather than squeezing 事项 away. */
  const tableWidth = columns.reduce((sum, column) => sum + Number(column.width ?? 0), 0);
  const data = page.data;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        nav="ledger"
        subtitle={v.ledger.subtitle}
        extra={
          <Space wrap>
            <ExportButton href={`/api/cases/export.xlsx${exportQuery}`} testId="ledger-export" />
            <LedgerImportButton onImported={reload} />
          </Space>
        }
      />
      <LedgerFilters filters={filters} onChange={update} onReset={() => setParams(new URLSearchParams())} />
      {page.error ? (
        <ErrorResult error={page.error} onRetry={page.reload} />
      ) : (
        <Table<CaseListItem>
          rowKey="id"
          size="middle"
          loading={page.loading}
          columns={columns}
          dataSource={data?.items ?? []}
          onChange={onChange}
          showSorterTooltip={false}
          scroll={{ x: tableWidth }}
          locale={{ emptyText: m.ledger.empty }}
          pagination={{
            current,
            pageSize,
            total: counted?.total ?? (current - 1) * pageSize + (data?.items.length ?? 0) + (data?.nextCursor ? 1 : 0),
            pageSizeOptions: PAGE_SIZES.map(String),
            showSizeChanger: true,
            showQuickJumper: wide,
            simple: !wide,
            showTotal: () => (
              <Space size={8}>
                {counted ? (
                  <span data-testid="ledger-total">{v.total(counted.total)}</span>
                ) : summary.loading ? (
                  <Typography.Text type="secondary">{m.ledger.counting}</Typography.Text>
                ) : null}
                <span>{m.ledger.page(current)}</span>
              </Space>
            ),
            itemRender: (_page, type, element) =>
              type === 'prev' ? (
                <Button size="small" disabled={current === 1}>
                  {m.ledger.previous}
                </Button>
              ) : type === 'next' ? (
                <Button size="small" disabled={!data?.nextCursor}>
                  {m.ledger.next}
                </Button>
              ) : (
                element
              ),
            onChange: goTo,
          }}
          summary={() =>
            counted && counted.total > 0 && (data?.items.length ?? 0) > 0 ? (
              <Table.Summary>
                <Table.Summary.Row data-testid="ledger-totals">
                  <Table.Summary.Cell index={0} colSpan={2}>
                    <Typography.Text strong>{v.totalsRow}</Typography.Text>
                    <Typography.Text type="secondary">{v.totalsNote(counted.total)}</Typography.Text>
                  </Table.Summary.Cell>
                  {columns.slice(2).map((column, offset) => {
                    const index = offset + 2;
                    const totals: Record<string, number> = counted.totals;
                    const key = 'dataIndex' in column ? String(column.dataIndex) : '';
                    return (
                      <Table.Summary.Cell key={index} index={index} align="right">
                        {key in totals ? (
                          <span data-total={key} data-fen={totals[key]}>
                            <Money fen={totals[key]} />
                          </span>
                        ) : null}
                      </Table.Summary.Cell>
                    );
                  })}
                </Table.Summary.Row>
              </Table.Summary>
            ) : undefined
          }
        />
      )}
    </Space>
  );
};

export default LedgerPage;
