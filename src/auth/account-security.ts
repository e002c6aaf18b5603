/**
 * What an account holder and its administrators do to its credentials (issue 11): change the
 * password (held to the city's profile and, under 等保, to its history), enroll a TOTP second
 * factor, and — for whoever `mayManageAccount` allows — unlock, reset the password or the second
 * factor, list and end the account's sessions. Each is recorded in the security audit log.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Db } from '../db/connection.ts';
import { accounts, passwordHistory, sessions, units, type Account } from '../db/schema.ts';
import { mayManageAccount } from '../domain/access/account-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { PASSWORD_RULES, passwordRuleText, passwordWeakness } from '../domain/identity/password-policy.ts';
import type { SecurityPolicy } from '../domain/identity/security-policy.ts';
import { recordSecurityEvent } from '../security/audit-log.ts';
import { isCommonPassword } from './common-passwords.ts';
import { hashPassword, temporaryPassword, verifyPassword } from './passwords.ts';
import { loadSecurityPolicy } from './security-policy.ts';
import { countFailure } from './sign-in.ts';
import {
  demoExempt,
  endSessionsOf,
  listSessionsOf,
  restrictionOf,
  secondFactorEnrolled,
  type Authenticated,
  type SessionRestriction,
  type SessionView,
} from './sessions.ts';
import { acceptTotp, newTotpSecret, totpUri } from './totp.ts';

export interface RequestContext {
  readonly address: string | null;
  /** The server runs with --demo. */
  readonly demoMode: boolean;
}

const loadAccount = async (app: AppContext, accountId: string, db: Db = app.db): Promise<Account> => {
  const [account] = await db.select().from(accounts).where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.id, accountId)));
  if (account === undefined) throw new AppError('ACCOUNT_NOT_FOUND', '账号不存在');
  return account;
};

/** @throws AppError FORBIDDEN for a published demo account on the demo server: its password and sign-in are everyone's. */
const assertNotPublicDemo = (account: Account, context: RequestContext, what: string): void => {
  if (demoExempt(account, context.demoMode)) throw new AppError('FORBIDDEN', `演示账号的密码是公开的，演示环境中不能${what}`);
};

/**
 * Whether `password` was one of the account's latest passwords: the current one, and under a
 * profile with a history the ones before it, up to the profile's count.
 */
const usedBefore = async (app: AppContext, account: Account, policy: SecurityPolicy, password: string): Promise<boolean> => {
  if (await verifyPassword(account.passwordHash, password)) return true;
  const earlier = PASSWORD_RULES[policy.passwordProfile].historyCount - 1;
  if (earlier <= 0) return false;
  const rows = await app.db
    .select({ hash: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(and(eq(passwordHistory.tenantId, app.tenantId), eq(passwordHistory.accountId, account.id)))
    .orderBy(desc(passwordHistory.at))
    .limit(earlier);
  for (const row of rows) if (await verifyPassword(row.hash, password)) return true;
  return false;
};

/** Replaces the account's password hash, keeping the old one in the history. */
const setPassword = async (app: AppContext, tx: Db, account: Account, passwordHash: string, mustChange: boolean): Promise<void> => {
  const now = app.clock();
  // Strictly after the latest entry, so the history's order holds even for changes within one instant.
  const [latest] = await tx
    .select({ at: passwordHistory.at })
    .from(passwordHistory)
    .where(and(eq(passwordHistory.tenantId, app.tenantId), eq(passwordHistory.accountId, account.id)))
    .orderBy(desc(passwordHistory.at))
    .limit(1);
  const at = latest !== undefined && latest.at >= now ? new Date(latest.at.getTime() + 1) : now;
  await tx.insert(passwordHistory).values({ id: randomUUID(), tenantId: app.tenantId, accountId: account.id, passwordHash: account.passwordHash, at });
  await tx
    .update(accounts)
    .set({ passwordHash, passwordChangedAt: now, mustChangePassword: mustChange, failedSignIns: 0, lockedUntil: null })
    .where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.id, account.id)));
};

/**
 * Refuses a password a person chooses (a password change, an enterprise's registration) that the
 * city's profile does not allow.
 * @throws AppError PASSWORD_TOO_WEAK with the rule in `details.rule`
 */
export const assertPasswordAllowed = async (
  app: AppContext,
  who: { readonly username: string; readonly displayName?: string },
  password: string,
  policy?: SecurityPolicy,
): Promise<void> => {
  const profile = (policy ?? (await loadSecurityPolicy(app))).passwordProfile;
  const weakness = passwordWeakness(profile, password, { username: who.username, displayName: who.displayName, isCommon: isCommonPassword });
  if (weakness !== null) throw new AppError('PASSWORD_TOO_WEAK', weakness, { field: 'newPassword', rule: passwordRuleText(profile), profile });
};

/**
 * The signed-in user changes their password. A wrong current password counts towards the
 * lockout; the account's other sessions end; this one may then go on, or must next enroll a
 * second factor.
 * @throws AppError VALIDATION_FAILED (wrong current password), ACCOUNT_LOCKED, PASSWORD_TOO_WEAK, PASSWORD_REUSED, FORBIDDEN (a public demo account)
 * @returns what the session may still only do
 */
export const changePassword = async (
  app: AppContext,
  auth: Authenticated,
  input: { readonly currentPassword: string; readonly newPassword: string },
  context: RequestContext,
): Promise<{ restricted: SessionRestriction | null }> => {
  const account = await loadAccount(app, auth.account.id);
  assertNotPublicDemo(account, context, '修改密码');
  const policy = await loadSecurityPolicy(app);
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    const answer = await countFailure(app, account, policy, new AppError('VALIDATION_FAILED', '当前密码不正确', { field: 'currentPassword' }), context.address);
    await recordSecurityEvent(app, {
      kind: 'password_changed',
      outcome: 'failure',
      accountId: account.id,
      address: context.address,
      object: `account:${account.id}`,
      details: { reason: 'wrong_current_password', locked: answer.code === 'ACCOUNT_LOCKED' },
    });
    if (answer.code === 'ACCOUNT_LOCKED') await endSessionsOf(app, account.id);
    throw answer;
  }
  await assertPasswordAllowed(app, account, input.newPassword, policy);
  if (await usedBefore(app, account, policy, input.newPassword)) {
    const count = PASSWORD_RULES[policy.passwordProfile].historyCount;
    throw new AppError('PASSWORD_REUSED', count > 1 ? `新密码不能与最近 ${count} 次使用过的密码相同` : '新密码不能与当前密码相同', {
      field: 'newPassword',
      rule: passwordRuleText(policy.passwordProfile),
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return app.db.transaction(async (tx) => {
    await setPassword(app, tx, account, passwordHash, false);
    const changed = await loadAccount(app, account.id, tx);
    const restricted = restrictionOf(changed, policy, app.clock(), context.demoMode);
    await tx.update(sessions).set({ restricted }).where(and(eq(sessions.tenantId, app.tenantId), eq(sessions.id, auth.session.id)));
    const ended = await endSessionsOf(app, account.id, tx, { exceptSessionId: auth.session.id });
    await recordSecurityEvent(
      app,
      { kind: 'password_changed', outcome: 'success', accountId: account.id, address: context.address, object: `account:${account.id}`, details: { otherSessionsEnded: ended } },
      tx,
    );
    return { restricted };
  });
};

/**
 * Starts enrolling a TOTP second factor: a new secret, kept sealed until a code from it confirms.
 * @throws AppError SECOND_FACTOR_ALREADY_ENROLLED, FORBIDDEN (a public demo account)
 */
export const beginSecondFactorEnrollment = async (app: AppContext, auth: Authenticated, context: RequestContext): Promise<{ secret: string; uri: string }> => {
  const account = await loadAccount(app, auth.account.id);
  assertNotPublicDemo(account, context, '绑定两步验证');
  if (secondFactorEnrolled(account)) {
    throw new AppError('SECOND_FACTOR_ALREADY_ENROLLED', '已绑定两步验证；如需更换身份验证器，请联系管理员重置');
  }
  const secret = newTotpSecret();
  await app.db
    .update(accounts)
    .set({ totpSecret: app.keys.encrypt(secret), totpEnrolledAt: null, totpLastStep: null })
    .where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.id, account.id)));
  return { secret, uri: totpUri(secret, account.username) };
};

/**
 * Confirms the enrollment with a code from the new secret: the second factor is in force, and
 * this session has passed it.
 * @throws AppError VALIDATION_FAILED (no enrollment begun, or a wrong code), SECOND_FACTOR_ALREADY_ENROLLED
 */
export const confirmSecondFactor = async (
  app: AppContext,
  auth: Authenticated,
  code: string,
  context: RequestContext,
): Promise<{ restricted: SessionRestriction | null }> => {
  const account = await loadAccount(app, auth.account.id);
  assertNotPublicDemo(account, context, '绑定两步验证');
  if (secondFactorEnrolled(account)) throw new AppError('SECOND_FACTOR_ALREADY_ENROLLED', '已绑定两步验证');
  if (account.totpSecret === null) throw new AppError('VALIDATION_FAILED', '请先生成两步验证密钥', { field: 'code' });
  const now = app.clock();
  const step = acceptTotp(app.keys.decrypt(account.totpSecret), code, now, null);
  if (step === null) throw new AppError('VALIDATION_FAILED', '验证码不正确，请输入身份验证器中当前显示的 6 位数字', { field: 'code' });
  return app.db.transaction(async (tx) => {
    await tx.update(accounts).set({ totpEnrolledAt: now, totpLastStep: step }).where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.id, account.id)));
    const enrolled = await loadAccount(app, account.id, tx);
    const restricted = restrictionOf(enrolled, await loadSecurityPolicy(app, tx), now, context.demoMode);
    await tx.update(sessions).set({ secondFactorPassed: true, restricted }).where(and(eq(sessions.tenantId, app.tenantId), eq(sessions.id, auth.session.id)));
    await recordSecurityEvent(app, { kind: 'second_factor_enrolled', outcome: 'success', accountId: account.id, address: context.address, object: `account:${account.id}` }, tx);
    return { restricted };
  });
};

/** The account `accountId` if `actor` may administer it. @throws AppError ACCOUNT_NOT_FOUND, FORBIDDEN */
export const managedAccount = async (app: AppContext, actor: Actor, accountId: string, db: Db = app.db): Promise<Account> => {
  const [row] = await db
    .select({ account: accounts, unitJurisdictionId: units.jurisdictionId })
    .from(accounts)
    .leftJoin(units, and(eq(units.tenantId, accounts.tenantId), eq(units.id, accounts.unitId)))
    .where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.id, accountId)));
  if (row === undefined) throw new AppError('ACCOUNT_NOT_FOUND', '账号不存在');
  const { account } = row;
  if (!mayManageAccount(actor, { id: account.id, role: account.role, unitId: account.unitId, unitJurisdictionId: row.unitJurisdictionId })) {
    throw new AppError('FORBIDDEN', '无权管理该账号（不能管理本人或管理员的账号，县市区统筹人只能管理本辖区单位的经办人）');
  }
  return account;
};

/** Lifts a lockout. @throws AppError ACCOUNT_NOT_FOUND, FORBIDDEN */
export const unlockAccount = async (app: AppContext, actor: Actor, accountId: string, address: string | null): Promise<void> => {
  await app.db.transaction(async (tx) => {
    const account = await managedAccount(app, actor, accountId, tx);
    await tx.update(accounts).set({ failedSignIns: 0, lockedUntil: null }).where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.id, account.id)));
    await recordSecurityEvent(
      app,
      { kind: 'unlocked', outcome: 'success', accountId: actor.id, address, object: `account:${account.id}`, details: { lockedUntil: account.lockedUntil?.toISOString() ?? null } },
      tx,
    );
  });
};

/**
 * Gives the account a temporary password it must change at its next sign-in, lifts any lockout
 * and ends its sessions. @throws AppError ACCOUNT_NOT_FOUND, FORBIDDEN
 */
export const resetPassword = async (app: AppContext, actor: Actor, accountId: string, address: string | null): Promise<{ temporaryPassword: string }> => {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await app.db.transaction(async (tx) => {
    const account = await managedAccount(app, actor, accountId, tx);
    await setPassword(app, tx, account, passwordHash, true);
    const ended = await endSessionsOf(app, account.id, tx);
    await recordSecurityEvent(app, { kind: 'password_reset', outcome: 'success', accountId: actor.id, address, object: `account:${account.id}`, details: { sessionsEnded: ended } }, tx);
  });
  return { temporaryPassword: password };
};

/** Removes the account's second factor and ends its sessions: it enrolls anew at its next sign-in. @throws AppError ACCOUNT_NOT_FOUND, FORBIDDEN */
export const resetSecondFactor = async (app: AppContext, actor: Actor, accountId: string, address: string | null): Promise<void> => {
  await app.db.transaction(async (tx) => {
    const account = await managedAccount(app, actor, accountId, tx);
    await tx.update(accounts).set({ totpSecret: null, totpEnrolledAt: null, totpLastStep: null }).where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.id, account.id)));
    const ended = await endSessionsOf(app, account.id, tx);
    await recordSecurityEvent(
      app,
      { kind: 'second_factor_reset', outcome: 'success', accountId: actor.id, address, object: `account:${account.id}`, details: { wasEnrolled: secondFactorEnrolled(account), sessionsEnded: ended } },
      tx,
    );
  });
};

/** The account's live sessions, for its administrator. @throws AppError ACCOUNT_NOT_FOUND, FORBIDDEN */
export const listAccountSessions = async (app: AppContext, actor: Actor, accountId: string): Promise<SessionView[]> => {
  const account = await managedAccount(app, actor, accountId);
  return listSessionsOf(app, account);
};

/** Ends every session of the account. @throws AppError ACCOUNT_NOT_FOUND, FORBIDDEN */
export const endAccountSessions = async (app: AppContext, actor: Actor, accountId: string, address: string | null): Promise<void> => {
  await app.db.transaction(async (tx) => {
    const account = await managedAccount(app, actor, accountId, tx);
    const ended = await endSessionsOf(app, account.id, tx);
    await recordSecurityEvent(app, { kind: 'session_revoked', outcome: 'success', accountId: actor.id, address, object: `account:${account.id}`, details: { sessions: ended, all: true } }, tx);
  });
};

/** The signed-in user ends one of their own sessions (by its public id). @throws AppError SESSION_NOT_FOUND */
export const revokeOwnSession = async (app: AppContext, auth: Authenticated, viewId: string, address: string | null): Promise<{ current: boolean }> => {
  return app.db.transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.tenantId, app.tenantId), eq(sessions.accountId, auth.account.id), eq(sessions.viewId, viewId)))
      .returning({ id: sessions.id });
    if (ended.length === 0) throw new AppError('SESSION_NOT_FOUND', '会话不存在或已结束');
    const current = ended[0]!.id === auth.session.id;
    await recordSecurityEvent(
      app,
      { kind: 'session_revoked', outcome: 'success', accountId: auth.account.id, address, object: `account:${auth.account.id}`, details: { session: viewId, current } },
      tx,
    );
    return { current };
  });
};
