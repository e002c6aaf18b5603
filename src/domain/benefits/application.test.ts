import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../access/roles.ts';
import { holidayCalendar } from '../calendar.ts';
import { isAppError } from '../errors.ts';
import type { Clause } from '../policy-library/library.ts';
import { availableActions, checkApprovedAmount, decideApplication, type ApplicationCommand, type ApplicationRecord, type ApplicationStep } from './application.ts';
import { DEFAULT_DISBURSEMENT_LIMITS, disbursementDueOn, isSlowDisbursement } from './disbursement.ts';

const WAN = 1_000_000;
const actor = (role: Role, unitId: string | null, jurisdictionScope: string[] = []): Actor => ({ id: role, name: role, role, unitId, jurisdictionScope });
const BUREAU = actor('lead_bureau', 'u-jingxinju');
const FINANCE = actor('unit_handler', 'u-caizhengju');
const ENTERPRISE = actor('enterprise', 'ent-1');
const OTHER_BUREAU = actor('unit_handler', 'u-jiaoyuju');

const APPLICATION: ApplicationRecord = {
  id: 'app-1',
  enterpriseUnitId: 'ent-1',
  enterpriseJurisdictionId: 'handong',
  handlingUnitId: 'u-jingxinju',
  policyJurisdictionId: 'city',
  channel: 'portal',
  state: 'submitted',
  approvedAmount: null,
  disbursedAmount: 0,
  version: 1,
};
const CLAUSE = { id: 'c-1', seq: 1, article: '第五条', title: '数字化改造奖补', class: 'subsidy', content: '', amountRule: { kind: 'rate', basisPoints: 2_000, base: '投入', cap: 100 * WAN }, conditions: [], materials: [], noApplication: false, fastTrack: true } as Clause;
const context = (by: Actor) => ({ actor: by, today: '2026-06-01', clause: CLAUSE, materials: [], voucher: null });
const refusal = (run: () => unknown): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    return isAppError(error) ? error.code : 'other';
  }
};
const decide = (application: ApplicationRecord, by: Actor, command: ApplicationStep) =>
  decideApplication(application, { ...command, expectedVersion: application.version } as ApplicationCommand, context(by));

describe('an application for a clause (P2, P5)', () => {
  it('is reviewed by the policy’s department: 补正, then approval within the rule, then payment in parts', () => {
    const asked = decide(APPLICATION, BUREAU, { action: 'request_supplement', missing: ['评测报告'] });
    expect(asked.next.state).toBe('supplement_requested');
    const supplied = decide({ ...APPLICATION, ...asked.next, version: 2 }, ENTERPRISE, { action: 'supplement', materials: [{ name: '评测报告', attachmentId: '00000000-0000-4000-8000-000000000000' }] });
    expect(supplied.next.state).toBe('submitted');
    const approved = decide({ ...APPLICATION, version: 3 }, BUREAU, { action: 'approve', amount: 60 * WAN });
    expect(approved.next).toMatchObject({ state: 'approved', approvedAmount: 60 * WAN });
    const paid = { ...APPLICATION, ...approved.next, version: 4 };
    expect(decide(paid, FINANCE, { action: 'disburse', paidOn: '2026-06-01', amount: 20 * WAN }).next).toMatchObject({ state: 'approved', disbursedAmount: 20 * WAN });
    expect(decide({ ...paid, disbursedAmount: 20 * WAN }, FINANCE, { action: 'disburse', paidOn: '2026-06-01', amount: 40 * WAN }).next).toMatchObject({ state: 'disbursed', disbursedAmount: 60 * WAN });
  });

  it('refuses steps from the wrong state, by the wrong party, beyond the rule or the money owed', () => {
    expect(refusal(() => decide(APPLICATION, ENTERPRISE, { action: 'approve', amount: WAN }))).toBe('FORBIDDEN');
    expect(refusal(() => decide(APPLICATION, OTHER_BUREAU, { action: 'refuse', reason: '不符合' }))).toBe('FORBIDDEN');
    expect(refusal(() => decide(APPLICATION, BUREAU, { action: 'disburse', paidOn: '2026-06-01', amount: WAN }))).toBe('CASE_NOT_IN_STATE');
    expect(refusal(() => decide(APPLICATION, BUREAU, { action: 'approve', amount: 100 * WAN + 1 }))).toBe('RULE_VIOLATION');
    expect(refusal(() => decideApplication(APPLICATION, { action: 'refuse', reason: 'x', expectedVersion: 2 }, context(BUREAU)))).toBe('VERSION_CONFLICT');
    const approved = { ...APPLICATION, state: 'approved' as const, approvedAmount: 10 * WAN };
    expect(refusal(() => decide(approved, FINANCE, { action: 'disburse', paidOn: '2026-06-01', amount: 10 * WAN + 1 }))).toBe('PAYMENT_EXCEEDS_OUTSTANDING');
    expect(refusal(() => decide(approved, FINANCE, { action: 'disburse', paidOn: '2026-06-02', amount: WAN }))).toBe('PAYMENT_DATE_IN_FUTURE');
    expect(refusal(() => decide(approved, ENTERPRISE, { action: 'disburse', paidOn: '2026-06-01', amount: WAN }))).toBe('FORBIDDEN');
  });

  it('grants a fixed amount exactly and a clause without funds for nothing, which fulfils it at once', () => {
    expect(refusal(() => checkApprovedAmount({ kind: 'fixed', amount: 30 * WAN }, 20 * WAN))).toBe('RULE_VIOLATION');
    expect(refusal(() => checkApprovedAmount({ kind: 'fixed', amount: 30 * WAN }, 30 * WAN))).toBeNull();
    expect(refusal(() => checkApprovedAmount({ kind: 'none' }, 1))).toBe('RULE_VIOLATION');
    const entitlement = decideApplication(APPLICATION, { action: 'approve', amount: 0, expectedVersion: 1 }, { ...context(BUREAU), clause: { ...CLAUSE, amountRule: { kind: 'none' } } });
    expect(entitlement.next.state).toBe('disbursed');
  });

  it('offers each party only its own steps', () => {
    expect(availableActions(BUREAU, APPLICATION).sort()).toEqual(['approve', 'refuse', 'request_supplement']);
    expect(availableActions(ENTERPRISE, APPLICATION)).toEqual([]);
    expect(availableActions(ENTERPRISE, { ...APPLICATION, state: 'supplement_requested' })).toEqual(['supplement']);
    expect(availableActions(FINANCE, { ...APPLICATION, state: 'approved', approvedAmount: WAN })).toEqual(['disburse']);
    expect(availableActions(actor('county_coordinator', 'u-hd', ['handong']), { ...APPLICATION, state: 'supplement_requested' })).toEqual(['supplement']);
  });
});

describe('the disbursement limit (P5)', () => {
  const calendar = holidayCalendar([]);
  it('counts 60 working days from the application for a 快申快享 clause and 90 for the others (twelve and eighteen weeks)', () => {
    expect(disbursementDueOn('2026-06-15', true, DEFAULT_DISBURSEMENT_LIMITS, calendar)).toBe('2026-09-07');
    expect(disbursementDueOn('2026-06-15', false, DEFAULT_DISBURSEMENT_LIMITS, calendar)).toBe('2026-10-19');
  });
  it('is late only for money approved and still owed after the due day', () => {
    const owed = { state: 'approved', approvedAmount: 10 * WAN, disbursedAmount: 4 * WAN };
    expect(isSlowDisbursement(owed, '2026-09-04', '2026-09-04')).toBe(false);
    expect(isSlowDisbursement(owed, '2026-09-04', '2026-09-07')).toBe(true);
    expect(isSlowDisbursement({ ...owed, disbursedAmount: 10 * WAN, state: 'disbursed' }, '2026-09-04', '2026-09-07')).toBe(false);
  });
});
