import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { beginSecondFactorEnrollment, changePassword, confirmSecondFactor, revokeOwnSession } from '../../auth/account-security.ts';
import { DEVICE_COOKIE, DEVICE_COOKIE_DAYS, deviceCookieValue, readDeviceCookie } from '../../auth/device-cookie.ts';
import {
  listSessionsOf,
  mustChangePassword,
  secondFactorEnrolled,
  secondFactorNeeded,
  signOut,
  type Authenticated,
} from '../../auth/sessions.ts';
import { signIn } from '../../auth/sign-in.ts';
import { SignInGuard } from '../../auth/sign-in-guard.ts';
import type { Account } from '../../db/schema.ts';
import { PASSWORD_PROFILES, passwordRuleText } from '../../domain/identity/password-policy.ts';
import type { SecurityPolicy } from '../../domain/identity/security-policy.ts';
import { mayImportIntake, registrationAbilities } from '../../domain/access/case-policy.ts';
import { ledgerImportLines } from '../../cases/import-ledger.ts';
import { ROLE_LABEL, ROLES, type Actor } from '../../domain/access/roles.ts';
import { AppError } from '../../domain/errors.ts';
import { followsPolicyFunds } from '../../domain/benefits/funds.ts';
import { OPEN_LINES, type OpenLine } from '../../domain/lines/registry.ts';
import { readInvestmentAbilities } from '../../investment/read-abilities.ts';
import { LINES, SOURCES } from '../../domain/lines/vocabulary.ts';
import { getUnit, ledMatrixRows } from '../../reference/reference-data.ts';
import { loadSecurityPolicy } from '../../auth/security-policy.ts';
import { actorOf, requireActor, SESSION_COOKIE, sessionToken, signedInOf } from '../auth.ts';
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
        importLedger: z.boolean().describe('可导入台账（至少一个专项行动；市营商办；县市区、责任单位、牵头部门限其可登记的单位）'),
        importLedgerLines: z.array(z.enum(LINES)).describe('可导入台账的专项行动（导入台账对话框据此列出可选的专项行动）'),
      })
      .describe('当前用户可做的事：可登记的专项行动、来源与责任单位范围（S3），是否可导入省平台诉求，是否跟踪政策资金（P5），界面据此显示'),
    mustChangePassword: z.boolean().describe('须先修改密码：首次登录、管理员重置后，或等保策略下密码已满 90 天'),
    restricted: z
      .enum(['change_password', 'enroll_second_factor'])
      .nullable()
      .describe('本会话受限时只能做的事：change_password 修改密码，enroll_second_factor 绑定两步验证；null 不受限'),
    secondFactor: z.object({ required: z.boolean(), enrolled: z.boolean() }).describe('两步验证（TOTP）：是否要求、是否已绑定'),
    passwordPolicy: z.object({ profile: z.enum(PASSWORD_PROFILES), rule: z.string() }).describe('本市的密码策略及其规则说明'),
    demo: z.boolean().describe('演示账号且服务以演示模式运行：仅凭公开密码登录'),
  })
  .meta({ id: 'User' });

const identityOf = (account: Account, policy: SecurityPolicy, restricted: Authenticated['session']['restricted'], now: Date, demoMode: boolean) => ({
  mustChangePassword: mustChangePassword(account, policy, now, demoMode),
  restricted,
  secondFactor: { required: secondFactorNeeded(account, policy, demoMode), enrolled: secondFactorEnrolled(account) },
  passwordPolicy: { profile: policy.passwordProfile, rule: passwordRuleText(policy.passwordProfile) },
  demo: demoMode && account.demo,
});

const userOf = async (app: AppContext, actor: Actor, identity: ReturnType<typeof identityOf>) => {
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
      importLedger: ledgerImportLines(actor, ledRows).length > 0,
      importLedgerLines: ledgerImportLines(actor, ledRows),
    },
    ...identity,
  };
};

const sessionViewSchema = z
  .object({
    id: z.string().describe('会话的公开编号（不是令牌）'),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string().describe('无操作时的到期时间（不超过最长有效期）'),
    address: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean().describe('是否为发出本请求的会话'),
  })
  .meta({ id: 'SessionView' });

export { sessionViewSchema };

const restrictedSchema = z.object({ restricted: z.enum(['change_password', 'enroll_second_factor']).nullable() });

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 423: errorBodySchema, 429: errorBodySchema };

export const sessionRoutes =
  (app: AppContext, options: { secureCookies: boolean; demo?: boolean }): FastifyPluginAsyncZod =>
  async (server) => {
    const demoMode = options.demo ?? false;
    const guard = new SignInGuard(app.clock);
    const context = (request: FastifyRequest) => ({ address: request.ip, demoMode });

    server.post(
      '/api/session',
      {
        schema: {
          operationId: 'signIn',
          tags: ['会话'],
          summary: '登录（须两步验证的账号同时提交 totp 动态验证码）',
          description:
            '连续失败达到安全策略的次数后账号锁定（423 ACCOUNT_LOCKED）；同一地址失败过多时暂停该地址登录（429 RATE_LIMITED），曾在本浏览器成功登录该账号的设备不受这两项限制。已绑定两步验证而未提交验证码时返回 401 SECOND_FACTOR_REQUIRED。',
          body: z.object({
            username: z.string().trim().min(1, { error: '请输入用户名' }).max(64),
            password: z.string().min(1, { error: '请输入密码' }).max(256),
            totp: z.string().trim().max(16).optional().describe('身份验证器中的 6 位动态验证码'),
          }),
          response: {
            200: z.object({ user: userSchema, token: z.string(), expiresAt: z.string(), absoluteExpiresAt: z.string() }),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const now = app.clock();
        const session = await signIn(app, request.body.username, request.body.password, {
          totp: request.body.totp ?? null,
          address: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          demoMode,
          device: readDeviceCookie(app.keys, app.tenantId, request.cookies[DEVICE_COOKIE], now),
          guard,
        }).catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'RATE_LIMITED') reply.header('retry-after', String(error.details.retryAfterSeconds));
          throw error;
        });
        reply.setCookie(SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: options.secureCookies,
          path: '/',
          expires: session.absoluteExpiresAt,
        });
        const known = readDeviceCookie(app.keys, app.tenantId, request.cookies[DEVICE_COOKIE], now);
        reply.setCookie(DEVICE_COOKIE, deviceCookieValue(app.keys, app.tenantId, session.account.id, now, known?.deviceId), {
          httpOnly: true,
          sameSite: 'strict',
          secure: options.secureCookies,
          path: '/api/session',
          expires: new Date(now.getTime() + DEVICE_COOKIE_DAYS * 24 * 60 * 60 * 1000),
        });
        const policy = await loadSecurityPolicy(app);
        return {
          user: await userOf(app, session.actor, identityOf(session.account, policy, session.restricted, now, demoMode)),
          token: session.token,
          expiresAt: session.expiresAt.toISOString(),
          absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
        };
      },
    );

    server.get(
      '/api/session',
      {
        schema: { operationId: 'getSession', tags: ['会话'], summary: '当前登录用户', response: { 200: z.object({ user: userSchema }), 401: errorBodySchema, 403: errorBodySchema } },
        preHandler: requireActor(app),
        config: { allowRestricted: true },
      },
      async (request) => {
        const signedIn = signedInOf(request);
        return { user: await userOf(app, actorOf(request), identityOf(signedIn.account, signedIn.policy, signedIn.session.restricted, app.clock(), demoMode)) };
      },
    );

    server.delete(
      '/api/session',
      { schema: { operationId: 'signOut', tags: ['会话'], summary: '退出登录', response: { 204: z.null(), 403: errorBodySchema } } },
      async (request, reply) => {
        const token = sessionToken(request);
        if (token !== null) await signOut(app, token, request.ip);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    server.post(
      '/api/session/password',
      {
        schema: {
          operationId: 'changePassword',
          tags: ['会话'],
          summary: '修改本人密码（按本市密码策略检查；其他会话随即结束）',
          body: z.object({
            currentPassword: z.string().min(1, { error: '请输入当前密码' }).max(256),
            newPassword: z.string().min(1, { error: '请输入新密码' }).max(256, { error: '密码不能超过 128 位' }),
          }),
          response: { 200: restrictedSchema, ...errors },
        },
        preHandler: requireActor(app),
        config: { allowRestricted: true },
      },
      async (request) => changePassword(app, signedInOf(request), request.body, context(request)),
    );

    server.post(
      '/api/session/second-factor',
      {
        schema: {
          operationId: 'beginSecondFactorEnrollment',
          tags: ['会话'],
          summary: '开始绑定两步验证：生成 TOTP 密钥和 otpauth:// 地址（以二维码供身份验证器扫描），再以验证码确认',
          response: { 200: z.object({ secret: z.string().describe('Base32 密钥，可手动输入身份验证器'), uri: z.string() }), ...errors },
        },
        preHandler: requireActor(app),
        config: { allowRestricted: true },
      },
      async (request) => beginSecondFactorEnrollment(app, signedInOf(request), context(request)),
    );

    server.post(
      '/api/session/second-factor/confirm',
      {
        schema: {
          operationId: 'confirmSecondFactor',
          tags: ['会话'],
          summary: '以身份验证器中的验证码确认绑定两步验证',
          body: z.object({ code: z.string().trim().min(1, { error: '请输入验证码' }).max(16) }),
          response: { 200: restrictedSchema, ...errors },
        },
        preHandler: requireActor(app),
        config: { allowRestricted: true },
      },
      async (request) => confirmSecondFactor(app, signedInOf(request), request.body.code, context(request)),
    );

    server.get(
      '/api/session/sessions',
      {
        schema: { operationId: 'listMySessions', tags: ['会话'], summary: '我的会话：本人所有未结束的登录（标出当前会话）', response: { 200: z.object({ items: z.array(sessionViewSchema) }), ...errors } },
        preHandler: requireActor(app),
        config: { allowRestricted: true },
      },
      async (request) => {
        const signedIn = signedInOf(request);
        return { items: await listSessionsOf(app, signedIn.account, signedIn.session.id) };
      },
    );

    server.delete(
      '/api/session/sessions/:id',
      {
        schema: {
          operationId: 'revokeMySession',
          tags: ['会话'],
          summary: '结束本人的一个会话（如在其他电脑上忘记退出）',
          params: z.object({ id: z.uuid({ error: '会话编号格式不正确' }) }),
          response: { 204: z.null(), ...errors },
        },
        preHandler: requireActor(app),
        config: { allowRestricted: true },
      },
      async (request, reply) => {
        const { current } = await revokeOwnSession(app, signedInOf(request), request.params.id, request.ip);
        if (current) reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );
  };
