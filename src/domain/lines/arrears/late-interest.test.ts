import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectError } from '../../../../test/support/domain.ts';
import { addCalendarDays } from '../../calendar.ts';
import { MONEY_MAX_FEN } from '../../money.ts';
import { PUBLISHED_LPR } from '../../reference/lpr-published.ts';
import { interestRate, lateInterest, lprOn, type InterestRate } from './late-interest.ts';

const STATUTORY: InterestRate = { kind: 'statutory_daily' };
/** 3.65% a year: exactly one 分 a day on 10,000 分 (年利率÷365), which makes roundings easy to read. */
const ONE_FEN_PER_10000: InterestRate = { kind: 'agreed', annualBp: 365, lprBp: null, floored: false };
const DUE = '2026-01-31';

describe('the LPR in force (Art. 17)', () => {
  it('is the latest row effective on or before the day, whatever the table order', () => {
    const shuffled = [...PUBLISHED_LPR].reverse();
    expect(lprOn(shuffled, '2023-08-21')).toEqual({ effectiveOn: '2023-08-21', oneYearBp: 345 });
    expect(lprOn(shuffled, '2023-08-20')).toEqual({ effectiveOn: '2023-06-20', oneYearBp: 355 });
    expect(lprOn(shuffled, '2026-03-02')).toEqual({ effectiveOn: '2025-05-20', oneYearBp: 300 });
  });

  it('is none before the table starts', () => {
    expect(lprOn(PUBLISHED_LPR, '2019-08-19')).toBeNull();
    expect(lprOn([], '2026-03-02')).toBeNull();
  });
});

describe('the rate Art. 17 applies', () => {
  it('is 0.05% a day when the contract agreed none', () => {
    expect(interestRate(null, '2023-09-01', PUBLISHED_LPR)).toEqual({ kind: 'statutory_daily' });
    expect(interestRate(null, null, [])).toEqual({ kind: 'statutory_daily' });
  });

  it('floors an agreed 3% at the LPR of 3.45% in force at signing', () => {
    expect(interestRate(300, '2023-09-01', PUBLISHED_LPR)).toEqual({ kind: 'agreed', annualBp: 345, lprBp: 345, floored: true });
  });

  it('keeps an agreed rate above the LPR at signing, and one equal to it', () => {
    expect(interestRate(500, '2023-09-01', PUBLISHED_LPR)).toEqual({ kind: 'agreed', annualBp: 500, lprBp: 345, floored: false });
    expect(interestRate(345, '2023-09-01', PUBLISHED_LPR)).toEqual({ kind: 'agreed', annualBp: 345, lprBp: 345, floored: false });
  });

  it('uses the agreed rate as agreed when the contract was signed before the table starts, or on no known day', () => {
    expect(interestRate(200, '2019-03-01', PUBLISHED_LPR)).toEqual({ kind: 'agreed', annualBp: 200, lprBp: null, floored: false });
    expect(interestRate(200, null, PUBLISHED_LPR)).toEqual({ kind: 'agreed', annualBp: 200, lprBp: null, floored: false });
  });

  it('refuses an agreed rate that is not a whole number of basis points up to 100%', () => {
    for (const bad of [-1, 3.5, 10_001, Number.NaN]) expectError(() => interestRate(bad, '2023-09-01', PUBLISHED_LPR), 'VALIDATION_FAILED');
  });
});

describe('late interest (Art. 17)', () => {
  it('charges 1,500.00 元 on 100,000.00 元 paid 30 days late at 0.05% a day', () => {
    const paidOn = addCalendarDays(DUE, 30);
    const result = lateInterest({ dueOn: DUE, principal: 10_000_000, payments: [{ paidOn, amount: 10_000_000 }], today: '2026-06-30', rate: STATUTORY });
    expect(result.lines).toEqual([{ from: '2026-02-01', to: paidOn, days: 30, principal: 10_000_000, interest: 150_000, paidOn }]);
    expect(result.total).toBe(150_000);
    expect(result.rate).toBe(STATUTORY);
  });

  it('counts the day of payment and not the due day: paid the day after it is 1 day', () => {
    const result = lateInterest({ dueOn: DUE, principal: 10_000_000, payments: [{ paidOn: '2026-02-01', amount: 10_000_000 }], today: '2026-06-30', rate: STATUTORY });
    expect(result.lines).toMatchObject([{ from: '2026-02-01', to: '2026-02-01', days: 1, interest: 5_000 }]);
  });

  it('rounds each line half-up to the 分: .5 up, .4999 down', () => {
    const oneDay = (principal: number, rate: InterestRate) =>
      lateInterest({ dueOn: DUE, principal, payments: [{ paidOn: '2026-02-01', amount: principal }], today: '2026-02-01', rate }).total;
    expect(oneDay(5_000, ONE_FEN_PER_10000)).toBe(1);
    expect(oneDay(4_999, ONE_FEN_PER_10000)).toBe(0);
    expect(oneDay(15_000, ONE_FEN_PER_10000)).toBe(2);
    expect(oneDay(1_000, STATUTORY)).toBe(1);
    expect(oneDay(999, STATUTORY)).toBe(0);
  });

  it('rounds each line on its own, so the total is the sum of the rounded lines', () => {
    const result = lateInterest({
      dueOn: DUE,
      principal: 15_000,
      payments: [{ paidOn: '2026-02-01', amount: 5_000 }, { paidOn: '2026-02-01', amount: 5_000 }],
      today: '2026-02-01',
      rate: ONE_FEN_PER_10000,
    });
    expect(result.lines.map((line) => line.interest)).toEqual([1, 1, 1]);
    expect(result.total).toBe(3);
  });

  it('charges an annual rate per day as 年利率÷365', () => {
    // 1,000,000.00 元 at 3.45% for 365 days is 34,500.00 元; for 100 days 9,452.05 元 (9,452.054…).
    const rate = interestRate(300, '2023-09-01', PUBLISHED_LPR);
    const unpaidFor = (days: number) => lateInterest({ dueOn: DUE, principal: 100_000_000, payments: [], today: addCalendarDays(DUE, days), rate }).total;
    expect(unpaidFor(365)).toBe(3_450_000);
    expect(unpaidFor(100)).toBe(945_205);
  });

  it('charges nothing on payments made on or before the due day', () => {
    const result = lateInterest({
      dueOn: DUE,
      principal: 10_000_000,
      payments: [{ paidOn: '2026-01-10', amount: 4_000_000 }, { paidOn: DUE, amount: 6_000_000 }],
      today: '2026-06-30',
      rate: STATUTORY,
    });
    expect(result).toEqual({ rate: STATUTORY, lines: [], total: 0 });
  });

  it('charges each late part payment to its own day, in date order, and the balance to today', () => {
    const result = lateInterest({
      dueOn: DUE,
      principal: 10_000_000,
      // Entered out of order: the earliest payment goes to the principal first.
      payments: [{ paidOn: '2026-03-02', amount: 3_000_000 }, { paidOn: '2026-01-20', amount: 2_000_000 }, { paidOn: '2026-02-10', amount: 1_000_000 }],
      today: '2026-03-12',
      rate: STATUTORY,
    });
    expect(result.lines).toEqual([
      { from: '2026-02-01', to: '2026-02-10', days: 10, principal: 1_000_000, interest: 5_000, paidOn: '2026-02-10' },
      { from: '2026-02-01', to: '2026-03-02', days: 30, principal: 3_000_000, interest: 45_000, paidOn: '2026-03-02' },
      { from: '2026-02-01', to: '2026-03-12', days: 40, principal: 4_000_000, interest: 80_000, paidOn: null },
    ]);
    expect(result.total).toBe(130_000);
  });

  it('charges the unpaid balance up to today', () => {
    const result = lateInterest({ dueOn: DUE, principal: 10_000_000, payments: [], today: '2026-02-05', rate: STATUTORY });
    expect(result.lines).toEqual([{ from: '2026-02-01', to: '2026-02-05', days: 5, principal: 10_000_000, interest: 25_000, paidOn: null }]);
  });

  it('charges nothing while the due day has not passed', () => {
    for (const today of ['2026-01-01', DUE]) {
      expect(lateInterest({ dueOn: DUE, principal: 10_000_000, payments: [{ paidOn: '2026-01-10', amount: 1_000 }], today, rate: STATUTORY })).toEqual({
        rate: STATUTORY,
        lines: [],
        total: 0,
      });
    }
  });

  it('applies no more than the principal: a payment beyond it carries nothing', () => {
    const result = lateInterest({
      dueOn: DUE,
      principal: 10_000_000,
      payments: [{ paidOn: '2026-02-10', amount: 12_000_000 }, { paidOn: '2026-02-20', amount: 500 }],
      today: '2026-06-30',
      rate: STATUTORY,
    });
    expect(result.lines).toEqual([{ from: '2026-02-01', to: '2026-02-10', days: 10, principal: 10_000_000, interest: 50_000, paidOn: '2026-02-10' }]);
  });

  it('stays exact to the 分 on 1000亿元 unpaid for thirty years', () => {
    const today = '2056-01-31';
    expect(lateInterest({ dueOn: DUE, principal: MONEY_MAX_FEN, payments: [], today, rate: STATUTORY }).total).toBe(54_785_000_000_000);
    // 10^13 × 10,957 × 1550 / 3,650,000 = 46,529,726,027,397.26…
    const agreed: InterestRate = { kind: 'agreed', annualBp: 1_550, lprBp: null, floored: false };
    expect(lateInterest({ dueOn: DUE, principal: MONEY_MAX_FEN, payments: [], today, rate: agreed }).total).toBe(46_529_726_027_397);
    // 9,999,999,995,000 分 for one day at 3.65% is 999,999,999.5 分: half-up even at this scale.
    expect(lateInterest({ dueOn: DUE, principal: 9_999_999_995_000, payments: [], today: '2026-02-01', rate: ONE_FEN_PER_10000 }).total).toBe(1_000_000_000);
  });

  it('refuses an amount that is not a whole number of 分', () => {
    expectError(() => lateInterest({ dueOn: DUE, principal: 100.5, payments: [], today: '2026-03-01', rate: STATUTORY }), 'AMOUNT_INVALID');
    expectError(() => lateInterest({ dueOn: DUE, principal: 100, payments: [{ paidOn: '2026-02-01', amount: -1 }], today: '2026-03-01', rate: STATUTORY }), 'AMOUNT_INVALID');
    expectError(() => lateInterest({ dueOn: '2026-02-30', principal: 100, payments: [], today: '2026-03-01', rate: STATUTORY }), 'DATE_INVALID');
  });
});

describe('late interest, for any debt', () => {
  const rate = fc.oneof(
    fc.constant<InterestRate>(STATUTORY),
    fc.integer({ min: 1, max: 10_000 }).map((annualBp): InterestRate => ({ kind: 'agreed', annualBp, lprBp: null, floored: false })),
  );
  const principal = fc.integer({ min: 0, max: MONEY_MAX_FEN });
  const offset = fc.integer({ min: -400, max: 20_000 });
  const payments = fc.array(fc.record({ offset, amount: fc.integer({ min: 0, max: MONEY_MAX_FEN }) }), { maxLength: 6 });

  it('totals exactly the sum of its lines, each on a part of the principal', () => {
    fc.assert(
      fc.property(principal, payments, offset, rate, (owed, paid, todayOffset, chosen) => {
        const result = lateInterest({
          dueOn: DUE,
          principal: owed,
          payments: paid.map((payment) => ({ paidOn: addCalendarDays(DUE, payment.offset), amount: payment.amount })),
          today: addCalendarDays(DUE, todayOffset),
          rate: chosen,
        });
        expect(result.total).toBe(result.lines.reduce((sum, line) => sum + line.interest, 0));
        expect(result.lines.reduce((sum, line) => sum + line.principal, 0)).toBeLessThanOrEqual(owed);
        for (const line of result.lines) expect(line.days).toBeGreaterThan(0);
      }),
    );
  });

  it('never falls as the debt stays unpaid longer, or is paid later', () => {
    fc.assert(
      fc.property(principal, fc.nat(20_000), fc.nat(20_000), rate, (owed, a, b, chosen) => {
        const [shorter, longer] = a <= b ? [a, b] : [b, a];
        const unpaid = (days: number) => lateInterest({ dueOn: DUE, principal: owed, payments: [], today: addCalendarDays(DUE, days), rate: chosen }).total;
        const paidAfter = (days: number) =>
          lateInterest({ dueOn: DUE, principal: owed, payments: [{ paidOn: addCalendarDays(DUE, days), amount: owed }], today: '2100-01-01', rate: chosen }).total;
        expect(unpaid(shorter)).toBeLessThanOrEqual(unpaid(longer));
        expect(paidAfter(shorter)).toBeLessThanOrEqual(paidAfter(longer));
      }),
    );
  });
});
