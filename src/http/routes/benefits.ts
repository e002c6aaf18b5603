import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { referenceKey } from '../../domain/case/fields.ts';
import type { AppContext } from '../../app-context.ts';
import { actOnApplication } from '../../benefits/act-on-application.ts';
import { getApplication, getMaterialLibrary, listApplications, listApplicationsQuerySchema } from '../../benefits/read-applications.ts';
import { submitApplication } from '../../benefits/submit-application.ts';
import { applicationCommandSchema, submitApplicationSchema } from '../../domain/benefits/application.ts';
import { disbursementLimitsSchema } from '../../domain/benefits/disbursement.ts';
import { loadDisbursementLimits, saveDisbursementLimits } from '../../benefits/disbursement-settings.ts';
import { benefitEvaluation, evaluationQuerySchema, packageFocus, packageQuerySchema } from '../../benefits/read-evaluation.ts';
import { fundsQuerySchema, readFunds } from '../../benefits/read-funds.ts';
import { namesOf } from '../../cases/case-view.ts';
import { evaluationWorkbook, evaluationWorkbookFileName } from '../../io/evaluation-workbook.ts';
import { fundsWorkbook, fundsWorkbookFileName } from '../../io/funds-workbook.ts';
import { XLSX_CONTENT_TYPE } from '../../io/dispatch-workbook.ts';
import { listWindowServices, listWindowServicesQuerySchema, recordWindowService } from '../../benefits/window-services.ts';
import { windowServiceSchema } from '../../domain/benefits/window-service.ts';
import { actorOf, requireActor } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { errorBodySchema } from '../errors.ts';
import { idempotent } from '../idempotency.ts';

const attachmentRef = z.object({ id: z.uuid(), fileName: z.string(), sha256: z.string(), size: z.int() });

const summaryShape = {
  id: z.uuid(),
  enterpriseUnitId: z.string(),
  enterpriseName: z.string(),
  policyId: z.uuid(),
  documentNo: z.string(),
  policyTitle: z.string(),
  packageTag: z.string().nullable(),
  clauseId: z.uuid(),
  handlingUnitId: z.string(),
  handlingUnitName: z.string().describe('审核部门（政策制定部门）'),
  channel: z.string().describe('portal 网上申报 · window 窗口代办 · automatic 免申即享'),
  channelLabel: z.string(),
  state: z.string().describe('submitted 审核中 · supplement_requested 待补正 · approved 已核准待拨付 · refused 未予通过 · disbursed 已兑现'),
  stateLabel: z.string(),
  statusText: z.string().describe('告诉企业的办理情况'),
  approvedAmount: z.int().nullable().describe('核准金额（分）'),
  disbursedAmount: z.int().describe('已拨付（分）'),
  submittedOn: z.string(),
  decidedOn: z.string().nullable(),
  disbursedOn: z.string().nullable().describe('全部兑现的日期'),
  version: z.int().describe('版本号：办理时作为 expectedVersion 提交'),
  dueOn: z.string().describe('核准资金应拨付到位的日期（自申报之日起的工作日时限，P5）'),
  late: z.boolean().describe('已核准资金逾期未拨付到位'),
  slowCase: z.object({ id: z.uuid(), number: z.string() }).nullable().describe('扫描登记的“资金拨付缓慢”问题事项'),
};

const applicationSchema = z
  .looseObject({
    ...summaryShape,
    clause: z.looseObject({ id: z.uuid(), article: z.string(), title: z.string(), amountText: z.string(), materials: z.array(z.string()) }),
    missing: z.array(z.string()).describe('要求补正的材料'),
    materials: z.array(z.object({ name: z.string(), attachment: attachmentRef })),
    budgetSource: z.string().nullable(),
    actions: z.array(z.string()).describe('当前用户现在可以办理的操作'),
    events: z.array(z.looseObject({ seq: z.int(), type: z.string(), label: z.string(), actorName: z.string(), at: z.string() })),
  })
  .describe('一项政策兑现申报：条款、材料、办理记录和当前可办理的操作')
  .meta({ id: 'BenefitApplication' });

const idParams = z.object({ id: z.uuid({ error: '申报编号格式不正确' }) });
const unitParams = z.object({ id: referenceKey('企业') });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema };
const idempotencyHeader = z.object({ 'idempotency-key': z.string().optional().describe('幂等键：同一键重试返回首次结果') });
const tags = ['政策兑现'];

/** The packages P5 names for focus (重点调度): their funds are followed by department and county. */
export const FOCUS_PACKAGES = ['16条', '30条'] as const;

/** 兑现专窗 (P2, P5): applications and 免申即享 items, their review, and the funds paid out. */
export const benefitRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/benefit-applications',
      {
        schema: {
          operationId: 'listBenefitApplications',
          tags,
          summary: '政策兑现申报：企业看本企业的，部门看本部门审核的，财政部门、营商办和领导看全部',
          querystring: listApplicationsQuerySchema,
          response: { 200: z.object({ items: z.array(z.looseObject(summaryShape)), truncated: z.boolean() }), ...errors },
        },
      },
      (request) => listApplications(app, actorOf(request), request.query),
    );

    server.post(
      '/api/benefit-applications',
      {
        schema: {
          operationId: 'submitBenefitApplication',
          tags,
          summary: '申报一个条款（企业网上申报；市营商办、县市区窗口代办），须符合条件并提供条款所列材料',
          headers: idempotencyHeader,
          body: submitApplicationSchema,
          response: { 201: applicationSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          const id = await submitApplication(scope, actor, request.body);
          return { status: 201, body: await getApplication(scope, actor, id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/benefit-applications/:id',
      { schema: { operationId: 'getBenefitApplication', tags, summary: '一项申报的详情和办理记录', params: idParams, response: { 200: applicationSchema, ...errors } } },
      (request) => getApplication(app, actorOf(request), request.params.id),
    );

    server.post(
      '/api/benefit-applications/:id/actions',
      {
        schema: {
          operationId: 'actOnBenefitApplication',
          tags,
          summary: '办理申报：要求补正、补正材料、核准（金额）、不予通过（理由）、登记拨付（日期、金额、凭证）',
          headers: idempotencyHeader,
          params: idParams,
          body: applicationCommandSchema,
          response: { 200: applicationSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          await actOnApplication(scope, actor, request.params.id, request.body);
          return { status: 200, body: await getApplication(scope, actor, request.params.id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    const figures = {
      enterprises: z.int().describe('惠及企业数'),
      applications: z.int().describe('申报及免申即享事项数'),
      approved: z.int(),
      refused: z.int(),
      approvalRate: z.number().nullable().describe('核准 ÷（核准 + 未予通过）'),
      // Totals: exact up to 2^53 − 1 分, the nearest float64 beyond (money.ts, FenTotal).
      approvedAmount: z.number().describe('核准金额（分）'),
      disbursedAmount: z.number().describe('已拨付（分）'),
      outstandingAmount: z.number().describe('待拨付（分）'),
      late: z.int().describe('逾期未拨付事项数'),
      lateAmount: z.number().describe('逾期未拨付金额（分）'),
      medianWorkingDays: z.number().nullable().describe('申报到兑付的工作日中位数'),
    };

    server.get(
      '/api/benefit-evaluation',
      {
        schema: {
          operationId: 'getBenefitEvaluation',
          tags,
          summary: '政策评估（P6）：当年发布政策的惠及企业、申报、通过率、核准和拨付金额、兑付时长中位数、未办结问题，按政策和按部门',
          querystring: evaluationQuerySchema,
          response: {
            200: z.looseObject({
              year: z.int(),
              asOf: z.string(),
              policies: z.array(z.looseObject({ policyId: z.uuid(), documentNo: z.string(), title: z.string(), openProblems: z.int(), ...figures })),
              departments: z.array(z.looseObject({ unitId: z.string(), name: z.string(), policies: z.int(), openProblems: z.int(), ...figures })),
              total: z.looseObject({ policies: z.int(), openProblems: z.int(), ...figures }),
            }),
            ...errors,
          },
        },
      },
      (request) => benefitEvaluation(app, actorOf(request), request.query),
    );

    server.get(
      '/api/benefit-evaluation.xlsx',
      {
        schema: {
          operationId: 'downloadBenefitEvaluation',
          tags,
          summary: '下载政策评估工作簿：按政策、按部门，以及“16条”“30条”按部门、按属地',
          querystring: evaluationQuerySchema,
          produces: [XLSX_CONTENT_TYPE],
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const evaluation = await benefitEvaluation(app, actor, request.query);
        const packages = await Promise.all(FOCUS_PACKAGES.map((tag) => packageFocus(app, actor, tag)));
        const content = await evaluationWorkbook(evaluation, packages);
        return sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName: evaluationWorkbookFileName(evaluation.year, evaluation.asOf), asciiFileName: `benefit-evaluation-${evaluation.year}.xlsx`, content });
      },
    );

    const group = z.looseObject({ id: z.string(), name: z.string(), ...figures });
    server.get(
      '/api/benefit-packages',
      {
        schema: {
          operationId: 'getBenefitPackage',
          tags,
          summary: '重点政策包资金兑现（P5）：“16条”“30条”的核准、拨付、待拨付和逾期，按部门和按属地',
          querystring: packageQuerySchema,
          response: { 200: z.looseObject({ packageTag: z.string(), asOf: z.string(), policies: z.int(), byDepartment: z.array(group), byCounty: z.array(group), total: z.looseObject(figures) }), ...errors },
        },
      },
      (request) => packageFocus(app, actorOf(request), request.query.packageTag),
    );

    const fundsFigures = {
      count: z.int().describe('笔数'),
      // Totals: exact up to 2^53 − 1 分, the nearest float64 beyond (money.ts, FenTotal).
      approved: z.number().describe('核准金额（分）'),
      disbursed: z.number().describe('已拨付（分）'),
      outstanding: z.number().describe('待拨付（分）'),
      lateCount: z.int().describe('逾期未拨付笔数'),
    };
    server.get(
      '/api/benefit-funds',
      {
        schema: {
          operationId: 'listBenefitFunds',
          tags,
          summary: '资金拨付（P5，财政局牵头）：已核准未拨付到位的政策兑现资金，逾期的在前，含合计和按部门；财政部门、营商办和领导看全部，部门看本部门的，县市区看本辖区的',
          querystring: fundsQuerySchema,
          response: {
            200: z.object({
              asOf: z.string().describe('统计日'),
              totals: z.object({ ...fundsFigures, lateOutstanding: z.number().describe('逾期未拨付金额（分）') }),
              byDepartment: z.array(z.object({ handlingUnitId: z.string(), handlingUnitName: z.string(), ...fundsFigures })),
              items: z.array(
                z.looseObject({
                  ...summaryShape,
                  approvedAmount: z.int().describe('核准金额（分）'),
                  outstanding: z.int().describe('待拨付（分）'),
                  workingDaysLate: z.int().nullable().describe('逾期的工作日数；未逾期为 null'),
                  mayDisburse: z.boolean().describe('当前用户可以登记拨付'),
                }),
              ),
              truncated: z.boolean().describe('事项超过上限只列出一部分（合计和按部门仍计全部）'),
              packageTags: z.array(z.string()).describe('政策库中的政策包，供筛选'),
            }),
            ...errors,
          },
        },
      },
      (request) => readFunds(app, actorOf(request), request.query),
    );

    server.get(
      '/api/benefit-funds.xlsx',
      {
        schema: {
          operationId: 'downloadBenefitFunds',
          tags,
          summary: '下载资金拨付工作簿：待拨付资金（逐笔，含合计）和按部门，筛选条件同列表',
          querystring: fundsQuerySchema,
          produces: [XLSX_CONTENT_TYPE],
        },
      },
      async (request, reply) => {
        const funds = await readFunds(app, actorOf(request), request.query, { limit: Number.POSITIVE_INFINITY });
        const { handlingUnitId, jurisdictionId } = request.query;
        const names = await namesOf(app.db, app.tenantId, handlingUnitId ? [handlingUnitId] : [], jurisdictionId ? [jurisdictionId] : []);
        const content = await fundsWorkbook(funds, request.query, {
          ...(handlingUnitId ? { handlingUnit: names.unit(handlingUnitId).name } : {}),
          ...(jurisdictionId ? { jurisdiction: names.jurisdiction(jurisdictionId).name } : {}),
        });
        return sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName: fundsWorkbookFileName(funds.asOf), asciiFileName: `benefit-funds-${funds.asOf}.xlsx`, content });
      },
    );

    const windowService = z.looseObject({
      id: z.uuid(),
      kind: z.string().describe('consultation 政策咨询 · coaching 申报辅导'),
      kindLabel: z.string(),
      channel: z.string().describe('counter 窗口 · phone 电话 · online 网上'),
      channelLabel: z.string(),
      enterpriseName: z.string(),
      policy: z.string().nullable(),
      question: z.string(),
      answer: z.string(),
      servedByName: z.string(),
      servedAt: z.string(),
    });

    server.get(
      '/api/window-services',
      {
        schema: {
          operationId: 'listWindowServices',
          tags,
          summary: '窗口咨询和申报辅导记录（市营商办、领导看全部，县市区看本窗口和本辖区企业的，企业看自己的）',
          querystring: listWindowServicesQuerySchema,
          response: { 200: z.object({ items: z.array(windowService) }), ...errors },
        },
      },
      (request) => listWindowServices(app, actorOf(request), request.query),
    );

    server.post(
      '/api/window-services',
      {
        schema: {
          operationId: 'recordWindowService',
          tags,
          summary: '登记一次政策咨询或申报辅导（政务服务窗口：市营商办、县市区）',
          headers: idempotencyHeader,
          body: windowServiceSchema,
          response: { 201: z.object({ id: z.uuid() }), ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => ({ status: 201, body: { id: await recordWindowService(scope, actor, request.body) } }));
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/benefit-settings',
      {
        schema: {
          operationId: 'getBenefitSettings',
          tags,
          summary: '惠企资金拨付时限：快申快享条款与其他条款自申报之日起的工作日数（P5）',
          response: { 200: disbursementLimitsSchema, ...errors },
        },
      },
      () => loadDisbursementLimits(app.db, app.tenantId),
    );

    server.put(
      '/api/benefit-settings',
      {
        schema: {
          operationId: 'saveBenefitSettings',
          tags,
          summary: '设置惠企资金拨付时限（市营商办）；逾期未拨付的由每日扫描登记为“资金拨付缓慢”问题事项',
          body: disbursementLimitsSchema,
          response: { 200: disbursementLimitsSchema, ...errors },
        },
      },
      (request) => saveDisbursementLimits(app, actorOf(request), request.body),
    );

    server.get(
      '/api/enterprises/:id/materials',
      {
        schema: {
          operationId: 'getEnterpriseMaterials',
          tags,
          summary: '企业已提交过的申报材料（每种材料最近一次的文件），再次申报时直接复用',
          params: unitParams,
          response: { 200: z.object({ items: z.array(z.object({ name: z.string(), attachment: attachmentRef })) }), ...errors },
        },
      },
      (request) => getMaterialLibrary(app, actorOf(request), request.params.id),
    );
  };
