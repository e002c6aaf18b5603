import { z } from 'zod';
import { fen, localDate, optionalText, positiveFen } from '../../case/fields.ts';
import { contractFactsPatch } from './contract.ts';
import { DELAY_REASON_CODES } from './delay-reasons.ts';

/** A3: the difficulty chosen from the list that marks what 保障中小企业款项支付条例 bans (`delay-reasons.ts`). */
export const difficultyReason = z.enum(DELAY_REASON_CODES, { error: '支付困难类型无效' });

/** A1–A4: an arrear is classified as disputed or not; an undisputed one carries its confirmed amount. */
export const arrearsClassificationSchema = z.object({
  line: z.literal('arrears'),
  disputed: z.boolean({ error: '请选择款项有无争议' }),
  confirmedAmount: fen('确认欠款金额').optional(),
  confirmedOn: localDate('金额确认日期').optional(),
  /** Art. 15: on a disputed debt, the part the debtor does not dispute. */
  undisputedAmount: positiveFen('无争议部分金额').optional(),
  difficultyReason: difficultyReason.optional(),
  paymentDifficulty: optionalText('支付困难情况'),
  /** Classification asks for the contract's facts the statutory due date needs (保障中小企业款项支付条例 Arts. 9, 10). */
  contract: contractFactsPatch.optional(),
});

const installment = z.object({
  dueOn: localDate('还款日期'),
  amount: positiveFen('分期金额'),
});

/** A3: the installments put to the enterprise. */
export const arrearsPlanFields = {
  installments: z.array(installment).min(1, { error: '还款计划至少包含一期' }).max(120).optional(),
};
