import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { SUPERVISION_LEVELS } from '../../domain/case/record.ts';
import { CASE_STATES } from '../../domain/case/states.ts';
import { NOTIFICATION_KINDS } from '../../domain/supervision/notification-rules.ts';
import {
  countUnreadNotifications,
  countUnreadNotificationsByKind,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  NOTIFICATION_PAGE_MAX,
} from '../../notifications/notification-inbox.ts';
import { getSupervisionOrder } from '../../supervision/get-supervision-order.ts';
import { ladderThresholdsSchema, loadLadderThresholds, setLadderThresholds } from '../../supervision/ladder-thresholds.ts';
import { listPendingExtensions, listSupervisedCases, readSupervisedCases, supervisedCasesQuerySchema, type SupervisedCase } from '../../supervision/list-supervised-cases.ts';
import { CASE_STATE_LABEL } from '../../domain/case/states.ts';
import { SUPERVISION_LEVEL_LABEL } from '../../domain/case/record.ts';
import { LINE_LABEL, LINES } from '../../domain/lines/vocabulary.ts';
import { XLSX_CONTENT_TYPE } from '../../io/official-list.ts';
import { sendOfficialList } from '../list-export.ts';
import {
  createWebhookSubscription,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  updateWebhookSubscription,
  webhookSubscriptionInputSchema,
  webhookSubscriptionPatchSchema,
} from '../../webhooks/webhook-subscriptions.ts';
import { WEBHOOK_DELIVERY_STATUSES } from '../../db/schema.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';
import { sendDownload } from '../downloads.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const supervisedCaseSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    title: z.string(),
    state: z.enum(CASE_STATES),
    level: z.enum(SUPERVISION_LEVELS).describe('已发出的最高督办级别：reminder 提醒、urging 催办、supervision 督办、interview 约谈、notice 通报'),
    deadline: z.string().nullable().describe('办理期限（YYYY-MM-DD）'),
    overdueWorkingDays: z.int().describe('截至今日逾期的工作日数（按法定节假日与调休计算）；未逾期为0'),
    responsibleUnitName: z.string(),
    line: z.enum(LINES),
    enterpriseName: z.string().nullable(),
    outstandingAmount: z.int().nullable().describe('未清偿金额（分）：确认金额减已清偿；尚未确认金额时为 null'),
    orders: z.array(z.object({ seq: z.int().describe('督办事件序号'), number: z.string().describe('督办单文号') })).describe('督办单，按签发先后'),
  })
  .meta({ id: 'SupervisedCase' });

const notificationSchema = z
  .object({
    id: z.string(),
    caseId: z.string().nullable().describe('通知所涉的问题事项；失信记录的通知为 null'),
    creditRecordId: z.string().nullable().describe('通知所涉的失信记录；问题事项的通知为 null'),
    disclosureYear: z.int().nullable().describe('通知所涉的逾期账款年度公开的年度（保障中小企业款项支付条例第十八条）；其他通知为 null'),
    kind: z.enum(NOTIFICATION_KINDS),
    link: z.string().describe('通知指向的页面（站内路径）'),
    title: z.string(),
    body: z.string(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });

const subscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    active: z.boolean(),
    secretHint: z.string().describe('签名密钥末4位'),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookSubscription' });

/**
 * The supervision API (issue 4): the ladder's thresholds, supervised cases and 督办单, notifications, webhooks.
 * `demo`: the server runs as a demo, where webhooks may also go to `http://`.
 */
export const supervisionRoutes =
  (app: AppContext, options: { demo: boolean }): FastifyPluginAsyncZod =>
  async (server) => {
    const transport = { demoMode: options.demo };
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/supervision/thresholds',
      {
        schema: {
          operationId: 'getLadderThresholds',
          tags: ['督办'],
          summary: '督办阶梯的阈值（S2，工作日）',
          response: { 200: ladderThresholdsSchema, ...errors },
        },
      },
      () => loadLadderThresholds(app.db, app.tenantId),
    );

    server.put(
      '/api/supervision/thresholds',
      {
        schema: {
          operationId: 'setLadderThresholds',
          tags: ['督办'],
          summary: '调整督办阶梯的阈值（市营商办）；记入参考数据变更日志，下次扫描起生效',
          body: ladderThresholdsSchema,
          response: { 200: ladderThresholdsSchema, ...errors },
        },
      },
      (request) => setLadderThresholds(app, actorOf(request), request.body),
    );

    server.get(
      '/api/supervision/cases',
      {
        schema: {
          operationId: 'listSupervisedCases',
          tags: ['督办'],
          summary: '督办事项：已进入督办阶梯的在办案件（限当前用户可见），级别高者在前',
          querystring: supervisedCasesQuerySchema,
          response: { 200: z.object({ items: z.array(supervisedCaseSchema), truncated: z.boolean() }), ...errors },
        },
      },
      (request) => listSupervisedCases(app, actorOf(request), request.query),
    );

    server.get(
      '/api/supervision/cases/export.xlsx',
      {
        schema: {
          operationId: 'exportSupervisedCases',
          tags: ['督办'],
          summary: '导出督办事项（.xlsx）：与列表相同的筛选与可见范围，不限条数',
          querystring: supervisedCasesQuerySchema,
          produces: [XLSX_CONTENT_TYPE, 'application/json'],
          response: { 200: z.any().describe('督办事项清单工作簿（流式写出）'), ...errors },
        },
      },
      (request, reply) => {
        const actor = actorOf(request);
        const { level } = request.query;
        return sendOfficialList<SupervisedCase>(app, actor, reply, request.log, { fileName: '督办事项清单', asciiFileName: 'supervised-cases' }, {
          sheetName: '督办事项',
          title: '督办事项清单',
          filters: level === undefined ? undefined : `筛选条件：督办级别 ${SUPERVISION_LEVEL_LABEL[level]}`,
          columns: [
            { kind: 'text', header: '事项编号', width: 16, value: (row) => row.number },
            { kind: 'text', header: '事项名称', width: 34, value: (row) => row.title },
            { kind: 'text', header: '专项行动', width: 16, value: (row) => LINE_LABEL[row.line] },
            { kind: 'text', header: '企业名称', width: 28, value: (row) => row.enterpriseName },
            { kind: 'text', header: '责任单位', width: 26, value: (row) => row.responsibleUnitName },
            { kind: 'text', header: '督办级别', width: 9, value: (row) => SUPERVISION_LEVEL_LABEL[row.level] },
            { kind: 'text', header: '当前状态', width: 12, value: (row) => CASE_STATE_LABEL[row.state] },
            { kind: 'text', header: '办理期限', width: 12, value: (row) => row.deadline },
            { kind: 'count', header: '逾期（工作日）', width: 10, value: (row) => row.overdueWorkingDays },
            { kind: 'wan', header: '未清偿金额（万元）', width: 14, fen: (row) => row.outstandingAmount },
            { kind: 'text', header: '督办单文号', width: 24, value: (row) => row.orders.map((order) => order.number).join('、') || null },
          ],
          rows: readSupervisedCases(app, actor, request.query),
          empty: '没有督办中的事项',
        });
      },
    );

    server.get(
      '/api/supervision/extension-requests',
      {
        schema: {
          operationId: 'listPendingExtensions',
          tags: ['督办'],
          summary: '待审批的延期申请（S1）',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  number: z.string(),
                  title: z.string(),
                  responsibleUnitName: z.string(),
                  deadline: z.string().nullable(),
                  newDeadline: z.string(),
                  reason: z.string(),
                  clock: z.enum(['complaint_result']).nullable().describe('complaint_result：延长投诉的书面处理结果时限（保障中小企业款项支付条例第二十五条）；null：延长办理期限'),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (request) => ({ items: await listPendingExtensions(app, actorOf(request)) }),
    );

    server.get(
      '/api/cases/:caseId/supervision-orders/:seq',
      {
        schema: {
          operationId: 'downloadSupervisionOrder',
          tags: ['督办'],
          summary: '下载督办单（Word），有权查看该案件的用户均可下载',
          params: z.object({ caseId: z.uuid({ error: '案件编号格式不正确' }), seq: z.coerce.number().int().min(1).max(1_000_000) }),
          produces: [DOCX, 'application/json'],
          response: { 200: z.any().describe('督办单 .docx；Content-Disposition 带中文文件名'), ...errors },
        },
      },
      async (request, reply) => {
        const file = await getSupervisionOrder(app, actorOf(request), request.params.caseId, request.params.seq);
        return sendDownload(reply, { contentType: DOCX, fileName: file.fileName, content: file.content });
      },
    );

    server.get(
      '/api/notifications',
      {
        schema: {
          operationId: 'listNotifications',
          tags: ['通知'],
          summary: '我的站内通知：未读在前、新的在前，按游标分页',
          querystring: z.object({
            cursor: z.string().max(300).optional(),
            limit: z.coerce.number().int().min(1).max(NOTIFICATION_PAGE_MAX).optional(),
          }),
          response: {
            200: z.object({ items: z.array(notificationSchema), nextCursor: z.string().nullable(), unread: z.int() }),
            ...errors,
          },
        },
      },
      (request) => listNotifications(app, actorOf(request), request.query),
    );

    server.get(
      '/api/notifications/unread-count',
      {
        schema: {
          operationId: 'countUnreadNotifications',
          tags: ['通知'],
          summary: '我的未读通知数，及按通知类型的未读数（受理台的新诉求角标）',
          response: {
            200: z.object({
              unread: z.int(),
              byKind: z.partialRecord(z.enum(NOTIFICATION_KINDS), z.int()).describe('各类型的未读数；没有未读的类型不列出'),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        return { unread: await countUnreadNotifications(app, actor), byKind: await countUnreadNotificationsByKind(app, actor) };
      },
    );

    server.post(
      '/api/notifications/:id/read',
      {
        schema: {
          operationId: 'markNotificationRead',
          tags: ['通知'],
          summary: '标记一条通知为已读（只能标记自己的）',
          params: z.object({ id: z.uuid({ error: '通知编号格式不正确' }) }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await markNotificationRead(app, actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    server.post(
      '/api/notifications/read-all',
      {
        schema: {
          operationId: 'markAllNotificationsRead',
          tags: ['通知'],
          summary: '将我的全部通知标记为已读',
          response: { 200: z.object({ marked: z.int() }), ...errors },
        },
      },
      async (request) => ({ marked: await markAllNotificationsRead(app, actorOf(request)) }),
    );

    server.get(
      '/api/webhook-subscriptions',
      {
        schema: {
          operationId: 'listWebhookSubscriptions',
          tags: ['Webhook'],
          summary: 'Webhook 订阅（系统管理员）',
          response: { 200: z.object({ items: z.array(subscriptionSchema) }), ...errors },
        },
      },
      async (request) => ({ items: await listWebhookSubscriptions(app, actorOf(request)) }),
    );

    server.post(
      '/api/webhook-subscriptions',
      {
        schema: {
          operationId: 'createWebhookSubscription',
          tags: ['Webhook'],
          summary: '新增 Webhook 订阅（系统管理员）；签名密钥只在此次返回',
          body: webhookSubscriptionInputSchema,
          response: { 201: subscriptionSchema.extend({ secret: z.string().describe('HMAC-SHA256 签名密钥，请妥善保存') }), ...errors, 422: errorBodySchema },
        },
      },
      async (request, reply) => reply.status(201).send(await createWebhookSubscription(app, actorOf(request), request.body, transport)),
    );

    server.patch(
      '/api/webhook-subscriptions/:id',
      {
        schema: {
          operationId: 'updateWebhookSubscription',
          tags: ['Webhook'],
          summary: '修改、停用或启用 Webhook 订阅（系统管理员）',
          params: z.object({ id: z.uuid({ error: '订阅编号格式不正确' }) }),
          body: webhookSubscriptionPatchSchema,
          response: { 200: subscriptionSchema, ...errors, 422: errorBodySchema },
        },
      },
      (request) => updateWebhookSubscription(app, actorOf(request), request.params.id, request.body, transport),
    );

    server.get(
      '/api/webhook-subscriptions/:id/deliveries',
      {
        schema: {
          operationId: 'listWebhookDeliveries',
          tags: ['Webhook'],
          summary: '某订阅最近的推送记录（系统管理员）',
          params: z.object({ id: z.uuid({ error: '订阅编号格式不正确' }) }),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  eventId: z.string(),
                  eventType: z.string(),
                  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
                  attempts: z.int(),
                  lastStatus: z.int().nullable(),
                  lastError: z.string().nullable(),
                  nextAttemptAt: z.string(),
                  createdAt: z.string(),
                  deliveredAt: z.string().nullable(),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (request) => ({ items: await listWebhookDeliveries(app, actorOf(request), request.params.id) }),
    );
  };
