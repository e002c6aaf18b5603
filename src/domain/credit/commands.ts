import { z } from 'zod';
import { isLocalDate } from '../calendar.ts';
import { CREDIT_EVENT_TYPES, OBJECTION_DECISIONS, REFUSAL_GROUNDS, REPAIR_DECISIONS } from './states.ts';

/**
 * The command schemas of breach records (S4): the HTTP bodies, the OpenAPI document and the
 * UI forms validate with these.
 */
const text = (label: string, max = 2000) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过${max}字` });

const version = z.int({ error: '缺少记录版本号 expectedVersion' }).min(1, { error: '记录版本号应为正整数' });

const localDate = (label: string) =>
  z.string({ error: `请填写${label}` }).refine(isLocalDate, { error: `${label}应为有效日期（YYYY-MM-DD）` });

/**
 * 责令整改 (发改财金〔2023〕1103号): 市信用办 opens a record by ordering the unit to rectify, with the
 * confirmed facts, the basis, what the unit must do, the order's 文号 and a deadline (by default
 * `RECTIFICATION_WORKING_DAYS` working days).
 */
export const orderRectificationSchema = z.object({
  unitId: text('失信主体（单位）', 100),
  caseId: z.uuid({ error: '请选择关联的问题事项' }),
  facts: text('失信行为事实', 5000),
  basis: text('认定依据', 1000),
  requirement: text('整改要求', 2000),
  documentNumber: text('责令整改文号', 100),
  deadline: localDate('整改期限').optional().describe('整改期限；不填为今天起15个工作日'),
});
export type OrderRectificationInput = z.infer<typeof orderRectificationSchema>;

export const creditCommandSchema = z.discriminatedUnion(
  'action',
  [
    z.object({
      action: z.literal('record_rectified'),
      expectedVersion: version,
      rectifiedOn: localDate('整改完成日期'),
      evidence: text('整改完成情况及证明材料', 5000),
    }),
    z.object({
      action: z.literal('record_refusal'),
      expectedVersion: version,
      ground: z.enum(REFUSAL_GROUNDS, { error: '请选择逾期未整改或书面拒绝整改' }),
      facts: text('拒不整改的事实', 5000),
    }),
    z.object({
      action: z.literal('record'),
      expectedVersion: version,
      facts: text('失信行为事实', 5000),
      basis: text('认定依据', 1000),
      breachOn: localDate('认定日期'),
    }),
    z.object({ action: z.literal('object'), expectedVersion: version, reason: text('异议理由', 5000) }),
    z.object({
      action: z.literal('decide_objection'),
      expectedVersion: version,
      decision: z.enum(OBJECTION_DECISIONS, { error: '请选择异议成立或不成立' }),
      reason: text('处理意见', 2000),
    }),
    z.object({ action: z.literal('apply_repair'), expectedVersion: version, measures: text('信用修复措施', 5000) }),
    z.object({
      action: z.literal('decide_repair'),
      expectedVersion: version,
      decision: z.enum(REPAIR_DECISIONS, { error: '请选择同意或不同意修复' }),
      reason: text('审核意见', 2000),
    }),
  ],
  { error: '操作类型无效' },
);
export type CreditCommand = z.infer<typeof creditCommandSchema>;
export type CreditAction = CreditCommand['action'];

/** The actions on a record: its events, but the order that opens it and the export that reports it. */
export const CREDIT_ACTIONS: readonly CreditAction[] = CREDIT_EVENT_TYPES.filter(
  (type): type is CreditAction => type !== 'order_rectification' && type !== 'export',
);

export const CREDIT_ACTION_LABEL = {
  record_rectified: '记录整改完成',
  record_refusal: '记录拒不整改',
  record: '认定失信',
  object: '提出异议',
  decide_objection: '处理异议',
  apply_repair: '申请信用修复',
  decide_repair: '审核信用修复',
} as const satisfies Record<CreditAction, string>;

/** S4: 营商办 or the case's lead bureau proposes a case to 信用办 (提请认定失信) with the facts. */
export const creditProposalSchema = z.object({
  facts: text('提请认定的失信事实', 5000),
});
export type CreditProposalInput = z.infer<typeof creditProposalSchema>;
