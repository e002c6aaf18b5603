import { z } from 'zod';
import { fen, localDate, optionalText, text } from '../../case/fields.ts';
import { deferralSchema } from '../deferral.ts';
import { rectificationPlanSchema } from '../rectification.ts';
import { POLICY_CATEGORIES, POLICY_CAUSES } from './facts.ts';

/**
 * P1–P5: a policy problem is classified by category (知晓难, 手续繁, 兑现难) and, for 兑现难, by
 * cause (funds not in place, or a dispute over the policy's terms); it names the policy and
 * clause concerned. A funds problem carries the amount the enterprise is due and either the
 * day it will be paid or the difficulty that calls for a deferral (P3).
 */
export const policyClassificationSchema = z.object({
  line: z.literal('policy'),
  category: z.enum(POLICY_CATEGORIES, { error: '请选择问题类别（知晓难、手续繁或兑现难）' }),
  cause: z.enum(POLICY_CAUSES, { error: '兑现难的原因无效' }).optional(),
  policy: text('涉及政策及条款', 300),
  amount: fen('应兑现金额').optional(),
  dueOn: localDate('兑现期限').optional(),
  fundsDifficulty: optionalText('资金困难情况'),
});


/** P1, P2: `propose_plan` carries a rectification plan; P3: a deferral put to the enterprise. */
export const policyPlanFields = {
  rectification: rectificationPlanSchema.optional(),
  deferral: deferralSchema.optional(),
};
