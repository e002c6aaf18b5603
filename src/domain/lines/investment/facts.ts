import type { AttachmentRef } from '../../attachments.ts';
import type { LocalDate } from '../../calendar.ts';
import type { CaseRecordOf } from '../../case/record.ts';
import type { Fen } from '../../money.ts';
import type { RuleId } from '../../rules.ts';
import type { YearException } from '../arrears/facts.ts';
import type { Deferral } from '../deferral.ts';

/** SPEC §3.3: the promise is lawful and compliant (合法合规) or flawed (有瑕疵). */
export const INVESTMENT_LEGALITIES = ['compliant', 'flawed'] as const;
export type InvestmentLegality = (typeof INVESTMENT_LEGALITIES)[number];

export const INVESTMENT_LEGALITY_LABEL = {
  compliant: '合法合规',
  flawed: '有瑕疵',
} satisfies Record<InvestmentLegality, string>;

/**
 * Why the promise is not kept, which picks the path: a compliant promise the government can
 * perform (I1), whose budget is limited (I2), or that a lawful reason requires to change (I3);
 * a flawed one whose conditions the enterprise did not meet (I4), or that exceeds what the
 * government can perform (I5).
 */
export const INVESTMENT_SITUATIONS = ['perform', 'budget', 'lawful_change', 'conditions_unmet', 'beyond_capacity'] as const;
export type InvestmentSituation = (typeof INVESTMENT_SITUATIONS)[number];

export const INVESTMENT_SITUATION_LABEL = {
  perform: '有能力履行',
  budget: '财政预算有限，需延期履行',
  lawful_change: '法定事由需变更承诺',
  conditions_unmet: '企业未达到约定条件',
  beyond_capacity: '承诺超出履行能力',
} satisfies Record<InvestmentSituation, string>;

/** The legality each situation belongs to. */
export const SITUATION_LEGALITY = {
  perform: 'compliant',
  budget: 'compliant',
  lawful_change: 'compliant',
  conditions_unmet: 'flawed',
  beyond_capacity: 'flawed',
} as const satisfies Record<InvestmentSituation, InvestmentLegality>;

/** The rule of each situation. */
export const SITUATION_RULE = {
  perform: 'I1',
  budget: 'I2',
  lawful_change: 'I3',
  conditions_unmet: 'I4',
  beyond_capacity: 'I5',
} as const satisfies Record<InvestmentSituation, RuleId>;

/** I3: the closed list of lawful reasons to change a promise or contract. */
export const CHANGE_REASONS = ['national_interest', 'public_interest', 'planning', 'national_policy', 'other_legal'] as const;
export type ChangeReason = (typeof CHANGE_REASONS)[number];

export const CHANGE_REASON_LABEL = {
  national_interest: '国家利益',
  public_interest: '公共利益',
  planning: '规划调整',
  national_policy: '国家政策变更',
  other_legal: '其他法定事由',
} satisfies Record<ChangeReason, string>;

/** The promise as classified: its legality, why it is not kept, and for I3 the lawful change. */
export interface InvestmentProblem {
  readonly legality: InvestmentLegality;
  readonly situation: InvestmentSituation;
  /** The promise and the clause of the agreement it is in. */
  readonly promise: string;
  /** Why the promise is flawed, or the review's note on a compliant one. */
  readonly legalityReason: string | null;
  /** I2: why the budget cannot pay now. */
  readonly budgetDifficulty: string | null;
  /** I3: the lawful reason and the authority that decides the change. */
  readonly change: { readonly reason: ChangeReason; readonly authority: string } | null;
}

/** I4–I6: what the negotiation, mediation or judgment put in place of the promise. */
export interface AgreedTerms {
  /** The promise as it was. */
  readonly original: string;
  /** I5: the lowered terms; null when only money (compensation or the promise's amount) was agreed. */
  readonly agreed: string | null;
  readonly amount: Fen;
  readonly document: string;
  readonly mediators: string | null;
  readonly rule: RuleId;
}

/** I3: the change made by the legal authority and procedure, and the compensation paid. */
export interface LawfulChange {
  readonly legalBasis: string;
  readonly procedure: string;
  readonly compensation: Fen;
  readonly paidOn: LocalDate | null;
  readonly voucher: string | null;
}

/** One delivery of promised money (or of agreed compensation): date, amount, voucher. */
export interface PromisePayment {
  readonly paidOn: LocalDate;
  readonly amount: Fen;
  readonly voucher: string;
  readonly recordedAt: string;
}

/** What an investment case keeps beside the core. */
export interface InvestmentLineFacts {
  readonly investmentProblem: InvestmentProblem | null;
  /** I1: the day the promise is to be kept, within the year (the year rule). */
  readonly performBy: LocalDate | null;
  /** A2/I1: a request to keep the promise across the year end, and 营商办's decision. */
  readonly yearException: YearException | null;
  /** I2: the deferral put to the enterprise, until it agrees or objects. */
  readonly proposedDeferral: Deferral | null;
  /** I2: the deferral the enterprise agreed to. */
  readonly deferral: Deferral | null;
  readonly agreedTerms: AgreedTerms | null;
  readonly lawfulChange: LawfulChange | null;
  readonly payments: readonly PromisePayment[];
}

export type InvestmentCase = CaseRecordOf<'investment', InvestmentLineFacts>;

/** The audit log's contract for the investment line (I1–I6): the events only this line records. */
export interface InvestmentEventPayloads {
  /** I1–I5: the legality review, the situation and the path it picks. */
  classify: {
    line: 'investment';
    legality: InvestmentLegality;
    situation: InvestmentSituation;
    promise: string;
    legalityReason: string | null;
    amount: Fen | null;
    performBy: LocalDate | null;
    budgetDifficulty: string | null;
    change: { reason: ChangeReason; authority: string } | null;
  };
  /** I2: the deferral put to the enterprise. */
  propose_plan: { deferral: Deferral; note: string | null };
  /** I2: deferred performance only after agreement with the enterprise. */
  consent: { by: 'enterprise' | 'recorded'; document: string | null; note: string | null; attachment?: AttachmentRef };
  object: { by: 'enterprise' | 'recorded'; reason: string; document: string | null; attachment?: AttachmentRef };
  /** I4, I5, I6: the agreement or mediation plan: new terms against the old, money, and when it is due. */
  agree: { amount: Fen; terms: string | null; previousTerms: string; document: string; mediators: string | null; note: string | null; dueOn: LocalDate | null; attachment?: AttachmentRef };
  /** I6: the judgment fixes what is owed. */
  judge: { amount: Fen; judgmentNo: string; court: string; judgedOn: LocalDate; dueOn: LocalDate | null; attachment?: AttachmentRef };
  /** One payment of the promised money or the agreed compensation; never above what is due. */
  record_payment: { paidOn: LocalDate; amount: Fen; voucher: string; attachment?: AttachmentRef };
  /** The promise (or the agreed terms) is kept: evidence of land, policy or resource delivered. */
  fulfil: { evidence: string; attachment?: AttachmentRef };
  /** I3: the change by the legal authority and procedure, the compensation assessed and paid. */
  compensate: { legalBasis: string; procedure: string; amount: Fen; paidOn: LocalDate | null; voucher: string | null; attachment?: AttachmentRef };
  /** I1: a request to keep the promise across the year end (the same procedure as A2). */
  request_year_exception: { reason: string; newDueOn: LocalDate };
  approve_year_exception: { approved: boolean; opinion: string; newDueOn: LocalDate };
}
