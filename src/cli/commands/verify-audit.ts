import type { Command } from 'commander';
import { verifyAudit } from '../../audit/verify-audit.ts';
import { DEFAULT_DATA_FOLDER, withDatabase } from '../database.ts';
import { table } from '../format.ts';

/** Exit status when the log is not intact: distinct from 1, which means the check itself failed. */
export const AUDIT_BROKEN_EXIT_CODE = 2;

/** `chengxin verify-audit`: the SM3 chains and projections of every case of the tenant. */
export const registerVerifyAuditCommand = (program: Command): void => {
  program
    .command('verify-audit')
    .description(`核验审计日志：每件案件的 SM3 哈希链、链头与案件记录；完整时退出码 0，发现问题时退出码 ${AUDIT_BROKEN_EXIT_CODE}`)
    .option('--data <dir>', 'PGlite 数据目录（设置了 DATABASE_URL 时忽略）', DEFAULT_DATA_FOLDER)
    .action(async (options: { data: string }, command: Command) => {
      const { tenant } = command.optsWithGlobals<{ tenant: string }>();
      await withDatabase(options, async (database) => {
        const report = await verifyAudit(database.db, tenant);
        console.log(`已核验 ${report.casesChecked} 件案件、${report.eventsChecked} 个事件（租户 ${tenant}，${database.where}）。`);
        if (report.broken.length === 0) {
          console.log('审计日志完整：每件案件的哈希链、链头和案件记录均与事件一致。');
          return;
        }
        console.log(`发现 ${report.broken.length} 件案件的审计记录异常：`);
        console.log(
          table(
            ['案件编号', '事件序号', '问题'],
            report.broken.map((item) => [item.number, String(item.seq), item.message]),
          ),
        );
        process.exitCode = AUDIT_BROKEN_EXIT_CODE;
      });
    });
};
