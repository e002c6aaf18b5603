/**
 * Cross-site request forgery (issue 11, ASVS 5 V3.5): every state-changing request (POST, PUT,
 * PATCH, DELETE), body-less ones included, must come from the platform's own pages.
 *
 * - A browser says where a request comes from: `Sec-Fetch-Site` (`cross-site` and `same-site`
 *   are refused) and `Origin` (refused when it names another host than the request's).
 * - A request with the session cookie but neither header (a browser too old to send them) must
 *   carry `X-Requested-With: chengxin`, which the web client always sends and which another
 *   site's form cannot set (a custom header needs a CORS preflight the server never grants).
 * - API clients that send `Authorization: Bearer` and no browser headers are not concerned:
 *   a browser never attaches such a token by itself.
 *
 * The session cookie is also SameSite=Strict; this hook is the defence that does not depend on it.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import { SESSION_COOKIE } from './auth.ts';

export const CSRF_HEADER = 'x-requested-with';
export const CSRF_HEADER_VALUE = 'chengxin';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const defaultPort = (protocol: string): string => (protocol === 'https:' ? '443' : '80');

/**
 * Whether `origin` names the host the request was sent to. The port counts when the Host header
 * gives one; without it (the usual default port, or a TLS proxy forwarding to plain HTTP) the
 * host name alone does.
 */
export const sameHost = (origin: string, host: string): boolean => {
  try {
    const from = new URL(origin);
    if (from.protocol !== 'http:' && from.protocol !== 'https:') return false;
    const to = new URL(`http://${host}`);
    if (from.hostname.toLowerCase() !== to.hostname.toLowerCase()) return false;
    return to.port === '' || (from.port || defaultPort(from.protocol)) === to.port;
  } catch {
    return false;
  }
};

/** @throws AppError CSRF_REJECTED */
export const assertNotCrossSite = (request: FastifyRequest): void => {
  if (!STATE_CHANGING.has(request.method)) return;
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw new AppError('CSRF_REJECTED', '拒绝来自其他网站的请求');
  const origin = request.headers.origin;
  if (origin !== undefined && !sameHost(origin, request.host)) {
    throw new AppError('CSRF_REJECTED', '拒绝来自其他网站的请求（Origin 与本站不符）');
  }
  const bearer = request.headers.authorization?.startsWith('Bearer ') ?? false;
  const cookie = request.cookies[SESSION_COOKIE] !== undefined;
  if (cookie && !bearer && site === undefined && origin === undefined && request.headers[CSRF_HEADER] !== CSRF_HEADER_VALUE) {
    throw new AppError('CSRF_REJECTED', '请求缺少来源信息，已拒绝（请使用本平台网页或以 Authorization 头调用接口）');
  }
};

/** The onRequest hook, for the whole server: before the body is read. */
export const csrfGuard = async (request: FastifyRequest): Promise<void> => {
  assertNotCrossSite(request);
};
