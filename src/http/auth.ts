import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { authenticate } from '../auth/sessions.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';

export const SESSION_COOKIE = 'chengxin_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The session token: the httpOnly cookie of the web app, or `Authorization: Bearer` of API clients. */
export const sessionToken = (request: FastifyRequest): string | null => {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || null;
  return request.cookies[SESSION_COOKIE] ?? null;
};

/** A preHandler that admits only signed-in users and puts the actor on the request. */
export const requireActor = (app: AppContext) => async (request: FastifyRequest, _reply: FastifyReply) => {
  const token = sessionToken(request);
  if (token === null) throw new AppError('UNAUTHENTICATED', '请先登录');
  request.actor = await authenticate(app, token);
};

/** The actor of a request that passed `requireActor`. */
export const actorOf = (request: FastifyRequest): Actor => {
  if (request.actor === null) throw new AppError('UNAUTHENTICATED', '请先登录');
  return request.actor;
};
