import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { linkAttachments } from '../attachments/attachment-store.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { AttachmentRef } from '../domain/attachments.ts';
import { todayInShanghai, yearOf } from '../domain/calendar.ts';
import { decideRegistration, type DecideContext } from '../domain/case/decide.ts';
import type { CaseEventDraft } from '../domain/case/events.ts';
import { openLine } from '../domain/case/paths.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { isValidCreditCode, normalizeCreditCode } from '../domain/credit-code.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { takeCounterValue, takeCounterValues } from '../db/counters.ts';
import { insertMany } from '../db/insert-many.ts';
import { units, type Unit } from '../db/schema.ts';
import { referenceData, type ReferenceData } from '../reference/reference-cache.ts';
import { cityJurisdiction } from '../reference/reference-data.ts';
import { appendNewCases, sealEvent, type SealedEvent } from './case-store.ts';
import { followLinkedRecords } from './linked-records.ts';
import { liveReads, resolveRegistration, type RegistrationReads } from './resolve-registration.ts';
import type { RegistrationWrite, WriteOptions } from './write-case.ts';

/** A write of the batch that its rules refused, by its place in the batch. */
export interface RegistrationRefusal {
  readonly index: number;
  readonly error: AppError;
}

/** Every write registered (in order), or the refusals and nothing written. */
export type RegistrationsOutcome = { readonly kind: 'written'; readonly records: CaseRecord[] } | { readonly kind: 'refused'; readonly refusals: RegistrationRefusal[] };

class Refused extends Error {
  constructor(readonly refusals: RegistrationRefusal[]) {
    super('registrations refused');
  }
}

/** Remembers each answer of `read` by its key: a batch asks the same question once. */
const memo = <A extends unknown[], T>(key: (...args: A) => string, read: (...args: A) => Promise<T>) => {
  const answers = new Map<string, Promise<T>>();
  return (...args: A): Promise<T> => {
    const id = key(...args);
    let answer = answers.get(id);
    if (answer === undefined) {
      // A promise of the answer: a drizzle query is a thenable that runs again at each await.
      answer = Promise.resolve(read(...args));
      answers.set(id, answer);
    }
    return answer;
  };
};

/**
 * The reads of a batch: each unit, the matrix and the jurisdictions read once; the enterprises
 * of every credit code found in one query and the missing ones registered in one INSERT (with the
 * name of the first write that names them, as one registration after another would); the case
 * numbers of each line taken as one block, handed out in the batch's order.
 */
const batchReads = async (tx: Db, tenantId: string, reference: ReferenceData, writes: readonly RegistrationWrite[], year: number): Promise<RegistrationReads> => {
  const live = liveReads(tx, tenantId, reference);
  const jurisdictions = memo(() => '', live.jurisdictions);
  const unit = memo((unitId: string) => unitId, live.unit);
  const enterprises = new Map<string, Unit>();
  const named = new Map<string, string>();
  for (const { register } of writes) {
    if (register.enterprise === undefined) continue;
    // As `resolveRegistration` reads it (`assertCreditCode`); an invalid code is refused there.
    const code = normalizeCreditCode(register.enterprise.creditCode);
    if (isValidCreditCode(code) && !named.has(code)) named.set(code, register.enterprise.name);
  }
  const codes = [...named.keys()];
  if (codes.length > 0) {
    const found = await tx
      .select()
      .from(units)
      .where(and(eq(units.tenantId, tenantId), inArray(units.creditCode, codes)));
    for (const row of found) if (row.creditCode !== null) enterprises.set(row.creditCode, row);
    const missing = codes.filter((code) => !enterprises.has(code));
    if (missing.length > 0) {
      const city = cityJurisdiction(await jurisdictions());
      await insertMany(
        tx,
        units,
        missing.map((code) => ({ id: `ent-${randomUUID()}`, tenantId, name: named.get(code)!, kind: 'enterprise' as const, creditCode: code, jurisdictionId: city.id })),
      );
      const created = await tx
        .select()
        .from(units)
        .where(and(eq(units.tenantId, tenantId), inArray(units.creditCode, missing)));
      for (const row of created) enterprises.set(row.creditCode!, row);
    }
  }
  const counts = new Map<string, number>();
  for (const { register } of writes) {
    const prefix = openLine(register.line).numberPrefix;
    counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  const next = new Map<string, { value: number; last: number }>();
  for (const [prefix, count] of counts) {
    const first = await takeCounterValues(tx, tenantId, prefix, year, count);
    next.set(`${prefix}:${year}`, { value: first, last: first + count - 1 });
  }
  return {
    unit,
    supervisors: memo((line, debtor) => `${line}:${debtor.id}`, live.supervisors),
    jurisdictions,
    ledRows: memo((unitId) => unitId ?? '', live.ledRows),
    enterpriseByCode: async (name, creditCode, jurisdictionId) => enterprises.get(creditCode) ?? live.enterpriseByCode(name, creditCode, jurisdictionId),
    caseNumber: async (prefix, year) => {
      const block = next.get(`${prefix}:${year}`);
      if (block === undefined || block.value > block.last) return takeCounterValue(tx, tenantId, prefix, year);
      block.value += 1;
      return block.value - 1;
    },
  };
};

/**
 * Many registrations at once (a ledger import's rows): for each write the one write path's own
 * steps — `resolveRegistration`, `decideRegistration`, `sealEvent` (the first event of the case's
 * HMAC-SM3 chain), the projection, the outputs (`writeCaseEventsOutputs`: the notifications a
 * registration causes, the webhook outbox), its files linked and its linked records followed —
 * as `writeCase` takes them, but with the tenant's reference data read once
 * (`batchReads`) and the cases, events and outbox rows written in multi-row INSERTs.
 * In ONE transaction (a savepoint of the caller's): every write is registered, or, when the rules
 * refuse any of them, none is and the refusals are answered, each by its place in `writes`.
 * @throws AppError VERSION_CONFLICT when a case's unique key is taken (the same demand or ledger
 *   row registered meanwhile), INTERNAL
 */
export const writeRegistrations = async (
  app: AppContext,
  actor: Actor,
  writes: readonly RegistrationWrite[],
  options: Pick<WriteOptions, 'now'> = {},
): Promise<RegistrationsOutcome> => {
  if (writes.length === 0) return { kind: 'written', records: [] };
  const now = options.now ?? app.clock();
  const today = todayInShanghai(now);
  try {
    return await app.db.transaction(async (tx) => {
      const scope: AppContext = { ...app, db: tx };
      const reference = await referenceData(tx, app.tenantId);
      const context: DecideContext = { actor, today, calendar: reference.calendar, timeLimits: reference.timeLimits };
      const reads = await batchReads(tx, app.tenantId, reference, writes, yearOf(today));
      const decided: { sealed: SealedEvent; draft: CaseEventDraft; attachments: AttachmentRef[] }[] = [];
      const refusals: RegistrationRefusal[] = [];
      for (const [index, write] of writes.entries()) {
        try {
          const resolved = await resolveRegistration(scope, actor, write.register, today, write.origin, write.importedFrom, reads);
          const draft = decideRegistration(resolved.payload, resolved.responsibleJurisdictionId, { ...context, referencedCases: resolved.referencedCases }, resolved.matrix);
          decided.push({ sealed: sealEvent(app.keys, null, draft, actor, now, randomUUID()), draft, attachments: resolved.attachments });
        } catch (error) {
          if (!isAppError(error) || error.code === 'VERSION_CONFLICT' || error.code === 'INTERNAL') throw error;
          refusals.push({ index, error });
        }
      }
      if (refusals.length > 0) throw new Refused(refusals);
      await appendNewCases(tx, app.tenantId, decided.map((item) => item.sealed), now);
      for (const { sealed, draft, attachments } of decided) {
        await linkAttachments(tx, app.tenantId, attachments, sealed.event.caseId);
        await followLinkedRecords(scope, actor, sealed.record, draft, now);
      }
      return { kind: 'written' as const, records: decided.map((item) => item.sealed.record) };
    });
  } catch (error) {
    if (error instanceof Refused) return { kind: 'refused', refusals: error.refusals };
    throw error;
  }
};
