import fc from 'fast-check';
import { expect } from 'vitest';
import { ACTORS, context, place, registration, type DistributiveOmit } from '../../../../test/support/domain.ts';
import { addCalendarDays } from '../../calendar.ts';
import type { CaseCommand } from '../../case/commands.ts';
import { decideRegistration } from '../../case/decide.ts';
import { evolve } from '../../case/evolve.ts';
import { outstandingAmount, type CaseOf } from '../../case/record.ts';
import type { LineArbitraries } from '../line-arbitraries.ts';
import { POLICY_CATEGORIES, POLICY_CAUSES } from './facts.ts';

/**
 * Random commands of the policy line for the case-machine property (P1–P5): every category and
 * cause, with and without an amount, a due date or a funds difficulty; deferrals and rectification
 * plans with dates sometimes already past; and the line's invariants: 0 ≤ paid ≤ due,
 * disbursements sum to paid, a deferral is in force only after consent, and nothing with money
 * due is settled before it is paid.
 */
type Command = DistributiveOmit<CaseCommand, 'expectedVersion'>;
type Build = (record: CaseOf<'policy'>) => Command;

const TODAY = '2026-03-02';

/** Amounts chosen against the case as it stands: what is outstanding, part of it, or arbitrary. */
const amountSpec = fc.oneof(
  fc.constant((record: CaseOf<'policy'>) => outstandingAmount(record)),
  fc.constant((record: CaseOf<'policy'>) => Math.max(1, Math.floor(outstandingAmount(record) / 2))),
  fc.constantFrom(0, 1, 30_000_000).map((value) => () => value),
  fc.integer({ min: 1, max: 100_000_000 }).map((value) => () => value),
);

export const policyArbitraries: LineArbitraries<'policy'> = {
  // A unit's self-inspection is taken on at once; an enterprise's petition waits for 营商办's intake (S3).
  registration: fc.constantFrom('self_inspection' as const, 'petition' as const, 'self_inspection' as const).map((source) => () => {
    const actor = source === 'petition' ? ACTORS.businessOffice : ACTORS.debtor;
    const payload = registration({
      line: 'policy',
      source,
      number: 'HQ2026-00001',
      title: '汉东区科技局未兑现2025年度高新技术企业认定奖励',
      facts: '企业2025年通过高新技术企业认定，按“30条”第8条应获奖励30万元，至今未拨付。',
      claimedAmount: 30_000_000,
    });
    const event = place(null, decideRegistration(payload, 'handong', context(actor, TODAY)), actor, `${TODAY}T02:00:00.000Z`);
    return { record: evolve(null, event) as CaseOf<'policy'>, event };
  }),
  builders: {
    classify: fc
      .tuple(
        fc.constantFrom(...POLICY_CATEGORIES),
        fc.option(fc.constantFrom(...POLICY_CAUSES), { nil: undefined }),
        fc.option(amountSpec, { nil: undefined }),
        fc.option(fc.integer({ min: -3, max: 120 }), { nil: undefined }),
        fc.option(fc.constant('区级配套资金未到位'), { nil: undefined }),
      )
      .map(([category, cause, amount, days, fundsDifficulty]): Build => (record) => ({
        action: 'classify',
        classification: {
          line: 'policy',
          category,
          cause,
          policy: '《汉江市支持科技创新若干政策》（30条）第8条',
          amount: amount === undefined ? undefined : amount(record) || (record.claimedAmount ?? 1),
          dueOn: days === undefined ? undefined : addCalendarDays(TODAY, days),
          fundsDifficulty,
        },
      })),
    propose_plan: fc.tuple(fc.boolean(), fc.integer({ min: -2, max: 200 })).map(([deferral, days]): Build => () =>
      deferral
        ? { action: 'propose_plan', deferral: { newDate: addCalendarDays(TODAY, days), reason: '区级配套资金预计二季度到位' } }
        : {
            action: 'propose_plan',
            rectification: { measures: ['在部门网站首页发布政策解读'], timeLimit: addCalendarDays(TODAY, days), responsiblePerson: { name: '周丽', post: '政策法规科科长' } },
          },
    ),
    agree: amountSpec.map((amount): Build => (record) => ({ action: 'agree', amount: amount(record), document: '政策条款协商纪要' })),
    judge: fc.tuple(amountSpec, fc.option(fc.integer({ min: -5, max: 60 }), { nil: undefined })).map(([amount, days]): Build => (record) => ({
      action: 'judge',
      amount: amount(record),
      judgmentNo: '（2026）鄂06行初3号',
      court: '汉江市中级人民法院',
      judgedOn: TODAY,
      dueOn: days === undefined ? undefined : addCalendarDays(TODAY, days),
    })),
    record_payment: fc.tuple(amountSpec, fc.uuid()).map(([amount, voucher]): Build => (record) => ({ action: 'record_payment', paidOn: TODAY, amount: amount(record), voucher })),
  },
  invariants: (record, events) => {
    expect(record.paidAmount).toBeGreaterThanOrEqual(0);
    if (record.confirmedAmount !== null) expect(record.paidAmount).toBeLessThanOrEqual(record.confirmedAmount);
    expect(record.disbursements.reduce((sum, item) => sum + item.amount, 0)).toBe(record.paidAmount);
    // P3: a deferral is in force only once the enterprise agreed to it.
    if (record.deferral !== null) expect(events.some((event) => event.type === 'consent')).toBe(true);
    if (record.proposedDeferral !== null) expect(record.state).toBe('awaiting_consent');
    if (['settled', 'feedback_submitted', 'closed'].includes(record.state)) expect(outstandingAmount(record)).toBe(0);
    // P1, P2: a rectification belongs to a problem of knowing or procedure.
    if (record.rectification !== null) expect(['awareness', 'procedure']).toContain(record.policyProblem?.category);
  },
  numRuns: 600,
};
