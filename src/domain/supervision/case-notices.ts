/**
 * The notices that close the loop with the enterprise: it is told, in plain words naming its case
 * and what happens next, when its complaint is accepted, dismissed or merged, each payment, a plan
 * to answer, the 销号 and the invitation to rate; 营商办 is told of a new complaint from the
 * portal; the responsible unit of the enterprise's answer to its plan. Pure, like
 * `notificationFor`, whose staff notices they join in `notificationsFor`.
 */
import { outstandingAmount, type CaseRecord } from '../case/record.ts';
import { caseKindOf } from '../lines/case-kinds.ts';
import { formatYuan } from '../money.ts';
import { draft, notificationFor, type Audience, type NotifiableEvent, type NotificationDraft } from './notification-rules.ts';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
/** A quoted reason or opinion without its own closing stop, so the notice's sentence ends once. */
const clause = (value: unknown): string => text(value).trim().replace(/[。．.！!；;，,\s]+$/u, '');

/** Where a notification leads in the UI: its case, its breach record on the credit page (S4), or the year's disclosure (Art. 18). */
export const notificationLink = (subject: { readonly caseId: string | null; readonly creditRecordId: string | null; readonly disclosureYear: number | null }): string =>
  subject.creditRecordId !== null
    ? `/credit?record=${encodeURIComponent(subject.creditRecordId)}`
    : subject.disclosureYear !== null
      ? `/disclosures?year=${subject.disclosureYear}`
      : `/cases/${subject.caseId ?? ''}`;

const enterpriseOf = (record: CaseRecord): Audience[] =>
  record.enterprise?.unitId ? [{ role: 'enterprise', unitId: record.enterprise.unitId }] : [];

const unitHandlers = (record: CaseRecord): Audience[] =>
  [...new Set([record.responsibleUnitId, record.handlingUnitId])].map((unitId) => ({ role: 'unit_handler', unitId }));

const deadlineWords = (record: CaseRecord): string => (record.deadline === null ? '' : `，办理期限至${record.deadline}`);

/**
 * The loop's notices an event causes (none when the case has no enterprise with an account unit).
 * - `register` of a complaint from the portal (source `enterprise`, not a complaint of retaliation,
 *   which has its own notice) → 营商办, to accept or dismiss it on the 受理台.
 * - `accept` → the enterprise: accepted and handed to the responsible unit, with the deadline.
 * - `dismiss` → the enterprise, with the reason; `merge` → the enterprise, with the case it joins.
 * - `record_payment` → the enterprise: amount, date, paid so far and what remains.
 * - `close` → the enterprise: 销号, with 营商办's opinion; and the invitation to rate (评价).
 * - `consent` / `object` → the handlers of the responsible and handling units.
 * - `request_reopen` → 营商办: the enterprise rated the result 不满意 and asks to reopen; return or close it again.
 * - `withdraw` → 营商办 while the complaint waits for intake; once accepted, also the responsible unit's handlers.
 * - `add_material` → the handlers of the responsible and handling units; 营商办 too while it waits for intake.
 */
export const loopNoticesFor = (event: NotifiableEvent, record: CaseRecord): NotificationDraft[] => {
  const enterprise = enterpriseOf(record);
  const number = record.number;
  switch (event.type) {
    case 'register':
      if (event.payload.source !== 'enterprise' || caseKindOf(record) === 'retaliation') return [];
      return [
        draft(
          'new_complaint',
          record,
          `企业“${record.enterprise?.name ?? ''}”在线提交了诉求（${number}），请在受理台核实：受理并交办责任单位，或说明理由不予受理。`,
          [{ role: 'business_office' }],
        ),
      ];
    case 'accept':
      if (enterprise.length === 0) return [];
      return [
        draft(
          'complaint_accepted',
          record,
          `您的诉求（${number}）已受理，已交责任单位办理${deadlineWords(record)}。责任单位将核实情况并处理，每一步进展都会通知您，也可随时打开事项查看。`,
          enterprise,
        ),
      ];
    case 'dismiss':
      if (enterprise.length === 0) return [];
      return [
        draft(
          'complaint_dismissed',
          record,
          `您的诉求（${number}）不予受理。理由：${clause(event.payload.reason)}。如有新的情况或材料，可以重新提交诉求。`,
          enterprise,
        ),
      ];
    case 'merge': {
      if (enterprise.length === 0) return [];
      const target = event.payload.mergedInto as { number?: string } | undefined;
      return [
        draft(
          'complaint_merged',
          record,
          `您的诉求（${number}）与事项${target?.number ?? ''}反映的是同一问题，已并入事项${target?.number ?? ''}一并办理，办理进展请在该事项中查看。`,
          enterprise,
        ),
      ];
    }
    case 'record_payment': {
      if (enterprise.length === 0) return [];
      const amount = typeof event.payload.amount === 'number' ? formatYuan(event.payload.amount) : '';
      const remaining = outstandingAmount(record);
      const next =
        event.stateAfter === 'settled'
          ? '款项已全部付清，责任单位将提交书面反馈，营商办审核后销号。'
          : `尚欠${formatYuan(remaining)}，责任单位将继续支付，每笔付款都会通知您。`;
      return [
        draft(
          'payment_recorded',
          record,
          `您的诉求（${number}）登记了一笔付款：${amount}，付款日期${text(event.payload.paidOn)}。累计已付${formatYuan(record.paidAmount)}。${next}如与实际到账不符，请联系责任单位或营商办。`,
          enterprise,
        ),
      ];
    }
    case 'close':
      if (enterprise.length === 0) return [];
      return [
        draft(
          'case_closed',
          record,
          `您的诉求（${number}）已办结销号：营商办审核了责任单位的书面反馈${record.closingOpinion ? `，意见：${clause(record.closingOpinion)}` : ''}。`,
          enterprise,
        ),
        draft('rating_invited', record, `请对诉求（${number}）的办理结果进行评价（1–5分，可附意见）。`, enterprise),
      ];
    case 'consent':
      return [
        draft('enterprise_consented', record, `企业已认可事项${number}的计划，计划生效。请按计划履行，每笔付款及时登记。`, unitHandlers(record)),
      ];
    case 'object':
      return [
        draft(
          'enterprise_objected',
          record,
          `企业不认可事项${number}的计划，理由：${clause(event.payload.reason)}。请与企业沟通后重新制定计划。`,
          unitHandlers(record),
        ),
      ];
    case 'request_reopen': {
      const rating = event.payload.rating as { score?: number } | undefined;
      return [
        draft(
          'reopen_requested',
          record,
          `企业“${record.enterprise?.name ?? ''}”对已销号事项${number}的办理结果评价为${rating?.score ?? ''}分（不满意），申请重新办理，理由：${clause(event.payload.reason)}。事项已回到待销号，请核实后退回责任单位重新办理，或说明理由后再次销号。`,
          [{ role: 'business_office' }],
        ),
      ];
    }
    case 'withdraw': {
      const accepted = record.intake?.status !== 'pending';
      return [
        draft(
          'complaint_withdrawn',
          record,
          `企业“${record.enterprise?.name ?? ''}”撤回了诉求${number}，理由：${clause(event.payload.reason)}。事项已结束，无需继续办理。`,
          [{ role: 'business_office' }, ...(accepted ? unitHandlers(record) : [])],
        ),
      ];
    }
    case 'add_material': {
      const files = Array.isArray(event.payload.attachments) ? event.payload.attachments.length : 0;
      const pending = record.intake?.status === 'pending';
      return [
        draft(
          'material_added',
          record,
          `企业“${record.enterprise?.name ?? ''}”为事项${number}补充了材料${files > 0 ? `（附件${files}个）` : ''}：${clause(event.payload.content)}。请在办理中一并核实。`,
          pending ? [{ role: 'business_office' }] : unitHandlers(record),
        ),
      ];
    }
    default:
      return [];
  }
};

/** Every notification a case event causes: the staff's (`notificationFor`) and the loop's. */
export const notificationsFor = (event: NotifiableEvent, record: CaseRecord): NotificationDraft[] => {
  const staff = notificationFor(event, record);
  return [...(staff === null ? [] : [staff]), ...loopNoticesFor(event, record)];
};
