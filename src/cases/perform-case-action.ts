import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseCommand } from '../domain/case/commands.ts';
import type { CaseRecord } from '../domain/case/record.ts';
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
