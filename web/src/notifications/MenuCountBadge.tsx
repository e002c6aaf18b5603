import { Badge } from 'antd';
import { useEffect } from 'react';
import { useLocation } from 'react-router';
import type { NotificationKind } from '../../../src/domain/supervision/notification-rules.ts';
import { useApi } from '../api/hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { onNotificationsChanged } from './notifications.ts';

/** How often the menu asks again while the page stays open (the bell's rhythm). */
const POLL_MS = 60_000;

/**
 * A menu item's count of the user's unread notices of one kind (受理台: new complaints from the
 * portal), asked again on each page change, when notices are marked read, and every minute.
 */
export const MenuCountBadge = ({ kind }: { kind: NotificationKind }) => {
  const { m } = useI18n();
  const location = useLocation();
  const counts = useApi<{ unread: number; byKind: Partial<Record<NotificationKind, number>> }>('/api/notifications/unread-count');
  const { reload } = counts;
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    const stop = onNotificationsChanged(reload);
    return () => {
      clearInterval(timer);
      stop();
    };
  }, [reload]);
  useEffect(reload, [location.pathname, reload]);
  const count = counts.data?.byKind[kind] ?? 0;
  return (
    <span aria-label={m.supervision.notifications.menuCount(m.supervision.kinds[kind], count)}>
      <Badge count={count} size="small" overflowCount={99} style={{ marginInlineStart: 8, boxShadow: 'none' }} data-testid={`menu-count-${kind}`} />
    </span>
  );
};
