/**
 * The authorization matrix (issue 11 point 7): for every kind of object the API addresses by id,
 * every operation on it and every demo account, one row per way the account stands to such an
 * object in the words of the kind's access rules (its own enterprise or another's, its unit or
 * another, its county or another…), on a real object of the demo city that stands so; and for
 * the operations on no object, one row per role's gate. The expected answer is the rule's; the
 * test sends the request and compares.
 */
import type { InjectOptions } from 'fastify';
import { ROLE_LABEL, type Actor } from '../../../src/domain/access/roles.ts';
import type { DemoUsername } from '../../../src/demo/accounts.ts';
import type { Db } from '../../../src/db/connection.ts';
import type { DemoPerson, DemoResponse } from '../demo-app.ts';
import type { Gate } from './gates.ts';

/**
 * What the rules answer: the request is let through to the operation's own checks, refused
 * (403 FORBIDDEN), answered as if the object did not exist (404 with the kind's code), or — where
 * the rule says no without saying which — either of the two.
 */
export type Expected = 'allowed' | 'forbidden' | 'hidden' | 'refused';

/** Whether an `authorize…` rule, which throws its refusal, lets the actor through. */
export const passes = (authorize: () => void): boolean => {
  try {
    authorize();
    return true;
  } catch {
    return false;
  }
};

/** A rule's yes or no, where the rules do not tell refusing from hiding. */
export const allowedIf = (allowed: boolean): Expected => (allowed ? 'allowed' : 'refused');

/** One operation of the OpenAPI document on an object of a kind (or one variant of it: a case action). */
export interface ObjectOperation<O> {
  readonly operationId: string;
  readonly variant?: string;
  /** Whether the request on `object` reaches the access check at all: a step whose state the object is in. Default: always. */
  readonly reaches?: (object: O) => boolean;
  readonly expected: (actor: Actor, object: O) => Expected;
  /**
   * When allowed: whether the object's page offers the step to the actor now, so that the
   * representative request must succeed (2xx). Default: never required.
   */
  readonly offered?: (actor: Actor, object: O) => boolean;
  readonly request: (object: O) => InjectOptions;
}

export interface ObjectKind<O> {
  readonly name: string;
  readonly objects: readonly O[];
  /** The object in the row's title (a case's number, a promise's clause). */
  readonly label: (object: O) => string;
  /** How `actor` stands to `object`, in the words of the kind's rules: the matrix's third dimension. */
  readonly relation: (actor: Actor, object: O) => string;
  /** The error code with which an object hidden from its reader is not found. */
  readonly hiddenCode: string;
  /** What a refused request must leave as it was, read from the database (a case's version and event count). */
  readonly footprint?: (db: Db, object: O) => Promise<unknown>;
  readonly operations: readonly ObjectOperation<O>[];
}

/** One request of the matrix, bound to its object: who sends what, and what the rules answer. */
export interface MatrixRow {
  readonly title: string;
  readonly operationId: string;
  /** The operation and its variant (`performCaseAction classify`). */
  readonly operation: string;
  /** How the account stands to the object, in the kind's words. */
  readonly relation: string;
  readonly username: DemoUsername;
  readonly request: InjectOptions;
  readonly expected: Expected;
  /** Allowed and offered by the object's page: the representative request must succeed. */
  readonly offered: boolean;
  /** The kind's code of a hidden object. */
  readonly hiddenCode: string;
  /** What a refused request must leave as it was, if the kind says. */
  readonly footprint?: (db: Db) => Promise<unknown>;
}

/** The rows of one kind of object. */
export interface MatrixTable {
  readonly name: string;
  readonly rows: readonly MatrixRow[];
}

const EXPECTED_WORDS = { allowed: 'allowed', forbidden: '403', hidden: '404', refused: '403/404' } satisfies Record<Expected, string>;

/** The name of an operation in a row: its operationId and variant. */
export const operationName = <O>(operation: ObjectOperation<O>): string =>
  operation.variant === undefined ? operation.operationId : `${operation.operationId} ${operation.variant}`;

/** A row before it is kept or dropped as the same as another account's (`oncePerRole`). */
type KeyedRow = MatrixRow & { readonly key: string };

/**
 * Rows once per role, operation, relation and answer: another account of the same role standing
 * the same way to such an object meets the same rule (the accounts differ in which objects stand
 * so, which the relation already names).
 */
const oncePerRole = (rows: readonly KeyedRow[]): MatrixRow[] => {
  const seen = new Set<string>();
  const kept: MatrixRow[] = [];
  for (const { key, ...row } of rows) {
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(row);
  }
  return kept;
};

/**
 * The rows of one person and operation: the objects the request reaches, grouped by the person's
 * relation to them and the rules' answer; of each group the first object, or the first whose
 * page offers the step when the answer is "allowed".
 */
const operationRows = <O>({ username, actor }: DemoPerson, kind: ObjectKind<O>, operation: ObjectOperation<O>): KeyedRow[] => {
  const groups = new Map<string, { relation: string; expected: Expected; objects: O[] }>();
  for (const object of kind.objects) {
    if (operation.reaches !== undefined && !operation.reaches(object)) continue;
    const relation = kind.relation(actor, object);
    const expected = operation.expected(actor, object);
    const key = `${relation}\u0000${expected}`;
    const group = groups.get(key) ?? { relation, expected, objects: [] };
    group.objects.push(object);
    groups.set(key, group);
  }
  const footprint = kind.footprint;
  return [...groups.values()].map(({ relation, expected, objects }) => {
    const offered = (object: O) => expected === 'allowed' && (operation.offered?.(actor, object) ?? false);
    const object = objects.find(offered) ?? objects[0]!;
    return {
      key: [actor.role, operationName(operation), relation, expected].join('\u0000'),
      title: `${username} (${ROLE_LABEL[actor.role]}) · ${operationName(operation)} · ${relation} · ${kind.label(object)} → ${EXPECTED_WORDS[expected]}`,
      operationId: operation.operationId,
      operation: operationName(operation),
      relation,
      username,
      request: operation.request(object),
      expected,
      offered: offered(object),
      hiddenCode: kind.hiddenCode,
      ...(footprint === undefined ? {} : { footprint: (db: Db) => footprint(db, object) }),
    };
  });
};

/** The rows of one kind of object: every person, every operation, every relation and answer, once per role. */
export const matrixTable = <O>(people: readonly DemoPerson[], kind: ObjectKind<O>): MatrixTable => ({
  name: kind.name,
  rows: oncePerRole(people.flatMap((person) => kind.operations.flatMap((operation) => operationRows(person, kind, operation)))),
});

/** The rows of the operations on no object: each role's gate, once per role, what the request is about and answer; a refusal is a 403. */
export const gateTable = (people: readonly DemoPerson[], gates: readonly Gate[]): MatrixTable => ({
  name: 'operations on no object',
  rows: oncePerRole(
    people.flatMap(({ username, actor }) =>
      gates.map((gate): KeyedRow => {
        const expected: Expected = gate.allowed(actor) ? 'allowed' : 'forbidden';
        const about = gate.about?.(actor) ?? 'no object';
        return {
          key: [actor.role, gate.operationId, about, expected].join('\u0000'),
          title: `${username} (${ROLE_LABEL[actor.role]}) · ${gate.operationId} · ${about} → ${EXPECTED_WORDS[expected]}`,
          operationId: gate.operationId,
          operation: gate.operationId,
          relation: about,
          username,
          request: gate.request(actor),
          expected,
          offered: expected === 'allowed' && gate.succeeds === true,
          hiddenCode: '',
        };
      }),
    ),
  ),
});

/** The error code of a response, if it is an error in the platform's shape. */
export const errorCode = (response: DemoResponse): string | null => {
  if (response.statusCode < 400) return null;
  try {
    return response.json<{ error?: { code?: string } }>().error?.code ?? null;
  } catch {
    return null;
  }
};

/**
 * What the server answered, in the matrix's words: refused (403), hidden (404 with the kind's
 * code), or let through to the operation's own checks — whatever they answered (a 409 for a
 * wrong state, a 404 for a file the case does not have).
 */
export const answerOf = (response: DemoResponse, hiddenCode: string): Exclude<Expected, 'refused'> => {
  if (response.statusCode === 403) return 'forbidden';
  if (response.statusCode === 404 && errorCode(response) === hiddenCode) return 'hidden';
  return 'allowed';
};

/** Whether the answer is the one the rules expect (`refused`: either refusal). */
export const answers = (expected: Expected, answer: Exclude<Expected, 'refused'>): boolean =>
  expected === 'refused' ? answer !== 'allowed' : answer === expected;

/** A relation that holds or not, as the row titles show it. */
export const holds = (name: string, value: boolean): string => (value ? name : `not ${name}`);

/** The facts that hold, named, or `otherwise` when none does: a relation made of several. */
export const factsOf = (facts: Readonly<Record<string, boolean>>, otherwise: string): string => {
  const named = Object.entries(facts).filter(([, value]) => value).map(([name]) => name);
  return named.length === 0 ? otherwise : named.join(', ');
};

/** How the actor stands to a unit: its own, one of its counties', or another. */
export const unitRelation = (actor: Actor, unit: { readonly id: string; readonly jurisdictionId: string }, own = 'own unit'): string =>
  actor.unitId === unit.id ? own : actor.jurisdictionScope.includes(unit.jurisdictionId) ? 'in own county' : 'elsewhere';
