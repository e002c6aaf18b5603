/**
 * The annual disclosure of overdue payments (保障中小企业款项支付条例 第十八条, 第二十二条): 营商办
 * generates every 机关's and 事业单位's figures from the cases, each unit publishes its own, staff
 * read them in their scope and as a workbook; the published rows are public without signing in,
 * limited per client address like the enterprise registration's public forms.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { DISCLOSURE_KINDS, DISCLOSURE_STANDINGS, DISCLOSURE_STATUSES, FIRST_DISCLOSURE_YEAR, LAST_DISCLOSURE_YEAR } from '../../domain/disclosure/annual-disclosure.ts';
import { exportDisclosureWorkbook } from '../../disclosure/export-disclosure-workbook.ts';
import { generateDisclosures } from '../../disclosure/generate-disclosures.ts';
import { publishDisclosure, publishDisclosureSchema } from '../../disclosure/publish-disclosure.ts';
import { readDisclosures } from '../../disclosure/read-disclosures.ts';
import { readPublicDisclosures } from '../../disclosure/read-public-disclosures.ts';
import { XLSX_CONTENT_TYPE } from '../../io/dispatch-workbook.ts';
import { actorOf, requireActor } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { errorBodySchema } from '../errors.ts';
import { idempotent } from '../idempotency.ts';
import { ids } from '../input-rules.ts';

const tags = ['年度公开'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema, 429: errorBodySchema };
const idempotencyHeader = z.object({ 'idempotency-key': z.string().optional().describe('幂等键：同一键重试返回首次结果') });

/** Reads of the public page per client address and minute: a citizen's browsing, never a scrape of the whole platform. */
export const PUBLIC_DISCLOSURE_READS_PER_MINUTE = 60;

const year = z.coerce
  .number({ error: '年度应为数字' })
  .int({ error: '年度应为整数' })
  .min(FIRST_DISCLOSURE_YEAR, { error: `保障中小企业款项支付条例自2025年6月1日起施行，年度公开自${FIRST_DISCLOSURE_YEAR}年度起` })
  .max(LAST_DISCLOSURE_YEAR, { error: '年度无效' })
  .describe('年度（公开的是该年12月31日逾期尚未支付的情况）');
const yearParams = z.object({ year });
const unitParams = z.object({ year, unitId: ids.key('单位') });

/** An amount or a total in 分: exact up to 2^53 − 1, the nearest float64 beyond (money.ts, FenTotal). */
const fen = (description: string) => z.number().describe(`${description}（分）`);

const rowSchema = z
  .object({
    unitId: z.string(),
    unitName: z.string(),
    jurisdictionId: z.string(),
    jurisdictionName: z.string(),
    kind: z.enum(DISCLOSURE_KINDS).describe('机关或事业单位'),
    contracts: z.int().describe('年末逾期尚未支付的合同数量'),
    amount: fen('年末逾期尚未支付的金额'),
    incomplete: z.int().describe('合同信息不全（无法确定法定付款期限）、未计入的欠款件数'),
    status: z.enum(DISCLOSURE_STATUSES).describe('草稿或已公开'),
    standing: z.enum(DISCLOSURE_STANDINGS).describe('待发布、逾期未公开（已过3月31日）、已公开、逾期公开'),
    generatedAt: z.string().describe('数据生成时间（ISO 8601）'),
    generatedByName: z.string(),
    publishedAt: z.string().nullable(),
    publishedOn: z.string().nullable().describe('公开日期（YYYY-MM-DD）'),
    publishedByName: z.string().nullable(),
    note: z.string().nullable().describe('单位的情况说明'),
    mayPublish: z.boolean().describe('当前用户现在可以发布该单位的数据'),
  })
  .meta({ id: 'AnnualDisclosureRow' });

const totalsShape = {
  units: z.int().describe('单位数'),
  contracts: z.int(),
  amount: fen('金额合计'),
};

const yearSchema = z
  .object({
    year: z.int(),
    today: z.string(),
    yearEnd: z.string().describe('统计时点：该年12月31日'),
    deadline: z.string().describe('公开截止日：次年3月31日'),
    yearEnded: z.boolean().describe('该年度已结束，可以生成和发布'),
    mayGenerate: z.boolean().describe('当前用户可以生成（刷新）各单位的草稿'),
    generatedAt: z.string().nullable().describe('最近一次生成时间；尚未生成为 null'),
    rows: z.array(rowSchema),
    totals: z.object({ ...totalsShape, published: z.int().describe('已公开的单位数'), incomplete: z.int() }),
  })
  .meta({ id: 'AnnualDisclosureYear' });

const publicSchema = z
  .object({
    year: z.int(),
    cityName: z.string(),
    title: z.string(),
    deadline: z.string().describe('公开截止日：次年3月31日'),
    items: z.array(
      z.object({
        unitName: z.string(),
        jurisdictionName: z.string(),
        kind: z.enum(DISCLOSURE_KINDS),
        contracts: z.int().describe('逾期尚未支付中小企业款项的合同数量'),
        amount: fen('逾期尚未支付的金额'),
        amountYuan: z.string().describe('逾期尚未支付的金额（元，两位小数）'),
        publishedOn: z.string().describe('公开日期'),
        note: z.string().nullable().describe('单位的情况说明'),
      }),
    ),
    totals: z.object({ ...totalsShape, amountYuan: z.string().describe('金额合计（元）') }),
  })
  .meta({ id: 'PublicAnnualDisclosures' });

export const disclosureRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.get(
      '/api/disclosures/:year',
      {
        schema: {
          operationId: 'listAnnualDisclosures',
          tags,
          summary: '逾期账款年度公开（保障中小企业款项支付条例第十八条）：各单位的合同数量、金额和公开情况（限当前用户可见的单位）',
          params: yearParams,
          response: { 200: yearSchema, ...errors },
        },
        preHandler: requireActor(app),
      },
      (request) => readDisclosures(app, actorOf(request), request.params.year),
    );

    server.post(
      '/api/disclosures/:year/generate',
      {
        schema: {
          operationId: 'generateAnnualDisclosures',
          tags,
          summary: '生成年度公开数据（市营商办）：按案件计算每个机关、事业单位年末逾期未支付的合同数量和金额，写入或刷新草稿；已公开的不变',
          params: yearParams,
          headers: idempotencyHeader,
          response: {
            200: z.object({ year: z.int(), drafts: z.int().describe('写入或刷新的草稿数'), published: z.int().describe('已公开、未改动的单位数') }),
            ...errors,
          },
        },
        preHandler: requireActor(app),
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => ({ status: 200, body: await generateDisclosures(scope, actor, request.params.year) }));
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.post(
      '/api/disclosures/:year/:unitId/publish',
      {
        schema: {
          operationId: 'publishAnnualDisclosure',
          tags,
          summary: '发布本单位的年度公开数据（本单位经办人，或市营商办代为发布）：只能发布一次，发布后不能修改',
          params: unitParams,
          headers: idempotencyHeader,
          body: publishDisclosureSchema,
          response: {
            200: z.object({ unitId: z.string(), year: z.int(), contracts: z.int(), amount: fen('金额'), publishedAt: z.string(), note: z.string().nullable() }),
            ...errors,
          },
        },
        preHandler: requireActor(app),
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          const row = await publishDisclosure(scope, actor, request.params.year, request.params.unitId, request.body);
          return {
            status: 200,
            body: { unitId: row.unitId, year: row.year, contracts: row.contracts, amount: row.amount, publishedAt: row.publishedAt!.toISOString(), note: row.note },
          };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/disclosures/:year/workbook',
      {
        schema: {
          operationId: 'downloadAnnualDisclosures',
          tags,
          summary: '下载年度公开工作簿（Excel，向政府报告用，第二十二条）：各单位数据、合计、状态和公开日期，金额以万元计',
          params: yearParams,
          produces: [XLSX_CONTENT_TYPE],
        },
        preHandler: requireActor(app),
      },
      async (request, reply) => {
        const { fileName, content } = await exportDisclosureWorkbook(app, actorOf(request), request.params.year);
        return sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName, asciiFileName: `annual-disclosure-${request.params.year}.xlsx`, content });
      },
    );

    server.get(
      '/api/public/disclosures/:year',
      {
        schema: {
          operationId: 'getPublicAnnualDisclosures',
          tags,
          summary: '各单位已公开的逾期未支付中小企业款项情况（无需登录）：只含已发布的单位，不含任何个人信息',
          security: [],
          params: yearParams,
          response: { 200: publicSchema, ...errors },
        },
        config: { rateLimit: { max: PUBLIC_DISCLOSURE_READS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request: { ip: string }) => request.ip } },
      },
      (request) => readPublicDisclosures(app, request.params.year),
    );
  };
