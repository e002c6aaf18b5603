import { describe, expect, it } from 'vitest';
import { ACTORS, act, context, expectError, registered } from '../../../../test/support/domain.ts';
import { addWorkingDays } from '../../calendar.ts';
import { availableActions } from '../../case/available-actions.ts';
import { caseCommandSchema } from '../../case/commands.ts';
import type { CaseOf } from '../../case/record.ts';
import { lineModule } from '../registry.ts';
import { FULFILMENT_WORKING_DAYS } from './steps.ts';

const TODAY = '2026-03-02';

const policyCase = (): CaseOf<'policy'> =>
  registered<'policy'>(TODAY, {
    line: 'policy',
    number: 'HQ2026-00001',
    title: '汉东区科技局未兑现高新技术企业认定奖励',
    facts: '企业2025年通过高新技术企业认定，按“30条”第8条应获奖励30万元，至今未拨付。',
    claimedAmount: 30_000_000,
  });

const POLICY = '《汉江市支持科技创新若干政策》（30条）第8条';

type Classification = { category: 'awareness' | 'procedure' | 'fulfilment'; cause?: 'funds' | 'dispute'; amount?: number; dueOn?: string; fundsDifficulty?: string };

const classified = (classification: Classification) =>
  act(policyCase(), { action: 'classify', classification: { line: 'policy', policy: POLICY, ...classification } }, ACTORS.debtor, TODAY);

const PLAN = { measures: ['在部门网站首页发布政策解读', '编制申兑指南'], timeLimit: '2026-03-31', responsiblePerson: { name: '周丽', post: '政策法规科科长' } };

describe('知晓难 and 手续繁: the department rectifies on a plan (P1, P2)', () => {
  it('puts an awareness problem on a rectification plan that takes effect at once and is fulfilled as 整改完成 (P1)', () => {
    const { record, event } = classified({ category: 'awareness' });
    expect(event.rule).toBe('P1');
    expect(record.state).toBe('planning');
    expect(record.policyProblem).toEqual({ category: 'awareness', cause: null, policy: POLICY, fundsDifficulty: null });
    const planned = act(record, { action: 'propose_plan', rectification: PLAN }, ACTORS.debtor, TODAY);
    expect(planned.event.rule).toBe('P1');
    expect(planned.record.state).toBe('performing');
    expect(planned.record.deadline).toBe('2026-03-31');
    expect(planned.record.rectification?.measures).toEqual(PLAN.measures);
    const done = act(planned.record, { action: 'fulfil', evidence: '政策解读已于3月20日在科技局网站首页发布' }, ACTORS.debtor, TODAY);
    expect(done.record.state).toBe('settled');
    expect(done.event.rule).toBe('P1');
  });

  it('cites P2 for a procedure problem, and refuses a deferral instead of a rectification plan', () => {
    const { record, event } = classified({ category: 'procedure' });
    expect(event.rule).toBe('P2');
    expectError(() => act(record, { action: 'propose_plan', deferral: { newDate: '2026-06-30', reason: '资金未到位' } }, ACTORS.debtor, TODAY), 'VALIDATION_FAILED');
    expect(act(record, { action: 'propose_plan', rectification: PLAN }, ACTORS.debtor, TODAY).event.rule).toBe('P2');
  });

  it('refuses a cause of 兑现难 on a problem of knowing or procedure, and 兑现难 without a cause', () => {
    expectError(() => classified({ category: 'awareness', cause: 'funds' }), 'VALIDATION_FAILED');
    expectError(() => classified({ category: 'fulfilment' }), 'VALIDATION_FAILED');
  });
});

describe('兑现难, funds not in place (P3, P5)', () => {
  it('sends funds due to payment by their date, and settles once the disbursements reach the amount (P5)', () => {
    const { record, event } = classified({ category: 'fulfilment', cause: 'funds', amount: 30_000_000, dueOn: '2026-04-30' });
    expect(event.rule).toBe('P5');
    expect(record.state).toBe('performing');
    expect(record.deadline).toBe('2026-04-30');
    expect(record.confirmedAmount).toBe(30_000_000);
    expect(availableActions(record, ACTORS.debtor)).toContain('record_payment');
    expect(availableActions(record, ACTORS.debtor)).not.toContain('fulfil');
    const part = act(record, { action: 'record_payment', paidOn: TODAY, amount: 10_000_000, voucher: '汉东财拨〔2026〕31号' }, ACTORS.debtor, TODAY);
    expect(part.record.state).toBe('performing');
    expect(part.record.deadline).toBe('2026-04-30');
    expectError(() => act(part.record, { action: 'record_payment', paidOn: TODAY, amount: 20_000_001, voucher: '汉东财拨〔2026〕32号' }, ACTORS.debtor, TODAY), 'PAYMENT_EXCEEDS_OUTSTANDING');
    expectError(() => act(part.record, { action: 'record_payment', paidOn: TODAY, amount: 1, voucher: '汉东财拨〔2026〕31号' }, ACTORS.debtor, TODAY), 'RULE_VIOLATION');
    expectError(() => act(part.record, { action: 'fulfil', evidence: '已兑现' }, ACTORS.debtor, TODAY), 'RULE_VIOLATION');
    const paid = act(part.record, { action: 'record_payment', paidOn: TODAY, amount: 20_000_000, voucher: '汉东财拨〔2026〕32号' }, ACTORS.debtor, TODAY);
    expect(paid.record.state).toBe('settled');
    expect(paid.record.disbursements.map((item) => item.amount)).toEqual([10_000_000, 20_000_000]);
    expect(lineModule('policy')?.basis(paid.record)).toEqual(['P5']);
  });

  it('asks for the amount, and for a date or the difficulty that calls for a deferral', () => {
    expectError(() => classified({ category: 'fulfilment', cause: 'funds', dueOn: '2026-04-30' }), 'VALIDATION_FAILED');
    expectError(() => classified({ category: 'fulfilment', cause: 'funds', amount: 30_000_000 }), 'VALIDATION_FAILED');
    expectError(() => classified({ category: 'fulfilment', cause: 'funds', amount: 30_000_000, dueOn: '2026-03-01' }), 'VALIDATION_FAILED');
  });

  const deferred = () => {
    const { record, event } = classified({ category: 'fulfilment', cause: 'funds', amount: 30_000_000, fundsDifficulty: '区级配套资金未列入年初预算' });
    expect(event.rule).toBe('P3');
    expect(record.state).toBe('planning');
    return act(record, { action: 'propose_plan', deferral: { newDate: '2026-06-30', reason: '区级配套资金二季度到位' } }, ACTORS.debtor, TODAY).record;
  };

  it("defers only with the enterprise's agreement: the new date becomes the deadline once it consents (P3)", () => {
    const proposed = deferred();
    expect(proposed.state).toBe('awaiting_consent');
    expect(proposed.deferral).toBeNull();
    expect(proposed.proposedDeferral).toEqual({ newDate: '2026-06-30', reason: '区级配套资金二季度到位' });
    const { record, event } = act(proposed, { action: 'consent', note: '同意延期至6月30日' }, ACTORS.enterprise, TODAY);
    expect(event.payload).toMatchObject({ by: 'enterprise' });
    expect(record.state).toBe('performing');
    expect(record.deadline).toBe('2026-06-30');
    expect(record.deferral).toEqual({ newDate: '2026-06-30', reason: '区级配套资金二季度到位' });
    expect(lineModule('policy')?.basis(record)).toEqual(['P5', 'P3']);
  });

  it('goes back to planning when the enterprise does not agree, and staff record its answer only with its signed document (P3)', () => {
    const proposed = deferred();
    expectError(() => act(proposed, { action: 'consent' }, ACTORS.businessOffice, TODAY), 'VALIDATION_FAILED');
    const recorded = act(proposed, { action: 'consent', document: '企业盖章同意延期函（2026年3月2日）' }, ACTORS.businessOffice, TODAY);
    expect(recorded.event.payload).toMatchObject({ by: 'recorded' });
    const { record } = act(proposed, { action: 'object', reason: '延期过长，企业流动资金紧张' }, ACTORS.enterprise, TODAY);
    expect(record.state).toBe('planning');
    expect(record.proposedDeferral).toBeNull();
    expect(record.deferral).toBeNull();
  });

  it('refuses a deferral to a day already come', () => {
    const { record } = classified({ category: 'fulfilment', cause: 'funds', amount: 30_000_000, fundsDifficulty: '资金未到位' });
    expectError(() => act(record, { action: 'propose_plan', deferral: { newDate: TODAY, reason: '资金未到位' } }, ACTORS.debtor, TODAY), 'PLAN_DATES_INVALID');
  });
});

describe('兑现难, a disputed term (P4)', () => {
  it('negotiates, escalates, mediates, litigates and delivers what the judgment fixes by its date', () => {
    const { record, event } = classified({ category: 'fulfilment', cause: 'dispute', amount: 30_000_000 });
    expect(event.rule).toBe('P4');
    expect(record.state).toBe('negotiating');
    expect(record.confirmedAmount).toBeNull();
    const escalated = act(record, { action: 'escalate', reason: '科技局认为企业研发投入口径不符' }, ACTORS.debtor, TODAY);
    expect(escalated.event.rule).toBe('P4');
    expect(escalated.record.state).toBe('mediating');
    const litigating = act(escalated.record, { action: 'litigate', reason: '调解未果', court: '汉江市中级人民法院' }, ACTORS.businessOffice, TODAY);
    expect(litigating.record.deadline).toBeNull();
    const judged = act(
      litigating.record,
      { action: 'judge', amount: 25_000_000, judgmentNo: '（2026）鄂06行初3号', court: '汉江市中级人民法院', judgedOn: TODAY, dueOn: '2026-04-15' },
      ACTORS.businessOffice,
      TODAY,
    );
    expect(judged.record.state).toBe('performing');
    expect(judged.record.confirmedAmount).toBe(25_000_000);
    expect(judged.record.deadline).toBe('2026-04-15');
  });

  it("delivers an agreement within the line's working days; an agreement without money is fulfilled, not paid", () => {
    const { record } = classified({ category: 'fulfilment', cause: 'dispute' });
    const agreed = act(record, { action: 'agree', amount: 0, document: '关于资质认定条款适用的协商纪要' }, ACTORS.debtor, TODAY);
    expect(agreed.record.state).toBe('performing');
    // 30 working days from Monday 2 March 2026, with 清明 (Monday 6 April) off.
    expect(agreed.record.deadline).toBe(addWorkingDays(TODAY, FULFILMENT_WORKING_DAYS, context(ACTORS.debtor, TODAY).calendar));
    expect(agreed.record.deadline).toBe('2026-04-14');
    expect(availableActions(agreed.record, ACTORS.debtor)).toContain('fulfil');
    expect(availableActions(agreed.record, ACTORS.debtor)).not.toContain('record_payment');
    expect(act(agreed.record, { action: 'fulfil', evidence: '已出具资质认定文书' }, ACTORS.debtor, TODAY).record.state).toBe('settled');
  });
});

describe('registration and commands of the policy line', () => {
  it('refuses a policy case without an enterprise', () => {
    expectError(() => registered(TODAY, { line: 'policy', enterprise: null }), 'VALIDATION_FAILED');
  });

  it('parses the classification and the deferral at the schema, with Chinese messages', () => {
    const bad = caseCommandSchema.safeParse({ action: 'classify', expectedVersion: 1, classification: { line: 'policy', category: 'slow', policy: POLICY } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/问题类别/);
    const ok = caseCommandSchema.safeParse({ action: 'propose_plan', expectedVersion: 1, deferral: { newDate: '2026-06-30', reason: '资金未到位' } });
    expect(ok.success).toBe(true);
  });
});
