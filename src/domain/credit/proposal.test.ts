import { describe, expect, it } from 'vitest';
import { ACTORS, act, expectError, registered } from '../../../test/support/domain.ts';
import type { Actor } from '../access/roles.ts';
import type { CaseOf, CaseRecord } from '../case/record.ts';
import { AppError } from '../errors.ts';
import {
  decideCreditProposal,
  mayProposeBreach,
  maySeeProposal,
  proposalAbility,
  proposalCaseProblem,
  suggestedProposalFacts,
  type ProposalBlockers,
  type ProposalUnit,
} from './proposal.ts';

const TODAY = '2026-03-02';
const AFTER = '2026-07-01';
const PROMISE = '《汉东区招商引资项目投资协议》（HD-ZS-2024-017）第六条：投产后给予设备购置补助600万元';
const WAN = 1_000_000;
const RESPONSIBLE: ProposalUnit = { id: 'u-handong-jiaoyuju', name: '汉东区教育局', kind: 'department' };
const ZHAOSHANGJU = 'u-zhaoshangju';
const NONE: ProposalBlockers = { openRecord: null, pendingProposalAt: null };

const investmentBureau: Actor = { id: 'acc-zhaoshangju', name: '市招商局', role: 'lead_bureau', unitId: ZHAOSHANGJU, jurisdictionScope: [] };
const creditOffice: Actor = { id: 'acc-xinyongban', name: '市信用办', role: 'credit_office', unitId: 'u-xinyongban', jurisdictionScope: [] };

const investmentCase = (): CaseOf<'investment'> =>
  registered<'investment'>(TODAY, {
    line: 'investment',
    number: 'ZS2026-00001',
    title: '汉东区政府未兑现招商协议约定的设备购置补助',
    facts: '投资协议第六条约定的设备购置补助至今未兑现。',
    leadUnitId: ZHAOSHANGJU,
    cooperatingUnitIds: [],
    claimedAmount: 600 * WAN,
  });

type Classification = {
  legality: 'compliant' | 'flawed';
  situation: 'perform' | 'budget' | 'lawful_change' | 'conditions_unmet' | 'beyond_capacity';
  legalityReason?: string;
  amount?: number;
  performBy?: string;
  budgetDifficulty?: string;
  changeReason?: 'planning';
  changeAuthority?: string;
};

const classified = (classification: Classification): CaseOf<'investment'> =>
  act(investmentCase(), { action: 'classify', classification: { line: 'investment', promise: PROMISE, ...classification } }, ACTORS.businessOffice, TODAY).record;

const performing = () => classified({ legality: 'compliant', situation: 'perform', amount: 600 * WAN, performBy: '2026-06-30' });

const propose = (record: CaseRecord, options: { actor?: Actor; today?: string; blockers?: ProposalBlockers; unit?: ProposalUnit } = {}) =>
  decideCreditProposal({
    actor: options.actor ?? ACTORS.businessOffice,
    today: options.today ?? AFTER,
    record,
    unit: options.unit ?? RESPONSIBLE,
    facts: '承诺的设备购置补助逾期未兑现',
    blockers: options.blockers ?? NONE,
  });

const refusal = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('who may propose a case to 信用办 (S4, SPEC §6)', () => {
  it('is 营商办, or the bureau that leads the case (市招商局 on an investment case)', () => {
    const record = performing();
    expect(mayProposeBreach(ACTORS.businessOffice, record)).toBe(true);
    expect(mayProposeBreach(investmentBureau, record)).toBe(true);
    // 经信局 leads arrears, not this case; the county, the debtor, the enterprise and 信用办 itself propose nothing.
    for (const actor of [ACTORS.leadBureau, ACTORS.county, ACTORS.debtor, ACTORS.enterprise, ACTORS.leader, creditOffice]) {
      expect(mayProposeBreach(actor, record)).toBe(false);
    }
    expect(maySeeProposal(creditOffice, record)).toBe(true);
    expect(maySeeProposal(ACTORS.leader, record)).toBe(true);
    expect(maySeeProposal(ACTORS.enterprise, record)).toBe(false);
  });

  it('hides a case its reader may not read (CASE_NOT_FOUND) and refuses a reader who may not propose (FORBIDDEN)', () => {
    const record = performing();
    expectError(() => propose(record, { actor: ACTORS.otherEnterprise }), 'CASE_NOT_FOUND');
    expectError(() => propose(record, { actor: ACTORS.otherCounty }), 'CASE_NOT_FOUND');
    expectError(() => propose(record, { actor: ACTORS.enterprise }), 'FORBIDDEN');
    expectError(() => propose(record, { actor: ACTORS.county }), 'FORBIDDEN');
  });
});

describe('an investment promise is proposed only when confirmed broken without lawful reason (I1–I5, S2)', () => {
  it('accepts a compliant promise the government can keep (I1) once its date has passed', () => {
    expect(propose(performing(), { actor: investmentBureau })).toEqual({ caseId: performing().id, unitId: RESPONSIBLE.id, facts: '承诺的设备购置补助逾期未兑现' });
    expect(proposalCaseProblem(performing(), AFTER)).toBeNull();
  });

  it('refuses it before the date unless it was urged, supervised or noticed for being overdue', () => {
    const record = performing();
    const early = refusal(() => propose(record, { today: '2026-06-30' }));
    expect(early.code).toBe('CREDIT_CASE_NOT_ELIGIBLE');
    expect(early.message).toContain('既未逾期');
    const urged = act(record, { action: 'supervise', level: 'urging', note: '请尽快兑现' }, ACTORS.businessOffice, TODAY).record;
    expect(proposalCaseProblem(urged, '2026-06-30')).toBeNull();
    const reminded = act(record, { action: 'supervise', level: 'reminder', note: '临近期限' }, ACTORS.businessOffice, TODAY).record;
    expect(proposalCaseProblem(reminded, '2026-06-30')).toMatch(/既未逾期/);
  });

  it('accepts a compliant promise with a limited budget (I2) that is overdue', () => {
    const record = classified({ legality: 'compliant', situation: 'budget', amount: 600 * WAN, budgetDifficulty: '区级财政预算已执行完毕' });
    expect(record.deadline).not.toBeNull();
    expect(proposalCaseProblem(record, '2026-12-31')).toBeNull();
  });

  it('refuses a lawful change (I3): the enterprise is compensated, nobody broke faith', () => {
    const record = classified({ legality: 'compliant', situation: 'lawful_change', changeReason: 'planning', changeAuthority: '汉东区人民政府常务会议' });
    const error = refusal(() => propose(record, { today: '2027-06-30' }));
    expect(error.code).toBe('CREDIT_CASE_NOT_ELIGIBLE');
    expect(error.message).toMatch(/法定事由.*I3.*不能提请认定失信/);
  });

  it('refuses a flawed promise (I4, I5), which is negotiated, and a promise not yet reviewed', () => {
    const flawed = classified({ legality: 'flawed', situation: 'beyond_capacity', legalityReason: '承诺“三年内免收土地出让金”违反土地出让规定' });
    expect(proposalCaseProblem(flawed, '2027-06-30')).toMatch(/有瑕疵.*I5/);
    const unmet = classified({ legality: 'flawed', situation: 'conditions_unmet', legalityReason: '企业未达到投资额' });
    expect(proposalCaseProblem(unmet, '2027-06-30')).toMatch(/有瑕疵.*I4/);
    const unclassified = investmentCase();
    expect(proposalCaseProblem(unclassified, '2027-06-30')).toMatch(/尚未作合法性审查/);
    expectError(() => propose(unclassified, { today: '2027-06-30' }), 'CREDIT_CASE_NOT_ELIGIBLE');
  });

  it('refuses a promise kept, even when its written feedback is late or it was kept only after being urged (1103号: nothing left to rectify)', () => {
    const pay = { action: 'record_payment', paidOn: TODAY, amount: 600 * WAN, voucher: '汉东财拨〔2026〕44号' } as const;
    const kept = act(performing(), pay, ACTORS.businessOffice, TODAY).record;
    expect(kept.state).toBe('settled');
    expect(proposalCaseProblem(kept, '2027-06-30')).toMatch(/承诺已兑现，无需责令整改/);
    expectError(() => propose(kept, { today: '2027-06-30' }), 'CREDIT_CASE_NOT_ELIGIBLE');
    const urged = act(performing(), { action: 'supervise', level: 'supervision', note: '逾期未兑现，挂牌督办' }, ACTORS.businessOffice, TODAY).record;
    expect(proposalCaseProblem(urged, '2026-06-30')).toBeNull();
    expect(proposalCaseProblem(act(urged, pay, ACTORS.businessOffice, TODAY).record, '2027-06-30')).toMatch(/承诺已兑现/);
  });
});

describe('on the other lines the breach rule alone applies (S4)', () => {
  it('accepts an overdue arrear and refuses one within its time limit', () => {
    const arrear = act(registered(TODAY), { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 30_000_000 } }, ACTORS.debtor, TODAY).record;
    expect(proposalCaseProblem(arrear, '2027-01-05')).toBeNull();
    expect(proposalCaseProblem(arrear, TODAY)).toMatch(/既未逾期/);
    // 经信局 leads the arrear in the fixture.
    expect(propose(arrear, { actor: ACTORS.leadBureau, today: '2027-01-05' }).unitId).toBe(RESPONSIBLE.id);
  });
});

describe('one proposal per case while no record is open', () => {
  it('refuses a second proposal, and a case already ordered to rectify or recorded', () => {
    const record = performing();
    expectError(() => propose(record, { blockers: { openRecord: null, pendingProposalAt: '2026-07-01T02:00:00.000Z' } }), 'CREDIT_PROPOSAL_DUPLICATE');
    for (const status of ['ordered', 'refused', 'recorded', 'objected'] as const) {
      const open = refusal(() => propose(record, { blockers: { openRecord: { number: 'XY2026-0001', status }, pendingProposalAt: null } }));
      expect(open).toMatchObject({ code: 'CREDIT_RECORD_DUPLICATE', details: { number: 'XY2026-0001', status } });
    }
  });

  it('refuses a responsible unit that is not a 机关 or 事业单位: a court, an SOE', () => {
    expectError(() => propose(performing(), { unit: { ...RESPONSIBLE, name: '汉东区人民法院', kind: 'court' } }), 'CREDIT_UNIT_NOT_ELIGIBLE');
    const soe = refusal(() => propose(performing(), { unit: { ...RESPONSIBLE, name: '汉东区城市建设投资有限公司', kind: 'soe' } }));
    expect(soe).toMatchObject({ code: 'CREDIT_UNIT_NOT_ELIGIBLE', message: expect.stringContaining('责任单位“汉东区城市建设投资有限公司”是国有企业') });
  });

  it('offers the button exactly when the proposal would be accepted, with the reason otherwise', () => {
    const record = performing();
    expect(proposalAbility(investmentBureau, record, RESPONSIBLE, AFTER, NONE)).toEqual({ canPropose: true, reason: null });
    expect(proposalAbility(investmentBureau, record, RESPONSIBLE, TODAY, NONE)).toMatchObject({ canPropose: false, reason: expect.stringMatching(/既未逾期/) });
    expect(proposalAbility(ACTORS.county, record, RESPONSIBLE, AFTER, NONE).canPropose).toBe(false);
  });
});

describe('the facts the form starts from', () => {
  it('names the unit, the enterprise, the promise, its date and the supervision', () => {
    const urged = act(performing(), { action: 'supervise', level: 'urging', note: '请尽快兑现' }, ACTORS.businessOffice, TODAY).record;
    const facts = suggestedProposalFacts(urged, '汉东区教育局', AFTER);
    expect(facts).toContain('汉东区教育局对汉江市楚风建筑工程有限公司作出的招商引资承诺');
    expect(facts).toContain(PROMISE);
    expect(facts).toContain('应于2026-06-30前兑现，逾期至今未兑现，已被催办');
    expect(facts).toContain('ZS2026-00001');
    expect(suggestedProposalFacts(performing(), '汉东区教育局', TODAY)).toContain('经审查合法合规，至今未兑现，且无法定变更事由');
  });

  it('names the time limit as such when the case is not performing (an I2 deferral awaiting the enterprise)', () => {
    const budget = classified({ legality: 'compliant', situation: 'budget', amount: 600 * WAN, budgetDifficulty: '区级财政预算已执行完毕' });
    expect(suggestedProposalFacts(budget, '汉东区教育局', '2026-12-31')).toContain(`办理期限${budget.deadline}已过，至今未兑现`);
    const arrear = act(registered(TODAY), { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 30_000_000 } }, ACTORS.debtor, TODAY).record;
    expect(suggestedProposalFacts(arrear, '汉东区教育局', '2027-01-05')).toBe(
      `汉东区教育局：${arrear.title}，办理期限${arrear.deadline}已过，至今未办结（事项${arrear.number}）。`,
    );
  });
});
