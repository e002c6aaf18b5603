import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { DEFAULT_DATA_FOLDER, withDatabase } from '../database.ts';
import { table } from '../format.ts';

interface MigrationRow extends Record<string, unknown> {
  name: string;
  applied_at: Date | string;
}

const shanghaiTime = (value: Date | string): string =>
  new Date(value).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false });

/** `chengxin migrate`: opening the database applies what is missing; this lists what is applied. */
export const registerMigrateCommand = (program: Command): void => {
  program
    .command('migrate')
    .description('执行数据库迁移，并列出已执行的迁移')
    .option('--data <dir>', 'PGlite 数据目录（设置了 DATABASE_URL 时忽略）', DEFAULT_DATA_FOLDER)
    .action(async (options: { data: string }) => {
      await withDatabase(options, async (database) => {
        const result = await database.db.execute<MigrationRow>(sql`select name, applied_at from schema_migrations order by name`);
        console.log(`数据库结构已是最新（${database.where}）。已执行的迁移：`);
        console.log(table(['迁移', '执行时间'], result.rows.map((row) => [row.name, shanghaiTime(row.applied_at)])));
      });
    });
};
