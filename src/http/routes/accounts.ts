/**
 * The accounts of case work (issue 11, 三员分立): the system administrator's, and a county
 * coordinator's for the handlers of the county's units. Unlocking, resetting and sessions are
 * the identity's (`account-security.ts`).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { accountViewSchema, listAccounts, listAccountsQuerySchema, readAccount } from '../../accounts/account-views.ts';
import { createAccount, createAccountSchema } from '../../accounts/create-account.ts';
import { listAccountUnitOptions, unitOptionsQuerySchema } from '../../accounts/list-unit-options.ts';
import { revealAccountPhone } from '../../accounts/reveal-account-phone.ts';
import { updateAccount, updateAccountSchema } from '../../accounts/update-account.ts';
import { assignableRoles } from '../../domain/access/account-policy.ts';
import { ROLE_LABEL, ROLES } from '../../domain/access/roles.ts';
import { referenceKey } from '../../domain/case/fields.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';
import { revealedPhoneSchema, sendRevealedPhone } from '../revealed-phone.ts';

const tags = ['账号管理'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema };

export const accountRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/accounts',
      {
        schema: {
          operationId: 'listAccounts',
          tags,
          summary: '账号列表：系统管理员看全部账号，县市区/管委会统筹人看本县市区单位的经办人账号',
          querystring: listAccountsQuerySchema,
          response: {
            200: z.object({
              items: z.array(accountViewSchema),
              total: z.int(),
              page: z.int(),
              pageSize: z.int(),
              assignableRoles: z.array(z.object({ role: z.enum(ROLES), label: z.string() })).describe('当前用户可以设置的角色'),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const page = await listAccounts(app, actor, request.query);
        return { ...page, assignableRoles: assignableRoles(actor).map((role) => ({ role, label: ROLE_LABEL[role] })) };
      },
    );

    server.get(
      '/api/accounts/unit-options',
      {
        schema: {
          operationId: 'listAccountUnitOptions',
          tags,
          summary: '某角色的账号可以归属的单位（与保存时的规则相同）',
          querystring: unitOptionsQuerySchema,
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  name: z.string(),
                  kind: z.string(),
                  jurisdictionId: z.string(),
                  jurisdictionName: z.string(),
                  coordinates: z.string().nullable().describe('县市区/管委会统筹人：该政府所统筹的属地'),
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      async (request) => ({ items: await listAccountUnitOptions(app, actorOf(request), request.query) }),
    );

    server.post(
      '/api/accounts',
      {
        schema: {
          operationId: 'createAccount',
          tags,
          summary: '新建账号：服务器生成临时密码（只返回这一次），账号首次登录须修改',
          body: createAccountSchema,
          response: { 201: z.object({ account: accountViewSchema, temporaryPassword: z.string() }), ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await createAccount(app, actorOf(request), request.body, { address: request.ip })),
    );

    server.get(
      '/api/accounts/:id',
      {
        schema: {
          operationId: 'getAccount',
          tags,
          summary: '一个账号（系统管理员；县市区/管委会统筹人限本县市区单位的经办人）',
          params: z.object({ id: referenceKey('账号') }),
          response: { 200: accountViewSchema, ...errors },
        },
      },
      (request) => readAccount(app, actorOf(request), request.params.id),
    );

    server.patch(
      '/api/accounts/:id',
      {
        schema: {
          operationId: 'updateAccount',
          tags,
          summary: '修改账号的姓名、电话、角色、单位、属地，或停用/启用；停用或改变角色、单位即结束其所有会话',
          params: z.object({ id: referenceKey('账号') }),
          body: updateAccountSchema,
          response: { 200: accountViewSchema, ...errors },
        },
      },
      async (request) => updateAccount(app, actorOf(request), request.params.id, request.body, { address: request.ip }),
    );

    server.post(
      '/api/accounts/:id/phone/reveal',
      {
        schema: {
          operationId: 'revealAccountPhone',
          tags,
          summary: '查看账号的完整联系电话（管理该账号的系统管理员或县市区/管委会统筹人），每次查看记入安全审计日志',
          params: z.object({ id: referenceKey('账号') }),
          response: { 200: revealedPhoneSchema, ...errors },
        },
      },
      async (request, reply) => sendRevealedPhone(reply, await revealAccountPhone(app, actorOf(request), request.params.id, { address: request.ip })),
    );
  };
