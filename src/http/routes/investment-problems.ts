import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { namesOf } from '../../cases/case-view.ts';
import { linkPromiseCase, raisePromiseCase, raisePromiseCaseSchema } from '../../investment/raise-promise-case.ts';
import { problemListsQuerySchema, readProblemLists, type ProblemListsQuery } from '../../investment/read-problem-lists.ts';
import { XLSX_CONTENT_TYPE } from '../../io/dispatch-workbook.ts';
import { problemListFileName, problemListWorkbook, responsibilityListFileName, responsibilityListWorkbook } from '../../io/investment-lists-workbook.ts';
import { actorOf, requireActor } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { errorBodySchema } from '../errors.ts';
import { idempotent } from '../idempotency.ts';

const tags = ['招商引资承诺'];
const named = z.object({ id: z.string(), name: z.string() });
const figures = { problems: z.int(), open: z.int(), closed: z.int(), overdue: z.int(), unregistered: z.int().describe('承诺台账中逾期或有瑕疵、尚未立案的') };
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema };
const idempotencyHeader = z.object({ 'idempotency-key': z.string().optional().describe('幂等键：同一键重试返回首次结果') });

/** The filters' names for a workbook's note row. */
const filterNames = async (app: AppContext, query: ProblemListsQuery) => {
  const names = await namesOf(app.db, app.tenantId, query.responsibleUnitId ? [query.responsibleUnitId] : [], query.jurisdictionId ? [query.jurisdictionId] : []);
  return {
    ...(query.jurisdictionId ? { jurisdiction: names.jurisdiction(query.jurisdictionId).name } : {}),
    ...(query.responsibleUnitId ? { unit: names.unit(query.responsibleUnitId).name } : {}),
  };
};

/**
 * S6: 市招商局's 问题清单 and 整改责任清单, live from the cases and the promise register, and their
 * workbooks; and a promise of the register raised as a case of the investment line (登记问题).
 */
export const investmentProblemRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.post(
      '/api/investment/promises/:id/case',
      {
        schema: {
          operationId: 'raisePromiseCase',
          tags,
          summary: '把承诺台账中未兑现的承诺登记为招商引资问题事项（市招商局排查、县市区自查、营商办交办），承诺随即关联该事项',
          headers: idempotencyHeader,
          params: z.object({ id: z.uuid({ error: '承诺编号格式不正确' }) }),
          body: raisePromiseCaseSchema,
          response: { 201: z.object({ id: z.uuid(), number: z.string(), state: z.string() }), ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          const record = await raisePromiseCase(scope, actor, request.params.id, request.body);
          return { status: 201, body: { id: record.id, number: record.number, state: record.state } };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.put(
      '/api/investment/promises/:id/case',
      {
        schema: {
          operationId: 'linkPromiseCase',
          tags,
          summary: '承诺关联已登记的问题事项（同一企业的招商引资问题；市招商局和项目所在县市区）',
          headers: idempotencyHeader,
          params: z.object({ id: z.uuid({ error: '承诺编号格式不正确' }) }),
          body: z.object({ caseId: z.uuid({ error: '问题事项编号格式不正确' }) }),
          response: { 200: z.object({ promiseId: z.uuid(), caseId: z.uuid() }), ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          await linkPromiseCase(scope, actor, request.params.id, request.body.caseId);
          return { status: 200, body: { promiseId: request.params.id, caseId: request.body.caseId } };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/investment/problem-lists',
      {
        schema: {
          operationId: 'readInvestmentProblemLists',
          tags,
          summary: '问题清单和整改责任清单（S6）：招商引资承诺问题，按县市区和责任单位统计；市招商局、营商办、领导看全部，县市区看本辖区',
          querystring: problemListsQuerySchema,
          response: {
            200: z.object({
              asOf: z.string(),
              totals: z.object({ id: z.string(), ...figures }),
              byCounty: z.array(z.object({ id: z.string(), name: z.string(), ...figures })),
              byUnit: z.array(z.object({ id: z.string(), name: z.string(), ...figures })),
              problems: z.array(
                z.looseObject({
                  kind: z.string().describe('case 已登记的问题 · promise 承诺台账中逾期或有瑕疵、尚未立案的承诺'),
                  key: z.string(),
                  case: z.object({ id: z.uuid(), number: z.string() }).nullable(),
                  jurisdiction: named,
                  responsibleUnit: named,
                  promise: z.string(),
                  problem: z.string(),
                  deadline: z.string().nullable(),
                  overdue: z.boolean(),
                }),
              ),
              responsibilities: z.array(z.looseObject({ caseId: z.uuid(), number: z.string(), measures: z.string(), responsibleUnit: named, deadline: z.string().nullable() })),
            }),
            ...errors,
          },
        },
      },
      (request) => readProblemLists(app, actorOf(request), request.query),
    );

    server.get(
      '/api/investment/problem-list.xlsx',
      { schema: { operationId: 'downloadInvestmentProblemList', tags, summary: '下载问题清单工作簿（问题清单、按县市区、按责任单位），筛选同页面', querystring: problemListsQuerySchema, produces: [XLSX_CONTENT_TYPE] } },
      async (request, reply) => {
        const lists = await readProblemLists(app, actorOf(request), request.query);
        const content = await problemListWorkbook(lists, request.query, await filterNames(app, request.query));
        return sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName: problemListFileName(lists.asOf), asciiFileName: `investment-problems-${lists.asOf}.xlsx`, content });
      },
    );

    server.get(
      '/api/investment/responsibility-list.xlsx',
      { schema: { operationId: 'downloadInvestmentResponsibilityList', tags, summary: '下载整改责任清单工作簿，筛选同页面', querystring: problemListsQuerySchema, produces: [XLSX_CONTENT_TYPE] } },
      async (request, reply) => {
        const lists = await readProblemLists(app, actorOf(request), request.query);
        const content = await responsibilityListWorkbook(lists, request.query, await filterNames(app, request.query));
        return sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName: responsibilityListFileName(lists.asOf), asciiFileName: `investment-responsibilities-${lists.asOf}.xlsx`, content });
      },
    );
  };
