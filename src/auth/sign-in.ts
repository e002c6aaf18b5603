/**
 * Signing in (issue 11, GB/T 22239 身份鉴别, ASVS 5 V6): the password (argon2id), the TOTP second
 * factor for the roles of the city's policy, lockout after consecutive failures, the
 * per-address and known-device limits (`sign-in-guard.ts`), the staff networks; on success a
 * session (`sessions.ts`). Every sign-in, failure and lockout is in the security audit log.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { accounts, sessions, type Account } from '../db/schema.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { idleMinutesFor, isStaffRole, type SecurityPolicy } from '../domain/identity/security-policy.ts';
import { recordSecurityEvent } from '../security/audit-log.ts';
import type { KnownDevice } from './device-cookie.ts';
import { addressAllowed } from './networks.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { loadSecurityPolicy } from './security-policy.ts';
import type { AddressAttempt, SignInGuard } from './sign-in-guard.ts';
import {
  actorOf,
  demoExempt,
  restrictionOf,
  secondFactorEnrolled,
  secondFactorNeeded,
  tokenId,
  type SessionRestriction,
} from './sessions.ts';
import { acceptTotp } from './totp.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

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

/** A refused sign-in in the security log, with its reason; the account when the username names one. */
const recordFailedSignIn = (
  app: AppContext,
  who: { readonly account: Account | undefined; readonly username: string; readonly address: string | null },
  details: Record<string, unknown>,
): Promise<void> =>
  recordSecurityEvent(app, {
    kind: 'sign_in_failed',
    outcome: 'failure',
    accountId: who.account?.id ?? null,
    username: who.username,
    address: who.address,
    object: who.account ? `account:${who.account.id}` : null,
    details,
  });

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
    .where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.id, account.id)))
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
        await recordFailedSignIn(app, { account, username, address }, { reason: 'rate_limited', retryAfterSeconds: begun.retryAfterSeconds });
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
    await recordFailedSignIn(app, { account, username, address }, { reason, ...details });
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
    await tx.delete(sessions).where(and(eq(sessions.tenantId, app.tenantId), eq(sessions.accountId, account.id), lt(sessions.absoluteExpiresAt, now)));
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
    if (Object.keys(changes).length > 0) await tx.update(accounts).set(changes).where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.id, account.id)));
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
