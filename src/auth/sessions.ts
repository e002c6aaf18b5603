/**
 * Sign-in and sessions (issue 11, GB/T 22239 身份鉴别, ASVS 5 V6–V7): the password (argon2id),
 * the TOTP second factor for the roles of the city's policy, lockout after consecutive
 * failures, and sessions that end after the role's idle time and, whatever the activity, at
 * their absolute lifetime. The database keeps only a hash of a session's token; a session is
 * listed and ended by a separate public id. Every sign-in, failure, lockout and sign-out is
 * recorded in the security audit log.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, lt, ne, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Db } from '../db/connection.ts';
import { accounts, securityPolicies, sessions, type Account, type Session } from '../db/schema.ts';
import { isRole, type Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { passwordExpired } from '../domain/identity/password-policy.ts';
import { idleMinutesFor, isStaffRole, secondFactorRequiredFor, type SecurityPolicy } from '../domain/identity/security-policy.ts';
import { jurisdictionSubtree, listJurisdictions } from '../reference/reference-data.ts';
import { recordSecurityEvent } from '../security/audit-log.ts';
import type { KnownDevice } from './device-cookie.ts';
import { addressAllowed } from './networks.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { loadSecurityPolicy, policyOfRow } from './security-policy.ts';
import type { AddressAttempt, SignInGuard } from './sign-in-guard.ts';
import { acceptTotp } from './totp.ts';

export type SessionRestriction = 'change_password' | 'enroll_second_factor';

/** A session's last request is written at most this often (not on every request). */
export const TOUCH_INTERVAL_MS = 60_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** The database keeps only a hash of the token, so a leaked table opens no session. */
export const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A fixed hash to verify against for unknown users, so timing does not reveal who exists. */
let decoyHash: Promise<string> | undefined;

export interface SignedIn {
  readonly token: string;
  /** When the session ends if no request comes (the role's idle time). */
  readonly expiresAt: Date;
  /** When it ends whatever the activity. */
  readonly absoluteExpiresAt: Date;
  readonly actor: Actor;
  readonly account: Account;
  /** Null for a full session; else the one thing it may do. */
  readonly restricted: SessionRestriction | null;
}

export interface SignInOptions {
  /** The 6-digit TOTP code, for an account with a second factor. */
  readonly totp?: string | null;
  readonly address?: string | null;
  readonly userAgent?: string | null;
  /** The server runs with --demo: the demo accounts sign in with their password alone. */
  readonly demoMode?: boolean;
  /** The known-device cookie the browser sent, when its signature holds. */
  readonly device?: KnownDevice | null;
  /** The per-address and per-device limits of the server; none for a direct call. */
  readonly guard?: SignInGuard | null;
}

/** The actor an account acts as, with its jurisdiction subtree for county coordinators. */
export const actorOf = async (app: AppContext, account: Account): Promise<Actor> => {
  if (!isRole(account.role)) throw new AppError('FORBIDDEN', '账号角色无效');
  const jurisdictionScope =
    account.jurisdictionId === null ? [] : jurisdictionSubtree(await listJurisdictions(app.db, app.tenantId), account.jurisdictionId);
  return { id: account.id, name: account.displayName, role: account.role, unitId: account.unitId, jurisdictionScope };
};

/** A demo account on a demo server: no forced change, no rotation, no second factor (issue 11 point 8). */
export const demoExempt = (account: Account, demoMode: boolean | undefined): boolean => demoMode === true && account.demo;

export const secondFactorEnrolled = (account: Account): boolean => account.totpEnrolledAt !== null && account.totpSecret !== null;

/** Whether the account's password must be changed before anything else. */
export const mustChangePassword = (account: Account, policy: SecurityPolicy, now: Date, demoMode?: boolean): boolean =>
  !demoExempt(account, demoMode) &&
  (account.mustChangePassword || passwordExpired(policy.passwordProfile, account.passwordChangedAt ?? account.createdAt, now));

/** Whether the account must pass (and so have) a second factor. */
export const secondFactorNeeded = (account: Account, policy: SecurityPolicy, demoMode?: boolean): boolean =>
  !demoExempt(account, demoMode) && (secondFactorRequiredFor(policy, account.role) || secondFactorEnrolled(account));

/** What a session of the account may only do, if anything, once the second factor (if enrolled) is passed. */
export const restrictionOf = (account: Account, policy: SecurityPolicy, now: Date, demoMode?: boolean): SessionRestriction | null => {
  if (mustChangePassword(account, policy, now, demoMode)) return 'change_password';
  if (secondFactorNeeded(account, policy, demoMode) && !secondFactorEnrolled(account)) return 'enroll_second_factor';
  return null;
};

const lockedError = (until: Date) =>
  new AppError('ACCOUNT_LOCKED', `连续登录失败次数过多，账号已锁定至 ${until.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}，可等待自动解锁或联系管理员解锁`, {
    lockedUntil: until.toISOString(),
  });
const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', '用户名或密码错误');

/** Failures that count against the client's address (a correct password that only lacked its code does not). */
const ADDRESS_FAILURES: ReadonlySet<string> = new Set(['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'SECOND_FACTOR_INVALID', 'NETWORK_NOT_ALLOWED']);

/**
 * One failed attempt on `account` from an untrusted client: counted, and at the policy's number
 * of consecutive failures the account is locked (recorded `locked_out`).
 * @returns the error to answer with: the attempt's own, or ACCOUNT_LOCKED when this one locked it
 */
export const countFailure = async (
  app: AppContext,
  account: Account,
  policy: SecurityPolicy,
  error: AppError,
  address: string | null,
): Promise<AppError> => {
  const now = app.clock();
  const until = new Date(now.getTime() + policy.lockout.minutes * MINUTE_MS);
  const reached = sql`${accounts.failedSignIns} + 1 >= ${policy.lockout.maxFailures}`;
  const [row] = await app.db
    .update(accounts)
    .set({
      failedSignIns: sql`case when ${reached} then 0 else ${accounts.failedSignIns} + 1 end`,
      lockedUntil: sql`case when ${reached} then ${until.toISOString()}::timestamptz else ${accounts.lockedUntil} end`,
    })
    .where(eq(accounts.id, account.id))
    .returning({ lockedUntil: accounts.lockedUntil });
  if (row?.lockedUntil?.getTime() !== until.getTime()) return error;
  await recordSecurityEvent(app, {
    kind: 'locked_out',
    outcome: 'success',
    accountId: account.id,
    username: account.username,
    address,
    object: `account:${account.id}`,
    details: { lockedUntil: until.toISOString(), failures: policy.lockout.maxFailures, minutes: policy.lockout.minutes },
  });
  return lockedError(until);
};

/**
 * Signs in with username and password (and the TOTP code when the account has a second factor)
 * and opens a session; a session that must first change its password or enroll a second factor
 * is opened `restricted`.
 * @throws AppError INVALID_CREDENTIALS (the same for an unknown user, a wrong password and a disabled account)
 * @throws AppError ACCOUNT_LOCKED, RATE_LIMITED, NETWORK_NOT_ALLOWED, SECOND_FACTOR_REQUIRED, SECOND_FACTOR_INVALID
 */
export const signIn = async (app: AppContext, username: string, password: string, options: SignInOptions = {}): Promise<SignedIn> => {
  const address = options.address ?? null;
  const policy = await loadSecurityPolicy(app);
  const [account] = await app.db
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.username, username)));
  const guard = options.guard ?? null;
  const device = account !== undefined && options.device?.accountId === account.id ? options.device : null;
  const trusted = device !== null && (guard?.deviceTrusted(device.deviceId, policy.lockout.maxFailures, policy.lockout.minutes) ?? true);

  let attempt: AddressAttempt | null = null;
  if (!trusted && guard !== null) {
    const begun = guard.beginFromAddress(address ?? 'unknown');
    if ('refused' in begun) {
      if (begun.firstInWindow) {
        await recordSecurityEvent(app, {
          kind: 'sign_in_failed',
          outcome: 'failure',
          accountId: account?.id ?? null,
          username,
          address,
          object: account ? `account:${account.id}` : null,
          details: { reason: 'rate_limited', retryAfterSeconds: begun.retryAfterSeconds },
        });
      }
      throw new AppError('RATE_LIMITED', `此地址登录失败次数过多，请 ${Math.ceil(begun.retryAfterSeconds / 60)} 分钟后再试`, {
        retryAfterSeconds: begun.retryAfterSeconds,
      });
    }
    attempt = begun;
  }
  try {
    const signedIn = await attemptSignIn(app, { username, password, account, policy, trusted, device, guard, address, options });
    attempt?.finish('success');
    return signedIn;
  } catch (error) {
    attempt?.finish(error instanceof AppError && ADDRESS_FAILURES.has(error.code) ? 'failure' : 'success');
    throw error;
  }
};

interface Attempt {
  readonly username: string;
  readonly password: string;
  readonly account: Account | undefined;
  readonly policy: SecurityPolicy;
  readonly trusted: boolean;
  readonly device: KnownDevice | null;
  readonly guard: SignInGuard | null;
  readonly address: string | null;
  readonly options: SignInOptions;
}

const attemptSignIn = async (app: AppContext, attempt: Attempt): Promise<SignedIn> => {
  const { username, password, account, policy, trusted, device, guard, address, options } = attempt;
  const now = app.clock();
  const refuse = async (reason: string, error: AppError, details: Record<string, unknown> = {}): Promise<never> => {
    await recordSecurityEvent(app, {
      kind: 'sign_in_failed',
      outcome: 'failure',
      accountId: account?.id ?? null,
      username,
      address,
      object: account ? `account:${account.id}` : null,
      details: { reason, ...details },
    });
    throw error;
  };

  if (account === undefined) {
    await verifyPassword(await (decoyHash ??= hashPassword(randomBytes(16).toString('hex'))), password);
    return refuse('unknown_user', invalidCredentials());
  }
  // A published demo account on the demo server is never locked: its password is everyone's,
  // and a lock would only shut the next visitor out (the per-address limit still holds).
  const demo = demoExempt(account, options.demoMode);
  // The lockout holds for clients this account has not signed in from (a known device is exempt).
  if (!trusted && !demo && account.lockedUntil !== null && account.lockedUntil > now) {
    return refuse('locked', lockedError(account.lockedUntil), { lockedUntil: account.lockedUntil.toISOString() });
  }
  /** A failure that counts: against the known device, or towards the account's lockout. */
  const failed = async (reason: string, error: AppError): Promise<never> => {
    if (demo) return refuse(reason, error, { demo: true });
    if (trusted && device !== null) {
      guard?.deviceFailed(device.deviceId);
      return refuse(reason, error, { knownDevice: true });
    }
    const answer = await countFailure(app, account, policy, error, address);
    return refuse(reason, answer, answer.code === 'ACCOUNT_LOCKED' ? { lockedUntil: answer.details.lockedUntil } : {});
  };

  const valid = await verifyPassword(account.passwordHash, password);
  if (!account.active) return refuse('disabled', invalidCredentials());
  if (!valid) return failed('wrong_password', invalidCredentials());
  if (isStaffRole(account.role) && !addressAllowed(policy.staffAllowedNetworks, address)) {
    return refuse('network', new AppError('NETWORK_NOT_ALLOWED', `工作人员账号不能从当前网络地址（${address ?? '未知'}）登录，请在单位内网或经批准的网络登录`));
  }

  let step: number | null = null;
  if (secondFactorNeeded(account, policy, options.demoMode) && secondFactorEnrolled(account)) {
    const code = options.totp?.trim();
    if (!code) throw new AppError('SECOND_FACTOR_REQUIRED', '请输入身份验证器（两步验证）中的 6 位动态验证码');
    step = acceptTotp(app.keys.decrypt(account.totpSecret!), code, now, account.totpLastStep);
    if (step === null) return failed('wrong_code', new AppError('SECOND_FACTOR_INVALID', '动态验证码不正确或已使用过，请输入身份验证器中当前显示的验证码'));
  }

  const restricted = restrictionOf(account, policy, now, options.demoMode);
  const token = randomBytes(32).toString('base64url');
  const absoluteExpiresAt = new Date(now.getTime() + policy.sessions.absoluteHours * HOUR_MS);
  const expiresAt = new Date(Math.min(now.getTime() + idleMinutesFor(policy, account.role) * MINUTE_MS, absoluteExpiresAt.getTime()));
  const stillLocked = account.lockedUntil !== null && account.lockedUntil > now;
  await app.db.transaction(async (tx) => {
    await tx.delete(sessions).where(and(eq(sessions.accountId, account.id), lt(sessions.absoluteExpiresAt, now)));
    await tx.insert(sessions).values({
      id: tokenId(token),
      tenantId: app.tenantId,
      accountId: account.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      absoluteExpiresAt,
      address,
      userAgent: options.userAgent?.slice(0, 300) ?? null,
      viewId: randomUUID(),
      secondFactorPassed: step !== null,
      restricted,
    });
    // A known device's success does not lift a lock that others' failures set.
    const changes = {
      ...(stillLocked || (account.failedSignIns === 0 && account.lockedUntil === null) ? {} : { failedSignIns: 0, lockedUntil: null }),
      ...(step === null ? {} : { totpLastStep: step }),
    };
    if (Object.keys(changes).length > 0) await tx.update(accounts).set(changes).where(eq(accounts.id, account.id));
    await recordSecurityEvent(
      app,
      {
        kind: 'sign_in',
        outcome: 'success',
        accountId: account.id,
        username: account.username,
        address,
        object: `account:${account.id}`,
        details: { secondFactor: step !== null, restricted, knownDevice: trusted, demo: demoExempt(account, options.demoMode) },
      },
      tx,
    );
  });
  if (device !== null) guard?.deviceSucceeded(device.deviceId);
  return { token, expiresAt, absoluteExpiresAt, actor: await actorOf(app, account), account, restricted };
};

export interface CurrentSession {
  /** The token's hash (the row's key): never shown. */
  readonly id: string;
  readonly viewId: string;
  readonly accountId: string;
  readonly restricted: SessionRestriction | null;
  readonly secondFactorPassed: boolean;
  readonly expiresAt: Date;
  readonly absoluteExpiresAt: Date;
}

export interface Authenticated {
  readonly actor: Actor;
  readonly account: Account;
  readonly session: CurrentSession;
  readonly policy: SecurityPolicy;
}

/** When a session ends if no request comes: the role's idle time after its last request, at most its absolute end. */
const sessionEnd = (session: Pick<Session, 'lastSeenAt' | 'absoluteExpiresAt'>, policy: SecurityPolicy, account: Pick<Account, 'role'>): Date =>
  new Date(Math.min(session.lastSeenAt.getTime() + idleMinutesFor(policy, account.role) * MINUTE_MS, session.absoluteExpiresAt.getTime()));

/**
 * The account and session behind a token; the session's last request is written at most once a
 * minute. Staff are held to the policy's networks on every request.
 * @throws AppError UNAUTHENTICATED when the token is unknown, idle too long, past its lifetime or its account disabled
 * @throws AppError NETWORK_NOT_ALLOWED for staff outside the allowed networks
 */
export const authenticate = async (app: AppContext, token: string, context: { address?: string | null } = {}): Promise<Authenticated> => {
  const now = app.clock();
  const [row] = await app.db
    .select({ account: accounts, session: sessions, policy: securityPolicies })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .leftJoin(securityPolicies, eq(securityPolicies.tenantId, sessions.tenantId))
    .where(and(eq(sessions.id, tokenId(token)), eq(sessions.tenantId, app.tenantId)));
  if (row === undefined || !row.account.active) throw new AppError('UNAUTHENTICATED', '登录已过期，请重新登录');
  const policy = policyOfRow(row.policy);
  let expiresAt = sessionEnd(row.session, policy, row.account);
  if (expiresAt <= now) throw new AppError('UNAUTHENTICATED', '登录已过期，请重新登录');
  if (isStaffRole(row.account.role) && !addressAllowed(policy.staffAllowedNetworks, context.address)) {
    throw new AppError('NETWORK_NOT_ALLOWED', `工作人员账号不能从当前网络地址（${context.address ?? '未知'}）访问，请在单位内网或经批准的网络使用`);
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    expiresAt = sessionEnd({ lastSeenAt: now, absoluteExpiresAt: row.session.absoluteExpiresAt }, policy, row.account);
    await app.db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, row.session.id));
  }
  return {
    actor: await actorOf(app, row.account),
    account: row.account,
    policy,
    session: {
      id: row.session.id,
      viewId: row.session.viewId,
      accountId: row.account.id,
      restricted: row.session.restricted,
      secondFactorPassed: row.session.secondFactorPassed,
      expiresAt,
      absoluteExpiresAt: row.session.absoluteExpiresAt,
    },
  };
};

/** Ends the session of `token` (recorded `sign_out`); nothing for an unknown token. */
export const signOut = async (app: AppContext, token: string, address: string | null = null): Promise<void> => {
  const ended = await app.db
    .delete(sessions)
    .where(and(eq(sessions.id, tokenId(token)), eq(sessions.tenantId, app.tenantId)))
    .returning({ accountId: sessions.accountId });
  const accountId = ended[0]?.accountId;
  if (accountId !== undefined) {
    await recordSecurityEvent(app, { kind: 'sign_out', outcome: 'success', accountId, address, object: `account:${accountId}` });
  }
};

/**
 * Ends every session of the account (but `exceptSessionId`, the token hash of the caller's own):
 * on a password change or reset, a second-factor reset, a disabled account, a role change.
 * @returns how many ended
 */
export const endSessionsOf = async (app: AppContext, accountId: string, tx?: Db, options: { exceptSessionId?: string } = {}): Promise<number> => {
  const ended = await (tx ?? app.db)
    .delete(sessions)
    .where(
      and(
        eq(sessions.tenantId, app.tenantId),
        eq(sessions.accountId, accountId),
        ...(options.exceptSessionId === undefined ? [] : [ne(sessions.id, options.exceptSessionId)]),
      ),
    )
    .returning({ id: sessions.id });
  return ended.length;
};

/** A session as its owner and the administrators see it (never the token or its hash). */
export interface SessionView {
  readonly id: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly expiresAt: string;
  readonly address: string | null;
  readonly userAgent: string | null;
  readonly current: boolean;
}

/** The account's live sessions, the current one (`currentSessionId`, a token hash) marked and first, then the latest used. */
export const listSessionsOf = async (app: AppContext, account: Pick<Account, 'id' | 'role'>, currentSessionId: string | null = null): Promise<SessionView[]> => {
  const now = app.clock();
  const policy = await loadSecurityPolicy(app);
  const rows = await app.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tenantId, app.tenantId), eq(sessions.accountId, account.id)))
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt));
  return rows
    .map((row) => ({ row, end: sessionEnd(row, policy, account) }))
    .filter(({ end }) => end > now)
    // The current session first, then the latest used.
    .sort((a, b) => Number(b.row.id === currentSessionId) - Number(a.row.id === currentSessionId))
    .map(({ row, end }) => ({
      id: row.viewId,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      expiresAt: end.toISOString(),
      address: row.address,
      userAgent: row.userAgent,
      current: row.id === currentSessionId,
    }));
};
