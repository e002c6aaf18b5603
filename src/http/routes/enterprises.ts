import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { referenceKey } from '../../domain/case/fields.ts';
import type { AppContext } from '../../app-context.ts';
import { saveProfileSchema } from '../../domain/enterprises/profile.ts';
import { getEnterprise, listEnterprises, listEnterprisesQuerySchema, matchEnterprise } from '../../enterprises/read-enterprises.ts';
import { saveProfile } from '../../enterprises/save-profile.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';
import { idempotent } from '../idempotency.ts';

const profileSchema = z.looseObject({
  industryCode: z.string().describe('国民经济行业分类代码'),
  employees: z.int(),
  annualRevenue: z.int().describe('上年度营业收入（分）'),
  totalAssets: z.int().describe('资产总额（分）'),
  figuresYear: z.int(),
  registeredOn: z.string(),
  tags: z.array(z.string()),
  version: z.int().describe('版本号：修改时作为 expectedVersion 提交'),
  sizeClass: z.string().describe('large 大型 · medium 中型 · small 小型 · micro 微型（国统字〔2017〕213号）'),
  sizeLabel: z.string(),
  sectorLabel: z.string().describe('划型所依据的行业'),
});

const enterpriseSchema = z
  .looseObject({
    unitId: z.string(),
    name: z.string(),
    creditCode: z.string().nullable(),
    jurisdictionName: z.string(),
    profile: profileSchema.nullable().describe('尚未建档时为 null'),
    updatedByName: z.string().nullable(),
    updatedAt: z.string().nullable(),
    canEdit: z.boolean().describe('当前用户能否维护该企业档案'),
    changes: z.array(z.looseObject({ seq: z.int(), actorName: z.string(), at: z.string() })),
  })
  .describe('一企一档：企业的规模、行业、成立日期和资质，以及历次修改')
  .meta({ id: 'EnterpriseProfile' });

const matchesSchema = z
  .object({
    profiled: z.boolean().describe('企业是否已建档；未建档时无法匹配'),
    asOf: z.string().describe('按该日有效的政策匹配'),
    qualifying: z.int().describe('符合条件的条款数'),
    items: z.array(
      z.looseObject({
        policyId: z.uuid(),
        documentNo: z.string(),
        policyTitle: z.string(),
        packageTag: z.string().nullable(),
        issuerName: z.string(),
        clauseId: z.uuid(),
        article: z.string(),
        title: z.string(),
        classLabel: z.string(),
        amountText: z.string(),
        materials: z.array(z.string()),
        noApplication: z.boolean().describe('免申即享'),
        fastTrack: z.boolean().describe('快申快享'),
        qualifies: z.boolean(),
        conditions: z.array(z.object({ field: z.string(), met: z.boolean(), text: z.string().describe('如“上年度营业收入须 ≥ 2,000万元，当前 1,250万元”') })),
      }),
    ),
  })
  .describe('政策匹配：符合条件的条款在前，其余条款逐项说明不符合的条件')
  .meta({ id: 'EnterpriseMatches' });

const idParams = z.object({ id: referenceKey('企业') });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema };
const tags = ['一企一档'];

/** 一企一档 (P2): enterprise profiles and what each enterprise qualifies for. */
export const enterpriseRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/enterprises',
      {
        schema: {
          operationId: 'listEnterprises',
          tags,
          summary: '企业名录：按名称、信用代码或规模查找，附可享条款数（营商办、领导、部门看全部，县市区看本辖区）',
          querystring: listEnterprisesQuerySchema,
          response: {
            200: z.object({
              items: z.array(
                z.looseObject({
                  unitId: z.string(),
                  name: z.string(),
                  creditCode: z.string().nullable(),
                  jurisdictionName: z.string(),
                  sizeClass: z.string().nullable(),
                  sizeLabel: z.string().nullable(),
                  qualifyingClauses: z.int().nullable().describe('符合条件的现行条款数；未建档为 null'),
                }),
              ),
              truncated: z.boolean(),
            }),
            ...errors,
          },
        },
      },
      (request) => listEnterprises(app, actorOf(request), request.query),
    );

    server.get(
      '/api/enterprises/:id',
      { schema: { operationId: 'getEnterprise', tags, summary: '企业档案（一企一档）', params: idParams, response: { 200: enterpriseSchema, ...errors } } },
      (request) => getEnterprise(app, actorOf(request), request.params.id),
    );

    server.put(
      '/api/enterprises/:id/profile',
      {
        schema: {
          operationId: 'saveEnterpriseProfile',
          tags,
          summary: '建立或修改企业档案（企业本身；市营商办、企业所在县市区代为维护）',
          headers: z.object({ 'idempotency-key': z.string().optional().describe('幂等键：同一键重试返回首次结果') }),
          params: idParams,
          body: saveProfileSchema,
          response: { 200: enterpriseSchema, ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          await saveProfile(scope, actor, request.params.id, request.body);
          return { status: 200, body: await getEnterprise(scope, actor, request.params.id) };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/enterprises/:id/matches',
      {
        schema: {
          operationId: 'matchEnterprise',
          tags,
          summary: '政策匹配：该企业符合哪些现行条款，不符合的逐项说明原因',
          params: idParams,
          response: { 200: matchesSchema, ...errors },
        },
      },
      (request) => matchEnterprise(app, actorOf(request), request.params.id),
    );
  };
