import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { LocalDate } from '../domain/calendar.ts';
import type { CaseCommand } from '../domain/case/commands.ts';
import type { CaseRecord, SupervisionLevel } from '../domain/case/record.ts';
import type { CaseState } from '../domain/case/states.ts';
import type { Line } from '../domain/lines/vocabulary.ts';
import { writeCase, type WriteOptions } from './write-case.ts';

/**
 * Performs one action on a case through the one write path: load → resolve → authorize and
 * decide → one transaction that appends the event, updates the projection and links the files
 * the event names. A rejected command writes nothing.
 * @throws AppError CASE_NOT_FOUND, VERSION_CONFLICT, ATTACHMENT_NOT_FOUND,
 *   ATTACHMENT_ALREADY_LINKED and every error of `decide`
 */
export const performCaseAction = (app: AppContext, actor: Actor, caseId: string, command: CaseCommand, options?: WriteOptions): Promise<CaseRecord> =>
  writeCase(app, actor, { caseId, command }, options);

/**
 * What an action answers: the case's head after it — the version the next command carries and
 * what the action may have changed (state, deadline, supervision level). The whole case page
 * (history, flow, deadline story, the actions now open) is one `GET /api/cases/:id` away; building
 * it in the write's transaction cost most of an action's CPU. Its fields are a subset of the page's,
 * so an answer stored for an idempotency key before this shape still replays.
 */
export interface CaseActionResult {
  readonly id: string;
  readonly number: string;
  readonly line: Line;
  readonly state: CaseState;
  readonly version: number;
  readonly deadline: LocalDate | null;
  readonly supervisionLevel: SupervisionLevel | null;
  readonly updatedAt: string;
}

export const caseActionResult = (record: CaseRecord): CaseActionResult => ({
  id: record.id,
  number: record.number,
  line: record.line,
  state: record.state,
  version: record.version,
  deadline: record.deadline,
  supervisionLevel: record.supervisionLevel,
  updatedAt: record.updatedAt,
});
