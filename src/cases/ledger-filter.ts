import { and, eq, gte, ilike, inArray, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { caseReadScope } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { compareLocalDates, isLocalDate, todayInShanghai } from '../domain/calendar.ts';
import { fen } from '../domain/case/fields.ts';
import { CASE_STATES } from '../domain/case/states.ts';
import { AppError } from '../domain/errors.ts';
import { CASE_KINDS } from '../domain/lines/case-kinds.ts';
import { LINES, SOURCES } from '../domain/lines/vocabulary.ts';
import { formatYuan } from '../domain/money.ts';
import { cases } from '../db/schema.ts';
import { containsPattern } from '../db/like-pattern.ts';
import {
  caseScopeCondition,
  notTrue,
  openCondition,
  overdueByLawCondition,
  overdueCondition,
  paidWithinDays,
  withinDays,
  yearEndRiskCondition,
} from './case-conditions.ts';

/**
 * The ledger's filters (台账筛选): one schema that the ledger, its totals and every export of
 * it parse a query string with, and one function, `ledgerCondition`, that turns the parsed
 * filter into the SQL condition — the actor's read scope included — so that a list, its count
 * and a workbook of the same filter always hold the same cases.
 */

const flag = z
  .enum(['true', 'false'], { error: '应为 true 或 false' })
  .transform((value) => value === 'true')
  .optional();

const day = (label: string) =>
  z
    .string()
    .refine(isLocalDate, { error: `${label}应为有效日期（YYYY-MM-DD）` })
    .optional();

/** An amount of 分 in a query string: digits only, then the platform's rule for every amount (0 to 1000亿元). */
const amount = (label: string) =>
  z
    .string()
    .regex(/^\d{1,20}$/, { error: `${label}应为以“分”计的非负整数` })
    .transform(Number)
    .pipe(fen(label))
    .optional();

export const ledgerFilterSchema = z.object({
  line: z.enum(LINES, { error: '专项行动无效' }).optional(),
  /** A kind of case a line keeps apart: `retaliation` 打击报复投诉 (保障中小企业款项支付条例第二十条). */
  kind: z.enum(CASE_KINDS, { error: '案件类型无效' }).optional().describe('案件类型：retaliation 打击报复投诉'),
  state: z.enum(CASE_STATES, { error: '案件状态无效' }).optional(),
  /** SPEC §2 `source`: where the case came from. */
  source: z
    .enum(SOURCES, { error: '问题来源无效' })
    .optional()
    .describe('问题来源：self_inspection 自查、assigned 交办、petition 来信来访、complaint_platform 非公有制企业服务平台投诉、provincial_platform 湖北省中小微企业诉求响应平台、enterprise 企业在线诉求、audit 审计发现、import 台账导入、inspection 牵头部门排查'),
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
  open: flag.describe('未办结：既未销号、未不予受理，也未由企业撤回'),
  /** 保障中小企业款项支付条例: past the statutory due date with money owed. */
  overdueByLaw: flag.describe('依法逾期：已过《保障中小企业款项支付条例》法定付款期限仍未付清，与驾驶舱 overdueByLaw 同一口径'),
  /** A2, S5: the cockpit's year-end risk list. */
  yearEndRisk: flag.describe('年底清偿风险（A2），与驾驶舱的 yearEndRisk 同一口径'),
  registeredFrom: day('登记起始日期').describe('登记日期不早于（YYYY-MM-DD，北京时间，含当日）'),
  registeredTo: day('登记截止日期').describe('登记日期不晚于（YYYY-MM-DD，北京时间，含当日）'),
  deadlineFrom: day('办理期限起始日期').describe('办理期限不早于（YYYY-MM-DD，含当日；无期限的案件不列出）'),
  deadlineTo: day('办理期限截止日期').describe('办理期限不晚于（YYYY-MM-DD，含当日；无期限的案件不列出）'),
  closedFrom: day('办结起始日期').describe('办结（销号或不予受理）日期不早于（YYYY-MM-DD，北京时间，含当日）'),
  closedTo: day('办结截止日期').describe('办结（销号或不予受理）日期不晚于（YYYY-MM-DD，北京时间，含当日）'),
  paidFrom: day('付款起始日期').describe('有一笔付款的付款日期不早于（YYYY-MM-DD，含当日），与驾驶舱“清偿金额”同一口径'),
  paidTo: day('付款截止日期').describe('有一笔付款的付款日期不晚于（YYYY-MM-DD，含当日）'),
  outstandingFrom: amount('未清偿金额下限').describe('未清偿金额（确认金额减已付）不少于，单位：分（整数，如 50万元 填 50000000）；金额未确认的案件不列出'),
  outstandingTo: amount('未清偿金额上限').describe('未清偿金额（确认金额减已付）不多于，单位：分（整数）；金额未确认的案件不列出'),
  q: z.string().trim().max(100).optional(),
});
export type LedgerFilter = z.infer<typeof ledgerFilterSchema>;

const DATE_RANGES = [
  ['registeredFrom', 'registeredTo', '登记日期'],
  ['deadlineFrom', 'deadlineTo', '办理期限'],
  ['closedFrom', 'closedTo', '办结日期'],
  ['paidFrom', 'paidTo', '付款日期'],
] as const;

/** @throws AppError VALIDATION_FAILED for a range that ends before it starts */
const assertRangesInOrder = (filter: LedgerFilter): void => {
  for (const [from, to, label] of DATE_RANGES) {
    const start = filter[from];
    const end = filter[to];
    if (start !== undefined && end !== undefined && compareLocalDates(start, end) > 0) {
      throw new AppError('VALIDATION_FAILED', `${label}的起始日期（${start}）不能晚于截止日期（${end}）`, { field: from });
    }
  }
  const { outstandingFrom: least, outstandingTo: most } = filter;
  if (least !== undefined && most !== undefined && least > most) {
    throw new AppError('VALIDATION_FAILED', `未清偿金额的下限（${formatYuan(least)}）不能大于上限（${formatYuan(most)}）`, { field: 'outstandingFrom' });
  }
};

const codePoints = (text: string): number => [...text].length;

/**
 * What lets the text search use `cases_search_grams_idx` (migrations 0046, 0051): a case that
 * holds `text` in one of the four searched columns holds each of its substrings of three
 * characters (of two, for a term of two). Both sides are lower-cased by SQL's lower(), the
 * function ILIKE compares with, so the index never leaves out a case the ILIKE conditions (the
 * exact check, which stay) would find. `text` is the raw term, not the LIKE pattern: its `%`,
 * `_` and `\` are characters like any other here. Trigrams, where the term has them, narrow a
 * term of digits and letters (a case number's prefix) that bigrams barely narrow.
 */
const gramsCondition = (text: string): SQL =>
  sql`${cases.searchGrams} @> case_search_grams(lower(${text}::text), ${Math.min(codePoints(text), 3)}::integer)`;

/** The filters on a case's key columns (its line, state, jurisdiction and responsible unit), which the rollups are keyed by too. */
const KEY_FILTERS = ['line', 'state', 'states', 'jurisdiction', 'responsibleUnit', 'open'] as const satisfies readonly (keyof LedgerFilter)[];
export type KeyFilter = Pick<LedgerFilter, (typeof KEY_FILTERS)[number]>;
const OTHER_FILTERS = Object.keys(ledgerFilterSchema.shape).filter((key) => !(KEY_FILTERS as readonly string[]).includes(key)) as (keyof LedgerFilter)[];

/** Whether a ledger filter names nothing but the key filters (an empty text is no filter, as in `ledgerCondition`). */
export const isKeyFilter = (filter: LedgerFilter): filter is LedgerFilter & KeyFilter =>
  OTHER_FILTERS.every((key) => filter[key] === undefined || filter[key] === '');

/** The key columns the key filters are decided on: those of `cases`, or of a rollup keyed by them (migration 0048). */
export interface FilterKey {
  readonly line: PgColumn;
  readonly state: PgColumn;
  readonly jurisdictionId: PgColumn;
  readonly responsibleUnitId: PgColumn;
}

/** The key filters given, as SQL over `key`'s columns. */
export const keyFilterConditions = (filter: KeyFilter, key: FilterKey): SQL[] => {
  const conditions: SQL[] = [];
  if (filter.line) conditions.push(eq(key.line, filter.line));
  if (filter.state) conditions.push(eq(key.state, filter.state));
  if (filter.states) conditions.push(inArray(key.state, filter.states));
  if (filter.jurisdiction) conditions.push(eq(key.jurisdictionId, filter.jurisdiction));
  if (filter.responsibleUnit) conditions.push(eq(key.responsibleUnitId, filter.responsibleUnit));
  if (filter.open !== undefined) conditions.push(filter.open ? openCondition(key.state) : notTrue(openCondition(key.state)));
  return conditions;
};

/**
 * The SQL condition on `cases` of a ledger filter for `actor`: the tenant, the actor's read
 * scope (`caseReadScope`, as `can(actor, 'read', …)`) and every filter given. A list, its count
 * and totals, and an export all call this one function.
 * @throws AppError VALIDATION_FAILED for a range (dates, amounts) that ends before it starts
 */
export const ledgerCondition = (app: AppContext, actor: Actor, filter: LedgerFilter): SQL => {
  assertRangesInOrder(filter);
  const today = todayInShanghai(app.clock());
  const conditions: (SQL | undefined)[] = [eq(cases.tenantId, app.tenantId), caseScopeCondition(caseReadScope(actor)), ...keyFilterConditions(filter, cases)];
  if (filter.kind) conditions.push(eq(cases.caseKind, filter.kind));
  if (filter.source) conditions.push(eq(cases.source, filter.source));
  if (filter.enterprise) conditions.push(eq(cases.enterpriseUnitId, filter.enterprise));
  if (filter.overdue !== undefined) conditions.push(filter.overdue ? overdueCondition(today) : notTrue(overdueCondition(today)));
  if (filter.overdueByLaw !== undefined) {
    conditions.push(filter.overdueByLaw ? overdueByLawCondition(today) : notTrue(overdueByLawCondition(today)));
  }
  if (filter.yearEndRisk !== undefined) {
    conditions.push(filter.yearEndRisk ? yearEndRiskCondition(today) : notTrue(yearEndRiskCondition(today)));
  }
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(
      or(
        ilike(cases.title, pattern),
        ilike(cases.number, pattern),
        ilike(cases.enterpriseName, pattern),
        ilike(cases.enterpriseCreditCode, pattern),
      ),
    );
    if (codePoints(filter.q) >= 2) conditions.push(gramsCondition(filter.q));
  }
  conditions.push(withinDays(cases.registeredAt, filter.registeredFrom, filter.registeredTo));
  if (filter.deadlineFrom !== undefined) conditions.push(gte(cases.deadline, filter.deadlineFrom));
  if (filter.deadlineTo !== undefined) conditions.push(lte(cases.deadline, filter.deadlineTo));
  conditions.push(withinDays(cases.closedAt, filter.closedFrom, filter.closedTo));
  if (filter.paidFrom !== undefined || filter.paidTo !== undefined) conditions.push(paidWithinDays(app.tenantId, filter.paidFrom, filter.paidTo));
  if (filter.outstandingFrom !== undefined || filter.outstandingTo !== undefined) {
    // The unpaid amount is known once the amount is confirmed; an unconfirmed case has none to compare.
    const outstanding = sql`(${cases.confirmedAmount} - ${cases.paidAmount})`;
    conditions.push(isNotNull(cases.confirmedAmount));
    if (filter.outstandingFrom !== undefined) conditions.push(sql`${outstanding} >= ${filter.outstandingFrom}`);
    if (filter.outstandingTo !== undefined) conditions.push(sql`${outstanding} <= ${filter.outstandingTo}`);
  }
  return and(...conditions)!;
};
