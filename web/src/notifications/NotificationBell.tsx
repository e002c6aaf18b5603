import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Grid, Popover, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../api/hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { KIND_COLOR } from './NotificationList.tsx';
import { markAllRead, markRead, notificationPath, type NotificationPage, useNotificationsFresh } from './notifications.ts';

/** The header's bell: the unread count, and the latest notifications in a popover. */
export const NotificationBell = ({ showAllLink }: { showAllLink: boolean }) => {
  const { m } = useI18n();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  // On a phone the bell sits mid-header: the popover opens below it, shifted to stay on the screen.
  const narrow = !Grid.useBreakpoint().md;
  const latest = useApi<NotificationPage>('/api/notifications?limit=8');
  const { reload } = latest;
  useNotificationsFresh(reload);
  const unread = latest.data?.unread ?? 0;
  const items = latest.data?.items ?? [];

  const content = (
    // A phone's screen is narrower than the list: the popover keeps within it.
    <div style={{ width: 'min(380px, calc(100vw - 32px))' }} data-testid="notification-popover">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.supervision.notifications.empty} />
      ) : (
        items.map((item) => (
          <div
            key={item.id}
            role="button"
            tabIndex={0}
            style={{ padding: '8px 4px', borderBottom: '1px solid #f0f0f0', cursor: 'pointer', opacity: item.readAt ? 0.6 : 1 }}
            onClick={async () => {
              setOpen(false);
              if (!item.readAt) await markRead(item.id);
              navigate(notificationPath(item));
            }}
          >
            <Space size={6} style={{ display: 'flex', minWidth: 0 }}>
              <Tag color={KIND_COLOR[item.kind]}>{m.supervision.kinds[item.kind]}</Tag>
              <Typography.Text strong={!item.readAt} ellipsis style={{ maxWidth: 'min(270px, calc(100vw - 140px))' }}>
                {item.title}
              </Typography.Text>
            </Space>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {dayjs(item.createdAt).format('YYYY-MM-DD HH:mm')}
            </Typography.Text>
          </div>
        ))
      )}
      <Space style={{ marginTop: 8, justifyContent: 'space-between', width: '100%' }}>
        <Button size="small" disabled={unread === 0} onClick={() => void markAllRead()}>
          {m.supervision.notifications.markAllRead}
        </Button>
        {showAllLink && (
          <Link to="/supervision?tab=notifications" onClick={() => setOpen(false)}>
            {m.supervision.notifications.viewAll}
          </Link>
        )}
      </Space>
    </div>
  );

  return (
    <Popover content={content} title={m.supervision.notifications.unreadCount(unread)} trigger="click" open={open} onOpenChange={setOpen} placement={narrow ? 'bottom' : 'bottomRight'}>
      <Badge count={unread} size="small" overflowCount={99}>
        <Button size="small" icon={<BellOutlined />} aria-label={m.supervision.notifications.bell} data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
};
