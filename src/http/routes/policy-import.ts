import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { canMaintainSomePolicy } from '../../domain/policy-library/access.ts';
import { AppError } from '../../domain/errors.ts';
import { INTAKE_IMPORT_MAX_BYTES, INTAKE_IMPORT_MAX_TEXT, XLSX_CONTENT_TYPE } from '../../io/intake-import.ts';
import { POLICY_IMPORT_MAX_CLAUSES, POLICY_IMPORT_MAX_POLICIES, POLICY_TEMPLATE_FILE_NAME } from '../../io/policy-workbook.ts';
import { WORKBOOK_MAX_UNPACKED_TEXT } from '../../io/workbook-archive.ts';
import { importPolicies, policyImportTemplate } from '../../policy-library/import-policies.ts';
import { actorOf, requireActor } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { errorBodySchema } from '../errors.ts';
import { idempotent } from '../idempotency.ts';
import { readImportFile } from './intake.ts';

const importResultSchema = z
  .object({
    dryRun: z.boolean().describe('是否为预览：预览不写入任何数据'),
    imported: z.int().describe('本次登记的政策数；预览时为 0'),
    clauseCount: z.int().describe('文件中的条款总数'),
    policies: z
      .array(
        z.object({
          id: z.uuid().nullable().describe('登记后的政策编号；预览时为 null'),
          row: z.int().describe('“政策”表中的行号'),
          documentNo: z.string().describe('文号'),
          title: z.string(),
          issuerUnitId: z.string(),
          issuerName: z.string().describe('发布部门'),
          packageTag: z.string().nullable(),
          publishedOn: z.string(),
          effectiveOn: z.string(),
          expiresOn: z.string().nullable(),
          clauses: z.array(
            z.object({
              row: z.int().describe('“条款”表中的行号'),
              article: z.string(),
              title: z.string(),
              classLabel: z.string(),
              amountText: z.string().describe('兑现标准，如“按设备投资额的10%，最高200万元”'),
              conditionTexts: z.array(z.string()).describe('申报条件，逐条以文字表述'),
              materials: z.array(z.string()),
              noApplication: z.boolean(),
              fastTrack: z.boolean(),
            }),
          ),
        }),
      )
      .describe('文件中的政策，按行序'),
  })
  .meta({ id: 'PolicyImportResult' });

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 409: errorBodySchema, 413: errorBodySchema, 422: errorBodySchema };
const tags = ['政策库'];

/** The policy library's workbook import (P7): the template, and the upload with its preview. */
export const policyImportRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    // Only the import posts a file; busboy stops reading past the limit (the intake import's).
    await server.register(multipart, { limits: { fileSize: INTAKE_IMPORT_MAX_BYTES, files: 1, fields: 10, parts: 11 } });
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/policies/import-template',
      {
        schema: {
          operationId: 'downloadPolicyImportTemplate',
          tags,
          summary: '下载政策导入模板（.xlsx：“政策”“条款”两表的表头和示例行、“说明”表；维护政策的单位）',
          produces: [XLSX_CONTENT_TYPE, 'application/json'],
          response: { 200: z.any().describe('政策导入模板工作簿'), ...errors },
        },
      },
      async (request, reply) => {
        const content = await policyImportTemplate(app, actorOf(request));
        return sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName: POLICY_TEMPLATE_FILE_NAME, asciiFileName: 'policy-import-template.xlsx', content });
      },
    );

    server.post(
      '/api/policies/import',
      {
        schema: {
          operationId: 'importPolicies',
          tags,
          summary: `从 Excel 导入政策及其条款（multipart/form-data，一个 .xlsx，不超过${INTAKE_IMPORT_MAX_TEXT}、解压后不超过${WORKBOOK_MAX_UNPACKED_TEXT}，至多${POLICY_IMPORT_MAX_POLICIES}项政策、${POLICY_IMPORT_MAX_CLAUSES}个条款；dryRun=true 时仅预览）`,
          description:
            '逐行按新增政策的同一校验规则检查“政策”“条款”两表：文号在文件内和政策库中不得重复，发布部门须为当前用户可维护的本市政府或部门。任一行有误时不写入任何数据，返回 422 IMPORT_INVALID，details.errors 为 [{ sheet, row, column, message }]。无误时预览返回将登记的政策（200）；正式导入在一个事务中全部登记为“新增”（201）。',
          consumes: ['multipart/form-data'],
          headers: z.object({ 'idempotency-key': z.string().optional().describe('幂等键：同一键重试返回首次结果（仅正式导入）') }),
          querystring: z.object({
            dryRun: z.enum(['true', 'false'], { error: 'dryRun 应为 true 或 false' }).optional().describe('true：仅校验并预览，不写入'),
          }),
          response: { 200: importResultSchema, 201: importResultSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        if (!canMaintainSomePolicy(actor)) throw new AppError('FORBIDDEN', '只有维护政策的单位（市营商办、县市区和管委会、政策部门）可以导入政策');
        const content = await readImportFile(request);
        if (request.query.dryRun === 'true') return reply.status(200).send(await importPolicies(app, actor, content, { dryRun: true }));
        // A multipart request has no parsed body: the key's request hash covers the file's digest instead.
        request.body = { fileSha256: createHash('sha256').update(content).digest('hex') };
        const outcome = await idempotent(app, actor, request, async (scope) => ({
          status: 201,
          body: await importPolicies(scope, actor, content, { dryRun: false }),
        }));
        return reply.status(outcome.status).send(outcome.body);
      },
    );
  };
