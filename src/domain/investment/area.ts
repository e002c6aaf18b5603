import { z } from 'zod';
import { AppError } from '../errors.ts';

/**
 * Land in 亩 as promised in an investment agreement ("供地50.5亩"). Areas are kept exactly, as
 * integers of 0.01亩 (`AreaHundredths`: 50.5亩 is 5050), the way money is kept in 分: they are
 * summed and compared against what was promised, never as floats.
 */
export type AreaHundredths = number;

/** Far above any single project's land: 10,000,000亩. */
export const AREA_MAX: AreaHundredths = 1_000_000_000;

/** An area field of a form or an API body: whole hundredths of a 亩, more than zero. */
export const areaHundredths = (label: string) =>
  z
    .int({ error: `${label}应为以0.01亩计的整数` })
    .min(1, { error: `${label}应大于0` })
    .max(AREA_MAX, { error: `${label}过大` });

const AREA_PATTERN = /^(?<integer>\d{1,8})(?:\.(?<fraction>\d+))?\s*(?:亩)?$/u;

/**
 * Reads an area typed by a user or a workbook cell in 亩 ("50", "50.5", "12.25亩") into exact
 * hundredths, with decimal string arithmetic.
 * @throws AppError VALIDATION_FAILED when the text is not a number of 亩 with at most two
 *   decimals, is zero, or is too large.
 */
export function parseMu(text: string): AreaHundredths {
  const trimmed = text.normalize('NFKC').replace(/\s+/gu, '');
  const groups = AREA_PATTERN.exec(trimmed)?.groups;
  if (groups === undefined || groups.integer === undefined) {
    throw new AppError('VALIDATION_FAILED', `面积格式不正确：“${text}”。请填写以亩计的数，如 50 或 12.5`, { input: text });
  }
  const fraction = groups.fraction ?? '';
  if (fraction.length > 2) throw new AppError('VALIDATION_FAILED', `面积最多保留两位小数：“${text}”`, { input: text });
  const hundredths = Number(groups.integer) * 100 + Number(fraction.padEnd(2, '0'));
  if (hundredths === 0) throw new AppError('VALIDATION_FAILED', '面积应大于0', { input: text });
  if (hundredths > AREA_MAX) throw new AppError('VALIDATION_FAILED', `面积过大：“${text}”`, { input: text });
  return hundredths;
}

/** 亩 as a plain number for a form or a cell: `50.5`, `12.25`, `50`. */
export function muText(area: AreaHundredths): string {
  const whole = Math.floor(area / 100);
  const rest = area % 100;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/u, '')}`;
}

/** 亩 for display: `50.5亩`. */
export function formatMu(area: AreaHundredths): string {
  return `${muText(area)}亩`;
}
