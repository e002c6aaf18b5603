/**
 * The cockpit's rollups (migration 0048) recomputed from `cases` with the ledger's own conditions
 * (src/cases/case-conditions.ts) and compared with what the triggers kept: the daily audit job
 * and `chengxin verify-audit` run it. A difference is a bug (a trigger's state list apart from
 * the domain's, a write the triggers missed), reported, never repaired silently.
 */
import { and, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Db } from '../db/connection.ts';
import { caseDateRollups, caseEvents, caseRollups, cases, type CaseDateKind } from '../db/schema.ts';
import { deadlineCountedCondition, statutoryCountedCondition, yearRuleCountedCondition } from './case-conditions.ts';

/** One rollup row that differs: what the cases give and what is stored (null: no row). */
export interface RollupDifference {
  readonly table: 'case_rollups' | 'case_date_rollups';
  /** The row's key, e.g. `performing arrears handong u-a u-a` or `deadline 2026-03-02 arrears handong u-a u-a`. */
  readonly key: string;
  readonly expected: string | null;
  readonly stored: string | null;
}

export interface RollupReport {
  /** Rows the cases give, in both tables. */
  readonly rows: number;
  /** At most `DIFFERENCES_SHOWN` of them; `differing` counts them all. */
  readonly differences: RollupDifference[];
  readonly differing: number;
}

const DIFFERENCES_SHOWN = 100;

const SCOPE_KEY = sql.raw('line, jurisdiction_id, responsible_unit_id, handling_unit_id');

type Row = { key: string; value: string; side: 'expected' | 'stored' };

/** The rows of `expected` and `stored` (each `key, value` text) that the other lacks. */
const compare = async (db: Db, table: RollupDifference['table'], expected: SQL, stored: SQL) => {
  const { rows } = await db.execute<Row>(sql`
    with expected as (${expected}), stored as (${stored})
    select key, value, 'expected' as side from (select * from expected except all select * from stored) as missing
    union all
    select key, value, 'stored' as side from (select * from stored except all select * from expected) as extra
    order by 1, 3`);
  const [{ count } = { count: 0 }] = (await db.execute<{ count: number }>(sql`select count(*)::int as count from (${expected}) as rows`)).rows;
  const byKey = new Map<string, RollupDifference>();
  for (const row of rows) {
    const found = byKey.get(row.key) ?? { table, key: row.key, expected: null, stored: null };
    byKey.set(row.key, { ...found, [row.side]: row.value });
  }
  return { rows: count, differences: [...byKey.values()] };
};

const caseRollupRows = (db: Db, tenantId: string) => {
  // The rows' due-date counts: the state, which yearRuleCountedCondition also asks, is in the key.
  const owed = and(isNotNull(cases.yearRuleDueOn), isNotNull(cases.confirmedAmount), sql`${cases.confirmedAmount} > ${cases.paidAmount}`);
  return compare(
    db,
    'case_rollups',
    sql`select concat_ws(' ', state, ${SCOPE_KEY}) as key,
               concat_ws(' ', count(*), coalesce(sum(claimed_amount), 0), coalesce(sum(confirmed_amount), 0), sum(paid_amount),
                         coalesce(sum(confirmed_amount - paid_amount), 0),
                         count(*) filter (where ${isNotNull(cases.deadline)}), count(*) filter (where ${isNotNull(cases.statutoryDueOn)}),
                         count(*) filter (where ${and(owed, eq(cases.yearException, false))}),
                         count(*) filter (where ${and(owed, eq(cases.yearException, true))})) as value
        from ${cases} where ${eq(cases.tenantId, tenantId)}
        group by state, ${SCOPE_KEY}`,
    sql`select concat_ws(' ', state, ${SCOPE_KEY}) as key,
               concat_ws(' ', cases, claimed_amount, confirmed_amount, paid_amount, outstanding_amount,
                         deadline_cases, statutory_cases, year_rule_cases, year_exception_cases) as value
        from ${caseRollups} where ${eq(caseRollups.tenantId, tenantId)}`,
  );
};

const weekOf = (instant: SQL) => sql`(date_trunc('week', ${instant} at time zone 'Asia/Shanghai'))::date`;

const caseDateRollupRows = (db: Db, tenantId: string) => {
  const counted = (kind: CaseDateKind, day: SQL, condition: SQL | undefined) =>
    sql`select concat_ws(' ', ${kind}::text, ${day}, ${SCOPE_KEY}) as key, concat_ws(' ', count(*), 0) as value
        from ${cases} where ${and(eq(cases.tenantId, tenantId), condition, sql`${day} is not null`)}
        group by ${day}, ${SCOPE_KEY}`;
  // The payments by the week of their paidOn, under their case's key, as the cockpit's series sums them.
  const paidWeek = sql`(date_trunc('week', (${caseEvents.payload} ->> 'paidOn')::date::timestamp))::date`;
  const paid = sql`select concat_ws(' ', 'paid', ${paidWeek}, ${SCOPE_KEY}) as key,
                          concat_ws(' ', count(*), sum((${caseEvents.payload} ->> 'amount')::numeric)) as value
                   from ${caseEvents} join ${cases} on ${and(eq(cases.tenantId, caseEvents.tenantId), eq(cases.id, caseEvents.caseId))}
                   where ${and(eq(caseEvents.tenantId, tenantId), eq(cases.tenantId, tenantId), sql`${caseEvents.type} = 'record_payment'`)}
                   group by ${paidWeek}, ${SCOPE_KEY}`;
  const expected = sql.join(
    [
      counted('deadline', sql`${cases.deadline}`, deadlineCountedCondition()),
      counted('statutory', sql`${cases.statutoryDueOn}`, statutoryCountedCondition()),
      counted('year_rule', sql`${cases.yearRuleDueOn}`, and(yearRuleCountedCondition(), eq(cases.yearException, false))),
      counted('registered', weekOf(sql`${cases.registeredAt}`), undefined),
      counted('closed', weekOf(sql`${cases.closedAt}`), eq(cases.state, 'closed')),
      paid,
    ],
    sql` union all `,
  );
  return compare(
    db,
    'case_date_rollups',
    expected,
    sql`select concat_ws(' ', kind, day, ${SCOPE_KEY}) as key, concat_ws(' ', cases, amount) as value
        from ${caseDateRollups} where ${eq(caseDateRollups.tenantId, tenantId)}`,
  );
};

/** Recomputes the city's rollups from its cases and lists every row that differs from the stored one. */
export const verifyRollups = async (app: AppContext): Promise<RollupReport> => {
  // One snapshot: the cases and the rollups as of the same moment.
  const [byState, byDate] = await app.db.transaction(
    async (tx) => [await caseRollupRows(tx, app.tenantId), await caseDateRollupRows(tx, app.tenantId)] as const,
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const differences = [...byState.differences, ...byDate.differences];
  return { rows: byState.rows + byDate.rows, differences: differences.slice(0, DIFFERENCES_SHOWN), differing: differences.length };
};
