import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { FIRST_DISCLOSURE_YEAR } from '../../../src/domain/disclosure/annual-disclosure.ts';
import { api, ApiError } from '../api/client.ts';
import { useAuth } from '../app/auth.tsx';
import { homePath } from '../app/navigation.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface Credentials {
  username: string;
  password: string;
  totp?: string;
}

/** A refusal as the page shows it: a title for the codes that say more than "wrong", and the server's message. */
interface Refusal {
  readonly code: string;
  readonly message: string;
}

export const LoginPage = () => {
  const { user, signIn } = useAuth();
  const { m } = useI18n();
  const t = m.identity;
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<Credentials>();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // The server asked for the second factor: the code field shows, the name and password stay.
  const [askCode, setAskCode] = useState(false);
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    api
      .get<{ demo: boolean }>('/api/health')
      .then((health) => setDemo(health.demo))
      .catch(() => setDemo(false));
  }, []);
  const next = params.get('next');
  // Only a path of this site: never `//elsewhere` or a full URL (no open redirect).
  const destination = (role: Parameters<typeof homePath>[0]) =>
    next && /^\/(?![/\\])/.test(next) && !next.startsWith('/login') ? next : homePath(role);
  if (user) return <Navigate to={destination(user.role)} replace />;

  const onFinish = async ({ username, password, totp }: Credentials) => {
    setSubmitting(true);
    setRefusal(null);
    try {
      const signedIn = await signIn(username, password, askCode ? totp : undefined);
      navigate(destination(signedIn.role), { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError && (caught.code === 'SECOND_FACTOR_REQUIRED' || caught.code === 'SECOND_FACTOR_INVALID')) {
        setAskCode(true);
        form.setFieldValue('totp', '');
        // Asked for the first time: the field itself says what to do.
        if (caught.code === 'SECOND_FACTOR_INVALID' || askCode) setRefusal({ code: caught.code, message: caught.message });
      } else {
        setRefusal(caught instanceof ApiError ? { code: caught.code, message: caught.message } : { code: 'ERROR', message: String(caught) });
      }
    } finally {
      setSubmitting(false);
    }
  };

  const titleOf: Record<string, string> = { ACCOUNT_LOCKED: t.lockedTitle, NETWORK_NOT_ALLOWED: t.networkTitle, RATE_LIMITED: t.rateLimitedTitle };
  const refusalTitle = refusal ? titleOf[refusal.code] : undefined;

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: 'linear-gradient(135deg, #001529 0%, #0b3a6e 100%)' }}>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {m.app.name} · {m.login.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{m.app.title}</Typography.Paragraph>
        {params.get('expired') && <Alert type="warning" showIcon title={m.login.expired} style={{ marginBottom: 16 }} />}
        {refusal && (
          <Alert
            type="error"
            showIcon
            title={refusalTitle ?? refusal.message}
            description={refusalTitle ? refusal.message : undefined}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
            data-code={refusal.code}
          />
        )}
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="username" label={m.login.username} rules={[{ required: true, message: m.login.usernameRequired }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus disabled={askCode} />
          </Form.Item>
          <Form.Item name="password" label={m.login.password} rules={[{ required: true, message: m.login.passwordRequired }]} hidden={askCode}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {askCode && (
            <Form.Item
              name="totp"
              label={t.totp}
              extra={t.totpHint}
              rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t.totpRequired }]}
            >
              <Input prefix={<SafetyOutlined />} autoComplete="one-time-code" inputMode="numeric" maxLength={6} autoFocus data-testid="totp" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {m.login.submit}
          </Button>
          {askCode && (
            <Button
              type="link"
              block
              onClick={() => {
                setAskCode(false);
                setRefusal(null);
                form.resetFields();
              }}
            >
              {t.otherAccount}
            </Button>
          )}
        </Form>
        <Typography.Link href="/register-enterprise" style={{ display: 'block', marginTop: 12, textAlign: 'center' }} data-testid="register-enterprise-link">{m.enterpriseRegistration.registerLink}</Typography.Link>
        {/* 保障中小企业款项支付条例 Art. 18: what the city's public bodies published, for anyone. */}
        <Typography.Link href={`/public/disclosures/${Math.max(dayjs().year() - 1, FIRST_DISCLOSURE_YEAR)}`} style={{ display: 'block', marginTop: 8, textAlign: 'center', fontSize: 13 }} data-testid="public-disclosures-link">{m.disclosure.publicLink}</Typography.Link>
        {demo && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }} data-testid="demo-hint">
            {m.login.demoHint}
          </Typography.Paragraph>
        )}
      </Card>
    </div>
  );
};
