import { can } from '../access/case-policy.ts';
import type { Actor } from '../access/roles.ts';
import { intakeAllows } from '../intake/intake.ts';
import { CASE_ACTIONS, flowAllows, type CaseAction } from './actions.ts';
import type { CaseRecord } from './record.ts';

/** Preconditions beyond the flow table, so the UI offers only what can succeed. */
const READY: Partial<Record<CaseAction, (record: CaseRecord) => boolean>> = {
  request_year_exception: (record) =>
    record.plan?.kind === 'lump_sum' && record.yearException?.status !== 'requested' && record.yearException?.status !== 'approved',
  approve_year_exception: (record) => record.yearException?.status === 'requested',
  request_extension: (record) => record.deadline !== null && record.extension?.status !== 'requested',
  approve_extension: (record) => record.extension?.status === 'requested',
  rate: (record) => record.rating === null,
};

/** The actions `actor` may perform on the case now: one button each on the case page. */
export const availableActions = (record: CaseRecord, actor: Actor): CaseAction[] =>
  CASE_ACTIONS.filter(
    (action) =>
      flowAllows(action, record.state, record.line) &&
      can(actor, action, record) &&
      intakeAllows(record, action, actor) &&
      (READY[action]?.(record) ?? true),
  );
