import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { findDuplicates } from '../../cases/find-duplicates.ts';
import { assertMayImportIntake, importIntake, intakeImportTemplate } from '../../cases/import-intake.ts';
import { intakeQueueQuerySchema, listIntakeQueue, readIntakeQueue, type IntakeQueueItem } from '../../cases/list-intake-queue.ts';
import { previewIntakeSupervisors } from '../../cases/preview-intake-supervisors.ts';
import { CASE_STATES } from '../../domain/case/states.ts';
import { CASE_KINDS } from '../../domain/lines/case-kinds.ts';
import { LINES, SOURCES, type Line } from '../../domain/lines/vocabulary.ts';
import { DEADLINE_STATUSES } from '../../domain/supervision/time-limits.ts';
import { AppError } from '../../domain/errors.ts';
import {
  INTAKE_IMPORT_MAX_BYTES,
  INTAKE_IMPORT_MAX_ROWS,
  INTAKE_IMPORT_MAX_TEXT,
  INTAKE_TEMPLATE_FILE_NAME,
  XLSX_CONTENT_TYPE,
} from '../../io/intake-import.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';
import { readForm } from '../input-rules.ts';
import { sendDownload } from '../downloads.ts';
import { sendOfficialList } from '../list-export.ts';
import { todayInShanghai } from '../../domain/calendar.ts';
import { CASE_KIND_LABEL } from '../../domain/lines/case-kinds.ts';
import { LINE_LABEL, SOURCE_LABEL } from '../../domain/lines/vocabulary.ts';
import { DEADLINE_STATUS_LABEL } from '../../domain/supervision/time-limits.ts';

const fen = (description: string) => z.int().nullable().describe(`${description}（分）`);
const namedUnit = z.object({ id: z.string(), name: z.string() });

const queueItemSchema = z
  .object({
    id: z.uuid(),
    number: z.string().describe('事项编号'),
    line: z.enum(LINES),
    kind: z.enum(CASE_KINDS).nullable().describe('案件类型：retaliation 打击报复投诉（保障中小企业款项支付条例第二十条）；普通事项为 null'),
    source: z.enum(SOURCES).describe('问题来源'),
    externalRef: z.string().nullable().describe('省平台诉求编号（由省中小微企业诉求响应平台导入的诉求）'),
    title: z.string(),
    enterpriseName: z.string().nullable(),
    enterpriseCreditCode: z.string().nullable(),
    responsibleUnitId: z.string().describe('登记时所称的责任单位（欠款单位）'),
    responsibleUnitName: z.string(),
    claimedAmount: fen('企业主张金额'),
    registeredAt: z.string().describe('登记时间（ISO 8601）'),
    deadline: z.string().nullable().describe('受理期限（S1）'),
    deadlineStatus: z.enum(DEADLINE_STATUSES),
    version: z.int().describe('案件版本号，受理、合并或不予受理时作为 expectedVersion'),
    likelyDuplicates: z.int().describe('疑似重复件数：相似度不低于阈值的同一企业、同一责任单位事项'),
    duplicateCandidates: z.int().describe('同一企业、同一责任单位的未办结或近12个月办结事项数'),
    topDuplicateScore: z.number().nullable().describe('最高相似度（0—1）'),
  })
  .meta({ id: 'IntakeQueueItem' });

const duplicateSchema = z
  .object({
    id: z.uuid(),
    number: z.string(),
    title: z.string(),
    state: z.enum(CASE_STATES),
    stateLabel: z.string(),
    claimedAmount: fen('企业主张金额'),
    registeredAt: z.string(),
    closedAt: z.string().nullable(),
    score: z.number().describe('重复可能性（0—1）：事实相似度，双方均有金额时与金额接近程度加权'),
    textSimilarity: z.number().describe('事项名称与基本情况的字符二元组 Dice 相似度（0—1）'),
    amountCloseness: z.number().nullable().describe('金额接近程度：较小额 ÷ 较大额；任一方无金额时为 null'),
    likely: z.boolean().describe('不低于阈值，疑似重复'),
    reasons: z.array(z.string()).describe('判断理由，如：同一企业、同一欠款单位、事实相似度 0.82、金额相同'),
  })
  .meta({ id: 'DuplicateCandidate' });

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

const importErrorSchema = z.object({
  row: z.int().nullable().describe('工作表中的行号；整个文件的问题为 null'),
  column: z.string().nullable().describe('列名'),
  message: z.string(),
  code: z.string().optional().describe('错误代码，如 ACTION_NOT_FOR_LINE（所属行动尚未开放或不接受导入）'),
});

const importResultSchema = z
  .object({
    dryRun: z.literal(false),
    imported: z.int().describe('本次新登记的诉求数'),
    skipped: z.int().describe('此前已导入（诉求编号已登记）而跳过的诉求数'),
    cases: z
      .array(
        z.object({
          id: z.uuid(),
          number: z.string().describe('事项编号'),
          title: z.string(),
          externalRef: z.string().describe('省平台诉求编号'),
          line: z.enum(LINES).describe('登记到的专项行动'),
        }),
      )
      .describe('本次登记的事项，按文件行序'),
    existing: z.array(z.object({ externalRef: z.string(), number: z.string() })).describe('跳过的诉求编号及其已有事项编号'),
  })
  .meta({ id: 'IntakeImportResult' });

const importPreviewSchema = z
  .object({
    dryRun: z.literal(true),
    importable: z.int().describe('将登记的诉求数（未导入过的）'),
    skipped: z.int().describe('此前已导入而将跳过的诉求数'),
    rows: z
      .array(
        z.object({
          row: z.int(),
          externalRef: z.string(),
          title: z.string(),
          enterpriseName: z.string(),
          unitName: z.string().describe('文件中的被反映单位'),
          responsibleUnitName: z.string().nullable().describe('匹配到的责任单位全称'),
          claimedAmount: fen('涉及金额'),
          line: z.enum(LINES).nullable().describe('将登记到的专项行动；无法识别时为 null'),
          lineFrom: z.enum(['choice', 'file', 'default']).describe('专项行动的来由：choice 导入人改选，file 文件“所属行动”列，default 未填按清欠登记'),
          lineText: z.string().describe('文件中“所属行动”单元格的原文'),
          existingNumber: z.string().nullable().describe('此前已导入时的事项编号（将跳过）'),
        }),
      )
      .describe('文件中的诉求，按行序'),
    errors: z.array(importErrorSchema).describe('全部错误；有错误时正式导入返回 422 IMPORT_INVALID'),
    lines: z.array(z.enum(LINES)).describe('可选的专项行动（已开放且接受省平台诉求）'),
  })
  .meta({ id: 'IntakeImportPreview' });

/** The importer's line of each demand, by 诉求编号: the multipart field `lines`, a JSON object. */
const lineChoicesSchema = z.record(z.string().min(1).max(64), z.enum(LINES));

/**
 * The `lines` field of the import form.
 * @throws AppError VALIDATION_FAILED when it is not a JSON object of 诉求编号 → line
 */
const parseLineChoices = (text: string | undefined): Record<string, Line> | undefined => {
  if (text === undefined || text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const parsed = lineChoicesSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', '所属行动的选择格式不正确：应为 { 诉求编号: 专项行动 }，专项行动为 arrears、policy、investment 之一', { field: 'lines' });
  }
  return parsed.data;
};

const importTooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `导入文件超过${INTAKE_IMPORT_MAX_TEXT}，请拆分后导入`, { field: 'file' });

/**
 * The intake import's form: its one .xlsx (at most 5 MB) and its text fields, in any order.
 * @throws AppError VALIDATION_FAILED without a file, PAYLOAD_TOO_LARGE past the limit, MULTIPART_INVALID, TEXT_INVALID
 */
const readImportForm = async (request: FastifyRequest): Promise<{ content: Buffer; fields: Record<string, string> }> => {
  const { file, fields } = await readForm(request, importTooLarge);
  if (file === undefined) throw new AppError('VALIDATION_FAILED', '请选择要导入的 .xlsx 文件', { field: 'file' });
  return { content: file.content, fields };
};

/**
 * The one .xlsx of a multipart request, read whole (at most 5 MB).
 * @throws AppError VALIDATION_FAILED without a file, PAYLOAD_TOO_LARGE past the limit, MULTIPART_INVALID, TEXT_INVALID
 */
export const readImportFile = async (request: FastifyRequest): Promise<Buffer> => (await readImportForm(request)).content;

/** The intake API (S3): 营商办's queue, duplicate candidates and the matrix units an assignment would bring. */
export const intakeRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    // Only the import posts a file; busboy stops reading past the limit.
    await server.register(multipart, { limits: { fileSize: INTAKE_IMPORT_MAX_BYTES, files: 1, fields: 10, parts: 11 } });
    server.addHook('preHandler', requireActor(app));

    server.post(
      '/api/intake/import',
      {
        schema: {
          operationId: 'importIntake',
          tags: ['受理'],
          summary: `导入湖北省中小微企业诉求响应平台的诉求（multipart/form-data，一个 .xlsx，不超过${INTAKE_IMPORT_MAX_TEXT}、${INTAKE_IMPORT_MAX_ROWS}条；市营商办，及牵头省平台诉求的部门即市经信局；dryRun=true 时仅预览）`,
          description:
            '每条诉求登记到其所属的专项行动：表单字段 lines（JSON：{ 诉求编号: arrears | policy | investment }，导入人在预览中的改选）优先，其次为文件“所属行动”（或“诉求类别”）列，未填的按“清理拖欠企业账款”登记（来源：省中小微企业诉求响应平台，待市营商办受理）。dryRun=true 时做全部校验与登记后回滚，返回每条诉求的专项行动及其来由和全部错误（200，不写入）；正式导入时任一行有误则不写入任何数据，返回 422 IMPORT_INVALID，details.errors 为 [{ row, column, message, code? }]，尚未开放的专项行动为行错误 ACTION_NOT_FOR_LINE。按诉求编号幂等：已导入的诉求跳过并计入 skipped。格式见 docs/IMPORT.md。',
          consumes: ['multipart/form-data'],
          querystring: z.object({
            dryRun: z.enum(['true', 'false'], { error: 'dryRun 应为 true 或 false' }).optional().describe('true：仅校验并预览，不写入'),
          }),
          response: { 200: z.union([importResultSchema, importPreviewSchema]), ...errors, 413: errorBodySchema, 422: errorBodySchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        await assertMayImportIntake(app, actor);
        const { content, fields } = await readImportForm(request);
        const lines = parseLineChoices(fields.lines);
        return importIntake(app, actor, content, { dryRun: request.query.dryRun === 'true', ...(lines === undefined ? {} : { lines }) });
      },
    );

    server.get(
      '/api/intake/import-template.xlsx',
      {
        schema: {
          operationId: 'downloadIntakeImportTemplate',
          tags: ['受理'],
          summary: '下载省平台诉求导入模板（.xlsx：表头、一行示例、填写说明；可导入的用户）',
          produces: [XLSX_CONTENT_TYPE, 'application/json'],
          response: { 200: z.any().describe('导入模板工作簿'), ...errors },
        },
      },
      async (request, reply) => {
        const content = await intakeImportTemplate(app, actorOf(request));
        return sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName: INTAKE_TEMPLATE_FILE_NAME, content });
      },
    );

    server.get(
      '/api/intake',
      {
        schema: {
          operationId: 'listIntakeQueue',
          tags: ['受理'],
          summary: '受理台：待市营商办受理交办的外部诉求（先登记者在前），附疑似重复件数；仅市营商办',
          querystring: intakeQueueQuerySchema,
          response: { 200: z.object({ items: z.array(queueItemSchema) }).meta({ id: 'IntakeQueue' }), ...errors },
        },
      },
      (request) => listIntakeQueue(app, actorOf(request), request.query),
    );

    server.get(
      '/api/intake/export.xlsx',
      {
        schema: {
          operationId: 'exportIntakeQueue',
          tags: ['受理'],
          summary: '导出受理台（.xlsx）：与列表相同的筛选与权限，全部待受理诉求；仅市营商办',
          querystring: intakeQueueQuerySchema,
          produces: [XLSX_CONTENT_TYPE, 'application/json'],
          response: { 200: z.any().describe('受理台清单工作簿（流式写出）'), ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const rows = readIntakeQueue(app, actor, request.query);
        return sendOfficialList<IntakeQueueItem>(app, actor, reply, request.log, { fileName: '受理台待受理诉求清单', asciiFileName: 'intake-queue' }, {
          sheetName: '待受理诉求',
          title: '受理台待受理诉求清单',
          filters: request.query.kind === undefined ? undefined : `筛选条件：案件类型 ${CASE_KIND_LABEL[request.query.kind]}`,
          columns: [
            { kind: 'text', header: '事项编号', width: 16, value: (row) => row.number },
            { kind: 'text', header: '事项名称', width: 34, value: (row) => row.title },
            { kind: 'text', header: '专项行动', width: 16, value: (row) => LINE_LABEL[row.line] },
            { kind: 'text', header: '问题来源', width: 16, value: (row) => SOURCE_LABEL[row.source] },
            { kind: 'text', header: '省平台诉求编号', width: 16, value: (row) => row.externalRef },
            { kind: 'text', header: '企业名称', width: 28, value: (row) => row.enterpriseName },
            { kind: 'text', header: '统一社会信用代码', width: 20, value: (row) => row.enterpriseCreditCode },
            { kind: 'text', header: '责任单位', width: 26, value: (row) => row.responsibleUnitName },
            { kind: 'wan', header: '主张金额（万元）', width: 14, fen: (row) => row.claimedAmount },
            { kind: 'text', header: '登记日期', width: 12, value: (row) => todayInShanghai(new Date(row.registeredAt)) },
            { kind: 'text', header: '受理期限', width: 12, value: (row) => row.deadline },
            { kind: 'text', header: '期限状态', width: 10, value: (row) => DEADLINE_STATUS_LABEL[row.deadlineStatus] },
            { kind: 'count', header: '疑似重复（件）', width: 10, value: (row) => row.likelyDuplicates, sum: true },
          ],
          rows,
          empty: '没有待受理的诉求',
        });
      },
    );

    server.get(
      '/api/intake/supervisors',
      {
        schema: {
          operationId: 'previewIntakeSupervisors',
          tags: ['受理'],
          summary: '按责任分工矩阵预览交办后的牵头单位与配合单位（专项行动 + 责任单位的类别与层级）',
          querystring: z.object({
            line: z.enum(LINES, { error: '专项行动类别无效' }).describe('专项行动'),
            responsibleUnitId: z.string().min(1, { error: '请选择责任单位' }).max(100).describe('拟交办的责任单位'),
          }),
          response: {
            200: z.object({ leadUnit: namedUnit.nullable(), cooperatingUnits: z.array(namedUnit) }).meta({ id: 'IntakeSupervisors' }),
            ...errors,
          },
        },
      },
      (request) => previewIntakeSupervisors(app, actorOf(request), request.query.line, request.query.responsibleUnitId),
    );

    server.get(
      '/api/cases/:id/duplicates',
      {
        schema: {
          operationId: 'findDuplicates',
          tags: ['受理'],
          summary: '疑似重复件：同一企业、同一责任单位的未办结或近12个月办结事项，按重复可能性排序（仅列当前用户可见的事项）',
          params: z.object({ id: z.uuid({ error: '案件编号格式不正确' }) }),
          response: {
            200: z
              .object({ threshold: z.number().describe('疑似重复的阈值'), items: z.array(duplicateSchema) })
              .meta({ id: 'DuplicateCandidates' }),
            ...errors,
          },
        },
      },
      (request) => findDuplicates(app, actorOf(request), request.params.id),
    );
  };
