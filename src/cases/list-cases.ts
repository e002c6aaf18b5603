import { and, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { caseReadScope } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { compareLocalDates, isLocalDate, todayInShanghai } from '../domain/calendar.ts';
import { CASE_STATE_LABEL, CASE_STATES } from '../domain/case/states.ts';
import { AppError } from '../domain/errors.ts';
import { NOTHING_OWED } from '../domain/lines/arrears/payment-law.ts';
import { daysOverdueByLaw } from '../domain/lines/arrears/payment-terms.ts';
import { CASE_KINDS, type CaseKind } from '../domain/lines/case-kinds.ts';
import { LINES } from '../domain/lines/vocabulary.ts';
import { deadlineStatus } from '../domain/supervision/time-limits.ts';
import { cases, jurisdictions, units } from '../db/schema.ts';
import {
  caseScopeCondition,
  notTrue,
  openCondition,
  overdueCondition,
  paidWithinDays,
  withinDays,
  yearEndRiskCondition,
  overdueByLawCondition,
} from './case-conditions.ts';
import { afterCursor, decodeLedgerCursor, encodeLedgerCursor, LEDGER_SORTS, ledgerOrderBy, ledgerSortKey } from './ledger-sort.ts';
import { containsPattern } from '../db/like-pattern.ts';

const flag = z
  .enum(['true', 'false'], { error: '应为 true 或 false' })
  .transform((value) => value === 'true')
  .optional();

const day = (label: string) =>
  z
    .string()
    .refine(isLocalDate, { error: `${label}应为有效日期（YYYY-MM-DD）` })
    .optional();

export const listCasesQuerySchema = z.object({
  line: z.enum(LINES).optional(),
  /** A kind of case a line keeps apart: `retaliation` 打击报复投诉 (保障中小企业款项支付条例第二十条). */
  kind: z.enum(CASE_KINDS, { error: '案件类型无效' }).optional().describe('案件类型：retaliation 打击报复投诉'),
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
  /** 保障中小企业款项支付条例: past the statutory due date with money owed. */
  overdueByLaw: flag.describe('依法逾期：已过《保障中小企业款项支付条例》法定付款期限仍未付清，与驾驶舱 overdueByLaw 同一口径'),
  /** A2, S5: the cockpit's year-end risk list. */
  yearEndRisk: flag.describe('年底清偿风险（A2），与驾驶舱的 yearEndRisk 同一口径'),
  registeredFrom: day('登记起始日期').describe('登记日期不早于（YYYY-MM-DD，北京时间，含当日）'),
  registeredTo: day('登记截止日期').describe('登记日期不晚于（YYYY-MM-DD，北京时间，含当日）'),
  closedFrom: day('办结起始日期').describe('办结（销号或不予受理）日期不早于（YYYY-MM-DD，北京时间，含当日）'),
  closedTo: day('办结截止日期').describe('办结（销号或不予受理）日期不晚于（YYYY-MM-DD，北京时间，含当日）'),
  paidFrom: day('付款起始日期').describe('有一笔付款的付款日期不早于（YYYY-MM-DD，含当日），与驾驶舱“清偿金额”同一口径'),
  paidTo: day('付款截止日期').describe('有一笔付款的付款日期不晚于（YYYY-MM-DD，含当日）'),
  q: z.string().trim().max(100).optional(),
  sort: z
    .enum(LEDGER_SORTS, { error: '排序方式无效' })
    .default('registered_desc')
    .describe('排序：registered_desc 登记时间新→旧（默认）、registered_asc 旧→新、deadline_asc 办理期限近→远（无期限在后）、outstanding_desc 未清偿多→少（未确认在后）、updated_desc 最近更新'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
});
export type ListCasesQuery = z.infer<typeof listCasesQuerySchema>;

const DATE_RANGES = [
  ['registeredFrom', 'registeredTo', '登记日期'],
  ['closedFrom', 'closedTo', '办结日期'],
  ['paidFrom', 'paidTo', '付款日期'],
] as const;

/** @throws AppError VALIDATION_FAILED for a range that ends before it starts */
const assertRangesInOrder = (query: ListCasesQuery): void => {
  for (const [from, to, label] of DATE_RANGES) {
    const start = query[from];
    const end = query[to];
    if (start !== undefined && end !== undefined && compareLocalDates(start, end) > 0) {
      throw new AppError('VALIDATION_FAILED', `${label}的起始日期（${start}）不能晚于截止日期（${end}）`, { field: from });
    }
  }
};


const responsible = alias(units, 'responsible');

/**
 * The ledger (台账): cases the actor may read, filtered, in one of the `LEDGER_SORTS` orders
 * (newest registration first by default), with keyset paging on (sort key, id) so every page
 * costs the same however deep.
 * @throws AppError VALIDATION_FAILED for a date range that ends before it starts, or a cursor
 *   that this order did not issue
 */
export const listCases = async (app: AppContext, actor: Actor, query: ListCasesQuery) => {
  assertRangesInOrder(query);
  const cursor = query.cursor === undefined ? undefined : decodeLedgerCursor(query.cursor, query.sort);
  const today = todayInShanghai(app.clock());
  const conditions: (SQL | undefined)[] = [eq(cases.tenantId, app.tenantId), caseScopeCondition(caseReadScope(actor))];
  if (query.line) conditions.push(eq(cases.line, query.line));
  if (query.kind) conditions.push(eq(cases.caseKind, query.kind));
  if (query.state) conditions.push(eq(cases.state, query.state));
  if (query.states) conditions.push(inArray(cases.state, query.states));
  if (query.jurisdiction) conditions.push(eq(cases.jurisdictionId, query.jurisdiction));
  if (query.responsibleUnit) conditions.push(eq(cases.responsibleUnitId, query.responsibleUnit));
  if (query.enterprise) conditions.push(eq(cases.enterpriseUnitId, query.enterprise));
  if (query.overdue !== undefined) conditions.push(query.overdue ? overdueCondition(today) : notTrue(overdueCondition(today)));
  if (query.open !== undefined) conditions.push(query.open ? openCondition() : notTrue(openCondition()));
  if (query.overdueByLaw !== undefined) {
    conditions.push(query.overdueByLaw ? overdueByLawCondition(today) : notTrue(overdueByLawCondition(today)));
  }
  if (query.yearEndRisk !== undefined) {
    conditions.push(query.yearEndRisk ? yearEndRiskCondition(today) : notTrue(yearEndRiskCondition(today)));
  }
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(
      or(
        ilike(cases.title, pattern),
        ilike(cases.number, pattern),
        ilike(cases.enterpriseName, pattern),
        ilike(cases.enterpriseCreditCode, pattern),
      ),
    );
  }
  conditions.push(withinDays(cases.registeredAt, query.registeredFrom, query.registeredTo));
  conditions.push(withinDays(cases.closedAt, query.closedFrom, query.closedTo));
  if (query.paidFrom !== undefined || query.paidTo !== undefined) conditions.push(paidWithinDays(app.tenantId, query.paidFrom, query.paidTo));
  if (cursor) conditions.push(afterCursor(cursor));
  const rows = await app.db
    .select({
      id: cases.id,
      number: cases.number,
      line: cases.line,
      kind: cases.caseKind,
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
      statutoryDueOn: cases.statutoryDueOn,
      registeredAt: cases.registeredAt,
      updatedAt: cases.updatedAt,
      version: cases.version,
      sortKey: ledgerSortKey(query.sort),
    })
    .from(cases)
    .innerJoin(responsible, eq(responsible.id, cases.responsibleUnitId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, cases.jurisdictionId))
    .where(and(...conditions))
    .orderBy(...ledgerOrderBy(query.sort))
    .limit(query.limit + 1);

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ sortKey: _sortKey, ...row }) => ({
      ...row,
      kind: row.kind as CaseKind | null,
      stateLabel: CASE_STATE_LABEL[row.state],
      outstandingAmount: row.confirmedAmount === null ? null : row.confirmedAmount - row.paidAmount,
      deadlineStatus: deadlineStatus(row.deadline, today),
      // 保障中小企业款项支付条例: days past the statutory due date while money is owed (the `overdueByLaw` filter's terms).
      daysOverdueByLaw: row.statutoryDueOn === null || (NOTHING_OWED as readonly string[]).includes(row.state) ? 0 : daysOverdueByLaw(row.statutoryDueOn, today),
      registeredAt: row.registeredAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    })),
    nextCursor:
      rows.length > query.limit && last !== undefined ? encodeLedgerCursor({ sort: query.sort, key: last.sortKey, id: last.id }) : null,
  };
};
