/** The city's security policy, read and set by its 安全管理员 alone (issue 11, 三员分立). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { assertSecurityAdmin, loadSecurityPolicy, saveSecurityPolicy, securityPolicySchema, securityPolicyView } from '../../auth/security-policy.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';

const tags = ['安全策略'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema };

export const securityPolicyRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/security-policy',
      {
        schema: {
          operationId: 'getSecurityPolicy',
          tags,
          summary: '安全策略：密码策略、登录失败锁定、会话时限、须两步验证的角色、工作人员允许访问的网段（安全管理员）',
          response: { 200: securityPolicySchema, ...errors },
        },
      },
      async (request) => {
        assertSecurityAdmin(actorOf(request));
        return securityPolicyView(await loadSecurityPolicy(app));
      },
    );

    server.put(
      '/api/security-policy',
      {
        schema: {
          operationId: 'updateSecurityPolicy',
          tags,
          summary: '修改安全策略（安全管理员；每次修改连同修改前后的内容记入安全审计日志）',
          body: securityPolicySchema,
          response: { 200: securityPolicySchema, ...errors },
        },
      },
      async (request) => securityPolicyView(await saveSecurityPolicy(app, actorOf(request), request.body, request.ip)),
    );
  };
