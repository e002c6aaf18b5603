/**
 * The `chengxin` command as users run it: `node bin/chengxin.js …` in a real process, on one
 * PGlite data folder shared by the tests of this file (creating a folder is the slow part).
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { CASE_STATES } from '../../src/domain/case/states.ts';
import { DEMO_PASSWORD } from '../../src/demo/accounts.ts';
import { commandsTimeout, DEMO_COMMAND_TIMEOUT_MS, finished, runChengxin as chengxin, startChengxin, type Finished } from '../support/cli.ts';

/** Resolves with the URL once the server prints where it listens. */
const listening = (child: ChildProcessWithoutNullStreams): Promise<string> =>
  new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const found = /正在监听 (http:\/\/\S+)/.exec(output);
      if (found) resolve(found[1]!);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('close', (code) => reject(new Error(`serve exited with ${code} before listening:\n${output}`)));
  });

const LOCK_MESSAGE = '正被另一个 chengxin 进程使用';

// Up to four commands a test (the sweep, the second-process refusal), each a new Node process on the folder.
describe('the chengxin command', { timeout: commandsTimeout(4) }, () => {
  let dataDir: string;
  let demo: Finished;
  let server: ChildProcessWithoutNullStreams | undefined;

  beforeAll(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'chengxin-cli-')), 'data');
    demo = await chengxin('demo', '--data', dataDir);
  }, DEMO_COMMAND_TIMEOUT_MS);
  afterAll(async () => {
    server?.kill('SIGKILL');
    if (dataDir) await rm(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('prints the whole state machine as Mermaid, and one line’s path with --line', async () => {
    const all = await chengxin('flows');
    expect(all.code).toBe(0);
    expect(all.stdout.startsWith('stateDiagram-v2')).toBe(true);
    for (const state of CASE_STATES) expect(all.stdout).toMatch(new RegExp(`as ${state}$`, 'm'));
    const arrears = await chengxin('flows', '--line', 'arrears');
    expect(arrears.code).toBe(0);
    expect(arrears.stdout).not.toContain('changing');
  });

  it('seeds the demo into a data folder and prints the accounts with their password', () => {
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('已生成演示数据');
    expect(demo.stdout).toMatch(/yingshangban\s+市营商办/);
    expect(demo.stdout).toContain(DEMO_PASSWORD);
  });

  it('finds the demo’s audit log intact (exit 0)', async () => {
    const result = await chengxin('verify-audit', '--data', dataDir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('审计日志完整');
  });

  it('sweeps the supervision ladder as of a date once, and raises nothing the second time (S2)', async () => {
    const first = await chengxin('sweep', '--now', '2027-03-01', '--data', dataDir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/编号\s+级别\s+期限/);
    expect(first.stdout).toContain('通报');
    expect(first.stdout).toMatch(/本次发出 [1-9]\d* 项督办/);
    // The publication check runs with it; the demo's gaps were raised on the seeding day, so none is raised again (P1 → G2).
    expect(first.stdout).toMatch(/政策发布检查：已检查 [1-9]\d* 项现行有效政策，逾期未发布 [1-9]\d* 项/);
    expect(first.stdout).toContain('本次登记 0 件整改事项');
    const again = await chengxin('sweep', '--now', '2027-03-01', '--data', dataDir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('本次发出 0 项督办');
    const audit = await chengxin('verify-audit', '--data', dataDir);
    expect(audit.code).toBe(0);
    const invalid = await chengxin('sweep', '--now', '2027-02-30', '--data', dataDir);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('YYYY-MM-DD');
  });

  it('refuses a second process on a data folder in use, in Chinese and without a stack trace (exit 1)', async () => {
    server = startChengxin(['serve', '--port', '0', '--data', dataDir, '--demo']);
    const url = await listening(server);
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);

    for (const second of [['demo'], ['serve', '--port', '0']]) {
      const result = await chengxin(...second, '--data', dataDir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(LOCK_MESSAGE);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }

    const stopped = finished(server);
    server.kill('SIGTERM');
    expect((await stopped).code).toBe(0);
    server = undefined;
  });

  it('names the case whose event was edited, and exits 2', async () => {
    const database = await openDatabase({ dataDir });
    let number: string;
    try {
      const edited = await database.db.execute<{ number: string }>(sql`
        with target as (
          select case_id, seq from case_events where type = 'record_payment' order by at limit 1
        )
        update case_events e set payload = jsonb_set(e.payload, '{amount}', '1')
          from target, cases c
         where e.case_id = target.case_id and e.seq = target.seq and c.id = e.case_id
        returning c.number`);
      number = edited.rows[0]!.number;
    } finally {
      await database.close();
    }
    const result = await chengxin('verify-audit', '--data', dataDir);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(number);
    expect(result.stdout).toContain('事件内容被篡改');
  });
});
