import { Alert, App, Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import type { CreditRecordView } from '../../../src/credit/get-credit-record.ts';
import type { CreditAction, CreditCommand } from '../../../src/domain/credit/commands.ts';
import { api, idempotencyKey } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface Values {
  reason?: string;
  measures?: string;
  decision?: string;
}

/** The form of one step on a breach record, sent with the record's version and a fresh Idempotency-Key. */
export const CreditActionModal = ({
  record,
  action,
  onClose,
  onDone,
}: {
  record: CreditRecordView;
  action: CreditAction;
  onClose: () => void;
  onDone: (view: CreditRecordView) => void;
}) => {
  const { m } = useI18n();
  const c = m.credit;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [key] = useState(idempotencyKey);

  const command = (values: Values): CreditCommand => {
    const expectedVersion = record.version;
    switch (action) {
      case 'object':
        return { action, expectedVersion, reason: values.reason ?? '' };
      case 'apply_repair':
        return { action, expectedVersion, measures: values.measures ?? '' };
      case 'decide_objection':
        return { action, expectedVersion, decision: values.decision as 'upheld' | 'rejected', reason: values.reason ?? '' };
      case 'decide_repair':
        return { action, expectedVersion, decision: values.decision as 'approved' | 'rejected', reason: values.reason ?? '' };
    }
  };

  const { submit, sending, error } = useFormSubmit(form, async (values: Values) => {
    const view = await api.post<CreditRecordView>(`/api/credit/records/${record.id}/actions`, command(values), { 'idempotency-key': key });
    message.success(c.done);
    onDone(view);
  });

  const f = c.actionFields;
  const required = (label: string) => [{ required: true, whitespace: true, message: m.common.required(label) }];
  const decisions =
    action === 'decide_objection'
      ? [
          { value: 'rejected', label: c.objectionDecision.rejected },
          { value: 'upheld', label: c.objectionDecision.upheld },
        ]
      : [
          { value: 'approved', label: c.repairDecision.approved },
          { value: 'rejected', label: c.repairDecision.rejected },
        ];

  return (
    <Modal
      open
      title={`${c.actions[action]} · ${record.number}`}
      okText={m.common.submit}
      cancelText={m.common.cancel}
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="credit-action-modal"
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        {action === 'object' && (
          <Form.Item name="reason" label={f.reason} rules={required(f.reason)}>
            <Input.TextArea rows={4} maxLength={5000} showCount placeholder={f.reasonPlaceholder} />
          </Form.Item>
        )}
        {action === 'apply_repair' && (
          <Form.Item name="measures" label={f.measures} rules={required(f.measures)}>
            <Input.TextArea rows={4} maxLength={5000} showCount placeholder={f.measuresPlaceholder} />
          </Form.Item>
        )}
        {(action === 'decide_objection' || action === 'decide_repair') && (
          <>
            {action === 'decide_objection' && record.objectionReason && <Alert type="warning" title={`${c.fields.objection}：${record.objectionReason}`} style={{ marginBottom: 16 }} />}
            {action === 'decide_repair' && record.repairMeasures && <Alert type="info" title={`${c.fields.repairMeasures}：${record.repairMeasures}`} style={{ marginBottom: 16 }} />}
            <Form.Item name="decision" label={action === 'decide_objection' ? f.decision : f.repairDecision} rules={[{ required: true, message: m.common.choose(f.decision) }]}>
              <Radio.Group options={decisions} />
            </Form.Item>
            <Form.Item name="reason" label={action === 'decide_objection' ? f.decisionReason : f.repairReason} rules={required(f.decisionReason)}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
};
