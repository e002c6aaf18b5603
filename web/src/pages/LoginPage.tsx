import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../api/client.ts';
import { useAuth } from '../app/auth.tsx';
import { homePath } from '../app/navigation.ts';
import { useI18n } from '../i18n/i18n.tsx';

export const LoginPage = () => {
  const { user, signIn } = useAuth();
  const { m } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
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

  const onFinish = async ({ username, password }: { username: string; password: string }) => {
    setSubmitting(true);
    setError(null);
    try {
      const signedIn = await signIn(username, password);
      navigate(destination(signedIn.role), { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(135deg, #001529 0%, #0b3a6e 100%)' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {m.app.name} · {m.login.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{m.app.title}</Typography.Paragraph>
        {params.get('expired') && <Alert type="warning" showIcon title={m.login.expired} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item name="username" label={m.login.username} rules={[{ required: true, message: m.login.usernameRequired }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={m.login.password} rules={[{ required: true, message: m.login.passwordRequired }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {m.login.submit}
          </Button>
        </Form>
        {demo && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }} data-testid="demo-hint">
            {m.login.demoHint}
          </Typography.Paragraph>
        )}
      </Card>
    </div>
  );
};
