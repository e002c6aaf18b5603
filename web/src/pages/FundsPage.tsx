import { Alert, Button, Card, Col, Grid, Row, Select, Space, Statistic, Switch, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { PageContainer } from '../components/PageHeader.tsx';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { BenefitFunds, FundsItem } from '../../../src/benefits/read-funds.ts';
import { formatWanYuan } from '../../../src/domain/money.ts';
import { query } from '../api/client.ts';
import { useApi, useJurisdictions, useUnits } from '../api/hooks.ts';
import { useQueryParams } from '../app/search-params.ts';
import { ApplicationDrawer } from '../benefits/ApplicationDrawer.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { Money } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';

type Department = BenefitFunds['byDepartment'][number];

/** One figure of the page's head; red when it counts late money. */
const Figure = ({ title, value, danger = false, testId }: { title: string; value: string; danger?: boolean; testId: string }) => (
  <Card size="small" data-testid={testId}>
    <Statistic title={title} valueRender={() => <span className="money" style={{ color: danger ? '#cf1322' : undefined }}>{value}</span>} />
  </Card>
);

/** What is still owed, in bold. */
const Outstanding = ({ fen }: { fen: number }) => (
  <strong data-outstanding={fen}>
    <Money fen={fen} />
  </strong>
);

/** The due day; when late, by how many working days and the 资金拨付缓慢 case raised for it. */
const Due = ({ row }: { row: FundsItem }) => {
  const { m } = useI18n();
  return (
    <Space orientation="vertical" size={2}>
      <span className="money">{row.dueOn}</span>
      {row.workingDaysLate !== null && (
        <Tag color="error" style={{ marginInlineEnd: 0 }} data-late={row.workingDaysLate}>
          {m.benefits.funds.lateBy(row.workingDaysLate)}
        </Tag>
      )}
      {row.slowCase && (
        <Link to={`/cases/${row.slowCase.id}`} className="money" data-testid="slow-case-link">
          {row.slowCase.number}
        </Link>
      )}
    </Space>
  );
};

/**
 * 资金拨付 (P5, SPEC §3.2): the approved policy funds still owed, which 财政局 leads the payment of —
 * the late first, each with its due day, its 资金拨付缓慢 case and the 登记拨付 step in the
 * application's drawer; the totals, by department, and the same list as a workbook.
 */
const FundsPage = () => {
  const { m } = useI18n();
  const f = m.benefits.funds;
  const c = f.columns;
  const [params, update] = useQueryParams();
  const wide = Grid.useBreakpoint().md ?? true;
  const filters = {
    packageTag: params.get('packageTag') ?? undefined,
    handlingUnitId: params.get('handlingUnitId') ?? undefined,
    jurisdictionId: params.get('jurisdictionId') ?? undefined,
    late: params.get('late') === 'true' ? 'true' : undefined,
  };
  const search = query(filters);
  const funds = useApi<BenefitFunds>(`/api/benefit-funds${search}`);
  const units = useUnits();
  const jurisdictions = useJurisdictions();
  const open = params.get('application');
  const data = funds.data;

  const jurisdictionName = useMemo(() => new Map((jurisdictions.data?.items ?? []).map((item) => [item.id, item.name])), [jurisdictions.data]);
  const departmentOptions = useMemo(
    () =>
      (units.data?.items ?? [])
        .filter((unit) => unit.kind === 'department' || unit.kind === 'government')
        .map((unit) => ({ value: unit.id, label: unit.jurisdictionId === 'city' ? unit.name : m.common.parenthesized(unit.name, jurisdictionName.get(unit.jurisdictionId) ?? '') })),
    [units.data, jurisdictionName, m],
  );
  // The package filter keeps the tags it last knew while the next answer loads.
  const packageTags = data?.packageTags ?? (filters.packageTag ? [filters.packageTag] : []);

  // The drawer offers the step itself; the button names it for those who may take it.
  const act = (row: FundsItem) => (
    <Button size="small" type={row.mayDisburse ? 'primary' : 'default'} onClick={() => update({ application: row.id })}>
      {row.mayDisburse ? f.disburse : f.view}
    </Button>
  );

  const columns: TableColumnsType<FundsItem> = [
    { title: c.enterprise, dataIndex: 'enterpriseName', fixed: 'left', width: 160, render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    {
      title: c.clause,
      dataIndex: 'clauseTitle',
      width: 200,
      render: (title: string, row) => (
        <Space orientation="vertical" size={0}>
          <span>
            {title} {row.packageTag && <Tag color="purple">{row.packageTag}</Tag>}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.documentNo}
          </Typography.Text>
        </Space>
      ),
    },
    { title: c.department, dataIndex: 'handlingUnitName', width: 140 },
    { title: c.approved, dataIndex: 'approvedAmount', width: 105, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: c.disbursed, dataIndex: 'disbursedAmount', width: 105, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: c.outstanding, dataIndex: 'outstanding', width: 110, align: 'right', render: (fen: number) => <Outstanding fen={fen} /> },
    { title: c.dueOn, dataIndex: 'dueOn', width: 145, render: (_, row) => <Due row={row} /> },
    { title: c.action, key: 'action', fixed: 'right', width: 96, render: (_, row) => act(row) },
  ];
  // A phone has room for two columns: who and what, then what is owed, by when, and the step.
  const narrowColumns: TableColumnsType<FundsItem> = [
    {
      title: c.enterprise,
      dataIndex: 'enterpriseName',
      render: (name: string, row) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          <span>{row.clauseTitle}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {`${row.documentNo} · ${row.handlingUnitName}`}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: c.outstanding,
      dataIndex: 'outstanding',
      width: 130,
      render: (fen: number, row) => (
        <Space orientation="vertical" size={4}>
          <Outstanding fen={fen} />
          <Due row={row} />
          {act(row)}
        </Space>
      ),
    },
  ];

  const departmentColumns: TableColumnsType<Department> = [
    { title: c.department, dataIndex: 'handlingUnitName', width: 200, ...(wide ? { fixed: 'left' as const } : {}) },
    { title: c.count, dataIndex: 'count', width: 80, align: 'right', render: (count: number) => <span className="money">{count}</span> },
    { title: c.approved, dataIndex: 'approved', width: 120, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: c.disbursed, dataIndex: 'disbursed', width: 120, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: c.outstanding, dataIndex: 'outstanding', width: 120, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: c.lateCount, dataIndex: 'lateCount', width: 90, align: 'right', render: (late: number) => (late > 0 ? <Tag color="error">{late}</Tag> : <span className="money">0</span>) },
  ];

  const empty = filters.late ? f.emptyLate : f.empty;
  return (
    <PageContainer
      nav="funds"
      title={f.title}
      subtitle={f.intro}
      extra={
        <Button type="primary" href={`/api/benefit-funds.xlsx${search}`} download data-testid="funds-download">
          {f.download}
        </Button>
      }
    >
      <Card>
        {funds.error && <ErrorResult error={funds.error} onRetry={funds.reload} />}
        {!funds.error && (
          <>
            <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="funds-totals">
              <Col xs={12} lg={6}>
                <Figure testId="funds-count" title={f.stats.count} value={data ? `${data.totals.count}${f.stats.unit}` : '—'} />
              </Col>
              <Col xs={12} lg={6}>
                <Figure testId="funds-outstanding" title={f.stats.outstanding} value={data ? formatWanYuan(data.totals.outstanding) : '—'} />
              </Col>
              <Col xs={12} lg={6}>
                <Figure testId="funds-late-count" title={f.stats.lateCount} value={data ? `${data.totals.lateCount}${f.stats.unit}` : '—'} danger={(data?.totals.lateCount ?? 0) > 0} />
              </Col>
              <Col xs={12} lg={6}>
                <Figure testId="funds-late-outstanding" title={f.stats.lateOutstanding} value={data ? formatWanYuan(data.totals.lateOutstanding) : '—'} danger={(data?.totals.lateOutstanding ?? 0) > 0} />
              </Col>
            </Row>
            <Space wrap style={{ marginBottom: 16 }} data-testid="funds-filters">
              <Select
                style={{ width: 140 }}
                value={filters.packageTag ?? ''}
                onChange={(value: string) => update({ packageTag: value })}
                aria-label={f.filters.packageTag}
                options={[{ value: '', label: f.filters.allPackages }, ...packageTags.map((tag) => ({ value: tag, label: tag }))]}
              />
              <Select
                showSearch
                optionFilterProp="label"
                style={{ width: 240, maxWidth: '80vw' }}
                value={filters.handlingUnitId ?? ''}
                onChange={(value: string) => update({ handlingUnitId: value })}
                aria-label={f.filters.department}
                options={[{ value: '', label: f.filters.allDepartments }, ...departmentOptions]}
              />
              <Select
                style={{ width: 200, maxWidth: '80vw' }}
                value={filters.jurisdictionId ?? ''}
                onChange={(value: string) => update({ jurisdictionId: value })}
                aria-label={f.filters.jurisdiction}
                options={[
                  { value: '', label: f.filters.allJurisdictions },
                  ...(jurisdictions.data?.items ?? []).filter((item) => item.level !== 'city').map((item) => ({ value: item.id, label: item.name })),
                ]}
              />
              <Space size={6}>
                <Switch checked={filters.late === 'true'} onChange={(checked) => update({ late: checked ? 'true' : undefined })} aria-label={f.filters.lateOnly} data-testid="funds-late-only" />
                <span>{f.filters.lateOnly}</span>
              </Space>
              {data && <Typography.Text type="secondary">{f.asOf(data.asOf)}</Typography.Text>}
            </Space>
            {data?.truncated && <Alert type="warning" showIcon title={f.truncated(data.items.length)} style={{ marginBottom: 16 }} />}
            <Tabs
              activeKey={params.get('tab') ?? 'items'}
              onChange={(tab) => update({ tab: tab === 'items' ? undefined : tab })}
              items={[
                {
                  key: 'items',
                  label: f.itemsTab,
                  children: (
                    <Table<FundsItem>
                      rowKey="id"
                      size="middle"
                      loading={funds.loading}
                      columns={wide ? columns : narrowColumns}
                      dataSource={data?.items ?? []}
                      locale={{ emptyText: empty }}
                      pagination={{ pageSize: 20, hideOnSinglePage: true }}
                      // The sum of the column widths: it fits beside the menu at 1366 px; narrower, the table
                      // scrolls sideways with the enterprise and the step kept in view.
                      {...(wide ? { scroll: { x: 1061 } } : {})}
                      data-testid="funds-table"
                    />
                  ),
                },
                {
                  key: 'departments',
                  label: f.departmentsTab,
                  children: (
                    <Table<Department>
                      rowKey="handlingUnitId"
                      size="small"
                      loading={funds.loading}
                      columns={departmentColumns}
                      dataSource={data?.byDepartment ?? []}
                      pagination={false}
                      scroll={{ x: 730 }}
                      locale={{ emptyText: empty }}
                      data-testid="funds-departments"
                      summary={() =>
                        data && data.byDepartment.length > 0 ? (
                          <Table.Summary.Row>
                            <Table.Summary.Cell index={0}>
                              <strong>{f.total}</strong>
                            </Table.Summary.Cell>
                            <Table.Summary.Cell index={1} align="right">
                              <strong className="money">{data.totals.count}</strong>
                            </Table.Summary.Cell>
                            {([data.totals.approved, data.totals.disbursed, data.totals.outstanding] as const).map((fen, index) => (
                              <Table.Summary.Cell key={index} index={index + 2} align="right">
                                <strong>
                                  <Money fen={fen} />
                                </strong>
                              </Table.Summary.Cell>
                            ))}
                            <Table.Summary.Cell index={5} align="right">
                              <strong className="money">{data.totals.lateCount}</strong>
                            </Table.Summary.Cell>
                          </Table.Summary.Row>
                        ) : null
                      }
                    />
                  ),
                },
              ]}
            />
          </>
        )}
        {open && <ApplicationDrawer id={open} onClose={() => update({ application: undefined })} onChanged={funds.reload} />}
      </Card>
    </PageContainer>
  );
};

export default FundsPage;
