import { and, desc, eq, ilike, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { creditReadScope } from '../domain/credit/policy.ts';
import { unitScopeCondition } from '../db/unit-scope-sql.ts';
import { CREDIT_STATUSES, type CreditStatus } from '../domain/credit/states.ts';
import { creditRecords, units } from '../db/schema.ts';
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



/**
 * The breach records the actor may read, filtered, newest first; and how many of all the records
 * it may read stand at each status (the page's 1103号 steps count them, whatever the filter).
 */
export const listCreditRecords = async (
  app: AppContext,
  actor: Actor,
  query: ListCreditRecordsQuery,
): Promise<{ items: CreditRecordSummary[]; truncated: boolean; byStatus: Record<CreditStatus, number> }> => {
  const pattern = query.q ? containsPattern(query.q) : undefined;
  const scope = unitScopeCondition(creditReadScope(actor), { unitId: creditRecords.unitId, jurisdictionId: units.jurisdictionId });
  const counts = await app.db
    .select({ status: creditRecords.status, count: sql<number>`count(*)::int` })
    .from(creditRecords)
    .innerJoin(units, eq(units.id, creditRecords.unitId))
    .where(and(eq(creditRecords.tenantId, app.tenantId), scope))
    .groupBy(creditRecords.status);
  const byStatus = Object.fromEntries(CREDIT_STATUSES.map((status) => [status, counts.find((row) => row.status === status)?.count ?? 0])) as Record<CreditStatus, number>;
  const rows = await app.db
    .select(creditRecordColumns)
    .from(creditRecords)
    .innerJoin(units, eq(units.id, creditRecords.unitId))
    .where(
      and(
        eq(creditRecords.tenantId, app.tenantId),
        scope,
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
      ),
    )
    .orderBy(desc(creditRecords.recordedAt), desc(creditRecords.id))
    .limit(CREDIT_LIST_LIMIT + 1);
  return {
    items: rows.slice(0, CREDIT_LIST_LIMIT).map((row) => creditRecordSummary(toStored(row))),
    truncated: rows.length > CREDIT_LIST_LIMIT,
    byStatus,
  };
};
