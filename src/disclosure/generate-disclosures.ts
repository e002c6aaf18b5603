import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { hasYearEnded } from '../domain/disclosure/annual-disclosure.ts';
import { authorizeDisclosureGeneration } from '../domain/disclosure/disclosure-policy.ts';
import { AppError } from '../domain/errors.ts';
import { annualDisclosures } from '../db/schema.ts';
import { annualFigures } from './annual-figures.ts';

export interface GeneratedDisclosures {
  readonly year: number;
  /** Drafts written or refreshed: every disclosing unit not yet published. */
  readonly drafts: number;
  /** Rows already published, left as they were. */
  readonly published: number;
}

/**
 * 保障中小企业款项支付条例 第十八条: computes every 机关's and 事业单位's figures of `year` from the
 * cases (`annualFigures`) and writes them as drafts, in one transaction, for the units to check
 * and publish. Idempotent by design: a second run refreshes the drafts with the figures as they
 * then stand and removes the draft of a unit that no longer discloses; a published row is never
 * touched (the trigger of migration 0036 would refuse it).
 * @throws AppError FORBIDDEN unless 营商办; DISCLOSURE_YEAR_NOT_ENDED for a year still running
 */
export const generateDisclosures = async (app: AppContext, actor: Actor, year: number): Promise<GeneratedDisclosures> => {
  authorizeDisclosureGeneration(actor);
  const now = app.clock();
  if (!hasYearEnded(year, todayInShanghai(now))) {
    throw new AppError('DISCLOSURE_YEAR_NOT_ENDED', `${year}年度尚未结束，年末逾期未支付情况须在${year + 1}年1月1日起生成`, { field: 'year', year });
  }
  return app.db.transaction(async (tx) => {
    const figures = await annualFigures(tx, app.tenantId, year);
    const ofYear = and(eq(annualDisclosures.tenantId, app.tenantId), eq(annualDisclosures.year, year));
    if (figures.length > 0) {
      await tx
        .insert(annualDisclosures)
        .values(
          figures.map((unit) => ({
            tenantId: app.tenantId,
            year,
            unitId: unit.unitId,
            kind: unit.kind,
            contracts: unit.contracts,
            amount: unit.amount,
            incomplete: unit.incomplete,
            status: 'draft' as const,
            generatedAt: now,
            generatedBy: actor.id,
            generatedByName: actor.name,
          })),
        )
        .onConflictDoUpdate({
          target: [annualDisclosures.tenantId, annualDisclosures.year, annualDisclosures.unitId],
          set: {
            kind: sql`excluded.kind`,
            contracts: sql`excluded.contracts`,
            amount: sql`excluded.amount`,
            incomplete: sql`excluded.incomplete`,
            generatedAt: sql`excluded.generated_at`,
            generatedBy: sql`excluded.generated_by`,
            generatedByName: sql`excluded.generated_by_name`,
          },
          setWhere: eq(annualDisclosures.status, 'draft'),
        });
    }
    // A unit that no longer discloses (its kind changed, its only contract corrected) keeps no stale draft.
    await tx
      .delete(annualDisclosures)
      .where(
        and(
          ofYear,
          eq(annualDisclosures.status, 'draft'),
          figures.length === 0 ? undefined : notInArray(annualDisclosures.unitId, figures.map((unit) => unit.unitId)),
        ),
      );
    const [counts] = await tx
      .select({
        drafts: sql<number>`(count(*) filter (where ${annualDisclosures.status} = 'draft'))::int`,
        published: sql<number>`(count(*) filter (where ${annualDisclosures.status} = 'published'))::int`,
      })
      .from(annualDisclosures)
      .where(ofYear);
    return { year, drafts: counts?.drafts ?? 0, published: counts?.published ?? 0 };
  });
};
