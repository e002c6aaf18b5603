import { describe, expect, it } from 'vitest';
import { disclosureFor, UNNAMED_UNIT } from './disclosure.ts';

const UNITS = new Map([
  ['acc-hd-jiaoyu', '汉东区教育局'],
  ['acc-qiye1', '汉江市楚风建筑工程有限公司'],
  ['system:supervision-sweep', '汉江市优化营商环境领导小组办公室'],
]);
const actingUnitOf = (actorId: string) => UNITS.get(actorId) ?? null;
const HANDLER = { id: 'acc-hd-jiaoyu', role: 'unit_handler', name: '王芳' };
const PLAN = { measures: ['发布政策解读'], timeLimit: '2026-12-18', responsiblePerson: { name: '周丽', post: '学前教育科科长', phone: '13907101234' }, crossesYear: false };

describe('who a reader is shown as having acted (个人信息保护法)', () => {
  const enterprise = disclosureFor({ role: 'enterprise' }, actingUnitOf);
  const staff = disclosureFor({ role: 'business_office' }, () => {
    throw new Error('staff are shown people: no unit is looked up');
  });

  it('shows an enterprise the unit an official acted for, with the role kept and no account id', () => {
    expect(enterprise.actor(HANDLER)).toEqual({ id: null, role: 'unit_handler', name: '汉东区教育局' });
    expect(enterprise.actor({ id: 'system:supervision-sweep', role: 'business_office', name: '督办扫描（系统）' }).name).toBe('汉江市优化营商环境领导小组办公室');
  });

  it('shows an enterprise its own accounts as the enterprise, and an actor of no known unit by a neutral word', () => {
    expect(enterprise.actor({ id: 'acc-qiye1', name: '黄海涛' })).toEqual({ id: null, name: '汉江市楚风建筑工程有限公司' });
    expect(enterprise.actor({ id: 'acc-gone', role: 'lead_bureau', name: '陈志刚' })).toEqual({ id: null, role: 'lead_bureau', name: UNNAMED_UNIT });
    expect(enterprise.unattributed('郑晓东')).toBeNull();
  });

  it('shows an enterprise a rectification’s responsible person by post only, in a record or a payload, and leaves the rest as it is', () => {
    const record = { id: 'c1', rectification: PLAN };
    expect(enterprise.withResponsiblePerson(record)).toEqual({ id: 'c1', rectification: { ...PLAN, responsiblePerson: { name: null, post: '学前教育科科长', phone: null } } });
    const deferral = { rectification: null, deferral: { newDate: '2026-12-30', reason: '预算调整' } };
    expect(enterprise.withResponsiblePerson(deferral)).toBe(deferral);
    const payment = { amount: 100 };
    expect(enterprise.withResponsiblePerson(payment)).toBe(payment);
  });

  it('shows staff the people as recorded', () => {
    expect(staff.actor(HANDLER)).toBe(HANDLER);
    expect(staff.unattributed('郑晓东')).toBe('郑晓东');
    const record = { rectification: PLAN };
    expect(staff.withResponsiblePerson(record)).toBe(record);
  });
});
