import { Space, Tag } from 'antd';
import type { AccountView } from '../../../src/accounts/account-views.ts';
import { isAdminRole } from '../../../src/domain/access/account-policy.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** 正常/停用, and what needs attention: locked, a password to change, no authenticator (staff). */
export const AccountStatusTags = ({ account }: { account: AccountView }) => {
  const { m } = useI18n();
  const t = m.accounts.tags;
  return (
    <Space size={4} wrap data-testid="account-status">
      {account.active ? (
        <Tag color="green" style={{ marginInlineEnd: 0 }} data-tag="active">
          {t.active}
        </Tag>
      ) : (
        <Tag style={{ marginInlineEnd: 0 }} data-tag="inactive">
          {t.inactive}
        </Tag>
      )}
      {account.lockedUntil !== null && (
        <Tag color="red" style={{ marginInlineEnd: 0 }} data-tag="locked">
          {t.locked}
        </Tag>
      )}
      {account.mustChangePassword && (
        <Tag color="orange" style={{ marginInlineEnd: 0 }} data-tag="must-change">
          {t.mustChange}
        </Tag>
      )}
      {account.role !== 'enterprise' && !account.secondFactorEnrolled && (
        <Tag color="gold" style={{ marginInlineEnd: 0 }} data-tag="no-second-factor">
          {t.noSecondFactor}
        </Tag>
      )}
      {isAdminRole(account.role) && (
        <Tag color="purple" style={{ marginInlineEnd: 0 }}>
          {t.admin}
        </Tag>
      )}
    </Space>
  );
};
