import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Grid, Space, Table, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { AccountView } from '../../../src/accounts/account-views.ts';
import type { SessionView } from '../../../src/auth/sessions.ts';
import { isAdminRole } from '../../../src/domain/access/account-policy.ts';
import { api } from '../api/client.ts';
import { useApi, useJurisdictions } from '../api/hooks.ts';
import { useUser } from '../app/auth.tsx';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { RevealablePhone } from '../components/RevealablePhone.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { AccountFormModal, type AssignableRole } from './AccountFormModal.tsx';
import { AccountStatusTags } from './AccountStatusTags.tsx';
import { TemporaryPasswordModal } from './TemporaryPasswordModal.tsx';

export const instant = (iso: string | null): string => (iso === null ? '—' : dayjs(iso).format('YYYY-MM-DD HH:mm'));

/** The account's live sessions, and 全部下线. */
const Sessions = ({ account, onEnded }: { account: AccountView; onEnded: () => void }) => {
  const { m } = useI18n();
  const d = m.accounts.drawer;
  const { modal, message } = App.useApp();
  const sessions = useApi<{ items: SessionView[] }>(`/api/accounts/${account.id}/sessions`);
  const wide = Grid.useBreakpoint().md ?? true;
  const columns: TableColumnsType<SessionView> = [
    { title: d.sessionColumns.createdAt, dataIndex: 'createdAt', render: (at: string) => <span className="money">{instant(at)}</span> },
    { title: d.sessionColumns.lastSeenAt, dataIndex: 'lastSeenAt', render: (at: string) => <span className="money">{instant(at)}</span> },
    { title: d.sessionColumns.address, dataIndex: 'address', render: (address: string | null) => <span className="money">{address ?? '—'}</span> },
    ...(wide ? [{ title: d.sessionColumns.userAgent, dataIndex: 'userAgent', ellipsis: true, render: (agent: string | null) => agent ?? '—' }] : []),
  ];
  const endAll = () =>
    modal.confirm({
      title: d.confirmEndSessions(account.displayName),
      okText: d.ok,
      cancelText: m.common.cancel,
      okButtonProps: { danger: true, ...{ 'data-testid': 'confirm-ok' } },
      onOk: async () => {
        await api.delete(`/api/accounts/${account.id}/sessions`);
        message.success(d.sessionsEnded);
        sessions.reload();
        onEnded();
      },
    });
  return (
    <Card
      size="small"
      title={d.sessions}
      extra={
        <Button size="small" danger disabled={(sessions.data?.items.length ?? 0) === 0} onClick={endAll} data-testid="account-end-sessions">
          {d.endSessions}
        </Button>
      }
    >
      {sessions.error ? (
        <ErrorResult error={sessions.error} onRetry={sessions.reload} />
      ) : (
        <Table<SessionView>
          rowKey="id"
          size="small"
          loading={sessions.loading}
          columns={columns}
          dataSource={sessions.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={d.noSessions} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          data-testid="account-sessions"
        />
      )}
    </Card>
  );
};

/**
 * One account: its details and status, and — when the user may administer it — 编辑, 停用/启用,
 * 解锁, 重置密码 (the new temporary password shown once), 重置动态口令 and its sessions.
 */
export const AccountDrawer = ({ accountId, roles, onClose, onChanged }: { accountId: string; roles: readonly AssignableRole[]; onClose: () => void; onChanged: () => void }) => {
  const { m } = useI18n();
  const a = m.accounts;
  const d = a.drawer;
  const user = useUser();
  const { modal, message } = App.useApp();
  const loaded = useApi<AccountView>(`/api/accounts/${accountId}`);
  const [editing, setEditing] = useState(false);
  const [temporary, setTemporary] = useState<string | null>(null);
  const [sessionsKey, setSessionsKey] = useState(0);
  const wide = Grid.useBreakpoint().md ?? true;
  const jurisdictions = useJurisdictions();
  const account = loaded.data;
  const jurisdictionName = (id: string | null) => (id === null ? '—' : (jurisdictions.data?.items.find((item) => item.id === id)?.name ?? id));

  const changed = () => {
    loaded.reload();
    setSessionsKey((key) => key + 1);
    onChanged();
  };

  /** Asks, then does `action`; a refusal is shown as a message. */
  const confirmThen = (title: string, action: () => Promise<void>, danger = true) =>
    modal.confirm({
      title,
      okText: d.ok,
      cancelText: m.common.cancel,
      okButtonProps: { danger, ...{ 'data-testid': 'confirm-ok' } },
      onOk: async () => {
        try {
          await action();
          changed();
        } catch (caught) {
          message.error(caught instanceof Error ? caught.message : String(caught));
        }
      },
    });

  const notManageable = account === undefined || account.manageable ? null : account.id === user.id ? d.notManageable.own : isAdminRole(account.role) ? d.notManageable.admin : d.notManageable.other;

  return (
    <Drawer open size={wide ? 720 : '100%'} title={account ? d.title(account.displayName) : a.title} onClose={onClose} data-testid="account-drawer">
      {loaded.error && <ErrorResult error={loaded.error} onRetry={loaded.reload} />}
      {account && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {notManageable && <Alert type="info" showIcon title={notManageable} />}
          {account.lockedUntil && <Alert type="error" showIcon title={d.lockedUntil(instant(account.lockedUntil))} data-testid="account-locked" />}
          <Descriptions size="small" bordered column={1} title={d.details}>
            <Descriptions.Item label={a.fields.username}>
              <span className="money" data-testid="account-drawer-username">
                {account.username}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={a.fields.displayName}>{account.displayName}</Descriptions.Item>
            <Descriptions.Item label={a.fields.role}>{account.roleLabel}</Descriptions.Item>
            <Descriptions.Item label={a.fields.unit}>{account.unit?.name ?? '—'}</Descriptions.Item>
            {account.role === 'county_coordinator' && <Descriptions.Item label={a.fields.jurisdiction}>{jurisdictionName(account.jurisdictionId)}</Descriptions.Item>}
            <Descriptions.Item label={a.fields.phone}>
              {account.phone === null ? '—' : <RevealablePhone masked={account.phone} revealUrl={account.mayRevealPhone ? `/api/accounts/${account.id}/phone/reveal` : null} testId="account-drawer-phone" />}
            </Descriptions.Item>
            <Descriptions.Item label={a.columns.status}>
              <AccountStatusTags account={account} />
            </Descriptions.Item>
            <Descriptions.Item label={a.columns.lastSignIn}>
              <span className="money">{account.lastSignInAt ? instant(account.lastSignInAt) : a.never}</span>
            </Descriptions.Item>
          </Descriptions>
          {account.manageable && (
            <>
              <Space wrap>
                <Button onClick={() => setEditing(true)} data-testid="account-edit">
                  {d.edit}
                </Button>
                {account.active ? (
                  <Button
                    danger
                    onClick={() =>
                      confirmThen(d.confirmDisable(account.displayName), async () => {
                        await api.patch(`/api/accounts/${account.id}`, { active: false });
                        message.success(d.disabled);
                      })
                    }
                    data-testid="account-disable"
                  >
                    {d.disable}
                  </Button>
                ) : (
                  <Button
                    onClick={() =>
                      confirmThen(
                        d.confirmEnable(account.displayName),
                        async () => {
                          await api.patch(`/api/accounts/${account.id}`, { active: true });
                          message.success(d.enabled);
                        },
                        false,
                      )
                    }
                    data-testid="account-enable"
                  >
                    {d.enable}
                  </Button>
                )}
                {account.lockedUntil && (
                  <Button
                    onClick={() =>
                      void api
                        .post(`/api/accounts/${account.id}/unlock`, undefined)
                        .then(() => {
                          message.success(d.unlocked);
                          changed();
                        })
                        .catch((caught: Error) => message.error(caught.message))
                    }
                    data-testid="account-unlock"
                  >
                    {d.unlock}
                  </Button>
                )}
                <Button
                  onClick={() =>
                    confirmThen(d.confirmResetPassword(account.displayName), async () => {
                      const reset = await api.post<{ temporaryPassword: string }>(`/api/accounts/${account.id}/password-reset`, undefined);
                      setTemporary(reset.temporaryPassword);
                    })
                  }
                  data-testid="account-reset-password"
                >
                  {d.resetPassword}
                </Button>
                {account.role !== 'enterprise' || account.secondFactorEnrolled ? (
                  <Button
                    disabled={!account.secondFactorEnrolled}
                    onClick={() =>
                      confirmThen(d.confirmResetSecondFactor(account.displayName), async () => {
                        await api.post(`/api/accounts/${account.id}/second-factor-reset`, undefined);
                        message.success(d.secondFactorReset);
                      })
                    }
                    data-testid="account-reset-second-factor"
                  >
                    {d.resetSecondFactor}
                  </Button>
                ) : null}
              </Space>
              <Sessions key={sessionsKey} account={account} onEnded={changed} />
            </>
          )}
        </Space>
      )}
      {editing && account && (
        <AccountFormModal
          account={account}
          roles={roles}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            changed();
          }}
        />
      )}
      {temporary !== null && account && <TemporaryPasswordModal title={a.temporary.resetTitle(account.username)} password={temporary} onClose={() => setTemporary(null)} />}
    </Drawer>
  );
};
