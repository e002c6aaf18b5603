import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { getAcceptanceReceipt, getCaseHandlingForm } from '../../cases/get-case-documents.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';
import { sendDownload } from '../downloads.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const params = z.object({ id: z.uuid({ error: '案件编号格式不正确' }) });

/** A case's printable documents (.docx), made on request from what the reader may see of the case. */
export const caseDocumentRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/cases/:id/handling-form.docx',
      {
        schema: {
          operationId: 'downloadCaseHandlingForm',
          tags: ['案件'],
          summary: '下载案件办理单（Word；已销号的为销号审批表）：可查看该案件的工作人员',
          params,
          produces: [DOCX, 'application/json'],
          response: { 200: z.any().describe('案件办理单 .docx'), ...errors },
        },
      },
      async (request, reply) => {
        const file = await getCaseHandlingForm(app, actorOf(request), request.params.id);
        return sendDownload(reply, { contentType: DOCX, fileName: file.fileName, asciiFileName: 'case-handling-form.docx', content: file.content });
      },
    );

    server.get(
      '/api/cases/:id/acceptance-receipt.docx',
      {
        schema: {
          operationId: 'downloadAcceptanceReceipt',
          tags: ['案件'],
          summary: '下载受理回执（Word）：已受理案件的企业本身及可查看该案件的工作人员；未受理的答 409 CASE_NOT_ACCEPTED',
          params,
          produces: [DOCX, 'application/json'],
          response: { 200: z.any().describe('受理回执 .docx'), ...errors },
        },
      },
      async (request, reply) => {
        const file = await getAcceptanceReceipt(app, actorOf(request), request.params.id);
        return sendDownload(reply, { contentType: DOCX, fileName: file.fileName, asciiFileName: 'acceptance-receipt.docx', content: file.content });
      },
    );
  };
