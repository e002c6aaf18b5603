import { z } from 'zod';
import { ATTACHMENTS_PER_REGISTRATION } from '../attachments.ts';
import { isLocalDate } from '../calendar.ts';
import { LINES, SOURCES } from '../lines.ts';
import { SUPERVISION_LEVELS } from './record.ts';

/**
 * The command schemas: one for registration, one per action (SPEC §7). The HTTP layer, the
 * OpenAPI document and the UI forms all validate with these; `decide` receives parsed values.
 * Money is an integer of 分.
 */
const text = (label: string, max = 2000) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过${max}字` });

const optionalText = (label: string, max = 2000) =>
  z.string().trim().max(max, { error: `${label}不能超过${max}字` }).optional();

const localDate = (label: string) =>
  z.string({ error: `请填写${label}` }).refine(isLocalDate, { error: `${label}应为有效日期（YYYY-MM-DD）` });

const fen = (label: string) =>
  z.int({ error: `${label}应为以“分”计的整数` }).min(0, { error: `${label}不能为负数` });

const positiveFen = (label: string) => fen(label).min(1, { error: `${label}应大于0` });

const version = z.int({ error: '缺少案件版本号 expectedVersion' }).min(1);

const attachmentId = z.uuid({ error: '附件编号格式不正确' });

const documentRef = z.object({
  title: text('材料名称', 200),
  reference: text('文号或存档编号', 200),
  /** An uploaded file (POST /api/attachments) of the caller's, not yet linked to a case. */
  attachmentId: attachmentId.optional(),
});

export const registerCaseSchema = z.object({
  line: z.enum(LINES, { error: '专项行动类别无效' }),
  source: z.enum(SOURCES, { error: '问题来源无效' }),
  title: text('事项名称', 200),
  facts: text('基本情况', 5000),
  instruction: optionalText('交办意见'),
  /** Required on every line but `integrity`, whose rectification items may concern no enterprise (G2). */
  enterprise: z
    .object({
      name: text('企业名称', 200),
      creditCode: z.string({ error: '请填写统一社会信用代码' }).trim(),
    })
    .optional(),
  responsibleUnitId: text('责任单位', 100),
  claimedAmount: fen('企业主张金额').nullable().optional(),
  /** Files uploaded by the caller (POST /api/attachments), linked to the new case. */
  attachmentIds: z
    .array(attachmentId)
    .max(ATTACHMENTS_PER_REGISTRATION, { error: `最多附${ATTACHMENTS_PER_REGISTRATION}个附件` })
    .optional(),
});
export type RegisterCaseInput = z.infer<typeof registerCaseSchema>;

export const arrearsClassificationSchema = z.object({
  line: z.literal('arrears'),
  disputed: z.boolean({ error: '请选择款项有无争议' }),
  confirmedAmount: fen('确认欠款金额').optional(),
  confirmedOn: localDate('金额确认日期').optional(),
  paymentDifficulty: optionalText('支付困难情况'),
});

/** G2: an integrity item is classified as a rectification to plan; `note` records how it was characterised. */
export const integrityClassificationSchema = z.object({
  line: z.literal('integrity'),
  note: optionalText('问题定性'),
});

/** G2: the rectification plan: measures, time limit, responsible person. */
export const rectificationPlanSchema = z.object({
  measures: z
    .array(text('整改措施', 500))
    .min(1, { error: '整改方案至少包含一项措施' })
    .max(30, { error: '整改措施最多30项' }),
  timeLimit: localDate('整改时限'),
  responsiblePerson: z.object({
    name: text('责任人姓名', 50),
    post: text('责任人职务', 100),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+\-() ]{5,20}$/, { error: '联系电话格式不正确' })
      .optional(),
  }),
});

const installment = z.object({
  dueOn: localDate('还款日期'),
  amount: positiveFen('分期金额'),
});

export const caseCommandSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('classify'),
    expectedVersion: version,
    classification: z.discriminatedUnion('line', [arrearsClassificationSchema, integrityClassificationSchema], {
      error: '分类信息与专项行动类别不符',
    }),
  }),
  z.object({
    action: z.literal('propose_plan'),
    expectedVersion: version,
    /** A3, P3, I2: the installments put to the enterprise. */
    installments: z.array(installment).min(1, { error: '还款计划至少包含一期' }).max(120).optional(),
    /** G2: the integrity line's rectification plan instead. */
    rectification: rectificationPlanSchema.optional(),
    note: optionalText('说明'),
  }),
  z.object({
    action: z.literal('consent'),
    expectedVersion: version,
    document: optionalText('企业签章文件', 200),
    note: optionalText('说明'),
  }),
  z.object({
    action: z.literal('object'),
    expectedVersion: version,
    reason: text('不认可理由'),
    document: optionalText('企业签章文件', 200),
  }),
  z.object({
    action: z.literal('agree'),
    expectedVersion: version,
    amount: fen('协商确定金额'),
    document: text('协议或调解方案', 200),
    paymentDifficulty: optionalText('支付困难情况'),
    note: optionalText('说明'),
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
  }),
  z.object({
    action: z.literal('record_payment'),
    expectedVersion: version,
    paidOn: localDate('付款日期'),
    amount: positiveFen('付款金额'),
    voucher: text('付款凭证号', 200),
  }),
  z.object({ action: z.literal('fulfil'), expectedVersion: version, evidence: text('兑现凭证') }),
  z.object({
    action: z.literal('compensate'),
    expectedVersion: version,
    legalBasis: text('法定事由及依据'),
    procedure: text('变更程序'),
    amount: fen('补偿金额'),
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
  }),
  z.object({
    action: z.literal('report_progress'),
    expectedVersion: version,
    progress: text('进展情况'),
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
    action: z.literal('merge'),
    expectedVersion: version,
    targetCaseId: z.uuid({ error: '请选择要合并到的事项' }),
    reason: optionalText('合并说明'),
  }),
]);

export type CaseCommand = z.infer<typeof caseCommandSchema>;
export type CommandOf<A extends CaseCommand['action']> = Extract<CaseCommand, { action: A }>;
