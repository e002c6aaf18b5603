import { DownloadOutlined, ReloadOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { PageHeader } from '../components/PageHeader.tsx';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Grid, Input, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { SECURITY_EVENT_KINDS, type SecurityEventKind } from '../../../src/security/event-kinds.ts';
import type { SecurityEventView, SecurityLogStatus } from '../../../src/security/read-security-events.ts';
import { api, query } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { useQueryParams } from '../app/search-params.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const FILTERS = ['from', 'to', 'kind', 'outcome', 'account', 'address', 'object'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

interface FilterForm {
  dates?: [Dayjs | null, Dayjs | null] | null;
  kind?: SecurityEventKind;
  outcome?: 'success' | 'failure';
  account?: string;
  address?: string;
  object?: string;
}

/** Events that are a failure, a denial or an error of the platform, for their colour. */
const ALARMING: ReadonlySet<SecurityEventKind> = new Set(['sign_in_failed', 'locked_out', 'access_denied', 'server_error']);

const instant = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');
const PAGE_SIZE = 50;

/** The chain's status: the security log's seals and links, and the anchors (table and file). */
const ChainStatus = () => {
  const { m } = useI18n();
  const c = m.auditLog.chain;
  const status = useApi<SecurityLogStatus>('/api/security-events/verify');
  const data = status.data;
  return (
    <Card
      size="small"
      title={
        <Space>
          {data && !data.intact ? <WarningOutlined style={{ color: '#cf1322' }} /> : <SafetyCertificateOutlined style={{ color: '#389e0d' }} />}
          {c.title}
          {data && (
            <Tag color={data.intact ? 'success' : 'error'} data-testid="audit-chain-status" data-intact={String(data.intact)}>
              {data.intact ? c.intact : c.broken}
            </Tag>
          )}
        </Space>
      }
      extra={
        <Button size="small" icon={<ReloadOutlined />} loading={status.loading} onClick={status.reload} data-testid="audit-chain-recheck">
          {c.recheck}
        </Button>
      }
      data-testid="audit-chain"
    >
      {status.error ? (
        <ErrorResult error={status.error} onRetry={status.reload} />
      ) : !data ? (
        <Typography.Text type="secondary">{c.checking}</Typography.Text>
      ) : (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
            <Descriptions.Item label={c.events}>
              <span className="money">
                {data.events}（{c.range(data.firstSeq, data.lastSeq)}）
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={c.anchors}>
              <span className="money">{data.anchors}</span>
              {data.purgedThroughSeq !== null && <Typography.Text type="secondary">；{c.purged(data.purgedThroughSeq)}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={c.latestAnchor}>
              <span className="money">{data.latestAnchorAt === null ? c.noAnchor : instant(data.latestAnchorAt)}</span>
              <Typography.Text type="secondary">
                （{c.anchorFile}
                {data.anchorFileChecked ? c.fileChecked : c.fileNotChecked}）
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={c.checkedAt}>
              <span className="money">{instant(data.checkedAt)}</span>
            </Descriptions.Item>
          </Descriptions>
          {data.problems.length > 0 && (
            <Alert type="error" showIcon title={c.broken} description={<ul style={{ margin: 0, paddingLeft: 18 }}>{data.problems.map((problem) => <li key={problem}>{problem}</li>)}</ul>} data-testid="audit-chain-problems" />
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.cases}
          </Typography.Text>
        </>
      )}
    </Card>
  );
};

/**
 * 安全审计 (the audit administrator's page, 三员分立): the security audit log — filter by dates,
 * event, outcome, account, address and object; newest first, more on demand; the same selection
 * as a workbook; and the integrity of the log's chain and anchors.
 */
const AuditLogPage = () => {
  const { m } = useI18n();
  const a = m.auditLog;
  const wide = Grid.useBreakpoint().md ?? true;
  const [params, update] = useQueryParams();
  const filters: Filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? undefined]).filter(([, value]) => value !== undefined));
  const search = query(filters);
  const first = useApi<{ items: SecurityEventView[]; nextBefore: number | null }>(`/api/security-events${query({ ...filters, limit: PAGE_SIZE })}`);
  const [more, setMore] = useState<{ items: SecurityEventView[]; nextBefore: number | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Error | null>(null);
  const [form] = Form.useForm<FilterForm>();

  // A new selection starts again from its first page.
  useEffect(() => {
    setMore(null);
    setMoreError(null);
  }, [search]);
  useEffect(() => {
    form.setFieldsValue({
      dates: filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : null,
      kind: filters.kind as SecurityEventKind | undefined,
      outcome: filters.outcome as FilterForm['outcome'],
      account: filters.account,
      address: filters.address,
      object: filters.object,
    });
    // The form follows the address (a link, the back button), not its own edits.
  }, [search]);

  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const nextBefore = more === null ? (first.data?.nextBefore ?? null) : more.nextBefore;

  const loadMore = async () => {
    if (nextBefore === null) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.get<{ items: SecurityEventView[]; nextBefore: number | null }>(`/api/security-events${query({ ...filters, limit: PAGE_SIZE, before: nextBefore })}`);
      setMore((previous) => ({ items: [...(previous?.items ?? []), ...page.items], nextBefore: page.nextBefore }));
    } catch (error) {
      setMoreError(error as Error);
    } finally {
      setLoadingMore(false);
    }
  };

  const apply = (values: FilterForm) => {
    const [from, to] = values.dates ?? [null, null];
    update({
      from: from?.format('YYYY-MM-DD'),
      to: to?.format('YYYY-MM-DD'),
      kind: values.kind,
      outcome: values.outcome,
      account: values.account?.trim(),
      address: values.address?.trim(),
      object: values.object?.trim(),
    });
  };
  const reset = () => update(Object.fromEntries(FILTERS.map((name) => [name, undefined])));

  const accountOf = (row: SecurityEventView) =>
    row.account === null ? (
      row.username === null ? (
        <Typography.Text type="secondary">{row.kind === 'audit_log_purged' || row.kind === 'anchor_written' ? a.system : a.unknownAccount}</Typography.Text>
      ) : (
        <span>
          {row.username} <Typography.Text type="secondary">{a.unknownAccount}</Typography.Text>
        </span>
      )
    ) : (
      <Space orientation="vertical" size={0}>
        <span>{row.account.username ?? row.account.id}</span>
        {row.account.displayName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.account.displayName}</Typography.Text>}
      </Space>
    );
  const kindTag = (row: SecurityEventView) => (
    <Tag color={ALARMING.has(row.kind) ? 'volcano' : 'blue'} data-kind={row.kind}>
      {a.kind[row.kind]}
    </Tag>
  );
  const outcomeTag = (row: SecurityEventView) => (
    <Tag color={row.outcome === 'success' ? 'success' : 'error'} data-outcome={row.outcome}>
      {a.outcome[row.outcome]}
    </Tag>
  );

  const columns: TableColumnsType<SecurityEventView> = wide
    ? [
        { title: a.columns.at, dataIndex: 'at', width: 170, render: (at: string) => <span className="money">{instant(at)}</span> },
        { title: a.columns.account, key: 'account', width: 150, render: (_, row) => accountOf(row) },
        { title: a.columns.address, dataIndex: 'address', width: 130, render: (address: string | null) => <span className="money">{address ?? '—'}</span> },
        { title: a.columns.kind, key: 'kind', width: 150, render: (_, row) => kindTag(row) },
        { title: a.columns.object, dataIndex: 'object', ellipsis: true, render: (object: string | null) => <Typography.Text className="money" title={object ?? undefined}>{object ?? '—'}</Typography.Text> },
        { title: a.columns.outcome, key: 'outcome', width: 80, render: (_, row) => outcomeTag(row) },
      ]
    : [
        {
          title: a.columns.kind,
          key: 'event',
          render: (_, row) => (
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space size={4} wrap>
                {kindTag(row)}
                {outcomeTag(row)}
              </Space>
              <Typography.Text type="secondary" className="money" style={{ fontSize: 12 }}>
                {instant(row.at)}
                {row.address ? ` · ${row.address}` : ''}
              </Typography.Text>
              {accountOf(row)}
              {row.object && (
                <Typography.Text className="money" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                  {row.object}
                </Typography.Text>
              )}
            </Space>
          ),
        },
      ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="audit-page">
      <PageHeader
        nav="audit"
        title={a.title}
        subtitle={a.subtitle}
        extra={
          <Button icon={<DownloadOutlined />} href={`/api/security-events.xlsx${search}`} download title={a.exportHint} data-testid="audit-export">
            {a.export}
          </Button>
        }
      />
      <ChainStatus />
      <Card size="small" title={a.shown(items.length)}>
        <Form<FilterForm> form={form} layout="vertical" onFinish={apply} data-testid="audit-filters">
          <Row gutter={[12, 0]}>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="dates" label={a.filters.dates}>
                <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} data-testid="audit-filter-dates" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} lg={4}>
              <Form.Item name="kind" label={a.filters.kind}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={m.common.all}
                  options={SECURITY_EVENT_KINDS.map((kind) => ({ value: kind, label: a.kind[kind] }))}
                  data-testid="audit-filter-kind"
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} lg={3}>
              <Form.Item name="outcome" label={a.filters.outcome}>
                <Select
                  allowClear
                  placeholder={m.common.all}
                  options={(['success', 'failure'] as const).map((outcome) => ({ value: outcome, label: a.outcome[outcome] }))}
                  data-testid="audit-filter-outcome"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8} lg={4}>
              <Form.Item name="account" label={a.filters.account}>
                <Input allowClear maxLength={100} data-testid="audit-filter-account" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8} lg={3}>
              <Form.Item name="address" label={a.filters.address}>
                <Input allowClear maxLength={100} data-testid="audit-filter-address" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8} lg={4}>
              <Form.Item name="object" label={a.filters.object}>
                <Input allowClear maxLength={200} data-testid="audit-filter-object" />
              </Form.Item>
            </Col>
          </Row>
          <Space style={{ marginBottom: 12 }}>
            <Button type="primary" htmlType="submit" data-testid="audit-filter-apply">
              {a.filters.apply}
            </Button>
            <Button onClick={reset} data-testid="audit-filter-reset">
              {a.filters.reset}
            </Button>
          </Space>
        </Form>
        {first.error ? (
          <ErrorResult error={first.error} onRetry={first.reload} />
        ) : (
          <>
            <Table<SecurityEventView>
              rowKey="seq"
              size="small"
              loading={first.loading}
              columns={columns}
              dataSource={items}
              pagination={false}
              expandable={{
                rowExpandable: (row) => Object.keys(row.details).length > 0,
                expandedRowRender: (row) => (
                  <pre className="money" style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }}>
                    {JSON.stringify(row.details, null, 2)}
                  </pre>
                ),
              }}
              locale={{ emptyText: <Empty description={a.empty} /> }}
              data-testid="audit-events"
            />
            {moreError && <ErrorResult error={moreError} onRetry={() => void loadMore()} />}
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              {nextBefore !== null ? (
                <Button loading={loadingMore} onClick={() => void loadMore()} data-testid="audit-load-more">
                  {a.loadMore}
                </Button>
              ) : (
                items.length > 0 && <Typography.Text type="secondary">{a.allLoaded}</Typography.Text>
              )}
            </div>
          </>
        )}
      </Card>
    </Space>
  );
};

export default AuditLogPage;
