import { AppError } from '../errors.ts';
import { lineModule } from '../lines/registry.ts';
import { LINE_LABEL, type Line } from '../lines/vocabulary.ts';
import { CASE_ACTION_LABEL, FLOW, type CaseAction } from './actions.ts';
import type { EngineLine, EngineStep } from './line-module.ts';
import type { CaseState } from './states.ts';

/**
 * Each line's path through the one state machine (SPEC §7): the actions its module lists, each
 * from FLOW's states to the states the line allows.
 */

/** The line's step for `action`, or undefined when the action is not on the line's path (or the line is not open). */
export const stepOf = (line: string, action: CaseAction): EngineStep | undefined => lineModule(line)?.steps[action];

/** Whether `action` belongs to the path of `line` at all. */
export const flowServesLine = (action: CaseAction, line: string): boolean => stepOf(line, action) !== undefined;

/** The states `action` may lead to on `line`; empty when it leaves the state unchanged or is not on the line's path. */
export const flowTargets = (action: CaseAction, line: string): readonly CaseState[] => stepOf(line, action)?.to ?? [];

/** The states in which `line` takes `action` beyond FLOW's, without leaving them (`LineStep.stays`). */
export const flowStays = (action: CaseAction, line: string): readonly CaseState[] => stepOf(line, action)?.stays ?? [];

/** Whether the flow allows `action` from `state` on `line` (rights and rules aside). */
export const flowAllows = (action: CaseAction, state: CaseState, line: string): boolean =>
  flowServesLine(action, line) && ((FLOW[action].from as readonly CaseState[]).includes(state) || flowStays(action, line).includes(state));

/** The action's name on the line: most are the same on every line, a few are the line's own (整改完成). */
export const actionLabel = (action: CaseAction, line: string): string =>
  lineModule(line)?.actionLabels[action] ?? CASE_ACTION_LABEL[action];

/**
 * The module of a line open for registration.
 * @throws AppError ACTION_NOT_FOR_LINE for a line whose disposition rules are not in place
 */
export const openLine = (line: Line): EngineLine => {
  const module = lineModule(line);
  if (module === undefined) {
    throw new AppError('ACTION_NOT_FOR_LINE', `“${LINE_LABEL[line]}”的处置流程尚未开放登记`, { field: 'line' });
  }
  return module;
};

