import { z } from 'zod';
import { isLocalDate } from '../calendar.ts';
import { MONEY_MAX_FEN, MONEY_MAX_TEXT } from '../money.ts';
import { isStorableText } from '../text.ts';

/**
 * The field rules of every case command, the engine's and each line's: one rule per kind of
 * input, with its Chinese message. Money is an integer of 分.
 */

export const text = (label: string, max = 2000) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过${max}字` })
    .refine(isStorableText, { error: `${label}含有无法保存的字符` });

export const optionalText = (label: string, max = 2000) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label}不能超过${max}字` })
    .refine(isStorableText, { error: `${label}含有无法保存的字符` })
    .optional();

/** The key of a unit or a jurisdiction (u-jingxinju, ent-demo-jinlun, handong), checked before the database sees it. */
export const referenceKey = (label: string) =>
  z
    // An id is a token, not text: one padded with spaces is malformed, as its published pattern says.
    .string({ error: `请指定${label}` })
    .min(1, { error: `请指定${label}` })
    .max(100, { error: `${label}编号过长` })
    .regex(/^[\w:-]+$/, { error: `${label}编号格式不正确` });

export const localDate = (label: string) =>
  z.string({ error: `请填写${label}` }).refine(isLocalDate, { error: `${label}应为有效日期（YYYY-MM-DD）` });

/**
 * An amount of 分 from 0 to MONEY_MAX_FEN (1000亿元). The HTTP error mapper answers an amount
 * over the ceiling (a `too_big` issue at MONEY_MAX_FEN) with AMOUNT_INVALID.
 */
export const fen = (label: string) =>
  z
    .int({ error: `${label}应为以“分”计的整数` })
    .min(0, { error: `${label}不能为负数` })
    .max(MONEY_MAX_FEN, { error: `${label}不能超过${MONEY_MAX_TEXT}` });

export const positiveFen = (label: string) => fen(label).min(1, { error: `${label}应大于0` });

export const expectedVersion = z.int({ error: '缺少案件版本号 expectedVersion' }).min(1);
