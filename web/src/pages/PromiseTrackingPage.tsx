import { Alert, Button, Card, Col, DatePicker, Grid, Row, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PageContainer } from '../components/PageHeader.tsx';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { PROMISE_STATUSES, type PromiseStatus } from '../../../src/domain/investment/promise-status.ts';
import { LEGALITY_FILTERS, PROMISE_TYPES } from '../../../src/domain/investment/register.ts';
import type { PromiseView } from '../../../src/investment/promise-views.ts';
import type { PromiseTracking } from '../../../src/investment/read-register.ts';
import { query } from '../api/client.ts';
import { useApi, useJurisdictions, useUnits } from '../api/hooks.ts';
import { useQueryParams } from '../app/search-params.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Delivery, LegalityTag, PromiseStatusTag } from '../investment/labels.tsx';
import { ProjectDrawer } from '../investment/ProjectDrawer.tsx';

type Figure = PromiseStatus | 'all' | 'flawed';
const FIGURES: readonly Figure[] = ['all', 'overdue', 'partly_kept', 'due', 'kept', 'flawed'];
const FIGURE_COLOR: Record<Figure, string | undefined> = { all: undefined, overdue: '#cf1322', partly_kept: '#d48806', due: '#0958d9', kept: '#389e0d', flawed: '#d4380d' };

/**
 * 承诺兑现跟踪 (S6, 实时跟踪): every promise of the reader's scope where it stands today — the
 * overdue first — with the count of each status (a figure filters the list), the filters of
 * 招商局's problem list (有瑕疵) and the same list as a workbook.
 */
const PromiseTrackingPage = () => {
  const { m } = useI18n();
  const r = m.investmentRegister;
  const t = r.tracking;
  const c = t.columns;
  const [params, update] = useQueryParams();
  const wide = Grid.useBreakpoint().lg ?? true;
  const filters = {
    status: params.get('status') ?? undefined,
    type: params.get('type') ?? undefined,
    jurisdictionId: params.get('jurisdictionId') ?? undefined,
    responsibleUnitId: params.get('responsibleUnitId') ?? undefined,
    legality: params.get('legality') ?? undefined,
    dueBefore: params.get('dueBefore') ?? undefined,
  };
  const search = query(filters);
  const tracking = useApi<PromiseTracking>(`/api/investment/promises${search}`);
  const jurisdictions = useJurisdictions();
  const units = useUnits();
  const data = tracking.data;
  const jurisdictionName = useMemo(() => new Map((jurisdictions.data?.items ?? []).map((item) => [item.id, item.name])), [jurisdictions.data]);
  const unitOptions = useMemo(
    () =>
      (units.data?.items ?? [])
        .filter((unit) => unit.kind !== 'enterprise')
        .map((unit) => ({ value: unit.id, label: unit.jurisdictionId === 'city' ? unit.name : m.common.parenthesized(unit.name, jurisdictionName.get(unit.jurisdictionId) ?? '') })),
    [units.data, jurisdictionName, m],
  );
  const openProject = params.get('project');

  // A figure narrows the list to its status (有瑕疵 to the flawed); the one chosen is outlined.
  const pick = (figure: Figure) =>
    figure === 'flawed'
      ? update({ legality: filters.legality === 'flawed' ? undefined : 'flawed' })
      : update({ status: figure === 'all' || filters.status === figure ? undefined : figure });
  const chosen = (figure: Figure) => (figure === 'flawed' ? filters.legality === 'flawed' : figure === 'all' ? filters.status === undefined : filters.status === figure);

  const open = (row: PromiseView) => (
    <Button size="small" type={row.mayFulfil ? 'primary' : 'default'} onClick={() => update({ project: row.projectId, promise: row.id })}>
      {row.mayFulfil ? r.promise.fulfil : t.open}
    </Button>
  );
  const due = (row: PromiseView) => (
    <Space orientation="vertical" size={2}>
      <span className="money">{row.dueOn}</span>
      <PromiseStatusTag status={row.status} daysOverdue={row.daysOverdue} />
    </Space>
  );
  const promiseText = (row: PromiseView) => (
    <Space orientation="vertical" size={0}>
      <Space size={4} wrap>
        <Typography.Text strong>{row.clause}</Typography.Text>
        <Tag color="purple" style={{ marginInlineEnd: 0 }}>
          {row.typeLabel}
        </Tag>
      </Space>
      <Typography.Paragraph ellipsis={{ rows: 2, tooltip: row.content }} style={{ marginBottom: 0 }}>
        {row.content}
      </Typography.Paragraph>
    </Space>
  );
  const columns: TableColumnsType<PromiseView> = [
    {
      title: c.project,
      key: 'project',
      width: 180,
      fixed: 'left',
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{row.project.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {`${row.project.enterpriseName} · ${row.project.jurisdiction.name}`}
          </Typography.Text>
        </Space>
      ),
    },
    { title: c.promise, key: 'promise', width: 230, render: (_, row) => promiseText(row) },
    { title: c.responsibleUnit, dataIndex: ['responsibleUnit', 'name'], width: 130 },
    { title: c.progress, key: 'progress', width: 170, render: (_, row) => <Delivery promise={row} /> },
    { title: c.dueOn, dataIndex: 'dueOn', width: 140, render: (_, row) => due(row) },
    { title: c.legality, key: 'legality', width: 90, render: (_, row) => <LegalityTag legality={row.legality} /> },
    { title: c.action, key: 'action', width: 100, fixed: 'right', render: (_, row) => open(row) },
  ];
  // A phone: the promise with its project, then where it stands and the step.
  const narrowColumns: TableColumnsType<PromiseView> = [
    {
      title: c.promise,
      key: 'promise',
      render: (_, row) => (
        <Space orientation="vertical" size={2}>
          {promiseText(row)}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {`${row.project.name} · ${row.responsibleUnit.name}`}
          </Typography.Text>
          <Delivery promise={row} />
        </Space>
      ),
    },
    {
      title: c.status,
      key: 'status',
      width: 124,
      render: (_, row) => (
        <Space orientation="vertical" size={4}>
          {due(row)}
          <LegalityTag legality={row.legality} />
          {open(row)}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      nav="investmentTracking"
      title={t.title}
      subtitle={t.intro}
      extra={
        <Button type="primary" href={`/api/investment/promises.xlsx${search}`} download data-testid="tracking-download">
          {t.download}
        </Button>
      }
    >
      <Card>
        {tracking.error && <ErrorResult error={tracking.error} onRetry={tracking.reload} />}
        {!tracking.error && (
          <>
            <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="tracking-totals">
              {FIGURES.map((figure) => (
                <Col key={figure} xs={8} md={4}>
                  <Card
                    size="small"
                    hoverable
                    onClick={() => pick(figure)}
                    data-testid={`tracking-${figure}`}
                    style={chosen(figure) ? { borderColor: FIGURE_COLOR[figure] ?? '#b91c1c' } : undefined}
                    styles={{ body: { padding: '8px 12px' } }}
                  >
                    <Statistic
                      title={t.stats[figure]}
                      valueRender={() => (
                        <span className="money" style={{ color: figure === 'all' || (data?.totals[figure] ?? 0) === 0 ? undefined : FIGURE_COLOR[figure] }}>
                          {data ? data.totals[figure] : '—'}
                        </span>
                      )}
                    />
                  </Card>
                </Col>
              ))}
            </Row>
            <Space wrap style={{ marginBottom: 16 }} data-testid="tracking-filters">
              <Select
                style={{ width: 130 }}
                value={filters.status ?? ''}
                onChange={(value: string) => update({ status: value })}
                aria-label={t.filters.status}
                options={[{ value: '', label: t.filters.allStatuses }, ...PROMISE_STATUSES.map((status) => ({ value: status, label: r.status[status] }))]}
              />
              <Select
                style={{ width: 130 }}
                value={filters.type ?? ''}
                onChange={(value: string) => update({ type: value })}
                aria-label={t.filters.type}
                options={[{ value: '', label: t.filters.allTypes }, ...PROMISE_TYPES.map((type) => ({ value: type, label: r.type[type] }))]}
              />
              <Select
                style={{ width: 170, maxWidth: '80vw' }}
                value={filters.jurisdictionId ?? ''}
                onChange={(value: string) => update({ jurisdictionId: value })}
                aria-label={t.filters.jurisdiction}
                options={[{ value: '', label: t.filters.allJurisdictions }, ...(jurisdictions.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))]}
              />
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 240, maxWidth: '80vw' }}
                value={filters.responsibleUnitId ?? ''}
                onChange={(value: string) => update({ responsibleUnitId: value })}
                aria-label={t.filters.responsibleUnit}
                options={[{ value: '', label: t.filters.allUnits }, ...unitOptions]}
              />
              <Select
                style={{ width: 150 }}
                value={filters.legality ?? ''}
                onChange={(value: string) => update({ legality: value })}
                aria-label={t.filters.legality}
                data-testid="tracking-legality"
                options={[{ value: '', label: t.filters.allLegality }, ...LEGALITY_FILTERS.map((legality) => ({ value: legality, label: r.legality[legality] }))]}
              />
              <DatePicker
                style={{ width: 170 }}
                placeholder={t.filters.dueBefore}
                value={filters.dueBefore ? dayjs(filters.dueBefore) : null}
                onChange={(value) => update({ dueBefore: value ? value.format('YYYY-MM-DD') : undefined })}
                aria-label={t.filters.dueBefore}
              />
              {data && <Typography.Text type="secondary">{t.asOf(data.asOf)}</Typography.Text>}
            </Space>
            {data?.truncated && <Alert type="warning" showIcon title={t.truncated(data.items.length)} style={{ marginBottom: 16 }} />}
            <Table<PromiseView>
              rowKey="id"
              size="middle"
              loading={tracking.loading}
              columns={wide ? columns : narrowColumns}
              dataSource={data?.items ?? []}
              locale={{ emptyText: t.empty }}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              // The sum of the column widths: it fits beside the menu at 1366 px; narrower, it scrolls with the project and the step in view.
              {...(wide ? { scroll: { x: 1040 } } : {})}
              data-testid="tracking-table"
            />
          </>
        )}
        {openProject && (
          <ProjectDrawer id={openProject} focusPromiseId={params.get('promise') ?? undefined} onClose={() => update({ project: undefined, promise: undefined })} onChanged={tracking.reload} />
        )}
      </Card>
    </PageContainer>
  );
};

export default PromiseTrackingPage;
