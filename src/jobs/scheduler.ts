import type { AppContext } from '../app-context.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { deliverWebhooks } from '../webhooks/deliver-webhooks.ts';
import { claimDailyRun, finishDailyRun } from './job-runs.ts';
import { sweepSupervision } from './supervision-sweep.ts';

export const SWEEP_JOB = 'supervision_sweep';
/** S2: the daily sweep runs at this Asia/Shanghai time unless configured otherwise. */
export const DEFAULT_SWEEP_TIME = '08:30';
export const DEFAULT_WEBHOOK_INTERVAL_MS = 5_000;
/** How often the scheduler looks whether the daily sweep is due. */
const DAILY_CHECK_MS = 30_000;

export interface SchedulerOptions {
  /** `HH:MM`, Asia/Shanghai. */
  readonly sweepAt?: string;
  readonly webhookIntervalMs?: number;
  /** Where the scheduler reports what it did and what failed; silent by default. */
  readonly log?: (message: string) => void;
}

export interface Scheduler {
  /** Resolves once no job is running any more; no job starts after it is called. */
  stop(): Promise<void>;
}

/** @throws AppError VALIDATION_FAILED for a time that is not HH:MM */
export const parseSweepTime = (text: string): { hour: number; minute: number } => {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (match === null) throw new AppError('VALIDATION_FAILED', `时间“${text}”无效，应为 HH:MM（24小时制，上海时间）`, { field: 'sweepAt' });
  return { hour: Number(match[1]), minute: Number(match[2]) };
};

/** Whether `now` is at or past `hh:mm` of its own day in Asia/Shanghai (UTC+8, no daylight saving). */
export const isPastDailyTime = (now: Date, time: { hour: number; minute: number }): boolean => {
  const shanghai = new Date(now.getTime() + 8 * 3_600_000);
  return shanghai.getUTCHours() * 60 + shanghai.getUTCMinutes() >= time.hour * 60 + time.minute;
};

/**
 * Runs today's supervision sweep if it is due: at start when today's run is missing, and
 * otherwise once the daily time has come. The claim in `job_runs` makes it once per day
 * across processes and restarts.
 * @returns whether this call ran the sweep
 */
export const runDailySweepIfDue = async (app: AppContext, options: { now: Date; atStart: boolean; sweepAt: { hour: number; minute: number } }): Promise<boolean> => {
  const { now } = options;
  if (!options.atStart && !isPastDailyTime(now, options.sweepAt)) return false;
  const day = todayInShanghai(now);
  if (!(await claimDailyRun(app, SWEEP_JOB, day, now))) return false;
  const result = await sweepSupervision(app, { now });
  await finishDailyRun(app, SWEEP_JOB, day, app.clock(), {
    checked: result.checked,
    raised: result.raised.length,
    conflicts: result.conflicts,
    notifications: result.notifications,
  });
  return true;
};

/**
 * The background jobs of `chengxin serve`: the daily supervision sweep (S2) and the webhook
 * delivery loop. Each loop waits for its run to finish before planning the next, so runs never
 * overlap; `stop` waits for the running one.
 */
export const startScheduler = (app: AppContext, options: SchedulerOptions = {}): Scheduler => {
  const sweepAt = parseSweepTime(options.sweepAt ?? DEFAULT_SWEEP_TIME);
  const log = options.log ?? (() => undefined);
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  const loop = (name: string, intervalMs: number, work: (first: boolean) => Promise<void>) => {
    const run = (first: boolean) => {
      if (stopped) return;
      const job = work(first)
        .catch((error: unknown) => log(`${name}出错：${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          running.delete(job);
          if (stopped) return;
          const timer = setTimeout(() => {
            timers.delete(timer);
            run(false);
          }, intervalMs);
          timers.add(timer);
        });
      running.add(job);
    };
    run(true);
  };

  loop('督办扫描', DAILY_CHECK_MS, async (atStart) => {
    if (await runDailySweepIfDue(app, { now: app.clock(), atStart, sweepAt })) log(`已完成 ${todayInShanghai(app.clock())} 的督办扫描。`);
  });
  loop('Webhook 推送', options.webhookIntervalMs ?? DEFAULT_WEBHOOK_INTERVAL_MS, async () => {
    const result = await deliverWebhooks(app, { now: app.clock() });
    if (result.delivered + result.retrying + result.failed > 0) {
      log(`Webhook：送达 ${result.delivered}，待重试 ${result.retrying}，失败 ${result.failed}。`);
    }
  });

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...running]);
    },
  };
};
