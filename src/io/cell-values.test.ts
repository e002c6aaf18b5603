import { describe, expect, it } from 'vitest';
import { halfWidth, readDate } from './cell-values.ts';

describe('the cell readers every import shares', () => {
  it('reads full-width digits, punctuation and the ideographic space as half-width', () => {
    expect(halfWidth('１２，３４５．６７')).toBe('12,345.67');
    expect(halfWidth('９１４２２９０２ＭＡ')).toBe('91422902MA');
    expect(halfWidth('汉东区\u3000教育局')).toBe('汉东区 教育局');
  });

  it('reads a date written any of the ways a ledger holds one', () => {
    const written = ['2026-03-01', '2026/3/1', '2026.3.1', '2026年3月1日', '20260301', '２０２６年３月１日', '2026-03-01 09:30', '46082', 46082, new Date(Date.UTC(2026, 2, 1))];
    for (const value of written) expect(readDate(value), String(value)).toBe('2026-03-01');
  });

  it('reads no date from what is none', () => {
    for (const value of ['去年三月', '2026-02-30', '2026/13/1', '', '3月1日', 0]) expect(readDate(value), String(value)).toBeNull();
  });
});
