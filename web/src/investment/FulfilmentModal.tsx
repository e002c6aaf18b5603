import { Alert, App, Checkbox, DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { formatMu, parseMu } from '../../../src/domain/investment/area.ts';
import { isQuantified } from '../../../src/domain/investment/promise-status.ts';
import { formatYuan, parseYuan } from '../../../src/domain/money.ts';
import type { PromiseView } from '../../../src/investment/promise-views.ts';
import { api, idempotencyKey } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { dateProps, moneyRule } from '../case/form-rules.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface Values {
  deliveredOn: string;
  amount?: string;
  area?: string;
  description: string;
  voucher?: string;
  completes?: boolean;
}

/** S6 (实时跟踪): what was delivered on a promise — the day, the amount or area of what it promised, what and the voucher. */
export const FulfilmentModal = ({ promise, onClose, onDone }: { promise: PromiseView; onClose: () => void; onDone: () => void }) => {
  const { m } = useI18n();
  const f = m.investmentRegister.fulfilmentForm;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const key = useMemo(idempotencyKey, []);
  const { submit, sending, error } = useFormSubmit(form, async (values: Values) => {
    await api.post(
      `/api/investment/promises/${promise.id}/fulfilments`,
      {
        deliveredOn: values.deliveredOn,
        ...(values.amount ? { amount: parseYuan(values.amount) } : {}),
        ...(values.area ? { area: parseMu(values.area) } : {}),
        description: values.description,
        ...(values.voucher ? { voucher: values.voucher } : {}),
        completes: values.completes === true,
      },
      { 'idempotency-key': key },
    );
    message.success(f.saved);
    onDone();
  });
  const quantified = isQuantified(promise);
  return (
    <Modal open title={f.title} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: sending }} destroyOnHidden data-testid="fulfilment-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">{`${promise.clause} · ${promise.content}`}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ deliveredOn: dayjs().format('YYYY-MM-DD'), completes: false }}>
        <Form.Item name="deliveredOn" label={f.deliveredOn} rules={[{ required: true, message: m.common.choose(f.deliveredOn) }]} {...dateProps}>
          <DatePicker />
        </Form.Item>
        {promise.amount !== null && (
          <Form.Item name="amount" label={f.amount} rules={[moneyRule]} extra={f.outstanding(formatYuan(promise.outstandingAmount ?? 0))}>
            <Input className="money" />
          </Form.Item>
        )}
        {promise.area !== null && (
          <Form.Item name="area" label={f.area} extra={f.outstanding(formatMu(promise.outstandingArea ?? 0))}>
            <Input className="money" />
          </Form.Item>
        )}
        <Form.Item name="description" label={f.description} rules={[{ required: true, message: m.common.required(f.description) }]}>
          <Input.TextArea rows={2} maxLength={2_000} />
        </Form.Item>
        <Form.Item name="voucher" label={f.voucher}>
          <Input maxLength={300} placeholder={f.voucherPlaceholder} />
        </Form.Item>
        {!quantified && (
          <Form.Item name="completes" valuePropName="checked">
            <Checkbox>{f.completes}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
};
