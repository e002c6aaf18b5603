import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { importRegister, registerImportTemplate, type RegisterImportResult } from '../../investment/import-register.ts';
import { INTAKE_IMPORT_MAX_BYTES, INTAKE_IMPORT_MAX_TEXT, XLSX_CONTENT_TYPE } from '../../io/intake-import.ts';
import { REGISTER_IMPORT_MAX_ROWS, REGISTER_TEMPLATE_FILE_NAME } from '../../io/investment-workbook.ts';
import { WORKBOOK_MAX_UNPACKED_TEXT } from '../../io/workbook-archive.ts';
import { actorOf, requireActor } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { errorBodySchema } from '../errors.ts';
import { idempotent } from '../idempotency.ts';
import { readImportFile } from './intake.ts';

const action = z.string().describe('create 新增 · update 按文件更新 · unchanged 与平台相同，不作改动');
const actionCounts = z.object({ create: z.int(), update: z.int(), unchanged: z.int() });
const importResultSchema = z
  .object({
    dryRun: z.boolean().describe('是否为预览：预览不写入任何数据'),
    counts: z.object({ projects: actionCounts, promises: actionCounts }),
    projects: z.array(
      z.object({
        row: z.int().describe('项目第一行的行号'),
        id: z.uuid().nullable().describe('项目编号；预览中的新项目为 null'),
        action,
        agreementNo: z.string(),
        name: z.string(),
        enterpriseName: z.string(),
        creditCode: z.string(),
        newEnterprise: z.boolean().describe('企业尚未登记，导入时一并登记'),
        signingUnitName: z.string(),
        investmentAmount: z.int().describe('投资额（分）'),
        promises: z.array(
          z.object({
            row: z.int(),
            id: z.uuid().nullable(),
            action,
            clause: z.string(),
            typeLabel: z.string(),
            content: z.string(),
            amount: z.int().nullable().describe('承诺金额（分）'),
            area: z.int().nullable().describe('承诺面积（0.01亩）'),
            dueOn: z.string(),
            responsibleUnitName: z.string(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'InvestmentImportResult' });

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 409: errorBodySchema, 413: errorBodySchema, 422: errorBodySchema };
const tags = ['招商引资承诺'];

/** Something was written: a new or changed project or promise. */
const changed = (result: RegisterImportResult) => result.counts.projects.create + result.counts.projects.update + result.counts.promises.create + result.counts.promises.update > 0;

/** S6: the promise register's workbook import — the template, and the upload with its preview. */
export const investmentImportRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    // Only the import posts a file; busboy stops reading past the limit (the intake import's).
    await server.register(multipart, { limits: { fileSize: INTAKE_IMPORT_MAX_BYTES, files: 1, fields: 10, parts: 11 } });
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/investment/import-template',
      {
        schema: {
          operationId: 'downloadInvestmentImportTemplate',
          tags,
          summary: '下载招商项目与承诺导入模板（.xlsx：“项目与承诺”表的表头和示例、“说明”表；市招商局、县市区）',
          produces: [XLSX_CONTENT_TYPE, 'application/json'],
          response: { 200: z.any().describe('导入模板工作簿'), ...errors },
        },
      },
      async (request, reply) => {
        const content = await registerImportTemplate(app, actorOf(request));
        return sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName: REGISTER_TEMPLATE_FILE_NAME, asciiFileName: 'investment-import-template.xlsx', content });
      },
    );

    server.post(
      '/api/investment/import',
      {
        schema: {
          operationId: 'importInvestmentRegister',
          tags,
          summary: `从 Excel 导入招商项目与承诺（multipart/form-data，一个 .xlsx，不超过${INTAKE_IMPORT_MAX_TEXT}、解压后不超过${WORKBOOK_MAX_UNPACKED_TEXT}，至多${REGISTER_IMPORT_MAX_ROWS}行；dryRun=true 时仅预览）`,
          description:
            '一行一项承诺，项目列在同一项目各行重复。项目按协议编号和企业统一社会信用代码、承诺按项目、条款和承诺内容识别：新的登记，已有的按文件更新，相同的不动，同一文件再次导入不产生变化。任一行有误时不写入任何数据，返回 422 IMPORT_INVALID，details.errors 为 [{ row, column, value, message }]。无误时预览返回将做的改动（200）；正式导入在一个事务中全部写入（有改动 201，无改动 200）。',
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
        const content = await readImportFile(request);
        if (request.query.dryRun === 'true') return reply.status(200).send(await importRegister(app, actor, content, { dryRun: true }));
        // A multipart request has no parsed body: the key's request hash covers the file's digest instead.
        request.body = { fileSha256: createHash('sha256').update(content).digest('hex') };
        const outcome = await idempotent(app, actor, request, async (scope) => {
          const result = await importRegister(scope, actor, content, { dryRun: false });
          return { status: changed(result) ? 201 : 200, body: result };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );
  };
