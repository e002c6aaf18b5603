import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { assertMayImportLedger, importLedger, ledgerImportTemplate } from '../../cases/import-ledger.ts';
import { AppError } from '../../domain/errors.ts';
import { XLSX_CONTENT_TYPE } from '../../io/intake-import.ts';
import { LEDGER_IMPORT_MAX_BYTES, LEDGER_IMPORT_MAX_ROWS, LEDGER_IMPORT_MAX_TEXT } from '../../io/ledger-import.ts';
import { LEDGER_TEMPLATE_FILE_NAME } from '../../io/ledger-layout.ts';
import { actorOf, requireActor } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { errorBodySchema } from '../errors.ts';
import { readForm } from '../input-rules.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 409: errorBodySchema, 413: errorBodySchema, 422: errorBodySchema };
const tags = ['案件'];

const problemSchema = z
  .object({
    row: z.int().nullable().describe('Excel 中的行号；整个文件的问题为 null'),
    column: z.string().nullable().describe('列名（文件中的表头）'),
    value: z.string().describe('单元格的内容（过长时截断）'),
    message: z.string().describe('问题（中文）'),
    code: z.string().optional(),
  })
  .meta({ id: 'LedgerImportProblem' });

const fileFields = {
  fileName: z.string().describe('文件名'),
  sha256: z.string().describe('文件的 SHA-256（记入每个案件的登记事件）'),
  rows: z.int().describe('表头以下读到的数据行数（不含空行、示例行）'),
  skipped: z.int().describe('此前已导入（同一文件的同一行，或已有案件编号）而跳过的行数'),
};

const previewSchema = z
  .object({
    dryRun: z.literal(true),
    ...fileFields,
    importable: z.int().describe('确认导入时将登记的行数（有问题时为 0）'),
    errors: z.array(problemSchema).describe('全部问题；有问题时确认导入返回 422 IMPORT_INVALID'),
  })
  .meta({ id: 'LedgerImportPreview' });

const resultSchema = z
  .object({
    dryRun: z.literal(false),
    ...fileFields,
    imported: z.int().describe('本次登记的案件数'),
    cases: z.array(z.object({ id: z.uuid(), number: z.string(), row: z.int() })).describe('本次登记的案件（按行序，至多200件）'),
  })
  .meta({ id: 'LedgerImportResult' });

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `台账文件超过${LEDGER_IMPORT_MAX_TEXT}，请拆分后导入`, { field: 'file' });

/** 台账导入: the arrears ledger's template, and the upload (校验, then 确认导入). */
export const ledgerImportRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    await server.register(multipart, { limits: { fileSize: LEDGER_IMPORT_MAX_BYTES, files: 1, fields: 5, parts: 6 } });
    server.addHook('preHandler', requireActor(app));

    server.post(
      '/api/cases/import',
      {
        schema: {
          operationId: 'importLedger',
          tags,
          summary: `导入清理拖欠企业账款台账（multipart/form-data，一个 .xlsx，不超过${LEDGER_IMPORT_MAX_TEXT}、${LEDGER_IMPORT_MAX_ROWS}行；dryRun=true 时仅校验）`,
          description:
            '每行登记为一件清欠案件（来源：台账导入），登记事件记录文件名、SHA-256 和行号。市营商办可导入任何单位的台账，县市区仅本辖区单位，责任单位仅本单位，牵头部门仅分工范围内的单位。dryRun=true 时逐行校验并返回全部问题（行、列、值、问题），不写入；正式导入时任一行有问题则不写入任何数据，返回 422 IMPORT_INVALID（details.errors 同上），否则在一个事务中全部登记。同一文件的同一行、或已有案件编号的行跳过：重复导入不重复登记。格式见 docs/IMPORT.md。',
          consumes: ['multipart/form-data'],
          querystring: z.object({
            dryRun: z.enum(['true', 'false'], { error: 'dryRun 应为 true 或 false' }).optional().describe('true：仅校验，不写入'),
          }),
          response: { 200: z.union([resultSchema, previewSchema]), ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        await assertMayImportLedger(app, actor);
        const { file } = await readForm(request, tooLarge);
        if (file === undefined) throw new AppError('VALIDATION_FAILED', '请选择要导入的 .xlsx 文件', { field: 'file' });
        const upload = { name: file.fileName, content: file.content };
        return request.query.dryRun === 'true' ? importLedger(app, actor, upload, { dryRun: true }) : importLedger(app, actor, upload);
      },
    );

    server.get(
      '/api/cases/import-template.xlsx',
      {
        schema: {
          operationId: 'downloadLedgerImportTemplate',
          tags,
          summary: '下载清理拖欠企业账款台账导入模板（.xlsx：标题、填报单位、填报日期、表头、示例行、下拉选项、填写说明；可导入台账的用户）',
          produces: [XLSX_CONTENT_TYPE, 'application/json'],
          response: { 200: z.any().describe('台账导入模板工作簿'), ...errors },
        },
      },
      async (request, reply) => {
        const content = await ledgerImportTemplate(app, actorOf(request));
        return sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName: LEDGER_TEMPLATE_FILE_NAME, content });
      },
    );
  };
