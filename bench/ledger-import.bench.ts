/**
 * The ledger import (台账导入) at scale, on PGlite or PostgreSQL:
 *
 *   npx tsx bench/ledger-import.bench.ts [--rows 100000] [--import-rows 1000]
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/ledger-import.bench.ts
 *
 * 1. Writes a ledger of N rows (the tests' generator: 汉东区's units, valid credit codes, the
 *    title and 填报单位 rows above the header) with exceljs's streaming writer.
 * 2. In a fresh process (so that its peak RSS is the import's, not the writer's), on a fresh
 *    test database: the dry run of that file as 汉东区's county coordinator — every row read,
 *    checked and matched, nothing written — its time and the process's peak RSS against its
 *    RSS before the import (the app, the database, the file's bytes).
 * 3. The real import of a smaller file (M rows) in the same way: the time per registered case.
 *
 * Markdown to stdout.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { importLedger } from '../src/cases/import-ledger.ts';
import type { Actor } from '../src/domain/access/roles.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS } from '../src/db/seed/hanjiang.ts';
import { createTestApp } from '../test/support/app.ts';
import { LEDGER_HEADERS, ledgerRow } from '../test/support/ledger-workbook.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    'import-rows': { type: 'string', default: '1000' },
    measure: { type: 'string' },
    mode: { type: 'string', default: 'dry-run' },
  },
});

const county: Actor = {
  id: 'acc-handong',
  name: 'handong',
  role: 'county_coordinator',
  unitId: LOCAL_UNIT_IDS.handong.government,
  jurisdictionScope: [JURISDICTION_IDS.handong],
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Writes a ledger of `rows` rows to `file`, streaming. */
const writeLedger = async (file: string, rows: number) => {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.addRow(['汉东区清理拖欠企业账款台账']).commit();
  sheet.addRow(['填报单位：汉东区人民政府', '', '', '', '', '', '', '填报日期：2026年11月26日']).commit();
  sheet.addRow([...LEDGER_HEADERS]).commit();
  for (let n = 1; n <= rows; n += 1) {
    const row = ledgerRow(n);
    sheet.addRow(LEDGER_HEADERS.map((header) => row[header] ?? null)).commit();
  }
  sheet.commit();
  await workbook.commit();
};

if (values.measure !== undefined) {
  // The child: one import of the file, its time and peak RSS.
  const t = await createTestApp('2026-11-26T09:30:00+08:00');
  const content = readFileSync(values.measure);
  global.gc?.();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const result =
    values.mode === 'dry-run'
      ? await importLedger(t.app, county, { name: 'ledger.xlsx', content }, { dryRun: true })
      : await importLedger(t.app, county, { name: 'ledger.xlsx', content });
  const seconds = (performance.now() - started) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ seconds, before, peak, rows: result.rows, problems: result.dryRun ? result.errors.length : 0, imported: result.dryRun ? 0 : result.imported }));
  await t.close();
  process.exit(0);
}

const folder = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
try {
  const measure = async (rows: number, mode: 'dry-run' | 'import') => {
    const file = join(folder, `ledger-${rows}.xlsx`);
    const written = performance.now();
    await writeLedger(file, rows);
    const writeSeconds = (performance.now() - written) / 1000;
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', new URL(import.meta.url).pathname, '--measure', file, '--mode', mode], {
      encoding: 'utf8',
      env: process.env,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(child.stderr);
    const line = child.stdout.trim().split('\n').at(-1)!;
    return { bytes: statSync(file).size, writeSeconds, ...(JSON.parse(line) as { seconds: number; before: number; peak: number; rows: number; problems: number; imported: number }) };
  };
  const dry = await measure(Number(values.rows), 'dry-run');
  const real = await measure(Number(values['import-rows']), 'import');
  console.log(`| What | Rows | File | Time | Per row | RSS before | Peak RSS | Problems / cases |`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|`);
  console.log(`| Dry run | ${dry.rows} | ${mb(dry.bytes)} | ${dry.seconds.toFixed(1)} s | ${((dry.seconds / dry.rows) * 1000).toFixed(2)} ms | ${mb(dry.before)} | ${mb(dry.peak)} | ${dry.problems} problems |`);
  console.log(`| Import | ${real.rows} | ${mb(real.bytes)} | ${real.seconds.toFixed(1)} s | ${((real.seconds / real.rows) * 1000).toFixed(1)} ms | ${mb(real.before)} | ${mb(real.peak)} | ${real.imported} cases |`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
