import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { getNoApplicationList } from '../../policy-library/read-no-application-list.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';

const reason = z.string().describe('effective 施行 · update 更新 · revise 修订 · abolish 废止 · expire 到期');

const noApplicationListSchema = z
  .object({
    asOf: z.string().describe('清单日期（今天）'),
    current: z.array(
      z.looseObject({
        policyId: z.uuid(),
        documentNo: z.string().describe('文号'),
        policyTitle: z.string(),
        packageTag: z.string().nullable(),
        issuerName: z.string().describe('发布部门'),
        clauseId: z.uuid(),
        article: z.string().describe('条款序号'),
        title: z.string().describe('条款名称'),
        classLabel: z.string(),
        amountText: z.string().describe('兑现标准'),
        conditionTexts: z.array(z.string()).describe('享受条件'),
        enteredOn: z.string().describe('列入清单的日期'),
        enteredBecause: reason,
        enteredBecauseLabel: z.string(),
      }),
    ),
    history: z.array(
      z.looseObject({
        on: z.string(),
        move: z.string().describe('entered 列入 · left 移出'),
        moveLabel: z.string(),
        reason,
        reasonLabel: z.string(),
        policyId: z.uuid(),
        documentNo: z.string(),
        policyTitle: z.string(),
        clauseId: z.uuid(),
        article: z.string(),
        clauseTitle: z.string(),
      }),
    ),
  })
  .describe('“免申即享”政策清单：今天在清单上的条款，以及每一条款列入、移出清单的记录（新在前）')
  .meta({ id: 'NoApplicationList' });

/** P2: the published 免申即享 list, read by everyone who reads the policy library. */
export const noApplicationListRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/no-application-list',
      {
        schema: {
          operationId: 'getNoApplicationList',
          tags: ['政策库'],
          summary: '“免申即享”政策清单：现行条款及其兑现标准、享受条件、列入日期，以及列入、移出记录（P2）',
          response: { 200: noApplicationListSchema, 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      (request) => getNoApplicationList(app, actorOf(request)),
    );
  };
