import { Alert, Button, Card, Collapse, DatePicker, Empty, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PageContainer, PageHeader } from '../components/PageHeader.tsx';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { DispatchReport } from '../../../src/dispatch/dispatch-report.ts';
import type { DispatchRoundSummary } from '../../../src/dispatch/list-dispatch-rounds.ts';
import type { GroupFigures } from '../../../src/domain/dispatch/figures.ts';
import type { IndexRow } from '../../../src/domain/dispatch/integrity-index.ts';
import { query } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { listPagination, useFixedSides } from '../components/list-table.tsx';
import { Money, percent, StateTag } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';

type Named = GroupFigures & { key: string; name: string };
/** A row of the 约谈 or 通报 list, with the day of its step as `on`. */
type LadderStepRow = Omit<DispatchReport['notices'][number], 'noticedOn'> & { on: string };

const STATUS_COLOR = { submitted: 'success', submitted_late: 'warning', pending: 'default', overdue: 'error' } as const;

/** 报告与指数 (S5): the dispatch report as of a date, its workbook, and the integrity index. */
const ReportsPage = () => {
  const { m } = useI18n();
  const { wide, left, right } = useFixedSides();
  const r = m.dispatch.reports;
  const [asOf, setAsOf] = useState<string | undefined>(undefined);
  const [roundId, setRoundId] = useState<string | undefined>(undefined);
  const search = query({ asOf, roundId });
  const report = useApi<DispatchReport>(`/api/reports/dispatch${search}`);
  const rounds = useApi<DispatchRoundSummary[]>('/api/dispatch/rounds');

  const figureColumns: ColumnsType<Named> = [
    { title: r.cases, dataIndex: 'cases', align: 'right', width: 76 },
    { title: r.open, dataIndex: 'open', align: 'right', width: 76 },
    { title: r.closedCount, dataIndex: 'closed', align: 'right', width: 76 },
    { title: r.dismissed, dataIndex: 'dismissed', align: 'right', width: 76 },
    { title: r.withdrawn, dataIndex: 'withdrawn', align: 'right', width: 76 },
    { title: r.overdue, dataIndex: 'overdue', align: 'right', width: 76, render: (value: number) => (value > 0 ? <Typography.Text type="danger">{value}</Typography.Text> : value) },
    { title: r.closedOnTime, dataIndex: 'closedOnTime', align: 'right', width: 76 },
    { title: r.yearEndRisk, dataIndex: 'yearEndRisk', align: 'right', width: 76 },
    { title: r.returned, dataIndex: 'returned', align: 'right', width: 76 },
    { title: r.confirmed, dataIndex: 'confirmedAmount', align: 'right', width: 140, render: (fen: number) => <Money fen={fen} /> },
    { title: r.paid, dataIndex: 'paidAmount', align: 'right', width: 140, render: (fen: number) => <Money fen={fen} /> },
    { title: r.outstanding, dataIndex: 'outstandingAmount', align: 'right', width: 140, render: (fen: number) => <Money fen={fen} /> },
    { title: r.clearanceRate, dataIndex: 'clearanceRate', align: 'right', width: 90, fixed: right, render: percent },
    { title: r.onTimeRate, dataIndex: 'onTimeRate', align: 'right', width: 90, fixed: right, render: percent },
    { title: r.closureRate, dataIndex: 'closureRate', align: 'right', width: 90, fixed: right, render: percent },
  ];
  const groupTable = (rows: Named[], nameTitle: string, extra: ColumnsType<Named> = []) => (
    <Table<Named>
      rowKey="key"
      size="small"
      scroll={{ x: 'max-content' }}
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: <Empty description={r.noCases} /> }}
      // The name on the left and the rates (清偿率, 按期办结率, 销号率) on the right stay in view at 1366.
      columns={[{ title: nameTitle, dataIndex: 'name', fixed: left, width: 220 }, ...extra, ...figureColumns]}
      summary={() =>
        report.data && rows.length > 0 ? (
          <Table.Summary.Row style={{ fontWeight: 600 }}>
            <Table.Summary.Cell index={0}>{r.total}</Table.Summary.Cell>
            {extra.map((_, index) => (
              <Table.Summary.Cell key={index} index={index + 1} />
            ))}
            {figureColumns.map((column, index) => {
              const key = (column as { dataIndex: keyof GroupFigures }).dataIndex;
              const value = report.data!.total[key];
              const shown = column.render ? column.render(value as never, report.data!.total as never, 0) : value;
              return (
                <Table.Summary.Cell key={key} index={index + 1 + extra.length} align="right">
                  {shown as React.ReactNode}
                </Table.Summary.Cell>
              );
            })}
          </Table.Summary.Row>
        ) : null
      }
    />
  );

  /** 满意率: the enterprises' ratings of the period per responsible unit (满意 4–5 分, 不满意 1–2 分) and their requests to reopen. */
  const satisfactionColumns: ColumnsType<Named> = [
    { title: r.ratings, dataIndex: 'ratings', align: 'right', width: 76 },
    { title: r.satisfied, dataIndex: 'satisfied', align: 'right', width: 76 },
    { title: r.dissatisfied, dataIndex: 'dissatisfied', align: 'right', width: 76, render: (value: number) => (value > 0 ? <Typography.Text type="danger">{value}</Typography.Text> : value) },
    { title: r.satisfactionRate, dataIndex: 'satisfactionRate', align: 'right', width: 90, render: percent },
    { title: r.reopenRequests, dataIndex: 'reopenRequests', align: 'right', width: 110 },
  ];
  const satisfactionTable = (rows: Named[]) => (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="satisfaction-table">
      <Typography.Text type="secondary">{r.satisfactionNote}</Typography.Text>
      <Table<Named>
        rowKey="key"
        size="small"
        scroll={{ x: 'max-content' }}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: <Empty description={r.noRatings} /> }}
        columns={[{ title: m.dispatch.unit, dataIndex: 'name', fixed: left, width: 220 }, { title: m.dispatch.jurisdiction, dataIndex: 'jurisdictionName', width: 120 }, ...satisfactionColumns]}
        summary={() =>
          report.data && rows.length > 0 ? (
            <Table.Summary.Row style={{ fontWeight: 600 }}>
              <Table.Summary.Cell index={0}>{r.total}</Table.Summary.Cell>
              <Table.Summary.Cell index={1} />
              {satisfactionColumns.map((column, index) => {
                const key = (column as { dataIndex: keyof GroupFigures }).dataIndex;
                const value = report.data!.total[key];
                return (
                  <Table.Summary.Cell key={key} index={index + 2} align="right">
                    {(key === 'satisfactionRate' ? percent(value as number | null) : value) as React.ReactNode}
                  </Table.Summary.Cell>
                );
              })}
            </Table.Summary.Row>
          ) : null
        }
      />
    </Space>
  );

  const indexTable = (rows: IndexRow[]) => (
    <Table<IndexRow>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: <Empty description={r.noCases} /> }}
      expandable={{
        expandedRowRender: (row) => (
          <ul style={{ margin: 0 }} data-breakdown={row.id}>
            {row.parts.map((part) => (
              <li key={part.key}>{part.explanation}</li>
            ))}
          </ul>
        ),
      }}
      columns={[
        { title: r.rank, dataIndex: 'rank', width: 70 },
        { title: r.name, dataIndex: 'name' },
        { title: r.score, dataIndex: 'score', width: 110, render: (score: number) => <strong className="money">{score.toFixed(1)}</strong> },
        { title: r.cases, dataIndex: 'cases', width: 80 },
        { title: r.overdue, dataIndex: 'overdue', width: 80 },
        { title: r.breachRecords, dataIndex: 'breachRecords', width: 90 },
        { title: r.breakdown, render: (_, row) => <Typography.Text type="secondary">{row.parts.map((part, index) => (index === 0 ? part.points.toFixed(1) : part.points < 0 ? ` − ${(-part.points).toFixed(1)}` : ` + ${part.points.toFixed(1)}`)).join('')}</Typography.Text> },
      ]}
    />
  );

  /** 约谈 and 通报 (S2, 保障中小企业款项支付条例 第二十三条): the cases given that step in the period, alike. */
  const ladderTable = (rows: LadderStepRow[], dayTitle: string, emptyText: string, list: 'interviews' | 'notices') => (
    <div data-ladder-list={list}>
      <Table<LadderStepRow>
        rowKey={(row) => `${row.caseId}-${row.eventSeq}`}
        size="small"
        scroll={{ x: 'max-content' }}
        pagination={listPagination(m, `ladder-${list}`, wide)}
        dataSource={rows}
        locale={{ emptyText: <Empty description={emptyText} /> }}
        columns={[
          { title: m.dispatch.caseNumber, dataIndex: 'number', fixed: left, width: 130, render: (number: string, row) => <a href={`/cases/${row.caseId}`}>{number}</a> },
          { title: m.dispatch.caseTitle, dataIndex: 'title', width: 180, ellipsis: true, fixed: left },
          { title: m.dispatch.unit, dataIndex: 'responsibleUnitName', width: 160 },
          { title: m.dispatch.jurisdiction, dataIndex: 'jurisdictionName', width: 110 },
          { title: dayTitle, dataIndex: 'on', width: 100 },
          // The words of the step before the figures that scroll on a narrow screen: two lines, the rest on hover.
          {
            title: r.note,
            dataIndex: 'note',
            width: 240,
            render: (note: string | null) => (
              <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: note }}>
                {note}
              </Typography.Paragraph>
            ),
          },
          { title: r.outstanding, dataIndex: 'outstandingAmount', align: 'right', width: 130, render: (fen: number) => <Money fen={fen} /> },
          // 所涉期限 and 当前状态 on the right, in view at 1366 while the middle scrolls.
          { title: m.dispatch.deadline, dataIndex: 'deadline', width: 100, fixed: right },
          { title: m.dispatch.caseState, dataIndex: 'state', width: 110, fixed: right, render: (state: LadderStepRow['state']) => <StateTag state={state} /> },
        ]}
      />
    </div>
  );

  const data = report.data;
  const download = `/api/reports/dispatch.xlsx${search}`;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        nav="reports"
        title={r.title}
        extra={
          <Button type="primary" href={download} download>
            {r.download}
          </Button>
        }
      />
      <Space wrap>
        <span>{r.asOf}</span>
        <DatePicker
          aria-label={r.asOf}
          allowClear
          value={asOf ? dayjs(asOf) : data ? dayjs(data.asOf) : null}
          disabledDate={(day) => day.isAfter(dayjs(), 'day')}
          onChange={(day) => setAsOf(day ? day.format('YYYY-MM-DD') : undefined)}
        />
        <span>{r.round}</span>
        <Select
          style={{ minWidth: 220 }}
          allowClear
          placeholder={r.noRound}
          value={roundId}
          onChange={(value?: string) => setRoundId(value)}
          options={(rounds.data ?? []).map((round) => ({ value: round.id, label: round.title }))}
        />
        {data && <Typography.Text type="secondary">{r.periodText(data.period.from, data.period.to)}</Typography.Text>}
      </Space>
      {report.error ? (
        <ErrorResult error={report.error} onRetry={report.reload} />
      ) : (
        <Card loading={report.loading && !data}>
          {data && (
            <Tabs
              items={[
                {
                  key: 'jurisdiction',
                  label: r.tabs.jurisdiction,
                  children: groupTable(
                    data.byJurisdiction.map((row) => ({ ...row, key: row.id })),
                    m.dispatch.jurisdiction,
                    [{ title: '', dataIndex: 'level', width: 80, render: (level: keyof typeof r.level) => <Tag>{r.level[level]}</Tag> }],
                  ),
                },
                { key: 'line', label: r.tabs.line, children: groupTable(data.byLine.map((row) => ({ ...row, key: row.line, name: m.line[row.line] })), r.tabs.line) },
                {
                  key: 'unit',
                  label: r.tabs.unit,
                  children: groupTable(
                    data.byUnit.map((row) => ({ ...row, key: row.id })),
                    m.dispatch.unit,
                    [{ title: m.dispatch.jurisdiction, dataIndex: 'jurisdictionName', width: 120 }],
                  ),
                },
                {
                  key: 'satisfaction',
                  label: r.tabs.satisfaction,
                  children: satisfactionTable(data.byUnit.filter((row) => row.ratings > 0 || row.reopenRequests > 0).map((row) => ({ ...row, key: row.id }))),
                },
                {
                  key: 'interviews',
                  label: `${r.tabs.interviews}（${data.interviews.length}）`,
                  children: ladderTable(
                    data.interviews.map((row) => ({ ...row, on: row.interviewedOn })),
                    r.interviewedOn,
                    r.noInterviews,
                    'interviews',
                  ),
                },
                {
                  key: 'notices',
                  label: `${r.tabs.notices}（${data.notices.length}）`,
                  children: ladderTable(
                    data.notices.map((row) => ({ ...row, on: row.noticedOn })),
                    r.noticedOn,
                    r.noNotices,
                    'notices',
                  ),
                },
                ...(data.roundStatus === null
                  ? []
                  : [
                      {
                        key: 'round',
                        label: r.tabs.roundStatus,
                        children: (
                          <Table
                            rowKey="unitId"
                            size="small"
                            pagination={false}
                            dataSource={data.roundStatus}
                            columns={[
                              { title: m.dispatch.unit, dataIndex: 'unitName' },
                              { title: m.dispatch.jurisdiction, dataIndex: 'jurisdictionName' },
                              { title: m.dispatch.reportingProgress, render: (_, row) => m.dispatch.reported(row.reported, row.total) },
                              {
                                title: m.dispatch.caseState,
                                dataIndex: 'status',
                                render: (status: keyof typeof STATUS_COLOR) => <Tag color={STATUS_COLOR[status]}>{m.dispatch.unitStatus[status]}</Tag>,
                              },
                              { title: m.dispatch.submittedAt, dataIndex: 'submittedOn' },
                            ]}
                          />
                        ),
                      },
                    ]),
                {
                  key: 'index',
                  label: r.tabs.index,
                  children: (
                    <Space direction="vertical" style={{ width: '100%' }}>
                      <Alert type="info" showIcon message={r.formula} description={<span data-formula>{data.index.formula}</span>} />
                      <Typography.Text type="secondary">{r.notRanked}</Typography.Text>
                      <Collapse
                        defaultActiveKey={['units', 'jurisdictions']}
                        items={[
                          { key: 'units', label: r.byUnits, children: indexTable(data.index.units) },
                          { key: 'jurisdictions', label: r.byJurisdictions, children: indexTable(data.index.jurisdictions) },
                        ]}
                      />
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </Card>
      )}
    </Space>
  );
};

export default ReportsPage;
