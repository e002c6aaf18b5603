import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { compareLocalDates, todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import {
  dueReminder,
  FIRST_DISCLOSURE_YEAR,
  INSTITUTION_UNIT_KINDS,
  lastYear,
  missedNotice,
  missedNoticeDay,
  ORGAN_UNIT_KINDS,
  reminderNotice,
  type DraftFigures,
} from '../domain/disclosure/annual-disclosure.ts';
import type { NotificationDraft } from '../domain/supervision/notification-rules.ts';
import type { Db } from '../db/connection.ts';
import { annualDisclosureNotices, annualDisclosures, jurisdictions, units } from '../db/schema.ts';
import { writeDisclosureNotifications } from '../notifications/write-notifications.ts';

/**
 * The disclosure sweep acts for 营商办, whose regular monitoring (G1) it is. It is no account:
 * the id names it, and no one can sign in as it.
 */
export const DISCLOSURE_SWEEP_ACTOR: Actor = {
  id: 'system:disclosure-sweep',
  name: '年度公开检查（系统）',
  role: 'business_office',
  unitId: null,
  jurisdictionScope: [],
};

export interface DisclosureSweepResult {
  /** The year whose disclosure is due: the one before today's. */
  readonly year: number;
  /** The reminder day of March this run sent for, null outside March. */
  readonly reminderOn: LocalDate | null;
  /** Units reminded by this run (a unit reminded before in the same week is not again). */
  readonly reminded: number;
  /** Units reported to 营商办 by this run as having missed 31 March (each once). */
  readonly missed: number;
  readonly notifications: number;
}

interface PendingUnit {
  readonly unitId: string;
  readonly unitName: string;
  readonly draft: DraftFigures | null;
}

/** The units that owe `year`'s disclosure and have not published it: every 机关 and 事业单位, and any other unit with a draft. */
const pendingUnits = async (db: Db, tenantId: string, year: number): Promise<PendingUnit[]> => {
  const rows = await db
    .select({ unitId: units.id, unitName: units.name, status: annualDisclosures.status, contracts: annualDisclosures.contracts, amount: annualDisclosures.amount, incomplete: annualDisclosures.incomplete })
    .from(units)
    .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, units.tenantId), eq(jurisdictions.id, units.jurisdictionId)))
    .leftJoin(annualDisclosures, and(eq(annualDisclosures.tenantId, units.tenantId), eq(annualDisclosures.year, year), eq(annualDisclosures.unitId, units.id)))
    .where(
      and(
        eq(units.tenantId, tenantId),
        or(inArray(units.kind, [...ORGAN_UNIT_KINDS, ...INSTITUTION_UNIT_KINDS]), sql`${annualDisclosures.unitId} is not null`),
        or(isNull(annualDisclosures.status), eq(annualDisclosures.status, 'draft')),
      ),
    )
    // As the page lists them: by jurisdiction, the government first, institutions last.
    .orderBy(asc(jurisdictions.sort), asc(units.jurisdictionId), sql`case ${units.kind} when 'government' then 0 when 'institution' then 2 else 1 end`, sql`${units.name} collate "C"`, asc(units.id));
  return rows.map((row) => ({
    unitId: row.unitId,
    unitName: row.unitName,
    draft: row.status === null ? null : { contracts: row.contracts ?? 0, amount: row.amount ?? 0, incomplete: row.incomplete ?? 0 },
  }));
};

/**
 * Claims the notice (kind, day) of each unit in the caller's transaction: the units this run
 * is the first to claim. A concurrent run waits on the uncommitted claims and then finds them.
 */
const claim = async (tx: Db, app: AppContext, year: number, kind: 'reminder' | 'missed', noticeOn: LocalDate, unitIds: readonly string[], now: Date): Promise<Set<string>> => {
  if (unitIds.length === 0) return new Set();
  const claimed = await tx
    .insert(annualDisclosureNotices)
    .values(unitIds.map((unitId) => ({ tenantId: app.tenantId, year, kind, noticeOn, unitId, sentAt: now })))
    .onConflictDoNothing()
    .returning({ unitId: annualDisclosureNotices.unitId });
  return new Set(claimed.map((row) => row.unitId));
};

/**
 * 保障中小企业款项支付条例 第十八条 as of `now`: from 1 March to 31 March, each week's reminder to
 * the handlers of every unit that has not yet published last year's figures (with its draft's
 * figures, or word that 营商办 has not generated them); from 1 April, once, one notice to 营商办
 * naming the units that missed 31 March. Idempotent: each (unit, week) and each missed unit is
 * claimed in `annual_disclosure_notices` in the transaction that writes its notifications, so a
 * second run, or one racing this one, sends nothing again; a run that missed a reminder's day
 * sends it later in the same week.
 */
export const sweepDisclosures = async (app: AppContext, options: { now: Date }): Promise<DisclosureSweepResult> => {
  const { now } = options;
  const today = todayInShanghai(now);
  const year = lastYear(today);
  const reminderOn = dueReminder(year, today);
  const missedDue = compareLocalDates(today, missedNoticeDay(year)) >= 0;
  const nothing = { year, reminderOn, reminded: 0, missed: 0, notifications: 0 };
  if (year < FIRST_DISCLOSURE_YEAR || (reminderOn === null && !missedDue)) return nothing;
  const cause = { year, actorId: DISCLOSURE_SWEEP_ACTOR.id, at: now };
  // The units still owing are read in the transaction that claims them: one published meanwhile is not reminded.
  return app.db.transaction(async (tx) => {
    const pending = await pendingUnits(tx, app.tenantId, year);
    if (reminderOn !== null) {
      const claimed = await claim(tx, app, year, 'reminder', reminderOn, pending.map((unit) => unit.unitId), now);
      let notifications = 0;
      for (const unit of pending.filter((candidate) => claimed.has(candidate.unitId))) {
        const draft: NotificationDraft = {
          kind: 'disclosure_reminder',
          ...reminderNotice(year, unit.unitName, unit.draft),
          audiences: [
            { role: 'unit_handler', unitId: unit.unitId },
            // A lead bureau's accounts act for their own unit as its handlers do.
            { role: 'lead_bureau', unitId: unit.unitId },
          ],
        };
        notifications += await writeDisclosureNotifications(tx, app.tenantId, draft, cause);
      }
      return { ...nothing, reminded: claimed.size, notifications };
    }
    const claimed = await claim(tx, app, year, 'missed', missedNoticeDay(year), pending.map((unit) => unit.unitId), now);
    if (claimed.size === 0) return nothing;
    const names = pending.filter((unit) => claimed.has(unit.unitId)).map((unit) => unit.unitName);
    const draft: NotificationDraft = { kind: 'disclosure_missed', ...missedNotice(year, names), audiences: [{ role: 'business_office' }] };
    return { ...nothing, missed: claimed.size, notifications: await writeDisclosureNotifications(tx, app.tenantId, draft, cause) };
  });
};
