import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import type { BreachCase, OpenCreditRecord } from '../domain/credit/decide.ts';
import { CREDIT_OPEN_STATUSES, type CreditEventType, type CreditStatus } from '../domain/credit/states.ts';
import { AppError } from '../domain/errors.ts';
import type { Db } from '../db/connection.ts';
import { formatYearlyNumber, takeCounterValue } from '../db/counters.ts';
import { cases, creditProposals, creditRecordEvents, creditRecords, units, type CreditRecordRow } from '../db/schema.ts';

/** Number prefixes in `case_counters`, apart from the lines' (QK, HQ, ZS, SX). */
export const CREDIT_NUMBER_PREFIX = { record: 'XY', batch: 'BS' } as const;

/** The next number of `prefix` in `year`, e.g. XY2026-0001; the counter row's lock serialises it. */
export const nextCreditNumber = async (tx: Db, tenantId: string, prefix: string, year: number): Promise<string> =>
  formatYearlyNumber(prefix, year, await takeCounterValue(tx, tenantId, prefix, year), 4);

/** A stored record with the jurisdiction of its unit, which the access rules need. */
export type StoredCreditRecord = CreditRecordRow & { readonly unitJurisdictionId: string };

export const creditRecordColumns = { record: creditRecords, unitJurisdictionId: units.jurisdictionId };

export const toStored = (row: { record: CreditRecordRow; unitJurisdictionId: string }): StoredCreditRecord => ({
  ...row.record,
  unitJurisdictionId: row.unitJurisdictionId,
});

/** Loads a record; null when the tenant has none with that id. */
export const loadCreditRecord = async (db: Db, tenantId: string, id: string): Promise<StoredCreditRecord | null> => {
  const [row] = await db
    .select(creditRecordColumns)
    .from(creditRecords)
    .innerJoin(units, and(eq(units.tenantId, creditRecords.tenantId), eq(units.id, creditRecords.unitId)))
    .where(and(eq(creditRecords.tenantId, tenantId), eq(creditRecords.id, id)));
  return row === undefined ? null : toStored(row);
};

/** The case a breach comes from, as the credit rules see it; null when the tenant has none. */
export const loadBreachCase = async (db: Db, tenantId: string, caseId: string): Promise<BreachCase | null> => {
  const [row] = await db
    .select({ detail: cases.detail })
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, caseId)));
  if (row === undefined) return null;
  const record = row.detail as unknown as CaseRecord;
  return {
    id: record.id,
    number: record.number,
    state: record.state,
    responsibleUnitId: record.responsibleUnitId,
    deadline: record.deadline,
    supervisionLevel: record.supervisionLevel,
    confirmedAmount: record.confirmedAmount,
    paidAmount: record.paidAmount,
  };
};

/**
 * Appends the record's next event (seq = version after the change). The primary key
 * (record_id, seq) refuses a second event on the same version.
 * @throws AppError VERSION_CONFLICT when another change took this version first
 */
export const appendCreditEvent = async (
  tx: Db,
  event: {
    tenantId: string;
    recordId: string;
    seq: number;
    type: CreditEventType;
    payload: Record<string, unknown>;
    statusBefore: CreditStatus | null;
    statusAfter: CreditStatus;
    actor: Actor;
    at: Date;
  },
): Promise<void> => {
  const inserted = await tx
    .insert(creditRecordEvents)
    .values({
      tenantId: event.tenantId,
      recordId: event.recordId,
      seq: event.seq,
      type: event.type,
      payload: event.payload,
      statusBefore: event.statusBefore,
      statusAfter: event.statusAfter,
      actorId: event.actor.id,
      actorRole: event.actor.role,
      actorName: event.actor.name,
      at: event.at,
    })
    .onConflictDoNothing()
    .returning({ seq: creditRecordEvents.seq });
  if (inserted.length === 0) throw new AppError('VERSION_CONFLICT', '该记录已被他人更新，请刷新后重试');
};

/** The case's open record (ordered, refused, recorded or objected; at most one, credit_records_case_open_key), or null. */
export const openRecordOf = async (db: Db, tenantId: string, caseId: string): Promise<OpenCreditRecord | null> => {
  const [row] = await db
    .select({ number: creditRecords.number, status: creditRecords.status })
    .from(creditRecords)
    .where(and(eq(creditRecords.tenantId, tenantId), eq(creditRecords.caseId, caseId), inArray(creditRecords.status, [...CREDIT_OPEN_STATUSES])));
  return row ?? null;
};

/** The case's proposal that no record has taken up yet (at most one, credit_proposals_case_pending_key), or null. */
export const pendingProposalOf = async (db: Db, tenantId: string, caseId: string) => {
  const [row] = await db
    .select()
    .from(creditProposals)
    .where(and(eq(creditProposals.tenantId, tenantId), eq(creditProposals.caseId, caseId), isNull(creditProposals.creditRecordId)));
  return row ?? null;
};

/** The name of the actor's own unit, or `fallback` when it has none. */
export const unitNameOf = async (db: Db, unitId: string | null, fallback: string): Promise<string> =>
  unitId === null ? fallback : ((await db.select({ name: units.name }).from(units).where(eq(units.id, unitId)))[0]?.name ?? fallback);
