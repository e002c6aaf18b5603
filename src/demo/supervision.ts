import type { AppContext } from '../app-context.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { claimDailyRun, finishDailyRun } from '../jobs/job-runs.ts';
import { SWEEP_JOB } from '../jobs/scheduler.ts';
import { sweepSupervision } from '../jobs/supervision-sweep.ts';

/**
 * The demo city as the morning's scheduled sweep (S2) leaves it: the demo's own 提醒, 催办,
 * 督办 and 通报 (entered by people in the scripts) plus the steps the ladder raises on the
 * seeding day, with their notifications and 督办单 numbers. Recorded as that day's run, so
 * `chengxin serve --demo` does not sweep the same day twice.
 * @returns the number of events the sweep appended
 */
export const seedSupervisionDemo = async (app: AppContext, now: Date): Promise<number> => {
  const day = todayInShanghai(now);
  if (!(await claimDailyRun(app, SWEEP_JOB, day, now))) return 0;
  const result = await sweepSupervision(app, { now });
  await finishDailyRun(app, SWEEP_JOB, day, now, {
    checked: result.checked,
    raised: result.raised.length,
    conflicts: result.conflicts,
    notifications: result.notifications,
  });
  return result.raised.length;
};
