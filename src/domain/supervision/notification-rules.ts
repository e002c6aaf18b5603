/**
 * Who is told what when a case event (S2, S3, G3) or a breach record event (S4) happens: the
 * in-app notifications. Pure: the store resolves the audiences to accounts (role, unit,
 * jurisdiction) and writes one notification per account in the event's transaction.
 */
import type { CaseRecord, SupervisionLevel } from '../case/record.ts';
import { SUPERVISION_LEVEL_LABEL } from '../case/record.ts';
import { isIntakePending } from '../intake/intake.ts';
import { caseKindOf } from '../lines/case-kinds.ts';
import { COMPLAINT_CLOCK_ARTICLE, COMPLAINT_CLOCK_LABEL, type ComplaintClockKind } from './complaint-clocks.ts';
import { formatYuan } from '../money.ts';
import { NON_CASH_RULE, PAYMENT_METHOD_LABEL, type PaymentMethod } from '../payment-methods.ts';

export const NOTIFICATION_KINDS = [
  'reminder',
  'urging',
  'supervision',
  'interview',
  'notice',
  'assigned',
  'plan_proposed',
  'extension_requested',
  'year_exception_requested',
  'feedback_submitted',
  'returned',
  'non_cash_payment',
  'banned_delay_reason',
  'result_notified',
  'retaliation_complaint',
  'new_complaint',
  'complaint_accepted',
  'complaint_dismissed',
  'complaint_merged',
  'payment_recorded',
  'case_closed',
  'rating_invited',
  'enterprise_consented',
  'enterprise_objected',
  'reopen_requested',
  'complaint_withdrawn',
  'material_added',
  'disclosure_reminder',
  'disclosure_missed',
  'rectification_ordered',
  'rectification_recorded',
  'refusal_recorded',
  'breach_recorded',
  'breach_objected',
  'objection_decided',
  'repair_applied',
  'repair_decided',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABEL = {
  reminder: '到期提醒',
  urging: '催办',
  supervision: '督办',
  interview: '约谈',
  notice: '通报',
  assigned: '交办',
  plan_proposed: '待认可方案',
  extension_requested: '延期申请',
  year_exception_requested: '跨年申请',
  feedback_submitted: '待销号',
  returned: '退回',
  non_cash_payment: '非现金支付',
  // 保障中小企业款项支付条例 Arts. 12, 14: a progress report gives a reason for late payment the regulation bans.
  banned_delay_reason: '违规迟延理由',
  // 保障中小企业款项支付条例 第二十五条: the complaint's written result, told to the complainant and reported to 营商办.
  result_notified: '投诉处理结果',
  // 保障中小企业款项支付条例 第二十条: an enterprise complains that a unit retaliated against it; 营商办 is told at once.
  retaliation_complaint: '打击报复投诉',
  // The loop with the enterprise (src/domain/supervision/case-notices.ts): what happens to its complaint, in plain words.
  new_complaint: '新诉求',
  complaint_accepted: '已受理',
  complaint_dismissed: '不予受理',
  complaint_merged: '合并办理',
  payment_recorded: '收到付款',
  case_closed: '已销号',
  rating_invited: '邀请评价',
  enterprise_consented: '企业认可',
  enterprise_objected: '企业不认可',
  // 12345 practice: the enterprise, dissatisfied, asks to have its closed case handled again; it withdraws its complaint; it adds material.
  reopen_requested: '申请重新办理',
  complaint_withdrawn: '企业撤回诉求',
  material_added: '企业补充材料',
  // 保障中小企业款项支付条例 Art. 18: the weekly reminder of March, and 1 April's list of units that missed 31 March.
  disclosure_reminder: '年度公开提醒',
  disclosure_missed: '年度公开逾期',
  rectification_ordered: '责令整改',
  rectification_recorded: '整改完成',
  refusal_recorded: '拒不整改',
  breach_recorded: '失信认定',
  breach_objected: '失信异议',
  objection_decided: '异议处理结果',
  repair_applied: '信用修复申请',
  repair_decided: '信用修复结果',
} satisfies Record<NotificationKind, string>;

/** A group of accounts, as the `accounts` table knows them. */
export type Audience =
  /** Handlers of a unit (the responsible or handling unit). */
  | { readonly role: 'unit_handler'; readonly unitId: string }
  /** Coordinators whose subtree holds the jurisdiction. */
  | { readonly role: 'county_coordinator'; readonly jurisdictionId: string }
  | { readonly role: 'lead_bureau'; readonly unitId: string }
  | { readonly role: 'business_office' }
  /** 市信用办 (S4). */
  | { readonly role: 'credit_office' }
  | { readonly role: 'enterprise'; readonly unitId: string };

export interface NotificationDraft {
  readonly kind: NotificationKind;
  readonly title: string;
  readonly body: string;
  readonly audiences: readonly Audience[];
}

/** What the rules need of an event: its type and the payload fields they read. */
export interface NotifiableEvent {
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly stateAfter: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const unitHandlers = (record: CaseRecord): Audience[] => {
  const ids = [...new Set([record.responsibleUnitId, record.handlingUnitId])];
  return ids.map((unitId) => ({ role: 'unit_handler', unitId }));
};

export const draft = (kind: NotificationKind, record: CaseRecord, body: string, audiences: Audience[]): NotificationDraft => ({
  kind,
  title: `【${NOTIFICATION_KIND_LABEL[kind]}】${record.number} ${record.title}`,
  body,
  audiences,
});

/**
 * The notification an event causes, with its audiences, or null. `record` is the case after
 * the event.
 * - `supervise` (S2, any level) → the handlers of the responsible and handling units and the
 *   coordinators of the case's jurisdiction; 督办, 约谈 and 通报 also the lead bureau. While the case
 *   still waits for intake (S3) → 营商办, whose decision it waits for. A step on a complaint clock
 *   (Art. 25) names that clock and its due day.
 * - `notify_result` (Art. 25) → the complaining enterprise and 营商办, which the result is reported to.
 * - `register` of a complaint of retaliation (Art. 20) → 营商办, at once.
 * - `assign`/`accept` (交办, S3), and `register` of an `assigned` case accepted at once → the
 *   handlers of the (new) responsible unit; a leader's assignment, which waits for intake → 营商办.
 * - `propose_plan` into 待企业认可 (A3) → the enterprise.
 * - `request_extension` (S1), `request_year_exception` (A2), `submit_feedback` (G3) → 营商办.
 * - `return` (G3) → the handlers of the responsible unit.
 * - `record_payment` by a non-cash instrument the contract does not provide for
 *   (保障中小企业款项支付条例 Art. 11) → 营商办 and the lead bureau.
 * - `report_progress` giving a reason for late payment the line flags as banned (Arts. 12, 14)
 *   → 营商办 and the lead bureau.
 */
export const notificationFor = (event: NotifiableEvent, record: CaseRecord): NotificationDraft | null => {
  switch (event.type) {
    case 'supervise': {
      const level = event.payload.level as SupervisionLevel;
      const clock = event.payload.clock as ComplaintClockKind | undefined;
      const deadline =
        clock !== undefined
          ? `（${COMPLAINT_CLOCK_LABEL[clock]}：${text(event.payload.deadline)}，${COMPLAINT_CLOCK_ARTICLE}）`
          : record.deadline === null
            ? ''
            : `（办理期限：${record.deadline}）`;
      const body = `${SUPERVISION_LEVEL_LABEL[level]}${deadline}：${text(event.payload.note)}`;
      // S3: while a complaint waits for intake only 营商办 can act on it (accept, merge, dismiss),
      // so the ladder's pressure is on 营商办, not on the unit it names.
      if (isIntakePending(record)) return draft(level, record, body, [{ role: 'business_office' }]);
      const formal = level === 'supervision' || level === 'interview' || level === 'notice';
      const audiences: Audience[] = [
        ...unitHandlers(record),
        { role: 'county_coordinator', jurisdictionId: record.jurisdictionId },
        ...(formal && record.leadUnitId !== null ? [{ role: 'lead_bureau', unitId: record.leadUnitId } as const] : []),
      ];
      return draft(level, record, body, audiences);
    }
    case 'register':
      // 第二十条: a complaint of retaliation reaches 营商办 at once, whatever its channel.
      if (caseKindOf(record) === 'retaliation') {
        return draft('retaliation_complaint', record, `企业投诉“${record.enterprise?.name ?? ''}”因投诉或催要账款遭受打击报复，请及时受理并交办（《保障中小企业款项支付条例》第二十条）：${text(record.facts)}`, [
          { role: 'business_office' },
        ]);
      }
      if (event.payload.source !== 'assigned') return null;
      // S3: a leader's assignment goes to 营商办, which hands it to the unit (交办).
      if (event.payload.intakeStatus === 'pending') {
        return draft('assigned', record, `领导交办，请受理并交办：${text(event.payload.instruction)}`, [{ role: 'business_office' }]);
      }
      // 营商办's own assignment hands it over at once, as `accept` does.
      return draft('assigned', record, text(event.payload.instruction) || '该事项已交由贵单位办理，请及时处置。', [
        { role: 'unit_handler', unitId: record.responsibleUnitId },
      ]);
    case 'assign':
    case 'accept':
      return draft('assigned', record, text(event.payload.instruction) || '该事项已交由贵单位办理，请及时处置。', [
        { role: 'unit_handler', unitId: record.responsibleUnitId },
      ]);
    case 'propose_plan':
      if (event.stateAfter !== 'awaiting_consent' || !record.enterprise?.unitId) return null;
      return draft('plan_proposed', record, `您的诉求（${record.number}）的责任单位提出了还款（兑现）计划，请打开事项查看计划，选择“认可”或“不认可”（不认可的请说明理由）。认可后计划生效，责任单位按计划付款；不认可的，责任单位将重新制定计划。`, [
        { role: 'enterprise', unitId: record.enterprise.unitId },
      ]);
    case 'request_extension':
      return draft('extension_requested', record, `申请将期限延至${text(event.payload.newDeadline)}：${text(event.payload.reason)}`, [
        { role: 'business_office' },
      ]);
    case 'request_year_exception':
      return draft('year_exception_requested', record, `申请跨年至${text(event.payload.newDueOn)}支付：${text(event.payload.reason)}`, [
        { role: 'business_office' },
      ]);
    case 'submit_feedback':
      return draft('feedback_submitted', record, `书面反馈：${text(event.payload.summary)}`, [{ role: 'business_office' }]);
    case 'notify_result':
      return draft('result_notified', record, `已于${text(event.payload.notifiedOn)}书面告知投诉人处理结果：${text(event.payload.summary)}`, [
        ...(record.enterprise?.unitId ? [{ role: 'enterprise', unitId: record.enterprise.unitId } as const] : []),
        { role: 'business_office' },
      ]);
    case 'return':
      return draft('returned', record, `退回理由：${text(event.payload.reason)}`, [
        { role: 'unit_handler', unitId: record.responsibleUnitId },
      ]);
    case 'record_payment': {
      if (event.payload.nonCashUnagreed !== true) return null;
      const method = PAYMENT_METHOD_LABEL[event.payload.method as PaymentMethod] ?? text(event.payload.method);
      const amount = typeof event.payload.amount === 'number' ? formatYuan(event.payload.amount) : '';
      return draft('non_cash_payment', record, `以${method}支付${amount}，合同未约定非现金支付方式。${NON_CASH_RULE}。`, [
        { role: 'business_office' },
        ...(record.leadUnitId === null ? [] : [{ role: 'lead_bureau', unitId: record.leadUnitId } as const]),
      ]);
    }
    case 'report_progress': {
      const flag = event.payload.delayFlag as { label: string; rule: string } | undefined;
      if (flag === undefined) return null;
      return draft('banned_delay_reason', record, `进展报告称迟延支付的原因是“${flag.label}”，该理由不能作为迟延支付的理由。${flag.rule}。`, [
        { role: 'business_office' },
        ...(record.leadUnitId === null ? [] : [{ role: 'lead_bureau', unitId: record.leadUnitId } as const]),
      ]);
    }
    default:
      return null;
  }
};

/** What the credit rules need of a breach record (S4). */
export interface NotifiableCreditRecord {
  readonly number: string;
  readonly unitId: string;
  readonly unitName: string;
  /** The jurisdiction of the unit: its county's coordinators answer for it. */
  readonly unitJurisdictionId: string;
  readonly caseNumber: string | null;
}

const creditDraft = (kind: NotificationKind, record: NotifiableCreditRecord, body: string, audiences: Audience[]): NotificationDraft => ({
  kind,
  title: `【${NOTIFICATION_KIND_LABEL[kind]}】${record.number} ${record.unitName}`,
  body,
  audiences,
});

/** The unit a record names and the coordinators of its county (SPEC §5: they answer for it). */
const recordedUnit = (record: NotifiableCreditRecord): Audience[] => [
  { role: 'unit_handler', unitId: record.unitId },
  { role: 'county_coordinator', jurisdictionId: record.unitJurisdictionId },
];

/**
 * The notification a breach record event causes (S4), or null. `event.payload` is the event's
 * own payload.
 * - `order_rectification`, `record_rectified`, `record_refusal` (发改财金〔2023〕1103号), `record`
 *   → the unit's handlers and its county's coordinators.
 * - `object`, `apply_repair` → 市信用办, who decides them.
 * - `decide_objection`, `decide_repair` → the unit's handlers and its county's coordinators.
 * - `export` → nobody: the batch is 信用办's own work.
 */
export const creditNotificationFor = (event: Omit<NotifiableEvent, 'stateAfter'>, record: NotifiableCreditRecord): NotificationDraft | null => {
  const { payload } = event;
  switch (event.type) {
    case 'order_rectification': {
      const source = record.caseNumber === null ? '' : `因事项${record.caseNumber}`;
      return creditDraft(
        'rectification_ordered',
        record,
        `${source}责令限期整改（${text(payload.orderDocumentNumber)}）：${text(payload.orderRequirement)}。整改期限：${text(payload.rectificationDeadline)}。逾期未整改或拒不整改的，将认定为违约失信。`,
        recordedUnit(record),
      );
    }
    case 'record_rectified':
      return creditDraft('rectification_recorded', record, `已按期整改（${text(payload.rectifiedOn)}），不予认定失信：${text(payload.evidence)}`, recordedUnit(record));
    case 'record_refusal':
      return creditDraft(
        'refusal_recorded',
        record,
        `${payload.ground === 'lapse' ? '整改期限届满未整改' : '书面拒绝整改'}，已记录拒不整改：${text(payload.facts)}`,
        recordedUnit(record),
      );
    case 'record': {
      const source = record.caseNumber === null ? '' : `因事项${record.caseNumber}`;
      return creditDraft(
        'breach_recorded',
        record,
        `${source}认定违约失信（认定日期：${text(payload.breachOn)}）：${text(payload.facts)}。如有异议可提出一次异议；整改到位后可申请信用修复。`,
        recordedUnit(record),
      );
    }
    case 'object':
      return creditDraft('breach_objected', record, `异议理由：${text(payload.reason)}`, [{ role: 'credit_office' }]);
    case 'decide_objection':
      return creditDraft(
        'objection_decided',
        record,
        `${payload.decision === 'upheld' ? '异议成立，记录已撤销' : '异议不成立，维持认定'}：${text(payload.reason)}`,
        recordedUnit(record),
      );
    case 'apply_repair':
      return creditDraft('repair_applied', record, `修复措施：${text(payload.measures)}`, [{ role: 'credit_office' }]);
    case 'decide_repair':
      return creditDraft(
        'repair_decided',
        record,
        `${payload.decision === 'approved' ? '准予信用修复' : '不予信用修复'}：${text(payload.reason)}`,
        recordedUnit(record),
      );
    default:
      return null;
  }
};
