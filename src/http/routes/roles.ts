/** The role catalogue (角色与权限): what each role may do, for the 安全管理员 and the 审计管理员 (issue 11, 三员分立). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { loadSecurityPolicy } from '../../auth/security-policy.ts';
import { RELATION_LABEL } from '../../domain/access/case-policy.ts';
import {
  ACCOUNT_REACH_LABEL,
  authorizeRoleCatalogue,
  CASE_RIGHT_LABEL,
  CREDIT_RIGHT_LABEL,
  DISCLOSURE_RIGHT_LABEL,
  PROPOSAL_RIGHT_LABEL,
  REFERENCE_KIND_LABEL,
  REGISTRATION_REACH_LABEL,
  roleCatalogue,
  UNIT_REACH_LABEL,
} from '../../domain/access/role-catalogue.ts';
import { ROLES } from '../../domain/access/roles.ts';
import { SOURCES } from '../../domain/lines/vocabulary.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';

/** The codes of a label table, as the tuple `z.enum` takes. */
const codesOf = <Code extends string>(labels: Record<Code, string>) => Object.keys(labels) as [Code, ...Code[]];

/** The catalogue's lists are read-only in the domain. */
const list = <Item extends z.ZodType>(item: Item) => z.array(item).readonly();

const labelled = <Code extends string>(codes: readonly [Code, ...Code[]]) => z.object({ code: z.enum(codes), label: z.string() });

const relation = labelled(codesOf(RELATION_LABEL));
const accountReach = labelled(codesOf(ACCOUNT_REACH_LABEL)).describe('all：全市；jurisdiction：本县市区/管委会的单位；none：无');
const unitReach = labelled(codesOf(UNIT_REACH_LABEL)).describe('all：全市各单位；jurisdiction：本县市区/管委会各单位；unit：本单位');

const roleCatalogueEntrySchema = z
  .object({
    role: z.enum(ROLES),
    label: z.string(),
    administrator: z.boolean().describe('是否三员（系统、安全、审计管理员）之一'),
    cases: list(z.object({ relation, rights: list(labelled(codesOf(CASE_RIGHT_LABEL))) })).describe(
      '案件权限：每条访问规则一项，对哪些案件（relation）可以做什么（rights）',
    ),
    registers: list(
      z.object({ sources: list(labelled(SOURCES)), reach: labelled(codesOf(REGISTRATION_REACH_LABEL)), ownEnterpriseOnly: z.boolean() }),
    ).describe('登记案件：可用的来源渠道和可登记的责任单位'),
    accounts: z.object({
      assigns: list(labelled(ROLES)).describe('可以授予账号的角色'),
      reach: accountReach,
      reviewsRegistrations: z.boolean().describe('审核企业注册'),
    }),
    referenceData: list(labelled(codesOf(REFERENCE_KIND_LABEL))).describe('可以修改的参考数据（所有角色均可查看）'),
    setsSecurityPolicy: z.boolean(),
    readsRoleCatalogue: z.boolean(),
    readsSecurityLog: z.boolean(),
    personalData: z
      .object({ cases: list(relation), accountPhones: accountReach, registrationPhones: z.boolean() })
      .describe('可以查看完整手机号的范围（每次查看记入安全审计日志）'),
    disclosure: list(z.object({ reach: unitReach, rights: list(labelled(codesOf(DISCLOSURE_RIGHT_LABEL))) })).describe(
      '逾期账款年度公开（保障中小企业款项支付条例第十八条）：对哪些单位的数据（reach）可以查看、下载工作簿、生成草稿、发布（rights）；已公开的数据任何人可查看',
    ),
    credit: z
      .object({
        proposals: list(z.object({ relation, rights: list(labelled(codesOf(PROPOSAL_RIGHT_LABEL))) })).describe('对哪些案件可以提请信用办认定失信、查看提请'),
        records: list(z.object({ reach: unitReach, rights: list(labelled(codesOf(CREDIT_RIGHT_LABEL))) })).describe(
          '对哪些单位的违约失信记录可以查看、责令整改、记录整改完成或拒不整改、认定失信、异议与修复、报送全国平台',
        ),
      })
      .describe('信用记录（S4）'),
    signIn: z
      .object({
        secondFactor: z.boolean(),
        idleMinutes: z.int(),
        absoluteHours: z.int(),
        allowedNetworks: list(z.string()).describe('允许登录的网段；空表示不限'),
      })
      .describe('当前安全策略对该角色的要求'),
  })
  .meta({ id: 'RoleCatalogueEntry' });

export const roleRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/roles',
      {
        schema: {
          operationId: 'getRoleCatalogue',
          tags: ['安全策略'],
          summary: '角色与权限：各角色的案件、登记、账号、参考数据、审计日志、个人信息、逾期账款年度公开和信用记录权限，由访问规则生成，连同当前安全策略对各角色的要求（只读；安全管理员、审计管理员）',
          response: { 200: z.object({ roles: list(roleCatalogueEntrySchema) }), 401: errorBodySchema, 403: errorBodySchema },
        },
      },
      async (request) => {
        authorizeRoleCatalogue(actorOf(request));
        return { roles: roleCatalogue(await loadSecurityPolicy(app)) };
      },
    );
  };
