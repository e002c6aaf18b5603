import { z } from 'zod';
import { isLocalDate } from '../calendar.ts';
import { OBJECTION_DECISIONS, REPAIR_DECISIONS } from './states.ts';

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

export const recordBreachSchema = z.object({
  unitId: text('失信主体（单位）', 100),
  caseId: z.uuid({ error: '请选择关联的问题事项' }),
  facts: text('失信行为事实', 5000),
  basis: text('认定依据', 1000),
  breachOn: z
    .string({ error: '请填写认定日期' })
    .refine(isLocalDate, { error: '认定日期应为有效日期（YYYY-MM-DD）' }),
});
export type RecordBreachInput = z.infer<typeof recordBreachSchema>;

export const creditCommandSchema = z.discriminatedUnion(
  'action',
  [
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

export const CREDIT_ACTIONS = ['object', 'decide_objection', 'apply_repair', 'decide_repair'] as const satisfies readonly CreditAction[];

export const CREDIT_ACTION_LABEL = {
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
