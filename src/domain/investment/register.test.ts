import { describe, expect, it } from 'vitest';
import { expectError } from '../../../test/support/domain.ts';
import { yuan } from '../money.ts';
import { formatMu, muText, parseMu } from './area.ts';
import { deliveredOf, NOTHING_DELIVERED } from './promise-status.ts';
import { byClause, checkFulfilment, clauseNumber, checkProjectDates, checkTermsCoverDeliveries, fulfilmentInputSchema, legalityReviewInputSchema, promiseInputSchema } from './register.ts';

const delivery = (overrides: Record<string, unknown>) => fulfilmentInputSchema.parse({ deliveredOn: '2026-03-01', description: '拨付首期补助', ...overrides });
const funds = { amount: yuan(6_000_000), area: null };
const policy = { amount: null, area: null };

describe('areas in 亩, kept as hundredths', () => {
  it('reads 亩 with up to two decimals exactly, and writes them back', () => {
    expect(parseMu('50')).toBe(5_000);
    expect(parseMu(' 50.5 亩')).toBe(5_050);
    expect(parseMu('０.０７')).toBe(7);
    expect(muText(5_050)).toBe('50.5');
    expect(muText(7)).toBe('0.07');
    expect(formatMu(12_025)).toBe('120.25亩');
    for (const bad of ['', '0', '1.234', '-3', 'abc', '1e3']) expectError(() => parseMu(bad), 'VALIDATION_FAILED');
  });
});

describe('a promise and what is delivered on it (S6)', () => {
  it('takes an amount in 分 and an area in 0.01亩, both optional, and refuses NUL in its text', () => {
    const base = { type: 'land', clause: '第五条', content: '提供工业用地', dueOn: '2026-06-30', responsibleUnitId: 'u-handong-gov' };
    expect(promiseInputSchema.safeParse({ ...base, area: 5_050 }).success).toBe(true);
    expect(promiseInputSchema.safeParse({ ...base, area: 50.5 }).success).toBe(false);
    expect(promiseInputSchema.safeParse({ ...base, amount: 0 }).success).toBe(false);
    expect(promiseInputSchema.safeParse({ ...base, amount: Number.MAX_SAFE_INTEGER + 1 }).success).toBe(false);
    expect(promiseInputSchema.safeParse({ ...base, content: 'a\u0000b' }).success).toBe(false);
    expect(promiseInputSchema.safeParse({ ...base, type: 'tax' }).success).toBe(false);
  });

  it('refuses a delivery beyond what is still owed, of a quantity not promised, or dated in the future', () => {
    const part = deliveredOf([{ deliveredOn: '2026-02-01', amount: yuan(5_000_000), area: null, completes: false }]);
    expect(() => checkFulfilment(funds, part, delivery({ amount: yuan(1_000_000) }), '2026-03-02', false)).not.toThrow();
    expectError(() => checkFulfilment(funds, part, delivery({ amount: yuan(1_000_000.01) }), '2026-03-02', false), 'FULFILMENT_EXCEEDS_PROMISE');
    expectError(() => checkFulfilment(funds, NOTHING_DELIVERED, delivery({ area: 100 }), '2026-03-02', false), 'VALIDATION_FAILED');
    expectError(() => checkFulfilment(funds, NOTHING_DELIVERED, delivery({}), '2026-03-02', false), 'VALIDATION_FAILED');
    expectError(() => checkFulfilment(funds, NOTHING_DELIVERED, delivery({ amount: 1, deliveredOn: '2026-03-03' }), '2026-03-02', false), 'VALIDATION_FAILED');
    expectError(() => checkFulfilment(funds, NOTHING_DELIVERED, delivery({ amount: 1, completes: true }), '2026-03-02', false), 'VALIDATION_FAILED');
  });

  it('marks an unquantified promise kept by a delivery, and takes nothing more once it is kept', () => {
    expect(() => checkFulfilment(policy, NOTHING_DELIVERED, delivery({ completes: true }), '2026-03-02', false)).not.toThrow();
    expectError(() => checkFulfilment(policy, NOTHING_DELIVERED, delivery({ amount: 5 }), '2026-03-02', false), 'VALIDATION_FAILED');
    expectError(() => checkFulfilment(policy, NOTHING_DELIVERED, delivery({}), '2026-03-02', true), 'PROMISE_ALREADY_KEPT');
  });

  it('keeps an edited promise above what was already delivered', () => {
    const part = deliveredOf([{ deliveredOn: '2026-02-01', amount: yuan(5_000_000), area: 100, completes: false }]);
    expect(() => checkTermsCoverDeliveries({ amount: yuan(5_000_000), area: 100 }, part)).not.toThrow();
    expectError(() => checkTermsCoverDeliveries({ amount: yuan(4_999_999.99), area: 100 }, part), 'FULFILMENT_EXCEEDS_PROMISE');
    expectError(() => checkTermsCoverDeliveries({ amount: yuan(5_000_000), area: null }, part), 'FULFILMENT_EXCEEDS_PROMISE');
  });
});

describe('a legality review and a project’s dates', () => {
  it('requires the reason of a flawed promise', () => {
    expect(legalityReviewInputSchema.safeParse({ legality: 'compliant', reviewedOn: '2026-03-02' }).success).toBe(true);
    const flawed = legalityReviewInputSchema.safeParse({ legality: 'flawed', reason: '  ', reviewedOn: '2026-03-02' });
    expect(flawed.success).toBe(false);
    expect(flawed.error?.issues[0]).toMatchObject({ path: ['reason'], message: '认定有瑕疵的，请写明理由' });
  });

  it('refuses a signing or a milestone done after today', () => {
    expect(() => checkProjectDates({ signedOn: '2026-03-02', milestones: [{ name: '开工', plannedOn: '2026-09-01' }] }, '2026-03-02')).not.toThrow();
    expectError(() => checkProjectDates({ signedOn: '2026-03-03', milestones: [] }, '2026-03-02'), 'VALIDATION_FAILED');
    expectError(() => checkProjectDates({ signedOn: '2026-01-03', milestones: [{ name: '开工', plannedOn: '2026-02-01', doneOn: '2026-03-05' }] }, '2026-03-02'), 'VALIDATION_FAILED');
  });
});

describe('the order of clauses', () => {
  it('reads the number a clause is cited by, in Chinese numerals or digits', () => {
    expect(['第五条', '第十条', '第十二条', '第二十条', '第一百零五条', '（三）', '第6条', '补充协议'].map(clauseNumber)).toEqual([5, 10, 12, 20, 105, 3, 6, null]);
    const promises = ['第十二条', '补充协议', '第五条', '第六条'].map((clause) => ({ clause, dueOn: '2026-06-30' }));
    expect([...promises].sort(byClause).map((promise) => promise.clause)).toEqual(['第五条', '第六条', '第十二条', '补充协议']);
  });
});
