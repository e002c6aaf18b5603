import { and, asc, count, eq, gt, inArray, lt, notInArray, or } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { performCaseAction } from '../cases/perform-case-action.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, type HolidayCalendar, type LocalDate } from '../domain/calendar.ts';
import type { CommonEventPayloads } from '../domain/case/events.ts';
import { SUPERVISION_LEVEL_LABEL, SUPERVISION_LEVELS, type CaseRecord, type SupervisionLevel } from '../domain/case/record.ts';
import { upcastPayload } from '../domain/case/upcast.ts';
import { TERMINAL_STATES, type CaseState } from '../domain/case/states.ts';
import { AppError } from '../domain/errors.ts';
import {
  COMPLAINT_CLOCK_ARTICLE,
  COMPLAINT_CLOCK_LABEL,
  COMPLAINT_SOURCES,
  dueComplaintClockSteps,
  type ComplaintClockKind,
  type RaisedStepOf,
} from '../domain/supervision/complaint-clocks.ts';
import { dueSupervisionSteps, ladderHorizon, workingDaysOverdue } from '../domain/supervision/ladder.ts';
import { caseEvents, cases, notifications } from '../db/schema.ts';
import { loadCalendar } from '../reference/reference-data.ts';
import { loadLadderThresholds } from '../supervision/ladder-thresholds.ts';
import { asBusinessOffice } from '../setup/tenant.ts';

/** Cases read per query (keyset pages by id). */
const BATCH_SIZE = 500;

/** States the ladder never touches: finished cases, and court proceedings (A6). */
const SKIPPED_STATES: CaseState[] = [...TERMINAL_STATES, 'litigating'];

/**
 * The sweep acts as 营商办 because S2 makes formal supervision and the public notice its
 * duties, and the `business_office` role may supervise every case (case-policy). It is no
 * account: the id names the job in the audit log, and no one can sign in as it.
 */
export const SWEEP_ACTOR: Actor = {
  id: 'system:supervision-sweep',
  name: '督办扫描（系统）',
  role: 'business_office',
  // The tenant's 市营商办, filled in when the job runs (asBusinessOffice).
  unitId: null,
  jurisdictionScope: [],
};

export interface RaisedStep {
  readonly caseId: string;
  readonly number: string;
  readonly level: SupervisionLevel;
  /** The case's deadline, or the complaint clock's due day. */
  readonly deadline: LocalDate;
  /** The complaint clock the step pressed on (保障中小企业款项支付条例 第二十五条); absent for the case's deadline. */
  readonly clock?: ComplaintClockKind;
  /** The supervise event's number in the case's history. */
  readonly seq: number;
}

export interface SweepResult {
  readonly raised: RaisedStep[];
  /**
   * Open cases that can have a step due that were looked at: a deadline before the ladder's
   * horizon (`ladderHorizon`), or a complaint with its clocks (Art. 25).
   */
  readonly checked: number;
  /** Cases changed by someone else during the sweep: their steps are raised on the next run. */
  readonly conflicts: number;
  /** In-app notifications written with the raised steps. */
  readonly notifications: number;
  /**
   * Where a run stopped at its `maxSteps` (the last case it looked at, by id): pass it as
   * `after` to go on. Null when the run went through every case.
   */
  readonly resumeAfter: string | null;
}

export interface SweepOptions {
  readonly now: Date;
  /**
   * Stop once this many steps have been raised (a case's steps are raised together, so a run
   * may pass it by that case's few): a first sweep over a backlog raises a step on most open
   * cases, and runs in bounded rounds instead of one unbounded one. Unbounded when absent.
   */
  readonly maxSteps?: number;
  /** Go on after this case id (a previous round's `resumeAfter`). */
  readonly after?: string | null;
}

/** The note of an automatic step, in Chinese, naming the deadline and the delay. */
export const sweepNote = (level: SupervisionLevel, deadline: LocalDate, today: LocalDate, calendar: HolidayCalendar): string => {
  const overdue = workingDaysOverdue(deadline, today, calendar);
  const label = SUPERVISION_LEVEL_LABEL[level];
  return level === 'reminder'
    ? `【系统${label}】本事项办理期限为${deadline}，即将到期，请抓紧办理。`
    : `【系统${label}】本事项办理期限为${deadline}，已逾期${overdue}个工作日，请立即办理并报告进展。`;
};

/** The note of an automatic step on a complaint clock (Art. 25), naming the clock, its due day and the delay. */
export const clockSweepNote = (clock: ComplaintClockKind, level: SupervisionLevel, dueOn: LocalDate, today: LocalDate, calendar: HolidayCalendar): string => {
  const label = SUPERVISION_LEVEL_LABEL[level];
  const what = clock === 'complaint_transfer' ? '请及时受理并交办责任单位' : '请立即形成处理结果并书面告知投诉人';
  return level === 'reminder'
    ? `【系统${label}】本投诉${COMPLAINT_CLOCK_LABEL[clock]}为${dueOn}（${COMPLAINT_CLOCK_ARTICLE}），即将到期，${what}。`
    : `【系统${label}】本投诉${COMPLAINT_CLOCK_LABEL[clock]}为${dueOn}（${COMPLAINT_CLOCK_ARTICLE}），已逾期${workingDaysOverdue(dueOn, today, calendar)}个工作日，${what}。`;
};

/** The levels already raised per case for each deadline and complaint clock, from the case's supervise events. */
const raisedByCase = async (app: AppContext, caseIds: string[]): Promise<Map<string, RaisedStepOf[]>> => {
  const rows = await app.db
    .select({ caseId: caseEvents.caseId, deadline: caseEvents.deadline, payload: caseEvents.payload })
    .from(caseEvents)
    .where(and(eq(caseEvents.tenantId, app.tenantId), inArray(caseEvents.caseId, caseIds), eq(caseEvents.type, 'supervise')));
  const byCase = new Map<string, RaisedStepOf[]>();
  for (const row of rows) {
    const { level, deadline, clock } = upcastPayload('supervise', row.payload, row.deadline, '') as CommonEventPayloads['supervise'];
    if (!SUPERVISION_LEVELS.includes(level)) continue;
    const list = byCase.get(row.caseId) ?? [];
    list.push({ deadline, level, clock: clock ?? null });
    byCase.set(row.caseId, list);
  }
  return byCase;
};

/**
 * Runs the supervision ladder (S2) as of `now`: every open case with a deadline gets the steps
 * due and not yet raised for that deadline, and every complaint the steps due on its running
 * complaint clocks (保障中小企业款项支付条例 第二十五条, each clock a deadline of its own), each as a
 * `supervise` event appended the normal way, one transaction per case. It reads only the cases
 * that can have a step due: a deadline before the ladder's horizon, or a complaint. Idempotent: a
 * second run with the same `now` raises nothing, and after a clock jump the missed steps are
 * raised at once, lowest first. With `maxSteps` it stops after about that many steps and says
 * where to go on (`resumeAfter`).
 */
export const sweepSupervision = async (app: AppContext, options: SweepOptions): Promise<SweepResult> => {
  const today = todayInShanghai(options.now);
  const calendar = await loadCalendar(app.db, app.tenantId);
  const thresholds = await loadLadderThresholds(app.db, app.tenantId);
  const actor = await asBusinessOffice(app, SWEEP_ACTOR);
  const raised: RaisedStep[] = [];
  let checked = 0;
  let conflicts = 0;
  let notified = 0;
  // A deadline on or after this day has nothing due today: such cases are not read at all.
  const horizon = ladderHorizon(today, calendar, thresholds);
  let previousId = options.after ?? '';
  for (let after = options.after ?? ''; ; ) {
    const page = await app.db
      .select({ id: cases.id, detail: cases.detail })
      .from(cases)
      .where(
        and(
          eq(cases.tenantId, app.tenantId),
          or(lt(cases.deadline, horizon), inArray(cases.source, [...COMPLAINT_SOURCES])),
          notInArray(cases.state, SKIPPED_STATES),
          after === '' ? undefined : gt(cases.id, after),
        ),
      )
      .orderBy(asc(cases.id))
      .limit(BATCH_SIZE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const prior = await raisedByCase(app, page.map((row) => row.id));
    for (const row of page) {
      if (options.maxSteps !== undefined && raised.length >= options.maxSteps) {
        return { raised, checked, conflicts, notifications: notified, resumeAfter: previousId };
      }
      previousId = row.id;
      checked += 1;
      const record = row.detail as unknown as CaseRecord;
      const { deadline, state } = record;
      const raisedBefore = prior.get(row.id) ?? [];
      const levels = raisedBefore.filter((step) => step.clock === null && step.deadline === deadline).map((step) => step.level);
      const due: { level: SupervisionLevel; deadline: LocalDate; clock?: ComplaintClockKind; note: string }[] = [
        ...(deadline === null
          ? []
          : dueSupervisionSteps({ state, deadline, raised: levels, today, calendar, thresholds }).map((level) => ({
              level,
              deadline,
              note: sweepNote(level, deadline, today, calendar),
            }))),
        ...dueComplaintClockSteps({ record, raised: raisedBefore, today, calendar, thresholds }).map((step) => ({
          level: step.level,
          deadline: step.dueOn,
          clock: step.clock,
          note: clockSweepNote(step.clock, step.level, step.dueOn, today, calendar),
        })),
      ];
      if (due.length === 0) continue;
      try {
        // A case's due steps are raised together or not at all, each through the one write path.
        const steps = await app.db.transaction(async (tx) => {
          const scope: AppContext = { ...app, db: tx };
          let version = record.version;
          const appended: RaisedStep[] = [];
          for (const step of due) {
            const command = {
              action: 'supervise',
              expectedVersion: version,
              level: step.level,
              note: step.note,
              ...(step.clock === undefined ? {} : { clock: step.clock }),
            } as const;
            version = (await performCaseAction(scope, actor, row.id, command, { now: options.now, sweep: true })).version;
            appended.push({ caseId: row.id, number: record.number, level: step.level, deadline: step.deadline, ...(step.clock === undefined ? {} : { clock: step.clock }), seq: version });
          }
          const [written] = await tx
            .select({ total: count() })
            .from(notifications)
            .where(and(eq(notifications.tenantId, app.tenantId), eq(notifications.caseId, row.id), gt(notifications.eventSeq, record.version)));
          notified += Number(written?.total ?? 0);
          return appended;
        });
        raised.push(...steps);
      } catch (error) {
        // A person acted on the case meanwhile: its steps wait for the next run.
        if (error instanceof AppError && error.code === 'VERSION_CONFLICT') conflicts += 1;
        else throw error;
      }
    }
    if (page.length < BATCH_SIZE) break;
  }
  return { raised, checked, conflicts, notifications: notified, resumeAfter: null };
};
