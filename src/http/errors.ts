import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ATTACHMENT_MAX_TEXT } from '../domain/attachments.ts';
import { AppError, isAppError } from '../domain/errors.ts';

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

/** Fastify's own failures, in the platform's codes. */
const fromFastify = (error: FastifyError): AppError | null => {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', '请求体须为 JSON（Content-Type: application/json）');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', '请求体过大');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('VALIDATION_FAILED', '请求体不是有效的 JSON');
    // @fastify/multipart, for uploads.
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('ATTACHMENT_TOO_LARGE', `文件超过${ATTACHMENT_MAX_TEXT}，请压缩或拆分后上传`, { field: 'file' });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 方式上传文件');
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('VALIDATION_FAILED', '一次只能上传一个文件', { field: 'file' });
    default:
      break;
  }
  if (error.statusCode === 429) return new AppError('RATE_LIMITED', '请求过于频繁，请稍后再试');
  if (error.validation !== undefined || error.statusCode === 400) return new AppError('VALIDATION_FAILED', '请求参数不正确');
  return null;
};

/** Maps every error to `{ error: { code, message, details } }` with its HTTP status. */
export const errorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
  let appError: AppError;
  if (isAppError(error)) {
    appError = error;
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((issue) => ({
      field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      message: issue.message ?? '取值无效',
    }));
    const first = issues[0];
    appError = new AppError('VALIDATION_FAILED', first?.message ?? '请求参数不正确', { field: first?.field, issues });
  } else {
    appError = fromFastify(error) ?? new AppError('INTERNAL', '服务器内部错误，请稍后重试或联系系统管理员');
  }
  if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'request failed');
  return reply.status(appError.status).send({ error: { code: appError.code, message: appError.message, details: appError.details } });
};
