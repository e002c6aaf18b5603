import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { caseScopeCondition, openCondition } from '../cases/case-conditions.ts';
import { caseReadScope } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { compareLocalDates, todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { SUPERVISION_LEVELS, type SupervisionLevel } from '../domain/case/record.ts';
import type { CaseState } from '../domain/case/states.ts';
import { workingDaysOverdue } from '../domain/supervision/ladder.ts';
import { supervisionOrderNumber } from '../domain/supervision/supervision-order.ts';
import { cases, supervisionOrders, units } from '../db/schema.ts';
import { loadCalendar } from '../reference/reference-data.ts';
import { readOrderIssuer } from '../setup/tenant.ts';
import { pagedRows } from '../io/official-list.ts';
import type { Line } from '../domain/lines/vocabulary.ts';
import { z } from 'zod';

/** Rows the 督办中心 lists at most; the ledger pages beyond (its deadline filters). */
export const SUPERVISED_CASES_LIMIT = 500;

export interface SupervisedCase {
  readonly id: string;
  readonly number: string;
  readonly title: string;
  readonly state: CaseState;
  readonly level: SupervisionLevel;
  readonly deadline: LocalDate | null;
  /** Working days past the deadline as of today (S1, 调休 included); 0 when not overdue. */
  readonly overdueWorkingDays: number;
  readonly responsibleUnitName: string;
  readonly line: Line;
  readonly enterpriseName: string | null;
  /** Confirmed less paid, in 分; null while nothing is confirmed. */
  readonly outstandingAmount: number | null;
  /** The 督办单 of the case's formal supervisions, oldest first. */
  readonly orders: { readonly seq: number; readonly number: string }[];
}

const levelColumn = sql<SupervisionLevel>`${cases.detail} ->> 'supervisionLevel'`;
// Highest step first: 通报, 约谈, 督办, 催办, 提醒 (the ladder read backwards).
const levelRank = sql`array_position(array[${sql.raw([...SUPERVISION_LEVELS].reverse().map((level) => `'${level}'`).join(', '))}]::text[], ${levelColumn})`;

/** The 督办中心's filter: GET /api/supervision/cases and its export take the same. */
export const supervisedCasesQuerySchema = z.object({
  level: z.enum(SUPERVISION_LEVELS, { error: '督办级别无效' }).optional().describe('只看该级别'),
});
export type SupervisedCasesQuery = z.infer<typeof supervisedCasesQuerySchema>;

/** The list's order as one row value, for ORDER BY and for the keyset of the next page. */
const orderKey = sql`(${levelRank}, coalesce(${cases.deadline}, date '9999-12-31'), ${cases.id})`;

/**
 * Up to `limit` open cases on the ladder that the actor may read, after the case `afterId`
 * (from the first when null): highest step first, then by deadline.
 */
const readSupervisedPage = async (app: AppContext, actor: Actor, query: SupervisedCasesQuery, afterId: string | null, limit: number): Promise<SupervisedCase[]> => {
  const today = todayInShanghai(app.clock());
  const rows = await app.db
    .select({
      id: cases.id,
      number: cases.number,
      title: cases.title,
      line: cases.line,
      state: cases.state,
      level: levelColumn,
      deadline: cases.deadline,
      responsibleUnitName: units.name,
      enterpriseName: cases.enterpriseName,
      confirmedAmount: cases.confirmedAmount,
      paidAmount: cases.paidAmount,
    })
    .from(cases)
    .innerJoin(units, and(eq(units.tenantId, cases.tenantId), eq(units.id, cases.responsibleUnitId)))
    .where(
      and(
        eq(cases.tenantId, app.tenantId),
        caseScopeCondition(caseReadScope(actor)),
        openCondition(),
        query.level === undefined ? isNotNull(levelColumn) : sql`${levelColumn} = ${query.level}`,
        afterId === null ? undefined : sql`${orderKey} > (select ${orderKey} from ${cases} where ${cases.id} = ${afterId})`,
      ),
    )
    .orderBy(levelRank, sql`${cases.deadline} asc nulls last`, asc(cases.id))
    .limit(limit);
  const page = rows.filter((row) => SUPERVISION_LEVELS.includes(row.level));
  const issuer = await readOrderIssuer(app);
  const orders =
    page.length === 0
      ? []
      : await app.db
          .select()
          .from(supervisionOrders)
          .where(and(eq(supervisionOrders.tenantId, app.tenantId), inArray(supervisionOrders.caseId, page.map((row) => row.id))))
          .orderBy(asc(supervisionOrders.eventSeq));
  const calendar = await loadCalendar(app.db, app.tenantId);
  return page.map(({ confirmedAmount, paidAmount, ...row }) => ({
    ...row,
    outstandingAmount: confirmedAmount === null ? null : confirmedAmount - paidAmount,
    overdueWorkingDays:
      row.deadline !== null && compareLocalDates(today, row.deadline) > 0 && row.state !== 'litigating'
        ? workingDaysOverdue(row.deadline, today, calendar)
        : 0,
    orders: orders.filter((order) => order.caseId === row.id).map((order) => ({ seq: order.eventSeq, number: supervisionOrderNumber(issuer, order.year, order.number) })),
  }));
};

/**
 * Open cases on the supervision ladder (S2) that the actor may read, highest step first, then
 * by deadline; optionally of one step only.
 */
export const listSupervisedCases = async (app: AppContext, actor: Actor, query: SupervisedCasesQuery): Promise<{ items: SupervisedCase[]; truncated: boolean }> => {
  const rows = await readSupervisedPage(app, actor, query, null, SUPERVISED_CASES_LIMIT + 1);
  return { items: rows.slice(0, SUPERVISED_CASES_LIMIT), truncated: rows.length > SUPERVISED_CASES_LIMIT };
};

/** All of the list, page by page, for its export: the same filter, the same scope, the same order. */
export const readSupervisedCases = (app: AppContext, actor: Actor, query: SupervisedCasesQuery): AsyncIterable<SupervisedCase> =>
  pagedRows((after: SupervisedCase | null, size) => readSupervisedPage(app, actor, query, after?.id ?? null, size));

export interface PendingExtension {
  readonly id: string;
  readonly number: string;
  readonly title: string;
  readonly responsibleUnitName: string;
  readonly deadline: LocalDate | null;
  readonly newDeadline: LocalDate;
  readonly reason: string;
  /** 保障中小企业款项支付条例 第二十五条: the request extends the complaint's written-result time limit, not the deadline. */
  readonly clock: 'complaint_result' | null;
}

/** Cases with an extension request (S1) awaiting 营商办's decision, among those the actor may read. */
export const listPendingExtensions = async (app: AppContext, actor: Actor): Promise<PendingExtension[]> => {
  const rows = await app.db
    .select({
      id: cases.id,
      number: cases.number,
      title: cases.title,
      responsibleUnitName: units.name,
      deadline: cases.deadline,
      newDeadline: sql<LocalDate>`${cases.detail} #>> '{extension,newDeadline}'`,
      reason: sql<string>`${cases.detail} #>> '{extension,reason}'`,
      clock: sql<'complaint_result' | null>`${cases.detail} #>> '{extension,clock}'`,
    })
    .from(cases)
    .innerJoin(units, and(eq(units.tenantId, cases.tenantId), eq(units.id, cases.responsibleUnitId)))
    .where(
      and(
        eq(cases.tenantId, app.tenantId),
        caseScopeCondition(caseReadScope(actor)),
        openCondition(),
        sql`${cases.detail} #>> '{extension,status}' = 'requested'`,
      ),
    )
    .orderBy(sql`${cases.deadline} asc nulls last`, asc(cases.id))
    .limit(SUPERVISED_CASES_LIMIT);
  return rows;
};
