import { Alert, App, Form, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { DisbursementLimits } from '../../../src/domain/benefits/disbursement.ts';
import { api } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useApi } from '../api/hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** 营商办 sets how many working days approved funds may wait before the sweep raises a case (P5). */
export const LimitsModal = ({ onClose }: { onClose: () => void }) => {
  const { m } = useI18n();
  const l = m.benefits.limits;
  const { message } = App.useApp();
  const current = useApi<DisbursementLimits>('/api/benefit-settings');
  const [form] = Form.useForm<DisbursementLimits>();
  const { submit, sending: saving, error } = useFormSubmit(form, async (values: DisbursementLimits) => {
    await api.put('/api/benefit-settings', values);
    message.success(l.saved);
    onClose();
  });
  return (
    <Modal open title={l.title} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: saving, disabled: !current.data }} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">{l.intro}</Typography.Paragraph>
      {current.data && (
        <Form form={form} layout="vertical" onFinish={submit} initialValues={current.data}>
          <Form.Item name="fastTrackWorkingDays" label={l.fastTrack} rules={[{ required: true, message: m.common.required(l.fastTrack) }]}>
            <InputNumber min={1} max={365} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="standardWorkingDays" label={l.standard} rules={[{ required: true, message: m.common.required(l.standard) }]}>
            <InputNumber min={1} max={365} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
};
