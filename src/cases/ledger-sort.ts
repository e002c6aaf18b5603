import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../domain/errors.ts';
import { cases } from '../db/schema.ts';

/**
 * The ledger's orders and their keyset cursors. Each order is one key expression plus the id,
 * both in one direction, so that "after the cursor" is a single row comparison that an index
 * of `cases` serves as its range (migrations 0001 and 0005): every page reads about one page of
 * rows, however deep.
 */
export const LEDGER_SORTS = ['registered_desc', 'registered_asc', 'deadline_asc', 'outstanding_desc', 'updated_desc'] as const;
export type LedgerSort = (typeof LEDGER_SORTS)[number];

interface SortSpec {
  readonly direction: 'asc' | 'desc';
  /** The sort key, written exactly as the index expression so that the planner matches it. */
  readonly key: SQL;
  /** The key of a row as text, for the cursor: exact, at the column's own precision. */
  readonly keyText: SQL<string>;
  /** The SQL type that the cursor's text is cast back to. */
  readonly type: 'timestamptz' | 'date' | 'bigint';
}

// Microseconds, unlike a JavaScript Date: a row written by SQL (an import, a backfill) keeps
// its place between pages.
const instantText = (column: SQL) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

// Nulls last as the largest date, and "unconfirmed last" as −1 below every amount (paid ≤
// confirmed holds by a check, so outstanding ≥ 0): one comparable key without NULL.
const deadlineKey = sql`coalesce(${cases.deadline}, 'infinity'::date)`;
const outstandingKey = sql`coalesce(${cases.confirmedAmount} - ${cases.paidAmount}, -1)`;

const SORTS = {
  registered_desc: { direction: 'desc', key: sql`${cases.registeredAt}`, keyText: instantText(sql`${cases.registeredAt}`), type: 'timestamptz' },
  registered_asc: { direction: 'asc', key: sql`${cases.registeredAt}`, keyText: instantText(sql`${cases.registeredAt}`), type: 'timestamptz' },
  deadline_asc: {
    direction: 'asc',
    key: deadlineKey,
    keyText: sql<string>`coalesce(to_char(${cases.deadline}, 'YYYY-MM-DD'), 'infinity')`,
    type: 'date',
  },
  outstanding_desc: { direction: 'desc', key: outstandingKey, keyText: sql<string>`(${outstandingKey})::text`, type: 'bigint' },
  updated_desc: { direction: 'desc', key: sql`${cases.updatedAt}`, keyText: instantText(sql`${cases.updatedAt}`), type: 'timestamptz' },
} as const satisfies Record<LedgerSort, SortSpec>;

const KEY_PATTERN = {
  timestamptz: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
  date: /^(\d{4}-\d{2}-\d{2}|infinity)$/,
  bigint: /^-?\d{1,18}$/,
} satisfies Record<SortSpec['type'], RegExp>;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where a page ended: the order it was read in, the last row's key and id. */
export interface LedgerCursor {
  readonly sort: LedgerSort;
  readonly key: string;
  readonly id: string;
}

export const encodeLedgerCursor = (cursor: LedgerCursor): string =>
  Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id])).toString('base64url');

const invalidCursor = () => new AppError('VALIDATION_FAILED', '分页游标无效，请从第一页重新查询', { field: 'cursor' });

/**
 * The cursor of a page read in `sort`.
 * @throws AppError VALIDATION_FAILED for a cursor this API did not issue, or issued for another order
 */
export const decodeLedgerCursor = (text: string, sort: LedgerSort): LedgerCursor => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalidCursor();
  const [cursorSort, key, id] = parsed as unknown[];
  if (cursorSort !== sort) {
    throw new AppError('VALIDATION_FAILED', '分页游标属于另一种排序，请从第一页重新查询', { field: 'cursor', sort });
  }
  if (typeof key !== 'string' || !KEY_PATTERN[SORTS[sort].type].test(key) || typeof id !== 'string' || !UUID_PATTERN.test(id)) {
    throw invalidCursor();
  }
  if (SORTS[sort].type === 'timestamptz' && Number.isNaN(Date.parse(key))) throw invalidCursor();
  return { sort, key, id };
};

/** ORDER BY of `sort`: the key, then the id, in one direction. */
export const ledgerOrderBy = (sort: LedgerSort): SQL[] => {
  const { key, direction } = SORTS[sort];
  return direction === 'desc' ? [sql`${key} desc`, sql`${cases.id} desc`] : [sql`${key} asc`, sql`${cases.id} asc`];
};

/** The rows after `cursor` in its order, as one row comparison (an index range). */
export const afterCursor = (cursor: LedgerCursor): SQL => {
  const { key, direction, type } = SORTS[cursor.sort];
  const operator = sql.raw(direction === 'desc' ? '<' : '>');
  return sql`(${key}, ${cases.id}) ${operator} (${cursor.key}::${sql.raw(type)}, ${cursor.id}::uuid)`;
};

/** The select column holding a row's key for the next cursor. */
export const ledgerSortKey = (sort: LedgerSort): SQL<string> => SORTS[sort].keyText;
