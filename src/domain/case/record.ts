import type { AttachmentRef } from '../attachments.ts';
import type { LocalDate } from '../calendar.ts';
import type { Line, Source } from '../lines.ts';
import type { Fen } from '../money.ts';
import type { IntakeRecord } from '../intake/intake.ts';
import type { RuleId } from '../rules.ts';
import type { CaseState } from './states.ts';

/** One dated amount of a payment plan; a lump sum (A1) is a plan of one installment. */
export interface Installment {
  readonly seq: number;
  readonly dueOn: LocalDate;
  readonly amount: Fen;
}

export interface PaymentPlan {
  readonly kind: 'lump_sum' | 'installments';
  readonly rule: RuleId;
  readonly installments: readonly Installment[];
}

export interface Payment {
  readonly paidOn: LocalDate;
  readonly amount: Fen;
  readonly voucher: string;
  readonly recordedAt: string;
}

export interface EnterpriseRef {
  readonly unitId: string | null;
  readonly name: string;
  readonly creditCode: string;
}

export interface DocumentRef {
  readonly title: string;
  readonly reference: string;
  /** The uploaded file of the document, when there is one. */
  readonly attachment?: AttachmentRef;
}

/** G2: the person answerable for a rectification. */
export interface ResponsiblePerson {
  readonly name: string;
  readonly post: string;
  readonly phone: string | null;
}

/** G2: a rectification plan (整改方案): measures, time limit, responsible person. */
export interface RectificationPlan {
  readonly measures: readonly string[];
  readonly timeLimit: LocalDate;
  readonly responsiblePerson: ResponsiblePerson;
  /** A2 by analogy: the time limit falls in a later year than the plan was made ("原则上不得跨年"). */
  readonly crossesYear: boolean;
}

/** G1: the latest progress reported to 营商办. */
export interface ProgressReport {
  readonly text: string;
  /** 0–100 when the reporter gave one. */
  readonly percent: number | null;
  readonly reportedAt: string;
}

/** S3: the case this duplicate was merged into. */
export interface MergeTarget {
  readonly caseId: string;
  readonly number: string;
}

/** The enterprise's rating of the result, once the case is closed (SPEC §5). */
export interface Rating {
  /** 1 (very dissatisfied) to 5 (very satisfied). */
  readonly score: number;
  readonly comment: string | null;
  readonly ratedAt: string;
}

/** The arrears facts fixed by `classify`, `agree` or `judge` (A1–A7). */
export interface ArrearsFacts {
  readonly disputed: boolean;
  readonly confirmedOn: LocalDate | null;
  readonly paymentDifficulty: string | null;
}

export interface YearException {
  readonly status: 'requested' | 'approved' | 'rejected';
  readonly reason: string;
  readonly newDueOn: LocalDate;
  readonly opinion: string | null;
}

/** S1: the latest extension request (延期) of the case's deadline and its outcome. */
export interface Extension {
  readonly status: 'requested' | 'approved' | 'rejected';
  readonly reason: string;
  readonly newDeadline: LocalDate;
  readonly opinion: string | null;
}

/**
 * The case as its events say it is (the projection). Built only by `evolve`; the `cases`
 * table stores it, and it can be rebuilt from `case_events` at any time.
 */
export interface CaseRecord {
  readonly id: string;
  readonly number: string;
  readonly line: Line;
  readonly source: Source;
  readonly state: CaseState;
  readonly title: string;
  readonly facts: string;
  readonly instruction: string | null;
  /** The creditor or complaining enterprise; an integrity rectification item may have none (G2). */
  readonly enterprise: EnterpriseRef | null;
  readonly responsibleUnitId: string;
  readonly handlingUnitId: string;
  readonly jurisdictionId: string;
  readonly leadUnitId: string | null;
  readonly cooperatingUnitIds: readonly string[];
  readonly claimedAmount: Fen | null;
  /** Files the registration carried (the enterprise's evidence). */
  readonly attachments: readonly AttachmentRef[];
  readonly confirmedAmount: Fen | null;
  readonly paidAmount: Fen;
  readonly arrears: ArrearsFacts | null;
  readonly plan: PaymentPlan | null;
  readonly proposedPlan: PaymentPlan | null;
  readonly payments: readonly Payment[];
  readonly escalated: boolean;
  readonly court: string | null;
  readonly rule: RuleId | null;
  readonly deadline: LocalDate | null;
  readonly yearException: YearException | null;
  readonly extension: Extension | null;
  readonly feedback: { readonly summary: string; readonly documents: readonly DocumentRef[]; readonly submittedAt: string } | null;
  readonly returnReason: string | null;
  readonly closingOpinion: string | null;
  readonly dismissalReason: string | null;
  readonly supervisionLevel: SupervisionLevel | null;
  readonly rating: Rating | null;
  /** S3: intake (受理交办); null for cases registered before intake was recorded, which were taken on. */
  readonly intake: IntakeRecord | null;
  /** S3: the platform's own id of an imported demand (诉求编号); absent on every other case. */
  readonly externalRef?: string;
  /** S3: the day the imported demand was submitted on its platform; absent on every other case. */
  readonly submittedOn?: LocalDate;
  /** S3: set when this case was closed as a duplicate of another. */
  readonly mergedInto: MergeTarget | null;
  /** G2: the integrity line's rectification plan. */
  readonly rectification: RectificationPlan | null;
  /** G1: the latest progress report. */
  readonly progress: ProgressReport | null;
  readonly registeredAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  /** Number of events; the next command must carry it as `expectedVersion`. */
  readonly version: number;
}

export const SUPERVISION_LEVELS = ['reminder', 'urging', 'supervision', 'notice'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

export const SUPERVISION_LEVEL_LABEL = {
  reminder: '提醒',
  urging: '催办',
  supervision: '督办',
  notice: '通报',
} satisfies Record<SupervisionLevel, string>;

/** What is still owed: confirmed minus paid, 0 while nothing is confirmed. */
export const outstandingAmount = (record: Pick<CaseRecord, 'confirmedAmount' | 'paidAmount'>): Fen =>
  record.confirmedAmount === null ? 0 : record.confirmedAmount - record.paidAmount;

export interface InstallmentStatus extends Installment {
  readonly paid: Fen;
}

/** Payments settle installments in order of their due dates. */
export const installmentStatus = (plan: PaymentPlan, paidAmount: Fen): InstallmentStatus[] => {
  let remaining = paidAmount;
  return plan.installments.map((installment) => {
    const paid = Math.min(remaining, installment.amount);
    remaining -= paid;
    return { ...installment, paid };
  });
};

/** The due date of the first installment not yet fully paid, or null when all are paid. */
export const nextDueDate = (plan: PaymentPlan, paidAmount: Fen): LocalDate | null =>
  installmentStatus(plan, paidAmount).find((installment) => installment.paid < installment.amount)?.dueOn ?? null;
