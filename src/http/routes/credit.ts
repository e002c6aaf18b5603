import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { createCreditExport } from '../../credit/create-credit-export.ts';
import { getCreditProposal } from '../../credit/get-credit-proposal.ts';
import { getCreditRecord } from '../../credit/get-credit-record.ts';
import { listBreachCandidates } from '../../credit/list-breach-candidates.ts';
import { listCreditRecords, listCreditRecordsQuerySchema, readCreditRecords, type CreditRecordExportRow } from '../../credit/list-credit-records.ts';
import { CREDIT_STATUS_LABEL, CREDIT_UNIT_KIND_LABEL } from '../../domain/credit/states.ts';
import { XLSX_CONTENT_TYPE } from '../../io/official-list.ts';
import { sendOfficialList } from '../list-export.ts';
import { todayInShanghai } from '../../domain/calendar.ts';
import { performCreditAction } from '../../credit/perform-credit-action.ts';
import { getCreditExportFile, listCreditExports } from '../../credit/read-credit-exports.ts';
import { orderRectification } from '../../credit/order-rectification.ts';
import { proposeBreach } from '../../credit/propose-breach.ts';
import { creditCommandSchema, creditProposalSchema, orderRectificationSchema } from '../../domain/credit/commands.ts';
import { CREDIT_STATUSES, EXPORT_CHANGES, RECORDED_UNIT_KINDS, REFUSAL_GROUNDS } from '../../domain/credit/states.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';
import { idempotent } from '../idempotency.ts';
import { sendDownload } from '../downloads.ts';

const summaryShape = {
  id: z.uuid(),
  number: z.string().describe('记录编号，如 XY2026-0001'),
  status: z
    .enum(CREDIT_STATUSES)
    .describe('ordered 责令整改中 · rectified 已整改 · refused 拒不整改 · recorded 已认定 · objected 异议中 · revoked 已撤销 · repaired 已修复'),
  statusLabel: z.string(),
  unitId: z.string(),
  unitName: z.string().describe('主体名称（认定时）'),
  unitCreditCode: z.string().describe('统一社会信用代码（认定时）'),
  unitKind: z.enum(RECORDED_UNIT_KINDS).describe('主体类型；新记录只针对机关和事业单位，soe 仅见于此前认定的记录'),
  caseId: z.uuid().nullable(),
  caseNumber: z.string().nullable().describe('关联事项编号'),
  breachOn: z.string().nullable().describe('认定日期；认定前为 null'),
  facts: z.string().describe('失信行为事实'),
  basis: z.string().describe('认定依据'),
  orderDocumentNumber: z.string().nullable().describe('责令整改文号'),
  orderedOn: z.string().nullable().describe('责令整改日期'),
  rectificationDeadline: z.string().nullable().describe('整改期限'),
  rectifiedOn: z.string().nullable().describe('整改完成日期'),
  refusalGround: z.enum(REFUSAL_GROUNDS).nullable().describe('拒不整改的认定：lapse 逾期未整改 · written 书面拒绝整改'),
  refusedOn: z.string().nullable().describe('记录拒不整改的日期'),
  exportedChange: z.enum(EXPORT_CHANGES).nullable().describe('最近一次报送的状态：新增、撤销、修复；未报送为 null'),
  repairPending: z.boolean().describe('有待审核的信用修复申请'),
  version: z.int().describe('版本号：操作时作为 expectedVersion 提交'),
};

const summarySchema = z.looseObject(summaryShape).meta({ id: 'CreditRecordSummary' });

const viewSchema = z
  .looseObject({
    ...summaryShape,
    history: z.array(z.looseObject({ seq: z.int(), type: z.string(), statusAfter: z.enum(CREDIT_STATUSES), actorName: z.string(), at: z.string() })),
    availableActions: z.array(z.object({ action: z.string(), label: z.string() })).describe('当前用户可执行的操作'),
  })
  .describe('失信记录详情：事实、依据、责令整改及其结果、异议与修复、变更历史及当前用户可执行的操作')
  .meta({ id: 'CreditRecordView' });

const batchSchema = z
  .object({
    id: z.uuid(),
    number: z.string().describe('数据批次号，如 BS2026-0001'),
    createdBy: z.string(),
    createdByName: z.string(),
    createdAt: z.string(),
    recordCount: z.int().describe('记录条数'),
    fileName: z.string(),
    contentType: z.string(),
    sha256: z.string().describe('报送文件的 SHA-256（十六进制）'),
  })
  .meta({ id: 'CreditExportBatch' });

const candidatesSchema = z
  .object({
    today: z.string(),
    defaultDeadline: z.string().describe('默认整改期限：今天起15个工作日'),
    units: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.string(),
        creditCode: z.string().nullable(),
        jurisdictionName: z.string(),
        cases: z.array(
          z.looseObject({
            id: z.string(),
            number: z.string(),
            title: z.string(),
            deadline: z.string().nullable(),
            suggestedBasis: z.string().describe('按事项类型建议的认定依据'),
            proposal: z
              .object({ facts: z.string(), proposedBy: z.string(), unitName: z.string().describe('提请单位'), proposedAt: z.string() })
              .nullable()
              .describe('营商办或牵头部门的提请（提请认定失信）；提请的事项排在前面'),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'BreachCandidates' });

const proposalSchema = z
  .object({
    caseId: z.uuid(),
    canPropose: z.boolean().describe('当前用户现在可以提请信用办认定失信'),
    reason: z.string().nullable().describe('不能提请的原因'),
    suggestedFacts: z.string().nullable().describe('可提请时，据事项生成的失信事实草稿'),
    proposal: z
      .object({
        id: z.uuid(),
        facts: z.string(),
        proposedBy: z.string(),
        unitName: z.string().describe('提请单位'),
        proposedAt: z.string(),
        creditRecordId: z.uuid().nullable().describe('据此认定的失信记录；信用办尚未认定为 null'),
        creditRecordNumber: z.string().nullable(),
        creditRecordStatus: z.enum(CREDIT_STATUSES).nullable().describe('据此开启的失信记录的状态'),
      })
      .nullable()
      .describe('该事项最近一次提请（仅提请人、信用办和领导可见）'),
  })
  .meta({ id: 'CreditProposal' });

const idParams = z.object({ id: z.uuid({ error: '编号格式不正确' }) });
const caseParams = z.object({ id: z.uuid({ error: '案件编号格式不正确' }) });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema };
const idempotencyHeader = z.object({
  'idempotency-key': z.string().optional().describe('幂等键：同一键重试返回首次结果'),
});
const tags = ['失信记录'];

/**
 * The credit API (S4): proposals (提请认定), breach records from the order to rectify (责令整改)
 * through its outcome and the determination (认定) to objection and repair, batches for the
 * national platform.
 */
export const creditRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/credit/records',
      {
        schema: {
          operationId: 'listCreditRecords',
          tags,
          summary: '失信记录列表（信用办、营商办、领导看全部；单位看本单位；县市区统筹人看辖区单位）',
          querystring: listCreditRecordsQuerySchema,
          response: {
            200: z.object({
              items: z.array(summarySchema),
              truncated: z.boolean(),
              byStatus: z.record(z.enum(CREDIT_STATUSES), z.int()).describe('当前用户可见的全部记录按状态计数（不受筛选影响）'),
            }),
            ...errors,
          },
        },
      },
      (request) => listCreditRecords(app, actorOf(request), request.query),
    );

    server.get(
      '/api/credit/records/export.xlsx',
      {
        schema: {
          operationId: 'exportCreditRecords',
          tags,
          summary: '导出失信记录（.xlsx）：与列表相同的筛选与可见范围，不限条数',
          querystring: listCreditRecordsQuerySchema,
          produces: [XLSX_CONTENT_TYPE, 'application/json'],
          response: { 200: z.any().describe('失信记录清单工作簿（流式写出）'), ...errors },
        },
      },
      (request, reply) => {
        const actor = actorOf(request);
        const { status, unit, q } = request.query;
        const filters = [status === undefined ? null : `状态 ${CREDIT_STATUS_LABEL[status]}`, unit === undefined ? null : `单位编号 ${unit}`, q ? `查找“${q}”` : null].filter(
          (part): part is string => part !== null,
        );
        return sendOfficialList<CreditRecordExportRow>(app, actor, reply, request.log, { fileName: '违约失信记录清单', asciiFileName: 'credit-records' }, {
          sheetName: '违约失信记录',
          title: '政府机构违约失信记录清单',
          filters: filters.length === 0 ? undefined : `筛选条件：${filters.join('，')}`,
          columns: [
            { kind: 'text', header: '记录编号', width: 18, value: (row) => row.number },
            { kind: 'text', header: '失信主体', width: 28, value: (row) => row.unitName },
            { kind: 'text', header: '统一社会信用代码', width: 20, value: (row) => row.unitCreditCode },
            { kind: 'text', header: '主体类别', width: 12, value: (row) => CREDIT_UNIT_KIND_LABEL[row.unitKind] },
            { kind: 'text', header: '关联事项编号', width: 16, value: (row) => row.caseNumber },
            { kind: 'text', header: '失信行为发生日期', width: 14, value: (row) => row.breachOn },
            { kind: 'text', header: '失信事实', width: 40, value: (row) => row.facts },
            { kind: 'text', header: '认定依据', width: 30, value: (row) => row.basis },
            { kind: 'text', header: '整改期限', width: 12, value: (row) => row.rectificationDeadline },
            { kind: 'text', header: '状态', width: 10, value: (row) => row.statusLabel },
            { kind: 'wan', header: '未清偿金额（万元）', width: 14, fen: (row) => row.outstandingAmount },
            { kind: 'text', header: '记录单位', width: 16, value: (row) => row.recordingUnitName },
            { kind: 'text', header: '记录日期', width: 12, value: (row) => todayInShanghai(new Date(row.recordedAt)) },
          ],
          rows: readCreditRecords(app, actor, request.query),
          empty: '没有符合条件的失信记录',
        });
      },
    );

    server.post(
      '/api/credit/records',
      {
        schema: {
          operationId: 'orderCreditRectification',
          tags,
          summary: '责令整改（市信用办）：据逾期或被督办的事项责令机关、事业单位限期整改，开启一条违约失信记录（发改财金〔2023〕1103号）',
          headers: idempotencyHeader,
          body: orderRectificationSchema,
          response: { 201: viewSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          const id = await orderRectification(scope, actor, request.body);
          return { status: 201, body: await getCreditRecord(scope, actor, id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/credit/records/:id',
      {
        schema: {
          operationId: 'getCreditRecord',
          tags,
          summary: '失信记录详情（含变更历史与可执行操作）',
          params: idParams,
          response: { 200: viewSchema, ...errors },
        },
      },
      (request) => getCreditRecord(app, actorOf(request), request.params.id),
    );

    server.post(
      '/api/credit/records/:id/actions',
      {
        schema: {
          operationId: 'performCreditAction',
          tags,
          summary: '对失信记录执行一个操作：记录整改完成、记录拒不整改、认定失信（市信用办），提出异议、申请信用修复（单位），处理异议、审核信用修复（市信用办）',
          params: idParams,
          headers: idempotencyHeader,
          body: creditCommandSchema,
          response: { 200: viewSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          await performCreditAction(scope, actor, request.params.id, request.body);
          return { status: 200, body: await getCreditRecord(scope, actor, request.params.id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/credit/candidates',
      {
        schema: {
          operationId: 'listBreachCandidates',
          tags,
          summary: '可责令整改的机关、事业单位及其逾期或被督办的事项，及默认整改期限（市信用办责令整改时选择）',
          response: { 200: candidatesSchema, ...errors },
        },
      },
      (request) => listBreachCandidates(app, actorOf(request)),
    );

    server.get(
      '/api/cases/:id/credit-proposal',
      {
        schema: {
          operationId: 'getCreditProposal',
          tags,
          summary: '事项的提请信用认定：当前用户能否提请、事实草稿及最近一次提请',
          params: caseParams,
          response: { 200: proposalSchema, ...errors },
        },
      },
      (request) => getCreditProposal(app, actorOf(request), request.params.id),
    );

    server.post(
      '/api/cases/:id/credit-proposal',
      {
        schema: {
          operationId: 'proposeCreditBreach',
          tags,
          summary: '提请信用办认定失信（市营商办或事项的牵头部门；招商引资事项须合法合规且可履行或预算有限而未兑现，并已逾期或被催办、督办、通报）',
          params: caseParams,
          headers: idempotencyHeader,
          body: creditProposalSchema,
          response: { 201: proposalSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          await proposeBreach(scope, actor, request.params.id, request.body);
          return { status: 201, body: await getCreditProposal(scope, actor, request.params.id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.post(
      '/api/credit/exports',
      {
        schema: {
          operationId: 'createCreditExport',
          tags,
          summary: '生成报送全国信用信息共享平台的下一批次（自上一批次以来新增、撤销、修复的记录）；没有变更时返回 409',
          headers: idempotencyHeader,
          response: { 201: batchSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => ({ status: 201, body: await createCreditExport(scope, actor) }));
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/credit/exports',
      {
        schema: {
          operationId: 'listCreditExports',
          tags,
          summary: '已生成的报送批次（新的在前）',
          response: { 200: z.object({ items: z.array(batchSchema) }), ...errors },
        },
      },
      async (request) => ({ items: await listCreditExports(app, actorOf(request)) }),
    );

    server.get(
      '/api/credit/exports/:id/file',
      {
        schema: {
          operationId: 'downloadCreditExport',
          tags,
          summary: '下载报送文件（UTF-8 CSV，与生成时逐字节相同；X-Content-SHA256 为其哈希）',
          params: idParams,
          produces: ['text/csv', 'application/json'],
          response: { 200: z.any().describe('CSV 文件（格式见 docs/CREDIT-EXPORT.md）'), ...errors },
        },
      },
      async (request, reply) => {
        const file = await getCreditExportFile(app, actorOf(request), request.params.id);
        return sendDownload(reply, file);
      },
    );
  };
