import { describe, expect, it } from 'vitest';
import { ROLES, type Actor, type Role } from '../access/roles.ts';
import {
  canReadProject,
  canReadPromise,
  canRecordFulfilment,
  canReviewLegality,
  canKeepRegister,
  inReadScope,
  investmentAbilities,
  keepsSomeRegister,
  promiseReadScope,
  type PromiseLead,
  type PromiseRef,
} from './access.ts';

const lead: PromiseLead = { leadUnitId: 'u-zhaoshangju' };
const actor = (role: Role, unitId: string | null = null, jurisdictionScope: string[] = []): Actor => ({ id: `a-${role}`, name: role, role, unitId, jurisdictionScope });

const handongPromise: PromiseRef = { jurisdictionId: 'handong', enterpriseUnitId: 'ent-a', responsibleUnitId: 'u-handong-caizhengju' };
const jiangbeiPromise: PromiseRef = { jurisdictionId: 'jiangbei', enterpriseUnitId: 'ent-b', responsibleUnitId: 'u-jiangbei-gov' };
const promises = [handongPromise, jiangbeiPromise];

const zhaoshangju = actor('lead_bureau', 'u-zhaoshangju');
const jingxinju = actor('lead_bureau', 'u-jingxinju');
const handong = actor('county_coordinator', 'u-handong-gov', ['handong']);
const handongFinance = actor('unit_handler', 'u-handong-caizhengju');
const enterprise = actor('enterprise', 'ent-a');

describe('who reads the promise register (S6)', () => {
  it('lets 营商办, leaders and the matrix’s lead bureau (招商局) read every promise', () => {
    for (const reader of [actor('business_office', 'u-yingshangban'), actor('leader', 'u-city-gov'), zhaoshangju]) {
      for (const promise of promises) expect(canReadPromise(reader, lead, promise), reader.role).toBe(true);
    }
  });

  it('reads the lead from the matrix: another lead bureau is招商局 only when the matrix names it', () => {
    expect(canReadPromise(jingxinju, lead, jiangbeiPromise)).toBe(false);
    expect(canReadPromise(jingxinju, { leadUnitId: 'u-jingxinju' }, jiangbeiPromise)).toBe(true);
    expect(canReadPromise(zhaoshangju, { leadUnitId: null }, jiangbeiPromise)).toBe(false);
  });

  it('lets a county read its jurisdiction’s promises only, a unit those it must keep, an enterprise those made to it', () => {
    expect(promises.map((promise) => canReadPromise(handong, lead, promise))).toEqual([true, false]);
    expect(promises.map((promise) => canReadPromise(handongFinance, lead, promise))).toEqual([true, false]);
    expect(promises.map((promise) => canReadPromise(enterprise, lead, promise))).toEqual([true, false]);
    for (const role of ['credit_office', 'system_admin', 'security_admin', 'audit_admin'] as const) {
      expect(promises.some((promise) => canReadPromise(actor(role, 'u-handong-caizhengju', ['handong']), lead, promise)), role).toBe(false);
    }
  });

  it('reads a project where one reads its place, its enterprise or one of its promises', () => {
    const project = { jurisdictionId: 'jiangbei', enterpriseUnitId: 'ent-b', responsibleUnitIds: ['u-jiangbei-gov', 'u-handong-caizhengju'] };
    expect(canReadProject(handongFinance, lead, project)).toBe(true);
    expect(canReadProject(handong, lead, project)).toBe(false);
    expect(canReadProject(enterprise, lead, project)).toBe(false);
    expect(canReadProject(actor('enterprise', 'ent-b'), lead, project)).toBe(true);
  });

  it('agrees with the list’s scope for every role', () => {
    for (const role of ROLES) {
      for (const reader of [actor(role, 'u-handong-caizhengju', ['handong']), actor(role, 'u-zhaoshangju'), actor(role, 'ent-a')]) {
        for (const promise of promises) expect(inReadScope(promiseReadScope(reader, lead), promise), `${role} ${reader.unitId}`).toBe(canReadPromise(reader, lead, promise));
      }
    }
  });
});

describe('who keeps the register (S6)', () => {
  it('lets 招商局 keep every project, a county its own, and no one else', () => {
    expect(canKeepRegister(zhaoshangju, lead, 'jiangbei')).toBe(true);
    expect(canKeepRegister(handong, lead, 'handong')).toBe(true);
    expect(canKeepRegister(handong, lead, 'jiangbei')).toBe(false);
    for (const reader of [actor('business_office', 'u-yingshangban'), actor('leader'), jingxinju, handongFinance, enterprise]) {
      expect(canKeepRegister(reader, lead, 'handong'), reader.role).toBe(false);
      expect(keepsSomeRegister(reader, lead), reader.role).toBe(false);
    }
  });

  it('lets the responsible unit record deliveries on its own promises, but not review their legality', () => {
    expect(canRecordFulfilment(handongFinance, lead, handongPromise)).toBe(true);
    expect(canRecordFulfilment(handongFinance, lead, { ...handongPromise, responsibleUnitId: 'u-handong-zhujianju' })).toBe(false);
    expect(canReviewLegality(handongFinance, lead, handongPromise)).toBe(false);
    // A lead bureau (财政局) records on what its own unit promised.
    expect(canRecordFulfilment(actor('lead_bureau', 'u-caizhengju'), lead, { ...jiangbeiPromise, responsibleUnitId: 'u-caizhengju' })).toBe(true);
    expect(canRecordFulfilment(enterprise, lead, handongPromise)).toBe(false);
    expect(canRecordFulfilment(actor('business_office', 'u-yingshangban'), lead, handongPromise)).toBe(false);
    expect(canReviewLegality(handong, lead, handongPromise)).toBe(true);
    expect(canReviewLegality(handong, lead, jiangbeiPromise)).toBe(false);
  });

  it('announces the register’s pages to those who read it whole, and the tracking page to a unit with promises', () => {
    expect(investmentAbilities(zhaoshangju, lead, false)).toEqual({ reads: true, keeps: true, fulfils: false });
    expect(investmentAbilities(handong, lead, false)).toEqual({ reads: true, keeps: true, fulfils: false });
    expect(investmentAbilities(actor('leader'), lead, false)).toEqual({ reads: true, keeps: false, fulfils: false });
    expect(investmentAbilities(jingxinju, lead, false)).toEqual({ reads: false, keeps: false, fulfils: false });
    expect(investmentAbilities(handongFinance, lead, true)).toEqual({ reads: false, keeps: false, fulfils: true });
    expect(investmentAbilities(enterprise, lead, true)).toEqual({ reads: false, keeps: false, fulfils: false });
  });
});
