import fc from 'fast-check';
import { expect } from 'vitest';
import { ACTORS, context, place, registration, type DistributiveOmit } from '../../../../test/support/domain.ts';
import { addCalendarDays } from '../../calendar.ts';
import type { CaseCommand } from '../../case/commands.ts';
import { decideRegistration } from '../../case/decide.ts';
import { evolve } from '../../case/evolve.ts';
import type { CaseOf } from '../../case/record.ts';
import type { LineArbitraries } from '../line-arbitraries.ts';

/**
 * Random commands of the integrity line for the case-machine property (G2, G3): rectification
 * items with or without an enterprise, plans whose time limit is sometimes already past or in
 * the next year, and the line's invariants: a performing item has its plan and its time limit
 * as deadline, and an item that was never planned is never performed.
 */
type Command = DistributiveOmit<CaseCommand, 'expectedVersion'>;
type Build = (record: CaseOf<'integrity'>) => Command;

const TODAY = '2026-03-02';

const item = (source: 'self_inspection' | 'audit' | 'petition', withEnterprise: boolean) => () => {
  const actor = source === 'petition' ? ACTORS.businessOffice : ACTORS.county;
  const payload = registration({
    line: 'integrity',
    source,
    number: 'SX2026-00001',
    title: '汉东区政府招商合同中“政策变化不予补偿”条款违法',
    facts: '自查发现2023年以来签订的4份招商引资合同含单方免责条款。',
    claimedAmount: null,
    ...(withEnterprise ? {} : { enterprise: null }),
  });
  const draft = decideRegistration(payload, 'handong', context(actor, TODAY));
  const event = place(null, draft, actor, `${TODAY}T02:00:00.000Z`);
  return { record: evolve(null, event) as CaseOf<'integrity'>, event };
};

export const integrityArbitraries: LineArbitraries<'integrity'> = {
  // A county's own finding or an audit is taken on at once; a petition waits for 营商办 (S3).
  registration: fc
    .tuple(fc.constantFrom('self_inspection' as const, 'audit' as const, 'petition' as const), fc.boolean())
    .map(([source, withEnterprise]) => item(source, withEnterprise)),
  builders: {
    classify: fc.option(fc.constant('违法约定免责条款'), { nil: undefined }).map((note): Build => () => ({ action: 'classify', classification: { line: 'integrity', note } })),
    propose_plan: fc.tuple(fc.integer({ min: -3, max: 400 }), fc.integer({ min: 1, max: 3 })).map(([days, measures]): Build => () => ({
      action: 'propose_plan',
      rectification: {
        measures: Array.from({ length: measures }, (_, index) => `整改措施${index + 1}`),
        timeLimit: addCalendarDays(TODAY, days),
        responsiblePerson: { name: '李明', post: '汉东区司法局副局长' },
      },
    })),
  },
  invariants: (record, events) => {
    if (record.state === 'performing') {
      expect(record.rectification).not.toBeNull();
      // The plan's time limit is the deadline, until an extension approved after it moves it (S1).
      const setBy = events.findLast((event) => event.type === 'propose_plan' || (event.type === 'approve_extension' && event.payload.approved));
      expect(record.deadline).toBe(setBy?.type === 'approve_extension' ? setBy.payload.newDeadline : record.rectification?.timeLimit);
    }
    if (record.rectification === null) expect(events.some((event) => event.type === 'fulfil')).toBe(false);
    // G2: no enterprise consents to a rectification, and nothing is paid on it.
    expect(events.some((event) => ['consent', 'object', 'record_payment'].includes(event.type))).toBe(false);
    expect(record.paidAmount).toBe(0);
  },
  numRuns: 300,
};
