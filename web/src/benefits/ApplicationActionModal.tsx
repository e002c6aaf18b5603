import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select, type ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import type { ApplicationView } from '../../../src/benefits/read-applications.ts';
import type { ApplicationAction } from '../../../src/domain/benefits/application.ts';
import { api, idempotencyKey } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { dateProps } from '../case/form-rules.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { MaterialPicker } from './MaterialPicker.tsx';
import { UploadingHint, useUploadTracker } from '../case/upload-tracker.tsx';

const WAN_FEN = 1_000_000;
/** 万元 with at most two decimals as 分, without floating-point residue. */
const wanToFen = (wan: number): number => Math.round(wan * 100) * (WAN_FEN / 100);

interface ActionForm {
  missing?: string[];
  files?: Record<string, string>;
  amountWan?: number;
  budgetSource?: string;
  note?: string;
  reason?: string;
  paidOn?: string;
  voucher?: string;
}

/** The fields each step asks for, as the server's command takes them. */
const commandOf = (action: ApplicationAction, values: ActionForm, application: ApplicationView) => {
  switch (action) {
    case 'request_supplement':
      return { missing: values.missing ?? [], note: values.note ?? '' };
    case 'supplement':
      return { materials: application.missing.map((name) => ({ name, attachmentId: values.files?.[name] ?? '' })), note: values.note ?? '' };
    case 'approve':
      return { amount: wanToFen(values.amountWan ?? 0), budgetSource: values.budgetSource ?? '', note: values.note ?? '' };
    case 'refuse':
      return { reason: values.reason ?? '' };
    case 'disburse':
      return { paidOn: values.paidOn, amount: wanToFen(values.amountWan ?? 0), note: values.note ?? '', ...(values.voucher ? { voucherAttachmentId: values.voucher } : {}) };
  }
};

/** One step on an application: its form, sent on the version the drawer read. */
export const ApplicationActionModal = ({ application, action, onClose, onDone }: { application: ApplicationView; action: ApplicationAction; onClose: () => void; onDone: () => void }) => {
  const { m } = useI18n();
  const b = m.benefits;
  const f = b.form;
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionForm>();
  const key = useMemo(idempotencyKey, []);
  const { uploading, Uploads } = useUploadTracker();
  const outstanding = ((application.approvedAmount ?? 0) - application.disbursedAmount) / WAN_FEN;
  const rule = application.clause.amountRule;
  const initial: ActionForm =
    action === 'approve' && rule.kind === 'fixed'
      ? { amountWan: rule.amount / WAN_FEN }
      : action === 'approve' && rule.kind === 'none'
        ? { amountWan: 0 }
        : action === 'disburse'
          ? { amountWan: outstanding, paidOn: dayjs().format('YYYY-MM-DD'), budgetSource: application.budgetSource ?? undefined }
          : {};
  const { submit, sending: saving, error } = useFormSubmit(form, async (values: ActionForm) => {
    await api.post(`/api/benefit-applications/${application.id}/actions`, { action, expectedVersion: application.version, ...commandOf(action, values, application) }, { 'idempotency-key': key });
    message.success(f.done(b.action[action]));
    onDone();
  });
  const required = (label: string) => [{ required: true, message: m.common.required(label) }];
  return (
    <Modal
      open
      title={`${b.action[action]} · ${application.enterpriseName}`}
      onCancel={onClose}
      okText={b.action[action]}
      okButtonProps={{ loading: saving, disabled: uploading, danger: action === 'refuse', 'data-testid': 'application-action-submit' } as ButtonProps}
      onOk={() => !uploading && form.submit()}
      footer={(_, { OkBtn, CancelBtn }) => (
        <>
          <UploadingHint uploading={uploading} />
          <CancelBtn />
          <OkBtn />
        </>
      )}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="application-action-error" />}
      <Uploads>
        <Form form={form} layout="vertical" onFinish={submit} initialValues={initial}>
          {action === 'request_supplement' && (
            <Form.Item name="missing" label={f.missing} extra={f.missingHelp} rules={[{ required: true, message: m.common.required(f.missing) }]}>
              <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={['，', ',', '、']} />
            </Form.Item>
          )}
          {action === 'supplement' &&
            application.missing.map((name) => (
              <Form.Item key={name} name={['files', name]} label={name} rules={[{ required: true, message: b.materialRequired(name) }]}>
                <MaterialPicker name={name} />
              </Form.Item>
            ))}
          {(action === 'approve' || action === 'disburse') && (
            <Form.Item name="amountWan" label={action === 'approve' ? f.amount : f.paidAmount} rules={required(action === 'approve' ? f.amount : f.paidAmount)}>
              <InputNumber min={0} max={90_000_000_000} precision={2} style={{ width: 200 }} disabled={action === 'approve' && rule.kind !== 'rate'} />
            </Form.Item>
          )}
          {action === 'approve' && (
            <Form.Item name="budgetSource" label={f.budgetSource}>
              <Input maxLength={200} />
            </Form.Item>
          )}
          {action === 'disburse' && (
            <>
              <Form.Item name="paidOn" label={f.paidOn} rules={[{ required: true, message: m.common.choose(f.paidOn) }]} {...dateProps}>
                <DatePicker style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="voucher" label={f.voucher}>
                <MaterialPicker name={f.voucher} />
              </Form.Item>
            </>
          )}
          {action === 'refuse' && (
            <Form.Item name="reason" label={f.reason} rules={required(f.reason)}>
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          )}
          {action !== 'refuse' && (
            <Form.Item name="note" label={action === 'approve' ? f.opinion : action === 'disburse' ? f.paymentNote : f.supplementNote}>
              <Input.TextArea rows={2} maxLength={1000} showCount />
            </Form.Item>
          )}
        </Form>
      </Uploads>
    </Modal>
  );
};
