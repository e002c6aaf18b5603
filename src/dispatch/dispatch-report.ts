import { and, asc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppContext } from '../app-context.ts';
import { caseScopeCondition, openCondition, overdueCondition, shanghaiMidnight, yearEndRiskCondition } from '../cases/case-conditions.ts';
import { moneySum } from '../cases/case-statistics.ts';
import { caseReadScope } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { DISSATISFIED_MAX_SCORE, SATISFIED_MIN_SCORE, type SupervisionLevel } from '../domain/case/record.ts';
import { authorizeReportReading } from '../domain/dispatch/dispatch-policy.ts';
import { dayAfter, EMPTY_COUNTS, reportPeriod, sumCounts, withRates, type GroupCounts } from '../domain/dispatch/figures.ts';
import { INDEX_FORMULA, rankIntegrity } from '../domain/dispatch/integrity-index.ts';
import { LINES, type Line } from '../domain/lines/vocabulary.ts';
import { caseEvents, cases, creditRecords, jurisdictions, units, type JurisdictionLevel } from '../db/schema.ts';
import { getDispatchRound } from './get-dispatch-round.ts';
import { loadRound } from './round-store.ts';

const responsible = alias(units, 'responsible');

/** The steps of the ladder the report lists, each in its own list (S2; 保障中小企业款项支付条例 第二十三条). */
type ListedSupervisionLevel = Extract<SupervisionLevel, 'interview' | 'notice'>;

/**
 * Closed on time: the case is closed and its settling event came on or before the deadline in
 * force just before that event (the `deadline` of the event before it; none in force counts as
 * on time). The settling event is the last event that entered `settled` from another state
 * other than by `return` (a returned feedback re-opens the review, not the obligation); a case
 * closed without one (none today: `close` needs feedback on a settled case) falls back to its
 * `close` event. Days are Asia/Shanghai. Every probe of a case's events here names the tenant
 * first: their key is (tenant_id, case_id, seq), and a probe by case alone cannot seek it (it
 * read the whole table once per case).
 */
const closedOnTimeCondition = (): SQL => sql`${cases.state} = 'closed' and coalesce((
  select s.deadline_before is null or (s.at at time zone 'Asia/Shanghai')::date <= s.deadline_before
  from (
    select e.at, e.seq, e.type = 'close' as fallback, p.deadline as deadline_before
    from ${caseEvents} e
    left join ${caseEvents} p on p.tenant_id = e.tenant_id and p.case_id = e.case_id and p.seq = e.seq - 1
    where e.tenant_id = ${cases.tenantId} and e.case_id = ${cases.id}
      and ((e.state_after = 'settled' and e.state_before is distinct from 'settled' and e.type <> 'return') or e.type = 'close')
  ) s
  order by s.fallback, s.seq desc
  limit 1), false)`;

/** G3: the feedback of the case returned (`return` events) from `from` to `to`, days included. */
const returnedWithin = (from: LocalDate, to: LocalDate): SQL =>
  sql`(select count(*) from ${caseEvents} r where r.tenant_id = ${cases.tenantId} and r.case_id = ${cases.id} and r.type = 'return'
       and r.at >= ${shanghaiMidnight(from)} and r.at < ${shanghaiMidnight(dayAfter(to))})`;

/** The case's events of `type` from `from` to `to`, days included, and of `only` besides when given. */
const eventsWithin = (type: string, from: LocalDate, to: LocalDate, only?: SQL): SQL =>
  sql`(select count(*) from ${caseEvents} r where r.tenant_id = ${cases.tenantId} and r.case_id = ${cases.id} and r.type = ${type}
       and r.at >= ${shanghaiMidnight(from)} and r.at < ${shanghaiMidnight(dayAfter(to))}${only === undefined ? sql`` : sql` and ${only}`})`;

const score = sql`(r.payload ->> 'score')::int`;

/** The counts of a group of cases, in SQL, with the ledger's own conditions. */
const countsSql = (asOf: LocalDate, from: LocalDate, to: LocalDate) => ({
  cases: sql<number>`count(*)::int`,
  open: sql<number>`(count(*) filter (where ${openCondition()}))::int`,
  closed: sql<number>`(count(*) filter (where ${cases.state} = 'closed'))::int`,
  dismissed: sql<number>`(count(*) filter (where ${cases.state} = 'dismissed'))::int`,
  withdrawn: sql<number>`(count(*) filter (where ${cases.state} = 'withdrawn'))::int`,
  overdue: sql<number>`(count(*) filter (where ${overdueCondition(asOf)}))::int`,
  closedOnTime: sql<number>`(count(*) filter (where ${closedOnTimeCondition()}))::int`,
  yearEndRisk: sql<number>`(count(*) filter (where ${yearEndRiskCondition(asOf)}))::int`,
  returned: sql<number>`coalesce(sum(${returnedWithin(from, to)}), 0)::int`,
  // 满意率: the ratings of the period, 满意 (4–5) and 不满意 (1–2) as the rating form names them (record.ts).
  ratings: sql<number>`coalesce(sum(${eventsWithin('rate', from, to)}), 0)::int`,
  satisfied: sql<number>`coalesce(sum(${eventsWithin('rate', from, to, sql`${score} >= ${SATISFIED_MIN_SCORE}`)}), 0)::int`,
  dissatisfied: sql<number>`coalesce(sum(${eventsWithin('rate', from, to, sql`${score} <= ${DISSATISFIED_MAX_SCORE}`)}), 0)::int`,
  reopenRequests: sql<number>`coalesce(sum(${eventsWithin('request_reopen', from, to)}), 0)::int`,
  // Exact sums read by fenTotal (money.ts): no total overflows or fails the report.
  claimedAmount: moneySum(sql`${cases.claimedAmount}`),
  confirmedAmount: moneySum(sql`${cases.confirmedAmount}`),
  paidAmount: moneySum(sql`${cases.paidAmount}`),
  outstandingAmount: moneySum(sql`${cases.confirmedAmount} - ${cases.paidAmount}`),
});

/** Pick the counts out of a row that carries more. */
const countsOf = (row: GroupCounts): GroupCounts =>
  Object.fromEntries((Object.keys(EMPTY_COUNTS) as (keyof GroupCounts)[]).map((key) => [key, Number(row[key])])) as unknown as GroupCounts;

export interface DispatchReportOptions {
  readonly asOf?: LocalDate;
  readonly roundId?: string;
}

/**
 * The dispatch report (调度报告, S5, G4) over the cases the actor may read, registered by the
 * end of the report date: per jurisdiction, per line and per responsible unit, the 约谈 and 通报
 * lists of the period, the round's reporting status when a round is named, and the integrity
 * index. States and amounts are the ledger's as recorded now; `asOf` is the day deadlines are
 * judged by and the end of the period whose events (returns, interviews, notices) are counted.
 * One read-only snapshot, so every figure agrees with the others. docs/REPORTS.md defines each figure.
 * @throws AppError FORBIDDEN, DATE_INVALID, DISPATCH_ROUND_NOT_FOUND
 */
export const dispatchReport = async (app: AppContext, actor: Actor, options: DispatchReportOptions = {}) => {
  authorizeReportReading(actor);
  const now = app.clock();
  const today = todayInShanghai(now);
  const round = options.roundId === undefined ? null : await loadRound(app.db, app.tenantId, options.roundId);
  const { asOf, from, to } = reportPeriod(options.asOf, today, round);
  const caseScope = caseReadScope(actor);
  const scoped = and(eq(cases.tenantId, app.tenantId), caseScopeCondition(caseScope), lt(cases.registeredAt, shanghaiMidnight(dayAfter(asOf))));
  const counts = countsSql(asOf, from, to);

  const figures = await app.db.transaction(
    async (tx) => {
      const lineRows = await tx.select({ line: cases.line, ...counts }).from(cases).where(scoped).groupBy(cases.line);
      const jurisdictionRows = await tx
        .select({ id: jurisdictions.id, name: jurisdictions.name, level: jurisdictions.level, ...counts })
        .from(cases)
        .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, cases.tenantId), eq(jurisdictions.id, cases.jurisdictionId)))
        .where(scoped)
        .groupBy(jurisdictions.id, jurisdictions.name, jurisdictions.level, jurisdictions.sort)
        .orderBy(asc(jurisdictions.sort), asc(jurisdictions.id));
      const unitRows = await tx
        .select({
          id: responsible.id,
          name: responsible.name,
          jurisdictionId: jurisdictions.id,
          jurisdictionName: jurisdictions.name,
          ...counts,
        })
        .from(cases)
        .innerJoin(responsible, and(eq(responsible.tenantId, cases.tenantId), eq(responsible.id, cases.responsibleUnitId)))
        .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, responsible.tenantId), eq(jurisdictions.id, responsible.jurisdictionId)))
        .where(scoped)
        .groupBy(responsible.id, responsible.name, jurisdictions.id, jurisdictions.name, jurisdictions.sort)
        .orderBy(asc(jurisdictions.sort), asc(responsible.name), asc(responsible.id));
      // S2 and Art. 23: the interviews (约谈) and public notices (通报) of the period, in one read.
      const ladderSteps = await tx
        .select({
          level: sql<ListedSupervisionLevel>`${caseEvents.payload} ->> 'level'`,
          caseId: cases.id,
          eventSeq: caseEvents.seq,
          number: cases.number,
          title: cases.title,
          line: cases.line,
          state: cases.state,
          responsibleUnitName: responsible.name,
          jurisdictionName: jurisdictions.name,
          on: sql<LocalDate>`(${caseEvents.at} at time zone 'Asia/Shanghai')::date::text`,
          deadline: sql<LocalDate | null>`coalesce(${caseEvents.payload} ->> 'deadline', ${caseEvents.deadline}::text)`,
          note: sql<string>`${caseEvents.payload} ->> 'note'`,
          outstandingAmount: sql<number>`(coalesce(${cases.confirmedAmount}, 0) - ${cases.paidAmount})::bigint`,
        })
        .from(caseEvents)
        .innerJoin(cases, and(eq(cases.tenantId, caseEvents.tenantId), eq(cases.id, caseEvents.caseId)))
        .innerJoin(responsible, and(eq(responsible.tenantId, cases.tenantId), eq(responsible.id, cases.responsibleUnitId)))
        .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, cases.tenantId), eq(jurisdictions.id, cases.jurisdictionId)))
        .where(
          and(
            scoped,
            eq(caseEvents.tenantId, app.tenantId),
            eq(caseEvents.type, 'supervise'),
            sql`${caseEvents.payload} ->> 'level' in ('interview', 'notice')`,
            sql`${caseEvents.at} >= ${shanghaiMidnight(from)}`,
            lt(caseEvents.at, shanghaiMidnight(dayAfter(to))),
          ),
        )
        .orderBy(asc(caseEvents.at), asc(cases.number), asc(caseEvents.seq));
      // S4: breach records in effect (recorded or under objection) with a breach date by asOf.
      // Actors who read a whole jurisdiction see its units' records; others only those of the
      // units whose cases they read.
      const unitIds = unitRows.map((row) => row.id);
      const wholeJurisdictions = caseScope.kind === 'all' || caseScope.kind === 'jurisdictions';
      const breachRows =
        unitIds.length === 0 && !wholeJurisdictions
          ? []
          : await tx
              .select({ unitId: creditRecords.unitId, jurisdictionId: units.jurisdictionId, count: sql<number>`count(*)::int` })
              .from(creditRecords)
              .innerJoin(units, and(eq(units.tenantId, creditRecords.tenantId), eq(units.id, creditRecords.unitId)))
              .where(
                and(
                  eq(creditRecords.tenantId, app.tenantId),
                  inArray(creditRecords.status, ['recorded', 'objected']),
                  sql`${creditRecords.breachOn} <= ${asOf}::date`,
                  wholeJurisdictions ? undefined : inArray(creditRecords.unitId, unitIds),
                ),
              )
              .groupBy(creditRecords.unitId, units.jurisdictionId);
      return { lineRows, jurisdictionRows, unitRows, ladderSteps, breachRows };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );

  const byLineMap = new Map(figures.lineRows.map((row) => [row.line, countsOf(row)]));
  const byLine = LINES.map((line: Line) => ({ line, ...withRates(byLineMap.get(line) ?? EMPTY_COUNTS) }));
  const byJurisdiction = figures.jurisdictionRows.map((row) => ({
    id: row.id,
    name: row.name,
    level: row.level as JurisdictionLevel,
    ...withRates(countsOf(row)),
  }));
  const byUnit = figures.unitRows.map((row) => ({
    id: row.id,
    name: row.name,
    jurisdictionId: row.jurisdictionId,
    jurisdictionName: row.jurisdictionName,
    ...withRates(countsOf(row)),
  }));
  const breachByUnit = new Map<string, number>();
  const breachByJurisdiction = new Map<string, number>();
  for (const row of figures.breachRows) {
    breachByUnit.set(row.unitId, (breachByUnit.get(row.unitId) ?? 0) + row.count);
    breachByJurisdiction.set(row.jurisdictionId, (breachByJurisdiction.get(row.jurisdictionId) ?? 0) + row.count);
  }
  const roundStatus = round === null ? null : await getDispatchRound(app, actor, round.id);

  return {
    asOf,
    period: { from, to },
    generatedAt: now.toISOString(),
    round:
      round === null
        ? null
        : { id: round.id, title: round.title, periodStart: round.periodStart, periodEnd: round.periodEnd, dueOn: round.dueOn, status: round.status },
    total: withRates(sumCounts(byLine)),
    byJurisdiction,
    byLine,
    byUnit,
    interviews: figures.ladderSteps
      .filter((row) => row.level === 'interview')
      .map(({ level: _level, on, ...row }) => ({ ...row, interviewedOn: on, outstandingAmount: Number(row.outstandingAmount) })),
    notices: figures.ladderSteps
      .filter((row) => row.level === 'notice')
      .map(({ level: _level, on, ...row }) => ({ ...row, noticedOn: on, outstandingAmount: Number(row.outstandingAmount) })),
    roundStatus:
      roundStatus === null
        ? null
        : roundStatus.units.map((unit) => ({
            unitId: unit.unitId,
            unitName: unit.unitName,
            jurisdictionName: unit.jurisdictionName,
            total: unit.total,
            reported: unit.reported,
            closedSince: unit.closedSince,
            status: unit.status,
            submittedOn: unit.submittedOn,
            submittedByName: unit.submittedByName,
          })),
    index: {
      formula: INDEX_FORMULA,
      units: rankIntegrity(byUnit.map((row) => ({ ...row, breachRecords: breachByUnit.get(row.id) ?? 0 }))),
      jurisdictions: rankIntegrity(byJurisdiction.map((row) => ({ ...row, breachRecords: breachByJurisdiction.get(row.id) ?? 0 }))),
    },
  };
};

export type DispatchReport = Awaited<ReturnType<typeof dispatchReport>>;
