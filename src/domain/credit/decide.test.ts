import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../access/roles.ts';
import { ROLES } from '../access/roles.ts';
import { makeCreditCode } from '../credit-code.ts';
import { expectError } from '../../../test/support/domain.ts';
import type { CreditCommand } from './commands.ts';
import {
  availableCreditActions,
  breachCaseProblem,
  decideBreachRecord,
  decideCreditCommand,
  isBreachRemedied,
  type BreachCase,
  type BreachUnit,
  type CreditRecordSnapshot,
} from './decide.ts';
import { canReadCredit, creditReadScope } from './policy.ts';

const actor = (role: Role, unitId: string | null, jurisdictionScope: string[] = []): Actor => ({
  id: `acc-${role}-${unitId}`,
  name: role,
  role,
  unitId,
  jurisdictionScope,
});
const creditOffice = actor('credit_office', 'u-xinyongban');
const debtor = actor('unit_handler', 'u-handong-jiaoyuju');
const otherUnit = actor('unit_handler', 'u-jiangbei-jiaoyuju');
const county = actor('county_coordinator', 'u-handong-gov', ['handong']);
const otherCounty = actor('county_coordinator', 'u-jiangbei-gov', ['jiangbei']);

const unit: BreachUnit = {
  id: 'u-handong-jiaoyuju',
  name: '汉东区教育局',
  kind: 'department',
  creditCode: makeCreditCode('11420102MB1234567'),
  jurisdictionId: 'handong',
};
const overdueCase: BreachCase = {
  id: '00000000-0000-4000-8000-000000000001',
  number: 'QK2026-00001',
  state: 'performing',
  responsibleUnitId: unit.id,
  deadline: '2026-12-31',
  supervisionLevel: null,
  confirmedAmount: 30_000_000,
  paidAmount: 0,
};
const input = { unitId: unit.id, caseId: overdueCase.id, facts: '逾期未支付工程款', basis: '《保障中小企业款项支付条例》第八条', breachOn: '2027-01-05' };
const record = (today = '2027-01-05', changes: Partial<Parameters<typeof decideBreachRecord>[0]> = {}) =>
  decideBreachRecord({ actor: creditOffice, today, input, unit, breachCase: overdueCase, recordInEffect: null, ...changes });

const snapshot = (changes: Partial<CreditRecordSnapshot> = {}): CreditRecordSnapshot => ({
  number: 'XY2027-0001',
  unitId: unit.id,
  unitJurisdictionId: 'handong',
  status: 'recorded',
  version: 1,
  objectionDecision: null,
  repairAppliedAt: null,
  repairDecision: null,
  ...changes,
});
const now = new Date('2027-01-10T02:00:00Z');
const context = (who: Actor, breachRemedied = false) => ({ actor: who, today: '2027-01-10', now, breachRemedied });
const objection: CreditCommand = { action: 'object', expectedVersion: 1, reason: '款项已列入预算，正在拨付' };

describe('recording a breach (S4)', () => {
  it('records an overdue case of the responsible unit, with the unit’s name and code as of today', () => {
    expect(record()).toMatchObject({ unitName: '汉东区教育局', unitCreditCode: unit.creditCode, caseNumber: 'QK2026-00001', breachOn: '2027-01-05' });
  });

  it('accepts a case no longer overdue that was urged, supervised or publicly notified for being overdue (S2)', () => {
    const settledAfterSupervision = { ...overdueCase, state: 'settled' as const, supervisionLevel: 'supervision' as const };
    expect(breachCaseProblem(settledAfterSupervision, unit.id, '2027-01-05')).toBeNull();
    expect(breachCaseProblem({ ...overdueCase, supervisionLevel: 'reminder' }, unit.id, '2026-12-20')).toMatch(/既未逾期/);
  });

  it('refuses a case not yet overdue, another unit’s case, or a case in court', () => {
    expectError(() => record('2026-12-31', { input: { ...input, breachOn: '2026-12-31' } }), 'CREDIT_CASE_NOT_ELIGIBLE');
    expectError(() => record('2027-01-05', { breachCase: { ...overdueCase, responsibleUnitId: 'u-other' } }), 'CREDIT_CASE_NOT_ELIGIBLE');
    expectError(() => record('2027-01-05', { breachCase: { ...overdueCase, state: 'litigating' } }), 'CREDIT_CASE_NOT_ELIGIBLE');
  });

  it('records government bodies, departments, public institutions and SOEs only, never an enterprise or a court', () => {
    for (const kind of ['government', 'institution', 'soe']) expect(record('2027-01-05', { unit: { ...unit, kind } }).unitKind).toBe(kind);
    for (const kind of ['enterprise', 'court', 'justice']) expectError(() => record('2027-01-05', { unit: { ...unit, kind } }), 'CREDIT_UNIT_NOT_ELIGIBLE');
    expectError(() => record('2027-01-05', { unit: { ...unit, creditCode: null } }), 'CREDIT_UNIT_NOT_ELIGIBLE');
  });

  it('checks the unit’s unified social credit code (GB 32100)', () => {
    const wrong = `${unit.creditCode!.slice(0, 17)}${unit.creditCode!.endsWith('0') ? '1' : '0'}`;
    expectError(() => record('2027-01-05', { unit: { ...unit, creditCode: wrong } }), 'CREDIT_CODE_INVALID');
  });

  it('refuses a breach date in the future, a second record in effect for the case, and anyone but 市信用办', () => {
    expectError(() => record('2027-01-05', { input: { ...input, breachOn: '2027-01-06' } }), 'DATE_INVALID');
    expectError(() => record('2027-01-05', { recordInEffect: 'XY2027-0001' }), 'CREDIT_RECORD_DUPLICATE');
    for (const who of [debtor, county, actor('business_office', 'u-yingshangban'), actor('leader', 'u-city-gov')]) {
      expectError(() => record('2027-01-05', { actor: who }), 'FORBIDDEN');
    }
  });
});

describe('objection and repair', () => {
  it('lets the unit or its county object once; 信用办 upholds (revoked) or rejects (recorded)', () => {
    for (const who of [debtor, county]) {
      expect(decideCreditCommand(snapshot(), objection, context(who))).toMatchObject({ type: 'object', statusAfter: 'objected' });
    }
    const objected = snapshot({ status: 'objected', version: 2 });
    const upheld = decideCreditCommand(objected, { action: 'decide_objection', expectedVersion: 2, decision: 'upheld', reason: '已在期限内支付' }, context(creditOffice));
    expect(upheld).toMatchObject({ statusAfter: 'revoked', changes: { status: 'revoked', revokedOn: '2027-01-10', objectionDecision: 'upheld' } });
    const rejected = decideCreditCommand(objected, { action: 'decide_objection', expectedVersion: 2, decision: 'rejected', reason: '理由不成立' }, context(creditOffice));
    expect(rejected).toMatchObject({ statusAfter: 'recorded', changes: { status: 'recorded', objectionDecision: 'rejected' } });
    const again = snapshot({ version: 3, objectionDecision: 'rejected' });
    expectError(() => decideCreditCommand(again, { ...objection, expectedVersion: 3 }, context(debtor)), 'CREDIT_NOT_IN_STATUS');
  });

  it('hides another unit’s record, and refuses another county’s objection', () => {
    expectError(() => decideCreditCommand(snapshot(), objection, context(otherUnit)), 'CREDIT_RECORD_NOT_FOUND');
    expectError(() => decideCreditCommand(snapshot(), objection, context(otherCounty)), 'CREDIT_RECORD_NOT_FOUND');
    expectError(() => decideCreditCommand(snapshot(), objection, context(creditOffice)), 'FORBIDDEN');
    expectError(() => decideCreditCommand(snapshot(), objection, context(actor('leader', 'u-city-gov'))), 'FORBIDDEN');
  });

  it('refuses a stale version and decisions without a pending objection or application', () => {
    expectError(() => decideCreditCommand(snapshot({ version: 2 }), objection, context(debtor)), 'VERSION_CONFLICT');
    const decideObjection: CreditCommand = { action: 'decide_objection', expectedVersion: 1, decision: 'upheld', reason: '成立' };
    expectError(() => decideCreditCommand(snapshot(), decideObjection, context(creditOffice)), 'CREDIT_NOT_IN_STATUS');
    const decideRepair: CreditCommand = { action: 'decide_repair', expectedVersion: 1, decision: 'approved', reason: '同意' };
    expectError(() => decideCreditCommand(snapshot(), decideRepair, context(creditOffice)), 'CREDIT_NOT_IN_STATUS');
    for (const status of ['revoked', 'repaired'] as const) {
      expectError(() => decideCreditCommand(snapshot({ status }), objection, context(debtor)), 'CREDIT_NOT_IN_STATUS');
    }
  });

  it('lets the unit apply for repair only once the case is settled, closed or paid; 信用办 approves (repaired) or rejects', () => {
    const apply: CreditCommand = { action: 'apply_repair', expectedVersion: 1, measures: '已全额支付并完善合同管理制度' };
    expectError(() => decideCreditCommand(snapshot(), apply, context(debtor, false)), 'CREDIT_REPAIR_NOT_ELIGIBLE');
    expect(decideCreditCommand(snapshot(), apply, context(debtor, true))).toMatchObject({ statusAfter: 'recorded', changes: { repairAppliedAt: now, repairDecision: null } });
    const pending = snapshot({ version: 2, repairAppliedAt: now });
    expectError(() => decideCreditCommand(pending, { ...apply, expectedVersion: 2 }, context(debtor, true)), 'CREDIT_NOT_IN_STATUS');
    expectError(() => decideCreditCommand(pending, { ...objection, expectedVersion: 2 }, context(debtor, true)), 'CREDIT_NOT_IN_STATUS');
    const approve: CreditCommand = { action: 'decide_repair', expectedVersion: 2, decision: 'approved', reason: '整改到位' };
    expect(decideCreditCommand(pending, approve, context(creditOffice, true))).toMatchObject({ statusAfter: 'repaired', changes: { status: 'repaired', repairedOn: '2027-01-10' } });
    const reject: CreditCommand = { ...approve, decision: 'rejected', reason: '材料不全' };
    const rejected = decideCreditCommand(pending, reject, context(creditOffice, true));
    expect(rejected.statusAfter).toBe('recorded');
    expect(rejected.changes.status).toBeUndefined();
    // Rejected: the unit may apply again.
    const afterRejection = snapshot({ version: 3, repairAppliedAt: now, repairDecision: 'rejected' });
    expect(availableCreditActions(debtor, afterRejection, true)).toEqual(['object', 'apply_repair']);
  });

  it('counts the breach remedied when the case is settled, awaiting closure, closed, or fully paid', () => {
    expect(isBreachRemedied(overdueCase)).toBe(false);
    for (const state of ['settled', 'feedback_submitted', 'closed'] as const) expect(isBreachRemedied({ ...overdueCase, state })).toBe(true);
    expect(isBreachRemedied({ ...overdueCase, paidAmount: 30_000_000 })).toBe(true);
  });

  it('offers each role exactly the buttons it may press', () => {
    expect(availableCreditActions(debtor, snapshot(), false)).toEqual(['object']);
    expect(availableCreditActions(debtor, snapshot(), true)).toEqual(['object', 'apply_repair']);
    expect(availableCreditActions(creditOffice, snapshot({ status: 'objected' }), false)).toEqual(['decide_objection']);
    expect(availableCreditActions(creditOffice, snapshot(), true)).toEqual([]);
    expect(availableCreditActions(actor('business_office', 'u-yingshangban'), snapshot({ status: 'objected' }), true)).toEqual([]);
  });
});

describe('who reads breach records', () => {
  it('lists exactly what each role may read: the list scope agrees with the record rule', () => {
    const parties = [
      { unitId: 'u-handong-jiaoyuju', unitJurisdictionId: 'handong' },
      { unitId: 'u-jiangbei-jiaoyuju', unitJurisdictionId: 'jiangbei' },
    ];
    for (const role of ROLES) {
      const who = actor(role, 'u-handong-jiaoyuju', role === 'county_coordinator' ? ['handong'] : []);
      const scope = creditReadScope(who);
      for (const party of parties) {
        const listed =
          scope.kind === 'all' ||
          (scope.kind === 'unit' && scope.unitId === party.unitId) ||
          (scope.kind === 'jurisdictions' && scope.jurisdictionIds.includes(party.unitJurisdictionId));
        expect(listed, `${role} ${party.unitId}`).toBe(canReadCredit(who, party));
      }
    }
    expect(creditReadScope(actor('enterprise', 'u-ent-1')).kind).toBe('none');
    expect(creditReadScope(actor('lead_bureau', 'u-jingxinju')).kind).toBe('none');
  });
});
