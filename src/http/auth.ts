import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { authenticate, type Authenticated } from '../auth/sessions.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';

export const SESSION_COOKIE = 'chengxin_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The account, session and policy behind the actor, once `requireActor` passed. */
    signedIn: Authenticated | null;
  }
  interface FastifyContextConfig {
    /**
     * The route serves a restricted session too (one that must first change its password or
     * enroll a second factor): the session itself, the password change, the enrollment.
     */
    allowRestricted?: boolean;
  }
}

/** The session token: the httpOnly cookie of the web app, or `Authorization: Bearer` of API clients. */
export const sessionToken = (request: FastifyRequest): string | null => {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || null;
  return request.cookies[SESSION_COOKIE] ?? null;
};

/**
 * A preHandler that admits only signed-in users and puts the actor on the request. A restricted
 * session passes only routes marked `config.allowRestricted`.
 */
export const requireActor = (app: AppContext) => async (request: FastifyRequest, _reply: FastifyReply) => {
  const token = sessionToken(request);
  if (token === null) throw new AppError('UNAUTHENTICATED', '请先登录');
  const signedIn = await authenticate(app, token, { address: request.ip });
  const { restricted } = signedIn.session;
  if (restricted !== null && request.routeOptions.config.allowRestricted !== true) {
    throw restricted === 'change_password'
      ? new AppError('PASSWORD_CHANGE_REQUIRED', '请先修改密码（首次登录、管理员重置或密码已到期）', { restricted })
      : new AppError('SECOND_FACTOR_ENROLLMENT_REQUIRED', '请先绑定两步验证（身份验证器）', { restricted });
  }
  request.actor = signedIn.actor;
  request.signedIn = signedIn;
};

/** The actor of a request that passed `requireActor`. */
export const actorOf = (request: FastifyRequest): Actor => {
  if (request.actor === null) throw new AppError('UNAUTHENTICATED', '请先登录');
  return request.actor;
};

/** The account and session of a request that passed `requireActor`. */
export const signedInOf = (request: FastifyRequest): Authenticated => {
  if (request.signedIn === null) throw new AppError('UNAUTHENTICATED', '请先登录');
  return request.signedIn;
};
