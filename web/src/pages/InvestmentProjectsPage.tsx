import { Alert, Button, Card, Grid, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { PageContainer } from '../components/PageHeader.tsx';
import { useState } from 'react';
import { Link } from 'react-router';
import { PROMISE_STATUSES } from '../../../src/domain/investment/promise-status.ts';
import type { ProjectSummary } from '../../../src/investment/read-register.ts';
import { query } from '../api/client.ts';
import { useApi, useJurisdictions } from '../api/hooks.ts';
import { useQueryParams, withParams } from '../app/search-params.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { Money } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { InvestmentImportModal } from '../investment/InvestmentImportModal.tsx';
import { PromiseStatusTag } from '../investment/labels.tsx';
import { ProjectDrawer } from '../investment/ProjectDrawer.tsx';
import { ProjectFormModal } from '../investment/ProjectFormModal.tsx';

/**
 * 项目与承诺 (S6): the investment projects of the reader's scope — filtered by jurisdiction,
 * standing and a word — each opening in a drawer with its promises; 招商局 and the counties
 * record projects by hand or from a workbook.
 */
const InvestmentProjectsPage = () => {
  const { m } = useI18n();
  const r = m.investmentRegister;
  const p = r.projects;
  const c = p.columns;
  const [params, update] = useQueryParams();
  const wide = Grid.useBreakpoint().md ?? true;
  const filters = { jurisdictionId: params.get('jurisdictionId') ?? undefined, status: params.get('status') ?? undefined, q: params.get('q') ?? undefined };
  const projects = useApi<{ items: ProjectSummary[]; truncated: boolean; mayRecord: boolean }>(`/api/investment/projects${query(filters)}`);
  const jurisdictions = useJurisdictions();
  const open = params.get('project');
  const [dialog, setDialog] = useState<'project' | 'import' | null>(null);
  const withProject = (id: string) => `?${withParams(params, { project: id }).toString()}`;

  const promises = (row: ProjectSummary) => <span className="money">{p.promiseCount(row.totals.all, row.totals.kept)}</span>;
  const columns: TableColumnsType<ProjectSummary> = [
    {
      title: c.name,
      dataIndex: 'name',
      render: (name: string, row) => (
        <Space orientation="vertical" size={0}>
          <Link to={{ search: withProject(row.id) }}>{name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.agreementNo}
          </Typography.Text>
        </Space>
      ),
    },
    { title: c.enterprise, dataIndex: ['enterprise', 'name'], width: 200 },
    {
      title: c.signingUnit,
      dataIndex: ['signingUnit', 'name'],
      width: 190,
      responsive: ['lg'],
      render: (name: string, row) => (
        <Space orientation="vertical" size={0}>
          <span>{name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.jurisdiction.name}
          </Typography.Text>
        </Space>
      ),
    },
    { title: c.signedOn, dataIndex: 'signedOn', width: 105, render: (day: string) => <span className="money">{day}</span>, responsive: ['lg'] },
    { title: c.investment, dataIndex: 'investmentAmount', width: 120, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: c.promises, key: 'promises', width: 130, render: (_, row) => promises(row) },
    { title: c.status, dataIndex: 'status', width: 100, render: (_, row) => <PromiseStatusTag status={row.status} /> },
  ];
  // A phone has room for two columns: the project, and where it stands.
  const narrowColumns: TableColumnsType<ProjectSummary> = [
    {
      title: c.name,
      dataIndex: 'name',
      render: (name: string, row) => (
        <Space orientation="vertical" size={0}>
          <Link to={{ search: withProject(row.id) }}>{name}</Link>
          <span>{row.enterprise.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {`${row.agreementNo} · ${row.jurisdiction.name}`}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: c.status,
      dataIndex: 'status',
      width: 120,
      render: (_, row) => (
        <Space orientation="vertical" size={4}>
          <PromiseStatusTag status={row.status} />
          {promises(row)}
          <Money fen={row.investmentAmount} />
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      nav="investmentProjects"
      title={p.title}
      subtitle={p.intro}
      extra={
        <Space wrap>
          <Link to="/investment/tracking">{p.tracking}</Link>
          {projects.data?.mayRecord && (
            <>
              <Button type="primary" onClick={() => setDialog('project')} data-testid="project-add">
                {p.add}
              </Button>
              <Button onClick={() => setDialog('import')} data-testid="investment-import-open">
                {p.import}
              </Button>
            </>
          )}
        </Space>
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            style={{ width: 180, maxWidth: '80vw' }}
            value={filters.jurisdictionId ?? ''}
            onChange={(value: string) => update({ jurisdictionId: value })}
            aria-label={p.filters.jurisdiction}
            options={[{ value: '', label: p.filters.allJurisdictions }, ...(jurisdictions.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))]}
          />
          <Select
            style={{ width: 140 }}
            value={filters.status ?? ''}
            onChange={(value: string) => update({ status: value })}
            aria-label={p.filters.status}
            options={[{ value: '', label: p.filters.allStatuses }, ...PROMISE_STATUSES.map((status) => ({ value: status, label: r.status[status] }))]}
          />
          <Input.Search allowClear defaultValue={filters.q} placeholder={p.filters.search} style={{ width: 260, maxWidth: '80vw' }} onSearch={(value) => update({ q: value.trim() })} />
        </Space>
        {projects.error && <ErrorResult error={projects.error} onRetry={projects.reload} />}
        {projects.data?.truncated && <Alert type="warning" showIcon title={p.truncated(projects.data.items.length)} style={{ marginBottom: 16 }} />}
        {!projects.error && (
          <Table<ProjectSummary>
            rowKey="id"
            size="middle"
            loading={projects.loading}
            columns={wide ? columns : narrowColumns}
            dataSource={projects.data?.items ?? []}
            locale={{ emptyText: p.empty }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="project-table"
          />
        )}
        {open && <ProjectDrawer id={open} focusPromiseId={params.get('promise') ?? undefined} onClose={() => update({ project: undefined, promise: undefined })} onChanged={projects.reload} />}
        {dialog === 'project' && (
          <ProjectFormModal
            onClose={() => setDialog(null)}
            onDone={(id) => {
              setDialog(null);
              projects.reload();
              update({ project: id });
            }}
          />
        )}
        <InvestmentImportModal open={dialog === 'import'} onClose={() => setDialog(null)} onImported={projects.reload} />
      </Card>
    </PageContainer>
  );
};

export default InvestmentProjectsPage;
