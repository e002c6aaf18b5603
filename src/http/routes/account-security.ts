/**
 * An account's credentials as its administrator handles them (issue 11): unlock, reset the
 * password or the second factor, list and end its sessions — each for whoever
 * `mayManageAccount` allows (the 系统管理员 for case-work accounts, a county coordinator for the
 * handlers of the county's units; never one's own account, never an administrator's).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { endAccountSessions, listAccountSessions, resetPassword, resetSecondFactor, unlockAccount } from '../../auth/account-security.ts';
import { referenceKey } from '../../domain/case/fields.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';
import { sessionViewSchema } from './session.ts';

const tags = ['账号安全'];
const params = z.object({ id: referenceKey('账号') });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

export const accountSecurityRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.post(
      '/api/accounts/:id/unlock',
      { schema: { operationId: 'unlockAccount', tags, summary: '解锁因连续登录失败而锁定的账号', params, response: { 204: z.null(), ...errors } } },
      async (request, reply) => {
        await unlockAccount(app, actorOf(request), request.params.id, request.ip);
        return reply.status(204).send(null);
      },
    );

    server.post(
      '/api/accounts/:id/password-reset',
      {
        schema: {
          operationId: 'resetAccountPassword',
          tags,
          summary: '重置密码：生成临时密码（只显示这一次），账号下次登录须修改；同时解除锁定并结束其所有会话',
          params,
          response: { 200: z.object({ temporaryPassword: z.string() }), ...errors },
        },
      },
      async (request) => resetPassword(app, actorOf(request), request.params.id, request.ip),
    );

    server.post(
      '/api/accounts/:id/second-factor-reset',
      {
        schema: {
          operationId: 'resetAccountSecondFactor',
          tags,
          summary: '重置两步验证（如手机丢失）：账号下次登录后重新绑定；同时结束其所有会话',
          params,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await resetSecondFactor(app, actorOf(request), request.params.id, request.ip);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/api/accounts/:id/sessions',
      {
        schema: { operationId: 'listAccountSessions', tags, summary: '账号的所有未结束会话', params, response: { 200: z.object({ items: z.array(sessionViewSchema) }), ...errors } },
      },
      async (request) => ({ items: await listAccountSessions(app, actorOf(request), request.params.id) }),
    );

    server.delete(
      '/api/accounts/:id/sessions',
      { schema: { operationId: 'endAccountSessions', tags, summary: '结束账号的所有会话（强制下线）', params, response: { 204: z.null(), ...errors } } },
      async (request, reply) => {
        await endAccountSessions(app, actorOf(request), request.params.id, request.ip);
        return reply.status(204).send(null);
      },
    );
  };
