import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { isRole, type Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { accounts, sessions, type Account } from '../db/schema.ts';
import { jurisdictionSubtree, listJurisdictions } from '../reference/reference-data.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/** A session lasts 8 working hours from the last request. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;

/** The database keeps only a hash of the token, so a leaked table opens no session. */
const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A fixed hash to verify against for unknown users, so timing does not reveal who exists. */
let decoyHash: Promise<string> | undefined;

export interface SignedIn {
  readonly token: string;
  readonly expiresAt: Date;
  readonly actor: Actor;
}

/** The actor an account acts as, with its jurisdiction subtree for county coordinators. */
export const actorOf = async (app: AppContext, account: Account): Promise<Actor> => {
  if (!isRole(account.role)) throw new AppError('FORBIDDEN', '账号角色无效');
  const jurisdictionScope =
    account.jurisdictionId === null ? [] : jurisdictionSubtree(await listJurisdictions(app.db, app.tenantId), account.jurisdictionId);
  return { id: account.id, name: account.displayName, role: account.role, unitId: account.unitId, jurisdictionScope };
};

/**
 * Signs in with username and password and opens a session.
 * @throws AppError INVALID_CREDENTIALS (the same for an unknown user and a wrong password)
 */
export const signIn = async (app: AppContext, username: string, password: string): Promise<SignedIn> => {
  const [account] = await app.db
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.username, username)));
  const valid =
    account !== undefined
      ? await verifyPassword(account.passwordHash, password)
      : await verifyPassword(await (decoyHash ??= hashPassword(randomBytes(16).toString('hex'))), password);
  if (account === undefined || !valid || !account.active) {
    throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
  }
  const token = randomBytes(32).toString('base64url');
  const now = app.clock();
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
  await app.db.transaction(async (tx) => {
    await tx.delete(sessions).where(and(eq(sessions.accountId, account.id), lt(sessions.expiresAt, now)));
    await tx.insert(sessions).values({ id: tokenId(token), tenantId: app.tenantId, accountId: account.id, createdAt: now, lastSeenAt: now, expiresAt });
  });
  return { token, expiresAt, actor: await actorOf(app, account) };
};

/**
 * The actor behind a session token, extending the session's idle timeout.
 * @throws AppError UNAUTHENTICATED when the token is unknown, expired or its account disabled
 */
export const authenticate = async (app: AppContext, token: string): Promise<Actor> => {
  const now = app.clock();
  const [row] = await app.db
    .select({ account: accounts, sessionId: sessions.id })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.id, tokenId(token)), eq(sessions.tenantId, app.tenantId), gt(sessions.expiresAt, now)));
  if (row === undefined || !row.account.active) throw new AppError('UNAUTHENTICATED', '登录已过期，请重新登录');
  await app.db
    .update(sessions)
    .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_IDLE_MS) })
    .where(eq(sessions.id, row.sessionId));
  return actorOf(app, row.account);
};

export const signOut = async (app: AppContext, token: string): Promise<void> => {
  await app.db.delete(sessions).where(eq(sessions.id, tokenId(token)));
};
