import { Alert, App, DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { CreditRecordView } from '../../../src/credit/get-credit-record.ts';
import { PAYMENT_REGULATION } from '../../../src/domain/payment-regulation.ts';
import type { CreditAction, CreditCommand } from '../../../src/domain/credit/commands.ts';
import type { RefusalGround } from '../../../src/domain/credit/states.ts';
import { api, idempotencyKey } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { BasisField } from './BasisField.tsx';
import { dateProps } from './OrderRectificationModal.tsx';

interface Values {
  reason?: string;
  measures?: string;
  decision?: string;
  rectifiedOn?: string;
  evidence?: string;
  ground?: RefusalGround;
  facts?: string;
  basis?: string;
  breachOn?: string;
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
  const today = dayjs().format('YYYY-MM-DD');

  const command = (values: Values): CreditCommand => {
    const expectedVersion = record.version;
    switch (action) {
      case 'record_rectified':
        return { action, expectedVersion, rectifiedOn: values.rectifiedOn ?? '', evidence: values.evidence ?? '' };
      case 'record_refusal':
        return { action, expectedVersion, ground: values.ground ?? 'written', facts: values.facts ?? '' };
      case 'record':
        return { action, expectedVersion, facts: values.facts ?? '', basis: values.basis ?? '', breachOn: values.breachOn ?? '' };
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
    message.success(action === 'record' ? c.recorded(view.number) : c.done);
    onDone(view);
  });

  const f = c.actionFields;
  const required = (label: string) => [{ required: true, whitespace: true, message: m.common.required(label) }];
  const deadline = record.rectificationDeadline ?? '';
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
  // The determination starts from the order's facts and the recorded refusal, and the order's basis.
  const initialValues: Values =
    action === 'record_rectified'
      ? { rectifiedOn: deadline === '' || today <= deadline ? today : undefined }
      : action === 'record_refusal'
        ? { ground: record.rectificationOverdue ? 'lapse' : 'written' }
        : action === 'record'
          ? { facts: [record.facts, record.refusalFacts].filter(Boolean).join(''), basis: record.basis, breachOn: today }
          : {};

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
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={initialValues}>
        {action === 'record_rectified' && (
          <>
            <Alert type={record.breachRemedied ? 'success' : 'info'} showIcon title={record.breachRemedied ? f.remedied : f.deadlineHint(deadline)} style={{ marginBottom: 16 }} />
            <Form.Item name="rectifiedOn" label={f.rectifiedOn} rules={[{ required: true, message: m.common.required(f.rectifiedOn) }]} extra={f.deadlineHint(deadline)} {...dateProps}>
              <DatePicker style={{ width: 200 }} disabledDate={(day) => day.isAfter(dayjs(today), 'day') || (record.orderedOn !== null && day.isBefore(dayjs(record.orderedOn), 'day'))} />
            </Form.Item>
            <Form.Item name="evidence" label={f.evidence} rules={required(f.evidence)}>
              <Input.TextArea rows={4} maxLength={5000} showCount placeholder={f.evidencePlaceholder} />
            </Form.Item>
          </>
        )}
        {action === 'record_refusal' && (
          <>
            <Form.Item name="ground" label={f.ground} rules={[{ required: true, message: m.common.choose(f.ground) }]}>
              <Radio.Group
                options={[
                  {
                    value: 'lapse',
                    label: record.rectificationOverdue ? c.refusalGround.lapse : m.common.parenthesized(c.refusalGround.lapse, f.lapseNotYet(deadline)),
                    disabled: !record.rectificationOverdue,
                  },
                  { value: 'written', label: c.refusalGround.written },
                ]}
              />
            </Form.Item>
            <Form.Item name="facts" label={f.refusalFacts} rules={required(f.refusalFacts)}>
              <Input.TextArea rows={4} maxLength={5000} showCount placeholder={f.refusalFactsPlaceholder} />
            </Form.Item>
          </>
        )}
        {action === 'record' && (
          <>
            <Form.Item name="facts" label={f.determineFacts} rules={required(f.determineFacts)}>
              <Input.TextArea rows={4} maxLength={5000} showCount />
            </Form.Item>
            <BasisField form={form} articles={record.basis.startsWith(PAYMENT_REGULATION)} />
            <Form.Item name="breachOn" label={f.breachOn} rules={[{ required: true, message: m.common.required(f.breachOn) }]} {...dateProps}>
              <DatePicker
                style={{ width: 200 }}
                disabledDate={(day) => day.isAfter(dayjs(today), 'day') || (record.refusedOn !== null && day.isBefore(dayjs(record.refusedOn), 'day'))}
              />
            </Form.Item>
          </>
        )}
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
