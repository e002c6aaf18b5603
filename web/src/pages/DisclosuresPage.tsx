import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Grid, Input, Modal, Popconfirm, Row, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PageHeader } from '../components/PageHeader.tsx';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { DisclosureRow, DisclosureYear } from '../../../src/disclosure/read-disclosures.ts';
import { FIRST_DISCLOSURE_YEAR, type DisclosureStanding } from '../../../src/domain/disclosure/annual-disclosure.ts';
import { formatWanYuan, formatYuan } from '../../../src/domain/money.ts';
import { api, ApiError, idempotencyKey } from '../api/client.ts';
import { useApi } from '../api/hooks.ts';
import { useAuth } from '../app/auth.tsx';
import { useQueryParams } from '../app/search-params.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { Money } from '../components/labels.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const STANDING_COLOR = { draft: 'default', overdue: 'error', published: 'success', published_late: 'warning' } satisfies Record<DisclosureStanding, string>;

/** One figure of the page's head. */
const Figure = ({ title, value, danger = false, testId }: { title: string; value: string; danger?: boolean; testId: string }) => (
  <Card size="small" data-testid={testId}>
    <Statistic title={title} valueRender={() => <span className="money" style={{ color: danger ? '#cf1322' : undefined }}>{value}</span>} />
  </Card>
);

/** The unit's publication: the figures it will make public, checked once more, and its note. */
const PublishModal = ({ year, row, onBehalf, onClose, onDone }: { year: number; row: DisclosureRow; onBehalf: boolean; onClose: () => void; onDone: () => void }) => {
  const { m } = useI18n();
  const d = m.disclosure;
  const [form] = Form.useForm<{ note?: string }>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [key] = useState(idempotencyKey);
  const publish = async ({ note }: { note?: string }) => {
    setSending(true);
    setError(undefined);
    try {
      await api.post(`/api/disclosures/${year}/${encodeURIComponent(row.unitId)}/publish`, { note: note?.trim() || null, generatedAt: row.generatedAt }, { 'idempotency-key': key });
      onDone();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setSending(false);
    }
  };
  return (
    <Modal
      open
      title={d.publishTitle(row.unitName, year)}
      okText={d.publishOk}
      cancelText={m.common.cancel}
      okButtonProps={{ danger: true }}
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="publish-modal"
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="publish-modal-error" />}
      <Typography.Paragraph>{d.publishIntro}</Typography.Paragraph>
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} data-testid="publish-figures">
        <Descriptions.Item label={d.columns.unit}>{row.unitName}</Descriptions.Item>
        <Descriptions.Item label={d.columns.contracts}>
          <span className="money">{row.contracts}</span>
        </Descriptions.Item>
        <Descriptions.Item label={d.columns.amount}>
          <span className="money">{formatYuan(row.amount)}</span>
          <Typography.Text type="secondary">（{formatWanYuan(row.amount)}）</Typography.Text>
        </Descriptions.Item>
        {row.incomplete > 0 && (
          <Descriptions.Item label={d.columns.incomplete}>
            <Typography.Text type="warning">{d.incompleteHint(row.incomplete)}</Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      {onBehalf && <Alert type="info" showIcon title={d.publishOnBehalf} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(values) => void publish(values)} requiredMark={false}>
        <Form.Item name="note" label={d.note} extra={d.noteHint}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={d.notePlaceholder} data-testid="publish-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
};

/**
 * 逾期账款年度公开 (保障中小企业款项支付条例 第十八条, 第二十二条): for a year, every unit's contracts
 * overdue and unpaid at its end, as the reader may see them — 营商办 generates them from the
 * cases, each unit checks and publishes its own (营商办 may on its behalf), and the same rows
 * go out as the workbook of the yearly report.
 */
const DisclosuresPage = () => {
  const { m } = useI18n();
  const d = m.disclosure;
  const c = d.columns;
  const { user } = useAuth();
  const { message } = App.useApp();
  const wide = Grid.useBreakpoint().md ?? true;
  const [params, update] = useQueryParams();
  const lastYear = dayjs().year() - 1;
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= FIRST_DISCLOSURE_YEAR ? asked : Math.max(lastYear, FIRST_DISCLOSURE_YEAR);
  // The years that have ended, newest first (and one asked for by the address).
  const newest = Math.max(lastYear, year);
  const years = Array.from({ length: newest - FIRST_DISCLOSURE_YEAR + 1 }, (_, index) => newest - index);
  const disclosure = useApi<DisclosureYear>(`/api/disclosures/${year}`);
  const [publishing, setPublishing] = useState<DisclosureRow | null>(null);
  const [generating, setGenerating] = useState(false);
  const data = disclosure.data;

  const generate = async () => {
    setGenerating(true);
    try {
      const result = await api.post<{ drafts: number; published: number }>(`/api/disclosures/${year}/generate`, undefined, { 'idempotency-key': idempotencyKey() });
      message.success(d.generated(result.drafts, result.published));
      disclosure.reload();
    } catch (caught) {
      message.error(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setGenerating(false);
    }
  };

  const standing = (row: DisclosureRow) => (
    <Tag color={STANDING_COLOR[row.standing]} data-standing={row.standing} style={{ marginInlineEnd: 0 }}>
      {d.standing[row.standing]}
    </Tag>
  );
  const action = (row: DisclosureRow) =>
    row.mayPublish ? (
      <Button size="small" type="primary" onClick={() => setPublishing(row)} data-testid={`publish-${row.unitId}`}>
        {d.publish}
      </Button>
    ) : null;
  const incomplete = (count: number) =>
    count > 0 ? (
      <Tag color="warning" title={d.incompleteHint(count)} style={{ marginInlineEnd: 0 }}>
        {count}
      </Tag>
    ) : (
      <span className="money">0</span>
    );

  const columns: TableColumnsType<DisclosureRow> = [
    {
      title: c.unit,
      dataIndex: 'unitName',
      fixed: 'left',
      width: 220,
      render: (name: string, row) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {`${row.jurisdictionName} · ${d.kind[row.kind]}`}
          </Typography.Text>
        </Space>
      ),
    },
    { title: c.contracts, dataIndex: 'contracts', width: 100, align: 'right', render: (count: number) => <span className="money">{count}</span> },
    { title: c.amount, dataIndex: 'amount', width: 130, align: 'right', render: (fen: number) => <Money fen={fen} /> },
    { title: c.incomplete, dataIndex: 'incomplete', width: 80, align: 'right', render: incomplete },
    { title: c.status, dataIndex: 'standing', width: 110, render: (_, row) => standing(row) },
    { title: c.publishedOn, dataIndex: 'publishedOn', width: 110, render: (day: string | null) => <span className="money">{day ?? '—'}</span> },
    { title: c.note, dataIndex: 'note', ellipsis: true, render: (note: string | null) => note ?? '' },
    { title: c.action, key: 'action', fixed: 'right', width: 90, render: (_, row) => action(row) },
  ];
  // A phone has room for two columns: the unit with its status, then its figures and the step.
  const narrowColumns: TableColumnsType<DisclosureRow> = [
    {
      title: c.unit,
      dataIndex: 'unitName',
      render: (name: string, row) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {`${row.jurisdictionName} · ${d.kind[row.kind]}`}
          </Typography.Text>
          <Space size={4} wrap>
            {standing(row)}
            {row.publishedOn && <span className="money" style={{ fontSize: 12 }}>{row.publishedOn}</span>}
          </Space>
        </Space>
      ),
    },
    {
      title: c.amount,
      dataIndex: 'amount',
      width: 130,
      align: 'right',
      render: (fen: number, row) => (
        <Space orientation="vertical" size={2} align="end">
          <Money fen={fen} />
          <span className="money" style={{ fontSize: 12 }}>{`${row.contracts}${d.stats.contractSuffix}`}</span>
          {row.incomplete > 0 && (
            <Tag color="warning" title={d.incompleteHint(row.incomplete)} style={{ marginInlineEnd: 0 }}>
              {`${c.incomplete} ${row.incomplete}`}
            </Tag>
          )}
          {action(row)}
        </Space>
      ),
    },
  ];

  const totals = data?.totals;
  const empty = user?.role === 'business_office' ? d.emptyOffice : user?.role === 'unit_handler' || user?.role === 'lead_bureau' ? d.emptyUnit : d.empty;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        nav="disclosures"
        title={d.title}
        tags={
          <Typography.Text type="secondary" style={{ fontSize: 16 }}>
            {d.yearOption(year)}
          </Typography.Text>
        }
        subtitle={d.subtitle}
        extra={
          <Space wrap>
            {data?.mayGenerate && (
              <Popconfirm title={d.generateConfirm} onConfirm={() => void generate()} okText={d.generate} cancelText={m.common.cancel}>
                <Button type="primary" loading={generating} data-testid="disclosure-generate">
                  {data.generatedAt === null ? d.generate : d.regenerate}
                </Button>
              </Popconfirm>
            )}
            <Button href={`/api/disclosures/${year}/workbook`} download disabled={!data || data.rows.length === 0} data-testid="disclosure-download">
              {d.download}
            </Button>
          </Space>
        }
      />
      <Space wrap data-testid="disclosure-toolbar">
        <span>{d.year}</span>
        <Select
          aria-label={d.year}
          style={{ width: 130 }}
          value={year}
          onChange={(value: number) => update({ year: String(value) })}
          options={years.map((value) => ({ value, label: d.yearOption(value) }))}
          data-testid="disclosure-year"
        />
      </Space>
      {disclosure.error ? (
        <ErrorResult error={disclosure.error} onRetry={disclosure.reload} />
      ) : (
        <>
          {data && (
            <Alert
              type={data.yearEnded ? 'info' : 'warning'}
              showIcon
              title={
                <Space wrap size={[16, 0]}>
                  <span>{d.deadline(data.deadline)}</span>
                  <span>{data.generatedAt === null ? d.notGenerated : d.generatedAt(dayjs(data.generatedAt).format('YYYY-MM-DD HH:mm'))}</span>
                </Space>
              }
              description={data.yearEnded ? d.method(data.yearEnd) : d.yearNotEnded(year)}
              data-testid="disclosure-info"
            />
          )}
          <Row gutter={[12, 12]} data-testid="disclosure-totals">
            <Col xs={12} lg={6}>
              <Figure testId="disclosure-units" title={d.stats.units} value={totals ? `${totals.published} / ${totals.units}${d.stats.unitSuffix}` : '—'} />
            </Col>
            <Col xs={12} lg={6}>
              <Figure testId="disclosure-contracts" title={d.stats.contracts} value={totals ? `${totals.contracts}${d.stats.contractSuffix}` : '—'} danger={(totals?.contracts ?? 0) > 0} />
            </Col>
            <Col xs={12} lg={6}>
              <Figure testId="disclosure-amount" title={d.stats.amount} value={totals ? formatWanYuan(totals.amount) : '—'} danger={(totals?.amount ?? 0) > 0} />
            </Col>
            <Col xs={12} lg={6}>
              <Figure testId="disclosure-incomplete" title={d.stats.incomplete} value={totals ? `${totals.incomplete}${d.stats.contractSuffix}` : '—'} />
            </Col>
          </Row>
          <Card styles={{ body: { padding: wide ? 24 : 8 } }}>
            <Table<DisclosureRow>
              rowKey="unitId"
              size="small"
              loading={disclosure.loading}
              dataSource={data?.rows ?? []}
              columns={wide ? columns : narrowColumns}
              scroll={wide ? { x: 1100 } : undefined}
              pagination={false}
              locale={{ emptyText: <Empty description={empty} /> }}
              data-testid="disclosure-rows"
              summary={() =>
                totals && totals.units > 0 ? (
                  <Table.Summary>
                    <Table.Summary.Row style={{ fontWeight: 600 }} data-testid="disclosure-total">
                      <Table.Summary.Cell index={0}>{`${d.total}（${totals.units}${d.stats.unitSuffix}）`}</Table.Summary.Cell>
                      {wide ? (
                        <>
                          <Table.Summary.Cell index={1} align="right">
                            <span className="money">{totals.contracts}</span>
                          </Table.Summary.Cell>
                          <Table.Summary.Cell index={2} align="right">
                            <Money fen={totals.amount} />
                          </Table.Summary.Cell>
                          <Table.Summary.Cell index={3} align="right">
                            <span className="money">{totals.incomplete}</span>
                          </Table.Summary.Cell>
                          <Table.Summary.Cell index={4} colSpan={4}>{`${d.standing.published} ${totals.published}`}</Table.Summary.Cell>
                        </>
                      ) : (
                        <Table.Summary.Cell index={1} align="right">
                          <Money fen={totals.amount} />
                        </Table.Summary.Cell>
                      )}
                    </Table.Summary.Row>
                  </Table.Summary>
                ) : null
              }
            />
          </Card>
        </>
      )}
      {publishing && (
        <PublishModal
          year={year}
          row={publishing}
          onBehalf={user?.unit?.id !== publishing.unitId}
          onClose={() => setPublishing(null)}
          onDone={() => {
            setPublishing(null);
            message.success(d.published);
            disclosure.reload();
          }}
        />
      )}
    </Space>
  );
};

export default DisclosuresPage;
