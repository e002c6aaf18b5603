/**
 * The vocabulary of the demo's case scripts: each step is one real command, timed in working
 * days after the step before it (or on an installment's due date), performed by a demo account.
 */
import { addCalendarDays, yearOf, type LocalDate } from '../domain/calendar.ts';
import type { CaseCommand } from '../domain/case/commands.ts';
import { outstandingAmount, type CaseOf, type CaseRecord, type SupervisionLevel } from '../domain/case/record.ts';
import type { ContractFactsPatch } from '../domain/lines/arrears/contract.ts';
import type { PaymentMethod } from '../domain/payment-methods.ts';
import { installmentStatus } from '../domain/lines/arrears/plan.ts';
import type { CaseState } from '../domain/case/states.ts';
import type { Line, Source } from '../domain/lines/vocabulary.ts';
import type { Fen } from '../domain/money.ts';
import type { DemoUsername } from './accounts.ts';
import type { DemoEnterpriseKey } from './enterprises.ts';

type WithoutVersion<C> = C extends unknown ? Omit<C, 'expectedVersion'> : never;
/** A command as a script writes it; the runner adds the case's current version. */
export type DemoCommand = WithoutVersion<CaseCommand>;

export interface StepContext {
  /** The step's date in Asia/Shanghai. */
  readonly today: LocalDate;
  /** The case before the step. */
  readonly record: CaseRecord;
}

export interface DemoStep {
  /** Working days after the previous step, or `due`: on the next installment's due date. */
  readonly after: number | 'due';
  readonly by: DemoUsername;
  /** For `propose_plan`: calendar days from the proposal to each installment's due date. */
  readonly plan?: readonly number[];
  readonly command: (context: StepContext) => DemoCommand;
}

export interface DemoCase {
  /** Nominal registration date; the whole timeline moves back by weeks if it would pass "now". */
  readonly registeredOn: LocalDate;
  readonly by: DemoUsername;
  readonly source: Source;
  readonly title: string;
  readonly facts: string;
  readonly instruction?: string;
  /** `arrears` unless given. */
  readonly line?: Line;
  /** None only for an integrity item that concerns no enterprise (G2). */
  readonly enterprise: DemoEnterpriseKey | null;
  readonly responsibleUnitId: string;
  readonly claimedAmount: Fen | null;
  /** The line's particulars the registration records (a complaint of retaliation's), their dates counted from its day. */
  readonly particulars?: (today: LocalDate) => Record<string, unknown>;
  readonly steps: readonly DemoStep[];
  /** Where the script leaves the case; the demo checks it got there. */
  readonly expect: CaseState;
}

export const INTERMEDIATE_COURT = '汉江市中级人民法院';

const step = (after: DemoStep['after'], by: DemoUsername, command: DemoStep['command']): DemoStep => ({ after, by, command });

/**
 * The contract behind an arrear as its classification records it (保障中小企业款项支付条例), its
 * dates counted back from the classification's day so that the demo's moving timeline keeps them
 * in the past.
 */
export type DemoContract = (today: LocalDate) => ContractFactsPatch;

const withContract = (contract: DemoContract | undefined, today: LocalDate) => (contract === undefined ? {} : { contract: contract(today) });

/** A1/A3: an undisputed amount, the claimed one unless given, with a recorded difficulty or none, and the contract when known. */
export const classifyUndisputed = (
  after: number,
  by: DemoUsername,
  options: { amount?: Fen; paymentDifficulty?: string; contract?: DemoContract } = {},
): DemoStep =>
  step(after, by, ({ record, today }) => ({
    action: 'classify',
    classification: {
      line: 'arrears',
      disputed: false,
      confirmedAmount: options.amount ?? record.claimedAmount ?? 0,
      ...(options.paymentDifficulty === undefined ? {} : { paymentDifficulty: options.paymentDifficulty }),
      ...withContract(options.contract, today),
    },
  }));

/** A4: the amount is disputed and goes to negotiation; Art. 15: the part not disputed, when given, is confirmed and paid on time. */
export const classifyDisputed = (after: number, by: DemoUsername, contract?: DemoContract, undisputedAmount?: Fen): DemoStep =>
  step(after, by, ({ today }) => ({
    action: 'classify',
    classification: { line: 'arrears', disputed: true, ...(undisputedAmount === undefined ? {} : { undisputedAmount }), ...withContract(contract, today) },
  }));

/** The contract's facts added or corrected later, with the reason of a correction. */
export const amendContract = (after: number, by: DemoUsername, contract: DemoContract, reason?: string): DemoStep =>
  step(after, by, ({ today }) => ({ action: 'amend_particulars', particulars: { contract: contract(today) }, ...(reason === undefined ? {} : { reason }) }));

/** A7: an agreement or mediation plan fixes the amount. */
export const agree = (
  after: number,
  by: DemoUsername,
  amount: Fen,
  document: string,
  options: { paymentDifficulty?: string; note?: string } = {},
): DemoStep => step(after, by, () => ({ action: 'agree', amount, document, ...options }));

/** A5: negotiation failed; the next-higher government takes over. */
export const escalate = (after: number, by: DemoUsername, reason: string): DemoStep =>
  step(after, by, () => ({ action: 'escalate', reason }));

/** A6: mediation failed; the case goes to court. */
export const litigate = (after: number, by: DemoUsername, reason: string): DemoStep =>
  step(after, by, () => ({ action: 'litigate', reason, court: INTERMEDIATE_COURT }));

/** A6, A7: the judgment, given on the day it is recorded, optionally with its own time limit. */
export const judge = (after: number, by: DemoUsername, amount: Fen, judgmentNo: string, dueInDays?: number): DemoStep =>
  step(after, by, ({ today }) => ({
    action: 'judge',
    amount,
    judgmentNo,
    court: INTERMEDIATE_COURT,
    judgedOn: today,
    ...(dueInDays === undefined ? {} : { dueOn: addCalendarDays(today, dueInDays) }),
  }));

/** Splits `total` 分 by `shares` (equal when omitted) in whole 元; the last part takes the rest. */
const split = (total: Fen, parts: number, shares?: readonly number[]): Fen[] => {
  const amounts: Fen[] = [];
  for (let index = 0; index < parts - 1; index += 1) {
    const share = shares?.[index] ?? 1 / parts;
    amounts.push(Math.floor((total * share) / 100) * 100);
  }
  amounts.push(total - amounts.reduce((sum, amount) => sum + amount, 0));
  return amounts;
};

/** A3: an installment plan over what is outstanding, due `dueInDays` calendar days from today. */
export const proposePlan = (
  after: number,
  by: DemoUsername,
  dueInDays: readonly number[],
  options: { shares?: readonly number[]; note?: string } = {},
): DemoStep => ({
  after,
  by,
  plan: dueInDays,
  command: ({ today, record }) => {
    const amounts = split(outstandingAmount(record), dueInDays.length, options.shares);
    return {
      action: 'propose_plan',
      installments: dueInDays.map((days, index) => ({ dueOn: addCalendarDays(today, days), amount: amounts[index]! })),
      ...(options.note === undefined ? {} : { note: options.note }),
    };
  },
});

/** A3: the enterprise consents; staff record it only with the enterprise's signed document. */
export const consent = (after: number, by: DemoUsername, document?: string): DemoStep =>
  step(after, by, () => ({ action: 'consent', ...(document === undefined ? {} : { document }) }));

export const object = (after: number, by: DemoUsername, reason: string, document?: string): DemoStep =>
  step(after, by, () => ({ action: 'object', reason, ...(document === undefined ? {} : { document }) }));

/** The payments recorded on the case: an arrear's payments, a policy benefit's disbursements. */
const paymentsOf = (record: CaseRecord): CaseOf<'arrears'>['payments'] =>
  record.line === 'arrears' || record.line === 'investment' ? record.payments : record.line === 'policy' ? record.disbursements : [];

const voucher = ({ today, record }: StepContext): string =>
  `GK${today.replaceAll('-', '')}-${record.number.slice(-5)}-${paymentsOf(record).length + 1}`;

/** One payment of `amount`, or of everything outstanding. */
export const pay = (after: number, by: DemoUsername, amount?: Fen, method: PaymentMethod = 'transfer'): DemoStep =>
  step(after, by, (context) => ({
    action: 'record_payment',
    paidOn: context.today,
    amount: amount ?? outstandingAmount(context.record),
    voucher: voucher(context),
    // 保障中小企业款项支付条例 Art. 11: an arrear's payment says how it was made.
    ...(context.record.line === 'arrears' ? { method } : {}),
  }));

/** Pays the next installment of the plan in full, on its due date. */
export const payInstallment = (by: DemoUsername): DemoStep =>
  step('due', by, (context) => {
    const plan = context.record.line === 'arrears' ? context.record.plan : null;
    const next = plan === null ? undefined : installmentStatus(plan, context.record.paidAmount).find((item) => item.paid < item.amount);
    return {
      action: 'record_payment',
      paidOn: context.today,
      amount: next === undefined ? outstandingAmount(context.record) : next.amount - next.paid,
      voucher: voucher(context),
      ...(context.record.line === 'arrears' ? { method: 'transfer' as const } : {}),
    };
  });

/** G3: written feedback with the payment documents. */
export const feedback = (after: number, by: DemoUsername, summary: string, documents?: { title: string; reference: string }[]): DemoStep =>
  step(after, by, ({ record }) => ({
    action: 'submit_feedback',
    summary,
    documents: documents ?? [
      ...paymentsOf(record).map((payment) => ({ title: `国库集中支付凭证（${payment.paidOn}）`, reference: payment.voucher })),
      { title: '企业收款确认函', reference: `${record.number}-QR` },
    ],
  }));

export const close = (after: number, opinion: string): DemoStep =>
  step(after, 'yingshangban', () => ({ action: 'close', opinion }));

export const returnFeedback = (after: number, reason: string): DemoStep =>
  step(after, 'yingshangban', () => ({ action: 'return', reason }));

export const dismiss = (after: number, by: DemoUsername, reason: string): DemoStep =>
  step(after, by, () => ({ action: 'dismiss', reason }));

/** The enterprise withdraws its own complaint while it waits (已撤回). */
export const withdraw = (after: number, by: DemoUsername, reason: string): DemoStep =>
  step(after, by, () => ({ action: 'withdraw', reason }));

/** S2: a step of the supervision ladder. */
export const supervise = (after: number, by: DemoUsername, level: SupervisionLevel, note: string): DemoStep =>
  step(after, by, () => ({ action: 'supervise', level, note }));

export const reportProgress = (after: number, by: DemoUsername, progress: string, percent?: number): DemoStep =>
  step(after, by, () => ({ action: 'report_progress', progress, ...(percent === undefined ? {} : { percent }) }));

/** S3: 营商办 accepts a complaint and hands it to the responsible unit (受理交办). */
export const accept = (after: number, responsibleUnitId: string, instruction: string): DemoStep =>
  step(after, 'yingshangban', () => ({ action: 'accept', responsibleUnitId, instruction }));

/** G2: an integrity item goes to rectification planning. */
export const classifyRectification = (after: number, by: DemoUsername, note?: string): DemoStep =>
  step(after, by, () => ({ action: 'classify', classification: { line: 'integrity', ...(note === undefined ? {} : { note }) } }));

/** G2: the rectification plan, its time limit `days` calendar days from the step. */
export const rectificationPlan = (
  after: number,
  by: DemoUsername,
  measures: readonly string[],
  days: number,
  responsiblePerson: { name: string; post: string; phone?: string },
): DemoStep =>
  step(after, by, ({ today }) => ({
    action: 'propose_plan',
    rectification: { measures: [...measures], timeLimit: addCalendarDays(today, days), responsiblePerson },
  }));

/** G2: the rectification is complete (整改完成). */
export const fulfil = (after: number, by: DemoUsername, evidence: string): DemoStep =>
  step(after, by, () => ({ action: 'fulfil', evidence }));

/** A2: asks to pay by 31 March of the next year. */
export const requestYearException = (after: number, by: DemoUsername, reason: string): DemoStep =>
  step(after, by, ({ today }) => ({ action: 'request_year_exception', reason, newDueOn: `${yearOf(today) + 1}-03-31` }));

export const approveYearException = (after: number, opinion: string): DemoStep =>
  step(after, 'yingshangban', () => ({ action: 'approve_year_exception', approved: true, opinion }));

/** S3: hands the case to another responsible unit. */
export const assign = (after: number, by: DemoUsername, responsibleUnitId: string, instruction: string): DemoStep =>
  step(after, by, () => ({ action: 'assign', responsibleUnitId, instruction }));
