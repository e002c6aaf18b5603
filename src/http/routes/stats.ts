import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { caseStatistics } from '../../cases/case-statistics.ts';
import { LINES } from '../../domain/lines/vocabulary.ts';
import { DEADLINE_STATUSES } from '../../domain/supervision/time-limits.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';

/** An amount or a total in 分: exact up to 2^53 − 1, the nearest float64 beyond (money.ts, FenTotal), never a refusal. */
const fen = (description: string) => z.number().describe(`${description}（分）`);
const rate = z.number().min(0).max(1).nullable().describe('清偿率：已付 ÷ 已确认（0—1），尚无确认金额时为 null');

const groupFigures = {
  cases: z.int().describe('案件数'),
  open: z.int().describe('未办结（未销号、未不予受理）'),
  overdue: z.int().describe('逾期（台账 overdue=true）'),
  overdueByLaw: z.int().describe('依法逾期：已过《保障中小企业款项支付条例》法定付款期限仍未付清（台账 overdueByLaw=true）'),
  confirmedAmount: fen('已确认金额'),
  paidAmount: fen('已清偿金额'),
  outstandingAmount: fen('未清偿金额'),
  clearanceRate: rate,
};

const rankingSchema = z.object({ id: z.string(), name: z.string(), ...groupFigures });

export const overviewSchema = z
  .object({
    today: z.string().describe('统计日（Asia/Shanghai）'),
    lines: z.array(
      z.object({
        line: z.enum(LINES),
        ...groupFigures,
        closed: z.int().describe('已销号'),
        dismissed: z.int().describe('不予受理'),
        claimedAmount: fen('企业主张金额'),
      }),
    ),
    byJurisdiction: z.array(rankingSchema).describe('按属地，未清偿金额从高到低'),
    byUnit: z.array(rankingSchema).describe('按责任单位，未清偿金额从高到低，前20名'),
    weekly: z
      .array(z.object({ weekStart: z.string(), registered: z.int(), closed: z.int(), paidAmount: fen('当周付款') }))
      .describe('最近26个自然周（周一起算）：登记数、销号数、付款金额（按付款日期）'),
    yearEndRiskCount: z.int().describe('年底清偿风险（A2）的案件总数；台账 yearEndRisk=true 列出全部'),
    yearEndRisk: z
      .array(
        z.object({
          id: z.string(),
          number: z.string(),
          title: z.string(),
          responsibleUnitName: z.string(),
          outstandingAmount: fen('未清偿金额'),
          deadline: z.string().nullable(),
          deadlineStatus: z.enum(DEADLINE_STATUSES),
          yearException: z.boolean().describe('已批准跨年支付（A2，各类报告须标注）'),
        }),
      )
      .describe('年底清偿风险（A2）：60日内到期或已逾期、年底前须一次性清偿而未付清的欠款，及已批准跨年支付的欠款；按期限先后列前10件，其余见台账 yearEndRisk=true'),
  })
  .meta({ id: 'Overview' });

export const statsRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.get(
      '/api/stats/overview',
      {
        schema: {
          operationId: 'getOverview',
          tags: ['统计'],
          summary: '驾驶舱：按专项行动、属地、责任单位的统计，近26周趋势与年底风险（限当前用户可见的案件）',
          response: { 200: overviewSchema, 401: errorBodySchema },
        },
        preHandler: requireActor(app),
      },
      (request) => caseStatistics(app, actorOf(request)),
    );
  };
