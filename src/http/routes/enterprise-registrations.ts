/**
 * Enterprises register themselves (SPEC §5, issue 11): the form is public and limited per client
 * address; 营商办 or the system administrator confirms or rejects each registration.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import {
  confirmEnterpriseRegistration,
  confirmRegistrationSchema,
  listEnterpriseRegistrations,
  listRegistrationsQuerySchema,
  lookUpEnterpriseRegistration,
  registrationOptions,
  rejectEnterpriseRegistration,
  revealRegistrationPhone,
  submitEnterpriseRegistration,
} from '../../accounts/enterprise-registrations.ts';
import { usernameSchema } from '../../domain/accounts/account-fields.ts';
import { REGISTRATION_STATUSES, registrationInputSchema, rejectionSchema } from '../../domain/accounts/registration.ts';
import { PASSWORD_PROFILES } from '../../domain/identity/password-policy.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';
import { revealedPhoneSchema, sendRevealedPhone } from '../revealed-phone.ts';

const tags = ['企业注册'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 422: errorBodySchema, 429: errorBodySchema };
const params = z.object({ id: z.uuid({ error: '注册申请编号格式不正确' }) });

/** Submissions per client address: a company registers once; a spray of fake registrations is slowed to a trickle. */
export const REGISTRATION_SUBMISSIONS_PER_HOUR = 10;
/** Status look-ups per client address. */
export const REGISTRATION_LOOKUPS_PER_HOUR = 30;

const registrationViewSchema = z
  .object({
    id: z.string(),
    creditCode: z.string(),
    enterpriseName: z.string(),
    jurisdiction: z.object({ id: z.string(), name: z.string() }),
    contactName: z.string(),
    contactPhone: z.string().describe('联系电话（脱敏；审核人可查看完整号码，查看记入安全审计日志）'),
    username: z.string(),
    status: z.enum(REGISTRATION_STATUSES),
    statusLabel: z.string(),
    submittedAt: z.string(),
    decidedAt: z.string().nullable(),
    decidedByName: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    existingUnit: z.object({ id: z.string(), name: z.string(), jurisdictionId: z.string() }).nullable().describe('平台中已有的同一信用代码的企业（确认时沿用）'),
    accountId: z.string().nullable(),
  })
  .meta({ id: 'EnterpriseRegistration' });

const perAddress = (max: number) => ({ rateLimit: { max, timeWindow: '1 hour', keyGenerator: (request: { ip: string }) => request.ip } });

export const enterpriseRegistrationRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.get(
      '/api/enterprise-registrations/options',
      {
        schema: {
          operationId: 'getEnterpriseRegistrationOptions',
          tags,
          summary: '企业注册表单所需：县市区列表和本市的密码规则（无需登录）',
          security: [],
          response: {
            200: z.object({
              jurisdictions: z.array(z.object({ id: z.string(), name: z.string(), level: z.string(), parentId: z.string().nullable() })),
              passwordProfile: z.enum(PASSWORD_PROFILES),
              passwordRule: z.string(),
            }),
          },
        },
      },
      () => registrationOptions(app),
    );

    server.post(
      '/api/enterprise-registrations',
      {
        schema: {
          operationId: 'submitEnterpriseRegistration',
          tags,
          summary: '企业自助注册（无需登录）：校验统一社会信用代码，提交后待市营商办或系统管理员审核',
          security: [],
          body: registrationInputSchema,
          response: {
            201: z.object({ id: z.string(), status: z.literal('pending'), statusLabel: z.string(), submittedAt: z.string() }),
            ...errors,
          },
        },
        config: perAddress(REGISTRATION_SUBMISSIONS_PER_HOUR),
      },
      async (request, reply) => reply.status(201).send(await submitEnterpriseRegistration(app, request.body, { address: request.ip })),
    );

    server.get(
      '/api/enterprise-registrations/status',
      {
        schema: {
          operationId: 'lookUpEnterpriseRegistration',
          tags,
          summary: '按用户名和统一社会信用代码查询注册申请的审核进度（无需登录）',
          security: [],
          querystring: z.object({ username: usernameSchema, creditCode: z.string().trim().min(1, { error: '请填写统一社会信用代码' }).max(40) }),
          response: {
            200: z.object({
              status: z.enum(REGISTRATION_STATUSES),
              statusLabel: z.string(),
              enterpriseName: z.string(),
              submittedAt: z.string(),
              decidedAt: z.string().nullable(),
              rejectionReason: z.string().nullable(),
            }),
            ...errors,
          },
        },
        config: perAddress(REGISTRATION_LOOKUPS_PER_HOUR),
      },
      (request) => lookUpEnterpriseRegistration(app, request.query.username, request.query.creditCode),
    );

    server.get(
      '/api/enterprise-registrations',
      {
        schema: {
          operationId: 'listEnterpriseRegistrations',
          tags,
          summary: '企业注册申请（市营商办、系统管理员），最新的在前',
          querystring: listRegistrationsQuerySchema,
          response: { 200: z.object({ items: z.array(registrationViewSchema), total: z.int(), page: z.int(), pageSize: z.int() }), ...errors },
        },
        preHandler: requireActor(app),
      },
      (request) => listEnterpriseRegistrations(app, actorOf(request), request.query),
    );

    server.post(
      '/api/enterprise-registrations/:id/confirm',
      {
        schema: {
          operationId: 'confirmEnterpriseRegistration',
          tags,
          summary: '通过企业注册：按信用代码沿用或登记企业，开通企业账号（用企业自设的密码）',
          params,
          body: confirmRegistrationSchema.optional(),
          response: { 200: registrationViewSchema, ...errors },
        },
        preHandler: requireActor(app),
      },
      (request) => confirmEnterpriseRegistration(app, actorOf(request), request.params.id, request.body ?? {}, { address: request.ip }),
    );

    server.post(
      '/api/enterprise-registrations/:id/reject',
      {
        schema: {
          operationId: 'rejectEnterpriseRegistration',
          tags,
          summary: '不通过企业注册，并说明理由（企业查询进度时可见）',
          params,
          body: rejectionSchema,
          response: { 200: registrationViewSchema, ...errors },
        },
        preHandler: requireActor(app),
      },
      (request) => rejectEnterpriseRegistration(app, actorOf(request), request.params.id, request.body.reason, { address: request.ip }),
    );

    server.post(
      '/api/enterprise-registrations/:id/phone/reveal',
      {
        schema: {
          operationId: 'revealEnterpriseRegistrationPhone',
          tags,
          summary: '查看注册申请联系人的完整电话（市营商办、系统管理员，审核时核实用），每次查看记入安全审计日志',
          params,
          response: { 200: revealedPhoneSchema, ...errors },
        },
        preHandler: requireActor(app),
      },
      async (request, reply) => sendRevealedPhone(reply, await revealRegistrationPhone(app, actorOf(request), request.params.id, { address: request.ip })),
    );
  };
