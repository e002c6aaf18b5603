import { CopyOutlined, ReloadOutlined } from '@ant-design/icons';
import { PageHeader } from '../components/PageHeader.tsx';
import { Alert, App, Button, Card, Drawer, Empty, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { WebhookDeliveryStatus } from '../../../src/db/schema.ts';
import { CASE_ACTIONS } from '../../../src/domain/case/actions.ts';
import type { WebhookDeliveryView, WebhookSubscriptionView } from '../../../src/webhooks/webhook-subscriptions.ts';
import { api } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** The event types a subscription may ask for, as the API lists them: `register`, every action, and each notice (`notification`). */
const EVENT_TYPES = ['register', ...CASE_ACTIONS, 'notification'] as const;
type EventType = (typeof EVENT_TYPES)[number];

const DELIVERY_COLOR = { pending: 'gold', delivered: 'green', failed: 'red' } satisfies Record<WebhookDeliveryStatus, string>;

const instant = (iso: string | null) => (iso === null ? '—' : dayjs(iso).format('YYYY-MM-DD HH:mm:ss'));

const useEventLabel = () => {
  const { m } = useI18n();
  return (type: string) =>
    type === 'register' ? m.system.registerEvent : type === 'notification' ? m.system.notificationEvent : (m.action[type as Exclude<EventType, 'register' | 'notification'>] ?? type);
};

interface NewSubscription {
  url: string;
  eventTypes?: EventType[];
}

/** The create form; on success the parent shows the secret, once. */
const NewSubscriptionModal = ({ onClose, onCreated }: { onClose: () => void; onCreated: (created: WebhookSubscriptionView & { secret: string }) => void }) => {
  const { m } = useI18n();
  const s = m.system;
  const label = useEventLabel();
  const [form] = Form.useForm<NewSubscription>();

  const { submit, sending, error } = useFormSubmit(form, async (values: NewSubscription) => {
    onCreated(await api.post<WebhookSubscriptionView & { secret: string }>('/api/webhook-subscriptions', { url: values.url.trim(), eventTypes: values.eventTypes ?? [] }));
  });

  return (
    <Modal
      open
      width={640}
      title={s.create.title}
      okText={s.create.submit}
      cancelText={m.common.cancel}
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="webhook-new-modal"
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<NewSubscription> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="url" label={s.fields.url} extra={s.create.urlHint} rules={[{ required: true, whitespace: true, message: s.create.urlRequired }]}>
          <Input placeholder={s.create.urlPlaceholder} data-testid="webhook-url" />
        </Form.Item>
        <Form.Item name="eventTypes" label={s.fields.eventTypes} extra={s.create.eventTypesHint}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            placeholder={s.allEvents}
            options={EVENT_TYPES.map((type) => ({ value: type, label: label(type) }))}
            data-testid="webhook-event-types"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
};

/** The signing secret, shown this once with a copy button (the API never returns it again). */
const SecretModal = ({ secret, onClose }: { secret: string; onClose: () => void }) => {
  const { m } = useI18n();
  const s = m.system.secret;
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      message.success(s.copied);
    } catch {
      // No clipboard (an insecure origin): the secret stays selectable on screen.
    }
  };
  return (
    <Modal
      open
      title={s.title}
      closable={false}
      maskClosable={false}
      keyboard={false}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="webhook-secret-done">
          {s.done}
        </Button>
      }
      data-testid="webhook-secret-modal"
    >
      <Alert type="warning" showIcon title={s.warning} style={{ marginBottom: 12 }} />
      <Space.Compact style={{ width: '100%' }}>
        <Input readOnly value={secret} className="money" onFocus={(event) => event.target.select()} data-testid="webhook-secret" />
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="webhook-secret-copy">
          {s.copy}
        </Button>
      </Space.Compact>
    </Modal>
  );
};

/** A subscription's latest deliveries: status, attempts, the last error and the next attempt. */
const DeliveryLog = ({ subscription, onClose }: { subscription: WebhookSubscriptionView; onClose: () => void }) => {
  const { m } = useI18n();
  const t = m.system.log;
  const label = useEventLabel();
  const loaded = useApi<{ items: WebhookDeliveryView[] }>(`/api/webhook-subscriptions/${subscription.id}/deliveries`);
  const columns: TableColumnsType<WebhookDeliveryView> = [
    { title: t.createdAt, dataIndex: 'createdAt', width: 170, render: (at: string) => <span className="money">{instant(at)}</span> },
    { title: t.eventType, dataIndex: 'eventType', width: 120, render: (type: string) => label(type) },
    {
      title: t.status,
      dataIndex: 'status',
      width: 90,
      render: (status: WebhookDeliveryStatus) => (
        <Tag color={DELIVERY_COLOR[status]} data-delivery-status={status}>
          {m.system.deliveryStatus[status]}
        </Tag>
      ),
    },
    { title: t.attempts, dataIndex: 'attempts', width: 80, align: 'right' },
    { title: t.lastStatus, dataIndex: 'lastStatus', width: 80, render: (status: number | null) => <span className="money">{status ?? '—'}</span> },
    { title: t.lastError, dataIndex: 'lastError', ellipsis: true, render: (error: string | null) => error ?? '—' },
    {
      title: t.nextAttempt,
      dataIndex: 'nextAttemptAt',
      width: 170,
      render: (at: string, row) => <span className="money">{row.status === 'pending' ? instant(at) : '—'}</span>,
    },
    { title: t.deliveredAt, dataIndex: 'deliveredAt', width: 170, render: (at: string | null) => <span className="money">{instant(at)}</span> },
  ];
  return (
    <Drawer
      open
      size={1100}
      title={t.title(subscription.url)}
      onClose={onClose}
      extra={
        <Button icon={<ReloadOutlined />} onClick={loaded.reload} data-testid="webhook-log-refresh">
          {t.refresh}
        </Button>
      }
      data-testid="webhook-log"
    >
      {loaded.error ? (
        <ErrorResult error={loaded.error} onRetry={loaded.reload} />
      ) : (
        <>
          <Table<WebhookDeliveryView>
            rowKey="id"
            size="small"
            loading={loaded.loading}
            columns={columns}
            dataSource={loaded.data?.items ?? []}
            pagination={false}
            expandable={{
              expandedRowRender: (row) => <Typography.Text className="money">{row.eventId}</Typography.Text>,
            }}
            locale={{ emptyText: <Empty description={t.empty} /> }}
            data-testid="webhook-deliveries"
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t.latest}
          </Typography.Text>
        </>
      )}
    </Drawer>
  );
};

/**
 * 系统管理 (the system administrator's page, 三员分立): outbound webhook subscriptions — list,
 * create (the signing secret shown once), deactivate or activate — and each one's delivery log.
 */
const SystemPage = () => {
  const { m } = useI18n();
  const s = m.system;
  const { message } = App.useApp();
  const label = useEventLabel();
  const subscriptions = useApi<{ items: WebhookSubscriptionView[] }>('/api/webhook-subscriptions');
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [log, setLog] = useState<WebhookSubscriptionView | null>(null);
  const [switching, setSwitching] = useState<string | null>(null);

  const setActive = async (row: WebhookSubscriptionView, active: boolean) => {
    setSwitching(row.id);
    try {
      await api.patch<WebhookSubscriptionView>(`/api/webhook-subscriptions/${row.id}`, { active });
      message.success(active ? s.activated : s.deactivated);
      subscriptions.reload();
    } catch (caught) {
      message.error(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setSwitching(null);
    }
  };

  const f = s.fields;
  const columns: TableColumnsType<WebhookSubscriptionView> = [
    { title: f.url, dataIndex: 'url', render: (url: string) => <Typography.Text className="money" copyable={{ text: url }}>{url}</Typography.Text> },
    {
      title: f.eventTypes,
      dataIndex: 'eventTypes',
      width: 260,
      render: (types: string[]) =>
        types.length === 0 ? (
          <Tag>{s.allEvents}</Tag>
        ) : (
          <Space size={4} wrap>
            {types.map((type) => (
              <Tag key={type} style={{ marginInlineEnd: 0 }}>
                {label(type)}
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      title: f.status,
      dataIndex: 'active',
      width: 90,
      render: (active: boolean) => (
        <Tag color={active ? 'green' : 'default'} data-active={active}>
          {active ? s.active : s.inactive}
        </Tag>
      ),
    },
    { title: f.secretHint, dataIndex: 'secretHint', width: 100, render: (hint: string) => <span className="money">{hint}</span> },
    { title: f.createdAt, dataIndex: 'createdAt', width: 170, render: (at: string) => <span className="money">{instant(at)}</span> },
    {
      title: f.operations,
      width: 190,
      render: (_, row) => (
        <Space>
          <Button size="small" onClick={() => setLog(row)} data-testid="webhook-open-log">
            {s.deliveries}
          </Button>
          <Button size="small" danger={row.active} loading={switching === row.id} onClick={() => void setActive(row, !row.active)} data-testid="webhook-toggle">
            {row.active ? s.deactivate : s.activate}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader nav="system" title={s.title} subtitle={s.subtitle} />
      <Card
        title={s.subscriptions}
        extra={
          <Button type="primary" onClick={() => setAdding(true)} data-testid="webhook-add">
            {s.add}
          </Button>
        }
      >
        {subscriptions.error ? (
          <ErrorResult error={subscriptions.error} onRetry={subscriptions.reload} />
        ) : (
          <Table<WebhookSubscriptionView>
            rowKey="id"
            loading={subscriptions.loading}
            columns={columns}
            dataSource={subscriptions.data?.items ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={s.empty} /> }}
            data-testid="webhook-subscriptions"
          />
        )}
      </Card>
      {adding && (
        <NewSubscriptionModal
          onClose={() => setAdding(false)}
          onCreated={(created) => {
            setAdding(false);
            setSecret(created.secret);
            subscriptions.reload();
          }}
        />
      )}
      {secret !== null && <SecretModal secret={secret} onClose={() => setSecret(null)} />}
      {log && <DeliveryLog key={log.id} subscription={log} onClose={() => setLog(null)} />}
    </Space>
  );
};

export default SystemPage;
