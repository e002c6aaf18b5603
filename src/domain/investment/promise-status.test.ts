import { describe, expect, it } from 'vitest';
import { yuan } from '../money.ts';
import { byUrgency, deliveredOf, NOTHING_DELIVERED, projectStatus, promiseStanding, statusTotals, type DeliveryRecord, type PromiseTerms } from './promise-status.ts';

const funds: PromiseTerms = { amount: yuan(6_000_000), area: null, dueOn: '2026-06-30' };
const land: PromiseTerms = { amount: null, area: 5_050, dueOn: '2026-06-30' };
const policy: PromiseTerms = { amount: null, area: null, dueOn: '2026-06-30' };
const record = (deliveredOn: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord => ({ deliveredOn, amount: null, area: null, completes: false, ...overrides });

describe('where a promise stands (S6)', () => {
  it('is due while nothing is delivered and the due date has not passed, the due date itself included', () => {
    for (const terms of [funds, land, policy]) {
      expect(promiseStanding(terms, NOTHING_DELIVERED, '2026-03-02')).toMatchObject({ status: 'due', daysOverdue: null, keptOn: null });
      expect(promiseStanding(terms, NOTHING_DELIVERED, '2026-06-30').status).toBe('due');
    }
  });

  it('is overdue the day after its due date, counted in calendar days, whatever was delivered short of all', () => {
    expect(promiseStanding(funds, NOTHING_DELIVERED, '2026-07-01')).toMatchObject({ status: 'overdue', daysOverdue: 1, outstandingAmount: yuan(6_000_000) });
    const part = deliveredOf([record('2026-05-10', { amount: yuan(2_000_000) })]);
    // 2026-06-30 → 2026-11-26: 149 days, weekends and holidays included.
    expect(promiseStanding(funds, part, '2026-11-26')).toMatchObject({ status: 'overdue', daysOverdue: 149, outstandingAmount: yuan(4_000_000) });
    expect(promiseStanding(policy, deliveredOf([record('2026-05-10')]), '2026-07-02')).toMatchObject({ status: 'overdue', daysOverdue: 2 });
  });

  it('is partly kept while something but not all is delivered before the due date', () => {
    expect(promiseStanding(funds, deliveredOf([record('2026-04-01', { amount: yuan(1) })]), '2026-04-02').status).toBe('partly_kept');
    expect(promiseStanding(land, deliveredOf([record('2026-04-01', { area: 5_049 })]), '2026-04-02')).toMatchObject({ status: 'partly_kept', outstandingArea: 1 });
    // A promise without quantities: a delivery short of the mark "fully kept" is a part.
    expect(promiseStanding(policy, deliveredOf([record('2026-04-01')]), '2026-04-02').status).toBe('partly_kept');
  });

  it('is kept once every promised quantity is delivered, or a delivery marks an unquantified promise fully kept, late or not', () => {
    const paid = deliveredOf([record('2026-04-01', { amount: yuan(2_000_000) }), record('2026-08-20', { amount: yuan(4_000_000) })]);
    expect(promiseStanding(funds, paid, '2026-11-26')).toEqual({ status: 'kept', daysOverdue: null, outstandingAmount: 0, outstandingArea: null, keptOn: '2026-08-20' });
    expect(promiseStanding(land, deliveredOf([record('2026-05-01', { area: 5_050 })]), '2026-05-02').status).toBe('kept');
    expect(promiseStanding(policy, deliveredOf([record('2026-04-01'), record('2026-05-01', { completes: true })]), '2026-12-31')).toMatchObject({ status: 'kept', keptOn: '2026-05-01' });
  });

  it('keeps a promise of both money and land only when both are delivered', () => {
    const both: PromiseTerms = { amount: yuan(100_000), area: 1_000, dueOn: '2026-06-30' };
    expect(promiseStanding(both, deliveredOf([record('2026-04-01', { amount: yuan(100_000) })]), '2026-04-02').status).toBe('partly_kept');
    expect(promiseStanding(both, deliveredOf([record('2026-04-01', { amount: yuan(100_000), area: 1_000 })]), '2026-04-02').status).toBe('kept');
  });

  it('sums the deliveries, the latest day last', () => {
    expect(deliveredOf([record('2026-05-01', { amount: 5 }), record('2026-04-01', { amount: 7, area: 3 })])).toEqual({ amount: 12, area: 3, records: 2, completed: false, lastOn: '2026-05-01' });
    expect(deliveredOf([])).toEqual(NOTHING_DELIVERED);
  });
});

describe('the tracking list', () => {
  it('puts the overdue first, the longest overdue first, then the rest by due date', () => {
    const items = [
      { id: 'a', status: 'due' as const, dueOn: '2026-12-01' },
      { id: 'b', status: 'overdue' as const, dueOn: '2026-10-01' },
      { id: 'c', status: 'kept' as const, dueOn: '2026-01-01' },
      { id: 'd', status: 'overdue' as const, dueOn: '2026-03-01' },
      { id: 'e', status: 'partly_kept' as const, dueOn: '2026-11-30' },
    ];
    expect([...items].sort(byUrgency).map((item) => item.id)).toEqual(['d', 'b', 'c', 'e', 'a']);
    expect(statusTotals(items)).toEqual({ all: 5, overdue: 2, partly_kept: 1, due: 1, kept: 1 });
  });

  it('gives a project the worst standing of its promises', () => {
    expect(projectStatus([])).toBe('due');
    expect(projectStatus(['kept', 'kept'])).toBe('kept');
    expect(projectStatus(['kept', 'due'])).toBe('partly_kept');
    expect(projectStatus(['due', 'partly_kept'])).toBe('partly_kept');
    expect(projectStatus(['due', 'due'])).toBe('due');
    expect(projectStatus(['kept', 'overdue', 'due'])).toBe('overdue');
  });
});
