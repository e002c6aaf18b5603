import { and, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { caseReadScope } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { CASE_STATE_LABEL, CASE_STATES } from '../domain/case/states.ts';
import { AppError } from '../domain/errors.ts';
import { LINES } from '../domain/lines.ts';
import { deadlineStatus } from '../domain/supervision/time-limits.ts';
import { cases, jurisdictions, units } from '../db/schema.ts';
import { caseScopeCondition, notTrue, openCondition, overdueCondition, yearEndRiskCondition } from './case-conditions.ts';

const flag = z
  .enum(['true', 'false'], { error: '应为 true 或 false' })
  .transform((value) => value === 'true')
  .optional();

export const listCasesQuerySchema = z.object({
  line: z.enum(LINES).optional(),
  state: z.enum(CASE_STATES).optional(),
  jurisdiction: z.string().max(100).optional(),
  responsibleUnit: z.string().max(100).optional(),
  enterprise: z.string().max(100).optional(),
  /** Several states at once, comma-separated: `states=performing,settled`. */
  states: z
    .string()
    .max(500)
    .describe('多个状态，以逗号分隔，如 performing,settled')
    .transform((text) => [...new Set(text.split(',').map((item) => item.trim()).filter(Boolean))])
    .pipe(z.array(z.enum(CASE_STATES, { error: '案件状态无效' })).min(1, { error: '请至少指定一个案件状态' }))
    .optional(),
  /** S1: open and past the deadline (the clock stops in court). */
  overdue: flag.describe('逾期：未办结且已过期限（诉讼中不计）'),
  /** Neither closed (销号) nor dismissed. */
  open: flag.describe('未办结：既未销号也未不予受理'),
  /** A2, S5: the cockpit's year-end risk list. */
  yearEndRisk: flag.describe('年底清偿风险（A2），与驾驶舱的 yearEndRisk 同一口径'),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type ListCasesQuery = z.infer<typeof listCasesQuerySchema>;

interface Cursor {
  readonly registeredAt: string;
  readonly id: string;
}

const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify([cursor.registeredAt, cursor.id])).toString('base64url');

/** @throws AppError VALIDATION_FAILED for a cursor this API did not issue */
const decodeCursor = (text: string): Cursor => {
  try {
    const [registeredAt, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof registeredAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(registeredAt))) {
      return { registeredAt, id };
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('VALIDATION_FAILED', '分页游标无效，请从第一页重新查询', { field: 'cursor' });
};

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

const responsible = alias(units, 'responsible');

/**
 * The ledger (台账): cases the actor may read, filtered, newest first, with keyset paging on
 * (registered_at, id) so every page costs the same however deep.
 */
export const listCases = async (app: AppContext, actor: Actor, query: ListCasesQuery) => {
  const today = todayInShanghai(app.clock());
  const conditions: (SQL | undefined)[] = [eq(cases.tenantId, app.tenantId), caseScopeCondition(caseReadScope(actor))];
  if (query.line) conditions.push(eq(cases.line, query.line));
  if (query.state) conditions.push(eq(cases.state, query.state));
  if (query.states) conditions.push(inArray(cases.state, query.states));
  if (query.jurisdiction) conditions.push(eq(cases.jurisdictionId, query.jurisdiction));
  if (query.responsibleUnit) conditions.push(eq(cases.responsibleUnitId, query.responsibleUnit));
  if (query.enterprise) conditions.push(eq(cases.enterpriseUnitId, query.enterprise));
  if (query.overdue !== undefined) conditions.push(query.overdue ? overdueCondition(today) : notTrue(overdueCondition(today)));
  if (query.open !== undefined) conditions.push(query.open ? openCondition() : notTrue(openCondition()));
  if (query.yearEndRisk !== undefined) {
    conditions.push(query.yearEndRisk ? yearEndRiskCondition(today) : notTrue(yearEndRiskCondition(today)));
  }
  if (query.q) {
    const pattern = likePattern(query.q);
    conditions.push(
      or(
        ilike(cases.title, pattern),
        ilike(cases.number, pattern),
        ilike(cases.enterpriseName, pattern),
        ilike(cases.enterpriseCreditCode, pattern),
      ),
    );
  }
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    conditions.push(sql`(${cases.registeredAt}, ${cases.id}) < (${new Date(cursor.registeredAt)}, ${cursor.id}::uuid)`);
  }
  const rows = await app.db
    .select({
      id: cases.id,
      number: cases.number,
      line: cases.line,
      source: cases.source,
      state: cases.state,
      title: cases.title,
      enterpriseName: cases.enterpriseName,
      enterpriseCreditCode: cases.enterpriseCreditCode,
      responsibleUnitId: cases.responsibleUnitId,
      responsibleUnitName: responsible.name,
      jurisdictionId: cases.jurisdictionId,
      jurisdictionName: jurisdictions.name,
      claimedAmount: cases.claimedAmount,
      confirmedAmount: cases.confirmedAmount,
      paidAmount: cases.paidAmount,
      rule: cases.rule,
      deadline: cases.deadline,
      yearException: cases.yearException,
      registeredAt: cases.registeredAt,
      updatedAt: cases.updatedAt,
      version: cases.version,
    })
    .from(cases)
    .innerJoin(responsible, eq(responsible.id, cases.responsibleUnitId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, cases.jurisdictionId))
    .where(and(...conditions))
    .orderBy(desc(cases.registeredAt), desc(cases.id))
    .limit(query.limit + 1);

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      ...row,
      stateLabel: CASE_STATE_LABEL[row.state],
      outstandingAmount: row.confirmedAmount === null ? null : row.confirmedAmount - row.paidAmount,
      deadlineStatus: deadlineStatus(row.deadline, today),
      registeredAt: row.registeredAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    })),
    nextCursor:
      rows.length > query.limit && last !== undefined
        ? encodeCursor({ registeredAt: last.registeredAt.toISOString(), id: last.id })
        : null,
  };
};
