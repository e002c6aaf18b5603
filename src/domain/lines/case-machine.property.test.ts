import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTORS, context, place, UNITS, type DistributiveOmit } from '../../../test/support/domain.ts';
import { can } from '../access/case-policy.ts';
import type { Actor } from '../access/roles.ts';
import { addCalendarDays } from '../calendar.ts';
import { CASE_ACTIONS, type CaseAction } from '../case/actions.ts';
import type { CaseCommand } from '../case/commands.ts';
import { decide } from '../case/decide.ts';
import type { CaseEvent } from '../case/events.ts';
import { evolve, replay } from '../case/evolve.ts';
import { flowAllows, flowStays, flowTargets } from '../case/paths.ts';
import type { CaseOf, CaseRecord } from '../case/record.ts';
import { CASE_STATES, isCaseOpen, type CaseState } from '../case/states.ts';
import { isAppError } from '../errors.ts';
import { intakeAllows } from '../intake/intake.ts';
import { arrearsArbitraries } from './arrears/arrears.arbitraries.ts';
import { integrityArbitraries } from './integrity/integrity.arbitraries.ts';
import { investmentArbitraries } from './investment/investment.arbitraries.ts';
import { policyArbitraries } from './policy/policy.arbitraries.ts';
import type { LineArbitraries } from './line-arbitraries.ts';
import { LINE_MODULES, type OpenLine } from './registry.ts';

/** Every open line's random commands: the type checker asks for a new line's here. */
const LINE_ARBITRARIES: { [L in OpenLine]: LineArbitraries<L> } = {
  arrears: arrearsArbitraries,
  policy: policyArbitraries,
  investment: investmentArbitraries,
  integrity: integrityArbitraries,
};

const TODAY = '2026-03-02';

/** What the use case would resolve: the unit `accept` hands the case to, and two merge targets. */
const MERGE_TARGET = { id: '7c1d2e3f-0000-4000-8000-000000000001', number: 'QK2026-00002', state: 'performing' as const, enterpriseCreditCode: '91420100MA4K0000X1' };
const OTHER_ENTERPRISE_TARGET = { id: '7c1d2e3f-0000-4000-8000-000000000002', number: 'QK2026-00003', state: 'performing' as const, enterpriseCreditCode: '91420100MA4K0001X1' };
const RESOLVED = {
  assignment: { responsibleUnitId: UNITS.debtor, handlingUnitId: UNITS.debtor, jurisdictionId: 'handong', leadUnitId: UNITS.leadBureau, cooperatingUnitIds: [] },
};
const resolvedFor = (command: CaseCommand) =>
  command.action === 'merge'
    ? { mergeTarget: [MERGE_TARGET, OTHER_ENTERPRISE_TARGET].find((target) => target.id === command.targetCaseId) ?? null }
    : RESOLVED;
type Command = DistributiveOmit<CaseCommand, 'expectedVersion'>;
type Build = (record: CaseRecord) => Command;

/**
 * Commands of every action, so that each line also meets actions off its path. A line's own
 * builders replace these where only the line knows how to fill a command (its classification,
 * its plan, amounts against its facts).
 */
const COMMON_BUILDERS = {
  classify: fc.constant((): Command => ({ action: 'classify', classification: { line: 'arrears', disputed: true } })),
  propose_plan: fc.constant((): Command => ({ action: 'propose_plan', installments: [{ dueOn: '2026-12-31', amount: 1 }] })),
  consent: fc.constant((): Command => ({ action: 'consent' })),
  object: fc.constant((): Command => ({ action: 'object', reason: '首期金额过低' })),
  agree: fc.constant((): Command => ({ action: 'agree', amount: 1, document: '协商纪要' })),
  escalate: fc.constant((): Command => ({ action: 'escalate', reason: '协商未果' })),
  litigate: fc.constant((): Command => ({ action: 'litigate', reason: '调解未果', court: '汉江市中级人民法院' })),
  judge: fc.constant((): Command => ({ action: 'judge', amount: 1, judgmentNo: '（2026）鄂06民初1号', court: '汉江市中级人民法院', judgedOn: TODAY })),
  record_payment: fc.uuid().map((voucher): Build => () => ({ action: 'record_payment', paidOn: TODAY, amount: 1, voucher })),
  fulfil: fc.constant((): Command => ({ action: 'fulfil', evidence: '兑现凭证' })),
  compensate: fc.constant((): Command => ({ action: 'compensate', legalBasis: '规划调整', procedure: '市政府常务会议', amount: 1 })),
  submit_feedback: fc.constant((): Command => ({ action: 'submit_feedback', summary: '已清偿', documents: [{ title: '回单', reference: 'HD-1' }] })),
  close: fc.constant((): Command => ({ action: 'close' })),
  return: fc.constant((): Command => ({ action: 'return', reason: '材料不全' })),
  dismiss: fc.constant((): Command => ({ action: 'dismiss', reason: '重复登记' })),
  assign: fc.constant((): Command => ({ action: 'assign', responsibleUnitId: 'u-city-chengfa', instruction: '改由市城发集团办理' })),
  supervise: fc.constant((): Command => ({ action: 'supervise', level: 'urging', note: '请加快' })),
  report_progress: fc.constant((): Command => ({ action: 'report_progress', progress: '正在筹措资金' })),
  request_year_exception: fc.constant((): Command => ({ action: 'request_year_exception', reason: '资金次年到位', newDueOn: '2027-03-31' })),
  approve_year_exception: fc.boolean().map((approved): Build => () => ({ action: 'approve_year_exception', approved, opinion: '意见' })),
  request_extension: fc.integer({ min: -5, max: 60 }).map((days): Build => (record) => ({
    action: 'request_extension',
    // Sometimes not later than the deadline, so refused requests are exercised too.
    newDeadline: addCalendarDays(record.deadline ?? TODAY, days),
    reason: '资金审批流程未完成',
  })),
  approve_extension: fc.boolean().map((approved): Build => () => ({ action: 'approve_extension', approved, opinion: '意见' })),
  rate: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.option(fc.constant('处理及时'), { nil: undefined })).map(
    ([score, comment]): Build => () => ({ action: 'rate', score, comment }),
  ),
  accept: fc.constant((): Command => ({ action: 'accept', responsibleUnitId: UNITS.debtor, instruction: '请汉东区教育局核实办理' })),
  merge: fc.constantFrom(MERGE_TARGET.id, OTHER_ENTERPRISE_TARGET.id).map((targetCaseId): Build => () => ({ action: 'merge', targetCaseId })),
  // Sometimes a delivery in the future, or a correction without its reason, so refusals are exercised too.
  amend_particulars: fc
    .tuple(fc.integer({ min: -120, max: 5 }), fc.constantFrom('organ', 'institution', 'large_enterprise'), fc.option(fc.constant('按合同原件更正'), { nil: undefined }))
    .map(([days, debtorKind, reason]): Build => () => ({
      action: 'amend_particulars',
      particulars: { contract: { debtorKind, deliveredOn: addCalendarDays(TODAY, days) } },
      reason,
    })),
  // 保障中小企业款项支付条例 第十七条: a waiver, with or without the signed document staff need.
  waive_interest: fc.boolean().map((signed): Build => () => ({ action: 'waive_interest', ...(signed ? { document: '企业放弃逾期利息声明' } : {}) })),
  // 回访: sometimes on a day in the future, so refusals are exercised too.
  record_follow_up: fc.tuple(fc.integer({ min: -10, max: 3 }), fc.constantFrom('phone', 'visit', 'online'), fc.boolean()).map(([days, way, confirmed]): Build => () => ({
    action: 'record_follow_up',
    visitedOn: addCalendarDays(TODAY, days),
    way,
    statement: '企业表示款项已到账',
    confirmed,
  })),
  // 12345 practice: asked to reopen after a rating, whatever its score, so refusals are exercised too.
  request_reopen: fc.constant((): Command => ({ action: 'request_reopen', reason: '款项仍未全部到账' })),
  withdraw: fc.constant((): Command => ({ action: 'withdraw', reason: '双方已自行协商解决' })),
  // 补充材料: sometimes naming a file no use case resolved, so refusals are exercised too.
  add_material: fc.boolean().map((withFile): Build => () => ({
    action: 'add_material',
    content: '补充合同复印件及对账单',
    ...(withFile ? { attachmentIds: ['7c1d2e3f-0000-4000-8000-0000000000ff'] } : {}),
  })),
  // 保障中小企业款项支付条例 第二十五条: sometimes told in the future, so refusals are exercised too.
  notify_result: fc.integer({ min: -40, max: 3 }).map((days): Build => () => ({
    action: 'notify_result',
    summary: '经核实，欠款将于下月付清',
    notifiedOn: addCalendarDays(TODAY, days),
    documents: [{ title: '投诉处理结果告知书', reference: 'HD-告-1' }],
  })),
} satisfies Record<CaseAction, fc.Arbitrary<Build>>;

/** Every state a line's path can reach: registration, and each state its steps lead to. */
const pathStates = (line: OpenLine): CaseState[] => {
  const states = new Set<CaseState>(['registered']);
  for (const step of Object.values(LINE_MODULES[line].steps)) for (const state of step?.to ?? []) states.add(state);
  return [...states];
};

/** The invariants every line keeps: legal states, feedback before closure, rating, deadlines, intake. */
const checkCommonInvariants = (record: CaseRecord, events: readonly CaseEvent[]) => {
  expect(CASE_STATES).toContain(record.state);
  if (record.state === 'closed') expect(events.some((event) => event.type === 'submit_feedback')).toBe(true);
  // SPEC §5: only a closed case is rated, only by its enterprise, and once per closing (销号).
  const ratings = events.filter((event) => event.type === 'rate');
  expect(ratings.length).toBeLessThanOrEqual(events.filter((event) => event.type === 'close').length);
  if (record.rating !== null) expect(record.state).toBe('closed');
  for (const rating of ratings) expect(rating.actor.role).toBe('enterprise');
  // 12345 practice: a request to reopen follows a 不满意 rating of the same closing, by the enterprise, and drops that rating.
  events.forEach((event, index) => {
    if (event.type !== 'request_reopen') return;
    expect(event.actor.role).toBe('enterprise');
    const since = events.slice(0, index).findLast((earlier) => earlier.type === 'close' || earlier.type === 'request_reopen');
    expect(since?.type).toBe('close');
    const rated = events.slice(0, index).findLast((earlier) => earlier.type === 'rate') as CaseEvent<'rate'> | undefined;
    expect(rated?.payload.score).toBeLessThanOrEqual(2);
  });
  // A withdrawn case was withdrawn by its enterprise before it was classified.
  if (record.state === 'withdrawn') {
    expect(events.some((event) => event.type === 'withdraw' && event.stateBefore === 'registered' && event.actor.role === 'enterprise')).toBe(true);
  }
  // S1: a deadline moves only when an event sets it; an approved extension sets the requested date.
  for (const event of events) {
    if (event.type === 'approve_extension' && event.payload.approved) expect(event.deadline).toBe(event.payload.newDeadline);
    if (event.type === 'litigate') expect(event.deadline).toBeNull();
  }
  // S3: nothing is handled before intake; a merged duplicate is closed, into another case.
  if (record.intake?.status === 'pending') expect(['registered', 'dismissed', 'withdrawn']).toContain(record.state);
  if (record.mergedInto !== null) expect(record.state).toBe('dismissed');
  const accepted = events.findIndex((event) => event.type === 'accept');
  if ((events[0] as CaseEvent<'register'>).payload.intakeStatus === 'pending') {
    const handled = events.findIndex((event) => event.stateAfter !== 'registered' && event.stateAfter !== 'dismissed' && event.stateAfter !== 'withdrawn');
    if (handled >= 0) expect(accepted).toBeGreaterThanOrEqual(0);
    if (handled >= 0) expect(accepted).toBeLessThan(handled);
  } else {
    expect(accepted).toBe(-1);
  }
  expect(replay(events)).toEqual(record);
};

const propertyOf = <L extends OpenLine>(line: L) => {
  const arbitraries: LineArbitraries<L> = LINE_ARBITRARIES[line];
  const builders = { ...COMMON_BUILDERS, ...arbitraries.builders } as Record<CaseAction, fc.Arbitrary<(record: CaseOf<L>) => Command>>;

  /**
   * One step: usually an action the flow allows now (so random runs travel the whole path),
   * sometimes any action at all (so wrong-state and wrong-line commands are exercised too), by a
   * random actor.
   */
  const step = fc.record({
    steered: fc.integer({ min: 0, max: 9 }).map((value) => value < 8),
    choice: fc.nat(),
    builds: fc.record(builders),
    actor: fc.constantFrom(...Object.values(ACTORS)),
    rightActor: fc.boolean(),
  });
  type StepValue = typeof step extends fc.Arbitrary<infer T> ? T : never;

  const commandOf = (record: CaseOf<L>, drawn: StepValue): { actor: Actor; command: CaseCommand } => {
    // Steered steps follow the flow and the intake step (S3), so runs get past intake and travel on.
    const allowed = CASE_ACTIONS.filter((action) => flowAllows(action, record.state, record.line) && intakeAllows(record, action, ACTORS.businessOffice));
    // Two steered steps in three move the case on (an action that changes its state), so that even
    // with the many actions that leave the state alone (督办, 交办, 延期…) runs reach 销号 reliably.
    // 受理 moves a complaint on past intake. Actions that only end a case at its start (不予受理, 合并,
    // 撤回) are steered like those that stay: they still happen in hundreds of runs, and most runs
    // travel on towards 销号.
    const moving = allowed.filter((action) => action === 'accept' || flowTargets(action, record.line).some((state) => isCaseOpen(state) || state === 'closed'));
    const pool = moving.length > 0 && drawn.choice % 3 !== 0 ? moving : allowed;
    const action = drawn.steered && pool.length > 0 ? pool[Math.floor(drawn.choice / 3) % pool.length]! : CASE_ACTIONS[drawn.choice % CASE_ACTIONS.length]!;
    const permitted = Object.values(ACTORS).filter((actor) => can(actor, action, record));
    const actor = drawn.rightActor && permitted.length > 0 ? permitted[drawn.choice % permitted.length]! : drawn.actor;
    return { actor, command: { ...drawn.builds[action](record), expectedVersion: record.version } as CaseCommand };
  };

  return { arbitraries, step, commandOf };
};

describe('the case machine under random commands', () => {
  for (const line of Object.keys(LINE_MODULES) as OpenLine[]) {
    it(`keeps every state of the ${line} path legal, its facts consistent, rejections harmless and the projection equal to its events`, () => {
      const { arbitraries, step, commandOf } = propertyOf(line);
      const reached = new Set<CaseState>();
      const recorded = new Set<string>();
      fc.assert(
        fc.property(arbitraries.registration, fc.array(step, { minLength: 25, maxLength: 40 }), (register, steps) => {
          const registration = register();
          let record = registration.record;
          const events: CaseEvent[] = [registration.event];
          for (const drawn of steps) {
            const before = structuredClone(record);
            const { actor, command } = commandOf(record, drawn);
            try {
              const draft = decide(record, command, context(actor, TODAY, resolvedFor(command)));
              const targets = flowTargets(command.action, record.line);
              // A state the line's step \`stays\` in may also be kept (a payment on the undisputed part, a written result on an arrear).
              const stays = flowStays(command.action, record.line).includes(record.state);
              expect(targets.length === 0 ? [record.state] : stays ? [record.state, ...targets] : targets).toContain(draft.stateAfter);
              const event = place(record, draft, actor, `${TODAY}T03:00:00.000Z`);
              record = evolve(record, event) as typeof record;
              events.push(event);
              recorded.add(event.type);
            } catch (error) {
              if (!isAppError(error) || error.code === 'INTERNAL') throw error;
              expect(record).toEqual(before);
            }
            reached.add(record.state);
            checkCommonInvariants(record, events);
            arbitraries.invariants(record, events);
          }
        }),
        { numRuns: arbitraries.numRuns },
      );
      // The generator must drive cases down every state of the line's path, or the property proves little.
      expect(pathStates(line).filter((state) => !reached.has(state)), 'states of the path no run reached').toEqual([]);
      expect([...reached].filter((state) => !pathStates(line).includes(state)), 'states off the path').toEqual([]);
      expect(recorded).toContain('accept');
      expect(recorded).toContain('merge');
      // Hundreds of runs of pure computation: on a loaded machine they take many times longer.
    }, 180_000);
  }
});
