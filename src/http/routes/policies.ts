import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { policyChangeSchema, policyInputSchema } from '../../domain/policy-library/library.ts';
import { publicationInputSchema } from '../../domain/policy-library/publication.ts';
import { changePolicy } from '../../policy-library/change-policy.ts';
import { getPolicy, listPolicies, listPoliciesQuerySchema } from '../../policy-library/read-policies.ts';
import { getPublications } from '../../policy-library/read-publications.ts';
import { recordPolicy } from '../../policy-library/record-policy.ts';
import { recordPublication } from '../../policy-library/record-publication.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';
import { idempotent } from '../idempotency.ts';

const policySchema = z
  .looseObject({
    id: z.uuid(),
    documentNo: z.string().describe('文号'),
    title: z.string(),
    issuerUnitId: z.string(),
    issuerName: z.string().describe('发布部门'),
    level: z.string().describe('city 市级 · county 县市区级 · zone 管委会'),
    jurisdictionName: z.string(),
    packageTag: z.string().nullable().describe('政策包，如“16条”“30条”'),
    publishedOn: z.string(),
    effectiveOn: z.string(),
    expiresOn: z.string().nullable(),
    status: z.string().describe('in_force 现行有效 · revised 已修订 · abolished 已废止'),
    statusLabel: z.string(),
    inForce: z.boolean().describe('今天是否有效（已施行、未到期、未修订或废止）'),
    endedOn: z.string().nullable().describe('修订或废止日期'),
    supersededBy: z.uuid().nullable().describe('修订后的新政策'),
    clauses: z.array(z.looseObject({ id: z.uuid(), article: z.string(), title: z.string(), class: z.string(), classLabel: z.string(), amountText: z.string() })),
    version: z.int().describe('版本号：修改时作为 expectedVersion 提交'),
    canMaintain: z.boolean().describe('当前用户能否维护该政策'),
  })
  .meta({ id: 'BenefitPolicy' });

const policyViewSchema = z
  .looseObject({
    ...policySchema.shape,
    changes: z.array(z.looseObject({ seq: z.int(), kind: z.string(), kindLabel: z.string(), effectiveOn: z.string(), note: z.string().nullable(), actorName: z.string(), at: z.string() })),
  })
  .describe('政策详情：条款及其类别、金额规则、申报条件和材料，以及新增、更新、修订、废止的记录（P7）')
  .meta({ id: 'BenefitPolicyView' });

const publicationKind = z.string().describe('department_site 部门网站首页 · government_site 政府门户网站 · interpretation 政策解读 · consultation_window 咨询专窗 · application_guide 申兑指南');

const publicationsSchema = z
  .object({
    policyId: z.uuid(),
    asOf: z.string().describe('缺失事项的判断日（今天）'),
    inForce: z.boolean(),
    records: z.array(
      z.looseObject({
        id: z.uuid(),
        kind: publicationKind,
        kindLabel: z.string(),
        publishedOn: z.string(),
        link: z.string(),
        guide: z
          .object({ beneficiaries: z.string(), conditions: z.string(), fulfilmentTimeLimit: z.string(), applicationChannel: z.string(), consultationPhone: z.string() })
          .nullable()
          .describe('申兑指南：受益对象、申报条件、兑现时限、申报地点或渠道、咨询电话'),
        recordedBy: z.object({ id: z.string().nullable(), name: z.string() }).describe('登记人；企业看到的是登记单位（id 为 null）'),
        recordedAt: z.string(),
      }),
    ),
    gaps: z
      .array(
        z.object({
          kind: publicationKind,
          kindLabel: z.string(),
          dueOn: z.string().describe('应发布日期：申兑指南为政策发布后第7个工作日，咨询专窗为施行日，其余为政策发布日'),
          overdue: z.boolean().describe('已过应发布日期：每日政策发布检查将其登记为整改事项'),
          raisedCase: z.object({ id: z.uuid(), number: z.string() }).nullable().describe('已为该缺失登记的整改事项'),
        }),
      )
      .nullable()
      .describe('现行有效政策尚缺的发布事项；企业用户不显示（null）'),
    canRecord: z.boolean().describe('当前用户能否登记发布记录'),
  })
  .describe('政策的发布与解读记录及缺失事项（P1 知晓难）')
  .meta({ id: 'PolicyPublications' });

const idParams = z.object({ id: z.uuid({ error: '编号格式不正确' }) });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema };
const idempotencyHeader = z.object({ 'idempotency-key': z.string().optional().describe('幂等键：同一键重试返回首次结果') });
const tags = ['政策库'];

/** The policy library's API (P1, P7): list, read, record, correct, revise and abolish policies; their publication records. */
export const policyRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/policies',
      {
        schema: {
          operationId: 'listPolicies',
          tags,
          summary: '政策库：按状态、政策包、发布部门或关键词查找惠企政策',
          querystring: listPoliciesQuerySchema,
          response: { 200: z.object({ items: z.array(policySchema), truncated: z.boolean() }), ...errors },
        },
      },
      (request) => listPolicies(app, actorOf(request), request.query),
    );

    server.post(
      '/api/policies',
      {
        schema: {
          operationId: 'recordPolicy',
          tags,
          summary: '新增一项惠企政策及其条款（营商办；县市区、管委会维护本辖区部门的；部门维护本部门的）',
          headers: idempotencyHeader,
          body: policyInputSchema,
          response: { 201: policyViewSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          const id = await recordPolicy(scope, actor, request.body);
          return { status: 201, body: await getPolicy(scope, actor, id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/policies/:id',
      {
        schema: { operationId: 'getPolicy', tags, summary: '政策详情（含条款和变更记录）', params: idParams, response: { 200: policyViewSchema, ...errors } },
      },
      (request) => getPolicy(app, actorOf(request), request.params.id),
    );

    server.post(
      '/api/policies/:id/changes',
      {
        schema: {
          operationId: 'changePolicy',
          tags,
          summary: '更新、修订（以新文件替代）或废止一项政策；返回更新后的政策，修订时返回新政策',
          headers: idempotencyHeader,
          params: idParams,
          body: policyChangeSchema,
          response: { 200: policyViewSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          const next = await changePolicy(scope, actor, request.params.id, request.body);
          return { status: 200, body: await getPolicy(scope, actor, next) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/policies/:id/publications',
      {
        schema: {
          operationId: 'listPolicyPublications',
          tags,
          summary: '政策的发布与解读记录（部门网站首页、政府门户网站、解读、咨询专窗、申兑指南）及尚缺事项（P1）',
          params: idParams,
          response: { 200: publicationsSchema, ...errors },
        },
      },
      (request) => getPublications(app, actorOf(request), request.params.id),
    );

    server.post(
      '/api/policies/:id/publications',
      {
        schema: {
          operationId: 'recordPolicyPublication',
          tags,
          summary: '登记一条发布记录：日期和链接，申兑指南另附受益对象、申报条件、兑现时限、申报地点或渠道、咨询电话（维护该政策的单位；营商办）',
          headers: idempotencyHeader,
          params: idParams,
          body: publicationInputSchema,
          response: { 201: publicationsSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          await recordPublication(scope, actor, request.params.id, request.body);
          return { status: 201, body: await getPublications(scope, actor, request.params.id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );
  };
