import { Alert, App as AntApp, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import { useAuth, useUser } from '../app/auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * Changes the signed-in user's password, with the city's rule shown above the fields; the server's
 * refusals (a weak or reused password, a wrong current one) go to their field.
 */
export const ChangePasswordForm = ({ onDone }: { onDone?: () => void }) => {
  const { m } = useI18n();
  const t = m.identity.password;
  const user = useUser();
  const { refresh } = useAuth();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (user.demo) return <Alert type="info" showIcon title={t.demo} />;

  const onFinish = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      await api.post('/api/session/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success(t.changed);
      form.resetFields();
      await refresh();
      onDone?.();
    } catch (caught) {
      if (caught instanceof ApiError) {
        const field = caught.details.field;
        if (field === 'currentPassword' || field === 'newPassword') form.setFields([{ name: field, errors: [caught.message] }]);
        else setError(caught.message);
      } else {
        setError(String(caught));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} data-testid="change-password">
      <Alert type="info" showIcon title={t.rule} description={user.passwordPolicy.rule} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form.Item name="currentPassword" label={t.current} rules={[{ required: true, message: t.currentRequired }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={t.next} rules={[{ required: true, message: t.nextRequired }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t.confirm}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t.confirmRequired },
          ({ getFieldValue }) => ({
            validator: (_rule, value) => (!value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t.mismatch))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={submitting}>
        {t.submit}
      </Button>
    </Form>
  );
};
