import type fc from 'fast-check';
import type { DistributiveOmit } from '../../../test/support/domain.ts';
import type { CaseAction } from '../case/actions.ts';
import type { CaseCommand } from '../case/commands.ts';
import type { CaseEvent } from '../case/events.ts';
import type { CaseOf } from '../case/record.ts';
import type { OpenLine } from './registry.ts';

/**
 * What the case-machine property needs of a line (test support, next to each line as
 * `<line>.arbitraries.ts`): how its cases are registered, commands only the line can build
 * (its classification and plan, amounts against its facts), and the invariants of its facts.
 * The common steps' commands are built by the property itself.
 */
export interface LineArbitraries<L extends OpenLine> {
  /** A fresh case of the line and its register event, by one of its intake channels. */
  readonly registration: fc.Arbitrary<() => { record: CaseOf<L>; event: CaseEvent }>;
  readonly builders: Partial<Record<CaseAction, fc.Arbitrary<(record: CaseOf<L>) => DistributiveOmit<CaseCommand, 'expectedVersion'>>>>;
  /** @throws from `expect` when the line's facts break a rule */
  readonly invariants: (record: CaseOf<L>, events: readonly CaseEvent[]) => void;
  readonly numRuns: number;
}
