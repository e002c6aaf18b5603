/**
 * 100,000 cases whose event histories are coherent, for the benchmarks of jobs that append
 * events (the supervision sweep) and of reports that read the history (the dispatch report).
 *
 * `seed-cases.ts` writes the projection straight into `cases` with placeholder hashes and a
 * `version` that no event backs, which is enough for the ledger (it reads only the projection)
 * but not for `appendEvent`, which chains a new event on the case's `head_hash` at seq
 * `version + 1`. Here the same rows (the same `hashint8extended` draws, so the same states,
 * units, amounts, deadlines and dates on both backends) are first written into a staging table;
 * then, per case, a plausible history is built in JavaScript — register, classify, plan,
 * consent, payments, feedback, returns, close, escalation, court, dismissal, progress reports,
 * manual 催办 and year-end exceptions, as the state requires — chained with the real SM3
 * `eventHash`, and the projection is the real `replay` of those events through `evolve`, written
 * with the real `projectionColumns`. So every case passes `verifyChain` (seq 1..version, each
 * prev_hash the previous hash, head_hash the last one) and its row is its events' replay, which
 * is what `chengxin verify-audit` checks.
 *
 * What differs from `seed-cases.ts`: `version`, `updated_at`, `rule` and `detail` are what the
 * replay gives (e.g. `updated_at` is the last event's time), and registered cases from outside
 * sources (enterprise, platforms, petitions) wait for intake (`intake.status = 'pending'`), so
 * that the 受理台 has a queue. Events do not pass `decide` (no actor rights, no time-limit
 * arithmetic): they are what a history looks like, not a replay of commands. The 3 % that
 * `seed-cases.ts` stages on the policy line are loaded as arrears cases from a 台账导入: their
 * staged facts are an arrear's (a confirmed amount, installments, payments), which the policy
 * line's events do not record.
 *
 * Also `seedBenchAccounts`: the accounts that notifications go to (two handlers per public unit,
 * two coordinators per county or zone, one account per city bureau, 营商办, leaders, 信用办),
 * with a placeholder password hash: nobody can sign in.
 */
import { sql } from 'drizzle-orm';
import { eventHash, GENESIS_HASH, type SealKeys } from '../src/audit/chain.ts';
import { eventRow, projectionColumns } from '../src/cases/case-store.ts';
import { addCalendarDays, todayInShanghai, type LocalDate } from '../src/domain/calendar.ts';
import type { CaseEvent, CaseEventPayloads, CaseEventType } from '../src/domain/case/events.ts';
import { evolve } from '../src/domain/case/evolve.ts';
import type { CaseRecord } from '../src/domain/case/record.ts';
import type { PaymentPlan } from '../src/domain/lines/arrears/plan.ts';
import type { CaseState } from '../src/domain/case/states.ts';
import { PENDING_INTAKE_SOURCES } from '../src/domain/intake/intake.ts';
import type { Db } from '../src/db/connection.ts';
import { accounts, caseEvents, cases } from '../src/db/schema.ts';
import { UNIT_IDS } from '../src/db/seed/hanjiang.ts';
import { seedBenchEnterprises, setCaseCounters, stageCaseRows } from './seed-cases.ts';

const STAGE = 'bench_case_stage';

/** Cases per round trip when writing; events are written in chunks under PostgreSQL's 65,535 parameters. */
const WRITE_BATCH = 500;
const EVENT_CHUNK = 3_000;

type Actor = CaseEvent['actor'];
const OFFICE: Actor = { id: 'bench-office-1', role: 'business_office', name: '市营商办' };
const handler = (unitId: string): Actor => ({ id: `bench-${unitId}-1`, role: 'unit_handler', name: '经办人' });

/** A uniform draw in [0, 1) from the case id (an md5), deterministic on both backends. */
export const draw = (id: string, k: number): number => {
  const hex = id.replace(/-/g, '');
  // Hex digits 12 and 16 are fixed by the uuid's version and variant; these slices avoid them.
  const slices = [
    [0, 6],
    [6, 12],
    [18, 24],
    [24, 30],
  ] as const;
  const [from, to] = slices[k % slices.length]!;
  return parseInt(hex.slice(from, to), 16) / 2 ** 24;
};

export type StageRow = {
  id: string;
  state: CaseState;
  line: CaseRecord['line'];
  source: CaseRecord['source'];
  deadline: string | null;
  registered_at: string;
  updated_at: string;
  responsible_unit_id: string;
  handling_unit_id: string;
  jurisdiction_id: string;
  lead_unit_id: string | null;
  claimed_amount: string | number | null;
  confirmed_amount: string | number | null;
  paid_amount: string | number;
  detail: Record<string, unknown> | string;
};

type Draft = { type: CaseEventType; payload: unknown; rule: string | null; stateAfter: CaseState; deadline: LocalDate | null; actor: Actor };

/** The due date of the first installment not yet paid off by `paid`. */
const nextDue = (plan: PaymentPlan, paid: number): LocalDate | null => {
  let cumulative = 0;
  for (const installment of plan.installments) {
    cumulative += installment.amount;
    if (cumulative > paid) return installment.dueOn;
  }
  return null;
};

/**
 * The history of one staged case: the state-changing events its state needs, then the events
 * that keep the state (progress reports, a manual 催办, a year-end exception). The last
 * state-changing event and everything after it carry the staged deadline.
 */
export const historyOf = (row: StageRow, extraProgress = 0): { drafts: Draft[]; times: Date[] } => {
  const detail = (typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail) as Record<string, any>;
  const state = row.state;
  const confirmed = row.confirmed_amount === null ? null : Number(row.confirmed_amount);
  const paid = Number(row.paid_amount);
  const plan = (detail.plan ?? null) as PaymentPlan | null;
  const proposed = (detail.proposedPlan ?? null) as PaymentPlan | null;
  const unitActor = handler(row.responsible_unit_id);
  const r1 = draw(row.id, 1);
  const extras = Math.floor(r1 * 4);

  const pendingIntake = state === 'registered' && (PENDING_INTAKE_SOURCES as readonly string[]).includes(row.source);
  const register: Draft = {
    type: 'register',
    payload: {
      number: detail.number,
      line: row.line,
      source: row.source,
      title: detail.title,
      facts: detail.facts,
      instruction: null,
      enterprise: detail.enterprise,
      responsibleUnitId: row.responsible_unit_id,
      handlingUnitId: row.responsible_unit_id,
      jurisdictionId: row.jurisdiction_id,
      leadUnitId: row.lead_unit_id,
      cooperatingUnitIds: detail.cooperatingUnitIds ?? [],
      claimedAmount: row.claimed_amount === null ? null : Number(row.claimed_amount),
      attachments: [],
      intakeStatus: pendingIntake ? 'pending' : 'accepted',
    } satisfies CaseEventPayloads['register'],
    rule: 'S3',
    stateAfter: 'registered',
    deadline: null,
    actor: pendingIntake ? OFFICE : unitActor,
  };
  const steps: Draft[] = [register];
  const step = (type: CaseEventType, payload: unknown, rule: string | null, stateAfter: CaseState, actor: Actor = unitActor, deadline: LocalDate | null = null) =>
    steps.push({ type, payload, rule, stateAfter, deadline, actor });

  const disputed = () =>
    step('classify', { disputed: true, confirmedAmount: null, confirmedOn: null, paymentDifficulty: null, plan: null }, 'A4', 'negotiating');
  const undisputed = (to: CaseState, withPlan: PaymentPlan | null, rule: string) =>
    step(
      'classify',
      { disputed: false, confirmedAmount: confirmed, confirmedOn: detail.arrears?.confirmedOn ?? null, paymentDifficulty: detail.arrears?.paymentDifficulty ?? null, plan: withPlan },
      rule,
      to,
    );
  const toPerforming = () => {
    if (plan !== null && plan.kind === 'lump_sum') {
      undisputed('performing', plan, 'A1');
    } else {
      undisputed('planning', null, 'A3');
      step('propose_plan', { plan, note: null }, 'A3', 'awaiting_consent');
      step('consent', { by: 'recorded', document: '企业签章的还款计划确认书', note: null }, 'A3', 'performing', OFFICE);
    }
  };
  const payment = (amount: number, to: CaseState) =>
    step('record_payment', { paidOn: 'pending', amount, voucher: `国库支付凭证-${row.id.slice(0, 8)}-${steps.length}` }, plan?.rule ?? 'A1', to);
  const feedback = () => step('submit_feedback', { summary: '已全额支付，企业出具收款确认函。', documents: [] }, 'G3', 'feedback_submitted');

  switch (state) {
    case 'registered':
      break;
    case 'dismissed':
      step('dismiss', { reason: detail.dismissalReason ?? '不属于拖欠企业账款范围。' }, 'S3', 'dismissed', OFFICE);
      break;
    case 'negotiating':
      disputed();
      break;
    case 'mediating':
    case 'litigating':
      disputed();
      step('escalate', { reason: '协商未果，提级办理', previousHandlingUnitId: row.responsible_unit_id, handlingUnitId: row.handling_unit_id }, 'A5', 'mediating', OFFICE);
      if (state === 'litigating') step('litigate', { reason: '调解未果，企业起诉', court: detail.court ?? '汉江市中级人民法院' }, 'A6', 'litigating');
      break;
    case 'planning':
      undisputed('planning', null, 'A3');
      break;
    case 'awaiting_consent':
      undisputed('planning', null, 'A3');
      step('propose_plan', { plan: proposed, note: null }, 'A3', 'awaiting_consent');
      break;
    case 'performing':
      toPerforming();
      if (paid > 0) payment(paid, 'performing');
      break;
    case 'settled':
    case 'feedback_submitted':
    case 'closed':
      toPerforming();
      payment(confirmed ?? paid, 'settled');
      if (state !== 'settled') {
        if (extras >= 2) {
          feedback();
          step('return', { reason: '反馈材料不全，请补充收款确认函。' }, 'G3', 'settled', OFFICE);
        }
        feedback();
        if (state === 'closed') step('close', { opinion: detail.closingOpinion ?? '材料齐全，同意销号。' }, 'G3', 'closed', OFFICE);
      }
      break;
    default:
      throw new Error(`no history for state ${state}`);
  }
  // Province scale (`seed-province.ts`): more progress reports while the case was performing, for
  // the cases that went on past it; open cases get theirs after their last change of state.
  const progressReport = (i: number, at: CaseState): Draft => ({
    type: 'report_progress',
    payload: { progress: `第${i + 1}次进展报告：已与企业对接，资金正在筹措。`, percent: Math.min(95, 5 * (i + 1)) },
    rule: 'G1',
    stateAfter: at,
    deadline: null,
    actor: unitActor,
  });
  const performingAt = steps.findIndex((draft) => draft.stateAfter === 'performing');
  if (extraProgress > 0 && performingAt >= 0 && state !== 'performing') {
    steps.splice(performingAt + 1, 0, ...Array.from({ length: extraProgress }, (_, i) => progressReport(i, 'performing')));
  }
  const lastChange = steps.length - 1;

  // Events that keep the state, after the last change of state.
  const open = state !== 'closed' && state !== 'dismissed';
  if (open && state !== 'registered') {
    if (extraProgress > 0 && (performingAt < 0 || state === 'performing')) {
      for (let i = 0; i < extraProgress; i += 1) steps.push(progressReport(i, state));
    }
    for (let i = 0; i < (extras >= 2 ? extras - 1 : extras); i += 1) {
      step('report_progress', { progress: '已与企业对接，正在推进。', percent: 20 * (i + 1) }, 'G1', state);
    }
  }
  if (detail.yearException?.status === 'approved') {
    step('request_year_exception', { reason: '年度预算已用尽', newDueOn: '2027-03-31' }, 'A2', state);
    step('approve_year_exception', { approved: true, opinion: '同意跨年支付', newDueOn: '2027-03-31' }, 'A2', state, OFFICE);
  }
  if (open && detail.supervisionLevel === 'urging') {
    step('supervise', { level: 'urging', note: '请抓紧办理。', deadline: 'pending', automatic: false }, 'S2', state, OFFICE);
  }

  // Times: spread from registration to the staged update time, strictly increasing.
  const t0 = Date.parse(row.registered_at);
  const t1 = Math.max(Date.parse(row.updated_at), t0 + (steps.length - 1) * 60_000);
  const times = steps.map((_, i) => new Date(steps.length === 1 ? t0 : t0 + Math.round((i * (t1 - t0)) / (steps.length - 1))));

  // Deadlines: the staged one from the last change of state on; before it, what the state implies.
  steps.forEach((draft, i) => {
    const day = todayInShanghai(times[i]!);
    if (i >= lastChange) {
      draft.deadline = row.deadline;
    } else if (draft.stateAfter === 'performing') {
      const paidBefore = steps.slice(0, i + 1).reduce((sum, s) => sum + (s.type === 'record_payment' ? (s.payload as { amount: number }).amount : 0), 0);
      draft.deadline = plan === null ? addCalendarDays(day, 30) : nextDue(plan, paidBefore);
    } else if (draft.stateAfter === 'litigating' || draft.stateAfter === 'closed' || draft.stateAfter === 'dismissed') {
      draft.deadline = null;
    } else {
      draft.deadline = addCalendarDays(day, draft.stateAfter === 'registered' ? 10 : 30);
    }
    if (draft.type === 'record_payment') (draft.payload as { paidOn: string }).paidOn = day;
    if (draft.type === 'supervise') (draft.payload as { deadline: string | null }).deadline = draft.deadline;
  });
  return { drafts: steps, times };
};

/** Builds, chains and replays one case: its event rows and its projection row. */
export const buildCase = (tenantId: string, keys: SealKeys, row: StageRow, extraProgress = 0) => {
  const { drafts, times } = historyOf(row, extraProgress);
  let record: CaseRecord | null = null;
  let prevHash = GENESIS_HASH;
  const eventRows: (typeof caseEvents.$inferInsert)[] = [];
  drafts.forEach((draft, i) => {
    const event = {
      type: draft.type,
      payload: draft.payload,
      rule: draft.rule,
      stateAfter: draft.stateAfter,
      deadline: draft.deadline,
      caseId: row.id,
      seq: i + 1,
      stateBefore: record?.state ?? null,
      actor: draft.actor,
      at: times[i]!.toISOString(),
    } as CaseEvent;
    const hash = eventHash(keys, event, prevHash);
    record = evolve(record, event);
    eventRows.push(eventRow(tenantId, { event, prevHash, hash }, times[i]!));
    prevHash = hash;
  });
  const replayed = record as unknown as CaseRecord;
  return { caseRow: { id: row.id, tenantId, ...projectionColumns(replayed, prevHash) }, eventRows };
};

export interface SeedHistoriesResult {
  readonly cases: number;
  readonly events: number;
  /** Writing the staged rows (the SQL generator of seed-cases.ts). */
  readonly stageMs: number;
  /** Building histories in JavaScript and writing cases and events. */
  readonly buildMs: number;
  /** VACUUM ANALYZE of cases and case_events. */
  readonly analyzeMs: number;
}

/**
 * Loads `count` cases with coherent histories for `tenantId` (reference data already seeded),
 * then vacuums and analyzes. Refuses a tenant that already has cases.
 */
export const seedCaseHistories = async (
  db: Db,
  options: { tenantId: string; keys: SealKeys; count: number; batchSize?: number; onProgress?: (message: string) => void },
): Promise<SeedHistoriesResult> => {
  const { tenantId, count } = options;
  const progress = options.onProgress ?? (() => undefined);
  const existing = await db.execute<{ n: number }>(sql`select count(*)::int as n from cases where tenant_id = ${tenantId}`);
  if ((existing.rows[0]?.n ?? 0) > 0) throw new Error(`tenant ${tenantId} already has cases; seed an empty database`);
  await seedBenchEnterprises(db, tenantId);

  const staging = performance.now();
  await db.execute(sql.raw(`drop table if exists ${STAGE}`));
  await db.execute(sql.raw(`create table ${STAGE} (like cases including defaults)`));
  // Not the text search's grams: LIKE copies the column (not null) without its generation.
  await db.execute(sql.raw(`alter table ${STAGE} drop column search_grams`));
  await stageCaseRows(db, { tenantId, count, table: STAGE, batchSize: options.batchSize ?? 25_000, onBatch: (n) => progress(`staged ${n}`) });
  await db.execute(sql.raw(`create index ${STAGE}_order_idx on ${STAGE} (registered_at, id)`));
  const stageMs = performance.now() - staging;

  const building = performance.now();
  let written = 0;
  let events = 0;
  for (let after: { at: string; id: string } | null = null; ; ) {
    const page: { rows: StageRow[] } = await db.execute<StageRow>(sql`
      select id, state, case when line = 'policy' then 'arrears' else line end as line, source, deadline::text as deadline,
             to_char(registered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as registered_at,
             to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at,
             responsible_unit_id, handling_unit_id, jurisdiction_id, lead_unit_id,
             claimed_amount, confirmed_amount, paid_amount, detail
      from ${sql.raw(STAGE)}
      ${after === null ? sql`` : sql`where (registered_at, id) > (${after.at}::timestamptz, ${after.id}::uuid)`}
      order by registered_at, id
      limit ${WRITE_BATCH}`);
    const rows: StageRow[] = page.rows;
    if (rows.length === 0) break;
    const built = rows.map((row) => buildCase(tenantId, options.keys, row));
    await db.insert(cases).values(built.map((b) => b.caseRow));
    const eventRows = built.flatMap((b) => b.eventRows);
    for (let i = 0; i < eventRows.length; i += EVENT_CHUNK) {
      await db.insert(caseEvents).values(eventRows.slice(i, i + EVENT_CHUNK));
    }
    written += rows.length;
    events += eventRows.length;
    if (written % 10_000 < WRITE_BATCH) progress(`built ${written} cases, ${events} events`);
    const last: StageRow = rows[rows.length - 1]!;
    after = { at: last.registered_at, id: last.id };
    if (rows.length < WRITE_BATCH) break;
  }
  await db.execute(sql.raw(`drop table ${STAGE}`));
  await setCaseCounters(db, tenantId);
  const buildMs = performance.now() - building;

  const analyzing = performance.now();
  await db.execute(sql`vacuum analyze cases`);
  await db.execute(sql`vacuum analyze case_events`);
  await db.execute(sql`analyze units`);
  return { cases: written, events, stageMs, buildMs, analyzeMs: performance.now() - analyzing };
};

/**
 * The accounts notifications go to: two handlers per public unit, two coordinators per county
 * or zone, one lead-bureau account per city department, three of 营商办, two leaders and one
 * of 信用办. Returns how many were written.
 */
export const seedBenchAccounts = async (db: Db, tenantId: string): Promise<number> => {
  const publicUnits = (
    await db.execute<{ id: string; kind: string; jurisdiction_id: string }>(sql`
      select id, kind, jurisdiction_id from units where tenant_id = ${tenantId} and kind <> 'enterprise' order by id`)
  ).rows;
  const counties = (
    await db.execute<{ id: string }>(sql`select id from jurisdictions where tenant_id = ${tenantId} and parent_id is not null order by id`)
  ).rows;
  const rows: (typeof accounts.$inferInsert)[] = [];
  const add = (id: string, role: (typeof accounts.$inferInsert)['role'], unitId: string | null, jurisdictionId: string | null = null) =>
    rows.push({ id, tenantId, username: id, displayName: id, passwordHash: 'bench-no-sign-in', role, unitId, jurisdictionId });
  for (const unit of publicUnits) {
    add(`bench-${unit.id}-1`, 'unit_handler', unit.id);
    add(`bench-${unit.id}-2`, 'unit_handler', unit.id);
    if (unit.kind === 'department' && unit.jurisdiction_id === 'city' && unit.id !== UNIT_IDS.yingshangban && unit.id !== UNIT_IDS.xinyongban) {
      add(`bench-${unit.id}-lead`, 'lead_bureau', unit.id);
    }
  }
  for (const county of counties) {
    add(`bench-coord-${county.id}-1`, 'county_coordinator', null, county.id);
    add(`bench-coord-${county.id}-2`, 'county_coordinator', null, county.id);
  }
  for (let i = 1; i <= 3; i += 1) add(`bench-office-${i}`, 'business_office', UNIT_IDS.yingshangban);
  for (let i = 1; i <= 2; i += 1) add(`bench-leader-${i}`, 'leader', UNIT_IDS.cityGovernment);
  add('bench-credit-1', 'credit_office', UNIT_IDS.xinyongban);
  await db.insert(accounts).values(rows).onConflictDoNothing();
  return rows.length;
};
