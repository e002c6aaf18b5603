import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import type { RegistrationView } from '../../../src/accounts/enterprise-registrations.ts';
import { api } from '../api/client.ts';
import { useFormSubmit } from '../api/form-submit.ts';
import { useJurisdictions } from '../api/hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * 通过: the enterprise the platform knows by the credit code is reused; a new one is registered in
 * the county chosen (the registrant's, unless staff correct it).
 */
export const ConfirmRegistrationModal = ({ registration, onClose, onDone }: { registration: RegistrationView; onClose: () => void; onDone: () => void }) => {
  const { m } = useI18n();
  const r = m.registrations;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ jurisdictionId: string }>();
  const jurisdictions = useJurisdictions();
  const { submit, sending, error } = useFormSubmit(form, async (values: { jurisdictionId: string }) => {
    await api.post(`/api/enterprise-registrations/${registration.id}/confirm`, registration.existingUnit ? {} : { jurisdictionId: values.jurisdictionId });
    message.success(r.confirmed);
    onDone();
  });
  return (
    <Modal
      open
      title={r.confirmTitle(registration.enterpriseName)}
      okText={r.confirm}
      cancelText={m.common.cancel}
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="registration-confirm-modal"
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">{r.confirmHint}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ jurisdictionId: registration.jurisdiction.id }}>
        {registration.existingUnit ? (
          <Alert type="info" showIcon title={r.confirmExisting(registration.existingUnit.name)} />
        ) : (
          <>
            <Typography.Paragraph>{r.confirmNew}</Typography.Paragraph>
            <Form.Item name="jurisdictionId" label={r.confirmJurisdiction} rules={[{ required: true, message: m.common.choose(r.confirmJurisdiction) }]}>
              <Select
                loading={jurisdictions.loading}
                options={(jurisdictions.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
                aria-label={r.confirmJurisdiction}
              />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
};

/** 不通过, with the reason the registrant reads when it looks its registration up. */
export const RejectRegistrationModal = ({ registration, onClose, onDone }: { registration: RegistrationView; onClose: () => void; onDone: () => void }) => {
  const { m } = useI18n();
  const r = m.registrations;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const { submit, sending, error } = useFormSubmit(form, async (values: { reason: string }) => {
    await api.post(`/api/enterprise-registrations/${registration.id}/reject`, { reason: values.reason.trim() });
    message.success(r.rejected);
    onDone();
  });
  return (
    <Modal
      open
      title={r.rejectTitle(registration.enterpriseName)}
      okText={r.reject}
      okButtonProps={{ danger: true }}
      cancelText={m.common.cancel}
      confirmLoading={sending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="registration-reject-modal"
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={r.reason} rules={[{ required: true, whitespace: true, message: m.common.required(r.reason) }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={r.reasonPlaceholder} data-testid="registration-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
