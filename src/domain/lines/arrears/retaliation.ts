import { z } from 'zod';
import { FLOW, type CaseAction } from '../../case/actions.ts';
import { COMMON_STEPS } from '../../case/common-steps.ts';
import { timed, type DecideContext } from '../../case/decision.ts';
import { localDate } from '../../case/fields.ts';
import type { CommonEventPayloads } from '../../case/events.ts';
import type { LineStep, RegistrationPayload } from '../../case/line-module.ts';
import { compareLocalDates, type LocalDate } from '../../calendar.ts';
import { AppError } from '../../errors.ts';
import { PENDING_INTAKE_SOURCES } from '../../intake/intake.ts';
import type { CaseKind } from '../case-kinds.ts';
import type { Source } from '../vocabulary.ts';
import type { ArrearsCase } from './facts.ts';
import { citePaymentRegulation } from '../../payment-regulation.ts';

/**
 * 保障中小企业款项支付条例第二十条: a debtor may not retaliate (打击报复) against an enterprise for
 * complaining or asking to be paid. An enterprise's complaint of retaliation is a case of the
 * arrears line of its own kind: it names the unit and what it did, carries no claimed amount and
 * no contract, waits for 营商办's intake like every complaint (S3), and is settled by the written
 * handling result told to the complainant (第二十五条), then fed back and closed (G3). It never
 * enters the payment path.
 */
export const RETALIATION_ARTICLE = citePaymentRegulation('第二十条');

/** What the unit did to the enterprise. */
export const RETALIATION_CONDUCTS = ['cancel_contracts', 'refuse_acceptance', 'tender_exclusion', 'delay_payments', 'other'] as const;
export type RetaliationConduct = (typeof RETALIATION_CONDUCTS)[number];

export const RETALIATION_CONDUCT_LABEL = {
  cancel_contracts: '取消、终止或不续签其他合同',
  refuse_acceptance: '拒绝或拖延验收',
  tender_exclusion: '限制或排斥参加招标采购',
  delay_payments: '拖延支付其他款项',
  other: '其他打击报复行为',
} satisfies Record<RetaliationConduct, string>;

/** What a registration says of the retaliation (its `particulars.retaliation`); the facts go in the case's own facts. */
export const retaliationPatch = z.object({
  conduct: z.enum(RETALIATION_CONDUCTS, { error: '请选择打击报复的情形' }),
  occurredOn: localDate('发生日期'),
  /** The number of the enterprise's earlier complaint or request that the retaliation answers, among its own cases. */
  priorCaseNumber: z.string().trim().max(40, { error: '原诉求编号过长' }).optional(),
});
export type RetaliationPatch = z.infer<typeof retaliationPatch>;

/** The complaint of retaliation as the case records it. */
export interface RetaliationComplaint {
  readonly kind: 'retaliation';
  readonly conduct: RetaliationConduct;
  readonly occurredOn: LocalDate;
  readonly priorCase: { readonly id: string; readonly number: string; readonly title: string } | null;
}

/**
 * Only what reaches 营商办 from outside is a complaint of retaliation (S3): the enterprise's own, a
 * petition, the complaint platforms. The registration forms offer the kind on these sources alone.
 */
export const RETALIATION_SOURCES: readonly Source[] = PENDING_INTAKE_SOURCES;

export const isRetaliation = (record: Pick<ArrearsCase, 'complaint'>): boolean => record.complaint?.kind === 'retaliation';

export const kindOfArrears = (record: ArrearsCase): CaseKind | null => (isRetaliation(record) ? 'retaliation' : null);

/** Whether a registration's particulars name a complaint of retaliation. */
export const namesRetaliation = (particulars: Record<string, unknown> | undefined): boolean => particulars?.complaintKind === 'retaliation';

/**
 * A complaint of retaliation names the enterprise, comes from outside, and carries no amount and
 * no contract. @throws AppError VALIDATION_FAILED
 */
export const checkRetaliationRegistration = (payload: RegistrationPayload): void => {
  if (payload.enterprise === null) {
    throw new AppError('VALIDATION_FAILED', '请填写企业名称和统一社会信用代码', { field: 'enterprise.creditCode' });
  }
  if (!RETALIATION_SOURCES.includes(payload.source)) {
    throw new AppError('VALIDATION_FAILED', `打击报复投诉由企业或投诉渠道提出，经市营商办受理（${RETALIATION_ARTICLE}）`, { field: 'source' });
  }
  if (payload.claimedAmount !== null && payload.claimedAmount !== undefined) {
    throw new AppError('VALIDATION_FAILED', '打击报复投诉不主张欠款金额；欠款请另行提交欠款诉求', { field: 'claimedAmount' });
  }
  if (payload.particulars?.contract !== undefined) {
    throw new AppError('VALIDATION_FAILED', '打击报复投诉不登记合同信息', { field: 'particulars.contract' });
  }
  if (payload.particulars?.retaliation === undefined) {
    throw new AppError('VALIDATION_FAILED', '请填写打击报复的情形和发生日期', { field: 'particulars.retaliation.conduct' });
  }
};

/**
 * The complaint as recorded: the conduct, a date not in the future, and the earlier case it
 * names found among the enterprise's own (the use case resolved them).
 * @throws AppError VALIDATION_FAILED
 */
export const recordRetaliation = (patch: RetaliationPatch | undefined, context: Pick<DecideContext, 'today' | 'referencedCases'>): RetaliationComplaint => {
  if (patch === undefined) {
    throw new AppError('VALIDATION_FAILED', '请填写打击报复的情形和发生日期', { field: 'particulars.retaliation.conduct' });
  }
  if (compareLocalDates(patch.occurredOn, context.today) > 0) {
    throw new AppError('VALIDATION_FAILED', '发生日期不能晚于今天', { field: 'particulars.retaliation.occurredOn' });
  }
  const number = patch.priorCaseNumber || null;
  const prior = number === null ? null : (context.referencedCases?.get(number) ?? null);
  if (number !== null && prior === null) {
    throw new AppError('VALIDATION_FAILED', `未找到本企业编号为${number}的诉求事项`, { field: 'particulars.retaliation.priorCaseNumber' });
  }
  return { kind: 'retaliation', conduct: patch.conduct, occurredOn: patch.occurredOn, priorCase: prior === null ? null : { id: prior.id, number: prior.number, title: prior.title } };
};

/**
 * What a complaint of retaliation takes: intake (accept, merge, dismiss), hand-over,
 * supervision, progress, extensions, the written result, feedback, closure and rating, and the
 * enterprise's own steps (reopen after 不满意, withdrawal, added material). The
 * payment path (classification, plans, consent, agreements, escalation, judgments, payments,
 * the year rule, the contract, late interest) is not its path.
 */
const RETALIATION_ACTIONS: ReadonlySet<CaseAction> = new Set([
  'accept',
  'merge',
  'dismiss',
  'assign',
  'supervise',
  'report_progress',
  'request_extension',
  'approve_extension',
  'notify_result',
  'submit_feedback',
  'close',
  'return',
  'rate',
  // The enterprise's own steps: it asks to reopen a result it rated 不满意, withdraws its complaint, adds material.
  'request_reopen',
  'withdraw',
  'add_material',
]);

type AnyStep = LineStep<ArrearsCase, CaseAction, unknown>;

/**
 * The line's steps with the payment path closed to a complaint of retaliation (`serves`): the
 * engine refuses them with ACTION_NOT_FOR_LINE and never offers them.
 */
export const closedToRetaliation = <S extends Record<string, unknown>>(steps: S): S =>
  Object.fromEntries(
    Object.entries(steps).map(([action, value]) => {
      if (RETALIATION_ACTIONS.has(action as CaseAction)) return [action, value];
      const step = value as AnyStep;
      const guarded: AnyStep = { ...step, serves: (record) => !isRetaliation(record) && (step.serves?.(record) ?? true) };
      return [action, guarded];
    }),
  ) as S;

/**
 * 第二十五条 beside 第二十条: the written handling result told to the complainant. On a complaint of
 * retaliation still registered it settles the case, which then goes to feedback and closure
 * (G3); on every other case it notes the result and keeps the state.
 */
export const notifyResult: LineStep<ArrearsCase, 'notify_result', CommonEventPayloads['notify_result']> = {
  to: ['settled'],
  stays: FLOW.notify_result.from,
  decide: (record, command, context) => {
    const noted = COMMON_STEPS.notify_result.decide(record, command, context);
    return isRetaliation(record) && record.state === 'registered' ? { ...noted, stateAfter: 'settled', deadline: timed('settled', context) } : noted;
  },
  evolve: (record, event) => COMMON_STEPS.notify_result.evolve(record, event),
  ...(COMMON_STEPS.notify_result.ready === undefined ? {} : { ready: COMMON_STEPS.notify_result.ready }),
};
