import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { writeCase } from '../cases/write-case.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { isAppError } from '../domain/errors.ts';
import { disbursementDueOn, isSlowDisbursement, slowDisbursementText } from '../domain/benefits/disbursement.ts';
import { benefitApplications, benefitDisbursementCases, benefitPolicies, units } from '../db/schema.ts';
import { loadCalendar } from '../reference/reference-data.ts';
import { loadDisbursementLimits } from './disbursement-settings.ts';
import { asBusinessOffice } from '../setup/tenant.ts';

/** The sweep registers 资金拨付缓慢 cases for 营商办 (S2's supervisor); it is no account. */
export const DISBURSEMENT_SWEEP_ACTOR: Actor = {
  id: 'system:disbursement-sweep',
  name: '资金拨付检查（系统）',
  role: 'business_office',
  // The tenant's 市营商办, filled in when the job runs (asBusinessOffice).
  unitId: null,
  jurisdictionScope: [],
};

export interface RaisedDisbursementCase {
  readonly applicationId: string;
  readonly enterpriseName: string;
  readonly dueOn: LocalDate;
  readonly caseId: string;
  readonly number: string;
}

export interface DisbursementSweepResult {
  readonly raised: RaisedDisbursementCase[];
  /** Approved applications with money still owed that were looked at. */
  readonly checked: number;
  /** Of those, past their due day (raised before included). */
  readonly overdue: number;
  /** Applications whose case could not be registered (the enterprise's record is incomplete), with why; tried again next run. */
  readonly failed: { applicationId: string; enterpriseName: string; message: string }[];
}

/**
 * P5: approved funds unpaid past their limit (60 working days from application for 快申快享
 * clauses by default) become a `policy` case — 兑现难, funds — against the department that
 * approved them, led by 财政局 as the responsibility matrix says; one case per application,
 * ever: the claim row and the case are written in one transaction, so two runs racing raise one.
 */
export const sweepSlowDisbursements = async (app: AppContext, options: { now: Date }): Promise<DisbursementSweepResult> => {
  const today = todayInShanghai(options.now);
  const calendar = await loadCalendar(app.db, app.tenantId);
  const limits = await loadDisbursementLimits(app.db, app.tenantId);
  const write = { now: options.now };
  const rows = await app.db
    .select({ row: benefitApplications, policy: benefitPolicies, enterprise: units, raised: benefitDisbursementCases.applicationId })
    .from(benefitApplications)
    .innerJoin(benefitPolicies, and(eq(benefitPolicies.tenantId, benefitApplications.tenantId), eq(benefitPolicies.id, benefitApplications.policyId)))
    .innerJoin(units, and(eq(units.tenantId, benefitApplications.tenantId), eq(units.id, benefitApplications.enterpriseUnitId)))
    .leftJoin(benefitDisbursementCases, and(eq(benefitDisbursementCases.tenantId, benefitApplications.tenantId), eq(benefitDisbursementCases.applicationId, benefitApplications.id)))
    .where(and(eq(benefitApplications.tenantId, app.tenantId), eq(benefitApplications.state, 'approved')));
  const raised: RaisedDisbursementCase[] = [];
  const failed: DisbursementSweepResult['failed'] = [];
  let overdue = 0;
  for (const { row, policy, enterprise, raised: before } of rows) {
    const clause = policy.clauses.find((candidate) => candidate.id === row.clauseId);
    const fastTrack = clause?.fastTrack ?? false;
    const dueOn = disbursementDueOn(row.submittedOn, fastTrack, limits, calendar);
    if (!isSlowDisbursement(row, dueOn, today)) continue;
    overdue += 1;
    if (before !== null) continue;
    const item = await app.db
      .transaction(async (tx) => {
      const claimed = await tx
        .insert(benefitDisbursementCases)
        .values({ applicationId: row.id, tenantId: app.tenantId, dueOn, caseId: null, raisedAt: options.now })
        .onConflictDoNothing()
        .returning({ applicationId: benefitDisbursementCases.applicationId });
      if (claimed.length === 0) return null;
      const text = slowDisbursementText(
        {
          enterpriseName: enterprise.name,
          policyTitle: policy.title,
          documentNo: policy.documentNo,
          clause: clause ? `${clause.article}“${clause.title}”` : '',
          fastTrack,
          submittedOn: row.submittedOn,
          decidedOn: row.decidedOn,
          approvedAmount: row.approvedAmount ?? 0,
          disbursedAmount: row.disbursedAmount,
          dueOn,
          limitDays: fastTrack ? limits.fastTrackWorkingDays : limits.standardWorkingDays,
        },
        today,
        calendar,
      );
      const record = await writeCase(
        { ...app, db: tx },
        await asBusinessOffice({ ...app, db: tx }, DISBURSEMENT_SWEEP_ACTOR),
        {
          register: {
            line: 'policy',
            source: 'assigned',
            ...text,
            enterprise: { name: enterprise.name, creditCode: enterprise.creditCode ?? '' },
            responsibleUnitId: row.handlingUnitId,
            claimedAmount: (row.approvedAmount ?? 0) - row.disbursedAmount,
          },
        },
        write,
      );
      await tx.update(benefitDisbursementCases).set({ caseId: record.id }).where(and(eq(benefitDisbursementCases.tenantId, app.tenantId), eq(benefitDisbursementCases.applicationId, row.id)));
      return { applicationId: row.id, enterpriseName: enterprise.name, dueOn, caseId: record.id, number: record.number };
      })
      .catch((error: unknown) => {
        // One enterprise's bad record (a missing credit code) must not stop the others.
        if (!isAppError(error)) throw error;
        failed.push({ applicationId: row.id, enterpriseName: enterprise.name, message: error.message });
        return null;
      });
    if (item !== null) raised.push(item);
  }
  return { raised, checked: rows.length, overdue, failed };
};
