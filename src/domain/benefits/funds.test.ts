import { describe, expect, it } from 'vitest';
import type { Role } from '../access/roles.ts';
import { byUrgency, followsPolicyFunds, fundsByDepartment, fundsTotals, mayReadFunds, type OwedItem } from './funds.ts';

const WAN = 1_000_000;
const item = (id: string, overrides: Partial<OwedItem>): OwedItem => ({
  id,
  handlingUnitId: 'u-jingxinju',
  handlingUnitName: '汉江市经济和信息化局',
  approvedAmount: 10 * WAN,
  disbursedAmount: 0,
  outstanding: 10 * WAN,
  dueOn: '2026-05-01',
  workingDaysLate: null,
  ...overrides,
});

describe('policy funds owed (P5)', () => {
  it('puts the late first, the latest of them first, then the nearest due day', () => {
    const items = [
      item('a', { dueOn: '2026-06-01' }),
      item('b', { dueOn: '2026-04-07', workingDaysLate: 6 }),
      item('c', { dueOn: '2026-05-20' }),
      item('d', { dueOn: '2026-03-30', workingDaysLate: 11 }),
      // Due on a Friday, read on the Saturday: late by no working day, still before those not late.
      item('e', { dueOn: '2026-04-10', workingDaysLate: 0 }),
    ];
    expect([...items].sort(byUrgency).map((owed) => owed.id)).toEqual(['d', 'b', 'e', 'c', 'a']);
  });

  it('totals what was approved, paid and owed, and the late part, per department too', () => {
    const items = [
      item('a', { approvedAmount: 30 * WAN, disbursedAmount: 10 * WAN, outstanding: 20 * WAN }),
      item('b', { workingDaysLate: 6 }),
      item('c', { handlingUnitId: 'u-handong-jiaoyuju', handlingUnitName: '汉东区教育局', approvedAmount: 8 * WAN, outstanding: 8 * WAN, workingDaysLate: 11 }),
    ];
    expect(fundsTotals(items)).toEqual({ count: 3, approved: 48 * WAN, disbursed: 10 * WAN, outstanding: 38 * WAN, lateCount: 2, lateOutstanding: 18 * WAN });
    expect(fundsByDepartment(items)).toEqual([
      { handlingUnitId: 'u-jingxinju', handlingUnitName: '汉江市经济和信息化局', count: 2, approved: 40 * WAN, disbursed: 10 * WAN, outstanding: 30 * WAN, lateCount: 1 },
      { handlingUnitId: 'u-handong-jiaoyuju', handlingUnitName: '汉东区教育局', count: 1, approved: 8 * WAN, disbursed: 0, outstanding: 8 * WAN, lateCount: 1 },
    ]);
    expect(fundsTotals([])).toEqual({ count: 0, approved: 0, disbursed: 0, outstanding: 0, lateCount: 0, lateOutstanding: 0 });
  });

  it('has 营商办, leaders and the finance bureaus follow the city’s funds; other staff read their own, enterprises none', () => {
    const actor = (role: Role, unitId: string | null) => ({ role, unitId });
    expect(followsPolicyFunds(actor('business_office', 'u-yingshangban'))).toBe(true);
    expect(followsPolicyFunds(actor('leader', 'u-city-gov'))).toBe(true);
    expect(followsPolicyFunds(actor('lead_bureau', 'u-caizhengju'))).toBe(true);
    expect(followsPolicyFunds(actor('unit_handler', 'u-handong-caizhengju'))).toBe(true);
    expect(followsPolicyFunds(actor('lead_bureau', 'u-jingxinju'))).toBe(false);
    expect(followsPolicyFunds(actor('county_coordinator', 'u-handong-gov'))).toBe(false);
    expect(followsPolicyFunds(actor('enterprise', 'u-caizhengju'))).toBe(false);
    expect(mayReadFunds(actor('county_coordinator', null))).toBe(true);
    for (const role of ['enterprise', 'credit_office', 'system_admin', 'security_admin', 'audit_admin'] as const) expect(mayReadFunds(actor(role, null)), role).toBe(false);
  });
});
