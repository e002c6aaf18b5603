/**
 * How long the platform keeps the records that serve a purpose for a while only (issue 11;
 * 个人信息保护法 第19条: 个人信息的保存期限应当为实现处理目的所必要的最短时间). Each period is
 * counted from the moment the record stopped being needed for its purpose, and the daily
 * retention purge (`src/jobs/retention-purge.ts`) deletes a record once its period is over.
 *
 * Kept elsewhere, for reasons of their own: the case record (events, projection, linked files)
 * is the government's file and is never purged; the security log keeps at least 180 days
 * (网络安全法 第21条, `CHENGXIN_AUDIT_RETENTION_DAYS`, src/security/audit-log.ts); an upload that
 * nothing took is purged after a day (`UNLINKED_ATTACHMENT_TTL_MS`, src/domain/attachments.ts).
 */
export const RETENTION_DAYS = {
  /**
   * An idempotency key, from its use. Its stored response exists to be replayed to a client
   * that retries the same write, and clients retry within minutes (at worst after a weekend
   * offline); a week is long past any retry, while the response may name people and amounts.
   */
  idempotencyKeys: 7,
  /**
   * A read notification, from its reading: it has done its work; half a year still answers
   * "what was I told about this case", and the case's timeline keeps the event itself for good.
   */
  readNotifications: 180,
  /**
   * An unread notification, from its creation: a year spans any leave or change of post, so no
   * one misses a notice by being away; by then the case it points to tells its own story.
   */
  unreadNotifications: 365,
  /**
   * A delivered webhook delivery, from its event: the receiver holds the payload, and the
   * delivery log serves to notice a failing receiver and settle a month's reconciliation with
   * it. The whole row goes (not only its payload): the case's chain keeps the event, so a row
   * without its payload would say nothing the chain does not.
   */
  deliveredWebhookDeliveries: 30,
  /**
   * A failed webhook delivery, from its event: the receiver never had it, so the administrator
   * needs time to notice, mend the receiver and tell its owners which event ids it missed; a
   * quarter also spans the quarterly review of the system's logs.
   */
  failedWebhookDeliveries: 90,
} as const satisfies Record<string, number>;

export type RetainedRecord = keyof typeof RETENTION_DAYS;

const DAY_MS = 86_400_000;

/** The instant before which a record of this kind has outlived its retention at `now`. */
export const retentionCutoff = (record: RetainedRecord, now: Date): Date => new Date(now.getTime() - RETENTION_DAYS[record] * DAY_MS);
