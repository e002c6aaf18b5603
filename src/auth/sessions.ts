/**
 * Sessions (issue 11, GB/T 22239 身份鉴别, ASVS 5 V7): what a signed-in account may do first
 * (change its password, enroll its second factor), and sessions that end after the role's idle
 * time and, whatever the activity, at their absolute lifetime. The database keeps only a hash of
 * a session's token; a session is listed and ended by a separate public id. Sign-outs and ended
 * sessions are recorded in the security audit log; signing in is `sign-in.ts`.
 */
import { createHash } from 'node:crypto';
import { and, desc, eq, ne } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Db } from '../db/connection.ts';
import { accounts, referenceVersions, securityPolicies, sessions, type Account, type Session } from '../db/schema.ts';
import { isRole, type Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { passwordExpired } from '../domain/identity/password-policy.ts';
import { idleMinutesFor, isStaffRole, secondFactorRequiredFor, type SecurityPolicy } from '../domain/identity/security-policy.ts';
import { jurisdictionSubtree, listJurisdictions } from '../reference/reference-data.ts';
import { recordSecurityEvent } from '../security/audit-log.ts';
import { addressAllowed } from './networks.ts';
import { loadSecurityPolicy, policyOfRow } from './security-policy.ts';

export type SessionRestriction = 'change_password' | 'enroll_second_factor';

/** A session's last request is written at most this often (not on every request). */
export const TOUCH_INTERVAL_MS = 60_000;
const MINUTE_MS = 60_000;

/** The database keeps only a hash of the token, so a leaked table opens no session. */
export const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex');



/**
 * The actor an account acts as, with its jurisdiction subtree for county coordinators;
 * `referenceVersion` is the tenant's reference version when the caller has just read it.
 */
export const actorOf = async (app: AppContext, account: Account, referenceVersion?: string | null): Promise<Actor> => {
  if (!isRole(account.role)) throw new AppError('FORBIDDEN', '账号角色无效');
  const jurisdictionScope =
    account.jurisdictionId === null
      ? []
      : jurisdictionSubtree(await listJurisdictions(app.db, app.tenantId, referenceVersion), account.jurisdictionId);
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
    .select({ account: accounts, session: sessions, policy: securityPolicies, referenceVersion: referenceVersions.version })
    .from(sessions)
    .innerJoin(accounts, and(eq(accounts.tenantId, sessions.tenantId), eq(accounts.id, sessions.accountId)))
    .leftJoin(securityPolicies, eq(securityPolicies.tenantId, sessions.tenantId))
    // The reference data's version comes with the session: the actor's jurisdictions need no read of their own.
    .leftJoin(referenceVersions, eq(referenceVersions.tenantId, sessions.tenantId))
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
    await app.db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(and(eq(sessions.tenantId, app.tenantId), eq(sessions.id, row.session.id)));
  }
  return {
    actor: await actorOf(app, row.account, row.referenceVersion),
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
