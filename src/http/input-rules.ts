/**
 * The rules every input meets at the HTTP edge, before any handler or the database sees it:
 * one text rule for every string (no NUL, no lone surrogate: PostgreSQL refuses the first in
 * `text` and `jsonb`, the second is not text), a bounded nesting depth, and one schema per kind
 * of id. JSON bodies, query strings, path parameters and the Idempotency-Key header are checked
 * by the global `preValidation` hook; multipart forms by `readForm`, which every upload uses.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isLocalDate } from '../domain/calendar.ts';
import { referenceKey } from '../domain/case/fields.ts';
import { AppError } from '../domain/errors.ts';
import { isStorableText, printableText } from '../domain/text.ts';

/** Deeper JSON is refused: no form of the platform nests more than a few levels. */
export const MAX_INPUT_DEPTH = 32;

type Where = 'body' | 'query' | 'path' | 'header' | 'form';

const WHERE_LABEL: Record<Where, string> = { body: '', query: '查询参数', path: '网址参数', header: '请求头', form: '表单字段' };

const fieldLabel = (field: string) => printableText(field.length > 100 ? `${field.slice(0, 100)}…` : field);

/** The coded refusal of a string that cannot be stored, naming its field (a dotted path). */
export const textInvalid = (field: string, where: Where): AppError => {
  const label = fieldLabel(field);
  return new AppError(
    'TEXT_INVALID',
    `${WHERE_LABEL[where]}“${label || '请求体'}”含有无法保存的字符（空字符 NUL 或不成对的 Unicode 代理项），请删除后重试`,
    { field: label, in: where },
  );
};

/** @throws AppError TEXT_INVALID when `value` holds a NUL or a lone surrogate */
export const assertStorableText = (value: string, field: string, where: Where): void => {
  if (!isStorableText(value)) throw textInvalid(field, where);
};

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/**
 * Every string of a parsed JSON value — keys included — at any depth, walked without recursion
 * so that no input can exhaust the stack.
 * @throws AppError TEXT_INVALID naming the first bad string's path; VALIDATION_FAILED past MAX_INPUT_DEPTH
 */
export const assertStorableValue = (value: unknown, where: Where, root = ''): void => {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, path, depth } = pending.pop()!;
    if (typeof current === 'string') {
      assertStorableText(current, path, where);
    } else if (current !== null && typeof current === 'object') {
      if (depth >= MAX_INPUT_DEPTH) {
        throw new AppError('VALIDATION_FAILED', `请求数据嵌套超过${MAX_INPUT_DEPTH}层`, { field: fieldLabel(path), in: where });
      }
      if (Array.isArray(current)) {
        for (let index = current.length - 1; index >= 0; index -= 1) pending.push({ value: current[index], path: join(path, String(index)), depth: depth + 1 });
      } else {
        const entries = Object.entries(current);
        for (let index = entries.length - 1; index >= 0; index -= 1) {
          const [key, child] = entries[index]!;
          const childPath = join(path, key);
          assertStorableText(key, childPath, where);
          pending.push({ value: child, path: childPath, depth: depth + 1 });
        }
      }
    }
  }
};

/** The global hook: runs after parsing and before validation, for every route. */
const checkRequestText = async (request: FastifyRequest): Promise<void> => {
  assertStorableValue(request.params, 'path');
  assertStorableValue(request.query, 'query');
  const key = request.headers['idempotency-key'];
  if (key !== undefined) assertStorableValue(key, 'header', 'Idempotency-Key');
  // Buffers (a raw body) hold no text of ours; everything else parsed is JSON.
  if (!Buffer.isBuffer(request.body)) assertStorableValue(request.body, 'body');
};

/**
 * Installs the input rules on the root server, before any route is registered: the text rule
 * for every request, and JSON as the only plain body (`text/plain`, which a cross-site form may
 * post without a preflight, is refused with 415 like any other type).
 */
export const registerInputRules = (server: FastifyInstance): void => {
  server.addHook('preValidation', checkRequestText);
  server.removeContentTypeParser('text/plain');
};

/** A multipart form as read by `readForm`: its one file, if any, and its text fields. */
export interface Form {
  readonly file: { readonly fileName: string; readonly content: Buffer } | undefined;
  readonly fields: Record<string, string>;
}

/** The limit errors of @fastify/multipart, which errors.ts maps by their code. */
const isFastifyCoded = (error: unknown): boolean => String((error as { code?: unknown } | null)?.code).startsWith('FST_');

/**
 * Reads a multipart form whole — its file (the route's limits bound it) and its text fields —
 * applying the text rule to every field and to the file's name. A truncated or malformed body
 * (busboy's errors: no boundary, unexpected end, a bad part header; a stream closed early) is
 * refused with MULTIPART_INVALID instead of failing the request.
 * @throws AppError MULTIPART_INVALID, TEXT_INVALID, `fileTooLarge` past the file size limit; the
 *   coded limit errors of @fastify/multipart (mapped in errors.ts)
 */
export const readForm = async (request: FastifyRequest, fileTooLarge: () => AppError): Promise<Form> => {
  let file: Form['file'];
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        assertStorableText(part.filename, 'fileName', 'form');
        file ??= { fileName: part.filename, content };
      } else {
        const value = typeof part.value === 'string' ? part.value : String(part.value);
        assertStorableText(part.fieldname, part.fieldname, 'form');
        assertStorableText(value, part.fieldname, 'form');
        fields[part.fieldname] = value;
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge();
    if (isFastifyCoded(error)) throw error;
    throw new AppError('MULTIPART_INVALID', '上传的表单数据不完整或格式不正确（multipart/form-data），请重新上传', { reason: (error as Error).message });
  }
  return { file, fields };
};

/**
 * One schema per kind of text id, each checked before the database sees it (a record's uuid is
 * `z.uuid()` in every route).
 */
export const ids = {
  /** The text key of a unit (`u-…`), a jurisdiction, an enterprise or a matrix row. */
  key: referenceKey,
  /** A calendar day (`YYYY-MM-DD`, Asia/Shanghai), e.g. a holiday: DATE_INVALID otherwise. */
  day: (label: string) =>
    z.string({ error: `请填写${label}` }).refine(isLocalDate, { error: `${label}应为有效日期（YYYY-MM-DD）`, params: { code: 'DATE_INVALID' } }),
};

/**
 * A PATCH body that must change something: `{}` is refused with "没有要修改的字段".
 */
export const nonEmptyPatch = <T extends z.ZodObject>(schema: T) =>
  schema.refine((patch) => Object.values(patch as Record<string, unknown>).some((value) => value !== undefined), { error: '没有要修改的字段' });
