import { and, asc, eq, ilike, ne, or, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { seesAllEnterprises } from '../../domain/access/reference-policy.ts';
import { flowDiagram } from '../../domain/case/flow-diagram.ts';
import { normalizeCreditCode } from '../../domain/credit-code.ts';
import { CASE_STATES } from '../../domain/case/states.ts';
import { LINES } from '../../domain/lines/vocabulary.ts';
import { RULES } from '../../domain/rules.ts';
import { UNIT_KINDS, units } from '../../db/schema.ts';
import { jurisdictionRow, jurisdictionRowSchema } from '../../reference/edit-jurisdictions.ts';
import { listJurisdictions } from '../../reference/reference-data.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';
import { containsPattern } from '../../db/like-pattern.ts';

const unitSchema = z
  .object({ id: z.string(), name: z.string(), kind: z.enum(UNIT_KINDS), creditCode: z.string().nullable(), jurisdictionId: z.string() })
  .meta({ id: 'Unit' });

export const referenceRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.get(
      '/api/units',
      {
        schema: {
          operationId: 'listUnits',
          tags: ['参考数据'],
          summary: '单位列表（政府部门、事业单位、国有企业、法院、企业）；按统一社会信用代码精确查找',
          querystring: z.object({
            kind: z.enum(UNIT_KINDS).optional(),
            creditCode: z
              .string()
              .max(64)
              .optional()
              .describe('统一社会信用代码（忽略空格、不区分大小写），精确匹配任何类型的单位：登记表据此带出企业名称，或提示该代码属于政府单位'),
            jurisdiction: z.string().max(100).optional(),
            publicOnly: z.enum(['true', 'false'], { error: 'publicOnly 应为 true 或 false' }).optional().describe('true：只列本市的组织机构（政府、部门、事业单位、国有企业、法院、司法行政机关），不含企业'),
            q: z.string().trim().max(100).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(200),
          }),
          response: { 200: z.object({ items: z.array(unitSchema) }), 401: errorBodySchema },
        },
        preHandler: requireActor(app),
      },
      async (request) => {
        const { kind, creditCode, jurisdiction, publicOnly, q, limit } = request.query;
        const actor = actorOf(request);
        const conditions: SQL[] = [eq(units.tenantId, app.tenantId)];
        if (!seesAllEnterprises(actor)) {
          conditions.push(or(ne(units.kind, 'enterprise'), eq(units.id, actor.unitId ?? ''))!);
        }
        if (kind) conditions.push(eq(units.kind, kind));
        if (publicOnly === 'true') conditions.push(ne(units.kind, 'enterprise'));
        if (creditCode !== undefined) conditions.push(eq(units.creditCode, normalizeCreditCode(creditCode)));
        if (jurisdiction) conditions.push(eq(units.jurisdictionId, jurisdiction));
        if (q) conditions.push(ilike(units.name, containsPattern(q)));
        const items = await app.db
          .select({ id: units.id, name: units.name, kind: units.kind, creditCode: units.creditCode, jurisdictionId: units.jurisdictionId })
          .from(units)
          .where(and(...conditions))
          .orderBy(asc(units.jurisdictionId), asc(units.kind), asc(units.id))
          .limit(limit);
        return { items };
      },
    );

    server.get(
      '/api/jurisdictions',
      {
        schema: {
          operationId: 'listJurisdictions',
          tags: ['参考数据'],
          summary: '属地树（市、县市区、管委会）及其行政区划代码',
          response: { 200: z.object({ items: z.array(jurisdictionRowSchema) }) },
        },
        preHandler: requireActor(app),
      },
      async () => ({ items: (await listJurisdictions(app.db, app.tenantId)).map(jurisdictionRow) }),
    );

    server.get(
      '/api/flows',
      {
        schema: {
          operationId: 'getFlow',
          tags: ['参考数据'],
          summary: '案件状态机（Mermaid），与判定规则同源',
          querystring: z.object({ line: z.enum(LINES).optional(), current: z.enum(CASE_STATES).optional() }),
          response: { 200: z.object({ mermaid: z.string() }) },
        },
      },
      async (request) => ({
        mermaid: flowDiagram({
          ...(request.query.line ? { line: request.query.line } : {}),
          ...(request.query.current ? { current: request.query.current } : {}),
        }),
      }),
    );

    server.get(
      '/api/rules',
      {
        schema: {
          operationId: 'listRules',
          tags: ['参考数据'],
          summary: '处置办法条文（依据）',
          response: { 200: z.object({ items: z.array(z.object({ id: z.string(), text: z.string() })) }) },
        },
      },
      async () => ({ items: Object.entries(RULES).map(([id, text]) => ({ id, text })) }),
    );
  };
