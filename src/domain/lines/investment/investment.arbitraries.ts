import fc from 'fast-check';
import { expect } from 'vitest';
import { ACTORS, context, place, registration, type DistributiveOmit } from '../../../../test/support/domain.ts';
import { addCalendarDays } from '../../calendar.ts';
import type { CaseCommand } from '../../case/commands.ts';
import { decideRegistration } from '../../case/decide.ts';
import { evolve } from '../../case/evolve.ts';
import { outstandingAmount, type CaseOf } from '../../case/record.ts';
import type { LineArbitraries } from '../line-arbitraries.ts';
import { CHANGE_REASONS, INVESTMENT_LEGALITIES, INVESTMENT_SITUATIONS, SITUATION_LEGALITY } from './facts.ts';

/**
 * Random commands of the investment line for the case-machine property (I1–I6): every legality
 * and situation, sometimes mismatched; amounts, dates sometimes past or across the year; I3
 * changes with and without compensation; I5 agreements with and without new terms; and the
 * line's invariants: 0 ≤ paid ≤ due, payments sum to what was paid, a deferral is in force only
 * after consent, `changing` only on a lawful change, and nothing settled with money still owed.
 */
type Command = DistributiveOmit<CaseCommand, 'expectedVersion'>;
type Build = (record: CaseOf<'investment'>) => Command;

const TODAY = '2026-03-02';

const amountSpec = fc.oneof(
  fc.constant((record: CaseOf<'investment'>) => outstandingAmount(record)),
  fc.constant((record: CaseOf<'investment'>) => Math.max(1, Math.floor(outstandingAmount(record) / 2))),
  fc.constantFrom(0, 1, 200_000_000).map((value) => () => value),
  fc.integer({ min: 1, max: 500_000_000 }).map((value) => () => value),
);

export const investmentArbitraries: LineArbitraries<'investment'> = {
  // 招商局's or a county's own finding is taken on at once; an enterprise's petition waits for 营商办 (S3).
  registration: fc.constantFrom('self_inspection' as const, 'petition' as const, 'self_inspection' as const).map((source) => () => {
    const actor = source === 'petition' ? ACTORS.businessOffice : ACTORS.county;
    const payload = registration({
      line: 'investment',
      source,
      number: 'ZS2026-00001',
      title: '汉东区政府未兑现招商协议约定的设备购置补助',
      facts: '2024年签订的投资协议第六条约定，项目投产后给予设备购置补助600万元，至今未兑现。',
      claimedAmount: 600_000_000,
    });
    const event = place(null, decideRegistration(payload, 'handong', context(actor, TODAY)), actor, `${TODAY}T02:00:00.000Z`);
    return { record: evolve(null, event) as CaseOf<'investment'>, event };
  }),
  builders: {
    classify: fc
      .tuple(
        fc.constantFrom(...INVESTMENT_SITUATIONS),
        fc.integer({ min: 0, max: 9 }),
        fc.option(fc.integer({ min: 1, max: 600_000_000 }), { nil: undefined }),
        fc.option(fc.integer({ min: -3, max: 400 }), { nil: undefined }),
        fc.constantFrom(...CHANGE_REASONS),
      )
      .map(([situation, dice, amount, days, changeReason]): Build => () => {
        // One time in ten the legality contradicts the situation, and must be refused.
        const legality = dice === 0 ? INVESTMENT_LEGALITIES.find((value) => value !== SITUATION_LEGALITY[situation])! : SITUATION_LEGALITY[situation];
        return {
          action: 'classify',
          classification: {
            line: 'investment',
            legality,
            situation,
            promise: '《汉东区招商引资项目投资协议》第六条：投产后给予设备购置补助600万元',
            legalityReason: legality === 'flawed' && dice !== 1 ? '企业未按约定于2025年6月前完成5亿元固定资产投资' : undefined,
            amount: situation === 'perform' || situation === 'budget' || dice === 2 ? amount : undefined,
            performBy: situation === 'perform' && days !== undefined ? addCalendarDays(TODAY, days) : undefined,
            budgetDifficulty: situation === 'budget' && dice !== 3 ? '区级财政年度预算已执行完毕' : undefined,
            changeReason: situation === 'lawful_change' && dice !== 4 ? changeReason : undefined,
            changeAuthority: situation === 'lawful_change' && dice !== 5 ? '汉东区人民政府常务会议' : undefined,
          },
        };
      }),
    propose_plan: fc.integer({ min: -2, max: 300 }).map((days): Build => () => ({
      action: 'propose_plan',
      deferral: { newDate: addCalendarDays(TODAY, days), reason: '补助资金已列入2027年区级预算' },
    })),
    agree: fc.tuple(amountSpec, fc.boolean(), fc.boolean()).map(([amount, withTerms, mediated]): Build => (record) => ({
      action: 'agree',
      amount: amount(record),
      document: '招商协议补充协议',
      terms: withTerms ? '设备购置补助调整为300万元，分两年兑现' : undefined,
      mediators: mediated ? '汉江市中级人民法院、汉江市司法局' : undefined,
    })),
    judge: fc.tuple(amountSpec, fc.option(fc.integer({ min: -5, max: 60 }), { nil: undefined })).map(([amount, days]): Build => (record) => ({
      action: 'judge',
      amount: amount(record),
      judgmentNo: '（2026）鄂06民初12号',
      court: '汉江市中级人民法院',
      judgedOn: TODAY,
      dueOn: days === undefined ? undefined : addCalendarDays(TODAY, days),
    })),
    record_payment: fc.tuple(amountSpec, fc.uuid()).map(([amount, voucher]): Build => (record) => ({ action: 'record_payment', paidOn: TODAY, amount: amount(record), voucher })),
    compensate: fc.tuple(fc.integer({ min: 0, max: 100_000_000 }), fc.boolean()).map(([amount, paid]): Build => () => ({
      action: 'compensate',
      legalBasis: '汉东区人民政府关于调整高新园区控制性详细规划的批复',
      procedure: '听证、评估、区政府常务会议决定',
      amount,
      paidOn: paid ? TODAY : undefined,
      voucher: paid ? '汉东财补〔2026〕8号' : undefined,
    })),
    request_year_exception: fc.integer({ min: 30, max: 500 }).map((days): Build => () => ({
      action: 'request_year_exception',
      reason: '补助资金须经2027年预算安排',
      newDueOn: addCalendarDays(TODAY, days),
    })),
  },
  invariants: (record, events) => {
    expect(record.paidAmount).toBeGreaterThanOrEqual(0);
    if (record.confirmedAmount !== null) expect(record.paidAmount).toBeLessThanOrEqual(record.confirmedAmount);
    const compensation = record.lawfulChange?.compensation ?? 0;
    expect(record.payments.reduce((sum, item) => sum + item.amount, 0) + compensation).toBe(record.paidAmount);
    // I2: a deferral is in force only once the enterprise agreed to it.
    if (record.deferral !== null) expect(events.some((event) => event.type === 'consent')).toBe(true);
    if (record.proposedDeferral !== null) expect(record.state).toBe('awaiting_consent');
    // I3: only a lawful change reaches `changing`, and its classification is compliant.
    if (record.state === 'changing') expect(record.investmentProblem?.situation).toBe('lawful_change');
    if (record.investmentProblem !== null) expect(record.investmentProblem.legality).toBe(SITUATION_LEGALITY[record.investmentProblem.situation]);
    if (['settled', 'feedback_submitted', 'closed'].includes(record.state)) expect(outstandingAmount(record)).toBe(0);
    // I1: the promise is kept within the year unless 营商办 approved otherwise.
    if (record.performBy !== null && record.yearException?.status !== 'approved') expect(record.performBy <= '2026-12-31').toBe(true);
  },
  numRuns: 600,
};
