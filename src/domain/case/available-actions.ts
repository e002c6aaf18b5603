import { can } from '../access/case-policy.ts';
import type { Actor } from '../access/roles.ts';
import { intakeAllows } from '../intake/intake.ts';
import { CASE_ACTIONS, type CaseAction } from './actions.ts';
import { flowAllows, stepOf } from './paths.ts';
import type { CaseRecord } from './record.ts';

/** The actions `actor` may perform on the case now: one button each on the case page. */
export const availableActions = (record: CaseRecord, actor: Actor): CaseAction[] =>
  CASE_ACTIONS.filter(
    (action) =>
      flowAllows(action, record.state, record.line) &&
      stepOf(record.line, action)?.serves?.(record) !== false &&
      can(actor, action, record) &&
      intakeAllows(record, action, actor) &&
      // Preconditions beyond the flow, so the UI offers only what can succeed.
      (stepOf(record.line, action)?.ready?.(record) ?? true),
  );
