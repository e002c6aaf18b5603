import { Button, Card, Col, Grid, Row, Select, Space, Statistic, Switch, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { PageContainer } from '../components/PageHeader.tsx';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import type { ProblemLists } from '../../../src/investment/read-problem-lists.ts';
import { query } from '../api/client.ts';
import { useApi, useJurisdictions } from '../api/hooks.ts';
import { useQueryParams } from '../app/search-params.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { Money } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';

type Problem = ProblemLists['problems'][number];
type Responsibility = ProblemLists['responsibilities'][number];
type Figures = ProblemLists['byCounty'][number];

const Figure = ({ title, value, danger = false, testId }: { title: string; value: number | undefined; danger?: boolean; testId: string }) => (
  <Card size="small" data-testid={testId}>
    <Statistic title={title} valueRender={() => <span className="money" style={{ color: danger && (value ?? 0) > 0 ? '#cf1322' : undefined }}>{value ?? '—'}</span>} />
  </Card>
);

/**
 * 问题清单 and 整改责任清单 (S6): 市招商局's two lists of broken investment promises, live from
 * the cases and the promise register, per county and per unit, and the same as workbooks.
 */
const InvestmentListsPage = () => {
  const { m } = useI18n();
  const l = m.investmentLists;
  const c = l.columns;
  const [params, update] = useQueryParams();
  const wide = Grid.useBreakpoint().md ?? true;
  const filters = {
    jurisdictionId: params.get('jurisdictionId') ?? undefined,
    responsibleUnitId: params.get('responsibleUnitId') ?? undefined,
    open: params.get('open') === 'true' ? 'true' : undefined,
  };
  const search = query(filters);
  const lists = useApi<ProblemLists>(`/api/investment/problem-lists${search}`);
  const jurisdictions = useJurisdictions();
  const data = lists.data;

  const numberCell = (row: Problem) =>
    row.case === null ? (
      <Tag color="orange">{l.unregistered}</Tag>
    ) : (
      <Link to={`/cases/${row.case.id}`} className="money">
        {row.case.number}
      </Link>
    );
  const deadlineCell = (deadline: string | null, overdue: boolean) => (
    <Space size={4} wrap>
      <span className="money">{deadline ?? '—'}</span>
      {overdue && <Tag color="error">{l.overdue}</Tag>}
    </Space>
  );
  const problemColumns: TableColumnsType<Problem> = wide
    ? [
        { title: c.number, key: 'number', width: 120, fixed: 'left', render: (_, row) => numberCell(row) },
        {
          title: c.unit,
          key: 'unit',
          width: 160,
          render: (_, row) => (
            <Space orientation="vertical" size={0}>
              <span>{row.responsibleUnit.name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.jurisdiction.name}</Typography.Text>
            </Space>
          ),
        },
        {
          title: c.promise,
          dataIndex: 'promise',
          width: 300,
          render: (promise: string, row) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{row.enterpriseName}</Typography.Text>
              <span>{promise}</span>
              {row.projectName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{l.project(row.projectName)}</Typography.Text>}
            </Space>
          ),
        },
        { title: c.problem, dataIndex: 'problem', width: 170 },
        { title: c.amount, dataIndex: 'amount', width: 100, align: 'right', render: (fen: number | null) => (fen === null ? '—' : <Money fen={fen} />) },
        { title: c.deadline, key: 'deadline', width: 110, render: (_, row) => deadlineCell(row.deadline, row.overdue) },
        { title: c.state, dataIndex: 'stateLabel', width: 90, fixed: 'right' },
      ]
    : [
        {
          title: c.promise,
          key: 'promise',
          render: (_, row) => (
            <Space orientation="vertical" size={2}>
              {numberCell(row)}
              <Typography.Text strong>{row.enterpriseName}</Typography.Text>
              <span>{row.promise}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${row.jurisdiction.name} · ${row.responsibleUnit.name}`}</Typography.Text>
            </Space>
          ),
        },
        {
          title: c.state,
          key: 'state',
          width: 120,
          render: (_, row) => (
            <Space orientation="vertical" size={2}>
              <span>{row.stateLabel}</span>
              {deadlineCell(row.deadline, row.overdue)}
            </Space>
          ),
        },
      ];
  const responsibilityColumns: TableColumnsType<Responsibility> = wide
    ? [
        { title: c.number, dataIndex: 'number', width: 120, fixed: 'left', render: (number: string, row) => <Link to={`/cases/${row.caseId}`} className="money">{number}</Link> },
        {
          title: c.title,
          dataIndex: 'title',
          width: 240,
          render: (title: string, row) => (
            <Space orientation="vertical" size={0}>
              <span>{title}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.problem}</Typography.Text>
            </Space>
          ),
        },
        { title: c.measures, dataIndex: 'measures', width: 260 },
        {
          title: c.unit,
          key: 'unit',
          width: 150,
          render: (_, row) => (
            <Space orientation="vertical" size={0}>
              <span>{row.responsibleUnit.name}</span>
              {row.leadUnit && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${c.lead}：${row.leadUnit.name}`}</Typography.Text>}
            </Space>
          ),
        },
        { title: c.deadline, key: 'deadline', width: 110, render: (_, row) => deadlineCell(row.deadline, row.overdue) },
        {
          title: c.progress,
          key: 'progress',
          width: 150,
          fixed: 'right',
          render: (_, row) => (
            <Space orientation="vertical" size={0}>
              <span>{row.stateLabel}</span>
              {row.progress && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.progress}</Typography.Text>}
              {row.closedAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${c.closedAt} ${dayjs(row.closedAt).format('YYYY-MM-DD')}`}</Typography.Text>}
            </Space>
          ),
        },
      ]
    : [
        {
          title: c.measures,
          key: 'measures',
          render: (_, row) => (
            <Space orientation="vertical" size={2}>
              <Link to={`/cases/${row.caseId}`} className="money">{row.number}</Link>
              <Typography.Text strong>{row.title}</Typography.Text>
              <span>{row.measures}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.responsibleUnit.name}</Typography.Text>
            </Space>
          ),
        },
        { title: c.progress, key: 'progress', width: 120, render: (_, row) => <Space orientation="vertical" size={2}><span>{row.stateLabel}</span>{deadlineCell(row.deadline, row.overdue)}</Space> },
      ];
  const figureColumns = (first: string): TableColumnsType<Figures> => [
    { title: first, dataIndex: 'name', width: 220 },
    { title: c.count, dataIndex: 'problems', width: 80, align: 'right' },
    { title: l.stats.open, dataIndex: 'open', width: 80, align: 'right' },
    { title: c.closed, dataIndex: 'closed', width: 80, align: 'right' },
    { title: l.stats.overdue, dataIndex: 'overdue', width: 80, align: 'right', render: (value: number) => (value > 0 ? <Tag color="error">{value}</Tag> : value) },
    { title: l.stats.unregistered, dataIndex: 'unregistered', width: 80, align: 'right' },
  ];
  // The units that have a problem in view, for the filter.
  const unitOptions = [...new Map((data?.problems ?? []).map((row) => [row.responsibleUnit.id, row.responsibleUnit.name]))].map(([value, label]) => ({ value, label }));

  return (
    <PageContainer
      nav="investmentLists"
      title={l.title}
      subtitle={l.intro}
      extra={
        <Space wrap>
          <Button href={`/api/investment/problem-list.xlsx${search}`} download data-testid="problem-list-download">
            {l.downloadProblems}
          </Button>
          <Button type="primary" href={`/api/investment/responsibility-list.xlsx${search}`} download data-testid="responsibility-list-download">
            {l.downloadResponsibilities}
          </Button>
        </Space>
      }
    >
      <Card>
        {lists.error && <ErrorResult error={lists.error} onRetry={lists.reload} />}
        {!lists.error && (
          <>
            <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="problem-totals">
              <Col xs={12} lg={6}><Figure testId="problems-all" title={l.stats.problems} value={data?.totals.problems} /></Col>
              <Col xs={12} lg={6}><Figure testId="problems-open" title={l.stats.open} value={data?.totals.open} /></Col>
              <Col xs={12} lg={6}><Figure testId="problems-overdue" title={l.stats.overdue} value={data?.totals.overdue} danger /></Col>
              <Col xs={12} lg={6}><Figure testId="problems-unregistered" title={l.stats.unregistered} value={data?.totals.unregistered} /></Col>
            </Row>
            <Space wrap style={{ marginBottom: 16 }}>
              <Select
                style={{ width: 220, maxWidth: '80vw' }}
                value={filters.jurisdictionId ?? ''}
                onChange={(value: string) => update({ jurisdictionId: value })}
                aria-label={l.filters.jurisdiction}
                options={[{ value: '', label: l.filters.allJurisdictions }, ...(jurisdictions.data?.items ?? []).filter((item) => item.level !== 'city').map((item) => ({ value: item.id, label: item.name }))]}
              />
              <Select
                showSearch
                optionFilterProp="label"
                style={{ width: 240, maxWidth: '80vw' }}
                value={filters.responsibleUnitId ?? ''}
                onChange={(value: string) => update({ responsibleUnitId: value })}
                aria-label={l.filters.unit}
                options={[{ value: '', label: l.filters.allUnits }, ...unitOptions]}
              />
              <Space size={6}>
                <Switch checked={filters.open === 'true'} onChange={(checked) => update({ open: checked ? 'true' : undefined })} aria-label={l.filters.openOnly} />
                <span>{l.filters.openOnly}</span>
              </Space>
              {data && <Typography.Text type="secondary">{l.asOf(data.asOf)}</Typography.Text>}
            </Space>
            <Tabs
              activeKey={params.get('tab') ?? 'problems'}
              onChange={(tab) => update({ tab: tab === 'problems' ? undefined : tab })}
              items={[
                {
                  key: 'problems',
                  label: l.problemsTab,
                  children: (
                    <Table<Problem>
                      rowKey="key"
                      size="middle"
                      loading={lists.loading}
                      columns={problemColumns}
                      dataSource={data?.problems ?? []}
                      locale={{ emptyText: l.empty }}
                      pagination={{ pageSize: 20, hideOnSinglePage: true }}
                      {...(wide ? { scroll: { x: 1050 } } : {})}
                      data-testid="problem-list"
                    />
                  ),
                },
                {
                  key: 'responsibilities',
                  label: l.responsibilitiesTab,
                  children: (
                    <Table<Responsibility>
                      rowKey="caseId"
                      size="middle"
                      loading={lists.loading}
                      columns={responsibilityColumns}
                      dataSource={data?.responsibilities ?? []}
                      locale={{ emptyText: l.emptyResponsibilities }}
                      pagination={{ pageSize: 20, hideOnSinglePage: true }}
                      {...(wide ? { scroll: { x: 1030 } } : {})}
                      data-testid="responsibility-list"
                    />
                  ),
                },
                {
                  key: 'counties',
                  label: l.countiesTab,
                  children: <Table<Figures> rowKey="id" size="small" columns={figureColumns(c.jurisdiction)} dataSource={data?.byCounty ?? []} pagination={false} scroll={{ x: 620 }} />,
                },
                {
                  key: 'units',
                  label: l.unitsTab,
                  children: <Table<Figures> rowKey="id" size="small" columns={figureColumns(c.unit)} dataSource={data?.byUnit ?? []} pagination={false} scroll={{ x: 620 }} />,
                },
              ]}
            />
          </>
        )}
      </Card>
    </PageContainer>
  );
};

export default InvestmentListsPage;
