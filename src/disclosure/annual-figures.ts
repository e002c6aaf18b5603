/**
 * The figures of the annual disclosure (保障中小企业款项支付条例 第十八条), per unit, in one query
 * over the arrears cases: what a 机关 or 事业单位 owed past its statutory due date and had not paid
 * at the end of the year.
 */
import { sql } from 'drizzle-orm';
import type { LocalDate } from '../domain/calendar.ts';
import {
  disclosureKindOfUnit,
  disclosureYearEnd,
  DISCLOSURE_KINDS,
  INSTITUTION_UNIT_KINDS,
  ORGAN_UNIT_KINDS,
  type DisclosureKind,
} from '../domain/disclosure/annual-disclosure.ts';
import type { Fen } from '../domain/money.ts';
import type { Db } from '../db/connection.ts';
import { caseEvents, cases, jurisdictions, units } from '../db/schema.ts';

/** One unit's line of the disclosure. */
export interface UnitFigures {
  readonly unitId: string;
  readonly unitName: string;
  readonly jurisdictionId: string;
  readonly jurisdictionName: string;
  readonly kind: DisclosureKind;
  /** Contracts overdue on 31 December with something unpaid at the end of that day. */
  readonly contracts: number;
  /** What those contracts still owed then, in 分. */
  readonly amount: Fen;
  /** Arrears against the unit without a statutory due date, which might belong to the figures. */
  readonly incomplete: number;
}

interface Row extends Record<string, unknown> {
  unit_id: string;
  unit_name: string;
  unit_kind: string;
  jurisdiction_id: string;
  jurisdiction_name: string;
  contract_kind: DisclosureKind | null;
  contracts: number;
  amount: number;
  incomplete: number;
}

const list = (values: readonly string[]) => sql.join(values.map((value) => sql`${value}`), sql`, `);

/**
 * Every unit that discloses for `year` with its figures, zeros included (a unit with nothing
 * overdue publishes 0), ordered by jurisdiction, the government first, then
 * departments, courts and bureaus, then institutions. A contract is an arrears case, so that
 * a merged duplicate (dismissed, like any dismissed case) never counts twice. It counts for its
 * responsible unit when
 * - its debtor is a 机关 or 事业单位: the debtor kind its contract records, else the unit's kind
 *   (a contract recorded as owed by a 大型企业 is left out, and an SOE discloses only a contract
 *   recorded as a public body's);
 * - its statutory due date is before 31 December, so that it was overdue on that day;
 * - something was unpaid at the end of that day: the principal less the payments made
 *   (`paidOn`) by then. The principal is the amount confirmed, or the enterprise's claim while
 *   none is, as the case stands now: an amount confirmed or agreed after the year's end is taken
 *   as that year's too (the regulation discloses what was owed; the platform keeps no dated
 *   history of the amount).
 * A case registered after the year's end counts like any other: a debt overdue at the year's end
 * is one whatever day the platform learned of it. A case without a statutory due date (its
 * contract's facts incomplete) cannot be placed and is counted apart, when something of it was
 * unpaid at the year's end.
 */
export const annualFigures = async (db: Db, tenantId: string, year: number): Promise<UnitFigures[]> => {
  const yearEnd: LocalDate = disclosureYearEnd(year);
  const disclosing = list(DISCLOSURE_KINDS);
  const result = await db.execute<Row>(sql`
    with arrears as (
      select c.responsible_unit_id as unit_id,
             c.statutory_due_on as due_on,
             case
               when c.detail -> 'contract' -> 'facts' ->> 'debtorKind' is not null then c.detail -> 'contract' -> 'facts' ->> 'debtorKind'
               when u.kind in (${list(ORGAN_UNIT_KINDS)}) then 'organ'
               when u.kind in (${list(INSTITUTION_UNIT_KINDS)}) then 'institution'
             end as kind,
             coalesce(c.confirmed_amount, c.claimed_amount, 0) - coalesce((
               select sum((e.payload ->> 'amount')::bigint)
                 from ${caseEvents} e
                where e.tenant_id = c.tenant_id and e.case_id = c.id and e.type = 'record_payment'
                  and (e.payload ->> 'paidOn') collate "C" <= ${yearEnd}
             ), 0) as unpaid
        from ${cases} c
        join ${units} u on u.tenant_id = c.tenant_id and u.id = c.responsible_unit_id
       where c.tenant_id = ${tenantId} and c.line = 'arrears' and c.state not in ('dismissed', 'withdrawn')
    ), placed as (
      select unit_id, kind,
             (due_on < ${yearEnd}::date and unpaid > 0) as counted,
             (due_on is null and unpaid > 0) as incomplete,
             unpaid
        from arrears
       where kind in (${disclosing})
    )
    select u.id as unit_id, u.name as unit_name, u.kind as unit_kind,
           j.id as jurisdiction_id, j.name as jurisdiction_name,
           min(p.kind) as contract_kind,
           (count(*) filter (where p.counted))::int as contracts,
           coalesce(sum(p.unpaid) filter (where p.counted), 0)::bigint as amount,
           (count(*) filter (where p.incomplete))::int as incomplete
      from ${units} u
      join ${jurisdictions} j on j.tenant_id = u.tenant_id and j.id = u.jurisdiction_id
      left join placed p on p.unit_id = u.id
     where u.tenant_id = ${tenantId}
     group by u.id, u.name, u.kind, j.id, j.name, j.sort
    having u.kind in (${list(ORGAN_UNIT_KINDS)}, ${list(INSTITUTION_UNIT_KINDS)}) or bool_or(p.counted or p.incomplete)
     order by j.sort, j.id, case u.kind when 'government' then 0 when 'institution' then 2 else 1 end, u.name collate "C", u.id`);
  return result.rows.map((row) => ({
    unitId: row.unit_id,
    unitName: row.unit_name,
    jurisdictionId: row.jurisdiction_id,
    jurisdictionName: row.jurisdiction_name,
    // A unit of its own kind discloses as such; an SOE as the public body its contracts name.
    kind: disclosureKindOfUnit(row.unit_kind) ?? row.contract_kind ?? 'organ',
    contracts: row.contracts,
    amount: row.amount,
    incomplete: row.incomplete,
  }));
};
