import { and, desc, eq, ilike, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { creditReadScope } from '../domain/credit/policy.ts';
import { unitScopeCondition } from '../db/unit-scope-sql.ts';
import { CREDIT_STATUSES, type CreditStatus } from '../domain/credit/states.ts';
import { cases, creditRecords, units } from '../db/schema.ts';
import { pagedRows } from '../io/official-list.ts';
import { creditRecordColumns, toStored } from './credit-store.ts';
import { creditRecordSummary, type CreditRecordSummary } from './get-credit-record.ts';
import { containsPattern } from '../db/like-pattern.ts';

/** At most this many records per answer, newest first: a city records dozens a year. */
export const CREDIT_LIST_LIMIT = 500;

export const listCreditRecordsQuerySchema = z.object({
  status: z.enum(CREDIT_STATUSES, { error: '状态应为 ordered、rectified、refused、recorded、objected、revoked 或 repaired' }).optional(),
  unit: z.string().max(100).optional().describe('失信主体（单位编号）'),
  q: z.string().trim().max(100).optional().describe('按记录编号、单位名称、统一社会信用代码、关联事项编号或失信事实查找'),
});
export type ListCreditRecordsQuery = z.infer<typeof listCreditRecordsQuerySchema>;



/** Which records the list shows: those the actor may read, matching the filters. */
const listCondition = (app: AppContext, actor: Actor, query: ListCreditRecordsQuery) => {
  const pattern = query.q ? containsPattern(query.q) : undefined;
  return and(
    eq(creditRecords.tenantId, app.tenantId),
    readScope(actor),
    query.status === undefined ? undefined : eq(creditRecords.status, query.status),
    query.unit === undefined ? undefined : eq(creditRecords.unitId, query.unit),
    pattern === undefined
      ? undefined
      : or(
          ilike(creditRecords.number, pattern),
          ilike(creditRecords.unitName, pattern),
          ilike(creditRecords.unitCreditCode, pattern),
          ilike(creditRecords.caseNumber, pattern),
          ilike(creditRecords.facts, pattern),
        ),
  );
};

const readScope = (actor: Actor) => unitScopeCondition(creditReadScope(actor), { unitId: creditRecords.unitId, jurisdictionId: units.jurisdictionId });

/**
 * The breach records the actor may read, filtered, newest first; and how many of all the records
 * it may read stand at each status (the page's 1103号 steps count them, whatever the filter).
 */
export const listCreditRecords = async (
  app: AppContext,
  actor: Actor,
  query: ListCreditRecordsQuery,
): Promise<{ items: CreditRecordSummary[]; truncated: boolean; byStatus: Record<CreditStatus, number> }> => {
  const counts = await app.db
    .select({ status: creditRecords.status, count: sql<number>`count(*)::int` })
    .from(creditRecords)
    .innerJoin(units, and(eq(units.tenantId, creditRecords.tenantId), eq(units.id, creditRecords.unitId)))
    .where(and(eq(creditRecords.tenantId, app.tenantId), readScope(actor)))
    .groupBy(creditRecords.status);
  const byStatus = Object.fromEntries(CREDIT_STATUSES.map((status) => [status, counts.find((row) => row.status === status)?.count ?? 0])) as Record<CreditStatus, number>;
  const rows = await app.db
    .select(creditRecordColumns)
    .from(creditRecords)
    .innerJoin(units, and(eq(units.tenantId, creditRecords.tenantId), eq(units.id, creditRecords.unitId)))
    .where(listCondition(app, actor, query))
    .orderBy(desc(creditRecords.recordedAt), desc(creditRecords.id))
    .limit(CREDIT_LIST_LIMIT + 1);
  return {
    items: rows.slice(0, CREDIT_LIST_LIMIT).map((row) => creditRecordSummary(toStored(row))),
    truncated: rows.length > CREDIT_LIST_LIMIT,
    byStatus,
  };
};

/** A row of the list's export: the record, with what its case still owes (分; null without a confirmed amount). */
export type CreditRecordExportRow = CreditRecordSummary & { readonly outstandingAmount: number | null };

/** All the list's records, page by page, for its export: the same filters, scope and order. */
export const readCreditRecords = (app: AppContext, actor: Actor, query: ListCreditRecordsQuery): AsyncIterable<CreditRecordExportRow> =>
  pagedRows(async (after: CreditRecordExportRow | null, size) => {
    const rows = await app.db
      .select({ ...creditRecordColumns, confirmedAmount: cases.confirmedAmount, paidAmount: cases.paidAmount })
      .from(creditRecords)
      .innerJoin(units, and(eq(units.tenantId, creditRecords.tenantId), eq(units.id, creditRecords.unitId)))
      .leftJoin(cases, and(eq(cases.tenantId, creditRecords.tenantId), eq(cases.id, creditRecords.caseId)))
      .where(
        and(
          listCondition(app, actor, query),
          after === null
            ? undefined
            : sql`(${creditRecords.recordedAt}, ${creditRecords.id}) < (select r.recorded_at, r.id from credit_records r where r.id = ${after.id})`,
        ),
      )
      .orderBy(desc(creditRecords.recordedAt), desc(creditRecords.id))
      .limit(size);
    return rows.map(({ confirmedAmount, paidAmount, ...row }) => ({
      ...creditRecordSummary(toStored(row)),
      outstandingAmount: confirmedAmount === null ? null : confirmedAmount - (paidAmount ?? 0),
    }));
  });
