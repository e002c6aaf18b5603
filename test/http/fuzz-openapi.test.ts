/**
 * Every operation of the server's own OpenAPI document, fed malformed input only (fast-check,
 * bounded and seeded): path and query parameters that break their schema or the text rule, JSON
 * bodies shaped from the operation's schema and then broken (a wrong type, a missing field, a
 * number past its bounds, a NUL or a lone surrogate at any depth, nesting past the limit),
 * malformed JSON, foreign content types and broken multipart forms — as 营商办, the system
 * administrator and an enterprise. Every answer must be a 4xx in the platform's error shape, with
 * the status its code has, and nothing may be written. Reproduce a failure with the seed it
 * prints: `FUZZ_SEED=… npx vitest run test/http/fuzz-openapi.test.ts`; `FUZZ_RUNS` sets the
 * runs per operation.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { ERROR_STATUS } from '../../src/domain/errors.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { databaseFingerprint } from '../support/fingerprint.ts';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const ACCOUNTS: readonly TestUsername[] = ['yingshangban', 'sysadmin', 'qiye1'];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Schema = { readonly [key: string]: unknown };
interface Parameter {
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly name: string;
  readonly required?: boolean;
  readonly schema?: Schema;
}
interface Operation {
  readonly method: string;
  readonly path: string;
  readonly operationId: string;
  readonly parameters: readonly Parameter[];
  readonly body: Schema | null;
}
interface OpenApi {
  readonly paths: Record<string, Record<string, { operationId?: string; parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  readonly components?: { schemas?: Record<string, Schema> };
}

/** A request as sent: what broke it is in `broken`, for the report; `refused` when it must be answered with a 4xx. */
interface FuzzRequest {
  readonly account: TestUsername;
  readonly broken: string;
  readonly refused: boolean;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: string | Buffer;
}

// ---------------------------------------------------------------- strings

const withBadCharacter = (bad: fc.Arbitrary<string>) =>
  fc.tuple(fc.string({ maxLength: 8 }), bad, fc.string({ maxLength: 8 })).map(([before, character, after]) => `${before}${character}${after}`);
/** A string that no field may hold: the text rule refuses it wherever it is. */
const unstorable = withBadCharacter(fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'));
/**
 * The same in a query string: a lone surrogate has no UTF-8 form, so its bytes stay percent-encoded
 * text (harmless); only NUL (`%00`) decodes to an unstorable character there.
 */
const unstorableQuery = withBadCharacter(fc.constant('\u0000'));

const longText = (min: number) => fc.integer({ min, max: Math.max(min, 5_000) }).map((length) => 'x'.repeat(length));

/** Percent-encodes like encodeURIComponent, but a lone surrogate becomes its (invalid) UTF-8 bytes instead of a URIError. */
const encode = (value: string): string => {
  let encoded = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      encoded += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else {
      encoded += encodeURIComponent(char);
    }
  }
  return encoded;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------- schemas

const resolver = (document: OpenApi) => (schema: Schema | undefined): Schema => {
  let current: Schema = schema ?? {};
  for (let hops = 0; typeof current.$ref === 'string' && hops < 10; hops += 1) {
    current = document.components?.schemas?.[(current.$ref as string).split('/').pop()!] ?? {};
  }
  return current;
};

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'object' | 'array';
const SAMPLE: Record<JsonType, unknown> = { string: 'x', integer: 7, number: 1.5, boolean: true, null: null, object: {}, array: [] };

/** The JSON types a schema allows, or null when it does not say (then only the text rule surely breaks it). */
const typesOf = (schema: Schema, resolve: (schema: Schema | undefined) => Schema): Set<JsonType> | null => {
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union !== undefined) {
    const types = new Set<JsonType>();
    for (const member of union) {
      const memberTypes = typesOf(resolve(member), resolve);
      if (memberTypes === null) return null;
      for (const type of memberTypes) types.add(type);
    }
    return types;
  }
  if (schema.const !== undefined || schema.enum !== undefined) {
    const values = (schema.enum as unknown[] | undefined) ?? [schema.const];
    return new Set(values.map((value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' ? 'number' : (typeof value as JsonType))));
  }
  const type = schema.type;
  if (type === undefined) return null;
  const types = new Set((Array.isArray(type) ? type : [type]) as JsonType[]);
  if (types.has('number')) types.add('integer');
  return types;
};

/** A value shaped by the schema (valid or nearly): the frame a broken part sits in. */
const shaped = (schema: Schema, resolve: (schema: Schema | undefined) => Schema, depth = 0): fc.Arbitrary<unknown> => {
  schema = resolve(schema);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union !== undefined && union.length > 0) return fc.oneof(...union.map((member) => shaped(member, resolve, depth)));
  const types = typesOf(schema, resolve);
  const type = types === null ? null : [...types][0]!;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      return fc.string({ minLength: Number(schema.minLength ?? 0), maxLength: Math.min(Number(schema.maxLength ?? 20), 20) });
    case 'integer':
    {
      const min = Math.max(Number(schema.minimum ?? -1_000), -1e9);
      return fc.integer({ min, max: Math.max(min, Math.min(Number(schema.maximum ?? 1_000_000), 1e9)) });
    }
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 4 ? fc.constant([]) : fc.array(shaped((schema.items as Schema) ?? {}, resolve, depth + 1), { maxLength: 2 });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, shaped(property, resolve, depth + 1)])),
        { requiredKeys: [...required].filter((key) => key in properties) },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
};

/** The discriminator of a union of objects: a property every member pins to its own single value. */
const discriminatorOf = (members: Schema[], resolve: (schema: Schema | undefined) => Schema): string | null => {
  const first = resolve(members[0]).properties as Record<string, Schema> | undefined;
  for (const key of Object.keys(first ?? {})) {
    const pinned = members.map((member) => {
      const property = resolve((resolve(member).properties as Record<string, Schema> | undefined)?.[key]);
      const values = (property.enum as unknown[] | undefined) ?? (property.const === undefined ? undefined : [property.const]);
      return values?.length === 1 && ((resolve(member).required ?? []) as string[]).includes(key) ? values[0] : undefined;
    });
    if (pinned.every((value) => value !== undefined) && new Set(pinned).size === pinned.length) return key;
  }
  return null;
};

/** A value the schema surely refuses (or that the text rule refuses), with what was broken. */
const brokenValue = (schema: Schema, resolve: (schema: Schema | undefined) => Schema, path: string, depth = 0): fc.Arbitrary<[unknown, string]> => {
  schema = resolve(schema);
  const options: fc.Arbitrary<[unknown, string]>[] = [unstorable.map((value) => [value, `${path}: NUL or lone surrogate`] as [unknown, string])];
  const types = typesOf(schema, resolve);
  if (types !== null) {
    const wrong = (Object.keys(SAMPLE) as JsonType[]).filter((type) => !types.has(type));
    if (wrong.length > 0) options.push(fc.constantFrom(...wrong).map((type) => [SAMPLE[type], `${path}: ${type} instead of ${[...types].join('|')}`]));
  }
  if (Array.isArray(schema.enum) && schema.enum.every((value) => typeof value === 'string')) {
    options.push(fc.string({ maxLength: 12 }).filter((value) => !(schema.enum as string[]).includes(value)).map((value) => [value, `${path}: not one of the enum`]));
  }
  const only = types?.size === 1 ? [...types][0] : types?.size === 2 && types.has('integer') && types.has('number') ? 'number' : undefined;
  if (only === 'string') {
    if (typeof schema.maxLength === 'number') options.push(longText(schema.maxLength + 1).map((value) => [value, `${path}: longer than ${String(schema.maxLength)}`]));
    if (schema.format === 'uuid') options.push(fc.string({ maxLength: 40 }).filter((value) => !UUID.test(value)).map((value) => [value, `${path}: not a uuid`]));
  }
  if (only === 'integer' || only === 'number') {
    if (only === 'integer') options.push(fc.constantFrom(0.5, 1e300, -1e300).map((value) => [value, `${path}: not a safe integer`]));
    if (typeof schema.maximum === 'number') options.push(fc.constantFrom(schema.maximum + 1, 9007199254740991, 1e21).filter((value) => value > (schema.maximum as number)).map((value) => [value, `${path}: above ${String(schema.maximum)}`]));
    if (typeof schema.minimum === 'number') options.push(fc.constantFrom(schema.minimum - 1, -9007199254740991).map((value) => [value, `${path}: below ${String(schema.minimum)}`]));
  }
  if (only === 'array' && depth < 4) {
    const items = (schema.items as Schema) ?? {};
    options.push(
      fc.tuple(fc.array(shaped(items, resolve, depth + 1), { maxLength: 2 }), brokenValue(items, resolve, `${path}.0`, depth + 1)).map(([rest, [bad, why]]) => [[bad, ...rest], why]),
    );
  }
  const members = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  const objectMembers = only === 'object' ? (members ?? [schema]) : [];
  const discriminator = objectMembers.length > 1 ? discriminatorOf(objectMembers, resolve) : null;
  if (depth < 4 && (objectMembers.length === 1 || discriminator !== null)) {
    options.push(
      fc.constantFrom(...objectMembers).chain((member) => {
        const object = resolve(member);
        const properties = (object.properties ?? {}) as Record<string, Schema>;
        const required = ((object.required ?? []) as string[]).filter((key) => key in properties);
        const frame = shaped(object, resolve, depth) as fc.Arbitrary<Record<string, unknown>>;
        const choices: fc.Arbitrary<[unknown, string]>[] = [];
        const breakable = Object.keys(properties).filter((key) => key !== discriminator);
        if (breakable.length > 0) {
          choices.push(
            fc.constantFrom(...breakable).chain((key) =>
              fc.tuple(frame, brokenValue(properties[key]!, resolve, path === '' ? key : `${path}.${key}`, depth + 1)).map(([value, [bad, why]]) => [{ ...value, [key]: bad }, why] as [unknown, string]),
            ),
          );
        }
        const droppable = required.filter((key) => key !== discriminator);
        if (droppable.length > 0) {
          choices.push(
            fc.tuple(frame, fc.constantFrom(...droppable)).map(([value, key]) => {
              const { [key]: _dropped, ...rest } = value;
              return [rest, `${path === '' ? '' : `${path}.`}${key}: missing`] as [unknown, string];
            }),
          );
        }
        return choices.length === 0 ? unstorable.map((value) => [value, `${path}: NUL or lone surrogate`] as [unknown, string]) : fc.oneof(...choices);
      }),
    );
  }
  if (depth === 0) {
    // Garbage nested past the limit, and a bad string hidden in an extra field: both fail the text rule's walk.
    options.push(fc.integer({ min: 33, max: 2_000 }).map((levels) => [JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`), `nested ${levels} levels`] as [unknown, string]));
    if (only === 'object') {
      options.push(fc.tuple(shaped(schema, resolve), fc.string({ maxLength: 8 }), unstorable).map(([value, key, bad]) => [{ ...(value as object), [`x${key}`]: { deep: [bad] } }, 'extra field: NUL or lone surrogate']));
    }
  }
  return fc.oneof(...options);
};

/** A query or path parameter's value (always a string on the wire) that its schema or the text rule surely refuses. */
const brokenParameter = (schema: Schema, resolve: (schema: Schema | undefined) => Schema, name: string, where: 'path' | 'query'): fc.Arbitrary<[string, string]> => {
  schema = resolve(schema);
  const options: fc.Arbitrary<[string, string]>[] = [(where === 'path' ? unstorable : unstorableQuery).map((value) => [value, `${name}: NUL or lone surrogate`])];
  // No id is longer than 100 characters (the router's maxParamLength).
  if (where === 'path') options.push(longText(101).map((value) => [value, `${name}: ${value.length} characters`]));
  const types = typesOf(schema, resolve);
  if (Array.isArray(schema.enum)) {
    const values = schema.enum.map(String);
    options.push(fc.string({ maxLength: 12 }).filter((value) => !values.includes(value)).map((value) => [value, `${name}: not one of the enum`]));
  }
  if (types?.size === 1 && types.has('integer')) {
    const integers: string[] = ['abc', '1.5', '1e400', '99999999999999999999'];
    if (typeof schema.maximum === 'number') integers.push(String(schema.maximum + 1));
    if (typeof schema.minimum === 'number') integers.push(String(schema.minimum - 1));
    options.push(fc.constantFrom(...integers).map((value) => [value, `${name}: not an integer in range`]));
  }
  if (typeof schema.maxLength === 'number') options.push(longText(schema.maxLength + 1).map((value) => [value, `${name}: longer than ${String(schema.maxLength)}`]));
  if (schema.format === 'uuid') options.push(fc.string({ minLength: 1, maxLength: 40 }).filter((value) => !UUID.test(value)).map((value) => [value, `${name}: not a uuid`]));
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern, 'u');
    options.push(fc.string({ minLength: 1, maxLength: 20 }).filter((value) => !pattern.test(value)).map((value) => [value, `${name}: not matching ${String(schema.pattern)}`]));
  }
  return fc.oneof(...options);
};

/** Strings a careless handler may trip on: impossible dates, SQL and LIKE metacharacters, odd numbers. */
const ODD_STRINGS = ['2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31', '2026-3-2', 'abc', '', ' ', '-1', '1e999', 'NaN', "'; drop table cases; --", '%', '_', '\\', 'null', '[]', '{}', 'u-', '汉东区', '😀'];

/**
 * A parameter's value as its schema would have it (the parameters not broken), or — `loose` —
 * anything its schema lets through: odd dates, metacharacters, unicode, the bounds of a number.
 */
const plausibleParameter = (schema: Schema, resolve: (schema: Schema | undefined) => Schema, loose = false): fc.Arbitrary<string> => {
  schema = resolve(schema);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...schema.enum.map(String));
  if (schema.format === 'uuid') return fc.uuid();
  const types = typesOf(schema, resolve);
  if (types?.has('integer')) {
    const min = Number(schema.minimum ?? 1);
    const max = Math.min(Number(schema.maximum ?? min + 100), min + 100);
    return loose ? fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, Number(schema.maximum ?? min))).map(String) : fc.integer({ min, max }).map(String);
  }
  if (!loose) return fc.constantFrom('u-jingxinju', 'handong', '2026-03-02', 'x');
  const maxLength = Math.min(Number(schema.maxLength ?? 40), 40);
  const fits = (value: string) => value.length <= Number(schema.maxLength ?? Infinity) && value.length >= Number(schema.minLength ?? 0);
  return fc
    .oneof(fc.constantFrom(...ODD_STRINGS, 'u-jingxinju', 'handong', '2026-03-02'), fc.string({ maxLength }), fc.string({ unit: 'grapheme', maxLength: Math.min(maxLength, 10) }))
    .filter(fits);
};

// ---------------------------------------------------------------- bodies on the wire

const MALFORMED_JSON = ['{', '{"a":', '[1,2', 'nul', '{"a":1}}', "{'a':1}", '{"a":1,}', '\u0000', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}'];
const FOREIGN_TYPES = ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'text/html; charset=utf-8', 'application/octet-stream', 'image/png'];
const BOUNDARY = 'fuzzboundary';
const part = (headers: string, content: string) => `--${BOUNDARY}\r\n${headers}\r\n\r\n${content}\r\n`;
const MALFORMED_MULTIPART: readonly [string, string, string][] = [
  ['multipart/form-data', 'no boundary', 'xx'],
  [`multipart/form-data; boundary=${BOUNDARY}`, 'truncated file part', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 half`],
  [`multipart/form-data; boundary=${BOUNDARY}`, 'garbage', 'garbage without any boundary'],
  [`multipart/form-data; boundary=${BOUNDARY}`, 'truncated part header', `--${BOUNDARY}\r\nContent-Disposition: form-da`],
  [`multipart/form-data; boundary=${'b'.repeat(300)}`, 'boundary of 300 characters', `--${'b'.repeat(300)}\r\n`],
  [`multipart/form-data; boundary=${BOUNDARY}`, 'NUL in the file name', `${part(`Content-Disposition: form-data; name="file"; filename*=UTF-8''a%00b.pdf\r\nContent-Type: application/pdf`, '%PDF-1.4\n%%EOF')}--${BOUNDARY}--\r\n`],
  [`multipart/form-data; boundary=${BOUNDARY}`, 'lone surrogate in a field', `${part('Content-Disposition: form-data; name="lines"', '{"x":"\ud800"}')}--${BOUNDARY}--\r\n`],
  [`multipart/form-data; boundary=${BOUNDARY}`, 'NUL in a field and no file', `${part('Content-Disposition: form-data; name="lines"', 'a\u0000b')}--${BOUNDARY}--\r\n`],
  [`multipart/form-data; boundary=${BOUNDARY}`, 'only a closing boundary', `--${BOUNDARY}--\r\n`],
];

/**
 * The requests of an operation. Broken ones (every operation): each surely refused, so the answer
 * must be a 4xx. Loose ones, where they cannot write: a read (GET) with any values its schema
 * lets through — the answer may be a 200 but never a 5xx — and a write addressed to records that
 * do not exist (random uuids) with a body shaped from its schema, which must be refused.
 */
const requestsFor = (operation: Operation, resolve: (schema: Schema | undefined) => Schema): fc.Arbitrary<FuzzRequest> => {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const takesKey = operation.parameters.some((parameter) => parameter.in === 'header' && parameter.name.toLowerCase() === 'idempotency-key');
  const hasBody = BODY_METHODS.has(operation.method);
  const requiredQuery = queryParameters.filter((parameter) => parameter.required).map((parameter) => parameter.name);

  const pathValues = (loose: boolean) => fc.record(Object.fromEntries(pathParameters.map((parameter) => [parameter.name, plausibleParameter(parameter.schema ?? {}, resolve, loose)])));
  const queryValues = (loose: boolean) =>
    fc.record(Object.fromEntries(queryParameters.map((parameter) => [parameter.name, plausibleParameter(parameter.schema ?? {}, resolve, loose)])), { requiredKeys: requiredQuery });
  const plausiblePath = pathValues(false);
  const plausibleQuery = queryValues(false);
  const plausibleBody = operation.body === null ? fc.constant(undefined) : shaped(operation.body, resolve);

  type Shape = { path: Record<string, string>; query: Record<string, string>; body?: string; contentType?: string; why: string; refused: boolean };
  const broken = (what: Omit<Shape, 'path' | 'query' | 'refused'> & Partial<Pick<Shape, 'path' | 'query'>>) =>
    fc.tuple(plausiblePath, plausibleQuery, plausibleBody).map(([path, query, body]): Shape => ({
      path: what.path ?? path,
      query: what.query ?? query,
      ...(what.body === undefined && hasBody && body !== undefined ? { body: JSON.stringify(body), contentType: 'application/json' } : {}),
      ...(what.body === undefined ? {} : { body: what.body, contentType: what.contentType ?? 'application/json' }),
      why: what.why,
      refused: true,
    }));

  const kinds: fc.Arbitrary<Shape>[] = [
    // Every operation: a declared query parameter broken, or an undeclared one that fails the text rule.
    fc.tuple(plausibleQuery, fc.string({ minLength: 1, maxLength: 8 }), unstorableQuery).chain(([query, name, bad]) => broken({ query: { ...query, [`x${name}`]: bad }, why: `query x${name}: NUL` })),
  ];
  if (queryParameters.length > 0) {
    kinds.push(
      fc
        .constantFrom(...queryParameters)
        .chain((parameter) =>
          fc.tuple(plausibleQuery, brokenParameter(parameter.schema ?? {}, resolve, parameter.name, 'query')).chain(([query, [bad, why]]) => broken({ query: { ...query, [parameter.name]: bad }, why: `query ${why}` })),
        ),
    );
  }
  if (pathParameters.length > 0) {
    kinds.push(
      fc
        .constantFrom(...pathParameters)
        .chain((parameter) =>
          fc.tuple(plausiblePath, brokenParameter(parameter.schema ?? {}, resolve, parameter.name, 'path')).chain(([path, [bad, why]]) => broken({ path: { ...path, [parameter.name]: bad }, why: `path ${why}` })),
        ),
    );
  }
  if (hasBody) {
    kinds.push(
      fc.constantFrom(...MALFORMED_JSON).chain((body) => broken({ body, why: `malformed JSON ${JSON.stringify(body)}` })),
      fc.tuple(fc.constantFrom(...FOREIGN_TYPES), plausibleBody).chain(([contentType, body]) => broken({ body: JSON.stringify(body ?? { a: 1 }), contentType, why: `Content-Type ${contentType}` })),
      fc.constantFrom(...MALFORMED_MULTIPART).chain(([contentType, why, body]) => broken({ body, contentType, why: `multipart: ${why}` })),
      // Any JSON at all with a bad string inside, whether or not the operation takes a body.
      fc.tuple(plausibleBody, unstorable).chain(([body, bad]) =>
        broken({
          body: JSON.stringify(body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...body, note: bad } : { value: body ?? null, note: bad }),
          why: 'body: NUL or lone surrogate',
        }),
      ),
    );
    if (operation.body !== null) {
      const body = operation.body;
      kinds.push(brokenValue(body, resolve, '').chain(([value, why]) => broken({ body: JSON.stringify(value), why: `body ${why}` })));
    }
  }
  if (operation.method === 'GET') {
    kinds.push(fc.tuple(pathValues(true), queryValues(true)).map(([path, query]): Shape => ({ path, query, why: 'loose read', refused: false })));
  } else if (pathParameters.length > 0 && pathParameters.every((parameter) => resolve(parameter.schema).format === 'uuid')) {
    kinds.push(
      fc.tuple(pathValues(true), queryValues(true), plausibleBody).map(([path, query, body]): Shape => ({
        path,
        query,
        ...(hasBody && body !== undefined ? { body: JSON.stringify(body), contentType: 'application/json' } : {}),
        why: 'write to records that do not exist',
        refused: true,
      })),
    );
  }

  return fc
    .record({ account: fc.constantFrom(...ACCOUNTS), shape: fc.oneof(...kinds), key: fc.option(fc.stringMatching(/^[a-z0-9-]{8,32}$/), { nil: undefined }) })
    .map(({ account, shape, key }) => {
      const url =
        operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(shape.path[name] ?? 'x')) +
        (Object.keys(shape.query).length === 0 ? '' : `?${Object.entries(shape.query).map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&')}`);
      const headers: Record<string, string> = {};
      if (takesKey && key !== undefined) headers['idempotency-key'] = `fuzz-${key}`;
      if (shape.body !== undefined) headers['content-type'] = shape.contentType ?? 'application/json';
      return { account, broken: shape.why, refused: shape.refused, url, headers, ...(shape.body === undefined ? {} : { payload: shape.body }) };
    });
};

// ---------------------------------------------------------------- the test

const ERROR_SHAPE = {
  error: { code: expect.any(String), message: expect.stringMatching(/[\u4e00-\u9fa5]/), details: expect.any(Object) },
};

describe(`a fuzz of every OpenAPI operation with malformed input (${backendName}, seed ${SEED})`, () => {
  let t: TestApp;
  let operations: Operation[];
  let resolve: (schema: Schema | undefined) => Schema;

  beforeAll(async () => {
    t = await createTestApp();
    // An enterprise of the city, registered with a case, so that the enterprise account exists and the tables hold a case.
    const registered = await t.server.inject({
      method: 'POST',
      url: '/api/cases',
      headers: await t.signIn('yingshangban'),
      payload: {
        line: 'arrears',
        source: 'assigned',
        title: '工程款拖欠',
        facts: '2025年完工的校舍工程，尾款未付。',
        instruction: '请于十个工作日内核实。',
        enterprise: { name: '汉江市楚风建筑工程有限公司', creditCode: makeCreditCode('91422900MA49XK7C3') },
        responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
        claimedAmount: 68_000_000,
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    await t.addEnterpriseAccount('qiye1', registered.json<{ enterprise: { unitId: string } }>().enterprise.unitId);
    for (const account of ACCOUNTS) await t.signIn(account);

    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApi>();
    resolve = resolver(document);
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId ?? `${method} ${path}`,
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
      })),
    );
  });
  afterAll(() => t?.close());

  it('answers every malformed request with a 4xx in the platform shape and writes nothing', async () => {
    expect(operations.length).toBeGreaterThan(90);
    const before = await databaseFingerprint(t.app.db);
    const failures: string[] = [];
    let sent = 0;
    for (const [index, operation] of operations.entries()) {
      const seed = SEED + index;
      const result = await fc.check(
        fc.asyncProperty(requestsFor(operation, resolve), async (request) => {
          sent += 1;
          const response = await t.server.inject({
            method: operation.method as 'GET',
            url: request.url,
            headers: { ...request.headers, ...(await t.signIn(request.account)) },
            ...(request.payload === undefined ? {} : { payload: request.payload }),
          });
          const status = response.statusCode;
          let body: unknown;
          try {
            body = response.json();
          } catch {
            body = response.body.slice(0, 200);
          }
          const code = (body as { error?: { code?: string } } | undefined)?.error?.code;
          const fails =
            status >= 500 || (request.refused && status < 400)
              ? `answered ${status}`
              : status < 400
                ? null
                : !expectShape(body)
                ? 'not the platform error shape'
                : ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== status
                  ? `code ${code} is not answered with ${status}`
                  : null;
          if (fails !== null) throw new Error(`${fails}: ${request.broken} as ${request.account} → ${status} ${JSON.stringify(body).slice(0, 300)}`);
        }),
        { seed, numRuns: RUNS, endOnFailure: true },
      );
      if (result.failed) {
        const cause = 'errorInstance' in result ? result.errorInstance : 'interrupted';
        const error = cause instanceof Error ? cause.message : String(cause);
        failures.push(`${operation.method} ${operation.path} (${operation.operationId}), seed ${seed}, path ${String(result.counterexamplePath)}: ${error.split('\n')[0]}`);
      }
    }
    expect(failures, `seed ${SEED}: reproduce with FUZZ_SEED=${SEED}`).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(operations.length * RUNS);
    expect(await databaseFingerprint(t.app.db)).toEqual(before);
  }, 240_000);
});

const expectShape = (body: unknown): boolean => {
  try {
    expect(body).toEqual(ERROR_SHAPE);
    return true;
  } catch {
    return false;
  }
};
