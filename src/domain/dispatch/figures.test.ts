import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { EMPTY_COUNTS, fenToWanYuan, groupRates, reportPeriod, sumCounts } from './figures.ts';

describe('the dispatch report figures (S5)', () => {
  it('defines clearance = paid ÷ confirmed, on time = closed on time ÷ (closed + overdue), closure = closed ÷ (cases − dismissed − withdrawn), satisfaction = 满意 ÷ ratings', () => {
    const rates = groupRates({
      ...EMPTY_COUNTS,
      cases: 11,
      dismissed: 2,
      withdrawn: 1,
      closed: 4,
      closedOnTime: 3,
      overdue: 2,
      confirmedAmount: 400,
      paidAmount: 100,
      ratings: 5,
      satisfied: 3,
      dissatisfied: 1,
    });
    expect(rates).toEqual({ clearanceRate: 0.25, onTimeRate: 0.5, closureRate: 0.5, satisfactionRate: 0.6 });
  });

  it('leaves a rate null when there is nothing to measure', () => {
    expect(groupRates({ ...EMPTY_COUNTS, cases: 2, dismissed: 1, withdrawn: 1 })).toEqual({ clearanceRate: null, onTimeRate: null, closureRate: null, satisfactionRate: null });
  });

  it('sums groups into the total row and converts 分 to 万元', () => {
    expect(sumCounts([{ ...EMPTY_COUNTS, cases: 2, paidAmount: 5 }, { ...EMPTY_COUNTS, cases: 3, paidAmount: 7 }])).toMatchObject({ cases: 5, paidAmount: 12 });
    expect(fenToWanYuan(123_456_789)).toBe(123.456789);
  });

  it('takes the year to date without a round, and the round’s period cut at the report date with one', () => {
    expect(reportPeriod(undefined, '2026-11-26', null)).toEqual({ asOf: '2026-11-26', from: '2026-01-01', to: '2026-11-26' });
    const round = { periodStart: '2026-11-16', periodEnd: '2026-11-22' };
    expect(reportPeriod(undefined, '2026-11-26', round)).toEqual({ asOf: '2026-11-22', from: '2026-11-16', to: '2026-11-22' });
    expect(reportPeriod('2026-11-18', '2026-11-26', round)).toEqual({ asOf: '2026-11-18', from: '2026-11-16', to: '2026-11-18' });
  });

  it('refuses a report date after today or before the round', () => {
    for (const [asOf, round] of [
      ['2026-11-27', null],
      ['2026-11-15', { periodStart: '2026-11-16', periodEnd: '2026-11-22' }],
      ['2026-13-01', null],
    ] as const) {
      let code: string | null = null;
      try {
        reportPeriod(asOf, '2026-11-26', round);
      } catch (error) {
        code = isAppError(error) ? error.code : 'other';
      }
      expect(code).toBe('DATE_INVALID');
    }
  });
});
