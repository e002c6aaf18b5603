import { Button, Card, Segmented, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { PageContainer } from '../components/PageHeader.tsx';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { BenefitEvaluation, PackageFocus } from '../../../src/benefits/read-evaluation.ts';
import type { BenefitFigures } from '../../../src/domain/benefits/evaluation.ts';
import { query } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { useQueryParams } from '../app/search-params.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { Money, percent } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const PACKAGES = ['16条', '30条'] as const;

/** The figure columns every table of the page shares, in the workbook's order. */
const useFigureColumns = <T extends BenefitFigures>(): TableColumnsType<T> => {
  const { m } = useI18n();
  const c = m.benefits.evaluation.columns;
  const count = (value: number) => <span className="money">{value}</span>;
  return [
    { title: c.enterprises, dataIndex: 'enterprises', width: 90, align: 'right', render: count },
    { title: c.applications, dataIndex: 'applications', width: 100, align: 'right', render: count, responsive: ['md'] },
    { title: c.approvalRate, dataIndex: 'approvalRate', width: 80, align: 'right', render: (rate: number | null) => percent(rate), responsive: ['md'] },
    { title: c.approved, dataIndex: 'approvedAmount', width: 110, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: c.disbursed, dataIndex: 'disbursedAmount', width: 110, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: c.outstanding, dataIndex: 'outstandingAmount', width: 110, align: 'right', render: (fen: number) => <Money fen={fen} />, responsive: ['lg'] },
    {
      title: c.late,
      dataIndex: 'late',
      width: 90,
      align: 'right',
      render: (late: number) => (late > 0 ? <Tag color="error">{late}</Tag> : count(late)),
      responsive: ['lg'],
    },
    { title: c.median, dataIndex: 'medianWorkingDays', width: 110, align: 'right', render: (days: number | null) => <span className="money">{days ?? '—'}</span>, responsive: ['lg'] },
  ];
};

/** A table with the figures and a bold total row. */
const FiguresTable = <T extends BenefitFigures>({ rows, rowKey, first, total, testId }: { rows: T[]; rowKey: keyof T & string; first: TableColumnsType<T>; total: BenefitFigures & Record<string, unknown>; testId: string }) => {
  const { m } = useI18n();
  const figureColumns = useFigureColumns<T>();
  const columns = [...first, ...figureColumns];
  return (
    <Table<T>
      rowKey={rowKey}
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: m.benefits.evaluation.empty }}
      data-testid={testId}
      summary={() => (
        <Table.Summary.Row>
          {columns.map((column, index) => {
            const key = (column as { dataIndex?: string }).dataIndex;
            const value = key === undefined ? undefined : total[key];
            const render = (column as { render?: (value: unknown, row: unknown, index: number) => React.ReactNode }).render;
            return (
              <Table.Summary.Cell key={key ?? index} index={index} align={(column as { align?: 'right' }).align}>
                <strong>{index === 0 ? m.benefits.evaluation.total : value === undefined ? '' : render ? render(value, total, 0) : String(value)}</strong>
              </Table.Summary.Cell>
            );
          })}
        </Table.Summary.Row>
      )}
    />
  );
};

/** 政策评估 (P6) and the focus packages' funds (P5), with the workbook of both. */
const EvaluationPage = () => {
  const { m } = useI18n();
  const e = m.benefits.evaluation;
  const c = e.columns;
  const [params, update] = useQueryParams();
  const thisYear = dayjs().year();
  const year = Number(params.get('year') ?? thisYear);
  const [tag, setTag] = useState<(typeof PACKAGES)[number]>('16条');
  const evaluation = useApi<BenefitEvaluation>(`/api/benefit-evaluation${query({ year: String(year) })}`);
  const focus = useApi<PackageFocus>(`/api/benefit-packages${query({ packageTag: tag })}`);
  const data = evaluation.data;
  type PolicyRow = BenefitEvaluation['policies'][number];
  type DepartmentRow = BenefitEvaluation['departments'][number];
  type GroupRow = PackageFocus['byDepartment'][number];
  const problems = { title: c.problems, dataIndex: 'openProblems', width: 90, align: 'right' as const, render: (count: number) => (count > 0 ? <Tag color="warning">{count}</Tag> : <span className="money">0</span>) };
  return (
    <PageContainer
      nav="evaluation"
      title={e.title}
      subtitle={e.intro}
      extra={
        <Button type="primary" href={`/api/benefit-evaluation.xlsx${query({ year: String(year) })}`} download>
          {e.download}
        </Button>
      }
    >
      <Card>
        <Space style={{ marginBottom: 16 }}>
          <span>{e.year}</span>
          <Select
            style={{ width: 110 }}
            value={year}
            aria-label={e.year}
            onChange={(value: number) => update({ year: String(value) })}
            options={[thisYear, thisYear - 1, thisYear - 2].map((value) => ({ value, label: `${value}年` }))}
          />
        </Space>
        {evaluation.error && <ErrorResult error={evaluation.error} onRetry={evaluation.reload} />}
        <Tabs
          items={[
            {
              key: 'policies',
              label: e.byPolicy,
              children: data && (
                <FiguresTable<PolicyRow>
                  testId="evaluation-policies"
                  rowKey="policyId"
                  rows={data.policies}
                  total={{ ...data.total }}
                  first={[
                    {
                      title: c.policy,
                      dataIndex: 'title',
                      fixed: 'left',
                      width: 260,
                      render: (title: string, row) => (
                        <Space orientation="vertical" size={0}>
                          <Link to={`/policies?policy=${row.policyId}`}>{title}</Link>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {`${row.documentNo} · ${row.issuerName}`}
                          </Typography.Text>
                        </Space>
                      ),
                    },
                    problems,
                  ]}
                />
              ),
            },
            {
              key: 'departments',
              label: e.byDepartment,
              children: data && (
                <FiguresTable<DepartmentRow>
                  testId="evaluation-departments"
                  rowKey="unitId"
                  rows={data.departments}
                  total={{ ...data.total }}
                  first={[
                    { title: c.department, dataIndex: 'name', fixed: 'left', width: 200 },
                    { title: c.policies, dataIndex: 'policies', width: 70, align: 'right' },
                    problems,
                  ]}
                />
              ),
            },
            {
              key: 'packages',
              label: e.packages,
              children: (
                <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                  <Segmented options={[...PACKAGES]} value={tag} onChange={(value) => setTag(value as (typeof PACKAGES)[number])} />
                  {focus.error && <ErrorResult error={focus.error} onRetry={focus.reload} />}
                  {focus.data && (
                    <>
                      <Typography.Title level={5}>{e.packageByDepartment}</Typography.Title>
                      <FiguresTable<GroupRow> testId="package-departments" rowKey="id" rows={focus.data.byDepartment} total={{ ...focus.data.total }} first={[{ title: c.name, dataIndex: 'name', fixed: 'left', width: 200 }]} />
                      <Typography.Title level={5}>{e.packageByCounty}</Typography.Title>
                      <FiguresTable<GroupRow> testId="package-counties" rowKey="id" rows={focus.data.byCounty} total={{ ...focus.data.total }} first={[{ title: c.name, dataIndex: 'name', fixed: 'left', width: 200 }]} />
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </PageContainer>
  );
};

export default EvaluationPage;
