import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { findDuplicates } from '../../cases/find-duplicates.ts';
import { listIntakeQueue } from '../../cases/list-intake-queue.ts';
import { previewIntakeSupervisors } from '../../cases/preview-intake-supervisors.ts';
import { CASE_STATES } from '../../domain/case/states.ts';
import { LINES, SOURCES } from '../../domain/lines.ts';
import { DEADLINE_STATUSES } from '../../domain/supervision/time-limits.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';

const fen = (description: string) => z.int().nullable().describe(`${description}（分）`);
const namedUnit = z.object({ id: z.string(), name: z.string() });

const queueItemSchema = z
  .object({
    id: z.uuid(),
    number: z.string().describe('事项编号'),
    line: z.enum(LINES),
    source: z.enum(SOURCES).describe('问题来源'),
    title: z.string(),
    enterpriseName: z.string().nullable(),
    enterpriseCreditCode: z.string().nullable(),
    responsibleUnitId: z.string().describe('登记时所称的责任单位（欠款单位）'),
    responsibleUnitName: z.string(),
    claimedAmount: fen('企业主张金额'),
    registeredAt: z.string().describe('登记时间（ISO 8601）'),
    deadline: z.string().nullable().describe('受理期限（S1）'),
    deadlineStatus: z.enum(DEADLINE_STATUSES),
    version: z.int().describe('案件版本号，受理、合并或不予受理时作为 expectedVersion'),
    likelyDuplicates: z.int().describe('疑似重复件数：相似度不低于阈值的同一企业、同一责任单位事项'),
    duplicateCandidates: z.int().describe('同一企业、同一责任单位的未办结或近12个月办结事项数'),
    topDuplicateScore: z.number().nullable().describe('最高相似度（0—1）'),
  })
  .meta({ id: 'IntakeQueueItem' });

const duplicateSchema = z
  .object({
    id: z.uuid(),
    number: z.string(),
    title: z.string(),
    state: z.enum(CASE_STATES),
    stateLabel: z.string(),
    claimedAmount: fen('企业主张金额'),
    registeredAt: z.string(),
    closedAt: z.string().nullable(),
    score: z.number().describe('重复可能性（0—1）：事实相似度，双方均有金额时与金额接近程度加权'),
    textSimilarity: z.number().describe('事项名称与基本情况的字符二元组 Dice 相似度（0—1）'),
    amountCloseness: z.number().nullable().describe('金额接近程度：较小额 ÷ 较大额；任一方无金额时为 null'),
    likely: z.boolean().describe('不低于阈值，疑似重复'),
    reasons: z.array(z.string()).describe('判断理由，如：同一企业、同一欠款单位、事实相似度 0.82、金额相同'),
  })
  .meta({ id: 'DuplicateCandidate' });

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

/** The intake API (S3): 营商办's queue, duplicate candidates and the matrix units an assignment would bring. */
export const intakeRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/intake',
      {
        schema: {
          operationId: 'listIntakeQueue',
          tags: ['受理'],
          summary: '受理台：待市营商办受理交办的外部诉求（先登记者在前），附疑似重复件数；仅市营商办',
          response: { 200: z.object({ items: z.array(queueItemSchema) }).meta({ id: 'IntakeQueue' }), ...errors },
        },
      },
      (request) => listIntakeQueue(app, actorOf(request)),
    );

    server.get(
      '/api/intake/supervisors',
      {
        schema: {
          operationId: 'previewIntakeSupervisors',
          tags: ['受理'],
          summary: '按责任分工矩阵预览交办后的牵头单位与配合单位（专项行动 + 责任单位的类别与层级）',
          querystring: z.object({
            line: z.enum(LINES, { error: '专项行动类别无效' }).describe('专项行动'),
            responsibleUnitId: z.string().min(1, { error: '请选择责任单位' }).max(100).describe('拟交办的责任单位'),
          }),
          response: {
            200: z.object({ leadUnit: namedUnit.nullable(), cooperatingUnits: z.array(namedUnit) }).meta({ id: 'IntakeSupervisors' }),
            ...errors,
          },
        },
      },
      (request) => previewIntakeSupervisors(app, actorOf(request), request.query.line, request.query.responsibleUnitId),
    );

    server.get(
      '/api/cases/:id/duplicates',
      {
        schema: {
          operationId: 'findDuplicates',
          tags: ['受理'],
          summary: '疑似重复件：同一企业、同一责任单位的未办结或近12个月办结事项，按重复可能性排序（仅列当前用户可见的事项）',
          params: z.object({ id: z.uuid({ error: '案件编号格式不正确' }) }),
          response: {
            200: z
              .object({ threshold: z.number().describe('疑似重复的阈值'), items: z.array(duplicateSchema) })
              .meta({ id: 'DuplicateCandidates' }),
            ...errors,
          },
        },
      },
      (request) => findDuplicates(app, actorOf(request), request.params.id),
    );
  };
