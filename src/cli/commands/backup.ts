import { resolve } from 'node:path';
import type { Command } from 'commander';
import { backUpDataFolder, backUpServer } from '../../backup/back-up.ts';
import { keyFilePath, readKeyFile } from '../../security/keys.ts';
import { DEFAULT_DATA_FOLDER, withoutPassword } from '../database.ts';
import { table } from '../format.ts';

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * `chengxin backup --out FILE`: the database (embedded: the data folder, the server stopped;
 * PostgreSQL: pg_dump, online) and its manifest in one file. The key file is not in it.
 */
export const registerBackupCommand = (program: Command): void => {
  program
    .command('backup')
    .description('备份数据库到一个文件（内嵌数据库须先停止服务；PostgreSQL 用 pg_dump 在线备份）。密钥文件 chengxin.key 不在备份中，须另行备份')
    .requiredOption('--out <file>', '备份文件（不覆盖已有文件），如 chengxin-2026-11-26.backup')
    .option('--data <dir>', 'PGlite 数据目录（设置了 DATABASE_URL 时只用于找密钥文件）', DEFAULT_DATA_FOLDER)
    .action(async (options: { out: string; data: string }) => {
      const dataDir = resolve(options.data);
      const out = resolve(options.out);
      const keyFile = keyFilePath(dataDir);
      const keys = await readKeyFile(keyFile);
      const databaseUrl = process.env.DATABASE_URL;
      const result = databaseUrl ? await backUpServer(databaseUrl, out, keys, new Date()) : await backUpDataFolder(dataDir, out, keys, new Date());
      const { manifest } = result;
      const source = databaseUrl ? `PostgreSQL ${withoutPassword(databaseUrl)}，pg_dump ${manifest.pgDumpMajor}` : `PGlite 数据目录 ${dataDir}`;
      console.log(`已备份到 ${out}（${megabytes(result.bytes)}；${source}）。`);
      console.log(`数据库结构：已执行 ${manifest.migrations.length} 个迁移，最新为 ${manifest.migrations.at(-1) ?? '（无）'}。`);
      console.log(
        table(
          ['租户', '案件', '案件事件', '安全审计日志'],
          manifest.tenants.map((tenant) => [tenant.id, String(tenant.cases), String(tenant.events), String(tenant.securityEvents)]),
        ),
      );
      console.log(`数据库转储 ${manifest.dump.file} 的 SHA-256：${manifest.dump.sha256}`);
      if (keys === null) {
        console.log(`警告：找不到密钥文件 ${keyFile}，备份中没有记录密钥校验值。恢复时仍须使用封印这些数据的密钥文件，否则事件链无法核验、加密的个人信息无法读取。`);
      } else {
        console.log(`重要：密钥文件 ${keyFile} 不在备份中。它封印案件事件链和安全审计日志、加密个人信息，没有它备份无法恢复；请另行备份，并与数据库备份分开存放。`);
      }
    });
};
