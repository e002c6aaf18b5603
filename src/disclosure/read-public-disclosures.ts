import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { disclosureDeadline, disclosureTitle, type DisclosureKind } from '../domain/disclosure/annual-disclosure.ts';
import { fenToYuanText, sumFen, type Fen, type FenTotal } from '../domain/money.ts';
import { annualDisclosures, jurisdictions, units } from '../db/schema.ts';
import { readTenant } from '../setup/tenant.ts';

/** A published row as anyone reads it: the unit and its figures, never who generated or published it. */
export interface PublicDisclosureRow {
  readonly unitName: string;
  readonly jurisdictionName: string;
  readonly kind: DisclosureKind;
  readonly contracts: number;
  readonly amount: Fen;
  /** The amount in 元 with two decimals, as published. */
  readonly amountYuan: string;
  readonly publishedOn: LocalDate;
  readonly note: string | null;
}

export interface PublicDisclosures {
  readonly year: number;
  readonly cityName: string;
  readonly title: string;
  readonly deadline: LocalDate;
  readonly items: PublicDisclosureRow[];
  readonly totals: { readonly units: number; readonly contracts: number; readonly amount: FenTotal; readonly amountYuan: string };
}

/**
 * 保障中小企业款项支付条例 第十八条 "通过网站、报刊等便于公众知晓的方式公开": what the units of the
 * city have published for `year`, for anyone, without signing in. Only published rows; no
 * account, name or draft figure (个人信息保护法: nothing personal is needed to read a disclosure).
 */
export const readPublicDisclosures = async (app: AppContext, year: number): Promise<PublicDisclosures> => {
  const rows = await app.db
    .select({
      unitName: units.name,
      jurisdictionName: jurisdictions.name,
      kind: annualDisclosures.kind,
      contracts: annualDisclosures.contracts,
      amount: annualDisclosures.amount,
      publishedAt: annualDisclosures.publishedAt,
      note: annualDisclosures.note,
    })
    .from(annualDisclosures)
    .innerJoin(units, and(eq(units.tenantId, annualDisclosures.tenantId), eq(units.id, annualDisclosures.unitId)))
    .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, units.tenantId), eq(jurisdictions.id, units.jurisdictionId)))
    .where(and(eq(annualDisclosures.tenantId, app.tenantId), eq(annualDisclosures.year, year), eq(annualDisclosures.status, 'published')))
    .orderBy(asc(jurisdictions.sort), asc(jurisdictions.id), sql`case ${units.kind} when 'government' then 0 when 'institution' then 2 else 1 end`, sql`${units.name} collate "C"`, asc(units.id));
  const items = rows.map((row) => ({
    unitName: row.unitName,
    jurisdictionName: row.jurisdictionName,
    kind: row.kind,
    contracts: row.contracts,
    amount: row.amount,
    amountYuan: fenToYuanText(row.amount),
    publishedOn: todayInShanghai(row.publishedAt!),
    note: row.note,
  }));
  const amount = sumFen(items.map((item) => item.amount));
  return {
    year,
    cityName: (await readTenant(app)).name,
    title: disclosureTitle(year),
    deadline: disclosureDeadline(year),
    items,
    totals: { units: items.length, contracts: items.reduce((sum, item) => sum + item.contracts, 0), amount, amountYuan: fenToYuanText(amount) },
  };
};
