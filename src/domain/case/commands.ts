import { z } from 'zod';
import { ATTACHMENTS_PER_REGISTRATION } from '../attachments.ts';
import { LINE_MODULES, type OpenLine } from '../lines/registry.ts';
import { LINES, SOURCES } from '../lines/vocabulary.ts';
import { expectedVersion as version, fen, localDate, optionalText, positiveFen, text } from './fields.ts';
import { PAYMENT_METHODS } from '../payment-methods.ts';
import { FOLLOW_UP_WAYS, SUPERVISION_LEVELS } from './record.ts';
import { COMPLAINT_CLOCK_KINDS } from '../supervision/complaint-clocks.ts';

/**
 * The command schemas: one for registration, one per action (SPEC §7). The HTTP layer, the
 * OpenAPI document and the UI forms all validate with these; `decide` receives parsed values.
 * Money is an integer of 分. What differs by line — the classification and the plan — comes
 * from the line modules.
 */
const attachmentId = z.uuid({ error: '附件编号格式不正确' });

/**
 * One file of the caller's (POST /api/attachments, not yet linked to a case) that an action takes
 * beside its text: the signed document of an enterprise's answer, a payment's voucher, the signed
 * agreement, the judgment, the completion proof, the compensation decision. Recorded in
 * the event as `attachment` and linked to the case with it.
 */
const fileOf = { attachmentId: attachmentId.optional() };

const documentRef = z.object({
  title: text('材料名称', 200),
  reference: text('文号或存档编号', 200),
  /** An uploaded file (POST /api/attachments) of the caller's, not yet linked to a case. */
  attachmentId: attachmentId.optional(),
});

type Modules = (typeof LINE_MODULES)[OpenLine];
const modules: Modules[] = Object.values(LINE_MODULES);

/**
 * A line's particulars (the contract behind an arrear), each line's own fields; the line checks
 * they are its own (`LineParticulars`). Every field is optional: a complaint may not know them.
 */
const particularsSchema = z.strictObject(
  Object.assign({}, ...modules.flatMap((module) => ('particulars' in module && module.particulars ? [module.particulars.patch.shape] : []))),
  { error: '案件要素含有不适用的字段' },
);

export const registerCaseSchema = z.object({
  line: z.enum(LINES, { error: '专项行动类别无效' }),
  source: z.enum(SOURCES, { error: '问题来源无效' }),
  title: text('事项名称', 200),
  facts: text('基本情况', 5000),
  instruction: optionalText('交办意见'),
  /** Required by every line whose cases concern an enterprise (the line's `checkRegistration`). */
  enterprise: z
    .object({
      name: text('企业名称', 200),
      creditCode: z.string({ error: '请填写统一社会信用代码' }).trim(),
    })
    .optional(),
  responsibleUnitId: text('责任单位', 100),
  claimedAmount: fen('企业主张金额').nullable().optional(),
  /** The line's particulars known at registration (the contract behind an arrear). */
  particulars: particularsSchema.optional(),
  /** Files uploaded by the caller (POST /api/attachments), linked to the new case. */
  attachmentIds: z
    .array(attachmentId)
    .max(ATTACHMENTS_PER_REGISTRATION, { error: `最多附${ATTACHMENTS_PER_REGISTRATION}个附件` })
    .optional(),
});
export type RegisterCaseInput = z.infer<typeof registerCaseSchema>;

type Classification = Modules['classification'];
type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;
type PlanFields = UnionToIntersection<Modules['planFields']>;

/** `classify`'s facts: each open line's classification, told apart by `line`. */
const classificationSchema = z.discriminatedUnion('line', modules.map((module) => module.classification) as [Classification, ...Classification[]], {
  error: '分类信息与专项行动类别不符',
});

/** `propose_plan`'s fields: each open line's plan (installments, a rectification…), all optional here; the line's decider requires its own. */
const planFields = Object.assign({}, ...modules.map((module) => module.planFields)) as PlanFields;

export const caseCommandSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('classify'),
    expectedVersion: version,
    classification: classificationSchema,
  }),
  z.object({
    action: z.literal('propose_plan'),
    expectedVersion: version,
    ...planFields,
    note: optionalText('说明'),
  }),
  z.object({
    action: z.literal('consent'),
    expectedVersion: version,
    document: optionalText('企业签章文件', 200),
    note: optionalText('说明'),
    ...fileOf,
  }),
  z.object({
    action: z.literal('object'),
    expectedVersion: version,
    reason: text('不认可理由'),
    document: optionalText('企业签章文件', 200),
    ...fileOf,
  }),
  z.object({
    action: z.literal('agree'),
    expectedVersion: version,
    amount: fen('协商确定金额'),
    document: text('协议或调解方案', 200),
    /** A3 on an arrear: the difficulty's kind from the list (`DELAY_REASONS`), beside its description. */
    difficultyReason: z.string().max(40).optional(),
    paymentDifficulty: optionalText('支付困难情况'),
    /** I5: the terms agreed in place of the promise's (降低执行条款要求); a line that changes terms requires them. */
    terms: optionalText('协商后的执行条款'),
    /** A5, P4, I6: who mediated with the next-higher government (法院、司法行政部门). */
    mediators: optionalText('参与调解的单位', 300),
    note: optionalText('说明'),
    /** The signed agreement or mediation settlement. */
    ...fileOf,
  }),
  z.object({ action: z.literal('escalate'), expectedVersion: version, reason: text('协商未果情况') }),
  z.object({
    action: z.literal('litigate'),
    expectedVersion: version,
    reason: text('调解未果情况'),
    court: text('受理法院', 200),
  }),
  z.object({
    action: z.literal('judge'),
    expectedVersion: version,
    amount: fen('判决金额'),
    judgmentNo: text('判决书文号', 200),
    court: text('判决法院', 200),
    judgedOn: localDate('判决日期'),
    dueOn: localDate('判决履行期限').optional(),
    /** A7 on an arrear: a judged amount above 50万元 with a genuine difficulty may be paid by installments, as an agreed one. */
    difficultyReason: z.string().max(40).optional(),
    paymentDifficulty: optionalText('支付困难情况'),
    /** The judgment or award. */
    ...fileOf,
  }),
  z.object({
    action: z.literal('record_payment'),
    expectedVersion: version,
    paidOn: localDate('付款日期'),
    amount: positiveFen('付款金额'),
    voucher: text('付款凭证号', 200),
    /** 保障中小企业款项支付条例 Art. 11: how it was paid; absent on payments recorded before it was asked. */
    method: z.enum(PAYMENT_METHODS, { error: '付款方式无效' }).optional(),
    ...fileOf,
  }),
  /** The completion proof (验收单, 兑现凭证) as `attachmentId`. */
  z.object({ action: z.literal('fulfil'), expectedVersion: version, evidence: text('兑现凭证'), ...fileOf }),
  z.object({
    action: z.literal('compensate'),
    expectedVersion: version,
    legalBasis: text('变更决定及依据'),
    procedure: text('履行的法定程序'),
    /** The compensation assessed for the enterprise's losses; 0 when the assessment found none. */
    amount: fen('补偿金额'),
    /** The compensation's payment, required when the amount is above 0. */
    paidOn: localDate('补偿支付日期').optional(),
    voucher: optionalText('补偿支付凭证', 200),
    /** The compensation decision or its payment voucher. */
    ...fileOf,
  }),
  z.object({
    action: z.literal('submit_feedback'),
    expectedVersion: version,
    summary: text('书面反馈内容', 5000),
    documents: z.array(documentRef).min(1, { error: '书面反馈须附至少一份佐证材料' }).max(50),
  }),
  z.object({ action: z.literal('close'), expectedVersion: version, opinion: optionalText('销号意见') }),
  z.object({ action: z.literal('return'), expectedVersion: version, reason: text('退回理由') }),
  z.object({ action: z.literal('dismiss'), expectedVersion: version, reason: text('不予受理理由') }),
  z.object({
    action: z.literal('assign'),
    expectedVersion: version,
    responsibleUnitId: text('责任单位', 100),
    instruction: text('交办意见'),
  }),
  z.object({
    action: z.literal('supervise'),
    expectedVersion: version,
    level: z.enum(SUPERVISION_LEVELS, { error: '督办级别无效' }),
    note: text('督办意见'),
    /** 保障中小企业款项支付条例 第二十五条: the step presses on a complaint clock instead of the case's deadline. */
    clock: z.enum(COMPLAINT_CLOCK_KINDS, { error: '投诉时限无效' }).optional(),
  }),
  z.object({
    action: z.literal('report_progress'),
    expectedVersion: version,
    progress: text('进展情况'),
    /** A line's code for why payment is late (the arrears line's list of delay reasons); the line checks it. */
    delayReason: z.string({ error: '迟延原因无效' }).min(1, { error: '迟延原因无效' }).max(40, { error: '迟延原因无效' }).optional(),
    percent: z
      .int({ error: '完成比例应为0至100的整数' })
      .min(0, { error: '完成比例应为0至100的整数' })
      .max(100, { error: '完成比例应为0至100的整数' })
      .optional(),
  }),
  z.object({
    action: z.literal('request_year_exception'),
    expectedVersion: version,
    reason: text('跨年理由'),
    newDueOn: localDate('拟付款日期'),
  }),
  z.object({
    action: z.literal('approve_year_exception'),
    expectedVersion: version,
    approved: z.boolean({ error: '请选择是否批准' }),
    opinion: text('审批意见'),
  }),
  z.object({
    action: z.literal('request_extension'),
    expectedVersion: version,
    newDeadline: localDate('延期后的期限'),
    reason: text('延期理由'),
    /** 保障中小企业款项支付条例 第二十五条: extend the complaint's written-result time limit instead of the case's deadline. */
    clock: z.enum(['complaint_result'], { error: '延期对象无效' }).optional(),
  }),
  z.object({
    action: z.literal('approve_extension'),
    expectedVersion: version,
    approved: z.boolean({ error: '请选择是否批准' }),
    opinion: text('审批意见'),
  }),
  z.object({
    action: z.literal('rate'),
    expectedVersion: version,
    score: z
      .int({ error: '请选择1至5分的评分' })
      .min(1, { error: '评分应为1至5分' })
      .max(5, { error: '评分应为1至5分' }),
    comment: optionalText('评价意见', 500),
  }),
  z.object({
    action: z.literal('accept'),
    expectedVersion: version,
    responsibleUnitId: text('责任单位', 100),
    instruction: text('交办意见'),
  }),
  z.object({
    action: z.literal('amend_particulars'),
    expectedVersion: version,
    particulars: particularsSchema,
    /** Why a recorded fact is corrected; not needed to add one. */
    reason: optionalText('更正说明', 500),
  }),
  z.object({
    action: z.literal('waive_interest'),
    expectedVersion: version,
    /** The enterprise's signed waiver, when staff record it for the enterprise. */
    document: optionalText('企业签章文件'),
    note: optionalText('说明'),
    ...fileOf,
  }),
  z.object({
    action: z.literal('notify_result'),
    expectedVersion: version,
    summary: text('处理结果', 5000),
    notifiedOn: localDate('书面告知日期'),
    documents: z.array(documentRef).min(1, { error: '须附书面告知文书' }).max(20, { error: '最多附20份材料' }),
  }),
  z.object({
    action: z.literal('record_follow_up'),
    expectedVersion: version,
    visitedOn: localDate('回访日期'),
    way: z.enum(FOLLOW_UP_WAYS, { error: '请选择回访方式' }),
    statement: text('企业反映情况', 2000),
    confirmed: z.boolean({ error: '请选择企业是否确认已收到款项' }),
  }),
  z.object({
    action: z.literal('request_reopen'),
    expectedVersion: version,
    reason: text('申请重新办理的理由', 2000),
  }),
  z.object({
    action: z.literal('withdraw'),
    expectedVersion: version,
    reason: text('撤回理由', 2000),
  }),
  z.object({
    action: z.literal('add_material'),
    expectedVersion: version,
    content: text('补充说明', 5000),
    /** Files uploaded by the caller (POST /api/attachments), linked to the case with the material. */
    attachmentIds: z
      .array(attachmentId)
      .max(ATTACHMENTS_PER_REGISTRATION, { error: `最多附${ATTACHMENTS_PER_REGISTRATION}个附件` })
      .refine((ids) => new Set(ids).size === ids.length, { error: '同一附件不能重复提交' })
      .optional(),
  }),
  z.object({
    action: z.literal('merge'),
    expectedVersion: version,
    targetCaseId: z.uuid({ error: '请选择要合并到的事项' }),
    reason: optionalText('合并说明'),
  }),
]);

export type CaseCommand = z.infer<typeof caseCommandSchema>;
export type CommandOf<A extends CaseCommand['action']> = Extract<CaseCommand, { action: A }>;
