import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { getCase } from '../../cases/get-case.ts';
import { ledgerSummary, listCases, listCasesQuerySchema } from '../../cases/list-cases.ts';
import { ledgerFilterSchema } from '../../cases/ledger-filter.ts';
import { caseActionResult, performCaseAction } from '../../cases/perform-case-action.ts';
import { registerCase } from '../../cases/register-case.ts';
import { revealCasePersonalData } from '../../cases/reveal-case-personal-data.ts';
import { caseCommandSchema, registerCaseSchema } from '../../domain/case/commands.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';
import { idempotent } from '../idempotency.ts';
import { revealedPhoneSchema, sendRevealedPhone } from '../revealed-phone.ts';

const caseViewSchema = z
  .looseObject({
    id: z.string(),
    number: z.string(),
    state: z.string(),
    version: z.int(),
    availableActions: z.array(z.object({ action: z.string(), label: z.string() })),
    mayRevealPersonalData: z.boolean().describe('当前用户可否查看整改责任人的完整联系电话（查看记入安全审计日志）'),
  })
  .describe('案件详情：事实、金额（分）、还款计划、事件时间线、流程图（Mermaid）、依据条文及当前用户可执行的操作；个人信息（整改责任人电话）脱敏')
  .meta({ id: 'CaseView' });

const caseActionResultSchema = z
  .object({
    id: z.string(),
    number: z.string().describe('案件编号'),
    line: z.string().describe('专项行动'),
    state: z.string().describe('操作后的状态'),
    version: z.int().describe('操作后的版本号：下一次操作的 expectedVersion'),
    deadline: z.string().nullable().describe('操作后的办结时限（YYYY-MM-DD）'),
    supervisionLevel: z.string().nullable().describe('操作后的督办等级'),
    updatedAt: z.string(),
  })
  .describe('操作结果：案件操作后的编号、状态、版本号、时限与督办等级；完整案件详情（时间线、流程、可执行操作）请再 GET /api/cases/{id}')
  .meta({ id: 'CaseActionResult' });

const caseSummarySchema = z
  .looseObject({ id: z.string(), number: z.string(), state: z.string(), deadlineStatus: z.string() })
  .meta({ id: 'CaseSummary' });

const ledgerTotalsSchema = z
  .object({
    claimedAmount: z.number().describe('申报金额合计（分）'),
    confirmedAmount: z.number().describe('确认金额合计（分）'),
    paidAmount: z.number().describe('已付金额合计（分）'),
    outstandingAmount: z.number().describe('未清偿金额合计（分，仅计已确认金额的案件）'),
  })
  .describe('符合筛选条件的全部案件（不限本页）的金额合计')
  .meta({ id: 'LedgerTotals' });

const ledgerSummarySchema = z
  .object({
    total: z.int().describe('符合筛选条件的案件总数（共N条）'),
    totals: ledgerTotalsSchema,
  })
  .meta({ id: 'LedgerSummary' });

const ledgerPageSchema = z.object({
  items: z.array(caseSummarySchema),
  nextCursor: z.string().nullable(),
  total: z.int().optional().describe('符合筛选条件的案件总数（共N条）；totals=omit 时不返回'),
  totals: ledgerTotalsSchema.optional(),
});

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema };
const idempotencyHeader = z.object({
  'idempotency-key': z.string().optional().describe('幂等键：同一键重试返回首次结果'),
});

export const caseRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/cases',
      {
        schema: {
          operationId: 'listCases',
          tags: ['案件'],
          summary:
            '台账：按条件查询案件，返回本页、符合条件的总条数（共N条）及合计行（申报、确认、已付、未清偿金额之和，单位：分；totals=omit 时只返回本页，共N条与合计见 GET /api/cases/summary）。逐页翻页用键集游标 cursor，跳页用 page；未清偿金额区间 outstandingFrom/outstandingTo 以“分”计（整数，50万元填 50000000），日期区间为 YYYY-MM-DD（含当日）',
          querystring: listCasesQuerySchema,
          response: { 200: ledgerPageSchema, ...errors },
        },
      },
      (request) => listCases(app, actorOf(request), request.query),
    );

    server.get(
      '/api/cases/summary',
      {
        schema: {
          operationId: 'summarizeLedger',
          tags: ['案件'],
          summary:
            '台账的共N条与合计行：与 GET /api/cases 相同的筛选条件（不含排序与分页），返回符合条件的案件总数及申报、确认、已付、未清偿金额之和（分）。台账页面每次改变筛选条件读一次，翻页时不再读',
          querystring: ledgerFilterSchema,
          response: { 200: ledgerSummarySchema, ...errors },
        },
      },
      (request) => ledgerSummary(app, actorOf(request), request.query),
    );

    server.post(
      '/api/cases',
      {
        schema: {
          operationId: 'registerCase',
          tags: ['案件'],
          summary: '登记问题事项',
          headers: idempotencyHeader,
          body: registerCaseSchema,
          response: { 201: caseViewSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope, { inTransaction }) => {
          const record = await registerCase(scope, actor, request.body, undefined, { inTransaction });
          return { status: 201, body: await getCase(scope, actor, record.id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/cases/:id',
      {
        schema: {
          operationId: 'getCase',
          tags: ['案件'],
          summary: '案件详情（含可执行操作、事件与流程）',
          params: z.object({ id: z.uuid({ error: '案件编号格式不正确' }) }),
          response: { 200: caseViewSchema, ...errors },
        },
      },
      (request) => getCase(app, actorOf(request), request.params.id),
    );

    server.post(
      '/api/cases/:id/actions',
      {
        schema: {
          operationId: 'performCaseAction',
          tags: ['案件'],
          summary: '对案件执行一个操作（分类、计划、认可、还款、反馈、销号……），返回操作后的状态与版本号',
          params: z.object({ id: z.uuid({ error: '案件编号格式不正确' }) }),
          headers: idempotencyHeader,
          body: caseCommandSchema,
          response: { 200: caseActionResultSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope, { inTransaction }) => {
          const record = await performCaseAction(scope, actor, request.params.id, request.body, { inTransaction });
          return { status: 200, body: caseActionResult(record) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.post(
      '/api/cases/:id/personal-data/reveal',
      {
        schema: {
          operationId: 'revealCasePersonalData',
          tags: ['案件'],
          summary: '查看当前整改方案责任人的完整联系电话（市营商办、责任单位或办理单位、牵头部门、属地统筹人），每次查看记入安全审计日志',
          params: z.object({ id: z.uuid({ error: '案件编号格式不正确' }) }),
          response: { 200: revealedPhoneSchema, ...errors },
        },
      },
      async (request, reply) => sendRevealedPhone(reply, await revealCasePersonalData(app, actorOf(request), request.params.id, { address: request.ip })),
    );
  };
