import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { fulfilmentInputSchema, legalityReviewInputSchema, projectEditSchema, projectInputSchema, promiseEditSchema, promiseInputSchema } from '../../domain/investment/register.ts';
import { addPromise } from '../../investment/add-promise.ts';
import { editProject } from '../../investment/edit-project.ts';
import { editPromise } from '../../investment/edit-promise.ts';
import { getProject, getPromise, listProjects, listProjectsQuerySchema, trackPromises, trackPromisesQuerySchema } from '../../investment/read-register.ts';
import { recordFulfilment } from '../../investment/record-fulfilment.ts';
import { recordProject } from '../../investment/record-project.ts';
import { reviewLegality } from '../../investment/review-legality.ts';
import { XLSX_CONTENT_TYPE } from '../../io/dispatch-workbook.ts';
import { promiseTrackingFileName, promiseTrackingWorkbook } from '../../io/promise-tracking-workbook.ts';
import { namesOf } from '../../cases/case-view.ts';
import { actorOf, requireActor } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { errorBodySchema } from '../errors.ts';
import { idempotent } from '../idempotency.ts';

const named = z.object({ id: z.string(), name: z.string() });
const statusText = 'overdue 逾期未兑现 · partly_kept 部分兑现 · due 待兑现 · kept 已兑现';
const statusTotals = z.object({ all: z.int(), overdue: z.int(), partly_kept: z.int(), due: z.int(), kept: z.int() });
const legality = z
  .object({
    legality: z.string().describe('compliant 合法合规 · flawed 有瑕疵'),
    label: z.string(),
    reason: z.string().nullable(),
    reviewedOn: z.string(),
    reviewerName: z.string(),
    reviewerUnitName: z.string().nullable(),
  })
  .describe('合法性审查结论（最近一次）');

const promiseShape = {
  id: z.uuid(),
  projectId: z.uuid(),
  project: z.looseObject({ id: z.uuid(), name: z.string(), agreementNo: z.string(), enterpriseName: z.string(), signingUnitName: z.string(), jurisdiction: named }),
  type: z.string().describe('policy 优惠政策 · funds 资金 · land 土地 · other 其他资源'),
  typeLabel: z.string(),
  clause: z.string().describe('协议条款'),
  content: z.string(),
  amount: z.int().nullable().describe('承诺金额（分）'),
  area: z.int().nullable().describe('承诺面积（0.01亩）'),
  dueOn: z.string().describe('兑现期限'),
  conditions: z.string().nullable().describe('企业应满足的条件'),
  responsibleUnit: named.describe('履约责任单位'),
  case: z.object({ id: z.uuid(), number: z.string() }).nullable().describe('就该承诺登记的问题事项'),
  version: z.int().describe('版本号：修改时作为 expectedVersion 提交'),
  status: z.string().describe(statusText),
  statusLabel: z.string(),
  daysOverdue: z.int().nullable().describe('逾期的自然日数'),
  outstandingAmount: z.int().nullable().describe('尚未兑现的金额（分）'),
  outstandingArea: z.int().nullable().describe('尚未兑现的面积（0.01亩）'),
  keptOn: z.string().nullable().describe('兑现完毕的日期'),
  delivered: z.object({ amount: z.int(), area: z.int(), records: z.int() }).describe('已兑现：金额（分）、面积（0.01亩）、履约记录数'),
  legality: legality.nullable().describe('合法性审查结论；未审查或企业用户为 null'),
  mayEdit: z.boolean(),
  mayFulfil: z.boolean().describe('当前用户可以登记履约记录'),
  mayReview: z.boolean().describe('当前用户可以进行合法性审查'),
};

const promiseDetailSchema = z
  .looseObject({
    ...promiseShape,
    fulfilments: z.array(
      z.looseObject({
        seq: z.int(),
        deliveredOn: z.string(),
        amount: z.int().nullable(),
        area: z.int().nullable(),
        description: z.string(),
        voucher: z.string().nullable(),
        completes: z.boolean(),
        recordedByName: z.string().describe('登记人；企业看到的是登记单位'),
        recordedAt: z.string(),
      }),
    ),
    reviews: z.array(z.looseObject({ seq: z.int(), ...legality.shape, recordedAt: z.string() })).describe('合法性审查记录，按时间先后'),
  })
  .describe('一项承诺：条款、金额或面积、期限、责任单位，兑现状态，履约记录和合法性审查记录')
  .meta({ id: 'InvestmentPromise' });

const projectShape = {
  id: z.uuid(),
  name: z.string(),
  agreementName: z.string(),
  agreementNo: z.string(),
  enterprise: z.object({ unitId: z.string(), name: z.string(), creditCode: z.string() }),
  signingUnit: named.describe('签约主体'),
  jurisdiction: named.describe('属地（签约主体的属地）'),
  signedOn: z.string(),
  investmentAmount: z.int().describe('投资额（分）'),
  milestones: z.array(z.object({ name: z.string(), plannedOn: z.string(), doneOn: z.string().optional() })),
  version: z.int().describe('版本号：修改时作为 expectedVersion 提交'),
  status: z.string().describe(`按承诺：${statusText}`),
  statusLabel: z.string(),
  totals: statusTotals.describe('各状态的承诺数'),
  // Totals: exact up to 2^53 − 1 分, the nearest float64 beyond (money.ts, FenTotal).
  promisedAmount: z.number().describe('承诺金额合计（分）'),
  deliveredAmount: z.number().describe('已兑现金额合计（分）'),
  mayEdit: z.boolean(),
};

const projectViewSchema = z
  .looseObject({
    ...projectShape,
    clauses: z.string().nullable().describe('协议条款'),
    createdByName: z.string().describe('登记人；企业看到的是登记单位'),
    createdAt: z.string(),
    updatedByName: z.string().nullable().describe('最后修改人；企业不可见（null）'),
    updatedAt: z.string(),
    mayAddPromise: z.boolean(),
    promises: z.array(promiseDetailSchema),
  })
  .describe('招商项目及其承诺事项（当前用户可见的）')
  .meta({ id: 'InvestmentProject' });

const trackingSchema = z
  .object({
    asOf: z.string().describe('判断逾期的日期（今天）'),
    totals: statusTotals.extend({ flawed: z.int().describe('有瑕疵') }).describe('除状态外其他筛选条件下各状态的承诺数'),
    items: z.array(z.looseObject(promiseShape)),
    truncated: z.boolean(),
  })
  .meta({ id: 'PromiseTracking' });

const idParams = z.object({ id: z.uuid({ error: '编号格式不正确' }) });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema };
const idempotencyHeader = z.object({ 'idempotency-key': z.string().optional().describe('幂等键：同一键重试返回首次结果') });
const tags = ['招商引资承诺'];

/** S6: the investment line's promise register — projects, promises, deliveries, legality reviews, and the tracking list. */
export const investmentRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/investment/projects',
      {
        schema: {
          operationId: 'listInvestmentProjects',
          tags,
          summary: '招商项目：营商办、领导、市招商局看全部，县市区看本辖区的，责任单位看有本单位承诺的，企业看自己的',
          querystring: listProjectsQuerySchema,
          response: { 200: z.object({ items: z.array(z.looseObject(projectShape)), truncated: z.boolean(), mayRecord: z.boolean().describe('当前用户可以登记项目') }), ...errors },
        },
      },
      (request) => listProjects(app, actorOf(request), request.query),
    );

    server.post(
      '/api/investment/projects',
      {
        schema: {
          operationId: 'recordInvestmentProject',
          tags,
          summary: '登记招商项目（市招商局；县市区、管委会登记本辖区签约的）：企业按统一社会信用代码查找或登记',
          headers: idempotencyHeader,
          body: projectInputSchema,
          response: { 201: projectViewSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          const id = await recordProject(scope, actor, request.body);
          return { status: 201, body: await getProject(scope, actor, id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/investment/projects/:id',
      { schema: { operationId: 'getInvestmentProject', tags, summary: '招商项目详情及其承诺、履约记录和合法性审查', params: idParams, response: { 200: projectViewSchema, ...errors } } },
      (request) => getProject(app, actorOf(request), request.params.id),
    );

    server.put(
      '/api/investment/projects/:id',
      {
        schema: {
          operationId: 'editInvestmentProject',
          tags,
          summary: '修改招商项目（附 expectedVersion）',
          headers: idempotencyHeader,
          params: idParams,
          body: projectEditSchema,
          response: { 200: projectViewSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          await editProject(scope, actor, request.params.id, request.body);
          return { status: 200, body: await getProject(scope, actor, request.params.id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.post(
      '/api/investment/projects/:id/promises',
      {
        schema: {
          operationId: 'addInvestmentPromise',
          tags,
          summary: '登记项目中的一项承诺：类型、条款、内容、金额或面积、兑现期限、企业应满足的条件、履约责任单位',
          headers: idempotencyHeader,
          params: idParams,
          body: promiseInputSchema,
          response: { 201: promiseDetailSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          const id = await addPromise(scope, actor, request.params.id, request.body);
          return { status: 201, body: await getPromise(scope, actor, id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/investment/promises',
      {
        schema: {
          operationId: 'trackInvestmentPromises',
          tags,
          summary: '承诺兑现跟踪：逾期的在前、再按兑现期限，含各状态合计；可按状态、类型、属地、责任单位、合法性（flawed 有瑕疵）、期限筛选',
          querystring: trackPromisesQuerySchema,
          response: { 200: trackingSchema, ...errors },
        },
      },
      (request) => trackPromises(app, actorOf(request), request.query),
    );

    server.get(
      '/api/investment/promises.xlsx',
      {
        schema: {
          operationId: 'downloadInvestmentPromises',
          tags,
          summary: '下载承诺兑现跟踪表（.xlsx：逐项承诺和按状态合计），筛选条件同列表',
          querystring: trackPromisesQuerySchema,
          produces: [XLSX_CONTENT_TYPE],
        },
      },
      async (request, reply) => {
        const tracking = await trackPromises(app, actorOf(request), request.query, { limit: Number.POSITIVE_INFINITY });
        const { jurisdictionId, responsibleUnitId } = request.query;
        const names = await namesOf(app.db, app.tenantId, responsibleUnitId ? [responsibleUnitId] : [], jurisdictionId ? [jurisdictionId] : []);
        const content = await promiseTrackingWorkbook(tracking, request.query, {
          ...(jurisdictionId ? { jurisdiction: names.jurisdiction(jurisdictionId).name } : {}),
          ...(responsibleUnitId ? { responsibleUnit: names.unit(responsibleUnitId).name } : {}),
        });
        return sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName: promiseTrackingFileName(tracking.asOf), asciiFileName: `investment-promises-${tracking.asOf}.xlsx`, content });
      },
    );

    server.get(
      '/api/investment/promises/:id',
      { schema: { operationId: 'getInvestmentPromise', tags, summary: '一项承诺及其履约记录和合法性审查', params: idParams, response: { 200: promiseDetailSchema, ...errors } } },
      (request) => getPromise(app, actorOf(request), request.params.id),
    );

    server.put(
      '/api/investment/promises/:id',
      {
        schema: {
          operationId: 'editInvestmentPromise',
          tags,
          summary: '修改一项承诺（附 expectedVersion）；承诺金额和面积不得少于已兑现的',
          headers: idempotencyHeader,
          params: idParams,
          body: promiseEditSchema,
          response: { 200: promiseDetailSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          await editPromise(scope, actor, request.params.id, request.body);
          return { status: 200, body: await getPromise(scope, actor, request.params.id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.post(
      '/api/investment/promises/:id/fulfilments',
      {
        schema: {
          operationId: 'recordInvestmentFulfilment',
          tags,
          summary: '登记履约记录：兑现日期、金额和/或面积、内容、凭证（履约责任单位、市招商局、县市区）；累计不得超过承诺',
          headers: idempotencyHeader,
          params: idParams,
          body: fulfilmentInputSchema,
          response: { 201: promiseDetailSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          await recordFulfilment(scope, actor, request.params.id, request.body);
          return { status: 201, body: await getPromise(scope, actor, request.params.id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.post(
      '/api/investment/promises/:id/reviews',
      {
        schema: {
          operationId: 'reviewInvestmentPromise',
          tags,
          summary: '合法性审查：合法合规或有瑕疵（写明理由），审查人为当前用户及其单位（市招商局、县市区）；保留历次审查，以最近一次为准',
          headers: idempotencyHeader,
          params: idParams,
          body: legalityReviewInputSchema,
          response: { 201: promiseDetailSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          await reviewLegality(scope, actor, request.params.id, request.body);
          return { status: 201, body: await getPromise(scope, actor, request.params.id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );
  };
