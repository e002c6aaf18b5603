import type { AttachmentRef } from '../../attachments.ts';
import type { LocalDate } from '../../calendar.ts';
import type { Fen } from '../../money.ts';
import type { CaseRecordOf } from '../../case/record.ts';
import type { ContractFacts } from './contract.ts';
import type { DelayReason } from './delay-reasons.ts';
import type { PaymentMethod } from '../../payment-methods.ts';
import type { StatutoryDue } from './payment-terms.ts';
import type { UndisputedPart } from './parts.ts';
import type { Payment, PaymentPlan } from './plan.ts';
import type { RetaliationComplaint } from './retaliation.ts';

/** The arrears facts fixed by `classify`, `agree` or `judge` (A1–A7). */
export interface ArrearsFacts {
  readonly disputed: boolean;
  readonly confirmedOn: LocalDate | null;
  readonly paymentDifficulty: string | null;
  /** The difficulty's kind from the list (`DELAY_REASONS`); null when none, or recorded before the list. */
  readonly difficultyReason?: DelayReason | null;
}

/** A2: a request to pay a lump sum across the year end, and 营商办's decision. */
export interface YearException {
  readonly status: 'requested' | 'approved' | 'rejected';
  readonly reason: string;
  readonly newDueOn: LocalDate;
  readonly opinion: string | null;
}

/** 保障中小企业款项支付条例: the contract as recorded, and the statutory due date it gives (Arts. 9, 10). */
export interface ContractRecord {
  readonly facts: ContractFacts;
  readonly due: StatutoryDue;
}

/** What a registration, a classification or a correction recorded of the contract: the whole record after it, and the facts it changed. */
export type ContractRecorded = {
  readonly contract: ContractRecord;
  readonly changed: readonly (keyof ContractFacts)[];
};

/** 保障中小企业款项支付条例 Art. 17: the enterprise's waiver of the late interest, by itself or recorded by staff with its signed document. */
export interface InterestWaiver {
  readonly by: 'enterprise' | 'recorded';
  readonly waivedOn: LocalDate;
  readonly document: string | null;
  readonly note: string | null;
}

/** What an arrears case keeps beside the core: its classification, its plans and payments, its year exception. */
export interface ArrearsLineFacts {
  readonly arrears: ArrearsFacts | null;
  readonly plan: PaymentPlan | null;
  /** A3: the installments put to the enterprise, until it consents or objects. */
  readonly proposedPlan: PaymentPlan | null;
  readonly payments: readonly Payment[];
  readonly yearException: YearException | null;
  /** The contract behind the arrear; absent until one of its facts is recorded (and on cases from before contracts were). */
  readonly contract?: ContractRecord;
  /** Art. 15: the part of a disputed debt the debtor does not dispute, paid beside the dispute; absent when none was confirmed. */
  readonly undisputedPart?: UndisputedPart;
  /** 保障中小企业款项支付条例第二十条: a complaint of retaliation, its own kind of case; absent on an arrear. */
  readonly complaint?: RetaliationComplaint;
  /** Art. 17: absent until the enterprise waives the late interest. */
  readonly interestWaiver?: InterestWaiver;
}

export type ArrearsCase = CaseRecordOf<'arrears', ArrearsLineFacts>;

/**
 * The audit log's contract for the arrears line (A1–A7): the events only this line records,
 * each payload with the facts recorded and the outcome decided.
 */
export interface ArrearsEventPayloads {
  /** A1–A4: the classification and the path it picks. */
  classify: {
    disputed: boolean;
    confirmedAmount: Fen | null;
    confirmedOn: LocalDate | null;
    paymentDifficulty: string | null;
    difficultyReason?: DelayReason | null;
    plan: PaymentPlan | null;
    /** Art. 15: a disputed debt's undisputed part, confirmed with the classification and paid on time beside the dispute. */
    undisputedPart?: UndisputedPart;
    /** The contract's facts the classification asked for; absent when it named none. */
    contract?: ContractRecorded;
  };
  /** A3: the installment plan put to the enterprise. */
  propose_plan: { plan: PaymentPlan; note: string | null };
  /** A3: the plan takes effect only with the enterprise's consent. */
  consent: { by: 'enterprise' | 'recorded'; document: string | null; note: string | null; attachment?: AttachmentRef };
  /** A3: the enterprise rejects the plan; the debtor plans again. */
  object: { by: 'enterprise' | 'recorded'; reason: string; document: string | null; attachment?: AttachmentRef };
  /** A7: an agreement or mediation plan fixes an undisputed amount. */
  agree: {
    amount: Fen;
    document: string;
    note: string | null;
    paymentDifficulty: string | null;
    difficultyReason?: DelayReason | null;
    confirmedOn: LocalDate;
    plan: PaymentPlan | null;
    /** The signed agreement or mediation settlement, when one was uploaded. */
    attachment?: AttachmentRef;
  };
  /** A6, A7: the judgment fixes what is owed. */
  judge: {
    amount: Fen;
    judgmentNo: string;
    court: string;
    judgedOn: LocalDate;
    plan: PaymentPlan | null;
    /** A7: a difficulty recorded with the judgment, absent on judgments from before. */
    paymentDifficulty?: string | null;
    difficultyReason?: DelayReason | null;
    /** The judgment or award, when one was uploaded. */
    attachment?: AttachmentRef;
  };
  /** One payment against the plan; never above what is outstanding. */
  record_payment: { paidOn: LocalDate; amount: Fen; voucher: string; method?: PaymentMethod; nonCashUnagreed?: boolean; attachment?: AttachmentRef };
  /** A2: a request to pay across the year end. */
  request_year_exception: { reason: string; newDueOn: LocalDate };
  /** A2: 营商办's decision on the request. */
  approve_year_exception: { approved: boolean; opinion: string; newDueOn: LocalDate };
  /** The contract's facts added or corrected (a correction with its reason), and the statutory due date they give. */
  amend_particulars: ContractRecorded & { reason: string | null };
  /** Art. 17: the enterprise waives the late interest; it is no longer counted in what is owed. */
  waive_interest: { by: 'enterprise' | 'recorded'; waivedOn: LocalDate; document: string | null; note: string | null; attachment?: AttachmentRef };
}
