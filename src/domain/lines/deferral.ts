import { z } from 'zod';
import type { LocalDate } from '../calendar.ts';
import { localDate, text } from '../case/fields.ts';

/**
 * P3, I2: a deferred fulfilment put to the enterprise: the new date and why. It is in force only
 * once the enterprise agrees (`consent`); the policy and investment lines share it.
 */
export const deferralSchema = z.object({
  newDate: localDate('延期兑现日期'),
  reason: text('延期原因'),
});

export interface Deferral {
  readonly newDate: LocalDate;
  readonly reason: string;
}
