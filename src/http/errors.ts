import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isUniqueViolation } from '../db/db-errors.ts';
import { ATTACHMENT_MAX_TEXT } from '../domain/attachments.ts';
import { AppError, ERROR_STATUS, isAppError, type ErrorCode } from '../domain/errors.ts';
import { MONEY_MAX_FEN } from '../domain/money.ts';

/** The one error body of the API: a stable code, a Chinese message, details for the form. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('稳定的错误代码，如 CASE_NOT_IN_STATE'),
      message: z.string().describe('中文错误信息'),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .meta({ id: 'Error' });

/** Fastify's own failures (and @fastify/multipart's), in the platform's codes. */
const fromFastify = (error: FastifyError): AppError | null => {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', '请求体须为 JSON（Content-Type: application/json）');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', '请求体过大');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('VALIDATION_FAILED', '请求声明了 JSON（Content-Type: application/json）却没有请求体：无请求体时请不要发送 Content-Type');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('VALIDATION_FAILED', '请求体不是有效的 JSON');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('VALIDATION_FAILED', '请求体长度与 Content-Length 不符');
    case 'FST_ERR_BAD_URL':
      return new AppError('VALIDATION_FAILED', '网址格式不正确（含有无效的百分号编码）');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('URI_TOO_LONG', '网址中的参数过长');
    // @fastify/multipart, for uploads.
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('ATTACHMENT_TOO_LARGE', `文件超过${ATTACHMENT_MAX_TEXT}，请压缩或拆分后上传`, { field: 'file' });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 方式上传文件');
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('VALIDATION_FAILED', '一次只能上传一个文件', { field: 'file' });
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new AppError('MULTIPART_INVALID', '上传的表单字段不正确');
    default:
      break;
  }
  // Any other client error of the framework keeps its status class, in the platform's shape.
  switch (error.statusCode) {
    case 404:
      return new AppError('NOT_FOUND', '请求的资源不存在');
    case 408:
      return new AppError('REQUEST_TIMEOUT', '请求超时');
    case 413:
      return new AppError('PAYLOAD_TOO_LARGE', '请求体过大');
    case 414:
      return new AppError('URI_TOO_LONG', '网址过长');
    case 415:
      return new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的请求体类型');
    case 429:
      return new AppError('RATE_LIMITED', '请求过于频繁，请稍后再试');
    case 431:
      return new AppError('HEADERS_TOO_LARGE', '请求头过大');
    default:
      break;
  }
  if (error.validation !== undefined) return new AppError('VALIDATION_FAILED', '请求参数不正确');
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return new AppError('VALIDATION_FAILED', '请求参数不正确');
  return null;
};

type Issue = { readonly instancePath: string; readonly message?: string; readonly keyword: string; readonly params: Record<string, unknown> };

/** A code a schema names for its own refinement (`refine(…, { params: { code: 'DATE_INVALID' } })`), when it is a 400. */
const namedCode = (issue: Issue): ErrorCode | null => {
  const code = (issue.params.params as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code in ERROR_STATUS && ERROR_STATUS[code as ErrorCode] === 400 ? (code as ErrorCode) : null;
};

/**
 * zod's issues as `{ field, message }`, under VALIDATION_FAILED, or under the code the first
 * issue's schema names: AMOUNT_INVALID for a whole number of 分 above MONEY_MAX_FEN (a `too_big`
 * at that maximum; a number that is no safe integer at all stays VALIDATION_FAILED), or the code
 * of a refinement's `params.code` (e.g. DATE_INVALID).
 */
const fromValidation = (validation: readonly Issue[]): AppError => {
  const issues = validation.map((issue) => ({
    field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
    message: issue.message ?? '取值无效',
    code: namedCode(issue),
    overCeiling: issue.keyword === 'too_big' && issue.params.maximum === MONEY_MAX_FEN,
  }));
  const overCeiling = issues.find((issue) => issue.overCeiling && !issues.some((other) => other.field === issue.field && !other.overCeiling));
  const first = overCeiling ?? issues[0];
  const code: ErrorCode = overCeiling ? 'AMOUNT_INVALID' : (first?.code ?? 'VALIDATION_FAILED');
  return new AppError(code, first?.message ?? '请求参数不正确', {
    field: first?.field,
    issues: issues.map(({ field, message }) => ({ field, message })),
  });
};

/** Maps every error to `{ error: { code, message, details } }` with its HTTP status. */
export const errorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
  let appError: AppError;
  if (isAppError(error)) {
    appError = error;
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    appError = fromValidation(error.validation);
  } else if (isUniqueViolation(error)) {
    // Use cases check uniqueness first; two requests at once can both pass that check.
    appError = new AppError('DUPLICATE', '与已有数据重复（可能刚被他人保存），请刷新后重试');
  } else {
    appError = fromFastify(error) ?? new AppError('INTERNAL', '服务器内部错误，请稍后重试或联系系统管理员');
  }
  if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'request failed');
  return reply.status(appError.status).send({ error: { code: appError.code, message: appError.message, details: appError.details } });
};

/**
 * The router's own refusals (a bad percent-encoding, a path parameter past `maxParamLength`),
 * for Fastify's `frameworkErrors` option: the same shape as every other error.
 */
export const frameworkErrorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => errorHandler(error, request, reply);

const CLIENT_ERRORS: Record<string, AppError> = {
  HPE_HEADER_OVERFLOW: new AppError('HEADERS_TOO_LARGE', '请求头或网址过长'),
  ERR_HTTP_REQUEST_TIMEOUT: new AppError('REQUEST_TIMEOUT', '请求超时'),
};

/**
 * What Node's HTTP parser refuses before Fastify sees a request (a malformed request line or
 * header, headers or a URL past the size limit, a timeout), for Fastify's `clientErrorHandler`
 * option: answered in the platform's shape, and the connection closed.
 */
export function clientErrorHandler(this: FastifyInstance | undefined, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const appError = CLIENT_ERRORS[error.code ?? ''] ?? new AppError('VALIDATION_FAILED', '请求格式不正确');
  const body = JSON.stringify({ error: { code: appError.code, message: appError.message, details: {} } });
  this?.log.debug({ err: error }, 'client error');
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  } else {
    socket.destroy(error);
  }
}
