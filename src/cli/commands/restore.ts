import { resolve } from 'node:path';
import type { Command } from 'commander';
import { restoreBackup } from '../../backup/restore.ts';
import { anchorDirectory } from '../../security/anchors.ts';
import { keyFilePath } from '../../security/keys.ts';
import { DEFAULT_DATA_FOLDER, withoutPassword } from '../database.ts';
import { table } from '../format.ts';
import { AUDIT_BROKEN_EXIT_CODE } from './verify-audit.ts';

/**
 * `chengxin restore --from FILE`: into an empty data folder or an empty PostgreSQL database only;
 * then applies newer migrations and verifies every chain. Exit 2 when the restored data does
 * not verify, as `verify-audit`.
 */
export const registerRestoreCommand = (program: Command): void => {
  program
    .command('restore')
    .description(
      `从备份文件恢复到空的数据目录或空的 PostgreSQL 数据库（DATABASE_URL），执行新版本的迁移，再核验每件案件的事件链、案件记录和安全审计日志；需要备份时的密钥文件。核验未通过时退出码 ${AUDIT_BROKEN_EXIT_CODE}`,
    )
    .requiredOption('--from <file>', 'chengxin backup 写出的备份文件')
    .option('--data <dir>', '新的 PGlite 数据目录（可以不存在，或只含密钥文件 chengxin.key）；设置了 DATABASE_URL 时只用于找密钥文件', DEFAULT_DATA_FOLDER)
    .action(async (options: { from: string; data: string }) => {
      const dataDir = resolve(options.data);
      const from = resolve(options.from);
      const databaseUrl = process.env.DATABASE_URL;
      const where = databaseUrl ? `PostgreSQL ${withoutPassword(databaseUrl)}` : `数据目录 ${dataDir}`;
      const report = await restoreBackup({
        from,
        target: databaseUrl ? { kind: 'postgres', databaseUrl } : { kind: 'pglite', dataDir },
        where,
        keyFile: keyFilePath(dataDir),
        anchorDir: anchorDirectory(dataDir),
      });
      const { manifest } = report;
      console.log(`已将备份 ${from}（制作于 ${manifest.createdAt}，chengxin ${manifest.chengxinVersion}）恢复到 ${where}。`);
      console.log(
        report.migrationsApplied.length === 0
          ? '数据库结构与本程序一致，无需迁移。'
          : `备份早于本程序，已执行 ${report.migrationsApplied.length} 个新迁移：${report.migrationsApplied.join('、')}。`,
      );
      console.log(
        table(
          ['租户', '案件', '案件事件', '核验的事件链', '安全审计日志', '与备份清单'],
          report.tenants.map(({ id, expected, found, audit }) => [
            id,
            String(found.cases),
            String(found.events),
            `${audit.casesChecked - audit.broken.length}/${audit.casesChecked} 完整`,
            `${audit.securityLog.eventsChecked} 条${audit.securityLog.broken.length === 0 ? '完整' : `，${audit.securityLog.broken.length} 处异常`}`,
            expected === null ? '清单中没有该租户' : expected.cases === found.cases && expected.events === found.events && expected.securityEvents === found.securityEvents ? '一致' : `不一致（清单：案件 ${expected.cases}，事件 ${expected.events}，安全审计日志 ${expected.securityEvents}）`,
          ]),
        ),
      );
      for (const { id, audit } of report.tenants) {
        for (const item of audit.broken) console.log(`  - 租户 ${id}，案件 ${item.number}，事件序号 ${item.seq}：${item.message}`);
        for (const item of audit.securityLog.broken) console.log(`  - 租户 ${id}，安全审计日志序号 ${item.seq}：${item.message}`);
        for (const item of audit.anchors.broken) console.log(`  - 租户 ${id}，锚点：${item.message}`);
      }
      const anchorDir = anchorDirectory(dataDir);
      console.log(
        report.anchorFileCompared
          ? `已将数据库中的锚点与外部锚点文件比对（${anchorDir}）。`
          : `外部锚点文件未比对（${anchorDir} 中没有）：已核验数据库中的锚点。外部锚点文件也不在备份中，请把与备份同时保存的 anchors.jsonl 复制到该目录（或设置 CHENGXIN_ANCHOR_DIR），之后 chengxin verify-audit 会与它比对。`,
      );
      if (!report.intact) {
        console.log('恢复的数据未通过核验：数据已写入，但与备份不符或事件链不完整。请勿投入使用；请核对密钥文件和备份文件，删除该数据目录或数据库后重新恢复，并报告审计管理员。');
        process.exitCode = AUDIT_BROKEN_EXIT_CODE;
        return;
      }
      const cases = report.tenants.reduce((sum, tenant) => sum + tenant.found.cases, 0);
      const events = report.tenants.reduce((sum, tenant) => sum + tenant.found.events, 0);
      console.log(`核验通过：${cases} 件案件、${events} 个事件，每条事件链、每件案件记录和安全审计日志均完整，数量与备份清单一致。`);
    });
};
