import type { AttachmentRef } from '../../attachments.ts';
import type { LocalDate } from '../../calendar.ts';
import type { CaseRecordOf } from '../../case/record.ts';
import type { Fen } from '../../money.ts';
import type { RuleId } from '../../rules.ts';
import type { Deferral } from '../deferral.ts';
import type { RectificationPlan } from '../rectification.ts';

/** SPEC §3.2 情况分类: 知晓难 (P1), 手续繁 (P2), 兑现难 (P3–P5). */
export const POLICY_CATEGORIES = ['awareness', 'procedure', 'fulfilment'] as const;
export type PolicyCategory = (typeof POLICY_CATEGORIES)[number];

export const POLICY_CATEGORY_LABEL = {
  awareness: '知晓难',
  procedure: '手续繁',
  fulfilment: '兑现难',
} satisfies Record<PolicyCategory, string>;

/** Why a benefit is not delivered: the matching funds are not in place (P3, P5), or the policy's terms are disputed (P4). */
export const POLICY_CAUSES = ['funds', 'dispute'] as const;
export type PolicyCause = (typeof POLICY_CAUSES)[number];

export const POLICY_CAUSE_LABEL = {
  funds: '资金未到位',
  dispute: '条款争议',
} satisfies Record<PolicyCause, string>;

/** The problem as classified: its category, its cause when the benefit is not delivered, the policy and clause it concerns. */
export interface PolicyProblem {
  readonly category: PolicyCategory;
  readonly cause: PolicyCause | null;
  readonly policy: string;
  /** P3: why the funds cannot be paid now, when that calls for a deferral. */
  readonly fundsDifficulty: string | null;
}


/** One payment of the benefit's funds (资金拨付): date, amount, voucher. */
export interface Disbursement {
  readonly paidOn: LocalDate;
  readonly amount: Fen;
  readonly voucher: string;
  readonly recordedAt: string;
}

/** What a policy case keeps beside the core. */
export interface PolicyLineFacts {
  readonly policyProblem: PolicyProblem | null;
  /** P1, P2: the department's rectification of how it publishes or processes the policy. */
  readonly rectification: RectificationPlan | null;
  /** P3: the deferral put to the enterprise, until it agrees or objects. */
  readonly proposedDeferral: Deferral | null;
  /** P3: the deferral the enterprise agreed to. */
  readonly deferral: Deferral | null;
  readonly disbursements: readonly Disbursement[];
}

export type PolicyCase = CaseRecordOf<'policy', PolicyLineFacts>;

/** The audit log's contract for the policy line (P1–P5): the events only this line records. */
export interface PolicyEventPayloads {
  /** P1–P5: the classification, the amount due on a funds problem and the path it picks. */
  classify: {
    line: 'policy';
    category: PolicyCategory;
    cause: PolicyCause | null;
    policy: string;
    amount: Fen | null;
    dueOn: LocalDate | null;
    fundsDifficulty: string | null;
  };
  /** P1, P2: the rectification plan, in force at once; P3: the deferral put to the enterprise. */
  propose_plan: { rectification: RectificationPlan; deferral: null; note: string | null } | { rectification: null; deferral: Deferral; note: string | null };
  /** P3: the deferral takes effect only with the enterprise's agreement. */
  consent: { by: 'enterprise' | 'recorded'; document: string | null; note: string | null; attachment?: AttachmentRef };
  /** P3: the enterprise does not agree; the department plans again. */
  object: { by: 'enterprise' | 'recorded'; reason: string; document: string | null; attachment?: AttachmentRef };
  /** P4: the policy-making department's agreement, or the mediation plan: what is due and by when. */
  agree: { amount: Fen; document: string; note: string | null; dueOn: LocalDate | null; attachment?: AttachmentRef };
  /** P4: the judgment fixes what is due. */
  judge: { amount: Fen; judgmentNo: string; court: string; judgedOn: LocalDate; dueOn: LocalDate | null; attachment?: AttachmentRef };
  /** P5: one payment of the benefit's funds; never above what is due. */
  record_payment: { paidOn: LocalDate; amount: Fen; voucher: string; attachment?: AttachmentRef };
  /** P1, P2: the rectification is complete; P4: terms without money are delivered. */
  fulfil: { evidence: string; attachment?: AttachmentRef };
}

/** The rule a classification applies: P1 知晓难, P2 手续繁, P3 funds deferred, P5 funds to pay, P4 a disputed term. */
export const classificationRule = (category: PolicyCategory, cause: PolicyCause | null, deferred: boolean): RuleId => {
  if (category === 'awareness') return 'P1';
  if (category === 'procedure') return 'P2';
  if (cause === 'dispute') return 'P4';
  return deferred ? 'P3' : 'P5';
};
