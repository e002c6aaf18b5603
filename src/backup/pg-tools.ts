/**
 * PostgreSQL's own client tools, which back up and restore a server: `pg_dump` and
 * `pg_restore`, found in `CHENGXIN_PG_BIN` or on the PATH. The password of the URL goes to
 * them in PGPASSWORD, never on the command line (where `ps` would show it).
 */
import { spawn, type ChildProcessByStdio, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Readable } from 'node:stream';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { AppError } from '../domain/errors.ts';

export type PgTool = 'pg_dump' | 'pg_restore';

/** The folder of the PostgreSQL client tools, when they are not on the PATH. */
export const PG_BIN_ENV = 'CHENGXIN_PG_BIN';

export interface FoundTool {
  readonly path: string;
  readonly major: number;
  readonly version: string;
}

const toolMissing = (tool: PgTool) =>
  new AppError(
    'PG_TOOL_UNAVAILABLE',
    `找不到 ${tool}。备份与恢复 PostgreSQL 数据库需要 PostgreSQL 客户端工具（主版本不低于服务器，如 Debian 的 postgresql-client-15）；请安装后重试，或用环境变量 ${PG_BIN_ENV} 指定其所在目录。`,
    { tool },
  );

const candidates = (tool: PgTool): string[] => {
  const folder = process.env[PG_BIN_ENV];
  if (folder) return [join(folder, tool)];
  return (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((entry) => join(entry, tool));
};

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What a started process printed, once it has exited. */
export const outputOf = (child: ChildProcessByStdio<null, Readable, Readable> | ChildProcessWithoutNullStreams): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

/** Runs a tool to its end, collecting its output. */
export const runTool = (path: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<RunResult> =>
  outputOf(spawn(path, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));

/**
 * Finds `tool` and reads its version.
 * @throws AppError PG_TOOL_UNAVAILABLE when it is not installed
 */
export const findPgTool = async (tool: PgTool): Promise<FoundTool> => {
  for (const path of candidates(tool)) {
    if (!(await access(path, constants.X_OK).then(() => true, () => false))) continue;
    const run = await runTool(path, ['--version']).catch(() => null);
    const found = run === null ? null : /\(PostgreSQL\)\s+(\d+)(\.\d+)*/.exec(run.stdout);
    if (found === null) continue;
    return { path, major: Number(found[1]), version: found[0].replace(/^\(PostgreSQL\)\s+/, '') };
  }
  throw toolMissing(tool);
};

/** The server's major version, from `server_version_num` (150020 → 15). */
export const serverMajor = (serverVersionNum: number): number => Math.floor(serverVersionNum / 10_000);

/**
 * A tool too old for the server (pg_dump refuses a newer server) or for the archive.
 * @throws AppError PG_TOOL_UNAVAILABLE
 */
export const assertToolVersion = (tool: FoundTool & { name: PgTool }, needed: number, what: string): void => {
  if (tool.major >= needed) return;
  throw new AppError(
    'PG_TOOL_UNAVAILABLE',
    `${tool.name} 的版本（${tool.version}，${tool.path}）低于${what}的主版本 ${needed}。请安装 PostgreSQL ${needed} 或更新的客户端工具，或用环境变量 ${PG_BIN_ENV} 指定其目录。`,
    { tool: tool.name, version: tool.version, needed },
  );
};

/** The URL without its password, and the environment that carries the password instead. */
export const connectionForTool = (databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } => {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { url: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
};

/** The last lines a failed tool wrote, for the operator. */
export const toolFailure = (tool: PgTool, run: RunResult): AppError =>
  new AppError('PG_TOOL_FAILED', `${tool} 执行失败（退出码 ${run.code}）：${run.stderr.trim().split('\n').slice(-5).join(' ') || '无输出'}`, { tool });
