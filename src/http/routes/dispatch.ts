import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { isLocalDate } from '../../domain/calendar.ts';
import { CASE_STATES } from '../../domain/case/states.ts';
import { UNIT_REPORT_STATUSES } from '../../domain/dispatch/round-status.ts';
import { LINES } from '../../domain/lines/vocabulary.ts';
import { DISPATCH_ROUND_STATUSES, JURISDICTION_LEVELS } from '../../db/schema.ts';
import { closeDispatchRound } from '../../dispatch/close-dispatch-round.ts';
import { dispatchReport } from '../../dispatch/dispatch-report.ts';
import { exportDispatchWorkbook } from '../../dispatch/export-dispatch-workbook.ts';
import { getDispatchRound } from '../../dispatch/get-dispatch-round.ts';
import { listDispatchRounds } from '../../dispatch/list-dispatch-rounds.ts';
import { openDispatchRound } from '../../dispatch/open-dispatch-round.ts';
import { reportDispatchProgress } from '../../dispatch/report-dispatch-progress.ts';
import { openRoundSchema, reportProgressSchema, submitUnitReportSchema } from '../../dispatch/round-schemas.ts';
import { submitDispatchReport } from '../../dispatch/submit-dispatch-report.ts';
import { XLSX_CONTENT_TYPE } from '../../io/dispatch-workbook.ts';
import { actorOf, requireActor } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { errorBodySchema } from '../errors.ts';
import { idempotent } from '../idempotency.ts';
import { ids } from '../input-rules.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema };
const idempotencyHeader = z.object({ 'idempotency-key': z.string().optional().describe('幂等键：同一键重试返回首次结果') });
const roundParams = z.object({ roundId: z.uuid({ error: '调度编号格式不正确' }) });
/** An amount or a total in 分: exact up to 2^53 − 1, the nearest float64 beyond (money.ts, FenTotal), never a refusal. */
const fen = (description: string) => z.number().describe(`${description}（分）`);
const rate = (description: string) => z.number().min(0).max(1).nullable().describe(`${description}（0—1），分母为 0 时为 null`);
const instant = z.string().describe('时刻（ISO 8601）');

const roundSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    dueOn: z.string().describe('报送截止日'),
    status: z.enum(DISPATCH_ROUND_STATUSES),
    openedAt: instant,
    openedByName: z.string(),
    closedAt: instant.nullable(),
    units: z.int().describe('本轮有案件、当前用户可见的单位数'),
    submittedUnits: z.int().describe('其中已提交本单位报告的单位数'),
    overdue: z.boolean().describe('已过报送截止日且仍有单位未报送'),
  })
  .meta({ id: 'DispatchRoundSummary' });

const unitStatusSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  jurisdictionId: z.string(),
  jurisdictionName: z.string(),
  total: z.int().describe('开启时快照的在办案件数'),
  reported: z.int().describe('已报送进展的案件数'),
  closedSince: z.int().describe('开启后已销号或不予受理、无须报送的案件数'),
  summary: z.string().nullable(),
  submittedAt: instant.nullable(),
  submittedOn: z.string().nullable(),
  submittedByName: z.string().nullable(),
  status: z.enum(UNIT_REPORT_STATUSES).describe('已报送、逾期报送、未报送、逾期未报'),
  canReport: z.boolean().describe('当前用户可为该单位报送'),
});

const roundViewSchema = z
  .object({
    round: roundSummarySchema.omit({ units: true, submittedUnits: true }).extend({ closedByName: z.string().nullable() }),
    today: z.string(),
    units: z.array(unitStatusSchema).describe('未提交的单位在前'),
    items: z.array(
      z.object({
        caseId: z.string(),
        unitId: z.string(),
        number: z.string(),
        title: z.string(),
        state: z.enum(CASE_STATES),
        deadline: z.string().nullable(),
        progress: z.string().nullable(),
        eventSeq: z.int().nullable().describe('案件“报送进展”事件的序号'),
        reportedAt: instant.nullable(),
        reportedByName: z.string().nullable(),
        caseOpen: z.boolean(),
        needsReport: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'DispatchRound' });

const countsSchema = {
  cases: z.int().describe('案件数'),
  open: z.int().describe('在办（未销号、未不予受理、未撤回）'),
  closed: z.int().describe('已销号'),
  dismissed: z.int().describe('不予受理'),
  withdrawn: z.int().describe('企业已撤回'),
  overdue: z.int().describe('逾期：在办且统计日已过期限（诉讼中不计）'),
  closedOnTime: z.int().describe('按期办结：已销号，且办结事件不晚于其前一刻有效的期限'),
  yearEndRisk: z.int().describe('年底清偿风险（A2）'),
  returned: z.int().describe('统计期内书面反馈被退回次数'),
  ratings: z.int().describe('统计期内企业对已销号事项的评价次数'),
  satisfied: z.int().describe('其中满意（4—5分）'),
  dissatisfied: z.int().describe('其中不满意（1—2分）'),
  reopenRequests: z.int().describe('统计期内企业因不满意申请重新办理的次数'),
  claimedAmount: fen('企业主张金额'),
  confirmedAmount: fen('已确认金额'),
  paidAmount: fen('已清偿金额'),
  outstandingAmount: fen('未清偿金额'),
  clearanceRate: rate('清偿率 = 已清偿 ÷ 已确认'),
  onTimeRate: rate('按期办结率 = 按期办结 ÷ (已销号 + 逾期)'),
  closureRate: rate('销号率 = 已销号 ÷ (案件数 − 不予受理 − 已撤回)'),
  satisfactionRate: rate('满意率 = 满意 ÷ 评价次数'),
};

const indexRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  rank: z.int(),
  score: z.number().describe('诚信指数（0—100，一位小数）'),
  parts: z.array(z.object({ key: z.enum(['onTime', 'overdue', 'feedback', 'breach']), points: z.number(), explanation: z.string() })),
  cases: z.int(),
  overdue: z.int(),
  breachRecords: z.int().describe('有效失信记录（已认定或异议中）'),
});

/** A case given a step of the ladder in the period (约谈 or 通报); each list adds the day of its step. */
const ladderStepSchema = z.object({
  caseId: z.string(),
  eventSeq: z.int().describe('案件督办事件的序号'),
  number: z.string(),
  title: z.string(),
  line: z.enum(LINES),
  state: z.enum(CASE_STATES).describe('案件当前状态'),
  responsibleUnitName: z.string(),
  jurisdictionName: z.string(),
  deadline: z.string().nullable().describe('所涉期限'),
  note: z.string().nullable().describe('督办意见'),
  outstandingAmount: fen('未清偿金额'),
});

const reportSchema = z
  .object({
    asOf: z.string().describe('统计日'),
    period: z.object({ from: z.string(), to: z.string() }).describe('统计期：计入退回、约谈、通报事件的日期范围'),
    generatedAt: instant,
    round: z
      .object({ id: z.string(), title: z.string(), periodStart: z.string(), periodEnd: z.string(), dueOn: z.string(), status: z.enum(DISPATCH_ROUND_STATUSES) })
      .nullable(),
    total: z.object(countsSchema),
    byJurisdiction: z.array(z.object({ id: z.string(), name: z.string(), level: z.enum(JURISDICTION_LEVELS), ...countsSchema })),
    byLine: z.array(z.object({ line: z.enum(LINES), ...countsSchema })),
    byUnit: z.array(z.object({ id: z.string(), name: z.string(), jurisdictionId: z.string(), jurisdictionName: z.string(), ...countsSchema })),
    interviews: z
      .array(ladderStepSchema.extend({ interviewedOn: z.string().describe('约谈日期') }))
      .describe('约谈（保障中小企业款项支付条例第二十三条）：统计期内升至约谈级的督办'),
    notices: z
      .array(ladderStepSchema.extend({ noticedOn: z.string().describe('通报日期') }))
      .describe('通报（S2）：统计期内升至通报级的督办'),
    roundStatus: z
      .array(
        z.object({
          unitId: z.string(),
          unitName: z.string(),
          jurisdictionName: z.string(),
          total: z.int(),
          reported: z.int(),
          closedSince: z.int(),
          status: z.enum(UNIT_REPORT_STATUSES),
          submittedOn: z.string().nullable(),
          submittedByName: z.string().nullable(),
        }),
      )
      .nullable(),
    index: z.object({ formula: z.string(), units: z.array(indexRowSchema), jurisdictions: z.array(indexRowSchema) }),
  })
  .meta({ id: 'DispatchReport' });

const reportQuery = z.object({
  asOf: z.string().refine(isLocalDate, { error: '统计日应为有效日期（YYYY-MM-DD）' }).optional().describe('统计日，默认今天（给定调度时默认其截止日）'),
  roundId: z.uuid({ error: '调度编号格式不正确' }).optional().describe('调度：附上各单位报送情况，统计期取该轮调度期'),
});

/** The dispatch API: rounds (G1, G4), the dispatch report and its workbook (S5). */
export const dispatchRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/dispatch/rounds',
      {
        schema: { operationId: 'listDispatchRounds', tags: ['调度'], summary: '调度轮次列表（新的在前），含可见单位的报送情况', response: { 200: z.array(roundSummarySchema), ...errors } },
      },
      (request) => listDispatchRounds(app, actorOf(request)),
    );

    server.post(
      '/api/dispatch/rounds',
      {
        schema: {
          operationId: 'openDispatchRound',
          tags: ['调度'],
          summary: '发起调度（市营商办）：快照各责任单位的在办案件',
          headers: idempotencyHeader,
          body: openRoundSchema,
          response: { 201: z.object({ id: z.string(), cases: z.int().describe('快照的在办案件数') }), ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          const opened = await openDispatchRound(scope, actor, request.body);
          return { status: 201, body: { id: opened.round.id, cases: opened.cases } };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.get(
      '/api/dispatch/rounds/:roundId',
      {
        schema: {
          operationId: 'getDispatchRound',
          tags: ['调度'],
          summary: '一轮调度：各单位报送情况（谁未报送），及本单位（或指定单位）的案件',
          params: roundParams,
          querystring: z.object({ unitId: ids.key('单位').optional().describe('查看该单位的案件') }),
          response: { 200: roundViewSchema, ...errors },
        },
      },
      (request) => getDispatchRound(app, actorOf(request), request.params.roundId, request.query),
    );

    server.post(
      '/api/dispatch/rounds/:roundId/progress',
      {
        schema: {
          operationId: 'reportDispatchProgress',
          tags: ['调度'],
          summary: '报送一件案件的本期进展（写入案件的“报送进展”事件）',
          params: roundParams,
          headers: idempotencyHeader,
          body: reportProgressSchema,
          response: { 200: z.object({ caseId: z.string(), progress: z.string(), eventSeq: z.int(), reportedAt: instant }), ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          const item = await reportDispatchProgress(scope, actor, request.params.roundId, request.body);
          return {
            status: 200,
            body: { caseId: item.caseId, progress: item.progress ?? '', eventSeq: item.eventSeq ?? 0, reportedAt: (item.reportedAt ?? new Date()).toISOString() },
          };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.post(
      '/api/dispatch/rounds/:roundId/reports',
      {
        schema: {
          operationId: 'submitDispatchReport',
          tags: ['调度'],
          summary: '提交本单位调度报告（须先报送全部在办案件的进展）',
          params: roundParams,
          headers: idempotencyHeader,
          body: submitUnitReportSchema,
          response: { 201: z.object({ unitId: z.string(), summary: z.string(), submittedAt: instant }), ...errors },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const outcome = await idempotent(app, actor, request, async (scope) => {
          const report = await submitDispatchReport(scope, actor, request.params.roundId, request.body);
          return { status: 201, body: { unitId: report.unitId, summary: report.summary, submittedAt: report.submittedAt.toISOString() } };
        });
        return reply.status(outcome.status).send(outcome.body);
      },
    );

    server.post(
      '/api/dispatch/rounds/:roundId/close',
      {
        schema: {
          operationId: 'closeDispatchRound',
          tags: ['调度'],
          summary: '结束调度（市营商办）',
          params: roundParams,
          response: { 200: z.object({ id: z.string(), status: z.enum(DISPATCH_ROUND_STATUSES) }), ...errors },
        },
      },
      async (request) => {
        const round = await closeDispatchRound(app, actorOf(request), request.params.roundId);
        return { id: round.id, status: round.status };
      },
    );

    server.get(
      '/api/reports/dispatch',
      {
        schema: {
          operationId: 'getDispatchReport',
          tags: ['调度'],
          summary: '调度报告：按属地、专项行动、责任单位的统计，约谈和通报名单，报送情况与诚信指数（限当前用户可见的案件）',
          querystring: reportQuery,
          response: { 200: reportSchema, ...errors },
        },
      },
      (request) => dispatchReport(app, actorOf(request), request.query),
    );

    server.get(
      '/api/reports/dispatch.xlsx',
      {
        schema: {
          operationId: 'downloadDispatchReport',
          tags: ['调度'],
          summary: '下载调度报告（Excel）：按属地、按专项行动、按责任单位、约谈、通报、未报送、诚信指数',
          querystring: reportQuery,
          produces: [XLSX_CONTENT_TYPE],
        },
      },
      async (request, reply) => {
        const { fileName, content } = await exportDispatchWorkbook(app, actorOf(request), request.query);
        return sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName, asciiFileName: 'dispatch-report.xlsx', content });
      },
    );
  };
