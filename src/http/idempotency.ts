import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
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

/** How long a retry waits for its twin's transaction before it is told the request is in progress. */
const CLAIM_WAIT = '10s';

const LOCK_NOT_AVAILABLE = '55P03';

const isLockTimeout = (error: unknown): boolean => {
  for (let cause: unknown = error; cause !== null && typeof cause === 'object'; cause = (cause as { cause?: unknown }).cause) {
    if ((cause as { code?: unknown }).code === LOCK_NOT_AVAILABLE) return true;
  }
  return false;
};

/**
 * Runs a write at most once per `Idempotency-Key` and caller. The key is claimed first, by
 * inserting its row inside the write's own transaction (`write` gets that transaction as its
 * database), and the response is stored in the same transaction: concurrent requests with one
 * key produce one effect, a twin waits for the first and gets its response, and a write that
 * fails releases the key with everything else it did. The same key with another body is refused.
 * @throws AppError IDEMPOTENCY_KEY_REUSED; IDEMPOTENCY_IN_PROGRESS when the first request is
 *   still running after CLAIM_WAIT (retry later); VALIDATION_FAILED for a malformed key
 */
export const idempotent = async <T>(
  app: AppContext,
  actor: Actor,
  request: FastifyRequest,
  /**
   * The write, on `scope`. `claim.inTransaction`: `scope.db` is the key's transaction, which is
   * rolled back whole if the write throws, so a write may run in it without a savepoint of its own.
   */
  write: (scope: AppContext, claim: { readonly inTransaction: boolean }) => Promise<Outcome<T>>,
): Promise<Outcome<T>> => {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return write(app, { inTransaction: false });
  const key = Array.isArray(header) ? header[0] ?? '' : header;
  if (!/^[\w.:-]{8,128}$/.test(key)) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key 应为8至128位字母、数字或 -_.: 字符', { field: 'Idempotency-Key' });
  }
  const requestHash = createHash('sha256').update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`).digest('hex');
  const where = and(eq(idempotencyKeys.tenantId, app.tenantId), eq(idempotencyKeys.accountId, actor.id), eq(idempotencyKeys.key, key));
  const replay = (previous: typeof idempotencyKeys.$inferSelect | undefined): Outcome<T> | null => {
    if (previous === undefined) return null;
    if (previous.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一个请求');
    return previous.statusCode === null ? null : { status: previous.statusCode, body: previous.response as T };
  };
  // No read before the claim: a new key (nearly every request) costs one statement less. A retry
  // of a finished request is still answered at once: its claim meets a committed row, which makes
  // no one wait, and its stored response never changes.
  try {
    return await app.db.transaction(async (tx) => {
      // A twin's claim waits on the first one's uncommitted row; not forever. One statement sets
      // the wait, claims, and (when it claimed) puts the wait back as it was for the write: `wait`
      // has a side effect, so it is evaluated once, before the row it feeds is inserted.
      const { rows: claimed } = await tx.execute<{ key: string }>(sql`
        with wait as (select current_setting('lock_timeout') as before, set_config('lock_timeout', ${CLAIM_WAIT}, true))
        insert into ${idempotencyKeys} (tenant_id, account_id, key, request_hash, created_at)
          select ${app.tenantId}::text, ${actor.id}::text, ${key}::text, ${requestHash}::text, ${app.clock().toISOString()}::timestamptz from wait
        on conflict do nothing
        returning key, set_config('lock_timeout', (select before from wait), true)`);
      if (claimed.length === 0) {
        const previous = replay((await tx.select().from(idempotencyKeys).where(where))[0]);
        if (previous === null) throw inProgress();
        return previous;
      }
      const outcome = await write({ ...app, db: tx }, { inTransaction: true });
      // Every caller gets the response as stored, so the first and its replays are the same bytes.
      const [stored] = await tx
        .update(idempotencyKeys)
        .set({ statusCode: outcome.status, response: outcome.body })
        .where(where)
        .returning({ response: idempotencyKeys.response });
      return { status: outcome.status, body: stored!.response as T };
    });
  } catch (error) {
    if (isLockTimeout(error)) throw inProgress();
    throw error;
  }
};

const inProgress = () => new AppError('IDEMPOTENCY_IN_PROGRESS', '使用同一 Idempotency-Key 的请求正在处理中，请稍后重试');
