import { Alert, App as AntApp, Button, Form, Input, QRCode, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import { useAuth, useUser } from '../app/auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * Enrolls a TOTP second factor: the server makes a secret, shown as a QR code of its otpauth://
 * URI and as text; a code from the authenticator confirms it.
 */
export const SecondFactorEnrollment = ({ onDone }: { onDone?: () => void }) => {
  const { m } = useI18n();
  const t = m.identity.secondFactor;
  const user = useUser();
  const { refresh } = useAuth();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ code: string }>();
  const [enrollment, setEnrollment] = useState<{ secret: string; uri: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (user.demo) return <Alert type="info" showIcon title={t.demo} />;
  if (user.secondFactor.enrolled) return <Alert type="success" showIcon title={t.alreadyEnrolled} />;

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setEnrollment(await api.post<{ secret: string; uri: string }>('/api/session/second-factor', undefined));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async ({ code }: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/session/second-factor/confirm', { code });
      message.success(t.enrolled);
      await refresh();
      onDone?.();
    } catch (caught) {
      if (caught instanceof ApiError && caught.details.field === 'code') form.setFields([{ name: 'code', errors: [caught.message] }]);
      else setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="second-factor-enrollment">
      <Typography.Paragraph type="secondary">
        {t.intro}
        {!user.secondFactor.required && ` ${t.notRequired}`}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {enrollment === null ? (
        <Button type="primary" block onClick={start} loading={busy}>
          {t.start}
        </Button>
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text strong>{t.scan}</Typography.Text>
          <div style={{ display: 'flex', justifyContent: 'center' }}>
            <QRCode value={enrollment.uri} size={180} errorLevel="M" bordered={false} data-testid="totp-qr" />
          </div>
          <Typography.Text type="secondary">{t.manual}</Typography.Text>
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="totp-secret">
            {enrollment.secret}
          </Typography.Text>
          <Form form={form} layout="vertical" onFinish={confirm} requiredMark={false}>
            <Form.Item name="code" label={t.enter} rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t.codeRequired }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder="123456" aria-label={t.code} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t.confirm}
            </Button>
          </Form>
        </Space>
      )}
    </div>
  );
};
