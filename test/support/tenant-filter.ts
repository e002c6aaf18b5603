/**
 * Does a statement keep to one city? On Citus (docs/SCALING.md) a statement on a table
 * distributed by `tenant_id` that does not name the city is sent to every node; one that joins
 * two such tables without it is refused. So every statement the application sends names the
 * city for each distributed table it reads or writes: `<table or alias>.tenant_id` in its
 * conditions or joins, `tenant_id` among an insert's columns (`tenants`: its `id`).
 *
 * The check reads the SQL text drizzle sends, not a parse tree: select lists and `returning`
 * are set aside (naming tenant_id there filters nothing), and a table read without an alias
 * passes on an unqualified `tenant_id` in what is left.
 */
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../src/db/schema.ts';

/** Every table of the schema is distributed by its city; `tenants` by its own id. */
export const DISTRIBUTED_TABLES: ReadonlyMap<string, string> = new Map(
  Object.values(schema as Record<string, unknown>)
    .filter((value): value is PgTable => is(value, PgTable))
    .map((table) => getTableConfig(table).name)
    .map((name) => [name, name === 'tenants' ? 'id' : 'tenant_id']),
);

/** A statement allowed to span every city, and why. */
export interface CrossTenantStatement {
  readonly pattern: RegExp;
  readonly reason: string;
}

const KEYWORDS = new Set(['where', 'on', 'set', 'using', 'left', 'right', 'inner', 'outer', 'join', 'order', 'group', 'limit', 'values', 'select', 'returning', 'for', 'cross', 'full', 'natural', 'lateral', 'union', 'having', 'offset', 'default', 'as', 'and', 'or', 'window', 'except', 'intersect']);

/** The text as compared: lower case, no identifier quotes, one space between words. */
export const normalise = (query: string): string => query.toLowerCase().replaceAll('"', '').replace(/\s+/g, ' ').trim();

/** What is left once select lists and `returning` clauses, which filter nothing, are set aside. */
const conditions = (text: string): string =>
  text.replace(/\bselect (distinct )?.*?\bfrom /g, 'select * from ').replace(/\breturning .*$/, '');

/** A statement's text as compared, whatever the length of its IN lists: normalised, `$1, $2` as `$`. */
export const signature = (query: string): string => normalise(query).replace(/\$\d+(, \$\d+)*/g, '$');

/** The distributed tables `query` reads or writes that it does not tie to one city (empty when it does). */
export const unfilteredTables = (query: string): string[] => {
  const text = conditions(normalise(query));
  const unfiltered: string[] = [];
  for (const match of text.matchAll(/\b(?:from|join|update|into) (\w+)(?: (?:as )?(\w+))?/g)) {
    const table = match[1]!;
    const column = DISTRIBUTED_TABLES.get(table);
    if (column === undefined) continue;
    const alias = match[2] !== undefined && !KEYWORDS.has(match[2]) ? match[2] : undefined;
    const qualified = new RegExp(`\\b${alias ?? table}\\.${column}\\b`).test(text);
    const bare = alias === undefined && new RegExp(`(?<![.\\w])${column}\\b`).test(text);
    if (!qualified && !bare) unfiltered.push(table);
  }
  return [...new Set(unfiltered)];
};

/**
 * The statements that legitimately span every city, each matched on its `signature` and saying
 * why it may. None of the API's: every process serves one city (`AppContext.tenantId`) and even
 * the sign-in looks the session up under it. Outside the API, the reference seed's guard
 * (`src/db/seed/reference.ts`: do the fixed Hanjiang ids belong to another city?) asks across
 * cities on purpose, as the migrations do.
 */
export const CROSS_TENANT_STATEMENTS: readonly CrossTenantStatement[] = [];

/**
 * How many distinct statements (`signature`) the authorization matrix still sends without the
 * city, mostly updates and deletes by id alone: to fix before distributing (docs/SCALING.md).
 * A ratchet: the number may only fall.
 */
export const UNFILTERED_STILL_TO_FIX = 45;
