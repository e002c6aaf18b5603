import { z } from 'zod';
import { fen, localDate, optionalText, text } from '../../case/fields.ts';
import { deferralSchema } from '../deferral.ts';
import { CHANGE_REASONS, INVESTMENT_LEGALITIES, INVESTMENT_SITUATIONS } from './facts.ts';

/**
 * I1–I5: a broken investment promise is classified by the legality review (合法合规 or 有瑕疵)
 * and the situation that picks its path; it names the promise and its clause. I1 may carry the
 * promised amount and the day it is to be kept; I2 the budget difficulty; I3 the lawful reason
 * and the authority that decides the change.
 */
export const investmentClassificationSchema = z.object({
  line: z.literal('investment'),
  legality: z.enum(INVESTMENT_LEGALITIES, { error: '请选择合法性审查结论（合法合规或有瑕疵）' }),
  situation: z.enum(INVESTMENT_SITUATIONS, { error: '请选择承诺未兑现的情形' }),
  promise: text('涉及承诺及条款', 300),
  legalityReason: optionalText('合法性审查意见'),
  amount: fen('承诺兑现金额').optional(),
  performBy: localDate('兑现期限').optional(),
  budgetDifficulty: optionalText('预算困难情况'),
  changeReason: z.enum(CHANGE_REASONS, { error: '变更事由应为国家利益、公共利益、规划调整、国家政策变更或其他法定事由' }).optional(),
  changeAuthority: optionalText('变更的法定权限', 300),
});

/** I2: `propose_plan` carries a deferral put to the enterprise. */
export const investmentPlanFields = {
  deferral: deferralSchema.optional(),
};
