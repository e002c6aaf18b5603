import type { AppContext } from '../app-context.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { deliverWebhooks } from '../webhooks/deliver-webhooks.ts';
import { claimDailyRun, finishDailyRun } from './job-runs.ts';
import { sweepPublications } from './publication-sweep.ts';
import { sweepDisclosures } from './disclosure-sweep.ts';
import { raiseNoApplicationItems } from '../benefits/no-application-sweep.ts';
import { sweepSlowDisbursements } from '../benefits/slow-disbursement-sweep.ts';
import { sweepSupervision } from './supervision-sweep.ts';
import { purgeUnlinkedAttachments } from '../attachments/purge-unlinked.ts';
import { runAuditMaintenance } from './audit-maintenance.ts';
import { purgeExpiredRecords } from './retention-purge.ts';

export const SWEEP_JOB = 'supervision_sweep';
/** P1 → G2: the daily publication sweep, claimed in `job_runs` under its own name. */
export const PUBLICATION_SWEEP_JOB = 'publication_sweep';
/** 保障中小企业款项支付条例 Art. 18: the daily check of the annual disclosure (March's reminders, 1 April's notice). */
export const DISCLOSURE_SWEEP_JOB = 'disclosure_sweep';
/** P2: the daily 免申即享 matching, claimed in `job_runs` under its own name. */
export const NO_APPLICATION_JOB = 'no_application_items';
/** P5: the daily check of approved funds paid too slowly. */
export const DISBURSEMENT_SWEEP_JOB = 'disbursement_sweep';
/** Issue 11: the daily audit job (seal upgrade, retention purge, anchor of the audit heads). */
export const AUDIT_MAINTENANCE_JOB = 'audit_maintenance';
/** Issue 11: the daily purge of idempotency records, notifications and webhook deliveries past their retention. */
export const RETENTION_PURGE_JOB = 'retention_purge';
/** S2: the daily sweep runs at this Asia/Shanghai time unless configured otherwise. */
export const DEFAULT_SWEEP_TIME = '08:30';
/** Steps the daily supervision sweep raises per round (a backlog's first sweep runs in several). */
export const SWEEP_STEPS_PER_ROUND = 2_000;
export const DEFAULT_WEBHOOK_INTERVAL_MS = 5_000;
/** Issue 11: how often uploads that nothing took for a day are purged (so none stays much past its day). */
export const UPLOAD_PURGE_INTERVAL_MS = 60 * 60 * 1000;
/** How often the scheduler looks whether the daily sweep is due. */
const DAILY_CHECK_MS = 30_000;

export interface SchedulerOptions {
  /** `HH:MM`, Asia/Shanghai. */
  readonly sweepAt?: string;
  readonly webhookIntervalMs?: number;
  /** Where the scheduler reports what it did and what failed; silent by default. */
  readonly log?: (message: string) => void;
  /** The folder of the external anchor file of the daily audit job; null or absent: the table only. */
  readonly anchorDir?: string | null;
  /** The server runs as a demo (`serve --demo`): webhooks go to `http://` subscriptions too. */
  readonly demo?: boolean;
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

type DailyOptions = { now: Date; atStart: boolean; sweepAt: { hour: number; minute: number } };

/**
 * Runs today's `job` if it is due: at start when today's run is missing, and otherwise once the
 * daily time has come. The claim in `job_runs` makes it once per day across processes and
 * restarts; `run` returns what the run records as its result.
 */
const runDailyJobIfDue = async (app: AppContext, job: string, options: DailyOptions, run: (now: Date) => Promise<Record<string, unknown>>): Promise<boolean> => {
  const { now } = options;
  if (!options.atStart && !isPastDailyTime(now, options.sweepAt)) return false;
  const day = todayInShanghai(now);
  if (!(await claimDailyRun(app, job, day, now))) return false;
  const result = await run(now);
  await finishDailyRun(app, job, day, app.clock(), result);
  return true;
};

/**
 * Runs today's supervision sweep (S2) if it is due.
 * @returns whether this call ran the sweep
 */
export const runDailySweepIfDue = (app: AppContext, options: DailyOptions): Promise<boolean> =>
  runDailyJobIfDue(app, SWEEP_JOB, options, async (now) => {
    // In rounds of at most SWEEP_STEPS_PER_ROUND steps, each going on where the last stopped: a
    // first sweep over a backlog holds one round's steps in memory at a time, and if the process
    // dies mid-way its claim is taken up again once stale (STALE_RUN_MS), the sweep then raising
    // only what is still missing.
    const total = { checked: 0, raised: 0, conflicts: 0, notifications: 0, rounds: 0 };
    for (let after: string | null = null; ; ) {
      const result = await sweepSupervision(app, { now, maxSteps: SWEEP_STEPS_PER_ROUND, after });
      total.checked += result.checked;
      total.raised += result.raised.length;
      total.conflicts += result.conflicts;
      total.notifications += result.notifications;
      total.rounds += 1;
      if (result.resumeAfter === null) return total;
      after = result.resumeAfter;
    }
  });

/**
 * Runs today's publication sweep (P1 → G2) if it is due, at the supervision sweep's time but as
 * a job of its own, so that one failing does not keep the other from running.
 * @returns whether this call ran the sweep
 */
export const runDailyPublicationSweepIfDue = (app: AppContext, options: DailyOptions): Promise<boolean> =>
  runDailyJobIfDue(app, PUBLICATION_SWEEP_JOB, options, async (now) => {
    const result = await sweepPublications(app, { now });
    return { checked: result.checked, overdue: result.overdue, raised: result.raised.length };
  });

/**
 * Runs today's check of the annual disclosure (保障中小企业款项支付条例 Art. 18) if it is due: in
 * March the week's reminders to units that have not published, from 1 April the missed notice.
 * @returns whether this call ran it
 */
export const runDailyDisclosureSweepIfDue = (app: AppContext, options: DailyOptions): Promise<boolean> =>
  runDailyJobIfDue(app, DISCLOSURE_SWEEP_JOB, options, async (now) => {
    const result = await sweepDisclosures(app, { now });
    return { year: result.year, reminderOn: result.reminderOn, reminded: result.reminded, missed: result.missed, notifications: result.notifications };
  });

/**
 * Runs today's 免申即享 matching (P2) if it is due: items for enterprises that newly qualify.
 * @returns whether this call ran it
 */
export const runDailyNoApplicationItemsIfDue = (app: AppContext, options: DailyOptions): Promise<boolean> =>
  runDailyJobIfDue(app, NO_APPLICATION_JOB, options, async (now) => ({ made: await raiseNoApplicationItems(app, { now }) }));

/**
 * Runs today's check of slow disbursements (P5) if it is due.
 * @returns whether this call ran it
 */
export const runDailyDisbursementSweepIfDue = (app: AppContext, options: DailyOptions): Promise<boolean> =>
  runDailyJobIfDue(app, DISBURSEMENT_SWEEP_JOB, options, async (now) => {
    const result = await sweepSlowDisbursements(app, { now });
    return { checked: result.checked, overdue: result.overdue, raised: result.raised.length };
  });

/**
 * Runs today's audit job if it is due: the one-time re-seal of SM3-sealed case chains, the
 * security log's retention purge, the anchor of the audit heads and the check of the cockpit's
 * rollups, whose differences it logs.
 * @returns whether this call ran it
 */
export const runDailyAuditMaintenanceIfDue = (
  app: AppContext,
  options: DailyOptions & { anchorDir: string | null; log?: (message: string) => void },
): Promise<boolean> =>
  runDailyJobIfDue(app, AUDIT_MAINTENANCE_JOB, options, async (now) => {
    const result = await runAuditMaintenance(app, { anchorDir: options.anchorDir, now });
    if (result.rollupDifferences > 0) {
      options.log?.(`驾驶舱汇总表有 ${result.rollupDifferences} 行与案件记录不一致（程序缺陷，请报告；chengxin verify-audit 列出各行）。`);
    }
    return { ...result };
  });

/**
 * Runs today's retention purge if it is due: idempotency records, notifications and webhook
 * deliveries past their retention (src/domain/retention.ts), counted per kind in `job_runs`.
 * @returns whether this call ran it
 */
export const runDailyRetentionPurgeIfDue = (app: AppContext, options: DailyOptions): Promise<boolean> =>
  runDailyJobIfDue(app, RETENTION_PURGE_JOB, options, async (now) => ({ ...(await purgeExpiredRecords(app, { now })) }));

/**
 * The background jobs of `chengxin serve`: the daily supervision sweep (S2), the daily
 * publication sweep (P1 → G2), the daily check of the annual disclosure (保障中小企业款项支付条例
 * Art. 18), the daily 免申即享 matching (P2), the daily check of slow disbursements (P5), the daily
 * audit job and retention purge (issue 11), the hourly purge of uploads nothing took within a day (issue 11) and the webhook
 * delivery loop. Each loop waits for its run to
 * finish before planning the next, so runs never overlap; `stop` waits for the running one.
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
  loop('政策发布检查', DAILY_CHECK_MS, async (atStart) => {
    if (await runDailyPublicationSweepIfDue(app, { now: app.clock(), atStart, sweepAt })) log(`已完成 ${todayInShanghai(app.clock())} 的政策发布检查。`);
  });
  loop('年度公开检查', DAILY_CHECK_MS, async (atStart) => {
    if (await runDailyDisclosureSweepIfDue(app, { now: app.clock(), atStart, sweepAt })) log(`已完成 ${todayInShanghai(app.clock())} 的逾期账款年度公开检查。`);
  });
  loop('免申即享匹配', DAILY_CHECK_MS, async (atStart) => {
    if (await runDailyNoApplicationItemsIfDue(app, { now: app.clock(), atStart, sweepAt })) log(`已完成 ${todayInShanghai(app.clock())} 的免申即享匹配。`);
  });
  loop('资金拨付检查', DAILY_CHECK_MS, async (atStart) => {
    if (await runDailyDisbursementSweepIfDue(app, { now: app.clock(), atStart, sweepAt })) log(`已完成 ${todayInShanghai(app.clock())} 的资金拨付检查。`);
  });
  loop('审计日志维护', DAILY_CHECK_MS, async (atStart) => {
    if (await runDailyAuditMaintenanceIfDue(app, { now: app.clock(), atStart, sweepAt, anchorDir: options.anchorDir ?? null, log })) {
      log(`已完成 ${todayInShanghai(app.clock())} 的审计日志维护（保存期限清理、锚点）。`);
    }
  });
  loop('保存期限清理', DAILY_CHECK_MS, async (atStart) => {
    if (await runDailyRetentionPurgeIfDue(app, { now: app.clock(), atStart, sweepAt })) log(`已完成 ${todayInShanghai(app.clock())} 的保存期限清理。`);
  });
  loop('附件清理', UPLOAD_PURGE_INTERVAL_MS, async () => {
    const result = await purgeUnlinkedAttachments(app, { now: app.clock() });
    if (result.purged > 0) log(`已删除 ${result.purged} 个上传后超过24小时未使用的附件。`);
  });
  loop('Webhook 推送', options.webhookIntervalMs ?? DEFAULT_WEBHOOK_INTERVAL_MS, async () => {
    const result = await deliverWebhooks(app, { now: app.clock(), demoMode: options.demo ?? false });
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
