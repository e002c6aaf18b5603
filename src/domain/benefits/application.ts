import { z } from 'zod';
import type { Actor } from '../access/roles.ts';
import type { AttachmentRef } from '../attachments.ts';
import { compareLocalDates, type LocalDate } from '../calendar.ts';
import { fen, localDate, optionalText, positiveFen, text } from '../case/fields.ts';
import { canEditProfile } from '../enterprises/profile.ts';
import { AppError } from '../errors.ts';
import { formatWanYuan, type Fen } from '../money.ts';
import type { AmountRule, Clause } from '../policy-library/library.ts';

/**
 * 兑现 (P2, P5): an enterprise's claim on one clause of a policy, from its application — in the
 * portal, at the service-hall window on its behalf (代办), or made by the platform for a
 * 免申即享 clause — through the department's review (补正 when materials are missing), to the
 * approved amount and the money paid out. Pure: the state machine and its rules.
 */

export const APPLICATION_STATES = ['submitted', 'supplement_requested', 'approved', 'refused', 'disbursed'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const APPLICATION_STATE_LABEL = {
  submitted: '审核中',
  supplement_requested: '待补正',
  approved: '已核准待拨付',
  refused: '未予通过',
  disbursed: '已兑现',
} satisfies Record<ApplicationState, string>;

export const APPLICATION_CHANNELS = ['portal', 'window', 'automatic'] as const;
export type ApplicationChannel = (typeof APPLICATION_CHANNELS)[number];

export const APPLICATION_CHANNEL_LABEL = {
  portal: '网上申报',
  window: '窗口代办',
  automatic: '免申即享',
} satisfies Record<ApplicationChannel, string>;

/** One required material, and the file that provides it: a new upload or one the enterprise gave before. */
export const materialInputSchema = z.object({
  name: text('材料名称', 200),
  attachmentId: z.uuid({ error: '材料文件编号格式不正确' }),
});

/** A material as an application records it. */
export interface Material {
  readonly name: string;
  readonly attachment: AttachmentRef;
}

const materials = z.array(materialInputSchema).max(50, { error: '申报材料最多50项' });

export const submitApplicationSchema = z.object({
  enterpriseUnitId: text('申报企业', 100),
  policyId: z.uuid({ error: '政策编号格式不正确' }),
  clauseId: z.uuid({ error: '条款编号格式不正确' }),
  materials,
  note: optionalText('申报说明', 1000),
});
export type SubmitApplicationInput = z.infer<typeof submitApplicationSchema>;

const expectedVersion = z.int({ error: '缺少申报版本号 expectedVersion' }).min(1);

export const applicationCommandSchema = z.discriminatedUnion(
  'action',
  [
    z.object({
      action: z.literal('request_supplement'),
      expectedVersion,
      missing: z.array(text('缺少的材料', 200)).min(1, { error: '请写明需要补正的材料' }).max(20, { error: '补正材料最多20项' }),
      note: optionalText('补正说明', 1000),
    }),
    z.object({ action: z.literal('supplement'), expectedVersion, materials: materials.min(1, { error: '请上传补正材料' }), note: optionalText('补正说明', 1000) }),
    z.object({ action: z.literal('approve'), expectedVersion, amount: fen('核准金额'), budgetSource: optionalText('资金来源', 200), note: optionalText('审核意见', 1000) }),
    z.object({ action: z.literal('refuse'), expectedVersion, reason: text('不予通过的理由', 1000) }),
    z.object({
      action: z.literal('disburse'),
      expectedVersion,
      paidOn: localDate('拨付日期'),
      amount: positiveFen('拨付金额'),
      voucherAttachmentId: z.uuid({ error: '拨付凭证文件编号格式不正确' }).optional(),
      note: optionalText('拨付说明', 1000),
    }),
  ],
  { error: '操作应为 request_supplement、supplement、approve、refuse 或 disburse' },
);
export type ApplicationCommand = z.infer<typeof applicationCommandSchema>;
export type ApplicationAction = ApplicationCommand['action'];
/** A command without the version it applies to, as a script or a test writes it (the version is read when it runs). */
export type ApplicationStep = ApplicationCommand extends infer C ? (C extends ApplicationCommand ? Omit<C, 'expectedVersion'> : never) : never;

export const APPLICATION_ACTION_LABEL = {
  request_supplement: '要求补正',
  supplement: '补正材料',
  approve: '核准',
  refuse: '不予通过',
  disburse: '登记拨付',
} satisfies Record<ApplicationAction, string>;

/** What the rules read of an application. */
export interface ApplicationRecord {
  readonly id: string;
  readonly enterpriseUnitId: string;
  readonly enterpriseJurisdictionId: string;
  readonly handlingUnitId: string;
  readonly policyJurisdictionId: string;
  readonly channel: ApplicationChannel;
  readonly state: ApplicationState;
  readonly approvedAmount: Fen | null;
  readonly disbursedAmount: Fen;
  readonly version: number;
}

/** The events of an application's history, each with what it records. */
export type ApplicationEvent =
  | { type: 'submit'; payload: { channel: ApplicationChannel; materials: Material[]; note: string | null } }
  | { type: 'request_supplement'; payload: { missing: string[]; note: string | null } }
  | { type: 'supplement'; payload: { materials: Material[]; note: string | null } }
  | { type: 'approve'; payload: { amount: Fen; budgetSource: string | null; note: string | null } }
  | { type: 'refuse'; payload: { reason: string } }
  | { type: 'disburse'; payload: { paidOn: LocalDate; amount: Fen; voucher: AttachmentRef | null; note: string | null } };

export const APPLICATION_EVENT_LABEL = { submit: '提交申报', ...APPLICATION_ACTION_LABEL } satisfies Record<ApplicationEvent['type'], string>;

/** The city's and the zones' finance bureaus pay out approved funds (P5). */
export const isFinanceBureau = (unitId: string | null): boolean => unitId !== null && (unitId === 'u-caizhengju' || /^u-[a-z]+-caizhengju$/.test(unitId));

/**
 * The department that reviews the application: the policy's issuer, the coordinator of the
 * policy's jurisdiction, or 营商办 (which supervises every one).
 */
export const handlesApplication = (actor: Actor, application: Pick<ApplicationRecord, 'handlingUnitId' | 'policyJurisdictionId'>): boolean => {
  switch (actor.role) {
    case 'business_office':
      return true;
    case 'county_coordinator':
      return actor.jurisdictionScope.includes(application.policyJurisdictionId);
    case 'unit_handler':
    case 'lead_bureau':
      return actor.unitId === application.handlingUnitId;
    default:
      return false;
  }
};

/**
 * Who applies or supplements for the enterprise: those who keep its file — itself, or the
 * service window on its behalf (代办: 营商办, the enterprise's county).
 */
export const actsForEnterprise = canEditProfile;

/** Who may see an application: the enterprise, its window, the reviewing department, finance, the city. */
export const canReadApplication = (actor: Actor, application: ApplicationRecord): boolean =>
  actor.role === 'leader' ||
  actsForEnterprise(actor, { unitId: application.enterpriseUnitId, jurisdictionId: application.enterpriseJurisdictionId }) ||
  handlesApplication(actor, application) ||
  (isFinanceBureau(actor.unitId) && (actor.role === 'unit_handler' || actor.role === 'lead_bureau'));

/** The channel of a new application: the enterprise's own in the portal, staff's at the window. */
export const channelOf = (actor: Actor): ApplicationChannel => (actor.role === 'enterprise' ? 'portal' : 'window');

/**
 * The amount an approval may grant under the clause's rule: exactly the fixed amount, at most
 * the cap of a rate, nothing for a clause without funds.
 * @throws AppError RULE_VIOLATION
 */
export const checkApprovedAmount = (rule: AmountRule, amount: Fen): void => {
  switch (rule.kind) {
    case 'fixed':
      if (amount !== rule.amount) throw new AppError('RULE_VIOLATION', `该条款为定额兑现，核准金额应为 ${formatWanYuan(rule.amount)}`, { field: 'amount' });
      return;
    case 'rate':
      if (rule.cap !== null && amount > rule.cap) throw new AppError('RULE_VIOLATION', `核准金额不能超过条款规定的上限 ${formatWanYuan(rule.cap)}`, { field: 'amount' });
      return;
    case 'none':
      if (amount !== 0) throw new AppError('RULE_VIOLATION', '该条款不涉及资金，核准金额应为0', { field: 'amount' });
      return;
  }
};

/** The states each step of an application may start from (checked before who takes it). */
export const APPLICATION_STEP_FROM: Record<ApplicationAction, readonly ApplicationState[]> = {
  request_supplement: ['submitted'],
  supplement: ['supplement_requested'],
  approve: ['submitted'],
  refuse: ['submitted', 'supplement_requested'],
  disburse: ['approved'],
};

export interface DecideApplicationContext {
  readonly actor: Actor;
  readonly today: LocalDate;
  readonly clause: Clause;
  /** The files the command names, resolved (materials, the voucher). */
  readonly materials: Material[];
  readonly voucher: AttachmentRef | null;
}

/**
 * One step of an application: who may take it from which state, and the state it leads to.
 * @returns the event to record and the application after it
 * @throws AppError VERSION_CONFLICT, CASE_NOT_IN_STATE, FORBIDDEN, RULE_VIOLATION, PAYMENT_EXCEEDS_OUTSTANDING, PAYMENT_DATE_IN_FUTURE
 */
export const decideApplication = (
  application: ApplicationRecord,
  command: ApplicationCommand,
  context: DecideApplicationContext,
): { event: ApplicationEvent; next: Pick<ApplicationRecord, 'state' | 'approvedAmount' | 'disbursedAmount'> & { budgetSource?: string | null } } => {
  if (command.expectedVersion !== application.version) {
    throw new AppError('VERSION_CONFLICT', '该申报已被他人处理，请刷新后重试', { expectedVersion: command.expectedVersion, version: application.version });
  }
  if (!APPLICATION_STEP_FROM[command.action].includes(application.state)) {
    throw new AppError('CASE_NOT_IN_STATE', `申报当前为“${APPLICATION_STATE_LABEL[application.state]}”，不能${APPLICATION_ACTION_LABEL[command.action]}`, {
      state: application.state,
    });
  }
  const { actor } = context;
  const keep = { state: application.state, approvedAmount: application.approvedAmount, disbursedAmount: application.disbursedAmount };
  switch (command.action) {
    case 'supplement': {
      if (!actsForEnterprise(actor, { unitId: application.enterpriseUnitId, jurisdictionId: application.enterpriseJurisdictionId })) {
        throw new AppError('FORBIDDEN', '只有申报企业或代办窗口可以补正材料');
      }
      return { event: { type: 'supplement', payload: { materials: context.materials, note: command.note || null } }, next: { ...keep, state: 'submitted' } };
    }
    case 'request_supplement':
    case 'approve':
    case 'refuse':
      if (!handlesApplication(actor, application)) throw new AppError('FORBIDDEN', '只有政策制定部门可以审核该申报');
      if (command.action === 'request_supplement') {
        return { event: { type: 'request_supplement', payload: { missing: command.missing, note: command.note || null } }, next: { ...keep, state: 'supplement_requested' } };
      }
      if (command.action === 'refuse') return { event: { type: 'refuse', payload: { reason: command.reason } }, next: { ...keep, state: 'refused' } };
      checkApprovedAmount(context.clause.amountRule, command.amount);
      return {
        event: { type: 'approve', payload: { amount: command.amount, budgetSource: command.budgetSource || null, note: command.note || null } },
        // A clause without funds (权益, 资质认定) is fulfilled by its approval.
        next: { ...keep, state: command.amount === 0 ? 'disbursed' : 'approved', approvedAmount: command.amount, budgetSource: command.budgetSource || null },
      };
    case 'disburse':
      if (!handlesApplication(actor, application) && !isFinanceBureau(actor.unitId)) throw new AppError('FORBIDDEN', '只有财政部门或政策制定部门可以登记拨付');
      return recordDisbursement(application, { paidOn: command.paidOn, amount: command.amount, voucher: context.voucher, note: command.note || null }, context.today);
  }
};

/** The money still to pay on an approved application. */
export const outstandingOf = (application: Pick<ApplicationRecord, 'approvedAmount' | 'disbursedAmount'>): Fen => (application.approvedAmount ?? 0) - application.disbursedAmount;

/**
 * P5: one payment of approved money, whoever records it — the window's `disburse` (authorized
 * there) or a payment recorded on the application's 资金拨付缓慢 case (authorized by the case).
 * Paid in full, the application is 已兑现.
 * @throws AppError CASE_NOT_IN_STATE, PAYMENT_DATE_IN_FUTURE, PAYMENT_EXCEEDS_OUTSTANDING
 */
export const recordDisbursement = (
  application: ApplicationRecord,
  payment: Extract<ApplicationEvent, { type: 'disburse' }>['payload'],
  today: LocalDate,
): { event: ApplicationEvent; next: Pick<ApplicationRecord, 'state' | 'approvedAmount' | 'disbursedAmount'> } => {
  if (!APPLICATION_STEP_FROM.disburse.includes(application.state)) {
    throw new AppError('CASE_NOT_IN_STATE', `申报当前为“${APPLICATION_STATE_LABEL[application.state]}”，不能${APPLICATION_ACTION_LABEL.disburse}`, { state: application.state });
  }
  if (compareLocalDates(payment.paidOn, today) > 0) throw new AppError('PAYMENT_DATE_IN_FUTURE', '拨付日期不能晚于今天', { field: 'paidOn' });
  const outstanding = outstandingOf(application);
  if (payment.amount > outstanding) {
    throw new AppError('PAYMENT_EXCEEDS_OUTSTANDING', `拨付金额超过尚未拨付的 ${formatWanYuan(outstanding)}`, { field: 'amount', outstanding });
  }
  const disbursedAmount = application.disbursedAmount + payment.amount;
  return {
    event: { type: 'disburse', payload: payment },
    next: { state: disbursedAmount === application.approvedAmount ? 'disbursed' : 'approved', approvedAmount: application.approvedAmount, disbursedAmount },
  };
};

/** What the enterprise is told of its application, in plain words. */
export const applicationStatusText = (application: Pick<ApplicationRecord, 'state' | 'approvedAmount' | 'disbursedAmount' | 'channel'>, missing: readonly string[] = []): string => {
  switch (application.state) {
    case 'submitted':
      return application.channel === 'automatic' ? '符合免申即享条件，政策部门正在核定兑现金额，无需提交申请。' : '申报已受理，政策部门正在审核。';
    case 'supplement_requested':
      return `需要补正材料：${missing.join('、')}。补正后继续审核。`;
    case 'approved':
      return `已核准 ${formatWanYuan(application.approvedAmount ?? 0)}，已拨付 ${formatWanYuan(application.disbursedAmount)}，剩余资金等待拨付。`;
    case 'refused':
      return '申报未予通过，理由见办理记录。如有异议可提出诉求。';
    case 'disbursed':
      return application.approvedAmount ? `已全部兑现，共 ${formatWanYuan(application.approvedAmount)}。` : '已核准兑现。';
  }
};

/** The steps `actor` may take on the application now, for the page to offer (the server decides again). */
export const availableActions = (actor: Actor, application: ApplicationRecord): ApplicationAction[] =>
  (Object.keys(APPLICATION_STEP_FROM) as ApplicationAction[]).filter((action) => {
    if (!APPLICATION_STEP_FROM[action].includes(application.state)) return false;
    switch (action) {
      case 'supplement':
        return actsForEnterprise(actor, { unitId: application.enterpriseUnitId, jurisdictionId: application.enterpriseJurisdictionId });
      case 'disburse':
        return handlesApplication(actor, application) || isFinanceBureau(actor.unitId);
      default:
        return handlesApplication(actor, application);
    }
  });
