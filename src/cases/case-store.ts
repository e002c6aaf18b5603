import { and, asc, eq, sql } from 'drizzle-orm';
import { eventHash, GENESIS_HASH, type ChainedEvent } from '../audit/chain.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseEvent, CaseEventDraft } from '../domain/case/events.ts';
import { evolve } from '../domain/case/evolve.ts';
import { openLine } from '../domain/case/paths.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { upcastEvent, type StoredCaseEvent } from '../domain/case/upcast.ts';
import { AppError } from '../domain/errors.ts';
import { withResponsiblePhone } from '../domain/personal-data.ts';
import type { Db } from '../db/connection.ts';
import { isUniqueViolation } from '../db/db-errors.ts';
import { insertMany } from '../db/insert-many.ts';
import { caseEvents, cases, referenceVersions } from '../db/schema.ts';
import { writeCaseEventOutputs, writeCaseEventsOutputs } from '../notifications/case-event-outputs.ts';
import { caseNoticesRead, type NoticesReader } from '../notifications/mark-case-notices-read.ts';
import type { ReferenceData } from '../reference/reference-cache.ts';
import type { AppKeys } from '../security/keys.ts';
import { sealPhone } from '../security/personal-data.ts';

/** A case as stored: its projection and the hash at the head of its chain. */
export interface StoredCase {
  readonly record: CaseRecord;
  readonly headHash: string;
}

/** Loads a case's projection; null when the tenant has no such case. */
export const loadCase = async (db: Db, tenantId: string, caseId: string): Promise<StoredCase | null> => {
  const [row] = await db
    .select({ detail: cases.detail, headHash: cases.headHash })
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, caseId)));
  return row === undefined ? null : { record: row.detail as unknown as CaseRecord, headHash: row.headHash };
};

/**
 * `loadCase` for a write: the case and, in the same statement, the tenant's reference version, at
 * which the write then takes its reference data (`referenceData`) without a read of its own.
 * With a `reader`, the same statement also marks the reader's notices of the case read
 * (`caseNoticesRead`, a data-modifying `WITH`): the write's transaction undoes it if the write fails.
 * Null when the tenant has no such case.
 */
export const loadCaseForWrite = async (
  db: Db,
  tenantId: string,
  caseId: string,
  reader?: NoticesReader,
): Promise<{ stored: StoredCase; referenceVersion: string | null } | null> => {
  const selection = {
    detail: cases.detail,
    headHash: cases.headHash,
    referenceVersion: sql<string | null>`(select ${referenceVersions.version} from ${referenceVersions} where ${referenceVersions.tenantId} = ${tenantId})`,
  };
  const select = reader === undefined ? db.select(selection) : db.with(db.$with('notices_read').as(caseNoticesRead(db, tenantId, caseId, reader))).select(selection);
  const [row] = await select.from(cases).where(and(eq(cases.tenantId, tenantId), eq(cases.id, caseId)));
  return row === undefined ? null : { stored: { record: row.detail as unknown as CaseRecord, headHash: row.headHash }, referenceVersion: row.referenceVersion };
};

/** An event row as the chain sealed it (`upcastEvent` reads it in the current shape). */
export const toChainedEvent = (row: typeof caseEvents.$inferSelect): ChainedEvent => ({
  event: {
    caseId: row.caseId,
    seq: row.seq,
    type: row.type,
    payload: row.payload,
    rule: row.rule,
    stateBefore: row.stateBefore,
    stateAfter: row.stateAfter,
    deadline: row.deadline,
    actor: { id: row.actorId, role: row.actorRole, name: row.actorName },
    at: row.at.toISOString(),
  } as StoredCaseEvent,
  prevHash: row.prevHash,
  hash: row.hash,
});

/** A case's whole history in order, with the chain hashes. */
export const loadEvents = async (db: Db, tenantId: string, caseId: string): Promise<ChainedEvent[]> => {
  const rows = await db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.tenantId, tenantId), eq(caseEvents.caseId, caseId)))
    .orderBy(asc(caseEvents.seq));
  return rows.map(toChainedEvent);
};

/** The case row for a record: the searchable columns and the whole record as `detail`. */
export const projectionColumns = (record: CaseRecord, headHash: string) => {
  const module = openLine(record.line);
  const yearRule = module.yearRule(record);
  return {
    number: record.number,
    line: record.line,
    source: record.source,
    state: record.state,
    title: record.title,
    enterpriseUnitId: record.enterprise?.unitId ?? null,
    enterpriseName: record.enterprise?.name ?? null,
    enterpriseCreditCode: record.enterprise?.creditCode ?? null,
    responsibleUnitId: record.responsibleUnitId,
    handlingUnitId: record.handlingUnitId,
    jurisdictionId: record.jurisdictionId,
    leadUnitId: record.leadUnitId,
    claimedAmount: record.claimedAmount,
    confirmedAmount: record.confirmedAmount,
    paidAmount: record.paidAmount,
    rule: record.rule,
    deadline: record.deadline,
    yearException: yearRule?.exceptionApproved ?? false,
    yearRuleDueOn: yearRule?.dueOn ?? null,
    statutoryDueOn: module.statutoryDueOn?.(record) ?? null,
    caseKind: module.kindOf?.(record) ?? null,
    registeredAt: new Date(record.registeredAt),
    updatedAt: new Date(record.updatedAt),
    closedAt: record.closedAt === null ? null : new Date(record.closedAt),
    closedOnTime: record.state === 'closed' && record.settledOnTime === true,
    version: record.version,
    headHash,
    detail: record as unknown as Record<string, unknown>,
  };
};

/** The keys a stored event needs: the chain's MAC, and SM4 for the personal data it carries. */
export type CaseStoreKeys = Pick<AppKeys, 'mac' | 'encrypt'>;

/**
 * The payload as stored: a phone typed in clear is sealed (one already sealed or masked stays
 * as it is). The chain hashes this stored form, so verifying it needs no decryption.
 */
const storedPayload = <P extends object>(keys: CaseStoreKeys, payload: P): P =>
  withResponsiblePhone(payload, (phone) => (typeof phone === 'string' ? sealPhone(keys, phone) : phone));

/** An event sealed onto its case's chain, with the projection it leads to: what `appendEvent` writes. */
export interface SealedEvent {
  readonly event: CaseEvent;
  readonly prevHash: string;
  readonly hash: string;
  readonly record: CaseRecord;
}

/**
 * The event a draft becomes on a case (its number in the chain, the state before, the actor and
 * the instant; its personal data SM4-encrypted), sealed with HMAC-SM3 over the previous seal, and
 * the projection after it. Pure: nothing is written.
 */
export const sealEvent = (keys: CaseStoreKeys, current: StoredCase | null, draft: CaseEventDraft, actor: Actor, at: Date, caseId: string): SealedEvent => {
  const event = {
    ...draft,
    payload: storedPayload(keys, draft.payload),
    caseId,
    seq: (current?.record.version ?? 0) + 1,
    stateBefore: current?.record.state ?? null,
    actor: { id: actor.id, role: actor.role, name: actor.name },
    at: at.toISOString(),
  } as CaseEvent;
  const prevHash = current?.headHash ?? GENESIS_HASH;
  const hash = eventHash(keys, event, prevHash);
  const line = current?.record.line ?? (event as CaseEvent<'register'>).payload.line;
  const record = evolve(current?.record ?? null, upcastEvent(event, line));
  return { event, prevHash, hash, record };
};

/** The `case_events` row of a sealed event (the benchmarks' seeds write theirs with it too). */
export const eventRow = (tenantId: string, { event, prevHash, hash }: Pick<SealedEvent, 'event' | 'prevHash' | 'hash'>, at: Date) => ({
  tenantId,
  caseId: event.caseId,
  seq: event.seq,
  type: event.type,
  payload: event.payload as unknown as Record<string, unknown>,
  actorId: event.actor.id,
  actorRole: event.actor.role,
  actorName: event.actor.name,
  at,
  rule: event.rule,
  stateBefore: event.stateBefore,
  stateAfter: event.stateAfter,
  deadline: event.deadline,
  prevHash,
  hash,
});

/**
 * Appends one event to a case, sealed with `keys` (HMAC-SM3; its personal data SM4-encrypted),
 * and updates its projection, inside the caller's transaction.
 * The primary key (tenant_id, case_id, seq) and the version guard on the projection make the loser of
 * two concurrent commands fail with VERSION_CONFLICT, changing nothing.
 * @throws AppError VERSION_CONFLICT
 */
export const appendEvent = async (
  tx: Db,
  tenantId: string,
  keys: CaseStoreKeys,
  current: StoredCase | null,
  draft: CaseEventDraft,
  actor: Actor,
  at: Date,
  caseId: string,
  /** The tenant's reference data, when the caller has read it in this transaction (for the outputs). */
  reference?: ReferenceData,
): Promise<StoredCase> => {
  const sealed = sealEvent(keys, current, draft, actor, at, caseId);
  const { event, hash, record } = sealed;
  const columns = projectionColumns(record, hash);
  try {
    if (current === null) {
      await tx.insert(cases).values({ id: caseId, tenantId, ...columns });
    } else {
      const updated = await tx
        .update(cases)
        .set(columns)
        // The head too: a chain re-sealed meanwhile (src/audit/seal-upgrade.ts) is not extended from its old head.
        .where(and(eq(cases.tenantId, tenantId), eq(cases.id, caseId), eq(cases.version, current.record.version), eq(cases.headHash, current.headHash)))
        .returning({ id: cases.id });
      if (updated.length !== 1) {
        // The same words and details as the version check before the decision, whichever of the two a loser meets.
        const [now] = await tx.select({ version: cases.version }).from(cases).where(and(eq(cases.tenantId, tenantId), eq(cases.id, caseId)));
        throw conflict({ expectedVersion: current.record.version, actualVersion: now?.version ?? null });
      }
    }
    await tx.insert(caseEvents).values(eventRow(tenantId, sealed, at));
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
  await writeCaseEventOutputs(tx, tenantId, event, record, reference);
  return { record, headHash: hash };
};

/**
 * Appends the first events of new cases (registrations, sealed by `sealEvent`) with their
 * projections and outputs, inside the caller's transaction: what `appendEvent` writes for each,
 * a thousand rows a statement (`insertMany`).
 * @throws AppError VERSION_CONFLICT when a case's unique keys (an import's file and row, a demand's id) are taken
 */
export const appendNewCases = async (tx: Db, tenantId: string, sealed: readonly SealedEvent[], at: Date): Promise<void> => {
  if (sealed.some((item) => item.event.seq !== 1)) throw new AppError('INTERNAL', '批量登记只能写入案件的第一个事件');
  try {
    await insertMany(tx, cases, sealed.map((item) => ({ id: item.event.caseId, tenantId, ...projectionColumns(item.record, item.hash) })));
    await insertMany(tx, caseEvents, sealed.map((item) => eventRow(tenantId, item, at)));
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
  await writeCaseEventsOutputs(tx, tenantId, sealed);
};

const conflict = (details?: Record<string, unknown>) => new AppError('VERSION_CONFLICT', '案件已被他人更新，请刷新后重试', details);
