import { and, asc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
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
 * The event types whose events of the period a group's figures count, as SQL literals: the
 * condition of the index that serves them (`case_events_period_figures_idx`, migration 0047),
 * which the planner can prove from literals in any plan, and from parameters only in some.
 */
const PERIOD_EVENT_TYPES = sql`${caseEvents.type} in ('return', 'rate', 'request_reopen')`;

const score = sql`(${caseEvents.payload} ->> 'score')::int`;

/**
 * Each case in scope with every figure it adds to a group, computed once per case: its state's
 * conditions (the ledger's own), whether it closed on time (a column of the case), and
 * its events of the period (G3 returns, ratings, requests to reopen), read in one pass over the
 * period's events (`case_events_period_figures_idx`) instead of one probe of each case per figure.
 * `offset 0` keeps PostgreSQL from folding it into the grouping, so that no figure is computed
 * once per grouping set.
 */
const perCaseFigures = (app: AppContext, scoped: SQL | undefined, asOf: LocalDate, from: LocalDate, to: LocalDate) => {
  const periodEvents = app.db.$with('period_events').as(
    app.db
      .select({
        caseId: caseEvents.caseId,
        returned: sql<number>`count(*) filter (where ${caseEvents.type} = 'return')`.as('returned'),
        ratings: sql<number>`count(*) filter (where ${caseEvents.type} = 'rate')`.as('ratings'),
        // 满意率: 满意 (4–5) and 不满意 (1–2) as the rating form names them (record.ts).
        satisfied: sql<number>`count(*) filter (where ${caseEvents.type} = 'rate' and ${score} >= ${SATISFIED_MIN_SCORE})`.as('satisfied'),
        dissatisfied: sql<number>`count(*) filter (where ${caseEvents.type} = 'rate' and ${score} <= ${DISSATISFIED_MAX_SCORE})`.as('dissatisfied'),
        reopenRequests: sql<number>`count(*) filter (where ${caseEvents.type} = 'request_reopen')`.as('reopen_requests'),
      })
      .from(caseEvents)
      .where(
        and(
          eq(caseEvents.tenantId, app.tenantId),
          PERIOD_EVENT_TYPES,
          gte(caseEvents.at, shanghaiMidnight(from)),
          lt(caseEvents.at, shanghaiMidnight(dayAfter(to))),
        ),
      )
      .groupBy(caseEvents.caseId),
  );
  return app.db
    .with(periodEvents)
    .select({
      line: cases.line,
      jurisdictionId: cases.jurisdictionId,
      unitId: cases.responsibleUnitId,
      state: cases.state,
      open: sql<boolean>`${openCondition()}`.as('open'),
      overdue: sql<boolean>`${overdueCondition(asOf)}`.as('overdue'),
      yearEndRisk: sql<boolean>`${yearEndRiskCondition(asOf)}`.as('year_end_risk'),
      // 按期办结, kept on the case by its projection (CaseCore.settledOnTime, migration 0050).
      closedOnTime: cases.closedOnTime,
      returned: sql<number>`coalesce(${periodEvents.returned}, 0)`.as('returned'),
      ratings: sql<number>`coalesce(${periodEvents.ratings}, 0)`.as('ratings'),
      satisfied: sql<number>`coalesce(${periodEvents.satisfied}, 0)`.as('satisfied'),
      dissatisfied: sql<number>`coalesce(${periodEvents.dissatisfied}, 0)`.as('dissatisfied'),
      reopenRequests: sql<number>`coalesce(${periodEvents.reopenRequests}, 0)`.as('reopen_requests'),
      claimedAmount: cases.claimedAmount,
      confirmedAmount: cases.confirmedAmount,
      paidAmount: cases.paidAmount,
    })
    .from(cases)
    .leftJoin(periodEvents, eq(periodEvents.caseId, cases.id))
    .where(scoped)
    .offset(0)
    .as('per_case');
};

type PerCase = ReturnType<typeof perCaseFigures>;

/** The counts of a group of cases: the sums of their per-case figures. */
const countsSql = (c: PerCase) => ({
  cases: sql<number>`count(*)::int`,
  open: sql<number>`(count(*) filter (where ${c.open}))::int`,
  closed: sql<number>`(count(*) filter (where ${c.state} = 'closed'))::int`,
  dismissed: sql<number>`(count(*) filter (where ${c.state} = 'dismissed'))::int`,
  withdrawn: sql<number>`(count(*) filter (where ${c.state} = 'withdrawn'))::int`,
  overdue: sql<number>`(count(*) filter (where ${c.overdue}))::int`,
  closedOnTime: sql<number>`(count(*) filter (where ${c.closedOnTime}))::int`,
  yearEndRisk: sql<number>`(count(*) filter (where ${c.yearEndRisk}))::int`,
  returned: sql<number>`coalesce(sum(${c.returned}), 0)::int`,
  ratings: sql<number>`coalesce(sum(${c.ratings}), 0)::int`,
  satisfied: sql<number>`coalesce(sum(${c.satisfied}), 0)::int`,
  dissatisfied: sql<number>`coalesce(sum(${c.dissatisfied}), 0)::int`,
  reopenRequests: sql<number>`coalesce(sum(${c.reopenRequests}), 0)::int`,
  // Exact sums read by fenTotal (money.ts): no total overflows or fails the report.
  claimedAmount: moneySum(sql`${c.claimedAmount}`),
  confirmedAmount: moneySum(sql`${c.confirmedAmount}`),
  paidAmount: moneySum(sql`${c.paidAmount}`),
  outstandingAmount: moneySum(sql`${c.confirmedAmount} - ${c.paidAmount}`),
});

/** `grouping(line, jurisdiction, unit)` of a row of each grouping set: the bits of the columns it does not group by. */
const BY_LINE = 0b011;
const BY_JURISDICTION = 0b101;
const BY_UNIT = 0b110;

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

  const figures = await app.db.transaction(
    async (tx) => {
      // One pass over the cases in scope for the three groupings (by line, by jurisdiction, by
      // responsible unit), each case's figures computed once.
      const perCase = perCaseFigures(app, scoped, asOf, from, to);
      const groupRows = await tx
        .select({
          grouping: sql<number>`grouping(${perCase.line}, ${perCase.jurisdictionId}, ${perCase.unitId})`,
          line: perCase.line,
          jurisdictionId: perCase.jurisdictionId,
          unitId: perCase.unitId,
          ...countsSql(perCase),
        })
        .from(perCase)
        .groupBy(sql`grouping sets ((${perCase.line}), (${perCase.jurisdictionId}), (${perCase.unitId}))`);
      const lineRows = groupRows.filter((row) => row.grouping === BY_LINE);
      const jurisdictionCounts = new Map(groupRows.filter((row) => row.grouping === BY_JURISDICTION).map((row) => [row.jurisdictionId, row]));
      const unitCounts = new Map(groupRows.filter((row) => row.grouping === BY_UNIT).map((row) => [row.unitId, row]));
      // Names and order: jurisdictions by their order; units by their jurisdiction's order, then
      // name (in the database's collation), the units without a jurisdiction left out as before.
      const jurisdictionRows =
        jurisdictionCounts.size === 0
          ? []
          : (
              await tx
                .select({ id: jurisdictions.id, name: jurisdictions.name, level: jurisdictions.level })
                .from(jurisdictions)
                .where(and(eq(jurisdictions.tenantId, app.tenantId), inArray(jurisdictions.id, [...jurisdictionCounts.keys()])))
                .orderBy(asc(jurisdictions.sort), asc(jurisdictions.id))
            ).map((row) => ({ ...jurisdictionCounts.get(row.id)!, ...row }));
      const unitRows =
        unitCounts.size === 0
          ? []
          : (
              await tx
                .select({ id: responsible.id, name: responsible.name, jurisdictionId: jurisdictions.id, jurisdictionName: jurisdictions.name })
                .from(responsible)
                .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, responsible.tenantId), eq(jurisdictions.id, responsible.jurisdictionId)))
                .where(and(eq(responsible.tenantId, app.tenantId), inArray(responsible.id, [...unitCounts.keys()])))
                .orderBy(asc(jurisdictions.sort), asc(responsible.name), asc(responsible.id))
            ).map((row) => ({ ...unitCounts.get(row.id)!, ...row }));
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
            // Literals, the condition of the index that serves the lists (case_events_ladder_steps_idx).
            sql`${caseEvents.type} = 'supervise'`,
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
