import { LogoutOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { User } from '../api/types.ts';
import { useAuth } from '../app/auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { SecondFactorEnrollment } from './SecondFactorEnrollment.tsx';

/**
 * What a restricted session sees instead of the platform: the password change (first sign-in, a
 * reset, an expired password) or the second factor's enrollment, and a way out.
 */
export const IdentityGate = ({ restricted }: { restricted: NonNullable<User['restricted']> }) => {
  const { m } = useI18n();
  const t = m.identity.gate;
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const password = restricted === 'change_password';
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: 'linear-gradient(135deg, #001529 0%, #0b3a6e 100%)' }}>
      <Card style={{ width: 440, maxWidth: '100%' }} data-testid="identity-gate" data-restricted={restricted}>
        <Typography.Title level={4} style={{ marginBottom: 4 }}>
          {password ? t.passwordTitle : t.secondFactorTitle}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {user?.name} · {m.role[user?.role ?? 'enterprise']}
          <br />
          {password ? t.passwordReason : t.secondFactorReason}
        </Typography.Paragraph>
        {password ? <ChangePasswordForm /> : <SecondFactorEnrollment />}
        <Button
          type="link"
          block
          icon={<LogoutOutlined />}
          style={{ marginTop: 8 }}
          onClick={async () => {
            await signOut();
            navigate('/login', { replace: true });
          }}
        >
          {t.signOut}
        </Button>
      </Card>
    </div>
  );
};
