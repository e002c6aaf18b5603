import { z } from 'zod';
import { addCalendarDays, type LocalDate } from '../calendar.ts';
import { isLprBasisPoints } from '../lines/arrears/late-interest.ts';

/**
 * What an edit of the one-year LPR table keeps (Art. 17 of 保障中小企业款项支付条例 floors an agreed
 * late-interest rate at it): a rate in whole basis points from 1 to 10,000, in force from a day
 * no later than a month ahead. The API and the 组织机构与基础数据 form share these.
 */

/**
 * How far ahead a row may take effect. The LPR is published on the day it takes effect (the 20th),
 * so a clerk has no need to go further; a mistyped year (2052 for 2025) would otherwise lie
 * unnoticed until it floored the rate of every contract signed after it.
 */
export const LPR_ADVANCE_DAYS = 31;

/** The latest day a row entered on `today` may take effect. */
export const latestLprEffectiveOn = (today: LocalDate): LocalDate => addCalendarDays(today, LPR_ADVANCE_DAYS);

/** The body of `PUT /api/lpr-rates/{effectiveOn}`. */
export const lprRateSchema = z.object({
  oneYearBp: z
    .number({ error: '请填写一年期LPR（以基点计，3.45%填345）' })
    .refine(isLprBasisPoints, { error: '一年期LPR应为1至10000之间的整数基点（0.01%—100%，3.45%填345）', params: { code: 'LPR_INVALID' } })
    .meta({ description: '一年期LPR，以基点（0.01%）计的整数，1—10000：3.45% 为 345' }),
});

/** A rate in basis points as a percentage with two decimals: 345 → "3.45%". */
export const formatLprPercent = (basisPoints: number): string => `${Math.trunc(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}%`;
