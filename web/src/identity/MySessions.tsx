import { Alert, App as AntApp, Button, List, Popconfirm, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { SessionView } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

const time = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** The user's own sessions, the current one marked, each other one with a button to end it. */
export const MySessions = () => {
  const { m } = useI18n();
  const t = m.identity.sessions;
  const { message } = AntApp.useApp();
  const [items, setItems] = useState<SessionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((await api.get<{ items: SessionView[] }>('/api/session/sessions')).items);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const revoke = async (id: string) => {
    try {
      await api.delete(`/api/session/sessions/${id}`);
      message.success(t.revoked);
      await load();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  };

  return (
    <div data-testid="my-sessions">
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <List
        loading={items === null}
        dataSource={items ?? []}
        rowKey="id"
        renderItem={(session) => (
          <List.Item
            data-testid="session-item"
            data-current={session.current ? 'true' : 'false'}
            actions={
              session.current
                ? [<Tag color="blue" key="current">{t.current}</Tag>]
                : [
                    <Popconfirm key="revoke" title={t.revokeConfirm} onConfirm={() => revoke(session.id)} okText={t.revoke}>
                      <Button danger size="small">
                        {t.revoke}
                      </Button>
                    </Popconfirm>,
                  ]
            }
          >
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  <span>{session.address ?? t.unknown}</span>
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                    {session.userAgent ? summariseAgent(session.userAgent) : t.unknown}
                  </Typography.Text>
                </Space>
              }
              description={
                <Space wrap size={[12, 0]}>
                  <span>
                    {t.createdAt} {time(session.createdAt)}
                  </span>
                  <span>
                    {t.lastSeenAt} {time(session.lastSeenAt)}
                  </span>
                  <span>
                    {t.expiresAt} {time(session.expiresAt)}
                  </span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </div>
  );
};

const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/Edg\/(\d+)/, 'Edge'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/Chrome\/(\d+)/, 'Chrome'],
  [/Version\/(\d+).*Safari/, 'Safari'],
];
const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/Windows/, 'Windows'],
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Mac OS X/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** "Chrome 141 · Linux" out of a user-agent string: enough to recognise one's own browser. */
const summariseAgent = (agent: string): string => {
  const browser = BROWSERS.map(([pattern, name]) => {
    const match = pattern.exec(agent);
    return match ? `${name} ${match[1]}` : null;
  }).find((name) => name !== null);
  const system = SYSTEMS.find(([pattern]) => pattern.test(agent))?.[1];
  return [browser ?? agent.slice(0, 40), system].filter(Boolean).join(' · ');
};
