import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { lprRateSchema } from '../../domain/reference/lpr-rates.ts';
import { loadLprTable, removeLprRate, setLprRate } from '../../reference/lpr-rates.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';
import { ids } from '../input-rules.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const effectiveOnParams = z.object({ effectiveOn: ids.day('生效日期') });
const lprRow = z
  .object({
    effectiveOn: z.string().meta({ description: '生效日期（YYYY-MM-DD）' }),
    oneYearBp: z.int().meta({ description: '一年期LPR，以基点计：3.45% 为 345' }),
  })
  .meta({ id: 'LprRate' });

/**
 * The one-year LPR table (保障中小企业款项支付条例 第十七条: an agreed late-interest rate is never below
 * the LPR in force at signing): read by every signed-in account, as the calendar is, and kept by
 * the 系统管理员; every edit is logged with before and after.
 */
export const lprRateRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/lpr-rates',
      {
        schema: {
          operationId: 'listLprRates',
          tags: ['参考数据'],
          summary: '一年期贷款市场报价利率（LPR），按生效日期',
          response: { 200: z.object({ items: z.array(lprRow) }), ...errors },
        },
      },
      async () => ({ items: await loadLprTable(app.db, app.tenantId) }),
    );

    server.put(
      '/api/lpr-rates/:effectiveOn',
      {
        schema: {
          operationId: 'setLprRate',
          tags: ['参考数据'],
          summary: '设置自某日起执行的一年期LPR（系统管理员）；生效日期不晚于今天起31天',
          params: effectiveOnParams,
          body: lprRateSchema,
          response: { 200: lprRow, ...errors },
        },
      },
      (request) => setLprRate(app, actorOf(request), request.params.effectiveOn, request.body),
    );

    server.delete(
      '/api/lpr-rates/:effectiveOn',
      {
        schema: {
          operationId: 'removeLprRate',
          tags: ['参考数据'],
          summary: '删除自某日起执行的一年期LPR（系统管理员）；此前的利率继续适用',
          params: effectiveOnParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await removeLprRate(app, actorOf(request), request.params.effectiveOn);
        return reply.status(204).send(null);
      },
    );
  };
