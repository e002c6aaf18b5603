import type { Command } from 'commander';
import { seedReferenceData } from '../../db/seed/reference.ts';
import { seedDemo, type DemoSummary } from '../../demo/seed-demo.ts';
import { cliAppContext, DEFAULT_DATA_FOLDER, withDatabase } from '../database.ts';
import { casesByStateTable, demoAccountsTable } from '../format.ts';

const shanghaiDate = (iso: string): string => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** The demo's account table and, when just seeded, what was written. */
export const printDemoSummary = (summary: DemoSummary): void => {
  console.log(summary.message);
  if (summary.seeded && summary.period !== null) {
    console.log(
      `  时间跨度 ${shanghaiDate(summary.period.from)} 至 ${shanghaiDate(summary.period.to)}，共 ${summary.events} 个事件，用时 ${(summary.elapsedMs / 1000).toFixed(1)} 秒。`,
    );
  }
  console.log('\n演示账号：');
  console.log(demoAccountsTable(summary));
};

/** `chengxin demo`: reference data and the demo, each written once. */
export const registerDemoCommand = (program: Command): void => {
  program
    .command('demo')
    .description('写入参考数据和演示数据（演示账号、企业、清欠案件）；已存在则不改动')
    .option('--data <dir>', 'PGlite 数据目录（设置了 DATABASE_URL 时忽略）', DEFAULT_DATA_FOLDER)
    .action(async (options: { data: string }, command: Command) => {
      const { tenant } = command.optsWithGlobals<{ tenant: string }>();
      await withDatabase(options, async (database) => {
        await seedReferenceData(database.db, tenant);
        const summary = await seedDemo(cliAppContext(database, tenant));
        printDemoSummary(summary);
        console.log('\n台账案件（按状态）：');
        console.log(casesByStateTable(summary.casesByState));
      });
    });
};
