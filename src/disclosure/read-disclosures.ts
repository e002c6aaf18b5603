import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import {
  disclosureDeadline,
  disclosureStanding,
  disclosureYearEnd,
  hasYearEnded,
  type DisclosureStanding,
  type DisclosureStatus,
} from '../domain/disclosure/annual-disclosure.ts';
import { authorizeDisclosureReading, disclosureScope, mayGenerateDisclosures, mayPublishDisclosure } from '../domain/disclosure/disclosure-policy.ts';
import { unitScopeCondition } from '../db/unit-scope-sql.ts';
import type { UnitFigures } from './annual-figures.ts';
import { sumFen, type FenTotal } from '../domain/money.ts';
import { annualDisclosures, jurisdictions, units } from '../db/schema.ts';

/** One unit's row as staff read it: its figures as generated, and where its publication stands. */
export interface DisclosureRow extends UnitFigures {
  readonly status: DisclosureStatus;
  readonly standing: DisclosureStanding;
  readonly generatedAt: string;
  readonly generatedByName: string;
  readonly publishedAt: string | null;
  readonly publishedOn: LocalDate | null;
  readonly publishedByName: string | null;
  readonly note: string | null;
  /** The reader may publish this row now: its unit's or 营商办, a draft, the year over. */
  readonly mayPublish: boolean;
}

export interface DisclosureTotals {
  readonly units: number;
  readonly published: number;
  readonly contracts: number;
  readonly amount: FenTotal;
  readonly incomplete: number;
}

export interface DisclosureYear {
  readonly year: number;
  readonly today: LocalDate;
  readonly yearEnd: LocalDate;
  readonly deadline: LocalDate;
  readonly yearEnded: boolean;
  /** 营商办: the 生成 button. */
  readonly mayGenerate: boolean;
  /** The latest generation among the rows shown; null before the first. */
  readonly generatedAt: string | null;
  readonly rows: DisclosureRow[];
  readonly totals: DisclosureTotals;
}


/** A day in the city (Asia/Shanghai, UTC+8 without daylight saving) of an instant. */
const dayOf = (instant: Date): LocalDate => todayInShanghai(instant);

/** The figures of every row, summed exactly. */
export const disclosureTotals = (rows: readonly Pick<DisclosureRow, 'status' | 'contracts' | 'amount' | 'incomplete'>[]): DisclosureTotals => ({
  units: rows.length,
  published: rows.filter((row) => row.status === 'published').length,
  contracts: rows.reduce((sum, row) => sum + row.contracts, 0),
  amount: sumFen(rows.map((row) => row.amount)),
  incomplete: rows.reduce((sum, row) => sum + row.incomplete, 0),
});

/**
 * The year's disclosure as the actor may read it (保障中小企业款项支付条例 Arts. 18, 22): every
 * unit's row for 营商办, leaders and 信用办, a county's units for its coordinator, a unit's own
 * row for it; each with its standing against 31 March and whether the reader may publish it.
 * @throws AppError FORBIDDEN for those who have no part in it
 */
export const readDisclosures = async (app: AppContext, actor: Actor, year: number): Promise<DisclosureYear> => {
  authorizeDisclosureReading(actor);
  const today = todayInShanghai(app.clock());
  const yearEnded = hasYearEnded(year, today);
  const rows = await app.db
    .select({ row: annualDisclosures, unitName: units.name, jurisdictionId: units.jurisdictionId, jurisdictionName: jurisdictions.name })
    .from(annualDisclosures)
    .innerJoin(units, and(eq(units.tenantId, annualDisclosures.tenantId), eq(units.id, annualDisclosures.unitId)))
    .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, units.tenantId), eq(jurisdictions.id, units.jurisdictionId)))
    .where(and(eq(annualDisclosures.tenantId, app.tenantId), eq(annualDisclosures.year, year), unitScopeCondition(disclosureScope(actor), { unitId: annualDisclosures.unitId, jurisdictionId: units.jurisdictionId })))
    .orderBy(
      asc(jurisdictions.sort),
      asc(jurisdictions.id),
      sql`case ${units.kind} when 'government' then 0 when 'institution' then 2 else 1 end`,
      sql`${units.name} collate "C"`,
      asc(units.id),
    );
  const shown = rows.map(({ row, unitName, jurisdictionId, jurisdictionName }): DisclosureRow => {
    const publishedOn = row.publishedAt === null ? null : dayOf(row.publishedAt);
    return {
      unitId: row.unitId,
      unitName,
      jurisdictionId,
      jurisdictionName,
      kind: row.kind,
      contracts: row.contracts,
      amount: row.amount,
      incomplete: row.incomplete,
      status: row.status,
      standing: disclosureStanding(year, { status: row.status, publishedOn }, today),
      generatedAt: row.generatedAt.toISOString(),
      generatedByName: row.generatedByName,
      publishedAt: row.publishedAt?.toISOString() ?? null,
      publishedOn,
      publishedByName: row.publishedByName,
      note: row.note,
      mayPublish: yearEnded && row.status === 'draft' && mayPublishDisclosure(actor, { id: row.unitId }),
    };
  });
  const latest = rows.reduce<Date | null>((last, { row }) => (last === null || row.generatedAt > last ? row.generatedAt : last), null);
  return {
    year,
    today,
    yearEnd: disclosureYearEnd(year),
    deadline: disclosureDeadline(year),
    yearEnded,
    mayGenerate: yearEnded && mayGenerateDisclosures(actor),
    generatedAt: latest?.toISOString() ?? null,
    rows: shown,
    totals: disclosureTotals(shown),
  };
};
