import { describe, expect, it } from 'vitest';
import { ACTORS, act, context, registered, UNITS, expectError } from '../../../../test/support/domain.ts';
import { availableActions } from '../../case/available-actions.ts';
import { caseCommandSchema } from '../../case/commands.ts';
import { decide } from '../../case/decide.ts';
import type { CaseOf } from '../../case/record.ts';

const TODAY = '2026-03-02';

const classified = (confirmedAmount: number, paymentDifficulty?: string, confirmedOn = TODAY) =>
  act(
    registered(TODAY),
    {
      action: 'classify',
      classification: { line: 'arrears', disputed: false, confirmedAmount, confirmedOn, ...(paymentDifficulty ? { paymentDifficulty } : {}) },
    },
    ACTORS.debtor,
    TODAY,
  );

describe('undisputed arrears (A1–A3)', () => {
  it('pays 500,000.00 元 in one lump sum due 31 December of the year confirmed (A1, A2)', () => {
    const { record, event } = classified(50_000_000);
    expect(event.rule).toBe('A1');
    expect(record.state).toBe('performing');
    expect(record.plan).toEqual({ kind: 'lump_sum', rule: 'A1', installments: [{ seq: 1, dueOn: '2026-12-31', amount: 50_000_000 }] });
    expect(record.deadline).toBe('2026-12-31');
  });

  it('refuses installments for 500,000.00 元 even with a claimed difficulty (A1)', () => {
    expectError(() => classified(50_000_000, '财政资金紧张'), 'DIFFICULTY_NOT_APPLICABLE');
  });

  it('lets 500,000.01 元 with a recorded difficulty go to an installment plan (A3)', () => {
    const { record, event } = classified(50_000_001, '年度预算已执行完毕，需分期安排');
    expect(event.rule).toBe('A3');
    expect(record.state).toBe('planning');
    expect(record.plan).toBeNull();
    expect(record.arrears?.paymentDifficulty).toBe('年度预算已执行完毕，需分期安排');
  });

  it('applies the lump sum and the year end in full to 500,000.01 元 without a recorded difficulty, citing A1 (A3 only where a plan is made)', () => {
    const { record, event } = classified(50_000_001);
    expect(record.state).toBe('performing');
    expect(record.plan).toMatchObject({ kind: 'lump_sum', rule: 'A1' });
    expect(event.rule).toBe('A1');
    expect(record.deadline).toBe('2026-12-31');
  });

  it('counts the year end from the confirmation date, so an amount confirmed in 2025 was due 2025-12-31 (A2)', () => {
    expect(classified(1_000_000, undefined, '2025-06-30').record.deadline).toBe('2025-12-31');
    expect(classified(1_000_000, undefined, '2025-12-31').record.deadline).toBe('2025-12-31');
  });

  it('rejects a confirmation date in the future and an undisputed amount of zero', () => {
    expectError(() => classified(1_000_000, undefined, '2026-03-03'), 'VALIDATION_FAILED');
    expectError(() => classified(0), 'VALIDATION_FAILED');
  });
});

describe('payment difficulties the regulation bans (保障中小企业款项支付条例 Arts. 12, 14)', () => {
  const classifiedWith = (classification: Record<string, unknown>) =>
    act(registered(TODAY), { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 80_000_000, ...classification } } as never, ACTORS.debtor, TODAY);
  const refusal = (classification: Record<string, unknown>) => {
    try {
      classifiedWith(classification);
    } catch (error) {
      const { code, message, details } = error as { code: string; message: string; details: Record<string, unknown> };
      return { code, message, details };
    }
    throw new Error('not refused');
  };

  it('refuses "等待决算审计后支付" typed in as a difficulty, quoting Art. 14', () => {
    expect(refusal({ paymentDifficulty: '等待决算审计后支付' })).toEqual({
      code: 'DELAY_REASON_BANNED',
      message:
        '“等待竣工验收备案或决算审计”不是支付困难，不能据此分期还款（A3）。《保障中小企业款项支付条例》第十四条规定：合同未作约定的，不得以等待竣工验收备案、决算审计等为由拒绝或者迟延支付中小企业款项',
      details: { field: 'paymentDifficulty', reason: 'awaiting_audit', article: '第十四条' },
    });
  });

  it('refuses each banned reason chosen from the list, and their usual wordings', () => {
    for (const [difficultyReason, article] of [
      ['representative_change', '第十四条'],
      ['internal_procedure', '第十四条'],
      ['awaiting_audit', '第十四条'],
      ['audit_as_basis', '第十二条'],
      ['third_party_payment', null],
    ] as const) {
      expect(refusal({ difficultyReason }).details).toEqual({ field: 'difficultyReason', reason: difficultyReason, article });
    }
    expect(refusal({ paymentDifficulty: '需履行内部审批程序' }).details.reason).toBe('internal_procedure');
    expect(refusal({ paymentDifficulty: '原法定代表人调离，新任负责人尚未签批' }).details.reason).toBe('representative_change');
    expect(refusal({ paymentDifficulty: '以审计结果作为结算依据，审计未完成' }).details.reason).toBe('audit_as_basis');
    expect(refusal({ paymentDifficulty: '业主单位尚未拨付工程款' }).details.reason).toBe('third_party_payment');
  });

  it('accepts waiting for the audit where the contract makes it a condition of payment, and a real difficulty', () => {
    const agreed = classifiedWith({ difficultyReason: 'awaiting_audit', contract: { auditAgreed: true } });
    expect(agreed.record).toMatchObject({ state: 'planning', arrears: { difficultyReason: 'awaiting_audit', paymentDifficulty: '等待竣工验收备案或决算审计' } });
    const real = classifiedWith({ difficultyReason: 'funds_in_batches', paymentDifficulty: '省级专项资金分三批下达' });
    expect(real.record).toMatchObject({ state: 'planning', arrears: { difficultyReason: 'funds_in_batches', paymentDifficulty: '省级专项资金分三批下达' } });
    expectError(() => classifiedWith({ difficultyReason: 'other' }), 'VALIDATION_FAILED');
  });
});

const planning = (): CaseOf<'arrears'> => classified(120_000_000, '专项债资金分批到位').record;

const installments = [
  { dueOn: '2026-06-30', amount: 40_000_000 },
  { dueOn: '2026-12-31', amount: 40_000_000 },
  { dueOn: '2027-06-30', amount: 40_000_000 },
];

describe('installment plans take effect only with the enterprise’s consent (A3)', () => {
  it('requires the installments to sum exactly to the outstanding amount', () => {
    const short = installments.map((item, index) => (index === 2 ? { ...item, amount: 39_999_999 } : item));
    expectError(() => act(planning(), { action: 'propose_plan', installments: short }, ACTORS.debtor, TODAY), 'PLAN_AMOUNT_MISMATCH');
  });

  it('requires at least two installments in strictly later dates from today', () => {
    expectError(
      () => act(planning(), { action: 'propose_plan', installments: [{ dueOn: '2026-06-30', amount: 120_000_000 }] }, ACTORS.debtor, TODAY),
      'PLAN_DATES_INVALID',
    );
    const unordered = [installments[1]!, installments[0]!, installments[2]!];
    expectError(() => act(planning(), { action: 'propose_plan', installments: unordered }, ACTORS.debtor, TODAY), 'PLAN_DATES_INVALID');
    const past = [{ dueOn: '2026-03-01', amount: 60_000_000 }, { dueOn: '2026-12-31', amount: 60_000_000 }];
    expectError(() => act(planning(), { action: 'propose_plan', installments: past }, ACTORS.debtor, TODAY), 'PLAN_DATES_INVALID');
  });

  it('waits for the enterprise: only it (or staff with its signed document) can consent', () => {
    const proposed = act(planning(), { action: 'propose_plan', installments }, ACTORS.debtor, TODAY).record;
    expect(proposed.state).toBe('awaiting_consent');
    expect(proposed.plan).toBeNull();
    expectError(() => act(proposed, { action: 'consent' }, ACTORS.debtor, TODAY), 'FORBIDDEN');
    expectError(() => act(proposed, { action: 'consent' }, ACTORS.otherEnterprise, TODAY), 'CASE_NOT_FOUND');
    expectError(() => act(proposed, { action: 'consent' }, ACTORS.businessOffice, TODAY), 'VALIDATION_FAILED');

    const consented = act(proposed, { action: 'consent' }, ACTORS.enterprise, TODAY);
    expect(consented.event.payload).toMatchObject({ by: 'enterprise' });
    expect(consented.record.state).toBe('performing');
    expect(consented.record.plan?.installments).toHaveLength(3);
    expect(consented.record.deadline).toBe('2026-06-30');

    const recorded = act(proposed, { action: 'consent', document: '企业盖章确认函（楚风建〔2026〕3号）' }, ACTORS.businessOffice, TODAY);
    expect(recorded.event.payload).toMatchObject({ by: 'recorded' });
  });

  it('sends the plan back to planning when the enterprise objects', () => {
    const proposed = act(planning(), { action: 'propose_plan', installments }, ACTORS.debtor, TODAY).record;
    const objected = act(proposed, { action: 'object', reason: '首期金额过低' }, ACTORS.enterprise, TODAY).record;
    expect(objected.state).toBe('planning');
    expect(objected.proposedPlan).toBeNull();
  });
});

describe('payments', () => {
  const performing = () => {
    const proposed = act(planning(), { action: 'propose_plan', installments }, ACTORS.debtor, TODAY).record;
    return act(proposed, { action: 'consent' }, ACTORS.enterprise, TODAY).record;
  };

  it('never records more than is outstanding', () => {
    expectError(
      () => act(performing(), { action: 'record_payment', paidOn: TODAY, amount: 120_000_001, voucher: 'PZ-1' }, ACTORS.debtor, TODAY),
      'PAYMENT_EXCEEDS_OUTSTANDING',
    );
  });

  it('moves the deadline to the next unpaid installment and settles when nothing is outstanding', () => {
    let record = performing();
    record = act(record, { action: 'record_payment', paidOn: TODAY, amount: 40_000_000, voucher: 'PZ-1' }, ACTORS.debtor, TODAY).record;
    expect(record).toMatchObject({ state: 'performing', paidAmount: 40_000_000, deadline: '2026-12-31' });
    record = act(record, { action: 'record_payment', paidOn: TODAY, amount: 70_000_000, voucher: 'PZ-2' }, ACTORS.debtor, TODAY).record;
    expect(record).toMatchObject({ state: 'performing', paidAmount: 110_000_000, deadline: '2027-06-30' });
    expectError(
      () => act(record, { action: 'record_payment', paidOn: TODAY, amount: 1, voucher: 'PZ-2' }, ACTORS.debtor, TODAY),
      'RULE_VIOLATION',
    );
    expectError(
      () => act(record, { action: 'record_payment', paidOn: '2026-03-03', amount: 1, voucher: 'PZ-3' }, ACTORS.debtor, TODAY),
      'PAYMENT_DATE_IN_FUTURE',
    );
    record = act(record, { action: 'record_payment', paidOn: TODAY, amount: 10_000_000, voucher: 'PZ-3' }, ACTORS.debtor, TODAY).record;
    expect(record).toMatchObject({ state: 'settled', paidAmount: 120_000_000 });
  });
});

describe('disputed arrears: negotiation, escalation, mediation, litigation (A4–A7)', () => {
  const disputed = () =>
    act(registered(TODAY), { action: 'classify', classification: { line: 'arrears', disputed: true } }, ACTORS.debtor, TODAY);

  it('negotiates a disputed amount first (A4)', () => {
    const { record, event } = disputed();
    expect(event.rule).toBe('A4');
    expect(record).toMatchObject({ state: 'negotiating', confirmedAmount: null });
    expect(record.deadline).toBe('2026-04-14');
  });

  it('turns an agreement into an undisputed amount that follows A1 (A7)', () => {
    const { record, event } = act(disputed().record, { action: 'agree', amount: 30_000_000, document: '协商纪要' }, ACTORS.debtor, TODAY);
    expect(event.rule).toBe('A7');
    expect(record).toMatchObject({ state: 'performing', confirmedAmount: 30_000_000, deadline: '2026-12-31' });
  });

  it('escalates to the next-higher government, which mediates (A5)', () => {
    const escalated = act(disputed().record, { action: 'escalate', reason: '双方对工程量认定分歧较大' }, ACTORS.debtor, TODAY);
    expect(escalated.event.rule).toBe('A5');
    expect(escalated.record).toMatchObject({ state: 'mediating', handlingUnitId: UNITS.cityGovernment, escalated: true });
    // The debtor no longer handles the mediation: the higher government (or 营商办) does.
    expectError(() => act(escalated.record, { action: 'agree', amount: 1, document: '调解方案' }, ACTORS.debtor, TODAY), 'FORBIDDEN');
    const mediated = act(escalated.record, { action: 'agree', amount: 80_000_000, paymentDifficulty: '分年度安排预算', document: '调解方案' }, ACTORS.businessOffice, TODAY);
    expect(mediated.record.state).toBe('planning');
  });

  it('refuses to escalate when there is no higher government', () => {
    expectError(() => act(disputed().record, { action: 'escalate', reason: '协商未果' }, ACTORS.debtor, TODAY, { escalationTarget: null }), 'NO_HIGHER_GOVERNMENT');
  });

  it('goes to court when mediation fails; the judgment fixes what is owed (A6, A7)', () => {
    const escalated = act(disputed().record, { action: 'escalate', reason: '协商未果' }, ACTORS.debtor, TODAY).record;
    const litigating = act(escalated, { action: 'litigate', reason: '调解未达成一致', court: '汉江市中级人民法院' }, ACTORS.businessOffice, TODAY);
    expect(litigating.event.rule).toBe('A6');
    expect(litigating.record).toMatchObject({ state: 'litigating', deadline: null, court: '汉江市中级人民法院' });
    const owed = act(litigating.record, { action: 'judge', amount: 65_000_000, judgmentNo: '（2026）鄂06民初123号', court: '汉江市中级人民法院', judgedOn: TODAY, dueOn: '2026-04-30' }, ACTORS.businessOffice, TODAY);
    expect(owed.record).toMatchObject({ state: 'performing', confirmedAmount: 65_000_000, deadline: '2026-04-30' });
    const nothing = act(litigating.record, { action: 'judge', amount: 0, judgmentNo: '（2026）鄂06民初124号', court: '汉江市中级人民法院', judgedOn: TODAY }, ACTORS.businessOffice, TODAY);
    expect(nothing.record).toMatchObject({ state: 'settled', confirmedAmount: 0 });
  });

  it('lets a judged amount above 50万元 with a genuine difficulty be paid by installments, as an agreed one (A7 → A3), never a banned one', () => {
    const escalated = act(disputed().record, { action: 'escalate', reason: '协商未果' }, ACTORS.debtor, TODAY).record;
    const litigating = act(escalated, { action: 'litigate', reason: '调解未达成一致', court: '汉江市中级人民法院' }, ACTORS.businessOffice, TODAY).record;
    const judgment = { action: 'judge', amount: 65_000_000, judgmentNo: '（2026）鄂06民初125号', court: '汉江市中级人民法院', judgedOn: TODAY } as const;
    const planned = act(litigating, { ...judgment, difficultyReason: 'fiscal_shortfall', paymentDifficulty: '区级财政收支矛盾突出' }, ACTORS.businessOffice, TODAY);
    expect(planned.event.rule).toBe('A6');
    expect(planned.record).toMatchObject({ state: 'planning', confirmedAmount: 65_000_000, arrears: { difficultyReason: 'fiscal_shortfall' } });
    expectError(() => act(litigating, { ...judgment, paymentDifficulty: '履行内部付款审批流程' }, ACTORS.businessOffice, TODAY), 'DELAY_REASON_BANNED');
    expectError(() => act(litigating, { ...judgment, amount: 50_000_000, paymentDifficulty: '区级财政收支矛盾突出' }, ACTORS.businessOffice, TODAY), 'DIFFICULTY_NOT_APPLICABLE');
  });
});

describe('a partly disputed debt: the undisputed part is paid on time beside the dispute (条例 Art. 15)', () => {
  const claimed = () => registered(TODAY, { claimedAmount: 200_000_000 });
  const partly = (undisputedAmount = 80_000_000) =>
    act(claimed(), { action: 'classify', classification: { line: 'arrears', disputed: true, undisputedAmount } }, ACTORS.debtor, TODAY);
  const pay = (record: CaseOf<'arrears'>, amount: number, voucher: string) =>
    act(record, { action: 'record_payment', paidOn: TODAY, amount, voucher, method: 'transfer' }, ACTORS.debtor, TODAY).record;

  it('negotiates the rest (A4) while the undisputed part is confirmed with its own lump sum by the year end (A1, A2)', () => {
    const { record, event } = partly();
    expect(event.rule).toBe('A4');
    expect(record).toMatchObject({ state: 'negotiating', confirmedAmount: 80_000_000, deadline: '2026-04-14', plan: null });
    expect(record.undisputedPart).toEqual({
      amount: 80_000_000,
      confirmedOn: TODAY,
      plan: { kind: 'lump_sum', rule: 'A1', installments: [{ seq: 1, dueOn: '2026-12-31', amount: 80_000_000 }] },
    });
    expect(availableActions(record, ACTORS.debtor)).toContain('record_payment');
  });

  it('takes payments on the undisputed part during the dispute without leaving it, never more than that part', () => {
    const negotiating = partly().record;
    const paid = pay(negotiating, 30_000_000, 'PZ-U1');
    expect(paid).toMatchObject({ state: 'negotiating', deadline: '2026-04-14', paidAmount: 30_000_000 });
    expectError(() => pay(paid, 50_000_001, 'PZ-U2'), 'PAYMENT_EXCEEDS_OUTSTANDING');
    const escalated = act(paid, { action: 'escalate', reason: '工程量认定分歧' }, ACTORS.debtor, TODAY).record;
    expect(availableActions(escalated, ACTORS.debtor)).toContain('record_payment');
    const partPaid = pay(escalated, 50_000_000, 'PZ-U2');
    expect(partPaid).toMatchObject({ state: 'mediating', paidAmount: 80_000_000 });
    // The undisputed part is paid: nothing more is owed until the dispute fixes the rest.
    expect(availableActions(partPaid, ACTORS.debtor)).not.toContain('record_payment');
    expectError(() => pay(partPaid, 1, 'PZ-U3'), 'CASE_NOT_IN_STATE');
  });

  it('adds the agreed remainder to what is confirmed; the case settles only when both parts are paid (A7)', () => {
    const negotiating = pay(partly().record, 30_000_000, 'PZ-U1');
    const agreed = act(negotiating, { action: 'agree', amount: 70_000_000, document: '协商纪要（2026）3号' }, ACTORS.debtor, TODAY);
    expect(agreed.event.rule).toBe('A7');
    expect(agreed.record).toMatchObject({ state: 'performing', confirmedAmount: 150_000_000, paidAmount: 30_000_000, deadline: '2026-12-31' });
    expect(agreed.record.plan).toEqual({ kind: 'lump_sum', rule: 'A1', installments: [{ seq: 1, dueOn: '2026-12-31', amount: 70_000_000 }] });
    const partPaid = pay(agreed.record, 50_000_000, 'PZ-U2');
    expect(partPaid).toMatchObject({ state: 'performing', paidAmount: 80_000_000 });
    expect(pay(partPaid, 70_000_000, 'PZ-R1')).toMatchObject({ state: 'settled', paidAmount: 150_000_000 });
  });

  it('keeps the case performing when the dispute ends at nothing but the undisputed part is still owed', () => {
    const nothing = act(partly().record, { action: 'agree', amount: 0, document: '协商纪要' }, ACTORS.debtor, TODAY).record;
    expect(nothing).toMatchObject({ state: 'performing', confirmedAmount: 80_000_000, deadline: '2026-12-31', plan: null });
    expect(pay(nothing, 80_000_000, 'PZ-U1')).toMatchObject({ state: 'settled' });
    const paidFirst = act(pay(partly().record, 80_000_000, 'PZ-U1'), { action: 'agree', amount: 0, document: '协商纪要' }, ACTORS.debtor, TODAY).record;
    expect(paidFirst).toMatchObject({ state: 'settled', confirmedAmount: 80_000_000, paidAmount: 80_000_000 });
  });

  it('plans installments for the remainder alone (A3), the undisputed part still paid while the plan is made, due first', () => {
    const planning = act(partly().record, { action: 'agree', amount: 120_000_000, document: '调解方案', paymentDifficulty: '年度预算已执行完毕' }, ACTORS.debtor, TODAY).record;
    expect(planning).toMatchObject({ state: 'planning', confirmedAmount: 200_000_000 });
    const paying = pay(planning, 20_000_000, 'PZ-U1');
    expect(paying.state).toBe('planning');
    const remainder = [
      { dueOn: '2027-03-31', amount: 60_000_000 },
      { dueOn: '2027-06-30', amount: 60_000_000 },
    ];
    expectError(() => act(paying, { action: 'propose_plan', installments: [{ dueOn: '2027-03-31', amount: 120_000_000 }, { dueOn: '2027-06-30', amount: 60_000_000 }] }, ACTORS.debtor, TODAY), 'PLAN_AMOUNT_MISMATCH');
    const proposed = act(paying, { action: 'propose_plan', installments: remainder }, ACTORS.debtor, TODAY).record;
    const consented = act(proposed, { action: 'consent' }, ACTORS.enterprise, TODAY).record;
    // The undisputed part's 31 December comes before the first installment.
    expect(consented).toMatchObject({ state: 'performing', deadline: '2026-12-31' });
    expect(pay(consented, 60_000_000, 'PZ-U2')).toMatchObject({ state: 'performing', deadline: '2027-03-31', paidAmount: 80_000_000 });
  });

  it('refuses an undisputed part not below the claim, one on an undisputed debt, and a difficulty before the dispute is settled, writing nothing', () => {
    expectError(() => partly(200_000_000), 'VALIDATION_FAILED');
    expectError(
      () => act(claimed(), { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 80_000_000, undisputedAmount: 80_000_000 } }, ACTORS.debtor, TODAY),
      'VALIDATION_FAILED',
    );
    expectError(
      () => act(claimed(), { action: 'classify', classification: { line: 'arrears', disputed: true, undisputedAmount: 60_000_000, paymentDifficulty: '财政资金紧张' } }, ACTORS.debtor, TODAY),
      'VALIDATION_FAILED',
    );
    const whollyDisputed = act(claimed(), { action: 'classify', classification: { line: 'arrears', disputed: true } }, ACTORS.debtor, TODAY).record;
    expect(availableActions(whollyDisputed, ACTORS.debtor)).not.toContain('record_payment');
    expectError(() => pay(whollyDisputed, 1, 'PZ-1'), 'CASE_NOT_IN_STATE');
  });
});

describe('a progress report’s reason for late payment (条例 Arts. 12, 14)', () => {
  const performing = () => classified(30_000_000).record;
  const report = (record: CaseOf<'arrears'>, delayReason: string) =>
    act(record, { action: 'report_progress', progress: '正在协调资金', delayReason }, ACTORS.debtor, TODAY);

  it('records a banned reason as reported and flags it with the rule it breaks; an allowed one is not flagged', () => {
    const { event, record } = report(performing(), 'internal_procedure');
    expect(event.payload).toEqual({
      progress: '正在协调资金',
      percent: null,
      delayReason: 'internal_procedure',
      delayFlag: { label: '履行内部付款流程', rule: '《保障中小企业款项支付条例》第十四条规定：不得以履行内部付款流程为由拒绝或者迟延支付中小企业款项' },
    });
    expect(record.progress?.text).toBe('正在协调资金');
    expect(report(performing(), 'funds_in_batches').event.payload).toEqual({ progress: '正在协调资金', percent: null, delayReason: 'funds_in_batches' });
  });

  it('does not flag waiting for the audit where the contract makes the audit a condition of payment', () => {
    const agreed = act(performing(), { action: 'amend_particulars', particulars: { contract: { auditAgreed: true } } }, ACTORS.debtor, TODAY).record;
    expect(report(agreed, 'awaiting_audit').event.payload).not.toHaveProperty('delayFlag');
    expect(report(performing(), 'awaiting_audit').event.payload).toHaveProperty('delayFlag');
  });

  it('refuses a reason not on the list, and a reason on a line that keeps none', () => {
    expectError(() => report(performing(), 'weather'), 'VALIDATION_FAILED');
    const rectification = registered(TODAY, { line: 'integrity', claimedAmount: null });
    expectError(() => act(rectification, { action: 'report_progress', progress: '整改中', delayReason: 'internal_procedure' }, ACTORS.debtor, TODAY), 'ACTION_NOT_FOR_LINE');
  });
});

describe('the enterprise waives the late interest (条例 Art. 17)', () => {
  const withDue = () =>
    act(
      classified(30_000_000, undefined, '2026-01-05').record,
      { action: 'amend_particulars', particulars: { contract: { debtorKind: 'organ', deliveredOn: '2026-01-05' } } },
      ACTORS.debtor,
      TODAY,
    ).record;

  it('is offered to the enterprise once a due date is known, recorded once, and only with the signed waiver when staff record it', () => {
    const before = withDue();
    expect(availableActions(classified(30_000_000).record, ACTORS.enterprise)).not.toContain('waive_interest');
    expect(availableActions(before, ACTORS.enterprise)).toContain('waive_interest');
    expect(availableActions(before, ACTORS.debtor)).not.toContain('waive_interest');
    const { record, event } = act(before, { action: 'waive_interest', note: '自愿放弃' }, ACTORS.enterprise, TODAY);
    expect(event.payload).toEqual({ by: 'enterprise', waivedOn: TODAY, document: null, note: '自愿放弃' });
    expect(record).toMatchObject({ state: before.state, deadline: before.deadline, interestWaiver: { by: 'enterprise', waivedOn: TODAY } });
    expect(availableActions(record, ACTORS.enterprise)).not.toContain('waive_interest');
    expectError(() => act(record, { action: 'waive_interest' }, ACTORS.enterprise, TODAY), 'INTEREST_NOT_APPLICABLE');
    expectError(() => act(before, { action: 'waive_interest' }, ACTORS.businessOffice, TODAY), 'VALIDATION_FAILED');
    expect(act(before, { action: 'waive_interest', document: '企业放弃逾期利息声明' }, ACTORS.businessOffice, TODAY).event.payload).toMatchObject({ by: 'recorded' });
    expectError(() => act(before, { action: 'waive_interest', document: '声明' }, ACTORS.debtor, TODAY), 'FORBIDDEN');
  });

  it('refuses a waiver where no statutory due date is known: there is no interest to waive', () => {
    expectError(() => act(classified(30_000_000).record, { action: 'waive_interest' }, ACTORS.enterprise, TODAY), 'INTEREST_NOT_APPLICABLE');
  });
});

describe('closure only after written feedback (G3)', () => {
  const settled = () => {
    const performing = classified(2_000_000).record;
    return act(performing, { action: 'record_payment', paidOn: TODAY, amount: 2_000_000, voucher: 'PZ-9' }, ACTORS.debtor, TODAY).record;
  };
  const feedback = {
    action: 'submit_feedback' as const,
    summary: '已于3月2日一次性付清全部欠款。',
    documents: [{ title: '银行回单', reference: 'HD-2026-0302' }],
  };

  it('cannot close a settled case before its feedback', () => {
    expectError(() => act(settled(), { action: 'close' }, ACTORS.businessOffice, TODAY), 'CASE_NOT_IN_STATE');
  });

  it('lets only 营商办 close the case on checked feedback', () => {
    const submitted = act(settled(), feedback, ACTORS.debtor, TODAY).record;
    expect(submitted.state).toBe('feedback_submitted');
    expectError(() => act(submitted, { action: 'close' }, ACTORS.debtor, TODAY), 'FORBIDDEN');
    expectError(() => act(submitted, { action: 'close' }, ACTORS.county, TODAY), 'FORBIDDEN');
    const closed = act(submitted, { action: 'close', opinion: '材料齐全，同意销号' }, ACTORS.businessOffice, TODAY);
    expect(closed.event.rule).toBe('G3');
    expect(closed.record.state).toBe('closed');
  });

  it('returns the feedback with a reason for rework', () => {
    const submitted = act(settled(), feedback, ACTORS.debtor, TODAY).record;
    const returned = act(submitted, { action: 'return', reason: '缺少企业签收确认' }, ACTORS.businessOffice, TODAY).record;
    expect(returned).toMatchObject({ state: 'settled', returnReason: '缺少企业签收确认' });
    expect(act(returned, feedback, ACTORS.debtor, TODAY).record.returnReason).toBeNull();
  });
});

describe('feedback documents may carry an uploaded file (G3)', () => {
  const settled = () => {
    const performing = classified(2_000_000).record;
    return act(performing, { action: 'record_payment', paidOn: TODAY, amount: 2_000_000, voucher: 'PZ-9' }, ACTORS.debtor, TODAY).record;
  };
  const file = { id: '5f0c8a56-4a53-4b8e-9a53-7f3d2c1b0a99', fileName: '银行回单.pdf', sha256: 'ab'.repeat(32), size: 1024 };
  const documents = [{ title: '银行回单', reference: 'HD-2026-0302', attachmentId: file.id }, { title: '情况说明', reference: 'SM-1' }];

  it('records the file’s name, size and SHA-256 in the event, so the hashed record vouches for the bytes', () => {
    const { record, event } = act(settled(), { action: 'submit_feedback', summary: '已付清', documents }, ACTORS.debtor, TODAY, {
      attachments: new Map([[file.id, file]]),
    });
    expect(event.payload).toMatchObject({ documents: [{ title: '银行回单', reference: 'HD-2026-0302', attachment: file }, { title: '情况说明', reference: 'SM-1' }] });
    expect(record.feedback?.documents[0]?.attachment).toEqual(file);
    expect(record.feedback?.documents[1]).not.toHaveProperty('attachment');
  });

  it('refuses a file the use case did not resolve as the caller’s, and one file named twice', () => {
    expectError(() => act(settled(), { action: 'submit_feedback', summary: '已付清', documents }, ACTORS.debtor, TODAY), 'ATTACHMENT_NOT_FOUND');
    const twice = [documents[0]!, { ...documents[0]!, title: '回单复印件' }];
    expectError(
      () => act(settled(), { action: 'submit_feedback', summary: '已付清', documents: twice }, ACTORS.debtor, TODAY, { attachments: new Map([[file.id, file]]) }),
      'VALIDATION_FAILED',
    );
  });
});

describe('the enterprise rates the result once the case is closed (SPEC §5)', () => {
  const closed = () => {
    const performing = classified(2_000_000).record;
    const settled = act(performing, { action: 'record_payment', paidOn: TODAY, amount: 2_000_000, voucher: 'PZ-9' }, ACTORS.debtor, TODAY).record;
    const submitted = act(settled, { action: 'submit_feedback', summary: '已付清', documents: [{ title: '银行回单', reference: 'HD-1' }] }, ACTORS.debtor, TODAY).record;
    return act(submitted, { action: 'close', opinion: '同意销号' }, ACTORS.businessOffice, TODAY).record;
  };

  it('offers the rating to the case’s own enterprise alone, and only on a closed case', () => {
    const record = closed();
    expect(availableActions(record, ACTORS.enterprise)).toEqual(['rate']);
    expect(availableActions(record, ACTORS.businessOffice)).not.toContain('rate');
    expect(availableActions(record, ACTORS.otherEnterprise)).toEqual([]);
    expectError(() => act(record, { action: 'rate', score: 5 }, ACTORS.businessOffice, TODAY), 'FORBIDDEN');
    expectError(() => act(record, { action: 'rate', score: 5 }, ACTORS.debtor, TODAY), 'FORBIDDEN');
    expectError(() => act(record, { action: 'rate', score: 5 }, ACTORS.otherEnterprise, TODAY), 'CASE_NOT_FOUND');
    expectError(() => act(classified(2_000_000).record, { action: 'rate', score: 5 }, ACTORS.enterprise, TODAY), 'CASE_NOT_IN_STATE');
  });

  it('records the score and comment without changing the state, and refuses a second rating', () => {
    const { record, event } = act(closed(), { action: 'rate', score: 4, comment: '付款及时，沟通顺畅' }, ACTORS.enterprise, TODAY);
    expect(event).toMatchObject({ type: 'rate', rule: null, payload: { score: 4, comment: '付款及时，沟通顺畅' } });
    expect(record).toMatchObject({ state: 'closed', rule: 'G3', rating: { score: 4, comment: '付款及时，沟通顺畅', ratedAt: `${TODAY}T03:00:00.000Z` } });
    expect(availableActions(record, ACTORS.enterprise)).toEqual([]);
    expectError(() => act(record, { action: 'rate', score: 1 }, ACTORS.enterprise, TODAY), 'RULE_VIOLATION');
  });

  it('accepts whole scores from 1 to 5 and a comment of at most 500 characters', () => {
    const parse = (fields: Record<string, unknown>) => caseCommandSchema.safeParse({ action: 'rate', expectedVersion: 7, ...fields });
    expect(parse({ score: 1 }).success).toBe(true);
    expect(parse({ score: 5, comment: '好'.repeat(500) }).success).toBe(true);
    for (const wrong of [{ score: 0 }, { score: 6 }, { score: 4.5 }, {}, { score: 3, comment: '好'.repeat(501) }]) {
      const result = parse(wrong);
      expect(result.success, JSON.stringify(wrong)).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('crossing the year needs an approved exception (A2)', () => {
  it('requires a date in a later year and 营商办’s approval, then moves the due date', () => {
    const performing = classified(3_000_000).record;
    expectError(() => act(performing, { action: 'request_year_exception', reason: '资金12月到位', newDueOn: '2026-12-31' }, ACTORS.debtor, TODAY), 'YEAR_EXCEPTION_NOT_APPLICABLE');
    const requested = act(performing, { action: 'request_year_exception', reason: '土地出让金2027年一季度到账', newDueOn: '2027-03-31' }, ACTORS.debtor, TODAY).record;
    expect(requested.deadline).toBe('2026-12-31');
    expectError(() => act(requested, { action: 'approve_year_exception', approved: true, opinion: '同意' }, ACTORS.debtor, TODAY), 'FORBIDDEN');
    const approved = act(requested, { action: 'approve_year_exception', approved: true, opinion: '同意，列入年度通报' }, ACTORS.businessOffice, TODAY).record;
    expect(approved.yearException?.status).toBe('approved');
    expect(approved.deadline).toBe('2027-03-31');
    expect(approved.plan?.installments[0]?.dueOn).toBe('2027-03-31');
  });
});

describe('notes that change no state', () => {
  it('keep the rule that set the case’s path', () => {
    const performing = classified(2_000_000).record;
    const noted = act(performing, { action: 'supervise', level: 'urging', note: '请于月底前付清' }, ACTORS.businessOffice, TODAY);
    expect(noted.event.rule).toBe('S2');
    expect(noted.record).toMatchObject({ rule: 'A1', supervisionLevel: 'urging', state: 'performing' });
    const reported = act(noted.record, { action: 'report_progress', progress: '资金已纳入月度支付计划' }, ACTORS.debtor, TODAY);
    expect(reported.record.rule).toBe('A1');
  });
});

describe('commands against the wrong version, state or person', () => {
  it('rejects a stale expectedVersion with a conflict', () => {
    const record = registered(TODAY);
    expectError(
      () => decide(record, { action: 'dismiss', reason: '重复登记', expectedVersion: record.version + 1 }, context(ACTORS.businessOffice, TODAY)),
      'VERSION_CONFLICT',
    );
  });

  it('hides a case from another county and from the administrators (三员分立)', () => {
    expectError(() => act(registered(TODAY), { action: 'dismiss', reason: 'x' }, ACTORS.otherCounty, TODAY), 'CASE_NOT_FOUND');
    expectError(() => act(registered(TODAY), { action: 'dismiss', reason: 'x' }, ACTORS.systemAdmin, TODAY), 'CASE_NOT_FOUND');
  });
});
