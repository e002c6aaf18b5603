import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { todayInShanghai } from '../../domain/calendar.ts';
import { XLSX_CONTENT_TYPE } from '../../io/dispatch-workbook.ts';
import { recordSecurityEvent } from '../../security/audit-log.ts';
import { SECURITY_EVENT_KINDS } from '../../security/event-kinds.ts';
import {
  EXPORT_MAX_ROWS,
  exportSecurityEvents,
  listSecurityEvents,
  listSecurityEventsQuerySchema,
  securityEventFiltersSchema,
  securityLogStatus,
} from '../../security/read-security-events.ts';
import { securityLogFileName, securityLogWorkbook } from '../../security/security-log-workbook.ts';
import { actorOf, requireActor } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { errorBodySchema } from '../errors.ts';

const tags = ['安全审计'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };

const eventSchema = z.object({
  seq: z.int(),
  at: z.string(),
  kind: z.enum(SECURITY_EVENT_KINDS),
  outcome: z.enum(['success', 'failure']),
  account: z.object({ id: z.string(), username: z.string().nullable(), displayName: z.string().nullable() }).nullable(),
  username: z.string().nullable().describe('登录时输入的用户名（账号不存在时）'),
  address: z.string().nullable(),
  object: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

/**
 * The security audit log for the audit administrator only (三员分立: not the system or the
 * security administrator): the events, their workbook (itself recorded), and the chain's status.
 */
export const securityEventRoutes =
  (app: AppContext, options: { readonly anchorDir: string | null }): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/security-events',
      {
        schema: {
          operationId: 'listSecurityEvents',
          tags,
          summary: '安全审计日志：登录、失败、越权、导出下载、账号与策略变更等事件，按时间从新到旧（仅审计管理员）',
          querystring: listSecurityEventsQuerySchema,
          response: { 200: z.object({ items: z.array(eventSchema), nextBefore: z.int().nullable().describe('下一页的 before 参数；null 表示没有更多') }), ...errors },
        },
      },
      (request) => listSecurityEvents(app, actorOf(request), request.query),
    );

    server.get(
      '/api/security-events.xlsx',
      {
        schema: {
          operationId: 'exportSecurityEvents',
          tags,
          summary: `导出安全审计日志工作簿，筛选同列表（最多最新的${EXPORT_MAX_ROWS}条；导出本身记入日志；仅审计管理员）`,
          querystring: securityEventFiltersSchema,
          produces: [XLSX_CONTENT_TYPE],
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const { items, truncated } = await exportSecurityEvents(app, actor, request.query);
        const asOf = todayInShanghai(app.clock());
        const content = await securityLogWorkbook(items, { asOf, filters: request.query, truncated, max: EXPORT_MAX_ROWS });
        await recordSecurityEvent(app, {
          kind: 'audit_log_exported',
          outcome: 'success',
          accountId: actor.id,
          address: request.ip,
          object: 'GET /api/security-events.xlsx',
          details: { filters: request.query, rows: items.length, truncated },
        });
        return sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName: securityLogFileName(asOf), asciiFileName: `security-log-${asOf}.xlsx`, content });
      },
    );

    server.get(
      '/api/security-events/verify',
      {
        schema: {
          operationId: 'verifySecurityLog',
          tags,
          summary: '核验安全审计日志的密钥封印链与锚点（案件事件链的全量核验请用 chengxin verify-audit；仅审计管理员）',
          response: {
            200: z.object({
              checkedAt: z.string(),
              intact: z.boolean(),
              events: z.int(),
              firstSeq: z.int().nullable(),
              lastSeq: z.int().nullable(),
              purgedThroughSeq: z.int().nullable().describe('按保存期限已清理至此序号'),
              anchors: z.int(),
              latestAnchorAt: z.string().nullable(),
              anchorFileChecked: z.boolean(),
              problems: z.array(z.string()),
            }),
            ...errors,
          },
        },
      },
      (request) => securityLogStatus(app, actorOf(request), { anchorDir: options.anchorDir }),
    );
  };
