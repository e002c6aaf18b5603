import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { linkAttachments, usableAttachments } from '../attachments/attachment-store.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai, yearOf, type LocalDate } from '../domain/calendar.ts';
import type { RegisterCaseInput } from '../domain/case/commands.ts';
import { decideRegistration } from '../domain/case/decide.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { assertCreditCode } from '../domain/credit-code.ts';
import { AppError } from '../domain/errors.ts';
import { LINE_NUMBER_PREFIX, type Line } from '../domain/lines.ts';
import type { Db } from '../db/connection.ts';
import { formatYearlyNumber, takeCounterValue } from '../db/counters.ts';
import { units } from '../db/schema.ts';
import {
  cityJurisdiction,
  findUnitByCreditCode,
  getUnit,
  listJurisdictions,
  loadCalendar,
  loadTimeLimits,
  supervisorsFor,
} from '../reference/reference-data.ts';
import { appendEvent } from './case-store.ts';

/** The next case number of the line and year, e.g. QK2026-00017; the row lock serialises it. */
const nextNumber = async (tx: Db, tenantId: string, line: Line, year: number): Promise<string> => {
  const prefix = LINE_NUMBER_PREFIX[line];
  return formatYearlyNumber(prefix, year, await takeCounterValue(tx, tenantId, prefix, year), 5);
};

/**
 * The creditor enterprise, found by its unified social credit code or registered with it.
 * @throws AppError CREDIT_CODE_INVALID, VALIDATION_FAILED
 */
const enterpriseUnit = async (tx: Db, tenantId: string, name: string, creditCode: string, jurisdictionId: string) => {
  const existing = await findUnitByCreditCode(tx, tenantId, creditCode);
  if (existing !== null) {
    if (existing.kind !== 'enterprise') {
      throw new AppError('VALIDATION_FAILED', `统一社会信用代码${creditCode}属于“${existing.name}”，不是企业`, {
        field: 'enterprise.creditCode',
      });
    }
    return existing;
  }
  const [created] = await tx
    .insert(units)
    .values({ id: `ent-${randomUUID()}`, tenantId, name, kind: 'enterprise', creditCode, jurisdictionId })
    .returning();
  return created!;
};

/** S3: where an imported demand came from: its id and submission day on the provincial platform. */
export interface ExternalOrigin {
  readonly externalRef: string;
  readonly submittedOn: LocalDate;
}

/**
 * Registers a case (S3): validates the enterprise (none for an integrity item that concerns
 * none, G2) and the responsible unit, fills the lead and cooperating bureaus from the matrix,
 * numbers it, records its first event and links the caller's uploaded files to it, all in one
 * transaction. A complaint from outside waits for 营商办's intake; staff's own registrations
 * are accepted at once.
 * @throws AppError CREDIT_CODE_INVALID, UNIT_NOT_FOUND, FORBIDDEN, ACTION_NOT_FOR_LINE, VALIDATION_FAILED,
 *   ATTACHMENT_NOT_FOUND, ATTACHMENT_ALREADY_LINKED; VERSION_CONFLICT when `origin` names a demand already registered
 */
export const registerCase = async (app: AppContext, actor: Actor, input: RegisterCaseInput, origin?: ExternalOrigin): Promise<CaseRecord> => {
  const now = app.clock();
  const today = todayInShanghai(now);
  const creditCode = input.enterprise === undefined ? null : assertCreditCode(input.enterprise.creditCode);
  const responsible = await getUnit(app.db, app.tenantId, input.responsibleUnitId);
  if (responsible.kind === 'enterprise') {
    throw new AppError('VALIDATION_FAILED', '责任单位应为政府部门、事业单位或国有企业，不能是民营企业', { field: 'responsibleUnitId' });
  }
  const supervisors = await supervisorsFor(app.db, app.tenantId, input.line, responsible);
  const city = cityJurisdiction(await listJurisdictions(app.db, app.tenantId));
  const calendar = await loadCalendar(app.db, app.tenantId);
  const timeLimits = await loadTimeLimits(app.db, app.tenantId);
  if (actor.role === 'enterprise') {
    const own = actor.unitId === null ? null : await getUnit(app.db, app.tenantId, actor.unitId);
    if (creditCode === null || own?.creditCode !== creditCode) {
      throw new AppError('FORBIDDEN', '企业只能以本企业名义提交诉求', { field: 'enterprise.creditCode' });
    }
  }

  return app.db.transaction(async (tx) => {
    const attached = await usableAttachments(tx, app.tenantId, actor, input.attachmentIds ?? []);
    const enterprise =
      input.enterprise === undefined || creditCode === null
        ? null
        : await enterpriseUnit(tx, app.tenantId, input.enterprise.name, creditCode, city.id);
    const payload = {
      number: await nextNumber(tx, app.tenantId, input.line, yearOf(today)),
      line: input.line,
      source: input.source,
      title: input.title,
      facts: input.facts,
      instruction: input.instruction || null,
      enterprise: enterprise === null || creditCode === null ? null : { unitId: enterprise.id, name: enterprise.name, creditCode },
      responsibleUnitId: responsible.id,
      handlingUnitId: responsible.id,
      jurisdictionId: responsible.jurisdictionId,
      leadUnitId: supervisors.leadUnitId,
      cooperatingUnitIds: supervisors.cooperatingUnitIds,
      claimedAmount: input.claimedAmount ?? null,
      attachments: attached,
      ...(origin === undefined ? {} : { externalRef: origin.externalRef, submittedOn: origin.submittedOn }),
    };
    const draft = decideRegistration(payload, responsible.jurisdictionId, {
      actor,
      today,
      calendar,
      timeLimits,
    });
    const caseId = randomUUID();
    const stored = await appendEvent(tx, app.tenantId, null, draft, actor, now, caseId);
    await linkAttachments(tx, app.tenantId, attached, caseId);
    return stored.record;
  });
};
