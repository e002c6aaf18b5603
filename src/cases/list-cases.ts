import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { CASE_STATE_LABEL } from '../domain/case/states.ts';
import { AppError } from '../domain/errors.ts';
import { NOTHING_OWED } from '../domain/lines/arrears/payment-law.ts';
import { daysOverdueByLaw } from '../domain/lines/arrears/payment-terms.ts';
import type { ContractFacts } from '../domain/lines/arrears/contract.ts';
import type { CaseKind } from '../domain/lines/case-kinds.ts';
import { deadlineStatus } from '../domain/supervision/time-limits.ts';
import { cases, jurisdictions, units } from '../db/schema.ts';
import { caseReadScope } from '../domain/access/case-policy.ts';
import { moneySum, type StatisticsSource } from './case-statistics.ts';
import { isKeyFilter, ledgerCondition, ledgerFilterSchema, type LedgerFilter } from './ledger-filter.ts';
import { isRollupScope, ledgerSummaryFromRollups } from './statistics-from-rollups.ts';
import { afterCursor, decodeLedgerCursor, encodeLedgerCursor, LEDGER_SORTS, ledgerOrderBy, ledgerSortKey } from './ledger-sort.ts';

/** The deepest page a jump (an offset) reaches: 100 rows × 1,000 pages; keyset paging goes on from there. */
export const LEDGER_MAX_PAGE = 1000;

export const listCasesQuerySchema = ledgerFilterSchema.extend({
  sort: z
    .enum(LEDGER_SORTS, { error: '排序方式无效' })
    .default('registered_desc')
    .describe('排序：registered_desc 登记时间新→旧（默认）、registered_asc 旧→新、deadline_asc 办理期限近→远（无期限在后）、outstanding_desc 未清偿多→少（未确认在后）、updated_desc 最近更新'),
  limit: z.coerce.number({ error: '每页条数应为1至100的整数' }).int({ error: '每页条数应为1至100的整数' }).min(1, { error: '每页条数应为1至100的整数' }).max(100, { error: '每页条数应为1至100的整数' }).default(20),
  cursor: z.string().max(300).optional().describe('键集分页游标（上一页响应的 nextCursor），用于逐页翻页；不可与 page 同时使用'),
  page: z.coerce
    .number({ error: `页码应为1至${LEDGER_MAX_PAGE}的整数` })
    .int({ error: `页码应为1至${LEDGER_MAX_PAGE}的整数` })
    .min(1, { error: `页码应为1至${LEDGER_MAX_PAGE}的整数` })
    .max(LEDGER_MAX_PAGE, { error: `页码应为1至${LEDGER_MAX_PAGE}的整数` })
    .optional()
    .describe('跳至第几页（按偏移量读取，从1起）；不可与 cursor 同时使用'),
  totals: z
    .enum(['include', 'omit'], { error: 'totals 应为 include 或 omit' })
    .default('include')
    .describe('include（默认）：同时返回共N条与合计行；omit：只返回本页（翻页时用，共N条与合计另由 GET /api/cases/summary 按同一筛选条件读取）'),
});
export type ListCasesQuery = z.infer<typeof listCasesQuerySchema>;

const responsible = alias(units, 'responsible');

/**
 * The ledger (台账): cases the actor may read, filtered, in one of the `LEDGER_SORTS` orders
 * (newest registration first by default), with keyset paging on (sort key, id) so every page
 * costs the same however deep; a jump to page N reads by offset, and its `nextCursor` goes on by
 * keyset. The page answers the count (共N条) and the money totals of the whole filter too, unless
 * asked to omit them (`totals: 'omit'`): they cost a read of every case the filter matches, so
 * the web ledger asks for them once per filter (`ledgerSummary`) and not on every page.
 * @throws AppError VALIDATION_FAILED for a range that ends before it starts, a cursor that this
 *   order did not issue, or a cursor and a page number together
 */
export const listCases = async (app: AppContext, actor: Actor, query: ListCasesQuery): Promise<LedgerPage & Partial<LedgerSummary>> => {
  const page = await readLedgerPage(app, actor, query);
  return query.totals === 'omit' ? page : { ...page, ...(await ledgerSummary(app, actor, query)) };
};

export type LedgerPage = Awaited<ReturnType<typeof readLedgerPage>>;

/** 共N条 and the totals row: the count and the money sums (fen) of every case a filter matches. */
export interface LedgerSummary {
  readonly total: number;
  readonly totals: { readonly claimedAmount: number; readonly confirmedAmount: number; readonly paidAmount: number; readonly outstandingAmount: number };
}

/**
 * The count (共N条) and the money totals of every case the filter matches, under the same
 * condition (`ledgerCondition`, the read scope included) as the ledger's rows.
 * @throws AppError VALIDATION_FAILED for a range that ends before it starts
 */
export const ledgerSummary = (app: AppContext, actor: Actor, filter: LedgerFilter): Promise<LedgerSummary> => ledgerSummaryFrom(app, actor, filter, 'rollups');

/**
 * `ledgerSummary` from the cockpit's rollups where they hold the answer — a filter on the rollups'
 * key alone (`isKeyFilter`: line, states, jurisdiction, responsible unit, open) in a scope they
 * hold (`isRollupScope`) — and counted over the matching cases otherwise, or when `source` is
 * `cases` (the check that both agree).
 * @throws AppError VALIDATION_FAILED for a range that ends before it starts
 */
export const ledgerSummaryFrom = async (app: AppContext, actor: Actor, filter: LedgerFilter, source: StatisticsSource): Promise<LedgerSummary> => {
  const scope = caseReadScope(actor);
  const [summary] =
    source === 'rollups' && isRollupScope(scope) && isKeyFilter(filter)
      ? [await ledgerSummaryFromRollups(app.db, app.tenantId, scope, filter)]
      : await app.db
          .select({
            total: sql<number>`count(*)::int`,
            claimedAmount: moneySum(sql`${cases.claimedAmount}`),
            confirmedAmount: moneySum(sql`${cases.confirmedAmount}`),
            paidAmount: moneySum(sql`${cases.paidAmount}`),
            outstandingAmount: moneySum(sql`${cases.confirmedAmount} - ${cases.paidAmount}`),
          })
          .from(cases)
          .where(ledgerCondition(app, actor, filter));
  const { total, ...totals } = summary!;
  return { total, totals };
};

/** A case's 基本情况 and contract facts from its projection, as an export writes them beside the ledger's columns. */
interface LedgerRowDetail {
  readonly facts: string | null;
  readonly contract: Partial<ContractFacts> | null;
}

/** The projection's parts `detail` reads, or nulls: one shape of row either way. */
const DETAIL_COLUMNS = {
  facts: sql<string | null>`${cases.detail} ->> 'facts'`,
  contract: sql<Partial<ContractFacts> | null>`${cases.detail} #> '{contract,facts}'`,
};
const NO_DETAIL_COLUMNS = { facts: sql<string | null>`null`, contract: sql<Partial<ContractFacts> | null>`null` };

/**
 * One page of the ledger's rows, without the count and totals: what `listCases` answers, and
 * what an export reads page by page (its pages may be larger than the API's 100); with `detail`,
 * each row's 基本情况 and contract facts from the same statement.
 * @throws AppError VALIDATION_FAILED as `listCases`
 */
const readLedgerRows = async (app: AppContext, actor: Actor, query: Omit<ListCasesQuery, 'totals'>, detail: boolean) => {
  if (query.cursor !== undefined && query.page !== undefined) {
    throw new AppError('VALIDATION_FAILED', '分页游标与页码不能同时指定', { field: 'page' });
  }
  const filter = ledgerCondition(app, actor, query);
  const cursor = query.cursor === undefined ? undefined : decodeLedgerCursor(query.cursor, query.sort);
  const today = todayInShanghai(app.clock());
  const offset = query.page === undefined ? 0 : (query.page - 1) * query.limit;
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
      ...(detail ? DETAIL_COLUMNS : NO_DETAIL_COLUMNS),
    })
    .from(cases)
    .innerJoin(responsible, and(eq(responsible.tenantId, cases.tenantId), eq(responsible.id, cases.responsibleUnitId)))
    .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, cases.tenantId), eq(jurisdictions.id, cases.jurisdictionId)))
    .where(cursor ? and(filter, afterCursor(cursor)) : filter)
    .orderBy(...ledgerOrderBy(query.sort))
    .limit(query.limit + 1)
    .offset(offset);

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ sortKey: _sortKey, facts: _facts, contract: _contract, ...row }) => ({
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
    detail: page.map(({ facts, contract }): LedgerRowDetail => ({ facts, contract })),
    nextCursor:
      rows.length > query.limit && last !== undefined ? encodeLedgerCursor({ sort: query.sort, key: last.sortKey, id: last.id }) : null,
  };
};

/** One page of the ledger (`GET /api/cases` without its totals). */
export const readLedgerPage = async (app: AppContext, actor: Actor, query: Omit<ListCasesQuery, 'totals'>) => {
  const { items, nextCursor } = await readLedgerRows(app, actor, query, false);
  return { items, nextCursor };
};

/**
 * One page of the ledger with each row's 基本情况 and contract facts (`detail`, in the order of
 * `items`), read in the page's own statement: an export's page is one statement, not a second
 * visit to the same rows by their ids.
 */
export const readLedgerPageWithDetail = (app: AppContext, actor: Actor, query: Omit<ListCasesQuery, 'totals'>) => readLedgerRows(app, actor, query, true);
