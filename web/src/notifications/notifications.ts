import type { listNotifications } from '../../../src/notifications/notification-inbox.ts';
import { notificationLink } from '../../../src/domain/supervision/case-notices.ts';
import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { api } from '../api/client.ts';

export type NotificationPage = Awaited<ReturnType<typeof listNotifications>>;
export type NotificationItem = NotificationPage['items'][number];

/** Where a notification leads: its case, its breach record on the credit page (S4), or the year's disclosure (Art. 18). */
export const notificationPath = (item: Pick<NotificationItem, 'caseId' | 'creditRecordId' | 'disclosureYear'>): string => notificationLink(item);

/** Fired after the user marks notifications read, so the bell and the page agree at once. */
const CHANGED = 'chengxin:notifications-changed';

export const onNotificationsChanged = (listener: () => void): (() => void) => {
  window.addEventListener(CHANGED, listener);
  return () => window.removeEventListener(CHANGED, listener);
};

export const markRead = async (id: string): Promise<void> => {
  await api.post(`/api/notifications/${id}/read`, {});
  window.dispatchEvent(new Event(CHANGED));
};

export const markAllRead = async (): Promise<void> => {
  await api.post('/api/notifications/read-all', {});
  window.dispatchEvent(new Event(CHANGED));
};

/** How often the header asks for new notifications while the page stays open. */
const POLL_MS = 60_000;

/**
 * Keeps a header's notification figures fresh: `reload` runs on each page change, when
 * notifications are marked read, and every minute (the bell and the menu's counts).
 */
export const useNotificationsFresh = (reload: () => void): void => {
  const location = useLocation();
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    const stop = onNotificationsChanged(reload);
    return () => {
      clearInterval(timer);
      stop();
    };
  }, [reload]);
  useEffect(reload, [location.pathname, reload]);
};
