import { and, asc, eq, gt, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { writeCase, type WriteOptions } from '../cases/write-case.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import type { Policy } from '../domain/policy-library/library.ts';
import { gapCaseText, publicationGaps, type PublicationGap, type PublicationKind } from '../domain/policy-library/publication.ts';
import { benefitPolicies, policyPublicationGaps } from '../db/schema.ts';
import { policyOf } from '../policy-library/policy-store.ts';
import { loadPublications } from '../policy-library/publication-store.ts';
import { loadCalendar } from '../reference/reference-data.ts';
import { asBusinessOffice } from '../setup/tenant.ts';

/** Policies read per query (keyset pages by id); a city's library is a few hundred. */
const BATCH_SIZE = 500;

/**
 * The publication sweep registers as 营商办: G1 gives it the regular monitoring, and S3 lets it
 * assign (交办) a problem to any unit. It is no account: the id names the job in the audit log,
 * and no one can sign in as it.
 */
export const PUBLICATION_SWEEP_ACTOR: Actor = {
  id: 'system:publication-sweep',
  name: '政策发布检查（系统）',
  role: 'business_office',
  // The tenant's 市营商办, filled in when the job runs (asBusinessOffice).
  unitId: null,
  jurisdictionScope: [],
};

export interface RaisedGap {
  readonly policyId: string;
  readonly documentNo: string;
  readonly kind: PublicationKind;
  readonly dueOn: LocalDate;
  readonly caseId: string;
  readonly number: string;
}

export interface PublicationSweepResult {
  /** The integrity items this run registered, one per newly overdue gap. */
  readonly raised: RaisedGap[];
  /** Policies in force that were looked at. */
  readonly checked: number;
  /** Overdue gaps found, those raised before (by an earlier or a concurrent run) included. */
  readonly overdue: number;
}

/**
 * Registers the integrity item of one overdue gap (G2), unless a run got there first: the
 * (tenant, policy, kind) row is claimed first, the case registered through the one write path
 * as a savepoint of the same transaction, and the row then names it. A concurrent run's claim
 * waits for this transaction and then finds the row, so the gap raises one case, ever.
 * @returns the raised item, or null when the gap was already claimed
 */
const raiseGap = (app: AppContext, policy: Policy, gap: PublicationGap, today: LocalDate, options: WriteOptions & { now: Date }): Promise<RaisedGap | null> =>
  app.db.transaction(async (tx) => {
    const key = and(eq(policyPublicationGaps.tenantId, app.tenantId), eq(policyPublicationGaps.policyId, policy.id), eq(policyPublicationGaps.kind, gap.kind));
    const claimed = await tx
      .insert(policyPublicationGaps)
      .values({ tenantId: app.tenantId, policyId: policy.id, kind: gap.kind, dueOn: gap.dueOn, caseId: null, raisedAt: options.now })
      .onConflictDoNothing()
      .returning({ kind: policyPublicationGaps.kind });
    if (claimed.length === 0) return null;
    const { title, facts, instruction } = gapCaseText(policy, gap, today);
    const record = await writeCase(
      { ...app, db: tx },
      await asBusinessOffice({ ...app, db: tx }, PUBLICATION_SWEEP_ACTOR),
      { register: { line: 'integrity', source: 'assigned', title, facts, instruction, responsibleUnitId: policy.issuerUnitId, claimedAmount: null } },
      options,
    );
    await tx.update(policyPublicationGaps).set({ caseId: record.id }).where(key);
    return { policyId: policy.id, documentNo: policy.documentNo, kind: gap.kind, dueOn: gap.dueOn, caseId: record.id, number: record.number };
  });

/**
 * P1 → G2 as of `now`: every policy in force whose publication is missing past its due day
 * (home page, government website, interpretation, consultation window, 申兑指南) gets ONE
 * `integrity` rectification item, assigned to the issuing department, one transaction per gap.
 * Idempotent: a later run, or one racing this one, raises nothing for a gap already raised,
 * even after the gap was filled and opened again.
 */
export const sweepPublications = async (app: AppContext, options: { now: Date }): Promise<PublicationSweepResult> => {
  const today = todayInShanghai(options.now);
  const calendar = await loadCalendar(app.db, app.tenantId);
  const write = { now: options.now };
  const raised: RaisedGap[] = [];
  let checked = 0;
  let overdue = 0;
  for (let after = ''; ; ) {
    const page = await app.db
      .select()
      .from(benefitPolicies)
      .where(
        and(
          eq(benefitPolicies.tenantId, app.tenantId),
          eq(benefitPolicies.status, 'in_force'),
          lte(benefitPolicies.effectiveOn, today),
          or(isNull(benefitPolicies.expiresOn), gte(benefitPolicies.expiresOn, today)),
          after === '' ? undefined : gt(benefitPolicies.id, after),
        ),
      )
      .orderBy(asc(benefitPolicies.id))
      .limit(BATCH_SIZE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    checked += page.length;
    const ids = page.map((row) => row.id);
    const records = await loadPublications(app.db, app.tenantId, ids);
    const before = await app.db
      .select({ policyId: policyPublicationGaps.policyId, kind: policyPublicationGaps.kind })
      .from(policyPublicationGaps)
      .where(and(eq(policyPublicationGaps.tenantId, app.tenantId), inArray(policyPublicationGaps.policyId, ids)));
    const raisedBefore = new Set(before.map((row) => `${row.policyId}|${row.kind}`));
    for (const row of page) {
      const policy = policyOf(row);
      for (const gap of publicationGaps(policy, records.get(policy.id) ?? [], today, calendar)) {
        if (!gap.overdue) continue;
        overdue += 1;
        if (raisedBefore.has(`${policy.id}|${gap.kind}`)) continue;
        const item = await raiseGap(app, policy, gap, today, write);
        if (item !== null) raised.push(item);
      }
    }
    if (page.length < BATCH_SIZE) break;
  }
  return { raised, checked, overdue };
};
