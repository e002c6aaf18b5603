import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { getAttachment } from '../../attachments/get-attachment.ts';
import { uploadAttachment } from '../../attachments/upload-attachment.ts';
import { ATTACHMENT_ACCEPT, ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_TEXT, UPLOAD_BYTES_PER_DAY_TEXT, UPLOADS_PER_MINUTE } from '../../domain/attachments.ts';
import { AppError } from '../../domain/errors.ts';
import { actorOf, requireActor } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { errorBodySchema } from '../errors.ts';
import { readForm } from '../input-rules.ts';

const uploadedSchema = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.int().describe('字节数'),
    sha256: z.string().describe('文件内容的 SHA-256（十六进制）'),
  })
  .meta({ id: 'Attachment' });

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 413: errorBodySchema, 415: errorBodySchema };

/** The one file of a multipart request, read whole (it is at most 10 MB). */
const readFile = async (request: FastifyRequest) => {
  const { file } = await readForm(request, () => new AppError('ATTACHMENT_TOO_LARGE', `文件超过${ATTACHMENT_MAX_TEXT}，请压缩或拆分后上传`, { field: 'file' }));
  if (file === undefined) throw new AppError('VALIDATION_FAILED', '请选择要上传的文件', { field: 'file' });
  return file;
};

export const attachmentRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    // Here only: every other route takes JSON alone. Busboy stops reading past the limit.
    await server.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 10, parts: 11 } });
    server.addHook('preHandler', requireActor(app));

    server.post(
      '/api/attachments',
      {
        schema: {
          operationId: 'uploadAttachment',
          tags: ['附件'],
          summary: `上传附件（multipart/form-data，一个文件，不超过${ATTACHMENT_MAX_TEXT}，限 ${ATTACHMENT_ACCEPT}；每个账号每分钟至多${UPLOADS_PER_MINUTE}个、24小时内至多${UPLOAD_BYTES_PER_DAY_TEXT}，超出返回 429 UPLOAD_QUOTA_EXCEEDED）；登记、书面反馈、企业认可或不认可、登记付款、放弃逾期利息、达成协议、录入判决、确认兑现、依法变更并补偿时引用其 id，24小时内未被引用的附件自动删除`,
          consumes: ['multipart/form-data'],
          response: { 201: uploadedSchema, ...errors, 429: errorBodySchema },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const uploaded = await uploadAttachment(app, actor, await readFile(request));
        return reply.status(201).send(uploaded);
      },
    );

    server.get(
      '/api/attachments/:id',
      {
        schema: {
          operationId: 'downloadAttachment',
          tags: ['附件'],
          summary: '下载附件（上传者本人，或有权查看其所属案件的用户）',
          params: z.object({ id: z.uuid({ error: '附件编号格式不正确' }) }),
          produces: ['application/octet-stream', 'application/json'],
          response: { 200: z.any().describe('文件内容；Content-Type 为文件类型，Content-Disposition 带文件名'), ...errors },
        },
      },
      async (request, reply) => {
        const file = await getAttachment(app, actorOf(request), request.params.id);
        return sendDownload(reply, file);
      },
    );
  };
