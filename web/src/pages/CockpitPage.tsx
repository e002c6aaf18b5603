import { isOpenLine } from '../../../src/domain/lines/registry.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { Card, Col, Empty, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { LINES, type Line } from '../../../src/domain/lines/vocabulary.ts';
import { formatWanYuan } from '../../../src/domain/money.ts';
import type { DeadlineStatus } from '../../../src/domain/supervision/time-limits.ts';
import { query } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { Chart, type ChartOption } from '../components/Chart.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { DeadlineBadge, Money, percent } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { webLine } from '../case/lines/index.ts';
import { COCKPIT_LINKS, type LedgerFilter } from './cockpit-links.ts';

interface LineTotals {
  cases: number;
  open: number;
  closed: number;
  dismissed: number;
  overdue: number;
  /** Past the statutory due date of 保障中小企业款项支付条例 with money owed (0 on a line it does not govern). */
  overdueByLaw: number;
  claimedAmount: number;
  confirmedAmount: number;
  paidAmount: number;
  outstandingAmount: number;
  clearanceRate: number | null;
}

interface Ranked {
  id: string;
  name: string;
  cases: number;
  open: number;
  overdue: number;
  confirmedAmount: number;
  paidAmount: number;
  outstandingAmount: number;
  clearanceRate: number | null;
}

export interface Overview {
  lines: Record<Line, LineTotals> | ({ line: Line } & LineTotals)[];
  byJurisdiction: Ranked[];
  byUnit: Ranked[];
  weekly: { weekStart: string; registered: number; closed: number; paidAmount: number }[];
  /** Every year-end risk of the reader's cases; `yearEndRisk` lists the first by deadline. */
  yearEndRiskCount: number;
  yearEndRisk: {
    id: string;
    number: string;
    title: string;
    responsibleUnitName: string;
    outstandingAmount: number;
    deadline: string | null;
    deadlineStatus: DeadlineStatus;
    yearException: boolean;
  }[];
}

const linesOf = (overview: Overview): ({ line: Line } & LineTotals)[] =>
  Array.isArray(overview.lines) ? overview.lines : LINES.map((line) => ({ line, ...(overview.lines as Record<Line, LineTotals>)[line] }));

/** One clickable figure: it opens the ledger that counts it. */
const Figure = ({ title, value, to, danger = false, testId }: { title: string; value: React.ReactNode; to: string; danger?: boolean; testId?: string }) => {
  const navigate = useNavigate();
  return (
    <Card size="small" hoverable onClick={() => navigate(to)} data-testid={testId}>
      <Statistic title={title} valueRender={() => <span className="money" style={{ color: danger ? '#cf1322' : undefined }}>{value}</span>} />
    </Card>
  );
};

const ledger = (filter: LedgerFilter) => `/ledger${query(filter)}`;

/** The trend chart's series, in order, and the ledger that each point of a week opens. */
const TREND_LINKS = [COCKPIT_LINKS.weekRegistered, COCKPIT_LINKS.weekClosed, COCKPIT_LINKS.weekPaid] as const;

/** The cockpit (驾驶舱) of 营商办 and leaders: where the action stands, and where it lags. */
const CockpitPage = () => {
  const { m } = useI18n();
  const navigate = useNavigate();
  const overview = useApi<Overview>('/api/stats/overview');
  const f = m.caseFields;

  const trend = useMemo<ChartOption | null>(() => {
    if (!overview.data) return null;
    const weeks = overview.data.weekly;
    const paid = m.common.parenthesized(m.cockpit.paidAmount, m.common.wanYuan);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [m.cockpit.registered, m.cockpit.closed, paid] },
      grid: { left: 48, right: 64, top: 48, bottom: 32 },
      xAxis: { type: 'category', data: weeks.map((week) => week.weekStart.slice(5)) },
      yAxis: [
        { type: 'value', name: m.cockpit.casesUnit, minInterval: 1 },
        { type: 'value', name: m.common.wanYuan, splitLine: { show: false } },
      ],
      series: [
        { name: m.cockpit.registered, type: 'line', symbolSize: 8, data: weeks.map((week) => week.registered) },
        { name: m.cockpit.closed, type: 'line', symbolSize: 8, data: weeks.map((week) => week.closed) },
        { name: paid, type: 'bar', yAxisIndex: 1, data: weeks.map((week) => Math.round(week.paidAmount / 100) / 10_000), itemStyle: { color: '#52c41a' } },
      ],
    };
  }, [overview.data, m]);

  const ranking = useMemo<ChartOption | null>(() => {
    if (!overview.data) return null;
    const rows = [...overview.data.byJurisdiction].reverse();
    const outstanding = m.common.parenthesized(m.caseFields.outstandingAmount, m.common.wanYuan);
    const paid = m.common.parenthesized(m.caseFields.paidAmount, m.common.wanYuan);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, data: [outstanding, paid] },
      grid: { left: 150, right: 24, top: 36, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: rows.map((row) => row.name) },
      series: [
        { name: outstanding, type: 'bar', stack: 'amount', data: rows.map((row) => Math.round(row.outstandingAmount / 100) / 10_000), itemStyle: { color: '#cf1322' } },
        { name: paid, type: 'bar', stack: 'amount', data: rows.map((row) => Math.round(row.paidAmount / 100) / 10_000), itemStyle: { color: '#52c41a' } },
      ],
    };
  }, [overview.data, m]);

  if (overview.error) return <ErrorResult error={overview.error} onRetry={overview.reload} />;
  if (!overview.data) return <Card loading />;
  const data = overview.data;
  const jurisdictionsAscending = [...data.byJurisdiction].reverse();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader nav="cockpit" />
      {linesOf(data)
        .filter((totals) => totals.cases > 0 || isOpenLine(totals.line))
        .map((totals) => {
          // A line with the law beside its work map also counts 依法逾期: seven figures share the row at xl.
          const byLaw = isOpenLine(totals.line) && webLine(totals.line).LawCard !== undefined;
          const xl = byLaw ? { flex: '1 1 0' } : 4;
          return (
            <Card key={totals.line} size="small" title={m.line[totals.line]} data-testid={`line-${totals.line}`}>
              <Row gutter={[12, 12]}>
                <Col xs={12} md={8} xl={xl}>
                  <Figure title={m.cockpit.totalCases} value={m.cockpit.count(totals.cases)} to={ledger(COCKPIT_LINKS.lineCases(totals.line))} testId="figure-cases" />
                </Col>
                <Col xs={12} md={8} xl={xl}>
                  <Figure title={m.cockpit.confirmedArrears} value={formatWanYuan(totals.confirmedAmount)} to={ledger(COCKPIT_LINKS.lineCases(totals.line))} />
                </Col>
                <Col xs={12} md={8} xl={xl}>
                  <Figure title={f.paidAmount} value={formatWanYuan(totals.paidAmount)} to={ledger(COCKPIT_LINKS.lineCases(totals.line))} />
                </Col>
                <Col xs={12} md={8} xl={xl}>
                  <Figure title={f.clearanceRate} value={percent(totals.clearanceRate)} to={ledger(COCKPIT_LINKS.lineCases(totals.line))} />
                </Col>
                <Col xs={12} md={8} xl={xl}>
                  <Figure title={m.deadline.overdue} value={m.cockpit.count(totals.overdue)} danger={totals.overdue > 0} to={ledger(COCKPIT_LINKS.lineOverdue(totals.line))} testId="figure-overdue" />
                </Col>
                {byLaw && (
                  <Col xs={12} md={8} xl={xl}>
                    <Figure
                      title={m.paymentLaw.ledger.overdueByLaw}
                      value={m.cockpit.count(totals.overdueByLaw)}
                      danger={totals.overdueByLaw > 0}
                      to={ledger(COCKPIT_LINKS.lineOverdueByLaw(totals.line))}
                      testId="figure-overdue-by-law"
                    />
                  </Col>
                )}
                <Col xs={12} md={8} xl={xl}>
                  <Figure title={m.state.closed} value={m.cockpit.count(totals.closed)} to={ledger(COCKPIT_LINKS.lineClosed(totals.line))} />
                </Col>
              </Row>
            </Card>
          );
        })}
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card size="small" title={m.cockpit.byJurisdiction}>
            {ranking && <Chart option={ranking} height={340} testId="chart-jurisdictions" onClick={(index) => jurisdictionsAscending[index] && navigate(ledger(COCKPIT_LINKS.jurisdiction(jurisdictionsAscending[index].id)))} />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={m.cockpit.trend}>
            {trend && (
              <Chart
                option={trend}
                height={340}
                testId="chart-trend"
                onClick={(index, seriesIndex) => {
                  const week = data.weekly[index];
                  const link = TREND_LINKS[seriesIndex];
                  if (week && link) navigate(ledger(link(week.weekStart)));
                }}
              />
            )}
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card size="small" title={m.cockpit.unitRanking}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data.byUnit.slice(0, 10)}
              columns={[
                { title: f.responsibleUnit, dataIndex: 'name', render: (name: string, row) => <Link to={ledger(COCKPIT_LINKS.unit(row.id))}>{name}</Link> },
                { title: m.cockpit.caseCount, dataIndex: 'cases', align: 'right' },
                { title: m.deadline.overdue, dataIndex: 'overdue', align: 'right', render: (count: number, row) => (count > 0 ? <Link to={ledger(COCKPIT_LINKS.unitOverdue(row.id))} style={{ color: '#cf1322' }}>{count}</Link> : 0) },
                { title: f.outstandingAmount, dataIndex: 'outstandingAmount', align: 'right', render: (fen: number) => <Money fen={fen} /> },
                { title: f.clearanceRate, dataIndex: 'clearanceRate', align: 'right', render: (rate: number | null) => percent(rate) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={<Space>{m.common.parenthesized(f.yearEndRisk, m.common.labelled('A2', m.cockpit.yearEndRiskNote))}<Link to={ledger(COCKPIT_LINKS.yearEndRisk())} data-testid="year-end-risk-all">{m.cockpit.yearEndRiskAll(data.yearEndRiskCount)}</Link></Space>} data-testid="year-end-risk">
            {data.yearEndRisk.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.cockpit.noYearEndRisk} />
            ) : (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={data.yearEndRisk}
                scroll={{ x: 480 }}
                footer={data.yearEndRiskCount > data.yearEndRisk.length ? () => <Typography.Text type="secondary">{m.cockpit.yearEndRiskFirst(data.yearEndRisk.length, data.yearEndRiskCount)}</Typography.Text> : undefined}
                columns={[
                  { title: f.number, dataIndex: 'number', render: (number: string, row) => <Link to={`/cases/${row.id}`}>{number}</Link> },
                  { title: f.responsibleUnit, dataIndex: 'responsibleUnitName', ellipsis: true },
                  { title: f.outstandingAmount, dataIndex: 'outstandingAmount', align: 'right', render: (fen: number) => <Money fen={fen} /> },
                  { title: m.portal.deadline, dataIndex: 'deadline', render: (_: unknown, row) => <Space size={4}><DeadlineBadge deadline={row.deadline} status={row.deadlineStatus} />{row.yearException && <Tag color="red">{f.yearException}</Tag>}</Space> },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
};

export default CockpitPage;
