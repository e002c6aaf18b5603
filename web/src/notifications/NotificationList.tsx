import { Button, Card, Empty, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { NotificationKind } from '../../../src/domain/supervision/notification-rules.ts';
import { api, query } from '../api/client.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { markAllRead, markRead, notificationPath, onNotificationsChanged, type NotificationItem, type NotificationPage } from './notifications.ts';

export const KIND_COLOR = {
  reminder: 'blue',
  urging: 'orange',
  supervision: 'red',
  interview: 'volcano',
  notice: 'magenta',
  assigned: 'geekblue',
  plan_proposed: 'cyan',
  extension_requested: 'gold',
  year_exception_requested: 'gold',
  feedback_submitted: 'green',
  returned: 'volcano',
  non_cash_payment: 'orange',
  banned_delay_reason: 'red',
  result_notified: 'green',
  retaliation_complaint: 'volcano',
  new_complaint: 'geekblue',
  complaint_accepted: 'blue',
  complaint_dismissed: 'default',
  complaint_merged: 'default',
  payment_recorded: 'green',
  case_closed: 'green',
  rating_invited: 'gold',
  enterprise_consented: 'cyan',
  enterprise_objected: 'orange',
  reopen_requested: 'volcano',
  complaint_withdrawn: 'default',
  material_added: 'cyan',
  disclosure_reminder: 'blue',
  disclosure_missed: 'red',
  rectification_ordered: 'volcano',
  rectification_recorded: 'green',
  refusal_recorded: 'magenta',
  breach_recorded: 'red',
  breach_objected: 'purple',
  objection_decided: 'purple',
  repair_applied: 'lime',
  repair_decided: 'lime',
} satisfies Record<NotificationKind, string>;

const PAGE_SIZE = 20;

/** My notifications, unread first, with "load more" over the API's cursor. */
export const NotificationList = () => {
  const { m } = useI18n();
  const [pages, setPages] = useState<NotificationPage[]>([]);
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(false);

  const load = async (cursor?: string) => {
    setLoading(true);
    try {
      const page = await api.get<NotificationPage>(`/api/notifications${query({ limit: PAGE_SIZE, cursor })}`);
      setPages((previous) => (cursor === undefined ? [page] : [...previous, page]));
      setError(undefined);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load();
    return onNotificationsChanged(() => void load());
  }, []);

  if (error) return <ErrorResult error={error} />;
  const items: NotificationItem[] = pages.flatMap((page) => page.items);
  const unread = pages[0]?.unread ?? 0;
  const next = pages[pages.length - 1]?.nextCursor ?? null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="notification-list">
      <Space>
        <Typography.Text>{m.supervision.notifications.unreadCount(unread)}</Typography.Text>
        <Button size="small" disabled={unread === 0} onClick={() => void markAllRead()}>
          {m.supervision.notifications.markAllRead}
        </Button>
      </Space>
      {items.length === 0 && !loading ? <Empty description={m.supervision.notifications.empty} /> : null}
      {items.map((item) => (
        <Card key={item.id} size="small" data-testid="notification" style={{ borderLeft: item.readAt ? undefined : '3px solid #b91c1c' }}>
          <Space style={{ justifyContent: 'space-between', width: '100%' }} align="start">
            <div>
              <Space size={6} wrap>
                <Tag color={KIND_COLOR[item.kind]}>{m.supervision.kinds[item.kind]}</Tag>
                {!item.readAt && <Tag color="red">{m.supervision.notifications.unread}</Tag>}
                <Link to={notificationPath(item)}>
                  <Typography.Text strong={!item.readAt}>{item.title}</Typography.Text>
                </Link>
              </Space>
              <Typography.Paragraph style={{ margin: '6px 0 0' }}>{item.body}</Typography.Paragraph>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {dayjs(item.createdAt).format('YYYY-MM-DD HH:mm')}
              </Typography.Text>
            </div>
            {!item.readAt && (
              <Button size="small" onClick={() => void markRead(item.id)}>
                {m.supervision.notifications.markRead}
              </Button>
            )}
          </Space>
        </Card>
      ))}
      {next !== null && (
        <Button loading={loading} onClick={() => void load(next)}>
          {m.supervision.notifications.loadMore}
        </Button>
      )}
    </Space>
  );
};
