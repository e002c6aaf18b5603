import { randomUUID } from 'node:crypto';
import { and, eq, inArray, ne, or, type SQL } from 'drizzle-orm';
import type { CaseEvent } from '../domain/case/events.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { notificationFor, type Audience } from '../domain/supervision/notification-rules.ts';
import type { Db } from '../db/connection.ts';
import { accounts, notifications } from '../db/schema.ts';
import { listJurisdictions } from '../reference/reference-data.ts';

/** The jurisdiction and those above it: a coordinator whose subtree holds the case is among them. */
const jurisdictionAndAncestors = async (db: Db, tenantId: string, jurisdictionId: string): Promise<string[]> => {
  const all = await listJurisdictions(db, tenantId);
  const result: string[] = [];
  for (let id: string | null = jurisdictionId; id !== null && !result.includes(id); ) {
    result.push(id);
    id = all.find((jurisdiction) => jurisdiction.id === id)?.parentId ?? null;
  }
  return result;
};

const audienceCondition = async (db: Db, tenantId: string, audience: Audience): Promise<SQL> => {
  switch (audience.role) {
    case 'unit_handler':
    case 'lead_bureau':
    case 'enterprise':
      return and(eq(accounts.role, audience.role), eq(accounts.unitId, audience.unitId))!;
    case 'county_coordinator':
      return and(
        eq(accounts.role, 'county_coordinator'),
        inArray(accounts.jurisdictionId, await jurisdictionAndAncestors(db, tenantId, audience.jurisdictionId)),
      )!;
    case 'business_office':
      return eq(accounts.role, 'business_office');
  }
};

/**
 * Writes the in-app notifications an event causes (`notificationFor`), one per active account
 * of its audiences, except the account that acted. Runs inside the event's transaction, so a
 * notification exists exactly when its event does.
 * @returns the number of notifications written
 */
export const writeNotifications = async (tx: Db, tenantId: string, event: CaseEvent, record: CaseRecord): Promise<number> => {
  const notification = notificationFor(event, record);
  if (notification === null) return 0;
  const conditions = await Promise.all(notification.audiences.map((audience) => audienceCondition(tx, tenantId, audience)));
  const recipients = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.active, true), ne(accounts.id, event.actor.id), or(...conditions)));
  if (recipients.length === 0) return 0;
  await tx.insert(notifications).values(
    recipients.map((recipient) => ({
      id: randomUUID(),
      tenantId,
      accountId: recipient.id,
      caseId: event.caseId,
      eventSeq: event.seq,
      kind: notification.kind,
      title: notification.title,
      body: notification.body,
      createdAt: new Date(event.at),
    })),
  );
  return recipients.length;
};
