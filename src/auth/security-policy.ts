/**
 * The city's security policy as stored (`security_policies`, migration 0027): read with the
 * defaults when the 安全管理员 has set none, validated and saved with its change recorded.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import type { Db } from '../db/connection.ts';
import { securityPolicies, type SecurityPolicyRow } from '../db/schema.ts';
import { ROLES, type Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { PASSWORD_PROFILES } from '../domain/identity/password-policy.ts';
import { DEFAULT_SECURITY_POLICY, maySetSecurityPolicy, type SecurityPolicy } from '../domain/identity/security-policy.ts';
import { recordSecurityEvent } from '../security/audit-log.ts';
import { addressAllowed, isCidr } from './networks.ts';

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .number({ error: `请填写${label}` })
    .int({ error: `${label}须为整数` })
    .min(min, { error: `${label}不能小于 ${min}` })
    .max(max, { error: `${label}不能大于 ${max}` });

/** The body of `PUT /api/security-policy`, and the shape `GET` answers with. */
export const securityPolicySchema = z
  .object({
    passwordProfile: z.enum(PASSWORD_PROFILES, { error: '密码策略只能是 dengbao（等保三级）或 asvs（ASVS 5）' }),
    lockout: z.object({
      maxFailures: wholeNumber('连续失败锁定次数', 3, 10),
      minutes: wholeNumber('锁定时长（分钟）', 5, 1440),
    }),
    sessions: z.object({
      staffIdleMinutes: wholeNumber('工作人员会话空闲超时（分钟）', 5, 240),
      enterpriseIdleMinutes: wholeNumber('企业会话空闲超时（分钟）', 5, 720),
      absoluteHours: wholeNumber('会话最长有效期（小时）', 1, 72),
    }),
    secondFactorRoles: z
      .array(z.enum(ROLES, { error: '角色无效' }), { error: '请选择须两步验证的角色' })
      .max(ROLES.length)
      .refine((roles) => new Set(roles).size === roles.length, { error: '角色不能重复' }),
    staffAllowedNetworks: z
      .array(
        z
          .string({ error: '网段须为文本' })
          .trim()
          .max(64, { error: '网段过长' })
          .refine(isCidr, { error: '网段格式不正确，应为 IPv4 或 IPv6 的 CIDR，如 10.0.0.0/8、2001:db8::/32' }),
        { error: '请填写工作人员允许访问的网段' },
      )
      .max(100, { error: '网段不能超过 100 个' }),
  })
  .meta({ id: 'SecurityPolicy' });

export type SecurityPolicyInput = z.infer<typeof securityPolicySchema>;

export const policyOfRow = (row: SecurityPolicyRow | null | undefined): SecurityPolicy =>
  row
    ? {
        passwordProfile: row.passwordProfile,
        lockout: { maxFailures: row.lockoutMaxFailures, minutes: row.lockoutMinutes },
        sessions: { staffIdleMinutes: row.staffIdleMinutes, enterpriseIdleMinutes: row.enterpriseIdleMinutes, absoluteHours: row.absoluteHours },
        secondFactorRoles: row.secondFactorRoles,
        staffAllowedNetworks: row.staffAllowedNetworks,
      }
    : DEFAULT_SECURITY_POLICY;

export const loadSecurityPolicy = async (app: AppContext, db: Db = app.db): Promise<SecurityPolicy> => {
  const [row] = await db.select().from(securityPolicies).where(eq(securityPolicies.tenantId, app.tenantId));
  return policyOfRow(row);
};

const plain = (policy: SecurityPolicy) => ({
  passwordProfile: policy.passwordProfile,
  lockout: { ...policy.lockout },
  sessions: { ...policy.sessions },
  secondFactorRoles: [...policy.secondFactorRoles],
  staffAllowedNetworks: [...policy.staffAllowedNetworks],
});

export const securityPolicyView = (policy: SecurityPolicy): SecurityPolicyInput => plain(policy);

/** Only the 安全管理员 reads and sets the policy (三员分立). @throws AppError FORBIDDEN */
export const assertSecurityAdmin = (actor: Actor): void => {
  if (!maySetSecurityPolicy(actor)) throw new AppError('FORBIDDEN', '只有安全管理员可以查看和修改安全策略');
};

/**
 * Saves the policy and records the change with the policy before and after, in one transaction.
 * @throws AppError FORBIDDEN for anyone but the 安全管理员
 * @throws AppError VALIDATION_FAILED for a network list that would shut out the administrator's own address
 */
export const saveSecurityPolicy = async (app: AppContext, actor: Actor, input: SecurityPolicyInput, address: string | null): Promise<SecurityPolicy> => {
  assertSecurityAdmin(actor);
  if (!addressAllowed(input.staffAllowedNetworks, address)) {
    throw new AppError('VALIDATION_FAILED', `允许访问的网段不包含您当前的地址 ${address ?? '（未知）'}，保存后您将无法登录，请加入该地址所在网段`, {
      field: 'staffAllowedNetworks',
    });
  }
  const now = app.clock();
  return app.db.transaction(async (tx) => {
    const before = await loadSecurityPolicy(app, tx);
    const values = {
      passwordProfile: input.passwordProfile,
      lockoutMaxFailures: input.lockout.maxFailures,
      lockoutMinutes: input.lockout.minutes,
      staffIdleMinutes: input.sessions.staffIdleMinutes,
      enterpriseIdleMinutes: input.sessions.enterpriseIdleMinutes,
      absoluteHours: input.sessions.absoluteHours,
      secondFactorRoles: [...input.secondFactorRoles],
      staffAllowedNetworks: [...input.staffAllowedNetworks],
      updatedAt: now,
      updatedBy: actor.id,
    };
    const [row] = await tx
      .insert(securityPolicies)
      .values({ tenantId: app.tenantId, ...values })
      .onConflictDoUpdate({ target: securityPolicies.tenantId, set: values })
      .returning();
    const after = policyOfRow(row);
    await recordSecurityEvent(
      app,
      { kind: 'security_policy_changed', outcome: 'success', accountId: actor.id, address, object: 'security-policy', details: { before: plain(before), after: plain(after) } },
      tx,
    );
    return after;
  });
};
