/**
 * Where a use case spends its time, without changing `src/`: a proxy over the drizzle database
 * (and the transactions it opens) that times every statement the use case awaits, grouped by
 * its SQL text, and keeps one SQL object per group for EXPLAIN. The proxy costs microseconds
 * per statement; headline timings are taken without it.
 */
import type { SQL } from 'drizzle-orm';
import type { Db } from '../src/db/connection.ts';

export interface StatementStats {
  /** The statement's SQL text (parameters as $n), shortened. */
  readonly label: string;
  count: number;
  totalMs: number;
  /** One instance of the statement, with its parameters, for EXPLAIN; absent for raw `execute`. */
  sample?: SQL;
}

export interface Recorder {
  readonly stats: Map<string, StatementStats>;
  /** Statements awaited, in all. */
  total(): { count: number; ms: number };
  reset(): void;
}

const shorten = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  // "in ($1, $2, …, $500)" lists of different lengths are one statement.
  return flat.replace(/\(\$\d+(, \$\d+)+\)/g, '($…)').slice(0, 400);
};

export const instrument = (db: Db): { db: Db; recorder: Recorder } => {
  const stats = new Map<string, StatementStats>();
  const record = (builder: object, ms: number) => {
    let text = '(raw execute)';
    let sample: SQL | undefined;
    const candidate = builder as { toSQL?: () => { sql: string }; getSQL?: () => SQL };
    try {
      if (typeof candidate.toSQL === 'function') text = candidate.toSQL().sql;
      if (typeof candidate.getSQL === 'function') sample = candidate.getSQL();
    } catch {
      // Not a query builder; keep the generic label.
    }
    const label = shorten(text);
    const entry = stats.get(label) ?? { label, count: 0, totalMs: 0 };
    entry.count += 1;
    entry.totalMs += ms;
    if (entry.sample === undefined && sample !== undefined) entry.sample = sample;
    stats.set(label, entry);
  };

  const wrapBuilder = (target: object): object =>
    new Proxy(target, {
      get(object, property) {
        if (property === 'then') {
          return (resolve: (value: unknown) => unknown, reject: (reason: unknown) => unknown) => {
            const started = performance.now();
            const then = Reflect.get(object, 'then', object) as (a: unknown, b: unknown) => Promise<unknown>;
            return then.call(
              object,
              (value: unknown) => {
                record(object, performance.now() - started);
                return resolve(value);
              },
              (reason: unknown) => {
                record(object, performance.now() - started);
                return reject(reason);
              },
            );
          };
        }
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
          return result !== null && typeof result === 'object' && !(result instanceof Promise) ? wrapBuilder(result) : result;
        };
      },
    });

  const wrapDb = (target: Db): Db =>
    new Proxy(target, {
      get(object, property) {
        if (property === 'select' || property === 'selectDistinct' || property === 'insert' || property === 'update' || property === 'delete') {
          const method = Reflect.get(object, property, object) as (...a: unknown[]) => object;
          return (...args: unknown[]) => wrapBuilder(method.apply(object, args));
        }
        if (property === 'execute') {
          return (query: SQL) => {
            const started = performance.now();
            return object.execute(query).then((result) => {
              const label = '(execute)';
              const entry = stats.get(label) ?? { label, count: 0, totalMs: 0 };
              entry.count += 1;
              entry.totalMs += performance.now() - started;
              stats.set(label, entry);
              return result;
            });
          };
        }
        if (property === 'transaction') {
          return (work: (tx: Db) => Promise<unknown>, config?: unknown) => {
            const started = performance.now();
            return (object.transaction as (w: (tx: Db) => Promise<unknown>, c?: unknown) => Promise<unknown>)((tx) => work(wrapDb(tx)), config).finally(
              () => {
                const label = '(transaction, including its statements)';
                const entry = stats.get(label) ?? { label, count: 0, totalMs: 0 };
                entry.count += 1;
                entry.totalMs += performance.now() - started;
                stats.set(label, entry);
              },
            );
          };
        }
        return Reflect.get(object, property, object);
      },
    });

  return {
    db: wrapDb(db),
    recorder: {
      stats,
      total: () => {
        let count = 0;
        let ms = 0;
        for (const entry of stats.values()) {
          if (entry.label.startsWith('(transaction')) continue;
          count += entry.count;
          ms += entry.totalMs;
        }
        return { count, ms };
      },
      reset: () => stats.clear(),
    },
  };
};
