import type { listNotifications } from '../../../src/notifications/notification-inbox.ts';
import { notificationLink } from '../../../src/domain/supervision/case-notices.ts';
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
