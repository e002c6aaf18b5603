import { Alert, App, DatePicker, Form, Input, Modal, Radio, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { PROMISE_LEGALITIES, type PromiseLegality } from '../../../src/domain/investment/register.ts';
import type { PromiseView } from '../../../src/investment/promise-views.ts';
import { api, idempotencyKey } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useUser } from '../app/auth.tsx';
import { dateProps } from '../case/form-rules.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface Values {
  legality: PromiseLegality;
  reason?: string;
  reviewedOn: string;
}

/** SPEC §3.3: the legality review of a promise — 合法合规, or 有瑕疵 with the reason — by the user and their unit. */
export const ReviewModal = ({ promise, onClose, onDone }: { promise: PromiseView; onClose: () => void; onDone: () => void }) => {
  const { m } = useI18n();
  const f = m.investmentRegister.reviewForm;
  const { message } = App.useApp();
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const key = useMemo(idempotencyKey, []);
  const legality = Form.useWatch('legality', form);
  const { submit, sending, error } = useFormSubmit(form, async (values: Values) => {
    await api.post(`/api/investment/promises/${promise.id}/reviews`, { legality: values.legality, reviewedOn: values.reviewedOn, ...(values.reason ? { reason: values.reason } : {}) }, { 'idempotency-key': key });
    message.success(f.saved);
    onDone();
  });
  return (
    <Modal open title={f.title} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: sending }} destroyOnHidden data-testid="review-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">{`${promise.clause} · ${promise.content}`}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ legality: promise.legality?.legality ?? 'compliant', reviewedOn: dayjs().format('YYYY-MM-DD') }}>
        <Form.Item name="legality" label={f.legality} rules={[{ required: true, message: m.common.choose(f.legality) }]}>
          <Radio.Group options={PROMISE_LEGALITIES.map((value) => ({ value, label: m.investmentRegister.legality[value] }))} />
        </Form.Item>
        <Form.Item name="reason" label={f.reason} rules={[{ required: legality === 'flawed', whitespace: true, message: f.reasonRequired }]}>
          <Input.TextArea rows={3} maxLength={2_000} />
        </Form.Item>
        <Form.Item name="reviewedOn" label={f.reviewedOn} rules={[{ required: true, message: m.common.choose(f.reviewedOn) }]} {...dateProps}>
          <DatePicker />
        </Form.Item>
        <Typography.Text type="secondary">{f.reviewer(user.name, user.unit?.name ?? '')}</Typography.Text>
      </Form>
    </Modal>
  );
};
