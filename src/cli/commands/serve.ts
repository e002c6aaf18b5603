import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { seedCityDefaults, seedReferenceData } from '../../db/seed/reference.ts';
import { isSetUp } from '../../setup/set-up-city.ts';
import { seedDemo } from '../../demo/seed-demo.ts';
import { AppError } from '../../domain/errors.ts';
import { isCidr } from '../../auth/networks.ts';
import { DEFAULT_SWEEP_TIME, parseSweepTime, startScheduler, type Scheduler } from '../../jobs/scheduler.ts';
import { cliAppContext, DEFAULT_DATA_FOLDER, openCliDatabase, type CliDatabase } from '../database.ts';
import { anchorDirectory } from '../../security/anchors.ts';
import { sealClearPhones } from '../../accounts/seal-clear-phones.ts';
import { printDemoSummary } from './demo.ts';

interface ServeOptions {
  readonly port: string;
  readonly host: string;
  readonly data: string;
  readonly demo?: boolean;
  readonly sweepAt: string;
  /** `--no-scheduler` sets it false. */
  readonly scheduler: boolean;
  /** Send cookies with `Secure` (served behind TLS); also `CHENGXIN_SECURE_COOKIES=1`. */
  readonly secureCookies?: boolean;
  /** The reverse proxies (comma-separated addresses or CIDR blocks) whose X-Forwarded-* headers are believed. */
  readonly trustProxy?: string;
}

/** @throws AppError VALIDATION_FAILED for a list that is not addresses or CIDR blocks */
const parseTrustProxy = (text: string): string[] => {
  const blocks = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  const invalid = blocks.filter((block) => !isCidr(block));
  if (blocks.length === 0 || invalid.length > 0) {
    throw new AppError('VALIDATION_FAILED', `--trust-proxy 的“${invalid.join('、') || text}”无效，应为反向代理的地址或 CIDR 网段，多个以逗号分隔`, { field: 'trustProxy' });
  }
  return blocks;
};

/** @throws AppError VALIDATION_FAILED for a port that is not 0–65535 */
const parsePort = (text: string): number => {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new AppError('VALIDATION_FAILED', `端口“${text}”无效，应为 0—65535 的整数`, { field: 'port' });
  }
  return port;
};

/** The usual reasons a port cannot be used, in the user's words. */
const listenError = (error: NodeJS.ErrnoException, host: string, port: number): Error => {
  switch (error.code) {
    case 'EADDRINUSE':
      return new AppError('VALIDATION_FAILED', `${host}:${port} 已被其他程序占用，请用 --port 指定其他端口`, { field: 'port' });
    case 'EACCES':
      return new AppError('VALIDATION_FAILED', `没有权限监听 ${host}:${port}（1024 以下的端口需要管理员权限）`, { field: 'port' });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new AppError('VALIDATION_FAILED', `无法监听地址“${host}”，请检查 --host`, { field: 'host' });
    default:
      return error;
  }
};

const urlOf = (server: FastifyInstance, host: string): string => {
  const address = server.server.address();
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
};

/**
 * Stops serving and closes the database on SIGINT/SIGTERM, from the moment the database is
 * open (an interrupted start must not leave PGlite's folder half-written); a second signal
 * exits at once.
 */
const closeOnSignals = (server: () => FastifyInstance | undefined, scheduler: () => Scheduler | undefined, database: CliDatabase): void => {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n收到 ${signal}，正在停止服务并关闭数据库……`);
    void (async () => {
      try {
        // The jobs first: a sweep or a delivery under way finishes before the database closes.
        await scheduler()?.stop();
        await server()?.close();
      } finally {
        await database.close();
      }
      console.log('已停止。');
      process.exit(0);
    })().catch((error: unknown) => {
      console.error(`停止时出错：${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

/**
 * With CHENGXIN_START_TIMINGS=1, each step of the start on stderr: milliseconds since the
 * process began, and the CPU time spent so far (bench/start.bench.ts --phases reads them).
 */
const markStart = (step: string): void => {
  if (process.env.CHENGXIN_START_TIMINGS !== '1') return;
  const { user, system } = process.cpuUsage();
  console.error(`[start] ${step}: ${performance.now().toFixed(0)} ms, cpu ${((user + system) / 1000).toFixed(0)} ms`);
};

/** `chengxin serve`: the HTTP API (and the API reference) on the database, optionally with the demo. */
export const registerServeCommand = (program: Command): void => {
  program
    .command('serve')
    .description('启动服务：打开数据库（自动迁移）、写入参考数据，可选写入演示数据，然后提供 HTTP 接口')
    .option('--port <port>', '监听端口（0 表示随机可用端口）', '3000')
    .option('--host <host>', '监听地址', '127.0.0.1')
    .option('--data <dir>', 'PGlite 数据目录（设置了 DATABASE_URL 时忽略）', DEFAULT_DATA_FOLDER)
    .option('--demo', '写入演示数据（已存在则不改动），并显示演示账号')
    .option('--sweep-at <HH:MM>', '每日督办扫描的时间（上海时间）；启动时当日尚未扫描则立即扫描一次', DEFAULT_SWEEP_TIME)
    .option('--no-scheduler', '不运行后台任务（每日督办扫描、Webhook 推送）')
    .option('--secure-cookies', '会话 Cookie 只经 HTTPS 发送（经 TLS 或 HTTPS 反向代理提供服务时使用；也可设环境变量 CHENGXIN_SECURE_COOKIES=1）')
    .option('--trust-proxy <cidr>', '信任该地址或网段的反向代理所传的 X-Forwarded-For/-Proto/-Host（多个以逗号分隔）；不设则不信任任何代理')
    .action(async (options: ServeOptions, command: Command) => {
      const { tenant } = command.optsWithGlobals<{ tenant: string }>();
      const port = parsePort(options.port);
      parseSweepTime(options.sweepAt);
      const secureCookies = options.secureCookies === true || process.env.CHENGXIN_SECURE_COOKIES === '1';
      const trustProxy = options.trustProxy === undefined ? undefined : parseTrustProxy(options.trustProxy);
      markStart('modules loaded');
      // Loaded only by `serve`, so the other commands start without the HTTP stack; loaded while
      // PGlite compiles its WebAssembly on other threads, so the two overlap. A failure shows
      // where it is awaited below (or not at all, if the database fails first).
      const httpStack = import('../../http/server.ts');
      httpStack.catch(() => undefined);
      const database = await openCliDatabase(options);
      markStart('database opened and migrated, keys loaded');
      let server: FastifyInstance | undefined;
      let scheduler: Scheduler | undefined;
      closeOnSignals(() => server, () => scheduler, database);
      try {
        // The demo city only with --demo; a real city is set up with `chengxin init` or the first-run page.
        if (options.demo) await seedReferenceData(database.db, tenant);
        const app = cliAppContext(database, tenant);
        // Phone numbers a migration found in clear are sealed with the key before anything is served (migration 0031).
        await sealClearPhones(app);
        const setUp = await isSetUp(app);
        // A set-up city gains the holidays of newly known years.
        if (setUp) await seedCityDefaults(database.db, tenant);
        const setupToken = setUp ? null : randomBytes(16).toString('base64url');
        const demo = options.demo ? await seedDemo(app) : null;
        markStart('reference data, phones sealed, setup checked, demo');
        const { buildServer } = await httpStack;
        markStart('HTTP stack loaded');
        server = await buildServer({ app, logger: false, databaseKind: database.kind, demo: demo !== null, secureCookies, trustProxy, setupToken, anchorDir: anchorDirectory(options.data) });
        markStart('routes registered');
        await server.listen({ port, host: options.host }).catch((error: NodeJS.ErrnoException) => {
          throw listenError(error, options.host, port);
        });
        markStart('listening');
        const url = urlOf(server, options.host);
        console.log(`诚信 Chengxin 已启动，正在监听 ${url}`);
        console.log(`  接口文档：${url}/api/docs`);
        console.log(`  数据库：${database.where}；租户：${tenant}`);
        if (options.scheduler) {
          scheduler = startScheduler(app, {
            sweepAt: options.sweepAt,
            anchorDir: anchorDirectory(options.data),
            demo: options.demo === true,
            log: (message) => console.log(`[后台任务] ${message}`),
          });
          console.log(`  后台任务：每日 ${options.sweepAt} 督办扫描，Webhook 推送每5秒一次`);
        }
        if (demo !== null) {
          console.log('');
          printDemoSummary(demo);
        }
        if (setupToken !== null) {
          console.log('');
          console.log(`本市尚未初始化。请打开 ${url}/setup，上传组织架构工作簿或逐项填写，并输入初始化口令：`);
          console.log(`  ${setupToken}`);
          console.log(`或在命令行运行：chengxin init --template 组织架构.xlsx，填写后 chengxin init --org 组织架构.xlsx`);
        }
        console.log('\n按 Ctrl+C 停止。');
      } catch (error) {
        await scheduler?.stop().catch(() => undefined);
        await server?.close().catch(() => undefined);
        await database.close();
        throw error;
      }
    });
};
