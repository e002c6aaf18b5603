import { describe, expect, it } from 'vitest';
import { ACTORS, act, calendar, expectError, registered } from '../../../../test/support/domain.ts';
import { addWorkingDays } from '../../calendar.ts';
import { availableActions } from '../../case/available-actions.ts';
import { caseCommandSchema } from '../../case/commands.ts';
import { outstandingAmount, type CaseOf } from '../../case/record.ts';
import { lineModule } from '../registry.ts';
import { DELIVERY_WORKING_DAYS } from './steps.ts';

const TODAY = '2026-03-02';
const PROMISE = '《汉东区招商引资项目投资协议》（HD-ZS-2024-017）第六条：投产后给予设备购置补助600万元';
const WAN = 1_000_000;

const investmentCase = (): CaseOf<'investment'> =>
  registered<'investment'>(TODAY, {
    line: 'investment',
    number: 'ZS2026-00001',
    title: '汉东区政府未兑现招商协议约定的设备购置补助',
    facts: '2024年签订的投资协议第六条约定，项目投产后给予设备购置补助600万元，至今未兑现。',
    claimedAmount: 600 * WAN,
  });

type Classification = {
  legality: 'compliant' | 'flawed';
  situation: 'perform' | 'budget' | 'lawful_change' | 'conditions_unmet' | 'beyond_capacity';
  legalityReason?: string;
  amount?: number;
  performBy?: string;
  budgetDifficulty?: string;
  changeReason?: 'national_interest' | 'public_interest' | 'planning' | 'national_policy' | 'other_legal';
  changeAuthority?: string;
};

const classified = (classification: Classification, today = TODAY) =>
  act(investmentCase(), { action: 'classify', classification: { line: 'investment', promise: PROMISE, ...classification } }, ACTORS.debtor, today);

describe('a compliant promise the government can keep (I1)', () => {
  it('is kept by its date within the year: money paid one by one settles it, the year rule stands beside it', () => {
    const { record, event } = classified({ legality: 'compliant', situation: 'perform', amount: 600 * WAN, performBy: '2026-06-30' });
    expect(event.rule).toBe('I1');
    expect(record.state).toBe('performing');
    expect(record.deadline).toBe('2026-06-30');
    expect(record.confirmedAmount).toBe(600 * WAN);
    expect(lineModule('investment')!.yearRule(record)).toEqual({ dueOn: '2026-06-30', exceptionApproved: false });
    expect(availableActions(record, ACTORS.debtor)).not.toContain('fulfil');
    const first = act(record, { action: 'record_payment', paidOn: TODAY, amount: 200 * WAN, voucher: '汉东财拨〔2026〕31号' }, ACTORS.debtor, TODAY);
    expect(first.record.state).toBe('performing');
    expectError(() => act(first.record, { action: 'record_payment', paidOn: TODAY, amount: 401 * WAN, voucher: 'X-2' }, ACTORS.debtor, TODAY), 'PAYMENT_EXCEEDS_OUTSTANDING');
    expectError(() => act(first.record, { action: 'fulfil', evidence: '已兑现' }, ACTORS.debtor, TODAY), 'RULE_VIOLATION');
    const last = act(first.record, { action: 'record_payment', paidOn: TODAY, amount: 400 * WAN, voucher: '汉东财拨〔2026〕44号' }, ACTORS.debtor, TODAY);
    expect(last.record.state).toBe('settled');
    expect(last.event.rule).toBe('I1');
    expect(outstandingAmount(last.record)).toBe(0);
  });

  it('defaults the date to the year end, refuses a date across the year, and keeps a land promise by evidence', () => {
    expect(classified({ legality: 'compliant', situation: 'perform' }).record.deadline).toBe('2026-12-31');
    expectError(() => classified({ legality: 'compliant', situation: 'perform', performBy: '2027-01-15' }), 'RULE_VIOLATION');
    expectError(() => classified({ legality: 'compliant', situation: 'perform', performBy: '2026-03-01' }), 'VALIDATION_FAILED');
    const land = classified({ legality: 'compliant', situation: 'perform', performBy: '2026-09-30' }).record;
    expect(land.confirmedAmount).toBeNull();
    const kept = act(land, { action: 'fulfil', evidence: '项目用地50亩已完成挂牌出让并交付，汉东不动产权第0012号' }, ACTORS.debtor, TODAY);
    expect(kept.record.state).toBe('settled');
  });

  it('crosses the year only on 营商办\'s approval (the A2 procedure)', () => {
    const { record } = classified({ legality: 'compliant', situation: 'perform', amount: 600 * WAN, performBy: '2026-12-31' }, '2026-11-20');
    expectError(() => act(record, { action: 'request_year_exception', reason: '预算不足', newDueOn: '2026-12-30' }, ACTORS.debtor, '2026-11-20'), 'YEAR_EXCEPTION_NOT_APPLICABLE');
    const requested = act(record, { action: 'request_year_exception', reason: '补助资金须经2027年预算安排', newDueOn: '2027-03-31' }, ACTORS.debtor, '2026-11-20');
    expect(requested.record.deadline).toBe('2026-12-31');
    const approved = act(requested.record, { action: 'approve_year_exception', approved: true, opinion: '同意，2027年一季度兑现' }, ACTORS.businessOffice, '2026-11-21');
    expect(approved.record.deadline).toBe('2027-03-31');
    expect(lineModule('investment')!.yearRule(approved.record)).toEqual({ dueOn: '2027-03-31', exceptionApproved: true });
  });
});

describe('a compliant promise with a limited budget (I2): deferred only with the enterprise\'s consent', () => {
  const budget = () => classified({ legality: 'compliant', situation: 'budget', amount: 600 * WAN, budgetDifficulty: '区级财政2026年度预算已执行完毕' }).record;

  it('plans a deferral, puts it to the enterprise, and performs by the new date once it agrees', () => {
    const record = budget();
    expect(record.state).toBe('planning');
    expect(record.rule).toBe('I2');
    const proposed = act(record, { action: 'propose_plan', deferral: { newDate: '2026-09-30', reason: '补助已列入年中预算调整' } }, ACTORS.debtor, TODAY);
    expect(proposed.record.state).toBe('awaiting_consent');
    expect(proposed.record.deferral).toBeNull();
    expectError(() => act(proposed.record, { action: 'consent' }, ACTORS.businessOffice, TODAY), 'VALIDATION_FAILED');
    const agreed = act(proposed.record, { action: 'consent', note: '同意延期至9月底' }, ACTORS.enterprise, TODAY);
    expect(agreed.event.payload).toMatchObject({ by: 'enterprise' });
    expect(agreed.record).toMatchObject({ state: 'performing', deadline: '2026-09-30', deferral: { newDate: '2026-09-30' }, proposedDeferral: null });
    expect(lineModule('investment')!.yearRule(agreed.record)).toBeNull();
  });

  it('goes back to planning when the enterprise objects, and requires the budget difficulty', () => {
    const proposed = act(budget(), { action: 'propose_plan', deferral: { newDate: '2026-09-30', reason: '年中预算调整' } }, ACTORS.debtor, TODAY).record;
    const objected = act(proposed, { action: 'object', reason: '延期过长，影响二期投资' }, ACTORS.enterprise, TODAY);
    expect(objected.record).toMatchObject({ state: 'planning', proposedDeferral: null, deferral: null });
    expectError(() => classified({ legality: 'compliant', situation: 'budget' }), 'VALIDATION_FAILED');
  });
});

describe('a lawful change (I3): authority, procedure and compensation', () => {
  const changing = () =>
    classified({ legality: 'compliant', situation: 'lawful_change', changeReason: 'planning', changeAuthority: '汉东区人民政府常务会议' }).record;

  it('reaches changing, and settles only with the change\'s basis, procedure and the compensation paid', () => {
    const record = changing();
    expect(record.state).toBe('changing');
    expect(record.investmentProblem?.change).toEqual({ reason: 'planning', authority: '汉东区人民政府常务会议' });
    const command = { action: 'compensate' as const, legalBasis: '汉东政函〔2026〕15号 关于调整高新园区控规的批复', procedure: '评估、听证、区政府常务会议决定', amount: 180 * WAN };
    expectError(() => act(record, command, ACTORS.debtor, TODAY), 'VALIDATION_FAILED');
    const done = act(record, { ...command, paidOn: TODAY, voucher: '汉东财补〔2026〕8号' }, ACTORS.debtor, TODAY);
    expect(done.event.rule).toBe('I3');
    expect(done.record).toMatchObject({ state: 'settled', confirmedAmount: 180 * WAN, paidAmount: 180 * WAN });
    expect(done.record.lawfulChange).toMatchObject({ compensation: 180 * WAN, voucher: '汉东财补〔2026〕8号' });
  });

  it('requires the reason from the closed list and the authority', () => {
    expectError(() => classified({ legality: 'compliant', situation: 'lawful_change', changeAuthority: '区政府' }), 'VALIDATION_FAILED');
    expectError(() => classified({ legality: 'compliant', situation: 'lawful_change', changeReason: 'public_interest' }), 'VALIDATION_FAILED');
    const bad = caseCommandSchema.safeParse({
      action: 'classify',
      expectedVersion: 1,
      classification: { line: 'investment', legality: 'compliant', situation: 'lawful_change', promise: PROMISE, changeReason: '领导更换' },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/法定事由/);
  });
});

describe('a flawed promise (I4, I5) and the dispute path (I6)', () => {
  it('refuses a legality that does not fit the situation, and a flawed promise without its reason', () => {
    expectError(() => classified({ legality: 'compliant', situation: 'conditions_unmet' }), 'VALIDATION_FAILED');
    expectError(() => classified({ legality: 'flawed', situation: 'perform', legalityReason: '超出权限' }), 'VALIDATION_FAILED');
    expectError(() => classified({ legality: 'flawed', situation: 'beyond_capacity' }), 'VALIDATION_FAILED');
  });

  it('I5: lowers the terms, recording the new against the old, and delivers them', () => {
    const { record, event } = classified({ legality: 'flawed', situation: 'beyond_capacity', legalityReason: '承诺“三年内免收土地出让金”违反土地出让规定' });
    expect(event.rule).toBe('I5');
    expect(record.state).toBe('negotiating');
    expectError(() => act(record, { action: 'agree', amount: 0, document: '协商纪要' }, ACTORS.debtor, TODAY), 'RULE_VIOLATION');
    const lowered = act(record, { action: 'agree', amount: 120 * WAN, terms: '改为按实际投资额给予基础设施配套补助120万元', document: '补充协议（2026）3号' }, ACTORS.debtor, TODAY);
    expect(lowered.event.rule).toBe('I5');
    expect(lowered.record.state).toBe('performing');
    expect(lowered.record.deadline).toBe(addWorkingDays(TODAY, DELIVERY_WORKING_DAYS, calendar));
    expect(lowered.record.agreedTerms).toMatchObject({ original: PROMISE, agreed: '改为按实际投资额给予基础设施配套补助120万元', amount: 120 * WAN });
    // The money paid does not settle the case while the agreed terms are still to be delivered.
    const paid = act(lowered.record, { action: 'record_payment', paidOn: TODAY, amount: 120 * WAN, voucher: '汉东财拨〔2026〕52号' }, ACTORS.debtor, TODAY);
    expect(paid.record.state).toBe('performing');
    const kept = act(paid.record, { action: 'fulfil', evidence: '补充协议约定事项已全部落实' }, ACTORS.debtor, TODAY);
    expect(kept.record.state).toBe('settled');
  });

  it('I4: the parties may agree nothing more is owed; I6: escalation, mediation with the courts recorded, litigation and judgment', () => {
    const { record } = classified({ legality: 'flawed', situation: 'conditions_unmet', legalityReason: '企业未按约定完成5亿元投资' });
    expect(record.rule).toBe('I4');
    const released = act(record, { action: 'agree', amount: 0, document: '协商纪要（2026）2号' }, ACTORS.debtor, TODAY);
    expect(released.record.state).toBe('settled');
    const escalated = act(record, { action: 'escalate', reason: '企业不接受协商结果' }, ACTORS.debtor, TODAY);
    expect(escalated.event.rule).toBe('I6');
    const mediated = act(escalated.record, { action: 'agree', amount: 80 * WAN, document: '调解方案', mediators: '汉江市中级人民法院、汉江市司法局' }, ACTORS.businessOffice, TODAY);
    expect(mediated.event.rule).toBe('I6');
    expect(mediated.record.agreedTerms).toMatchObject({ mediators: '汉江市中级人民法院、汉江市司法局', rule: 'I6' });
    const litigating = act(escalated.record, { action: 'litigate', reason: '调解未果', court: '汉江市中级人民法院' }, ACTORS.businessOffice, TODAY).record;
    const judged = act(litigating, { action: 'judge', amount: 50 * WAN, judgmentNo: '（2026）鄂06民初12号', court: '汉江市中级人民法院', judgedOn: TODAY }, ACTORS.businessOffice, TODAY);
    expect(judged.record).toMatchObject({ state: 'performing', confirmedAmount: 50 * WAN });
    const none = act(litigating, { action: 'judge', amount: 0, judgmentNo: '（2026）鄂06民初13号', court: '汉江市中级人民法院', judgedOn: TODAY }, ACTORS.businessOffice, TODAY);
    expect(none.record.state).toBe('settled');
  });

  it('refuses facts that belong to another situation, so nothing given is dropped', () => {
    expectError(() => classified({ legality: 'flawed', situation: 'conditions_unmet', legalityReason: '未达条件', amount: 10 * WAN }), 'VALIDATION_FAILED');
    expectError(() => classified({ legality: 'compliant', situation: 'budget', budgetDifficulty: '预算不足', performBy: '2026-06-30' }), 'VALIDATION_FAILED');
    expectError(() => classified({ legality: 'compliant', situation: 'perform', changeReason: 'planning' }), 'VALIDATION_FAILED');
  });
});
