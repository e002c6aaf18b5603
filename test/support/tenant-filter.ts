/**
 * Does a statement keep to one city? On Citus (docs/SCALING.md) a statement on a table
 * distributed by `tenant_id` that does not name the city is sent to every node; one that joins
 * two such tables without it is refused. So every statement the application sends names the
 * city for each distributed table it reads or writes: `<table or alias>.tenant_id` in its
 * conditions or joins, `tenant_id` among an insert's columns (`tenants`: its `id`).
 *
 * The check reads the SQL text drizzle sends, not a parse tree, but follows its parentheses:
 * each table is judged in its own subquery (or the statement), so that a table read twice under
 * one name must name the city each time; select lists and `returning` are set aside (naming
 * tenant_id there filters nothing), and a table read without an alias passes on an unqualified
 * `tenant_id`. It sees that the city is named, not that it is held to one value: a join on
 * `a.tenant_id = b.tenant_id` passes without `a.tenant_id = $` (every statement the matrix
 * collects has the value too; keep it so).
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

/** A statement's text as compared, whatever the length of its IN lists: normalised, `$1, $2` as `$`. */
export const signature = (query: string): string => normalise(query).replace(/\$\d+(, \$\d+)*/g, '$');

/** A parenthesised part of a statement: a subquery, a join's condition, a function's arguments. */
interface Group {
  readonly start: number;
  end: number;
  readonly children: Group[];
}

/** The parentheses of `text` as a tree (the root is the whole text); those within quotes are text. */
const groupsOf = (text: string): Group => {
  const root: Group = { start: -1, end: text.length, children: [] };
  const open: Group[] = [root];
  let quoted = false;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at];
    if (char === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (char === '(') {
      const group: Group = { start: at, end: text.length, children: [] };
      open.at(-1)!.children.push(group);
      open.push(group);
    } else if (char === ')' && open.length > 1) open.pop()!.end = at;
  }
  return root;
};

/** Turns the characters of `text` from `from` to `to` into spaces, but those of the `kept` groups. */
const blank = (text: string[], from: number, to: number, kept: readonly Group[] = []): void => {
  for (let at = from; at < to; at += 1) {
    const group = kept.find(({ start, end }) => start <= at && at <= end);
    if (group !== undefined) at = group.end;
    else text[at] = ' ';
  }
};

/** Matches of `pattern` in `group`'s own text, not within its parenthesised parts. */
const ownMatches = (text: string, group: Group, pattern: RegExp): RegExpExecArray[] => {
  const found: RegExpExecArray[] = [];
  const sticky = new RegExp(pattern.source, 'y');
  for (let at = group.start + 1; at < group.end; at += 1) {
    const child = group.children.find(({ start }) => start === at);
    if (child !== undefined) {
      at = child.end;
      continue;
    }
    sticky.lastIndex = at;
    const match = sticky.exec(text);
    if (match !== null && (at === 0 || !/\w/.test(text[at - 1]!))) found.push(match);
  }
  return found;
};

const isSubquery = (text: string, group: Group): boolean => /^\(\s*(select|with)\b/.test(text.slice(group.start, group.start + 12));

/** The subqueries within `group`, outside any other: those of a function's arguments too. */
const subqueriesIn = (text: string, group: Group): Group[] =>
  group.children.flatMap((child) => (isSubquery(text, child) ? [child] : subqueriesIn(text, child)));

/**
 * `text` with what filters nothing set aside (turned to spaces, so that every part keeps its
 * place): each select list, up to its `from`, but the subqueries within it, and `returning`.
 */
const conditions = (text: string, root: Group): string => {
  const kept = [...text];
  const visit = (group: Group): void => {
    for (const select of ownMatches(text, group, /select /)) {
      const from = ownMatches(text, group, /from /).find((match) => match.index > select.index);
      if (from !== undefined) blank(kept, select.index + select[0].length, from.index, subqueriesIn(text, group));
    }
    const returning = ownMatches(text, group, /returning /)[0];
    if (returning !== undefined) blank(kept, returning.index, group.end);
    group.children.forEach(visit);
  };
  visit(root);
  return kept.join('');
};

/** The tables a group reads or writes itself (`from`, `join`, `update`, `into`), each under the name it is known by. */
const TABLE_REFERENCE = /(?:from|join|update|into) (\w+)\b(?!\.)(?: (?:as )?(\w+))?/;

const referencesOf = (text: string, group: Group): { index: number; table: string; name: string }[] =>
  ownMatches(text, group, TABLE_REFERENCE).map((match) => {
    const table = match[1]!;
    const alias = match[2] !== undefined && !KEYWORDS.has(match[2]) ? match[2] : undefined;
    return { index: match.index, table, name: alias ?? table };
  });

/**
 * The distributed tables `query` reads or writes that it does not tie to one city (empty when it
 * does). Each mention of a table is judged in its own part of the statement (its subquery, or the
 * whole): `<name>.tenant_id` must stand there, outside a subquery that names another table by the
 * same name (there the name means that one), and outside select lists and `returning`. A table
 * known by its own name also passes on a bare `tenant_id` outside every subquery that reads a table.
 */
export const unfilteredTables = (query: string): string[] => {
  const text = normalise(query);
  const root = groupsOf(text);
  const kept = conditions(text, root);
  const unfiltered: string[] = [];
  const visit = (group: Group): void => {
    for (const { table, name } of referencesOf(text, group)) {
      const column = DISTRIBUTED_TABLES.get(table);
      if (column === undefined) continue;
      const scope = [...kept];
      // Within a subquery that names another table by the same name, the name means that one.
      const shadow = (inner: Group, bare: boolean): void => {
        const names = referencesOf(text, inner).map((reference) => reference.name);
        if (bare ? names.length > 0 : names.includes(name)) blank(scope, inner.start, inner.end + 1);
        else inner.children.forEach((child) => shadow(child, bare));
      };
      group.children.forEach((child) => shadow(child, false));
      const lo = Math.max(group.start, 0);
      const qualified = new RegExp(`\\b${name}\\.${column}\\b`).test(scope.slice(lo, group.end).join(''));
      let bare = false;
      if (name === table) {
        group.children.forEach((child) => shadow(child, true));
        bare = new RegExp(`(?<![.\\w])${column}\\b`).test(scope.slice(lo, group.end).join(''));
      }
      if (!qualified && !bare) unfiltered.push(table);
    }
    group.children.forEach(visit);
  };
  visit(root);
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
