/**
 * One representative command of every case action for a case as it stands: valid for the
 * command schema always, and, on a case whose page offers the action, one its rule accepts
 * (amounts against what is owed, dates after today and after the deadline, the line's own
 * classification and plan). The authorization matrix sends them, so that "allowed" means the
 * action would really be performed.
 */
import { addCalendarDays, type LocalDate } from '../../../src/domain/calendar.ts';
import type { CaseAction } from '../../../src/domain/case/actions.ts';
import type { CaseCommand } from '../../../src/domain/case/commands.ts';
import { outstandingAmount, type CaseRecord } from '../../../src/domain/case/record.ts';
import type { OpenLine } from '../../../src/domain/lines/registry.ts';
import { UNIT_IDS } from '../../../src/db/seed/hanjiang.ts';
import type { DistributiveOmit } from '../domain.ts';

type Command = DistributiveOmit<CaseCommand, 'expectedVersion'>;
type ClassifyCommand = Extract<Command, { action: 'classify' }>;
type PlanCommand = Extract<Command, { action: 'propose_plan' }>;

const rectification = (today: LocalDate) => ({
  measures: ['在门户网站首页发布政策全文并设置咨询专窗'],
  timeLimit: addCalendarDays(today, 30),
  responsiblePerson: { name: '王芳', post: '科长', phone: '0710-3456789' },
});

/** Each line's classification on its most common path. */
const CLASSIFICATION = {
  arrears: (record) => ({ line: 'arrears', disputed: false, confirmedAmount: record.claimedAmount ?? 1_000_000 }),
  policy: () => ({ line: 'policy', category: 'awareness', policy: '《汉江市促进中小企业发展若干措施》第三条' }),
  investment: () => ({ line: 'investment', legality: 'flawed', situation: 'conditions_unmet', promise: '投资协议第五条 土地出让优惠', legalityReason: '超出县级政府权限' }),
  integrity: () => ({ line: 'integrity', note: '政策未按期公开' }),
} satisfies { [L in OpenLine]: (record: CaseRecord) => ClassifyCommand['classification'] & { line: L } };

/** Each line's plan: installments of what is owed, a rectification, or a deferral put to the enterprise. */
const PLAN: { [L in OpenLine]: (record: CaseRecord, today: LocalDate) => Omit<PlanCommand, 'action'> } = {
  // A3: at least two installments, after today, adding up to what is owed.
  arrears: (record, today) => {
    const owed = Math.max(2, outstandingAmount(record));
    const first = Math.floor(owed / 2);
    return { installments: [{ dueOn: addCalendarDays(today, 15), amount: first }, { dueOn: addCalendarDays(today, 90), amount: owed - first }] };
  },
  policy: (record, today) =>
    record.line === 'policy' && record.policyProblem?.category === 'fulfilment'
      ? { deferral: { newDate: addCalendarDays(today, 60), reason: '年度预算已用完，次年初拨付' } }
      : { rectification: rectification(today) },
  investment: (_record, today) => ({ deferral: { newDate: addCalendarDays(today, 60), reason: '年度预算已用完，次年初兑现' } }),
  integrity: (_record, today) => ({ rectification: rectification(today) }),
};

/** What the rules of each action accept on a case that offers it. */
const BUILDERS: { [A in CaseAction]: (record: CaseRecord, today: LocalDate, cases: readonly CaseRecord[]) => Extract<Command, { action: A }> } = {
  classify: (record) => ({ action: 'classify', classification: CLASSIFICATION[record.line as OpenLine](record) } as ClassifyCommand),
  propose_plan: (record, today) => ({ action: 'propose_plan', ...PLAN[record.line as OpenLine](record, today) }),
  // Staff recording the enterprise's answer name its signed document; the enterprise may too.
  consent: () => ({ action: 'consent', document: '企业签章确认书', note: '同意' }),
  object: () => ({ action: 'object', reason: '首期金额过低', document: '企业签章意见书' }),
  agree: (record) => ({
    action: 'agree',
    amount: Math.max(1, outstandingAmount(record)),
    document: '协商纪要（2026）3号',
    terms: '按原协议条款执行，期限顺延三个月',
  }),
  escalate: () => ({ action: 'escalate', reason: '协商未果' }),
  litigate: () => ({ action: 'litigate', reason: '调解未果', court: '汉江市中级人民法院' }),
  judge: (record, today) => ({
    action: 'judge',
    amount: Math.max(1, outstandingAmount(record)),
    judgmentNo: '（2026）鄂06民初88号',
    court: '汉江市中级人民法院',
    judgedOn: today,
  }),
  record_payment: (record, today) => ({ action: 'record_payment', paidOn: today, amount: Math.max(1, Math.min(outstandingAmount(record), 100_000)), voucher: '汉财支〔2026〕88号' }),
  fulfil: () => ({ action: 'fulfil', evidence: '兑现凭证 汉政〔2026〕12号' }),
  compensate: () => ({ action: 'compensate', legalBasis: '规划调整，市政府第12次常务会议决定', procedure: '听证并经常务会议审议', amount: 0 }),
  submit_feedback: () => ({ action: 'submit_feedback', summary: '已全部兑现，企业确认。', documents: [{ title: '企业确认函', reference: 'HD-2026-118' }] }),
  close: () => ({ action: 'close', opinion: '同意销号' }),
  return: () => ({ action: 'return', reason: '佐证材料不全' }),
  dismiss: () => ({ action: 'dismiss', reason: '不属于专项行动范围' }),
  assign: () => ({ action: 'assign', responsibleUnitId: UNIT_IDS.jiaoyuju, instruction: '请市教育局核实办理' }),
  supervise: () => ({ action: 'supervise', level: 'urging', note: '请加快办理' }),
  report_progress: () => ({ action: 'report_progress', progress: '资金已列入下月计划', percent: 50 }),
  request_year_exception: (record) => ({ action: 'request_year_exception', reason: '资金次年一季度到位', newDueOn: `${Number(record.registeredAt.slice(0, 4)) + 1}-03-31` }),
  approve_year_exception: () => ({ action: 'approve_year_exception', approved: true, opinion: '同意' }),
  request_extension: (record, today) => ({
    action: 'request_extension',
    newDeadline: addCalendarDays(record.deadline !== null && record.deadline > today ? record.deadline : today, 30),
    reason: '资金审批流程未完成',
  }),
  approve_extension: () => ({ action: 'approve_extension', approved: true, opinion: '同意延期' }),
  rate: () => ({ action: 'rate', score: 5, comment: '处理及时' }),
  accept: () => ({ action: 'accept', responsibleUnitId: UNIT_IDS.jiaoyuju, instruction: '请市教育局核实办理' }),
  // A fact of the contract not recorded before (a new number on each version), with a reason in case it corrects one.
  amend_particulars: (record, today) => ({
    action: 'amend_particulars',
    particulars: { contract: { contractNo: `HT-${record.number}-${record.version}`, debtorKind: 'organ', deliveredOn: addCalendarDays(today, -40) } },
    reason: '补充合同信息',
  }),
  // 保障中小企业款项支付条例 第二十五条: told today, with the notice.
  notify_result: (_record, today) => ({
    action: 'notify_result',
    summary: '经核实，欠款已列入下月支付计划',
    notifiedOn: today,
    documents: [{ title: '投诉处理结果告知书', reference: 'HD-告-2026-1' }],
  }),
  // 保障中小企业款项支付条例 第十七条: with the signed waiver staff need to record it for the enterprise.
  waive_interest: () => ({ action: 'waive_interest', document: '企业放弃逾期利息声明', note: '为维持合作关系，自愿放弃' }),
  // 回访: today, by phone, confirmed.
  record_follow_up: (_record, today) => ({ action: 'record_follow_up', visitedOn: today, way: 'phone', statement: '企业确认款项已全额到账', confirmed: true }),
  // 12345 practice: the enterprise, dissatisfied, asks to reopen; withdraws its complaint; adds material.
  request_reopen: () => ({ action: 'request_reopen', reason: '款项仍有两万元未到账' }),
  withdraw: () => ({ action: 'withdraw', reason: '已与对方协商解决' }),
  add_material: () => ({ action: 'add_material', content: '补充对账单一份，双方盖章确认欠款金额' }),
  // S3: into another case of the same enterprise that is not itself dismissed.
  merge: (record, _today, cases) => ({
    action: 'merge',
    targetCaseId:
      cases.find((other) => other.id !== record.id && other.state !== 'dismissed' && other.enterprise !== null && other.enterprise.creditCode === record.enterprise?.creditCode)?.id ??
      record.id,
  }),
};

/** A representative `action` on `record` as it stands (`expectedVersion` its version); `cases` are the others it may name (a merge's target). */
export const representativeCommand = (record: CaseRecord, action: CaseAction, today: LocalDate, cases: readonly CaseRecord[]): CaseCommand =>
  ({ ...BUILDERS[action](record, today, cases), expectedVersion: record.version }) as CaseCommand;
