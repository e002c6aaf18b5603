import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays } from '../calendar.ts';
import { inForceOn } from './library.ts';
import { isListedOn, listHistory, listOn, listPeriods, type ListedClause, type ListedPolicy, type LoggedPolicyChange } from './no-application-list.ts';

const AWARD: ListedClause = { id: 'c-award', article: '第9条', title: '首次认定高新技术企业奖励', noApplication: true };
const LOAN: ListedClause = { id: 'c-loan', article: '第6条', title: '技改贷款贴息', noApplication: false };

const POLICY: ListedPolicy = {
  id: 'p-1',
  documentNo: '汉政发〔2026〕3号',
  title: '汉江市加快制造业高质量发展若干政策',
  effectiveOn: '2026-02-01',
  expiresOn: '2028-12-31',
  status: 'in_force',
  endedOn: null,
};

const created = (...clauses: ListedClause[]): LoggedPolicyChange => ({ kind: 'create', effectiveOn: POLICY.effectiveOn, clauses });
const updated = (on: string, ...clauses: ListedClause[]): LoggedPolicyChange => ({ kind: 'update', effectiveOn: on, clauses });
const moves = (policy: ListedPolicy, log: LoggedPolicyChange[], day = '2030-01-01') =>
  listHistory(listPeriods(policy, log), day).map((event) => [event.on, event.move, event.reason, event.article]);

describe('the 免申即享 list (P2, P7)', () => {
  it('lists a marked clause from the day its policy takes effect, and not an unmarked one', () => {
    const periods = listPeriods(POLICY, [created(LOAN, AWARD)]);
    expect(periods).toEqual([
      {
        policyId: 'p-1',
        documentNo: '汉政发〔2026〕3号',
        policyTitle: '汉江市加快制造业高质量发展若干政策',
        clauseId: 'c-award',
        article: '第9条',
        clauseTitle: '首次认定高新技术企业奖励',
        enteredOn: '2026-02-01',
        enteredBecause: 'effective',
        leftOn: '2029-01-01',
        leftBecause: 'expire',
      },
    ]);
    expect(listOn(periods, '2026-01-31')).toEqual([]);
    expect(listOn(periods, '2026-02-01').map((period) => period.clauseId)).toEqual(['c-award']);
  });

  it('takes a clause off when an update clears its mark, and puts one on when an update sets it, each dated by the update', () => {
    const log = [created(LOAN, AWARD), updated('2026-05-10', LOAN, { ...AWARD, noApplication: false }), updated('2026-07-01', { ...LOAN, noApplication: true }, AWARD)];
    expect(moves(POLICY, log)).toEqual([
      ['2029-01-01', 'left', 'expire', '第6条'],
      ['2029-01-01', 'left', 'expire', '第9条'],
      ['2026-07-01', 'entered', 'update', '第6条'],
      ['2026-07-01', 'entered', 'update', '第9条'],
      ['2026-05-10', 'left', 'update', '第9条'],
      ['2026-02-01', 'entered', 'effective', '第9条'],
    ]);
    const periods = listPeriods(POLICY, log);
    expect(listOn(periods, '2026-05-09').map((period) => period.clauseId)).toEqual(['c-award']);
    expect(listOn(periods, '2026-05-10')).toEqual([]);
    expect(listOn(periods, '2026-07-01').map((period) => period.enteredOn)).toEqual(['2026-07-01', '2026-07-01']);
  });

  it('dates a mark set before the policy takes effect by the effective day', () => {
    const policy = { ...POLICY, effectiveOn: '2026-09-01' };
    expect(moves(policy, [{ ...created(LOAN), effectiveOn: '2026-09-01' }, updated('2026-08-20', { ...LOAN, noApplication: true })], '2026-12-31')).toEqual([
      ['2026-09-01', 'entered', 'effective', '第6条'],
    ]);
    // Marked and cleared again before it took effect: the clause never was on the list.
    expect(listPeriods(policy, [{ ...created(AWARD), effectiveOn: '2026-09-01' }, updated('2026-08-20', { ...AWARD, noApplication: false })])).toEqual([]);
  });

  it('follows a clause by its id through updates: a clause dropped leaves, one added enters, a retitled one stays', () => {
    const added: ListedClause = { id: 'c-green', article: '第25条', title: '绿色工厂认定奖励', noApplication: true };
    const log = [created(AWARD), updated('2026-04-01', { ...AWARD, title: '高新技术企业认定奖励' }), updated('2026-06-01', added)];
    const periods = listPeriods(POLICY, log);
    expect(periods.map((period) => [period.clauseTitle, period.enteredOn, period.leftOn, period.leftBecause])).toEqual([
      ['高新技术企业认定奖励', '2026-02-01', '2026-06-01', 'update'],
      ['绿色工厂认定奖励', '2026-06-01', '2029-01-01', 'expire'],
    ]);
  });

  it('takes the clauses of a revised or abolished policy off from the day it is revised or abolished', () => {
    const abolished = { ...POLICY, status: 'abolished', endedOn: '2026-10-31' } as const;
    const log = [created(AWARD), { kind: 'abolish', effectiveOn: '2026-10-31', clauses: [AWARD] } as const];
    expect(moves(abolished, log)).toEqual([
      ['2026-10-31', 'left', 'abolish', '第9条'],
      ['2026-02-01', 'entered', 'effective', '第9条'],
    ]);
    expect(listOn(listPeriods(abolished, log), '2026-10-30')).toHaveLength(1);
    expect(listOn(listPeriods(abolished, log), '2026-10-31')).toEqual([]);

    const revised = { ...POLICY, status: 'revised', endedOn: '2026-09-01' } as const;
    expect(moves(revised, [created(AWARD), { kind: 'revise', effectiveOn: '2026-09-01', clauses: [AWARD] }])[0]).toEqual(['2026-09-01', 'left', 'revise', '第9条']);
    // Abolished before it ever took effect: never on the list.
    expect(listPeriods({ ...POLICY, status: 'abolished', endedOn: '2026-01-20' }, [created(AWARD)])).toEqual([]);
  });

  it('keeps a clause on the list through the last day of validity and takes it off the next (到期)', () => {
    const policy = { ...POLICY, expiresOn: '2026-06-30' };
    const periods = listPeriods(policy, [created(AWARD)]);
    expect(isListedOn(periods[0]!, '2026-06-30')).toBe(true);
    expect(isListedOn(periods[0]!, '2026-07-01')).toBe(false);
    expect(periods[0]).toMatchObject({ leftOn: '2026-07-01', leftBecause: 'expire' });
    // The history shows only what has happened: the expiry appears once it has.
    expect(listHistory(periods, '2026-06-30').map((event) => event.move)).toEqual(['entered']);
    expect(listHistory(periods, '2026-07-01').map((event) => event.move)).toEqual(['left', 'entered']);
  });

  it('names the policy’s end, not a same-day correction, as the reason a clause left', () => {
    const abolished = { ...POLICY, status: 'abolished', endedOn: '2026-10-31' } as const;
    const log = [created(AWARD), updated('2026-10-31', { ...AWARD, noApplication: false }), { kind: 'abolish', effectiveOn: '2026-10-31', clauses: [{ ...AWARD, noApplication: false }] } as const];
    expect(moves(abolished, log)[0]).toEqual(['2026-10-31', 'left', 'abolish', '第9条']);
  });

  it('agrees with the policy as it now stands on every day from its last change on, whatever the log (property)', () => {
    const day = (from: string, span: number) => fc.integer({ min: 0, max: span }).map((days) => addCalendarDays(from, days));
    const clauses = fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c'), noApplication: fc.boolean() }), { maxLength: 3 }).map((list) =>
      [...new Map(list.map((clause) => [clause.id, { ...clause, article: `第${clause.id}条`, title: clause.id }])).values()],
    );
    fc.assert(
      fc.property(
        day('2026-01-01', 60),
        fc.option(day('2026-04-01', 400), { nil: null }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), clauses), { maxLength: 5 }),
        fc.option(fc.tuple(fc.constantFrom('revised', 'abolished'), fc.integer({ min: -200, max: 30 })), { nil: null }),
        clauses,
        fc.integer({ min: 0, max: 800 }),
        (effectiveOn, expiresOn, updates, ending, first, later) => {
          const log: LoggedPolicyChange[] = [{ kind: 'create', effectiveOn, clauses: first }];
          let on = '2026-01-01';
          for (const [gap, next] of updates) {
            on = addCalendarDays(on, gap);
            log.push({ kind: 'update', effectiveOn: on, clauses: next });
          }
          const final = log.at(-1)!.clauses;
          const endedOn = ending === null ? null : addCalendarDays(on, ending[1]);
          if (ending !== null) log.push({ kind: ending[0] === 'revised' ? 'revise' : 'abolish', effectiveOn: endedOn!, clauses: final });
          const policy: ListedPolicy = { ...POLICY, effectiveOn, expiresOn, status: ending?.[0] ?? 'in_force', endedOn };
          const periods = listPeriods(policy, log);

          for (const period of periods) expect(period.leftOn === null || period.enteredOn < period.leftOn).toBe(true);
          const today = addCalendarDays(on, later);
          // Once past every change, what is listed is what the policy in force marks today.
          const inForce = inForceOn({ ...policy, status: 'in_force' }, today) && (endedOn === null || today < endedOn);
          const expected = inForce ? final.filter((clause) => clause.noApplication).map((clause) => clause.id) : [];
          expect(listOn(periods, today).map((period) => period.clauseId).sort()).toEqual(expected.sort());
          // A clause is never on the list twice at once.
          const listed = listOn(periods, addCalendarDays(effectiveOn, later % 200)).map((period) => period.clauseId);
          expect(new Set(listed).size).toBe(listed.length);
        },
      ),
    );
  });
});
