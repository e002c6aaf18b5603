import { Badge } from 'antd';
import type { NotificationKind } from '../../../src/domain/supervision/notification-rules.ts';
import { useApi } from '../api/hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useNotificationsFresh } from './notifications.ts';

/**
 * A menu item's count of the user's unread notices of one kind (受理台: new complaints from the
 * portal), asked again on each page change, when notices are marked read, and every minute.
 */
export const MenuCountBadge = ({ kind }: { kind: NotificationKind }) => {
  const { m } = useI18n();
  const counts = useApi<{ unread: number; byKind: Partial<Record<NotificationKind, number>> }>('/api/notifications/unread-count');
  const { reload } = counts;
  useNotificationsFresh(reload);
  const count = counts.data?.byKind[kind] ?? 0;
  return (
    <span aria-label={m.supervision.notifications.menuCount(m.supervision.kinds[kind], count)}>
      <Badge count={count} size="small" overflowCount={99} style={{ marginInlineStart: 8, boxShadow: 'none' }} data-testid={`menu-count-${kind}`} />
    </span>
  );
};
