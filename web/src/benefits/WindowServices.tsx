import { Alert, App, Button, Form, Input, List, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import type { WindowServiceRow } from '../../../src/benefits/window-services.ts';
import {
  WINDOW_SERVICE_CHANNEL_LABEL,
  WINDOW_SERVICE_CHANNELS,
  WINDOW_SERVICE_KIND_LABEL,
  WINDOW_SERVICE_KINDS,
  type WindowServiceInput,
} from '../../../src/domain/benefits/window-service.ts';
import type { PolicyView } from '../../../src/policy-library/read-policies.ts';
import { api, idempotencyKey, query } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** The form of one consultation or coaching at the window: who, about what, asked and answered. */
const RecordModal = ({ onClose, onDone }: { onClose: () => void; onDone: () => void }) => {
  const { m } = useI18n();
  const s = m.benefits.services;
  const { message } = App.useApp();
  const [form] = Form.useForm<WindowServiceInput>();
  const [search, setSearch] = useState('');
  const key = useMemo(idempotencyKey, []);
  const enterprises = useApi<{ items: { unitId: string; name: string }[] }>(`/api/enterprises${query({ q: search || undefined })}`);
  const policies = useApi<{ items: Omit<PolicyView, 'changes'>[] }>('/api/policies?status=in_force');
  const policyId = Form.useWatch('policyId', form);
  const clauses = policies.data?.items.find((policy) => policy.id === policyId)?.clauses ?? [];
  const { submit, sending: saving, error } = useFormSubmit(form, async (values: WindowServiceInput) => {
    await api.post('/api/window-services', values, { 'idempotency-key': key });
    message.success(s.saved);
    onDone();
  });
  const required = (label: string) => [{ required: true, message: m.common.required(label) }];
  return (
    <Modal open title={s.title} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: saving }} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="window-service-error" />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'consultation', channel: 'counter' }}>
        <Form.Item name="kind" label={s.kind}>
          <Radio.Group options={WINDOW_SERVICE_KINDS.map((value) => ({ value, label: WINDOW_SERVICE_KIND_LABEL[value] }))} />
        </Form.Item>
        <Form.Item name="channel" label={s.channel}>
          <Radio.Group options={WINDOW_SERVICE_CHANNELS.map((value) => ({ value, label: WINDOW_SERVICE_CHANNEL_LABEL[value] }))} />
        </Form.Item>
        <Form.Item name="enterpriseUnitId" label={s.enterprise} extra={s.enterpriseHelp}>
          <Select
            allowClear
            showSearch={{ filterOption: false, onSearch: setSearch }}
            aria-label={s.enterprise}
            options={(enterprises.data?.items ?? []).map((item) => ({ value: item.unitId, label: item.name }))}
          />
        </Form.Item>
        <Form.Item name="enterpriseName" label={s.enterpriseName}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="policyId" label={s.policy}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} aria-label={s.policy} options={(policies.data?.items ?? []).map((policy) => ({ value: policy.id, label: `${policy.title}（${policy.documentNo}）` }))} />
        </Form.Item>
        {policyId && (
          <Form.Item name="clauseId" label={s.clause}>
            <Select allowClear aria-label={s.clause} options={clauses.map((clause) => ({ value: clause.id, label: `${clause.article} ${clause.title}` }))} />
          </Form.Item>
        )}
        <Form.Item name="question" label={s.question} rules={required(s.question)}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="answer" label={s.answer} rules={required(s.answer)}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
};

/** 咨询与辅导: what the service hall was asked and answered, newest first, and the form to record one. */
export const WindowServices = ({ canRecord }: { canRecord: boolean }) => {
  const { m } = useI18n();
  const s = m.benefits.services;
  const list = useApi<{ items: WindowServiceRow[] }>('/api/window-services');
  const [recording, setRecording] = useState(false);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {canRecord && (
        <Button type="primary" onClick={() => setRecording(true)}>
          {s.record}
        </Button>
      )}
      {list.error && <ErrorResult error={list.error} onRetry={list.reload} />}
      <List
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: s.empty }}
        data-testid="window-services"
        renderItem={(item) => (
          <List.Item>
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <Tag color={item.kind === 'coaching' ? 'purple' : 'blue'}>{item.kindLabel}</Tag>
                <Tag>{item.channelLabel}</Tag>
                <Typography.Text strong>{item.enterpriseName}</Typography.Text>
              </Space>
              {item.policy && <Typography.Text type="secondary">{item.policy}</Typography.Text>}
              <Typography.Text>{m.common.labelled(s.question, item.question)}</Typography.Text>
              <Typography.Text>{m.common.labelled(s.answer, item.answer)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {s.by(item.servedByName, dayjs(item.servedAt).format('YYYY-MM-DD HH:mm'))}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {recording && (
        <RecordModal
          onClose={() => setRecording(false)}
          onDone={() => {
            setRecording(false);
            list.reload();
          }}
        />
      )}
    </Space>
  );
};
