import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../access/roles.ts';
import { ROLES } from '../access/roles.ts';
import { holidayCalendar } from '../calendar.ts';
import { makeCreditCode } from '../credit-code.ts';
import { officialHolidayRows } from '../holidays-official.ts';
import { expectError } from '../../../test/support/domain.ts';
import { ARREARS_BREACH_BASIS, paymentRegulationBasis, suggestedBreachBasis } from './basis.ts';
import type { CreditCommand } from './commands.ts';
import {
  availableCreditActions,
  breachCaseProblem,
  decideCreditCommand,
  decideRectificationOrder,
  defaultRectificationDeadline,
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
const calendar = holidayCalendar(officialHolidayRows([2026, 2027]));

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
const input = {
  unitId: unit.id,
  caseId: overdueCase.id,
  facts: '逾期未支付工程款',
  basis: ARREARS_BREACH_BASIS,
  requirement: '请于整改期限内一次性付清欠款30万元',
  documentNumber: '汉信用责改〔2027〕1号',
};
const order = (today = '2027-01-05', changes: Partial<Parameters<typeof decideRectificationOrder>[0]> = {}) =>
  decideRectificationOrder({ actor: creditOffice, today, calendar, input, unit, breachCase: overdueCase, openRecord: null, ...changes });

/** A record ordered on 2027-01-05 with the deadline 2027-01-26, refused on 2027-01-27 and determined. */
const snapshot = (changes: Partial<CreditRecordSnapshot> = {}): CreditRecordSnapshot => ({
  number: 'XY2027-0001',
  unitId: unit.id,
  unitJurisdictionId: 'handong',
  status: 'recorded',
  version: 3,
  orderedOn: '2027-01-05',
  rectificationDeadline: '2027-01-26',
  refusedOn: '2027-01-27',
  objectionDecision: null,
  repairAppliedAt: null,
  repairDecision: null,
  ...changes,
});
const ordered = (changes: Partial<CreditRecordSnapshot> = {}) => snapshot({ status: 'ordered', version: 1, refusedOn: null, ...changes });
const now = new Date('2027-01-10T02:00:00Z');
const context = (who: Actor, breachRemedied = false, today = '2027-01-10') => ({ actor: who, today, now, breachRemedied });
const objection: CreditCommand = { action: 'object', expectedVersion: 3, reason: '款项已列入预算，正在拨付' };

describe('the order to rectify that opens a record (S4, 发改财金〔2023〕1103号)', () => {
  it('orders an overdue case of the responsible unit rectified, with the unit’s name and code as of today', () => {
    expect(order()).toMatchObject({
      unitName: '汉东区教育局',
      unitCreditCode: unit.creditCode,
      caseNumber: 'QK2026-00001',
      orderedOn: '2027-01-05',
      orderRequirement: input.requirement,
      orderDocumentNumber: '汉信用责改〔2027〕1号',
    });
  });

  it('gives 15 working days of the official calendar by default: across National Day, 2026-09-30 → 2026-10-27', () => {
    expect(defaultRectificationDeadline('2026-09-30', calendar)).toBe('2026-10-27');
    expect(order('2027-01-05').rectificationDeadline).toBe(defaultRectificationDeadline('2027-01-05', calendar));
    expect(order('2027-01-05').rectificationDeadline).toBe('2027-01-26');
  });

  it('takes a deadline of today or later, and refuses one before today', () => {
    expect(order('2027-01-05', { input: { ...input, deadline: '2027-01-05' } }).rectificationDeadline).toBe('2027-01-05');
    expect(order('2027-01-05', { input: { ...input, deadline: '2027-02-28' } }).rectificationDeadline).toBe('2027-02-28');
    expectError(() => order('2027-01-05', { input: { ...input, deadline: '2027-01-04' } }), 'DATE_INVALID');
  });

  it('accepts a case no longer overdue that was urged, supervised or publicly notified for being overdue (S2)', () => {
    const replanned = { ...overdueCase, state: 'planning' as const, deadline: '2027-03-31', supervisionLevel: 'supervision' as const };
    expect(breachCaseProblem(replanned, unit.id, '2027-01-05')).toBeNull();
    expect(breachCaseProblem({ ...overdueCase, supervisionLevel: 'reminder' }, unit.id, '2026-12-20')).toMatch(/既未逾期/);
  });

  it('refuses a case already settled, closed or paid: nothing is left to rectify, however late it was', () => {
    for (const state of ['settled', 'feedback_submitted', 'closed'] as const) {
      expect(breachCaseProblem({ ...overdueCase, state, supervisionLevel: 'notice' }, unit.id, '2027-01-05')).toMatch(/已办结或清偿，无需责令整改/);
    }
    expectError(() => order('2027-01-05', { breachCase: { ...overdueCase, paidAmount: 30_000_000 } }), 'CREDIT_CASE_NOT_ELIGIBLE');
  });

  it('refuses a case not yet overdue, another unit’s case, or a case in court', () => {
    expectError(() => order('2026-12-31'), 'CREDIT_CASE_NOT_ELIGIBLE');
    expectError(() => order('2027-01-05', { breachCase: { ...overdueCase, responsibleUnitId: 'u-other' } }), 'CREDIT_CASE_NOT_ELIGIBLE');
    expectError(() => order('2027-01-05', { breachCase: { ...overdueCase, state: 'litigating' } }), 'CREDIT_CASE_NOT_ELIGIBLE');
  });

  it('names 机关 and 事业单位 only: not an SOE, an enterprise or a court', () => {
    for (const kind of ['government', 'institution']) expect(order('2027-01-05', { unit: { ...unit, kind } }).unitKind).toBe(kind);
    for (const kind of ['soe', 'enterprise', 'court', 'justice']) expectError(() => order('2027-01-05', { unit: { ...unit, kind } }), 'CREDIT_UNIT_NOT_ELIGIBLE');
    expect(() => order('2027-01-05', { unit: { ...unit, kind: 'soe', name: '汉东区城市建设投资有限公司' } })).toThrow(/国有企业，不属于机关或事业单位/);
    expectError(() => order('2027-01-05', { unit: { ...unit, creditCode: null } }), 'CREDIT_UNIT_NOT_ELIGIBLE');
  });

  it('checks the unit’s unified social credit code (GB 32100)', () => {
    const wrong = `${unit.creditCode!.slice(0, 17)}${unit.creditCode!.endsWith('0') ? '1' : '0'}`;
    expectError(() => order('2027-01-05', { unit: { ...unit, creditCode: wrong } }), 'CREDIT_CODE_INVALID');
  });

  it('refuses a case with an open record (ordered, refused, recorded or objected), and anyone but 市信用办', () => {
    for (const status of ['ordered', 'refused', 'recorded', 'objected'] as const) {
      expectError(() => order('2027-01-05', { openRecord: { number: 'XY2027-0001', status } }), 'CREDIT_RECORD_DUPLICATE');
    }
    for (const who of [debtor, county, actor('business_office', 'u-yingshangban'), actor('leader', 'u-city-gov')]) {
      expectError(() => order('2027-01-05', { actor: who }), 'FORBIDDEN');
    }
  });
});

describe('the outcome of the order, then the determination (发改财金〔2023〕1103号)', () => {
  const rectify = (rectifiedOn: string): CreditCommand => ({ action: 'record_rectified', expectedVersion: 1, rectifiedOn, evidence: '已于期限内付清，附国库支付凭证' });
  const lapse: CreditCommand = { action: 'record_refusal', expectedVersion: 1, ground: 'lapse', facts: '期限届满仍未付款' };
  const written: CreditCommand = { action: 'record_refusal', expectedVersion: 1, ground: 'written', facts: '复函拒绝付款' };
  const determine = (breachOn: string): CreditCommand => ({ action: 'record', expectedVersion: 2, facts: '逾期未付，经责令整改仍未整改', basis: ARREARS_BREACH_BASIS, breachOn });

  it('records a rectification made by the deadline, the deadline itself included: the record ends without a breach', () => {
    const onDeadline = decideCreditCommand(ordered(), rectify('2027-01-26'), context(creditOffice, true, '2027-01-27'));
    expect(onDeadline).toMatchObject({ type: 'record_rectified', statusAfter: 'rectified', changes: { status: 'rectified', rectifiedOn: '2027-01-26' } });
    expectError(() => decideCreditCommand(ordered(), rectify('2027-01-27'), context(creditOffice, true, '2027-01-27')), 'CREDIT_RECTIFICATION_LATE');
    expectError(() => decideCreditCommand(ordered(), rectify('2027-01-11'), context(creditOffice, true, '2027-01-10')), 'DATE_INVALID');
    expectError(() => decideCreditCommand(ordered(), rectify('2027-01-04'), context(creditOffice, true, '2027-01-10')), 'DATE_INVALID');
  });

  it('records a refusal for the lapse from the day after the deadline, never on it', () => {
    expectError(() => decideCreditCommand(ordered(), lapse, context(creditOffice, false, '2027-01-26')), 'CREDIT_DEADLINE_NOT_PASSED');
    const refused = decideCreditCommand(ordered(), lapse, context(creditOffice, false, '2027-01-27'));
    expect(refused).toMatchObject({
      type: 'record_refusal',
      statusAfter: 'refused',
      changes: { status: 'refused', refusalGround: 'lapse', refusedOn: '2027-01-27' },
      payload: { ground: 'lapse', deadline: '2027-01-26' },
    });
  });

  it('records a written refusal at any time before the deadline', () => {
    expect(decideCreditCommand(ordered(), written, context(creditOffice, false, '2027-01-06'))).toMatchObject({ statusAfter: 'refused', changes: { refusalGround: 'written', refusedOn: '2027-01-06' } });
  });

  it('determines the breach only after a recorded refusal, dated from the refusal to today', () => {
    expectError(() => decideCreditCommand(ordered({ version: 2 }), determine('2027-01-27'), context(creditOffice, false, '2027-01-27')), 'CREDIT_NOT_IN_STATUS');
    const refused = snapshot({ status: 'refused', version: 2 });
    const determined = decideCreditCommand(refused, determine('2027-01-28'), context(creditOffice, false, '2027-01-28'));
    expect(determined).toMatchObject({ type: 'record', statusAfter: 'recorded', changes: { status: 'recorded', breachOn: '2027-01-28', basis: ARREARS_BREACH_BASIS } });
    expectError(() => decideCreditCommand(refused, determine('2027-01-26'), context(creditOffice, false, '2027-01-28')), 'DATE_INVALID');
    expectError(() => decideCreditCommand(refused, determine('2027-01-29'), context(creditOffice, false, '2027-01-28')), 'DATE_INVALID');
  });

  it('leaves every step before the determination to 市信用办; the unit may not object to an order', () => {
    for (const who of [debtor, county]) {
      expectError(() => decideCreditCommand(ordered(), written, context(who, false, '2027-01-06')), 'FORBIDDEN');
      expectError(() => decideCreditCommand(ordered(), rectify('2027-01-06'), context(who, true, '2027-01-06')), 'FORBIDDEN');
      expect(availableCreditActions(who, ordered(), true)).toEqual([]);
    }
    expect(availableCreditActions(creditOffice, ordered(), false)).toEqual(['record_rectified', 'record_refusal']);
    expect(availableCreditActions(creditOffice, snapshot({ status: 'refused', version: 2 }), false)).toEqual(['record']);
    expect(availableCreditActions(creditOffice, snapshot({ status: 'rectified', version: 2 }), true)).toEqual([]);
    expectError(() => decideCreditCommand(snapshot({ status: 'rectified', version: 1 }), written, context(creditOffice)), 'CREDIT_NOT_IN_STATUS');
  });
});

describe('the basis a record cites (2025 numbering of 保障中小企业款项支付条例)', () => {
  it('cites Arts. 9 and 26 for an arrear, never the 2020 numbering’s 第八条', () => {
    expect(ARREARS_BREACH_BASIS).toBe('《保障中小企业款项支付条例》第九条、第二十六条');
    expect(suggestedBreachBasis('arrears')).toBe(ARREARS_BREACH_BASIS);
    expect(paymentRegulationBasis([26, 15, 9, 15])).toBe('《保障中小企业款项支付条例》第九条、第十五条、第二十六条');
    expect(suggestedBreachBasis('investment')).toBe('《优化营商环境条例》第三十一条');
    expect(ARREARS_BREACH_BASIS).not.toContain('第八条');
  });
});

describe('objection and repair', () => {
  it('lets the unit or its county object once; 信用办 upholds (revoked) or rejects (recorded)', () => {
    for (const who of [debtor, county]) {
      expect(decideCreditCommand(snapshot(), objection, context(who))).toMatchObject({ type: 'object', statusAfter: 'objected' });
    }
    const objected = snapshot({ status: 'objected', version: 4 });
    const upheld = decideCreditCommand(objected, { action: 'decide_objection', expectedVersion: 4, decision: 'upheld', reason: '已在期限内支付' }, context(creditOffice));
    expect(upheld).toMatchObject({ statusAfter: 'revoked', changes: { status: 'revoked', revokedOn: '2027-01-10', objectionDecision: 'upheld' } });
    const rejected = decideCreditCommand(objected, { action: 'decide_objection', expectedVersion: 4, decision: 'rejected', reason: '理由不成立' }, context(creditOffice));
    expect(rejected).toMatchObject({ statusAfter: 'recorded', changes: { status: 'recorded', objectionDecision: 'rejected' } });
    const again = snapshot({ version: 5, objectionDecision: 'rejected' });
    expectError(() => decideCreditCommand(again, { ...objection, expectedVersion: 5 }, context(debtor)), 'CREDIT_NOT_IN_STATUS');
  });

  it('hides another unit’s record, and refuses another county’s objection', () => {
    expectError(() => decideCreditCommand(snapshot(), objection, context(otherUnit)), 'CREDIT_RECORD_NOT_FOUND');
    expectError(() => decideCreditCommand(snapshot(), objection, context(otherCounty)), 'CREDIT_RECORD_NOT_FOUND');
    expectError(() => decideCreditCommand(snapshot(), objection, context(creditOffice)), 'FORBIDDEN');
    expectError(() => decideCreditCommand(snapshot(), objection, context(actor('leader', 'u-city-gov'))), 'FORBIDDEN');
  });

  it('refuses a stale version and decisions without a pending objection or application', () => {
    expectError(() => decideCreditCommand(snapshot({ version: 4 }), objection, context(debtor)), 'VERSION_CONFLICT');
    const decideObjection: CreditCommand = { action: 'decide_objection', expectedVersion: 3, decision: 'upheld', reason: '成立' };
    expectError(() => decideCreditCommand(snapshot(), decideObjection, context(creditOffice)), 'CREDIT_NOT_IN_STATUS');
    const decideRepair: CreditCommand = { action: 'decide_repair', expectedVersion: 3, decision: 'approved', reason: '同意' };
    expectError(() => decideCreditCommand(snapshot(), decideRepair, context(creditOffice)), 'CREDIT_NOT_IN_STATUS');
    for (const status of ['ordered', 'rectified', 'refused', 'revoked', 'repaired'] as const) {
      expectError(() => decideCreditCommand(snapshot({ status }), objection, context(debtor)), 'CREDIT_NOT_IN_STATUS');
    }
  });

  it('lets the unit apply for repair only once the case is settled, closed or paid; 信用办 approves (repaired) or rejects', () => {
    const apply: CreditCommand = { action: 'apply_repair', expectedVersion: 3, measures: '已全额支付并完善合同管理制度' };
    expectError(() => decideCreditCommand(snapshot(), apply, context(debtor, false)), 'CREDIT_REPAIR_NOT_ELIGIBLE');
    expect(decideCreditCommand(snapshot(), apply, context(debtor, true))).toMatchObject({ statusAfter: 'recorded', changes: { repairAppliedAt: now, repairDecision: null } });
    const pending = snapshot({ version: 4, repairAppliedAt: now });
    expectError(() => decideCreditCommand(pending, { ...apply, expectedVersion: 4 }, context(debtor, true)), 'CREDIT_NOT_IN_STATUS');
    expectError(() => decideCreditCommand(pending, { ...objection, expectedVersion: 4 }, context(debtor, true)), 'CREDIT_NOT_IN_STATUS');
    const approve: CreditCommand = { action: 'decide_repair', expectedVersion: 4, decision: 'approved', reason: '整改到位' };
    expect(decideCreditCommand(pending, approve, context(creditOffice, true))).toMatchObject({ statusAfter: 'repaired', changes: { status: 'repaired', repairedOn: '2027-01-10' } });
    const reject: CreditCommand = { ...approve, decision: 'rejected', reason: '材料不全' };
    const rejected = decideCreditCommand(pending, reject, context(creditOffice, true));
    expect(rejected.statusAfter).toBe('recorded');
    expect(rejected.changes.status).toBeUndefined();
    // Rejected: the unit may apply again.
    const afterRejection = snapshot({ version: 5, repairAppliedAt: now, repairDecision: 'rejected' });
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
