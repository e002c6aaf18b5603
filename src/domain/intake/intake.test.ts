import { describe, expect, it } from 'vitest';
import { ACTORS, act, context, expectError, place, registration, UNITS } from '../../../test/support/domain.ts';
import type { Actor } from '../access/roles.ts';
import { availableActions } from '../case/available-actions.ts';
import { intakeAllows } from './intake.ts';
import { decide, decideRegistration } from '../case/decide.ts';
import { evolve } from '../case/evolve.ts';
import type { RegistrationPayload } from '../case/line-module.ts';
import type { CaseOf, CaseRecord } from '../case/record.ts';
import type { OpenLine } from '../lines/registry.ts';
import type { CaseState } from '../case/states.ts';

const TODAY = '2026-03-02';

const registerAs = <L extends OpenLine = 'arrears'>(actor: Actor, overrides: Partial<RegistrationPayload> & { line?: L }): CaseOf<L> => {
  const draft = decideRegistration(registration(overrides), 'handong', context(actor, TODAY));
  return evolve(null, place(null, draft, actor, `${TODAY}T02:00:00.000Z`)) as CaseOf<L>;
};

const ASSIGNMENT = {
  responsibleUnitId: UNITS.debtor,
  handlingUnitId: UNITS.debtor,
  jurisdictionId: 'handong',
  leadUnitId: UNITS.leadBureau,
  cooperatingUnitIds: ['u-caizhengju', 'u-shenjiju'],
};

const TARGET: { id: string; number: string; state: CaseState; enterpriseCreditCode: string | null } = { id: '0b7e6f52-0000-4000-8000-000000000001', number: 'QK2026-00001', state: 'performing', enterpriseCreditCode: '91420100MA4K0000X1' };

/** A command rejected with `code` must leave the case exactly as it was. */
const rejects = (record: CaseRecord, run: () => unknown, code: string) => {
  const before = structuredClone(record);
  expectError(run, code);
  expect(record).toEqual(before);
};

describe('intake: accept and assign (S3)', () => {
  const petition = () => registerAs(ACTORS.businessOffice, { source: 'petition', instruction: null });

  it('keeps a complaint from outside pending, with only 营商办’s intake actions available', () => {
    const record = petition();
    expect(record.intake).toMatchObject({ status: 'pending', acceptedAt: null, acceptedBy: null });
    expect(availableActions(record, ACTORS.businessOffice)).toEqual(expect.arrayContaining(['accept', 'merge', 'dismiss', 'assign']));
    expect(availableActions(record, ACTORS.businessOffice)).not.toContain('classify');
    expect(availableActions(record, ACTORS.debtor)).toEqual([]);
    expect(availableActions(record, ACTORS.county)).toEqual([]);
  });

  it('refuses handling before acceptance, by anyone, and a county’s dismissal, changing nothing', () => {
    const record = petition();
    const classify = { action: 'classify', classification: { line: 'arrears', disputed: true } } as const;
    rejects(record, () => act(record, classify, ACTORS.debtor, TODAY), 'INTAKE_PENDING');
    rejects(record, () => act(record, classify, ACTORS.businessOffice, TODAY), 'INTAKE_PENDING');
    rejects(record, () => act(record, { action: 'dismiss', reason: '不属实' }, ACTORS.county, TODAY), 'INTAKE_PENDING');
    rejects(record, () => act(record, { action: 'accept', responsibleUnitId: UNITS.debtor, instruction: '请核实' }, ACTORS.leader, TODAY, { assignment: ASSIGNMENT }), 'FORBIDDEN');
    rejects(record, () => act(record, { action: 'accept', responsibleUnitId: UNITS.debtor, instruction: '请核实' }, ACTORS.businessOffice, TODAY), 'UNIT_NOT_FOUND');
  });

  it('accepts and assigns with the matrix’s lead and cooperating units, and the unit may then classify', () => {
    const { record, event } = act(
      petition(),
      { action: 'accept', responsibleUnitId: UNITS.debtor, instruction: '请汉东区教育局10个工作日内核实并提出清偿意见' },
      ACTORS.businessOffice,
      TODAY,
      { assignment: ASSIGNMENT },
    );
    expect(event).toMatchObject({ type: 'accept', rule: 'S3', stateAfter: 'registered', deadline: '2026-03-09' });
    expect(record.intake).toEqual({
      status: 'accepted',
      acceptedAt: `${TODAY}T03:00:00.000Z`,
      acceptedBy: { id: ACTORS.businessOffice.id, name: ACTORS.businessOffice.name },
      leadUnitId: UNITS.leadBureau,
      cooperatingUnitIds: ['u-caizhengju', 'u-shenjiju'],
      instruction: '请汉东区教育局10个工作日内核实并提出清偿意见',
    });
    expect(availableActions(record, ACTORS.debtor)).toContain('classify');
    expect(availableActions(record, ACTORS.businessOffice)).not.toContain('accept');
    rejects(record, () => act(record, { action: 'accept', responsibleUnitId: UNITS.debtor, instruction: '再次' }, ACTORS.businessOffice, TODAY, { assignment: ASSIGNMENT }), 'INTAKE_NOT_PENDING');
    expect(act(record, { action: 'classify', classification: { line: 'arrears', disputed: true } }, ACTORS.debtor, TODAY).record.state).toBe('negotiating');
  });

  it('accepts staff’s own registrations on registration, sends a leader’s assignment to 营商办 for 交办, and requires its instruction (领导交办意见)', () => {
    const own = registerAs(ACTORS.debtor, { source: 'self_inspection' });
    expect(own.intake).toMatchObject({ status: 'accepted', acceptedBy: { id: ACTORS.debtor.id, name: ACTORS.debtor.name } });
    const office = registerAs(ACTORS.businessOffice, { source: 'assigned', instruction: '请汉东区教育局限期解决' });
    expect(office.intake).toMatchObject({ status: 'accepted', instruction: '请汉东区教育局限期解决' });
    const assigned = registerAs(ACTORS.leader, { source: 'assigned', instruction: '请市营商办督促汉东区限期解决' });
    expect(assigned.intake).toMatchObject({ status: 'pending', acceptedBy: null, instruction: '请市营商办督促汉东区限期解决' });
    // The unit waits for 营商办's 交办: it cannot handle the case yet.
    expect(intakeAllows(assigned, 'classify', ACTORS.debtor)).toBe(false);
    expect(intakeAllows(assigned, 'accept', ACTORS.businessOffice)).toBe(true);
    expectError(() => decideRegistration(registration({ source: 'assigned', instruction: null }), 'handong', context(ACTORS.leader, TODAY)), 'VALIDATION_FAILED');
  });
});

describe('intake: merging a duplicate (S3)', () => {
  const petition = () => registerAs(ACTORS.businessOffice, { source: 'petition' });
  const merge = (record: CaseRecord, target: typeof TARGET | null, actor = ACTORS.businessOffice) =>
    act(record, { action: 'merge', targetCaseId: TARGET.id, reason: '与QK2026-00001为同一笔欠款' }, actor, TODAY, { mergeTarget: target });

  it('closes the duplicate into the case it repeats', () => {
    const { record, event } = merge(petition(), TARGET);
    expect(event).toMatchObject({ type: 'merge', rule: 'S3', stateAfter: 'dismissed', deadline: null });
    expect(record).toMatchObject({ state: 'dismissed', mergedInto: { caseId: TARGET.id, number: TARGET.number }, closedAt: `${TODAY}T03:00:00.000Z` });
  });

  it('refuses an unreadable, dismissed, foreign or self target, and anyone but 营商办, changing nothing', () => {
    const record = petition();
    rejects(record, () => merge(record, null), 'CASE_NOT_FOUND');
    rejects(record, () => merge(record, { ...TARGET, state: 'dismissed' }), 'MERGE_TARGET_INVALID');
    rejects(record, () => merge(record, { ...TARGET, enterpriseCreditCode: '91420100MA4K0001X1' }), 'MERGE_TARGET_INVALID');
    rejects(record, () => merge(record, { ...TARGET, id: record.id }), 'MERGE_TARGET_INVALID');
    rejects(record, () => merge(record, TARGET, ACTORS.county), 'FORBIDDEN');
    rejects(record, () => merge(record, TARGET, ACTORS.enterprise), 'FORBIDDEN');
  });
});

describe('the integrity line: rectification to closure (G2, G3)', () => {
  const item = () =>
    registerAs(ACTORS.county, {
      line: 'integrity' as const,
      source: 'self_inspection',
      number: 'SX2026-00001',
      title: '汉东区政府招商合同中“政策变化不予补偿”条款违法',
      facts: '自查发现2023年以来签订的4份招商引资合同含单方免责条款。',
      enterprise: null,
      claimedAmount: null,
    });
  const plan = (timeLimit: string) => ({
    action: 'propose_plan' as const,
    rectification: {
      measures: ['废止违法条款并与企业签订补充协议', '建立合同合法性审查台账'],
      timeLimit,
      responsiblePerson: { name: '李明', post: '汉东区司法局副局长', phone: '0710-3201234' },
    },
  });

  it('registers an item without an enterprise only on the integrity line', () => {
    expect(item()).toMatchObject({ line: 'integrity', enterprise: null, intake: { status: 'accepted' } });
    expectError(
      () => decideRegistration(registration({ enterprise: null }), 'handong', context(ACTORS.county, TODAY)),
      'VALIDATION_FAILED',
    );
  });

  it('classifies to planning, performs the plan at once with its time limit as deadline, then needs feedback to close', () => {
    let record = item();
    let step = act(record, { action: 'classify', classification: { line: 'integrity' } }, ACTORS.county, TODAY);
    expect(step.event).toMatchObject({ rule: 'G2', stateAfter: 'planning' });
    record = step.record;
    rejects(record, () => act(record, plan('2026-03-01'), ACTORS.county, TODAY), 'PLAN_DATES_INVALID');
    rejects(record, () => act(record, { action: 'propose_plan', installments: [{ dueOn: '2026-06-30', amount: 1 }] }, ACTORS.county, TODAY), 'VALIDATION_FAILED');
    step = act(record, plan('2026-06-30'), ACTORS.county, TODAY);
    expect(step.event).toMatchObject({ rule: 'G2', stateAfter: 'performing', deadline: '2026-06-30' });
    record = step.record;
    expect(record.rectification).toEqual({
      measures: ['废止违法条款并与企业签订补充协议', '建立合同合法性审查台账'],
      timeLimit: '2026-06-30',
      responsiblePerson: { name: '李明', post: '汉东区司法局副局长', phone: '0710-3201234' },
      crossesYear: false,
    });
    record = act(record, { action: 'report_progress', progress: '已废止2份合同条款', percent: 50 }, ACTORS.county, TODAY).record;
    expect(record.progress).toEqual({ text: '已废止2份合同条款', percent: 50, reportedAt: `${TODAY}T03:00:00.000Z` });
    step = act(record, { action: 'fulfil', evidence: '4份补充协议已签订' }, ACTORS.county, TODAY);
    expect(step.event).toMatchObject({ rule: 'G2', stateAfter: 'settled' });
    record = step.record;
    // G3: nothing is closed without written feedback.
    rejects(record, () => act(record, { action: 'close' }, ACTORS.businessOffice, TODAY), 'CASE_NOT_IN_STATE');
    record = act(record, { action: 'submit_feedback', summary: '整改完成', documents: [{ title: '补充协议', reference: 'HD-2026-01' }] }, ACTORS.county, TODAY).record;
    const returned = act(record, { action: 'return', reason: '缺少审查台账' }, ACTORS.businessOffice, TODAY);
    expect(returned.record.state).toBe('settled');
    expect(act(record, { action: 'close' }, ACTORS.businessOffice, TODAY).record.state).toBe('closed');
  });

  it('flags a time limit in the next year (A2 by analogy) and refuses an arrears plan on it', () => {
    const planning = act(item(), { action: 'classify', classification: { line: 'integrity' } }, ACTORS.county, TODAY).record;
    expect(act(planning, plan('2027-03-31'), ACTORS.county, TODAY).record.rectification?.crossesYear).toBe(true);
    expectError(() => decide(planning, { ...plan('2026-06-30'), rectification: undefined, expectedVersion: planning.version }, context(ACTORS.county, TODAY)), 'VALIDATION_FAILED');
    expectError(() => act(item(), { action: 'classify', classification: { line: 'arrears', disputed: true } }, ACTORS.county, TODAY), 'ACTION_NOT_FOR_LINE');
  });
});
