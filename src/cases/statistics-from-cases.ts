/**
 * The cockpit's grouped figures counted from `cases` itself, for a reader whose scope the rollups'
 * key does not hold (an enterprise; a lead bureau's cooperating cases): their own cases, a few.
 * `verify-rollups.test.ts` also compares it with the rollups' answer for every kind of scope.
 */
import { and, asc, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { LocalDate } from '../domain/calendar.ts';
import type { Db } from '../db/connection.ts';
import { caseEvents, cases, jurisdictions, units } from '../db/schema.ts';
import { moneySum, STATISTICS_TOP_UNITS, type GroupedFigures, type StatisticsPeriod } from './statistics-figures.ts';
import { openCondition, overdueByLawCondition, overdueCondition, shanghaiMidnight, yearEndRiskCondition } from './case-conditions.ts';

const responsible = alias(units, 'responsible');

/**
 * The figures of a group of cases, each the aggregate of what the ledger lists for the same
 * filter: counts `::int`; money (分) summed exactly as numeric and read by `fenTotal`; the
 * clearance rate paid ÷ confirmed (null while nothing is confirmed).
 */
const figures = (today: LocalDate) => ({
  cases: sql<number>`count(*)::int`,
  open: sql<number>`(count(*) filter (where ${openCondition()}))::int`,
  closed: sql<number>`(count(*) filter (where ${cases.state} = 'closed'))::int`,
  dismissed: sql<number>`(count(*) filter (where ${cases.state} = 'dismissed'))::int`,
  overdue: sql<number>`(count(*) filter (where ${overdueCondition(today)}))::int`,
  overdueByLaw: sql<number>`(count(*) filter (where ${overdueByLawCondition(today)}))::int`,
  claimedAmount: moneySum(sql`${cases.claimedAmount}`),
  confirmedAmount: moneySum(sql`${cases.confirmedAmount}`),
  paidAmount: moneySum(sql`${cases.paidAmount}`),
  outstandingAmount: moneySum(sql`${cases.confirmedAmount} - ${cases.paidAmount}`),
  clearanceRate: sql<number | null>`(sum(${cases.paidAmount})::float8 / nullif(sum(${cases.confirmedAmount}), 0))::float8`,
});

// The ISO week (its Monday) of an instant in the city's time zone.
const weekOf = (instant: SQL) => sql<LocalDate>`(date_trunc('week', ${instant} at time zone 'Asia/Shanghai'))::date`;

/** The grouped figures of the cases `scoped` selects (a condition on `cases` naming `tenantId`). */
export const statisticsFromCases = async (tx: Db, tenantId: string, scoped: SQL, { today, firstWeek }: StatisticsPeriod): Promise<GroupedFigures> => {
  const all = figures(today);
  const { closed: _closed, dismissed: _dismissed, claimedAmount: _claimed, ...ranked } = all;
  const byOutstanding = [desc(all.outstandingAmount), desc(all.cases)] as const;
  const firstInstant = shanghaiMidnight(firstWeek);
  const registeredWeek = weekOf(sql`${cases.registeredAt}`);
  const closedWeek = weekOf(sql`${cases.closedAt}`);
  // A payment counts in the week it was made (its `paidOn`), whenever it was recorded.
  const paidOn = sql`(${caseEvents.payload} ->> 'paidOn')`;
  const paidWeek = sql<LocalDate>`(date_trunc('week', ${paidOn}::date::timestamp))::date`;
  const [risks] = await tx.select({ count: sql<number>`count(*)::int` }).from(cases).where(and(scoped, yearEndRiskCondition(today)));
  return {
    lines: await tx.select({ line: cases.line, ...all }).from(cases).where(scoped).groupBy(cases.line),
    byJurisdiction: await tx
      .select({ id: jurisdictions.id, name: jurisdictions.name, ...ranked })
      .from(cases)
      .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, cases.tenantId), eq(jurisdictions.id, cases.jurisdictionId)))
      .where(scoped)
      .groupBy(jurisdictions.id, jurisdictions.name)
      .orderBy(...byOutstanding, asc(jurisdictions.id)),
    byUnit: await tx
      .select({ id: responsible.id, name: responsible.name, ...ranked })
      .from(cases)
      .innerJoin(responsible, and(eq(responsible.tenantId, cases.tenantId), eq(responsible.id, cases.responsibleUnitId)))
      .where(scoped)
      .groupBy(responsible.id, responsible.name)
      .orderBy(...byOutstanding, asc(responsible.id))
      .limit(STATISTICS_TOP_UNITS),
    registered: await tx
      .select({ weekStart: registeredWeek, count: sql<number>`count(*)::int` })
      .from(cases)
      .where(and(scoped, gte(cases.registeredAt, firstInstant)))
      .groupBy(registeredWeek),
    closed: await tx
      .select({ weekStart: closedWeek, count: sql<number>`count(*)::int` })
      .from(cases)
      .where(and(scoped, eq(cases.state, 'closed'), gte(cases.closedAt, firstInstant)))
      .groupBy(closedWeek),
    paid: await tx
      .select({ weekStart: paidWeek, amount: moneySum(sql`(${caseEvents.payload} ->> 'amount')::numeric`) })
      .from(caseEvents)
      .innerJoin(cases, and(eq(cases.tenantId, caseEvents.tenantId), eq(cases.id, caseEvents.caseId)))
      .where(and(scoped, eq(caseEvents.tenantId, tenantId), sql`${caseEvents.type} = 'record_payment'`, sql`${paidOn} collate "C" >= ${firstWeek}`))
      .groupBy(paidWeek),
    yearEndRisks: risks?.count ?? 0,
  };
};
