import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { isAdminRole } from '../../../src/domain/access/account-policy.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useUser } from './auth.tsx';
import { homePath, mayOpen, type NavKey } from './navigation.ts';

/**
 * 无权访问: what a user sees on a page that is not theirs — typed in, or an old bookmark. An
 * administrator is told why (三员分立); every user gets the way back to their own first page.
 */
export const NoAccess = () => {
  const { m } = useI18n();
  const user = useUser();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={m.common.forbidden}
      subTitle={isAdminRole(user.role) ? m.app.noCaseWork : m.app.noPage}
      extra={
        <Button type="primary" onClick={() => navigate(homePath(user.role), { replace: true })} data-testid="no-access-home">
          {m.app.home}
        </Button>
      }
      data-testid="no-access"
    />
  );
};

/** Shows `children` only to a user whose menu reaches the page (`mayOpen`); 无权访问 to anyone else. */
export const RouteGuard = ({ allow, children }: { allow: readonly NavKey[]; children: ReactNode }) => {
  const user = useUser();
  return mayOpen(user, allow) ? children : <NoAccess />;
};
