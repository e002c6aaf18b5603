import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, List, Modal, Select, Space, Spin, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { PageContainer } from '../components/PageHeader.tsx';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { canMaintainSomePolicy } from '../../../src/domain/policy-library/access.ts';
import { POLICY_STATUSES, type PolicyStatus } from '../../../src/domain/policy-library/library.ts';
import type { PolicyView } from '../../../src/policy-library/read-policies.ts';
import { api, idempotencyKey, query } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { useUser } from '../app/auth.tsx';
import { useQueryParams, withParams } from '../app/search-params.ts';
import { dateProps } from '../case/form-rules.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { PolicyPublications } from '../policy/PolicyPublications.tsx';
import { PolicyImportModal } from './PolicyImportModal.tsx';

type PolicySummary = Omit<PolicyView, 'changes'>;

const STATUS_COLOR = { in_force: 'green', revised: 'blue', abolished: 'default' } satisfies Record<PolicyStatus, string>;

const PACKAGES = ['16条', '30条'];

/** A policy's status, and for one in force whether it applies today (未施行, 已过期). */
const PolicyStatusTag = ({ policy }: { policy: PolicySummary }) => {
  const { m } = useI18n();
  const p = m.policyLibrary;
  if (policy.status === 'in_force' && !policy.inForce) {
    const today = dayjs().format('YYYY-MM-DD');
    return <Tag color="orange">{policy.effectiveOn > today ? p.notYet : p.expired}</Tag>;
  }
  return <Tag color={STATUS_COLOR[policy.status]}>{p.status[policy.status]}</Tag>;
};

/** P7: abolish a policy in force from a date, with the reason. */
const AbolishModal = ({ policy, onClose, onDone }: { policy: PolicyView; onClose: () => void; onDone: () => void }) => {
  const { m } = useI18n();
  const a = m.policyLibrary.abolish;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ on: string; note: string }>();
  const key = useMemo(idempotencyKey, []);
  const { submit, sending: saving, error } = useFormSubmit(form, async (values: { on: string; note: string }) => {
    await api.post(`/api/policies/${policy.id}/changes`, { action: 'abolish', expectedVersion: policy.version, on: values.on, note: values.note }, { 'idempotency-key': key });
    message.success(a.done(policy.title));
    onDone();
  });
  return (
    <Modal open title={a.title} onCancel={onClose} okText={a.submit} okButtonProps={{ danger: true, loading: saving }} onOk={() => form.submit()}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph>{`《${policy.title}》（${policy.documentNo}）`}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ on: dayjs().format('YYYY-MM-DD') }}>
        <Form.Item name="on" label={a.on} rules={[{ required: true, message: m.common.choose(a.on) }]} {...dateProps}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={a.note} rules={[{ required: true, message: m.common.required(a.note) }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
};

/** One policy: its record, its clauses with their standard, eligibility and materials, its publications (P1) and its change log (P7). */
const PolicyDrawer = ({ id, onClose, onOpen, onChanged }: { id: string; onClose: () => void; onOpen: (id: string) => void; onChanged: () => void }) => {
  const { m } = useI18n();
  const p = m.policyLibrary;
  const d = p.detail;
  const loaded = useApi<PolicyView>(`/api/policies/${id}`);
  const [abolishing, setAbolishing] = useState(false);
  const policy = loaded.data;
  return (
    <Drawer open size={720} title={policy ? policy.title : p.title} onClose={onClose} data-testid="policy-drawer">
      {loaded.error && <ErrorResult error={loaded.error} onRetry={loaded.reload} />}
      {!policy && !loaded.error && <Spin />}
      {policy && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Space wrap>
            <PolicyStatusTag policy={policy} />
            {policy.packageTag && <Tag color="purple">{policy.packageTag}</Tag>}
            {policy.canMaintain && policy.status === 'in_force' && (
              <Button danger onClick={() => setAbolishing(true)}>
                {p.abolish.button}
              </Button>
            )}
          </Space>
          {policy.supersededBy && (
            <Alert type="info" showIcon title={d.supersededBy} action={<Button size="small" onClick={() => onOpen(policy.supersededBy!)}>{d.openSuccessor}</Button>} />
          )}
          <Descriptions
            column={{ xs: 1, md: 2 }}
            size="small"
            bordered
            items={[
              { key: 'no', label: p.columns.documentNo, children: policy.documentNo },
              { key: 'issuer', label: p.columns.issuer, children: policy.issuerName },
              { key: 'level', label: p.columns.level, children: `${policy.levelLabel}${m.common.enumSeparator}${policy.jurisdictionName}` },
              { key: 'published', label: d.publishedOn, children: <span className="money">{policy.publishedOn}</span> },
              { key: 'effective', label: p.columns.effectiveOn, children: <span className="money">{policy.effectiveOn}</span> },
              { key: 'expires', label: p.columns.expiresOn, children: <span className="money">{policy.expiresOn ?? p.noExpiry}</span> },
              ...(policy.endedOn ? [{ key: 'ended', label: d.endedOn, children: <span className="money">{policy.endedOn}</span> }] : []),
            ]}
          />
          <div>
            <Typography.Title level={5}>{d.clauses}</Typography.Title>
            <List
              dataSource={policy.clauses}
              rowKey="id"
              data-testid="policy-clauses"
              renderItem={(clause) => (
                <List.Item>
                  <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                    <Space wrap>
                      <Typography.Text strong>
                        {clause.article} {clause.title}
                      </Typography.Text>
                      <Tag color="blue">{clause.classLabel}</Tag>
                      {clause.noApplication && <Tag color="green">{d.noApplication}</Tag>}
                      {clause.fastTrack && <Tag color="cyan">{d.fastTrack}</Tag>}
                    </Space>
                    <Typography.Text type="secondary">{clause.content}</Typography.Text>
                    <Typography.Text>{m.common.labelled(d.amount, clause.amountText)}</Typography.Text>
                    <Typography.Text>{m.common.labelled(d.conditions, clause.conditionTexts.join('；') || d.noConditions)}</Typography.Text>
                    <Typography.Text>{m.common.labelled(d.materials, clause.materials.join('、') || d.noMaterials)}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </div>
          <PolicyPublications policyId={policy.id} />
          <div>
            <Typography.Title level={5}>{d.changes}</Typography.Title>
            <Timeline
              items={policy.changes.map((change) => ({
                key: change.seq,
                content: (
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>
                      {change.kindLabel} <Typography.Text type="secondary">{d.effectiveFrom(change.effectiveOn)}</Typography.Text>
                    </Typography.Text>
                    {change.note && <Typography.Text>{change.note}</Typography.Text>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {d.changeBy(change.actorName, dayjs(change.at).format('YYYY-MM-DD HH:mm'))}
                    </Typography.Text>
                  </Space>
                ),
              }))}
            />
          </div>
        </Space>
      )}
      {policy && abolishing && (
        <AbolishModal
          policy={policy}
          onClose={() => setAbolishing(false)}
          onDone={() => {
            setAbolishing(false);
            loaded.reload();
            onChanged();
          }}
        />
      )}
    </Drawer>
  );
};

/** 政策库 (P1, P7): every policy of the city, its counties and zones, filtered by status, package and word. */
const PolicyLibraryPage = () => {
  const { m } = useI18n();
  const p = m.policyLibrary;
  const [params, update] = useQueryParams();
  const status = params.get('status') ?? undefined;
  const packageTag = params.get('package') ?? undefined;
  const q = params.get('q') ?? undefined;
  const open = params.get('policy');
  const policies = useApi<{ items: PolicySummary[]; truncated: boolean }>(`/api/policies${query({ status, packageTag, q })}`);
  const user = useUser();
  const mayImport = canMaintainSomePolicy({ id: user.id, name: user.name, role: user.role, unitId: user.unit?.id ?? null, jurisdictionScope: user.jurisdictionScope });
  const [importing, setImporting] = useState(false);

  /** The page's address with one policy's drawer open, so a policy can be linked to and opened in a new tab. */
  const withPolicy = (id: string) => `?${withParams(params, { policy: id }).toString()}`;

  const c = p.columns;
  const columns: TableColumnsType<PolicySummary> = [
    {
      title: c.title,
      dataIndex: 'title',
      render: (title: string, row) => (
        <Space orientation="vertical" size={0}>
          <Link to={{ search: withPolicy(row.id) }}>{title}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.documentNo}
          </Typography.Text>
        </Space>
      ),
    },
    { title: c.issuer, dataIndex: 'issuerName', width: 220, responsive: ['md'] },
    { title: c.packageTag, dataIndex: 'packageTag', width: 90, render: (tag: string | null) => (tag ? <Tag color="purple">{tag}</Tag> : '—'), responsive: ['lg'] },
    { title: c.effectiveOn, dataIndex: 'effectiveOn', width: 110, render: (day: string) => <span className="money">{day}</span>, responsive: ['md'] },
    { title: c.expiresOn, dataIndex: 'expiresOn', width: 110, render: (day: string | null) => <span className="money">{day ?? p.noExpiry}</span>, responsive: ['lg'] },
    { title: c.clauses, dataIndex: 'clauses', width: 70, align: 'right', render: (clauses: unknown[]) => p.clauseCount(clauses.length), responsive: ['lg'] },
    { title: c.status, dataIndex: 'status', width: 100, render: (_, row) => <PolicyStatusTag policy={row} /> },
  ];

  return (
    <PageContainer
      nav="policies"
      title={p.title}
      subtitle={p.intro}
      extra={
        <Space wrap>
          <Link to="/policies/no-application">{m.noApplication.title}</Link>
          {mayImport && (
            <Button onClick={() => setImporting(true)} data-testid="policy-import-open">
              {p.importing.button}
            </Button>
          )}
        </Space>
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            style={{ width: 150 }}
            value={status ?? ''}
            onChange={(value) => update({ status: value })}
            aria-label={p.filters.status}
            options={[{ value: '', label: p.filters.allStatuses }, ...POLICY_STATUSES.map((value) => ({ value, label: p.status[value] }))]}
          />
          <Select
            style={{ width: 150 }}
            value={packageTag ?? ''}
            onChange={(value) => update({ package: value })}
            aria-label={p.filters.packageTag}
            options={[{ value: '', label: p.filters.allPackages }, ...PACKAGES.map((value) => ({ value, label: value }))]}
          />
          <Input.Search allowClear defaultValue={q} placeholder={p.filters.search} style={{ width: 280, maxWidth: '80vw' }} onSearch={(value) => update({ q: value.trim() })} />
        </Space>
        {policies.error && <ErrorResult error={policies.error} onRetry={policies.reload} />}
        {policies.data?.truncated && <Alert type="warning" showIcon title={p.truncated(policies.data.items.length)} style={{ marginBottom: 16 }} />}
        {!policies.error && (
          <Table
            rowKey="id"
            size="middle"
            loading={policies.loading}
            columns={columns}
            dataSource={policies.data?.items ?? []}
            locale={{ emptyText: p.empty }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="policy-table"
          />
        )}
        {open && <PolicyDrawer id={open} onClose={() => update({ policy: undefined })} onOpen={(id) => update({ policy: id })} onChanged={policies.reload} />}
        {mayImport && <PolicyImportModal open={importing} onClose={() => setImporting(false)} onImported={policies.reload} />}
      </Card>
    </PageContainer>
  );
};

export default PolicyLibraryPage;
