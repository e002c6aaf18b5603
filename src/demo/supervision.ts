import type { AppContext } from '../app-context.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { claimDailyRun, finishDailyRun } from '../jobs/job-runs.ts';
import { sweepPublications } from '../jobs/publication-sweep.ts';
import { PUBLICATION_SWEEP_JOB, SWEEP_JOB } from '../jobs/scheduler.ts';
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

/**
 * The demo city after the morning's publication sweep (P1 → G2): every policy in force that
 * lacks a publication past its due day has its integrity item, assigned to the issuing
 * department. Recorded as that day's run, like the supervision sweep's.
 * @returns the number of integrity items (one register event each) the sweep registered
 */
export const seedPublicationSweepDemo = async (app: AppContext, now: Date): Promise<number> => {
  const day = todayInShanghai(now);
  if (!(await claimDailyRun(app, PUBLICATION_SWEEP_JOB, day, now))) return 0;
  const result = await sweepPublications(app, { now });
  await finishDailyRun(app, PUBLICATION_SWEEP_JOB, day, now, { checked: result.checked, overdue: result.overdue, raised: result.raised.length });
  return result.raised.length;
};
