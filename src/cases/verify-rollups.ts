/**
 * The cockpit's rollups (migrations 0048 and 0049) recomputed from `cases` with the ledger's own
 * conditions (src/cases/case-conditions.ts) and compared with what the triggers kept: per scope
 * key, and per member unit, a case counting under each unit whose lead bureau's scope
 * (`supervisingCondition`) holds it, among the units it names. The daily audit job
 * and `chengxin verify-audit` run it. A difference is a bug (a trigger's state list apart from
 * the domain's, a write the triggers missed), reported, never repaired silently.
 */
import { and, eq, getTableName, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Db } from '../db/connection.ts';
import { caseDateRollups, caseEvents, caseMemberDateRollups, caseMemberRollups, caseRollups, cases, type CaseDateKind } from '../db/schema.ts';
import { deadlineCountedCondition, statutoryCountedCondition, supervisingCondition, yearRuleCountedCondition } from './case-conditions.ts';

/** One rollup row that differs: what the cases give and what is stored (null: no row). */
export interface RollupDifference {
  readonly table: 'case_rollups' | 'case_date_rollups' | 'case_member_rollups' | 'case_member_date_rollups';
  /**
   * The row's key, e.g. `performing arrears handong u-a u-a` or `deadline 2026-03-02 arrears handong u-a u-a`;
   * in a member unit's rollup, the unit first: `u-guoziwei performing arrears handong u-a u-a`.
   */
  readonly key: string;
  readonly expected: string | null;
  readonly stored: string | null;
}

export interface RollupReport {
  /** Rows the cases give, in all four tables. */
  readonly rows: number;
  /** At most `DIFFERENCES_SHOWN` of them; `differing` counts them all. */
  readonly differences: RollupDifference[];
  readonly differing: number;
}

const DIFFERENCES_SHOWN = 100;

const SCOPE_KEY = sql.raw('line, jurisdiction_id, responsible_unit_id, handling_unit_id');

type Row = { key: string; value: string; side: 'expected' | 'stored' };

/**
 * What a recomputation groups by beside the scope key: nothing (`case_rollups`, `case_date_rollups`),
 * or the member unit, `cases` then being joined to every unit a case names (its lead, responsible
 * and handling unit, every element of its cooperating units) and kept where the lead bureau's
 * condition holds it.
 */
interface Grouping {
  readonly cases: SQL;
  readonly condition: SQL | undefined;
  /** Before the scope key in a row's key and grouping: empty, or `member.unit, `. */
  readonly key: SQL;
  /** The stored rollups, and what comes before the scope key in their rows' keys. */
  readonly byState: typeof caseRollups | typeof caseMemberRollups;
  readonly byDate: typeof caseDateRollups | typeof caseMemberDateRollups;
  readonly storedKey: SQL;
}

const BY_KEY: Grouping = { cases: sql`${cases}`, condition: undefined, key: sql``, byState: caseRollups, byDate: caseDateRollups, storedKey: sql`` };

const BY_MEMBER: Grouping = {
  cases: sql`${cases} cross join lateral (
    select distinct unit from (
      values (${cases.leadUnitId}), (${cases.responsibleUnitId}), (${cases.handlingUnitId})
      union all
      select jsonb_array_elements_text(case when jsonb_typeof(${cases.detail} -> 'cooperatingUnitIds') = 'array'
                                            then ${cases.detail} -> 'cooperatingUnitIds' else '[]' end)
    ) as named (unit) where unit is not null) as member`,
  condition: supervisingCondition(sql`member.unit`),
  key: sql`member.unit, `,
  byState: caseMemberRollups,
  byDate: caseMemberDateRollups,
  storedKey: sql`member_unit_id, `,
};

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

const caseRollupRows = (db: Db, tenantId: string, by: Grouping) => {
  // The rows' due-date counts: the state, which yearRuleCountedCondition also asks, is in the key.
  const owed = and(isNotNull(cases.yearRuleDueOn), isNotNull(cases.confirmedAmount), sql`${cases.confirmedAmount} > ${cases.paidAmount}`);
  return compare(
    db,
    getTableName(by.byState) as RollupDifference['table'],
    sql`select concat_ws(' ', ${by.key}state, ${SCOPE_KEY}) as key,
               concat_ws(' ', count(*), coalesce(sum(claimed_amount), 0), coalesce(sum(confirmed_amount), 0), sum(paid_amount),
                         coalesce(sum(confirmed_amount - paid_amount), 0),
                         count(*) filter (where ${isNotNull(cases.deadline)}), count(*) filter (where ${isNotNull(cases.statutoryDueOn)}),
                         count(*) filter (where ${and(owed, eq(cases.yearException, false))}),
                         count(*) filter (where ${and(owed, eq(cases.yearException, true))})) as value
        from ${by.cases} where ${and(eq(cases.tenantId, tenantId), by.condition)}
        group by ${by.key}state, ${SCOPE_KEY}`,
    sql`select concat_ws(' ', ${by.storedKey}state, ${SCOPE_KEY}) as key,
               concat_ws(' ', cases, claimed_amount, confirmed_amount, paid_amount, outstanding_amount,
                         deadline_cases, statutory_cases, year_rule_cases, year_exception_cases) as value
        from ${by.byState} where ${eq(by.byState.tenantId, tenantId)}`,
  );
};

const weekOf = (instant: SQL) => sql`(date_trunc('week', ${instant} at time zone 'Asia/Shanghai'))::date`;

const caseDateRollupRows = (db: Db, tenantId: string, by: Grouping) => {
  const counted = (kind: CaseDateKind, day: SQL, condition: SQL | undefined) =>
    sql`select concat_ws(' ', ${by.key}${kind}::text, ${day}, ${SCOPE_KEY}) as key, concat_ws(' ', count(*), 0) as value
        from ${by.cases} where ${and(eq(cases.tenantId, tenantId), by.condition, condition, sql`${day} is not null`)}
        group by ${by.key}${day}, ${SCOPE_KEY}`;
  // The payments by the week of their paidOn, under their case's key, as the cockpit's series sums them.
  const paidWeek = sql`(date_trunc('week', (${caseEvents.payload} ->> 'paidOn')::date::timestamp))::date`;
  const paid = sql`select concat_ws(' ', ${by.key}'paid', ${paidWeek}, ${SCOPE_KEY}) as key,
                          concat_ws(' ', count(*), sum((${caseEvents.payload} ->> 'amount')::numeric)) as value
                   from ${by.cases} join ${caseEvents} on ${and(eq(caseEvents.tenantId, cases.tenantId), eq(caseEvents.caseId, cases.id))}
                   where ${and(eq(caseEvents.tenantId, tenantId), eq(cases.tenantId, tenantId), by.condition, sql`${caseEvents.type} = 'record_payment'`)}
                   group by ${by.key}${paidWeek}, ${SCOPE_KEY}`;
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
    getTableName(by.byDate) as RollupDifference['table'],
    expected,
    sql`select concat_ws(' ', ${by.storedKey}kind, day, ${SCOPE_KEY}) as key, concat_ws(' ', cases, amount) as value
        from ${by.byDate} where ${eq(by.byDate.tenantId, tenantId)}`,
  );
};

/** Recomputes the city's rollups from its cases and lists every row that differs from the stored one. */
export const verifyRollups = async (app: AppContext): Promise<RollupReport> => {
  // One snapshot: the cases and the rollups as of the same moment.
  const reports = await app.db.transaction(
    async (tx) => {
      const all = [];
      for (const by of [BY_KEY, BY_MEMBER]) all.push(await caseRollupRows(tx, app.tenantId, by), await caseDateRollupRows(tx, app.tenantId, by));
      return all;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const differences = reports.flatMap((report) => report.differences);
  return { rows: reports.reduce((rows, report) => rows + report.rows, 0), differences: differences.slice(0, DIFFERENCES_SHOWN), differing: differences.length };
};
