import { Alert, Card, Drawer, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PageContainer } from '../components/PageHeader.tsx';
import { Link } from 'react-router';
import { SIZE_CLASS_LABEL, SIZE_CLASSES } from '../../../src/domain/policy-library/enterprise-size.ts';
import type { listEnterprises } from '../../../src/enterprises/read-enterprises.ts';
import { query } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { useQueryParams, withParams } from '../app/search-params.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { EnterpriseFile } from '../enterprise/EnterpriseFile.tsx';
import { useI18n } from '../i18n/i18n.tsx';

type EnterpriseList = Awaited<ReturnType<typeof listEnterprises>>;
type EnterpriseRow = EnterpriseList['items'][number];

/** 企业档案 (一企一档, P2): the enterprises staff may see, with size and qualifying clauses; one opens in a drawer. */
const EnterprisesPage = () => {
  const { m } = useI18n();
  const e = m.enterprises;
  const [params, update] = useQueryParams();
  const q = params.get('q') ?? undefined;
  const sizeClass = params.get('size') ?? undefined;
  const open = params.get('enterprise');
  const list = useApi<EnterpriseList>(`/api/enterprises${query({ q, sizeClass })}`);
  const withEnterprise = (id: string) => `?${withParams(params, { enterprise: id }).toString()}`;
  const openRow = list.data?.items.find((row) => row.unitId === open);

  const c = e.columns;
  const columns: TableColumnsType<EnterpriseRow> = [
    {
      title: c.name,
      dataIndex: 'name',
      render: (name: string, row) => (
        <Space orientation="vertical" size={0}>
          <Link to={{ search: withEnterprise(row.unitId) }}>{name}</Link>
          <Typography.Text type="secondary" className="money" style={{ fontSize: 12 }}>
            {row.creditCode}
          </Typography.Text>
        </Space>
      ),
    },
    { title: c.jurisdiction, dataIndex: 'jurisdictionName', width: 200, responsive: ['md'] },
    { title: c.industry, dataIndex: 'industryCode', width: 100, render: (code: string | null) => <span className="money">{code ?? '—'}</span>, responsive: ['lg'] },
    {
      title: c.size,
      dataIndex: 'sizeLabel',
      width: 90,
      render: (label: string | null) => (label ? <Tag color="blue">{label}</Tag> : <Tag>{e.notProfiled}</Tag>),
    },
    {
      title: c.qualifying,
      dataIndex: 'qualifyingClauses',
      width: 100,
      align: 'right',
      render: (count: number | null) => <span className="money">{count ?? '—'}</span>,
    },
  ];

  return (
    <PageContainer
      nav="enterprises"
      title={e.title}
      subtitle={e.intro}
    >
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            style={{ width: 150 }}
            value={sizeClass ?? ''}
            onChange={(value) => update({ size: value })}
            aria-label={e.filters.size}
            options={[{ value: '', label: e.filters.allSizes }, ...SIZE_CLASSES.map((value) => ({ value, label: SIZE_CLASS_LABEL[value] }))]}
          />
          <Input.Search allowClear defaultValue={q} placeholder={e.filters.search} style={{ width: 300, maxWidth: '80vw' }} onSearch={(value) => update({ q: value.trim() })} />
        </Space>
        {list.error && <ErrorResult error={list.error} onRetry={list.reload} />}
        {list.data?.truncated && <Alert type="warning" showIcon title={e.truncated(list.data.items.length)} style={{ marginBottom: 16 }} />}
        {!list.error && (
          <Table
            rowKey="unitId"
            size="middle"
            loading={list.loading}
            columns={columns}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: e.empty }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="enterprise-table"
          />
        )}
        {open && (
          <Drawer open size={720} title={openRow?.name ?? e.title} onClose={() => update({ enterprise: undefined })} data-testid="enterprise-drawer">
            <EnterpriseFile unitId={open} linkPolicies onSaved={list.reload} />
          </Drawer>
        )}
      </Card>
    </PageContainer>
  );
};

export default EnterprisesPage;
