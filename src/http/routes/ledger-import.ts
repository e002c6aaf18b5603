import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { assertMayImportLedger, DEFAULT_LEDGER_LINE, importLedger, ledgerImportTemplate } from '../../cases/import-ledger.ts';
import { AppError } from '../../domain/errors.ts';
import { XLSX_CONTENT_TYPE } from '../../io/intake-import.ts';
import { CASE_STATE_LABEL } from '../../domain/case/states.ts';
import { CASE_KIND_LABEL } from '../../domain/lines/case-kinds.ts';
import { LINE_LABEL, LINES, SOURCE_LABEL } from '../../domain/lines/vocabulary.ts';
import { formatYuan } from '../../domain/money.ts';
import { LEDGER_IMPORT_MAX_BYTES, LEDGER_IMPORT_MAX_ROWS, LEDGER_IMPORT_MAX_TEXT } from '../../io/ledger-import.ts';
import { LEDGER_LAYOUTS, MIXED_LEDGER_LAYOUT, type LedgerColumnKey, type LedgerLayout } from '../../io/ledger-layout.ts';
import { ledgerExportRows, type LedgerExportRow } from '../../cases/export-ledger.ts';
import { listCasesQuerySchema } from '../../cases/list-cases.ts';
import type { ListColumn } from '../../io/official-list.ts';
import { sendOfficialList } from '../list-export.ts';
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

/** A ledger export's columns: the layout's template columns (序号 is the writer's own), then the case's, as `ledger-layout.ts` defines them. */
const exportColumns = (layout: LedgerLayout): readonly ListColumn<LedgerExportRow>[] =>
  layout.columns
    .filter((column) => column.key !== 'seq')
    .map((column): ListColumn<LedgerExportRow> => {
      const { key, header, width } = column;
      if (key === 'amount' || key === 'paid') return { kind: 'wan', header, width, fen: (row) => row[key] };
      if (key === 'paymentTermDays') return { kind: 'count', header, width, value: (row) => row.paymentTermDays };
      const text = key as Exclude<LedgerColumnKey, 'seq' | 'amount' | 'paid' | 'paymentTermDays'>;
      return { kind: 'text', header, width, value: (row) => row[text] };
    });
const EXPORT_COLUMNS = new Map<LedgerLayout, readonly ListColumn<LedgerExportRow>[]>(
  [...Object.values(LEDGER_LAYOUTS), MIXED_LEDGER_LAYOUT].map((layout) => [layout, exportColumns(layout)]),
);

/** The line whose ledger a request names (`?line=`), the arrears line when it names none. */
const lineQuerySchema = z
  .enum(LINES, { error: '专项行动无效，应为 arrears、policy、investment 或 integrity' })
  .optional()
  .describe(`台账所属专项行动：${LINES.map((line) => `${line} ${LINE_LABEL[line]}`).join('，')}；不填为 ${DEFAULT_LEDGER_LINE}（兼容）`);

/** The ledger's query without its page: every row the filters select. */
const exportQuerySchema = listCasesQuerySchema.omit({ limit: true, cursor: true, page: true, totals: true });

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `台账文件超过${LEDGER_IMPORT_MAX_TEXT}，请拆分后导入`, { field: 'file' });

/** 台账导入: each line's ledger template, the upload (校验, then 确认导入), and the ledger's export. */
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
          summary: `导入专项行动台账（multipart/form-data，一个 .xlsx，不超过${LEDGER_IMPORT_MAX_TEXT}、${LEDGER_IMPORT_MAX_ROWS}行；line 选专项行动，默认清理拖欠企业账款；dryRun=true 时仅校验）`,
          description:
            '按 line 所选专项行动的台账版式读取（清理拖欠企业账款、惠企政策兑现、招商引资政策兑现、政府守信践诺各有其列），每行登记为该专项行动的一件案件（来源：台账导入），登记事件记录文件名、SHA-256 和行号。市营商办可导入任何单位的台账，县市区仅本辖区单位，责任单位仅本单位，牵头部门仅分工范围内的单位。dryRun=true 时逐行校验并返回全部问题（行、列、值、问题），不写入；正式导入时任一行有问题则不写入任何数据，返回 422 IMPORT_INVALID（details.errors 同上），否则在一个事务中全部登记。同一文件的同一行、或已有案件编号的行跳过：重复导入不重复登记。格式见 docs/IMPORT.md。',
          consumes: ['multipart/form-data'],
          querystring: z.object({
            dryRun: z.enum(['true', 'false'], { error: 'dryRun 应为 true 或 false' }).optional().describe('true：仅校验，不写入'),
            line: lineQuerySchema,
          }),
          response: { 200: z.union([resultSchema, previewSchema]), ...errors },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const line = request.query.line ?? DEFAULT_LEDGER_LINE;
        await assertMayImportLedger(app, actor, line);
        const { file } = await readForm(request, tooLarge);
        if (file === undefined) throw new AppError('VALIDATION_FAILED', '请选择要导入的 .xlsx 文件', { field: 'file' });
        const upload = { name: file.fileName, content: file.content };
        return request.query.dryRun === 'true' ? importLedger(app, actor, upload, { dryRun: true, line }) : importLedger(app, actor, upload, { line });
      },
    );

    server.get(
      '/api/cases/export.xlsx',
      {
        schema: {
          operationId: 'exportCases',
          tags,
          summary:
            '导出台账（.xlsx）：与台账列表 GET /api/cases 相同的筛选、可见范围与排序，不限条数，流式写出；筛选一个专项行动（line）时版式同该专项行动的台账导入模板，否则为各专项行动共有的列加“专项行动”列（金额以万元计，末行合计），附案件编号、办理状态、已支付金额，可修改后再导入（已有案件编号的行跳过）',
          querystring: exportQuerySchema,
          produces: [XLSX_CONTENT_TYPE, 'application/json'],
          response: { 200: z.any().describe('台账工作簿（流式写出）'), ...errors },
        },
      },
      (request, reply) => {
        const actor = actorOf(request);
        const query = request.query;
        const filters = [
          query.line === undefined ? null : `专项行动 ${LINE_LABEL[query.line]}`,
          query.state === undefined ? null : `状态 ${CASE_STATE_LABEL[query.state]}`,
          query.states === undefined ? null : `状态 ${query.states.map((state) => CASE_STATE_LABEL[state]).join('、')}`,
          query.jurisdiction === undefined ? null : `地区编号 ${query.jurisdiction}`,
          query.responsibleUnit === undefined ? null : `责任单位编号 ${query.responsibleUnit}`,
          query.overdue === true ? '逾期' : null,
          query.open === true ? '未办结' : null,
          query.overdueByLaw === true ? '依法逾期' : null,
          query.yearEndRisk === true ? '年底清偿风险' : null,
          query.kind === undefined ? null : `案件类型 ${CASE_KIND_LABEL[query.kind]}`,
          query.source === undefined ? null : `问题来源 ${SOURCE_LABEL[query.source]}`,
          query.registeredFrom === undefined && query.registeredTo === undefined ? null : `登记日期 ${query.registeredFrom ?? '…'} 至 ${query.registeredTo ?? '…'}`,
          query.deadlineFrom === undefined && query.deadlineTo === undefined ? null : `办理期限 ${query.deadlineFrom ?? '…'} 至 ${query.deadlineTo ?? '…'}`,
          query.outstandingFrom === undefined && query.outstandingTo === undefined
            ? null
            : `未清偿 ${query.outstandingFrom === undefined ? '…' : formatYuan(query.outstandingFrom)} 至 ${query.outstandingTo === undefined ? '…' : formatYuan(query.outstandingTo)}`,
          query.q ? `查找“${query.q}”` : null,
        ].filter((part): part is string => part !== null);
        // One line: that line's ledger; several: the columns they share, with 专项行动.
        const layout = query.line === undefined ? MIXED_LEDGER_LAYOUT : LEDGER_LAYOUTS[query.line];
        return sendOfficialList<LedgerExportRow>(app, actor, reply, request.log, { fileName: layout.title, asciiFileName: layout.asciiName }, {
          sheetName: layout.sheetName,
          title: layout.title,
          filters: filters.length === 0 ? undefined : `筛选条件：${filters.join('，')}`,
          columns: EXPORT_COLUMNS.get(layout)!,
          rows: ledgerExportRows(app, actor, query),
          empty: '没有符合条件的案件',
        });
      },
    );

    server.get(
      '/api/cases/import-template.xlsx',
      {
        schema: {
          operationId: 'downloadLedgerImportTemplate',
          tags,
          summary: '下载专项行动台账导入模板（line 选专项行动，默认清理拖欠企业账款；.xlsx：标题、填报单位、填报日期、表头、示例行、下拉选项、填写说明；可导入该专项行动台账的用户）',
          querystring: z.object({ line: lineQuerySchema }),
          produces: [XLSX_CONTENT_TYPE, 'application/json'],
          response: { 200: z.any().describe('台账导入模板工作簿'), ...errors },
        },
      },
      async (request, reply) => {
        const line = request.query.line ?? DEFAULT_LEDGER_LINE;
        const content = await ledgerImportTemplate(app, actorOf(request), line);
        return sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName: LEDGER_LAYOUTS[line].templateFileName, content });
      },
    );
  };
