import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { RegisterCaseInput } from '../domain/case/commands.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import type { ExternalOrigin } from './resolve-registration.ts';
import { writeCase, type WriteOptions } from './write-case.ts';

export type { ExternalOrigin } from './resolve-registration.ts';

/**
 * Registers a case (S3) through the one write path: the enterprise checked (none on a line
 * that allows it, G2), the responsible unit and the matrix's lead and cooperating bureaus, the
 * number, the first event and the caller's files, in one transaction. A complaint from outside
 * waits for 营商办's intake; staff's own registrations are accepted at once.
 * @throws AppError CREDIT_CODE_INVALID, UNIT_NOT_FOUND, FORBIDDEN, ACTION_NOT_FOR_LINE, VALIDATION_FAILED,
 *   ATTACHMENT_NOT_FOUND, ATTACHMENT_ALREADY_LINKED; VERSION_CONFLICT when `origin` names a demand already registered
 */
export const registerCase = (
  app: AppContext,
  actor: Actor,
  input: RegisterCaseInput,
  origin?: ExternalOrigin,
  options: Pick<WriteOptions, 'inTransaction'> = {},
): Promise<CaseRecord> => writeCase(app, actor, { register: input, ...(origin === undefined ? {} : { origin }) }, options);
