/**
 * What the HTTP layer records in the security audit log, in one place: every authorization
 * denial (403: access_denied), every server error (5xx: server_error, with the error's code and
 * never its stack or message) and every file a response hands out (`content-disposition:
 * attachment`: download for attachments, export for generated workbooks and documents), with
 * the time, the account, the client address and the object (method, route pattern and ids).
 *
 * Only those responses write, after the response has been sent (`onResponse`), so no other
 * request waits on the log; a failure to record is logged and never reaches the client.
 */
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { isAppError } from '../domain/errors.ts';
import { recordSecurityEvent, type SecurityEventInput } from '../security/audit-log.ts';

/** The error each failed request ended with, for the code of its event. */
const failures = new WeakMap<FastifyRequest, FastifyError | Error>();

/** The route's URL pattern with the method, and the values of its parameters, e.g. `GET /api/cases/:id [id=…]`. */
export const requestObject = (request: FastifyRequest): { object: string; params: Record<string, string> } => {
  const pattern = request.routeOptions.url ?? request.url.split('?')[0] ?? request.url;
  const params = Object.fromEntries(
    Object.entries((request.params ?? {}) as Record<string, unknown>)
      .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
      .map(([key, value]) => [key, String(value).slice(0, 200)]),
  );
  const ids = Object.entries(params).map(([key, value]) => `${key}=${value}`);
  return { object: `${request.method} ${pattern}${ids.length > 0 ? ` [${ids.join(', ')}]` : ''}`, params };
};

/** The code the client got (the platform's) and, for a failure outside it, the underlying code. */
const errorCodes = (error: FastifyError | Error | undefined, status: number): Record<string, unknown> => {
  if (error === undefined) return { status };
  if (isAppError(error)) return { status, code: error.code };
  const underlying = (error as { code?: unknown }).code;
  return { status, code: status >= 500 ? 'INTERNAL' : 'UNKNOWN', ...(typeof underlying === 'string' ? { cause: underlying } : {}), errorName: error.name };
};

/** The routes whose files are stored attachments rather than documents the platform generates. */
const isAttachmentRoute = (pattern: string): boolean => /\/attachments?\b/.test(pattern);

/** The routes that record their downloads themselves (the audit log's own export). */
const RECORDED_BY_ROUTE = /^\/api\/security-events/;

/** Which event a finished response is, if any. */
export const eventOfResponse = (request: FastifyRequest, status: number, disposition: string | null): SecurityEventInput | null => {
  const base = { accountId: request.actor?.id ?? null, address: request.ip };
  const pattern = request.routeOptions.url ?? '';
  if (status === 403) {
    const { object, params } = requestObject(request);
    return { ...base, kind: 'access_denied', outcome: 'failure', object, details: { ...errorCodes(failures.get(request), status), params } };
  }
  if (status >= 500) {
    const { object, params } = requestObject(request);
    return { ...base, kind: 'server_error', outcome: 'failure', object, details: { ...errorCodes(failures.get(request), status), params } };
  }
  if (status < 300 && disposition !== null && /^\s*attachment/i.test(disposition) && !RECORDED_BY_ROUTE.test(pattern)) {
    const { object, params } = requestObject(request);
    const fileName = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
    let name: string | null = null;
    try {
      name = fileName === undefined ? (/filename="([^"]*)"/i.exec(disposition)?.[1] ?? null) : decodeURIComponent(fileName);
    } catch {
      name = null;
    }
    return { ...base, kind: isAttachmentRoute(pattern) ? 'download' : 'export', outcome: 'success', object, details: { fileName: name, params } };
  }
  return null;
};

/** Adds the hooks to the root instance: before the routes are registered, so that they cover them all. */
export const registerSecurityEventHooks = (server: FastifyInstance, app: AppContext): void => {
  server.addHook('onError', async (request, _reply, error) => {
    failures.set(request, error);
  });
  server.addHook('onResponse', async (request, reply) => {
    const header = reply.getHeader('content-disposition');
    const event = eventOfResponse(request, reply.statusCode, typeof header === 'string' ? header : null);
    if (event === null) return;
    try {
      await recordSecurityEvent(app, event);
    } catch (error) {
      request.log.error({ err: error }, 'security event not recorded');
    }
  });
};
