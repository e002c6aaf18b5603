/**
 * How the imports read a cell (省平台诉求, 政策, 招商项目与承诺, 台账): its text as the user sees it,
 * a formula by its result, a header however it is spaced or bracketed, a date written any of
 * the ways a spreadsheet or a person writes one, and full-width digits as digits.
 */
import type ExcelJS from 'exceljs';
import { isLocalDate, type LocalDate } from '../domain/calendar.ts';

/**
 * Full-width ASCII (`２０２６－０３－０１`, `１２，３４５．６`) and the ideographic space as their
 * half-width selves: what a Chinese input method types into a number or a date.
 */
export const halfWidth = (text: string): string =>
  text.replace(/[\uFF01-\uFF5E]/gu, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0)).replaceAll('\u3000', ' ');

/** Full-width and half-width brackets, and any spacing, are the same header. */
export const normalizeHeader = (text: string): string => text.replace(/\s+/gu, '').replaceAll('(', '（').replaceAll(')', '）');

const errorText = (value: ExcelJS.CellErrorValue): string => value.error;

/** A cell as the user sees it, as text; dates and numbers are left to their own readers. */
export const cellText = (value: ExcelJS.CellValue): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((run) => run.text).join('').trim();
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('error' in value) return errorText(value);
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  return '';
};

/** A formula's result stands for the formula. */
export const plainValue = (value: ExcelJS.CellValue): ExcelJS.CellValue =>
  value !== null && typeof value === 'object' && !(value instanceof Date) && 'result' in value ? (value.result as ExcelJS.CellValue) : value;

const pad2 = (value: number) => String(value).padStart(2, '0');

/** Excel's day 0 (its serials count from 1899-12-30, the 1900 leap-year bug included). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

const utcDate = (date: Date): string => `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;

/**
 * A date: an Excel date (exceljs gives it as the UTC midnight of the serial), a date serial
 * number (as a number or as its digits in text), or text as `2026-11-20`, `2026/11/20`,
 * `2026.11.20`, `2026年11月20日` or `20261120`, in half- or full-width digits, with or without a
 * time of day after it.
 */
export const readDate = (value: ExcelJS.CellValue): LocalDate | null => {
  const plain = plainValue(value);
  if (plain instanceof Date) return Number.isNaN(plain.getTime()) ? null : utcDate(plain);
  if (typeof plain === 'number') {
    if (!Number.isFinite(plain) || plain < 1 || plain > 2_958_465) return null;
    return utcDate(new Date(EXCEL_EPOCH_MS + Math.floor(plain) * DAY_MS));
  }
  const text = halfWidth(cellText(plain)).trim();
  // A serial kept as text (a column formatted as text before the dates were pasted in).
  if (/^\d{5}(?:\.\d+)?$/u.test(text)) return readDate(Number(text));
  const match =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/u.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})$/u.exec(text);
  if (match === null) return null;
  const date = `${match[1]}-${pad2(Number(match[2]))}-${pad2(Number(match[3]))}`;
  return isLocalDate(date) ? date : null;
};
