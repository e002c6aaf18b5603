import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { canonicalJson } from '../audit/chain.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { idempotencyKeys } from '../db/schema.ts';

export interface Outcome<T> {
  readonly status: number;
  readonly body: T;
}

/**
 * Runs a write at most once per `Idempotency-Key` and caller: a retry with the same key and
 * body gets the first response again; the same key with another body is refused.
 * @throws AppError IDEMPOTENCY_KEY_REUSED, VALIDATION_FAILED for a malformed key
 */
export const idempotent = async <T>(
  app: AppContext,
  actor: Actor,
  request: FastifyRequest,
  write: () => Promise<Outcome<T>>,
): Promise<Outcome<T>> => {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return write();
  const key = Array.isArray(header) ? header[0] ?? '' : header;
  if (!/^[\w.:-]{8,128}$/.test(key)) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key 应为8至128位字母、数字或 -_.: 字符', { field: 'Idempotency-Key' });
  }
  const requestHash = createHash('sha256').update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`).digest('hex');
  const where = and(eq(idempotencyKeys.tenantId, app.tenantId), eq(idempotencyKeys.accountId, actor.id), eq(idempotencyKeys.key, key));
  const [previous] = await app.db.select().from(idempotencyKeys).where(where);
  if (previous !== undefined) {
    if (previous.requestHash !== requestHash) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一个请求');
    }
    return { status: previous.statusCode, body: previous.response as T };
  }
  const outcome = await write();
  await app.db
    .insert(idempotencyKeys)
    .values({ tenantId: app.tenantId, accountId: actor.id, key, requestHash, statusCode: outcome.status, response: outcome.body, createdAt: app.clock() })
    .onConflictDoNothing();
  return outcome;
};
