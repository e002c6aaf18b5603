import type { CaseAction } from '../../../src/domain/case/actions.ts';
import type { CaseView } from '../api/types.ts';
import type { Messages } from '../i18n/messages.ts';
import { commonActionSpecs, type ActionSpec } from './action-specs.ts';
import { webLine } from './lines/index.ts';

/** An action's name on a case of `line`, as the line words it (整改完成 on a rectification item, G2). */
export const actionLabel = (m: Messages, action: CaseAction, line: CaseView['line']): string => webLine(line).actionLabel(m, action) ?? m.action[action];

/** The form of `action` on a case of `line`: the line's own form, or the one every line shares. */
export const actionSpecFor = (m: Messages, action: CaseAction, line: CaseView['line']): ActionSpec | undefined =>
  (webLine(line).actions(m)[action] as ActionSpec | undefined) ?? commonActionSpecs(m)[action];
