import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { signIn, signOut } from '../../auth/sessions.ts';
import { mayImportIntake, registrationAbilities } from '../../domain/access/case-policy.ts';
import { ROLE_LABEL, ROLES, type Actor } from '../../domain/access/roles.ts';
import { followsPolicyFunds } from '../../domain/benefits/funds.ts';
import { OPEN_LINES, type OpenLine } from '../../domain/lines/registry.ts';
import { readInvestmentAbilities } from '../../investment/read-abilities.ts';
import { SOURCES } from '../../domain/lines/vocabulary.ts';
import { getUnit, ledMatrixRows } from '../../reference/reference-data.ts';
import { actorOf, requireActor, SESSION_COOKIE, sessionToken } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';

const userSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    roleLabel: z.string(),
    unit: z.object({ id: z.string(), name: z.string(), creditCode: z.string().nullable() }).nullable(),
    jurisdictionScope: z.array(z.string()),
    abilities: z
      .object({
        register: z.array(
          z.object({
            line: z.enum(OPEN_LINES as [OpenLine, ...OpenLine[]]),
            sources: z.array(z.enum(SOURCES)).readonly(),
            responsibleUnits: z.discriminatedUnion('kind', [
              z.object({ kind: z.literal('any') }),
              z.object({ kind: z.literal('own'), unitId: z.string() }),
              z.object({ kind: z.literal('jurisdictions'), jurisdictionIds: z.array(z.string()).readonly() }),
              z
                .object({
                  kind: z.literal('matrix'),
                  covers: z
                    .array(
                      z.object({
                        unitKinds: z.array(z.string()).readonly().describe('责任单位的类别'),
                        level: z.enum(['city', 'county']).nullable().describe('责任单位的层级：city 市直，county 县市区和管委会；null 不限'),
                      }),
                    )
                    .readonly(),
                })
                .describe('牵头部门：本单位牵头的责任分工矩阵条目所覆盖的责任单位（排查，S3）'),
            ]),
            ownEnterprise: z.boolean(),
          }),
        ),
        funds: z.boolean().describe('跟踪全市政策兑现资金（P5）：资金拨付和政策评估页面（营商办、领导、财政部门）'),
        investment: z
          .object({ reads: z.boolean(), keeps: z.boolean(), fulfils: z.boolean() })
          .describe('招商引资项目与承诺（S6）：reads 查看本范围的项目与承诺（营商办、领导、市招商局、县市区），keeps 登记和导入（市招商局、县市区），fulfils 本单位有须履约的承诺'),
        importIntake: z.boolean().describe('可导入湖北省中小微企业诉求响应平台的诉求（S3：市营商办，及牵头该平台矩阵条目的市经信局）'),
      })
      .describe('当前用户可做的事：可登记的专项行动、来源与责任单位范围（S3），是否可导入省平台诉求，是否跟踪政策资金（P5），界面据此显示'),
  })
  .meta({ id: 'User' });

const userOf = async (app: AppContext, actor: Actor) => {
  const unit = actor.unitId === null ? null : await getUnit(app.db, app.tenantId, actor.unitId);
  const ledRows = await ledMatrixRows(app.db, app.tenantId, actor.unitId);
  return {
    id: actor.id,
    name: actor.name,
    role: actor.role,
    roleLabel: ROLE_LABEL[actor.role],
    unit: unit === null ? null : { id: unit.id, name: unit.name, creditCode: unit.creditCode },
    jurisdictionScope: [...actor.jurisdictionScope],
    abilities: {
      register: registrationAbilities(actor, ledRows),
      funds: followsPolicyFunds(actor),
      investment: await readInvestmentAbilities(app, actor),
      importIntake: mayImportIntake(actor, ledRows),
    },
  };
};

export const sessionRoutes =
  (app: AppContext, options: { secureCookies: boolean }): FastifyPluginAsyncZod =>
  async (server) => {
    server.post(
      '/api/session',
      {
        schema: {
          operationId: 'signIn',
          tags: ['会话'],
          summary: '登录',
          body: z.object({
            username: z.string().trim().min(1, { error: '请输入用户名' }).max(64),
            password: z.string().min(1, { error: '请输入密码' }).max(256),
          }),
          response: {
            200: z.object({ user: userSchema, token: z.string(), expiresAt: z.string() }),
            401: errorBodySchema,
          },
        },
        config: {
          // Per account name and client: colleagues behind one government NAT address do not
          // lock each other out, while guessing one account's password is slowed down.
          rateLimit: {
            max: 10,
            timeWindow: '1 minute',
            hook: 'preHandler',
            keyGenerator: (request) => `${request.ip}|${String((request.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
          },
        },
      },
      async (request, reply) => {
        const session = await signIn(app, request.body.username, request.body.password);
        reply.setCookie(SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: options.secureCookies,
          path: '/',
          expires: session.expiresAt,
        });
        return { user: await userOf(app, session.actor), token: session.token, expiresAt: session.expiresAt.toISOString() };
      },
    );

    server.get(
      '/api/session',
      {
        schema: { operationId: 'getSession', tags: ['会话'], summary: '当前登录用户', response: { 200: z.object({ user: userSchema }), 401: errorBodySchema } },
        preHandler: requireActor(app),
      },
      async (request) => ({ user: await userOf(app, actorOf(request)) }),
    );

    server.delete(
      '/api/session',
      { schema: { operationId: 'signOut', tags: ['会话'], summary: '退出登录', response: { 204: z.null() } } },
      async (request, reply) => {
        const token = sessionToken(request);
        if (token !== null) await signOut(app, token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );
  };
