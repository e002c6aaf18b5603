import { and, eq, isNull, lt } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { LocalDate } from '../domain/calendar.ts';
import { jobRuns } from '../db/schema.ts';

/** A claimed run that has not finished after this long is taken to have died with its process. */
export const STALE_RUN_MS = 60 * 60 * 1000;

/**
 * Claims the daily run of `job` for `day`: true for exactly one caller. The primary key
 * (tenant, job, day) decides between two processes; a restart finds the row and does not run
 * again, unless the claim is stale (started over an hour ago and never finished).
 */
export const claimDailyRun = async (app: AppContext, job: string, day: LocalDate, now: Date): Promise<boolean> => {
  const claimed = await app.db
    .insert(jobRuns)
    .values({ tenantId: app.tenantId, job, day, startedAt: now })
    .onConflictDoUpdate({
      target: [jobRuns.tenantId, jobRuns.job, jobRuns.day],
      set: { startedAt: now },
      setWhere: and(isNull(jobRuns.finishedAt), lt(jobRuns.startedAt, new Date(now.getTime() - STALE_RUN_MS))),
    })
    .returning({ day: jobRuns.day });
  return claimed.length === 1;
};

/** Records the end of a claimed run and what it did. */
export const finishDailyRun = (app: AppContext, job: string, day: LocalDate, now: Date, result: Record<string, unknown>) =>
  app.db
    .update(jobRuns)
    .set({ finishedAt: now, result })
    .where(and(eq(jobRuns.tenantId, app.tenantId), eq(jobRuns.job, job), eq(jobRuns.day, day)));

