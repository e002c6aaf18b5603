/**
 * The fix proposed in docs/BENCHMARKS.md for the dispatch report's counts, tried in the bench
 * only (src/ is unchanged): used by `supervision.bench.ts` on the same database as the rest.
 *
 * `dispatchReport` counts by line, by jurisdiction and by responsible unit in three statements,
 * each reading every case in scope and evaluating, per case, two correlated subqueries on
 * `case_events` (closed on time: the settling event and the one before it; returned: the
 * `return` events of the period). So each case's history is probed three times, and on
 * PostgreSQL the planner's cost for the subplans (~10⁶) crosses `jit_above_cost` and
 * `jit_optimize_above_cost`, which compiles each statement with LLVM before running it.
 *
 * The proposal: one statement that computes the two per-case figures once, set-based (one
 * hash aggregate over the period's `return` events; one `DISTINCT ON` over the settling and
 * closing events joined to the event before each), and groups three ways at once with
 * `GROUPING SETS`. The ledger's own conditions (`openCondition`, `overdueCondition`,
 * `yearEndRiskCondition`) are reused as they are, so the figures are the same by construction;
 * the bench checks them against the report's, group by group.
 */
import { and, eq, lt, sql, type SQL } from 'drizzle-orm';
import { openCondition, overdueCondition, shanghaiMidnight, yearEndRiskCondition } from '../src/cases/case-conditions.ts';
import type { LocalDate } from '../src/domain/calendar.ts';
import { dayAfter } from '../src/domain/dispatch/figures.ts';
import type { DispatchReport } from '../src/dispatch/dispatch-report.ts';
import type { Db } from '../src/db/connection.ts';
import { cases } from '../src/db/schema.ts';

/** The counts of the report, by line, jurisdiction and unit, in one statement (scope: the whole tenant, as 营商办). */
export const proposedCountsSql = (tenantId: string, asOf: LocalDate, from: LocalDate, to: LocalDate): SQL => {
  const scoped = and(eq(cases.tenantId, tenantId), lt(cases.registeredAt, shanghaiMidnight(dayAfter(asOf))));
  return sql`
    with returned as (
      select case_id, count(*)::int as n from case_events
      where tenant_id = ${tenantId} and type = 'return'
        and at >= ${shanghaiMidnight(from)} and at < ${shanghaiMidnight(dayAfter(to))}
      group by case_id
    ),
    settling as (
      select distinct on (e.case_id) e.case_id,
             (select p.deadline from case_events p where p.case_id = e.case_id and p.seq = e.seq - 1) as deadline_before, e.at
      from case_events e
      where e.tenant_id = ${tenantId}
        and ((e.state_after = 'settled' and e.state_before is distinct from 'settled' and e.type <> 'return') or e.type = 'close')
      order by e.case_id, e.type = 'close', e.seq desc
    ),
    on_time as (
      select case_id, deadline_before is null or (at at time zone 'Asia/Shanghai')::date <= deadline_before as on_time from settling
    )
    select grouping(${cases.line}, ${cases.jurisdictionId}, ${cases.responsibleUnitId}) as g,
      ${cases.line} as line, ${cases.jurisdictionId} as jurisdiction_id, ${cases.responsibleUnitId} as unit_id,
      count(*)::int as cases,
      (count(*) filter (where ${openCondition()}))::int as open,
      (count(*) filter (where ${cases.state} = 'closed'))::int as closed,
      (count(*) filter (where ${cases.state} = 'dismissed'))::int as dismissed,
      (count(*) filter (where ${overdueCondition(asOf)}))::int as overdue,
      (count(*) filter (where ${cases.state} = 'closed' and coalesce(on_time.on_time, false)))::int as closed_on_time,
      (count(*) filter (where ${yearEndRiskCondition(asOf)}))::int as year_end_risk,
      coalesce(sum(returned.n), 0)::int as returned,
      coalesce(sum(${cases.claimedAmount}), 0)::bigint as claimed_amount,
      coalesce(sum(${cases.confirmedAmount}), 0)::bigint as confirmed_amount,
      coalesce(sum(${cases.paidAmount}), 0)::bigint as paid_amount,
      coalesce(sum(${cases.confirmedAmount} - ${cases.paidAmount}), 0)::bigint as outstanding_amount
    from ${cases}
    left join returned on returned.case_id = ${cases.id}
    left join on_time on on_time.case_id = ${cases.id}
    where ${scoped}
    group by grouping sets ((${cases.line}), (${cases.jurisdictionId}), (${cases.responsibleUnitId}))`;
};

type CountsRow = {
  g: number;
  line: string | null;
  jurisdiction_id: string | null;
  unit_id: string | null;
  cases: number;
  open: number;
  closed: number;
  dismissed: number;
  overdue: number;
  closed_on_time: number;
  year_end_risk: number;
  returned: number;
  claimed_amount: string | number;
  confirmed_amount: string | number;
  paid_amount: string | number;
  outstanding_amount: string | number;
};

const FIELDS = [
  ['cases', 'cases'],
  ['open', 'open'],
  ['closed', 'closed'],
  ['dismissed', 'dismissed'],
  ['overdue', 'overdue'],
  ['closed_on_time', 'closedOnTime'],
  ['year_end_risk', 'yearEndRisk'],
  ['returned', 'returned'],
  ['claimed_amount', 'claimedAmount'],
  ['confirmed_amount', 'confirmedAmount'],
  ['paid_amount', 'paidAmount'],
  ['outstanding_amount', 'outstandingAmount'],
] as const;

/**
 * Runs the proposed statement and compares every count with the report's (by line, by
 * jurisdiction, by unit). Returns the number of groups compared; throws on a difference.
 */
export const checkProposedCounts = async (db: Db, tenantId: string, report: DispatchReport): Promise<number> => {
  const rows = (await db.execute<CountsRow>(proposedCountsSql(tenantId, report.asOf, report.period.from, report.period.to))).rows;
  const key = (row: CountsRow) =>
    row.line !== null && row.jurisdiction_id === null && row.unit_id === null
      ? `line:${row.line}`
      : row.jurisdiction_id !== null && row.unit_id === null
        ? `jurisdiction:${row.jurisdiction_id}`
        : `unit:${row.unit_id}`;
  const proposed = new Map(rows.map((row) => [key(row), row]));
  const expected: [string, Record<string, number>][] = [
    ...report.byLine.filter((row) => row.cases > 0).map((row) => [`line:${row.line}`, row] as unknown as [string, Record<string, number>]),
    ...report.byJurisdiction.map((row) => [`jurisdiction:${row.id}`, row] as unknown as [string, Record<string, number>]),
    ...report.byUnit.map((row) => [`unit:${row.id}`, row] as unknown as [string, Record<string, number>]),
  ];
  if (expected.length !== proposed.size) throw new Error(`proposed counts: ${proposed.size} groups, the report has ${expected.length}`);
  for (const [name, figures] of expected) {
    const row = proposed.get(name);
    if (row === undefined) throw new Error(`proposed counts: no group ${name}`);
    for (const [column, field] of FIELDS) {
      if (Number(row[column]) !== Number(figures[field])) {
        throw new Error(`proposed counts differ for ${name}.${field}: ${row[column]} vs ${figures[field]}`);
      }
    }
  }
  return expected.length;
};

/** The database with `set local jit = off` at the start of every transaction it opens (PostgreSQL only). */
export const withoutJit = (db: Db): Db =>
  new Proxy(db, {
    get(object, property) {
      if (property === 'transaction') {
        return (work: (tx: Db) => Promise<unknown>, config?: unknown) =>
          (object.transaction as (w: (tx: Db) => Promise<unknown>, c?: unknown) => Promise<unknown>)(async (tx) => {
            await tx.execute(sql`set local jit = off`);
            return work(tx);
          }, config);
      }
      return Reflect.get(object, property, object);
    },
  });
