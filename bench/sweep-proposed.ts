/**
 * The fixes proposed in docs/BENCHMARKS.md for the supervision sweep, tried in the bench only
 * (src/ is unchanged); used by `supervision.bench.ts` on the same database as the rest.
 *
 * 1. Read only the cases that can have a step due. `sweepSupervision` reads every open case
 *    with a deadline (its whole `detail`) every day, though a step can only be due when the
 *    deadline is at most `reminderDaysAhead` working days ahead, and never once 通报 (the top
 *    step) has been raised for the current deadline. `sweepReads` pages like the sweep (500 at
 *    a time, the same columns, then the page's `supervise` events): as is, by id over every
 *    open case with a deadline; proposed, in deadline order over
 *    `deadline < addWorkingDays(today, reminderDaysAhead + 1)` without a 通报 for that
 *    deadline. `candidateIds` is that set, which the bench checks contains every case the real
 *    sweep raises a step on.
 * 2. Count working days only as far as a threshold. `dueSupervisionSteps` calls
 *    `workingDaysBetween`, which walks the calendar one day at a time, for the whole distance
 *    to the deadline (about 170 µs for 200 days), up to three times per case.
 *    `dueStepsCapped` is the same rule with a count that stops past the threshold; the bench
 *    times both over every case the sweep checks and checks that they agree.
 */
import { sql, type SQL } from 'drizzle-orm';
import { addCalendarDays, addWorkingDays, compareLocalDates, isWorkingDay, type HolidayCalendar, type LocalDate } from '../src/domain/calendar.ts';
import { SUPERVISION_LEVELS, type SupervisionLevel } from '../src/domain/case/record.ts';
import { isCaseOpen, isClockStopped, type CaseState } from '../src/domain/case/states.ts';
import { dueSupervisionSteps, type LadderThresholds } from '../src/domain/supervision/ladder.ts';
import type { Db } from '../src/db/connection.ts';

const PAGE = 500;

/** Deadlines before this day can have a step due on `today` (the reminder's horizon). */
export const candidateHorizon = (today: LocalDate, calendar: HolidayCalendar, thresholds: LadderThresholds): LocalDate =>
  addWorkingDays(today, thresholds.reminderDaysAhead + 1, calendar);

/** The deadline key of `cases_tenant_deadline_order_idx` (migration 0005): no deadline sorts last. */
const DEADLINE_KEY = sql.raw(`coalesce(c.deadline, 'infinity'::date)`);

/**
 * A step can be due: the deadline is before the reminder's horizon, and no 通报 has been
 * raised for it. The 通报 check is a scalar subquery with LIMIT, which PostgreSQL keeps as a
 * per-row probe of `case_events_pkey` (written as NOT EXISTS, the planner turned it into an
 * anti-join against every 通报 of the tenant, estimated from stale statistics at 35 rows, and
 * compared 31 million pairs for the first page: 3 s on PostgreSQL).
 */
const candidateCondition = (horizon: LocalDate): SQL => sql`
  and ${DEADLINE_KEY} < ${horizon}::date
  and not coalesce((
    select true from case_events e
    where e.case_id = c.id and e.type = 'supervise' and e.payload ->> 'level' = 'notice'
      and coalesce(e.payload ->> 'deadline', e.deadline::text) = c.deadline::text
    limit 1), false)`;

const OPEN_WITH_DEADLINE = sql`c.deadline is not null and c.state not in ('closed', 'dismissed', 'litigating')`;

/** As is: pages of 500 by id, every open case with a deadline. */
const pageSql = (tenantId: string, after: string): SQL => sql`
  select c.id, c.detail, c.head_hash from cases c
  where c.tenant_id = ${tenantId} and ${OPEN_WITH_DEADLINE}
    ${after === '' ? sql`` : sql`and c.id > ${after}::uuid`}
  order by c.id limit ${PAGE}`;

/** Proposed: pages of 500 in deadline order (`cases_tenant_deadline_order_idx`), candidates only. */
const candidatePageSql = (tenantId: string, after: { deadline: string; id: string } | null, horizon: LocalDate): SQL => sql`
  select c.id, c.detail, c.head_hash, c.deadline::text as deadline from cases c
  where c.tenant_id = ${tenantId} and ${OPEN_WITH_DEADLINE}
    ${after === null ? sql`` : sql`and (${DEADLINE_KEY}, c.id) > (${after.deadline}::date, ${after.id}::uuid)`}
    ${candidateCondition(horizon)}
  order by ${DEADLINE_KEY}, c.id limit ${PAGE}`;

/** The first page's statement, for EXPLAIN. */
export const firstPageSql = (tenantId: string, horizon: LocalDate | null): SQL =>
  horizon === null ? pageSql(tenantId, '') : candidatePageSql(tenantId, null, horizon);

const raisedSql = (tenantId: string, ids: readonly string[]): SQL => sql`
  select case_id, deadline, payload from case_events
  where tenant_id = ${tenantId} and case_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) and type = 'supervise'`;

/**
 * The sweep's reads, as it does them (pages of 500, then the page's `supervise` events): as is
 * without `horizon`, only the candidates with it. No steps are computed or written.
 */
export const sweepReads = async (db: Db, tenantId: string, horizon: LocalDate | null): Promise<{ rows: number; pages: number }> => {
  let rows = 0;
  let pages = 0;
  let afterId = '';
  let afterKey: { deadline: string; id: string } | null = null;
  for (;;) {
    const page: { id: string; deadline?: string }[] = (
      await db.execute<{ id: string; deadline?: string }>(horizon === null ? pageSql(tenantId, afterId) : candidatePageSql(tenantId, afterKey, horizon))
    ).rows;
    if (page.length === 0) break;
    pages += 1;
    rows += page.length;
    const last: { id: string; deadline?: string } = page[page.length - 1]!;
    afterId = last.id;
    afterKey = { deadline: last.deadline ?? '', id: last.id };
    await db.execute(raisedSql(tenantId, page.map((row) => row.id)));
    if (page.length < PAGE) break;
  }
  return { rows, pages };
};

/** The cases the proposed sweep would look at on `today`. */
export const candidateIds = async (db: Db, tenantId: string, horizon: LocalDate): Promise<Set<string>> => {
  const rows = (
    await db.execute<{ id: string }>(sql`
      select c.id from cases c
      where c.tenant_id = ${tenantId} and ${OPEN_WITH_DEADLINE}
        ${candidateCondition(horizon)}`)
  ).rows;
  return new Set(rows.map((row) => row.id));
};

/** Working days d with from < d ≤ to, counted only up to `cap + 1`. */
const workingDaysUpTo = (from: LocalDate, to: LocalDate, calendar: HolidayCalendar, cap: number): number => {
  let count = 0;
  for (let day = addCalendarDays(from, 1); compareLocalDates(day, to) <= 0 && count <= cap; day = addCalendarDays(day, 1)) {
    if (isWorkingDay(day, calendar)) count += 1;
  }
  return count;
};

const rank = (level: SupervisionLevel): number => SUPERVISION_LEVELS.indexOf(level);

/** `dueSupervisionSteps` with the working-day counts capped at the thresholds. */
export const dueStepsCapped = (input: {
  state: CaseState;
  deadline: LocalDate | null;
  raised: readonly SupervisionLevel[];
  today: LocalDate;
  calendar: HolidayCalendar;
  thresholds: LadderThresholds;
}): SupervisionLevel[] => {
  const { state, deadline, raised, today, calendar, thresholds } = input;
  if (deadline === null || !isCaseOpen(state) || isClockStopped(state)) return [];
  const highest = raised.reduce((top, level) => Math.max(top, rank(level)), -1);
  const overdue = compareLocalDates(today, deadline) > 0;
  return SUPERVISION_LEVELS.filter((level) => {
    if (rank(level) <= highest) return false;
    switch (level) {
      case 'reminder':
        return !overdue && workingDaysUpTo(today, deadline, calendar, thresholds.reminderDaysAhead) <= thresholds.reminderDaysAhead;
      case 'urging':
        return overdue;
      case 'supervision':
        return overdue && workingDaysUpTo(deadline, today, calendar, thresholds.supervisionAfterDays) > thresholds.supervisionAfterDays;
      case 'interview':
        return overdue && workingDaysUpTo(deadline, today, calendar, thresholds.interviewAfterDays) > thresholds.interviewAfterDays;
      case 'notice':
        return overdue && workingDaysUpTo(deadline, today, calendar, thresholds.noticeAfterDays) > thresholds.noticeAfterDays;
    }
  });
};

export interface LadderInputRow {
  state: CaseState;
  deadline: LocalDate;
  raised: SupervisionLevel[];
}

/** Every case the sweep checks, with the levels raised for its current deadline (as `raisedByCase` gives them). */
export const ladderInputs = async (db: Db, tenantId: string): Promise<LadderInputRow[]> => {
  const rows = (
    await db.execute<{ state: CaseState; deadline: string; raised: SupervisionLevel[] | null }>(sql`
      select c.state, c.deadline::text as deadline,
             (select array_agg(e.payload ->> 'level') from case_events e
              where e.case_id = c.id and e.type = 'supervise'
                and coalesce(e.payload ->> 'deadline', e.deadline::text) = c.deadline::text) as raised
      from cases c
      where c.tenant_id = ${tenantId} and c.deadline is not null and c.state not in ('closed', 'dismissed', 'litigating')`)
  ).rows;
  return rows.map((row) => ({ state: row.state, deadline: row.deadline, raised: row.raised ?? [] }));
};

/** Times the ladder rule over `inputs` as is and capped; throws if they disagree. */
export const compareLadder = (
  inputs: readonly LadderInputRow[],
  today: LocalDate,
  calendar: HolidayCalendar,
  thresholds: LadderThresholds,
): { asIsMs: number; cappedMs: number; due: number } => {
  let started = performance.now();
  const asIs = inputs.map((row) => dueSupervisionSteps({ ...row, today, calendar, thresholds }));
  const asIsMs = performance.now() - started;
  started = performance.now();
  const capped = inputs.map((row) => dueStepsCapped({ ...row, today, calendar, thresholds }));
  const cappedMs = performance.now() - started;
  let due = 0;
  asIs.forEach((levels, i) => {
    if (levels.join() !== capped[i]!.join()) throw new Error(`capped ladder differs: ${levels.join()} vs ${capped[i]!.join()}`);
    due += levels.length;
  });
  return { asIsMs, cappedMs, due };
};
