import { resolve } from 'node:path';
import type { Command } from 'commander';
import { upgradeLegacySeals } from '../../audit/seal-upgrade.ts';
import { auditIntact, verifyAudit } from '../../audit/verify-audit.ts';
import { verifyRollups } from '../../cases/verify-rollups.ts';
import { anchorDirectory, writeAnchor } from '../../security/anchors.ts';
import { cliAppContext, DEFAULT_DATA_FOLDER, withDatabase } from '../database.ts';
import { table } from '../format.ts';

/** Exit status when the log is not intact: distinct from 1, which means the check itself failed. */
export const AUDIT_BROKEN_EXIT_CODE = 2;

/**
 * `chengxin verify-audit`: every case's keyed chain (HMAC-SM3) and projection, the security
 * audit log's chain, and the anchors (table and external file), and the cockpit's rollups
 * against the cases; with `--anchor`, then writes a new anchor of the heads when the audit log is intact.
 */
export const registerVerifyAuditCommand = (program: Command): void => {
  program
    .command('verify-audit')
    .description(
      `核验审计日志：每件案件的密钥封印（HMAC-SM3）事件链、链头与案件记录，安全审计日志的封印链，以及锚点（数据库与外部锚点文件）；并按案件记录重算驾驶舱汇总表；完整时退出码 0，发现问题时退出码 ${AUDIT_BROKEN_EXIT_CODE}`,
    )
    .option('--data <dir>', 'PGlite 数据目录（设置了 DATABASE_URL 时忽略）；密钥文件与锚点文件也在此目录', DEFAULT_DATA_FOLDER)
    .option('--anchor', '核验无误后写入新锚点（数据库与外部锚点文件，CHENGXIN_ANCHOR_DIR 可另行指定目录）')
    .action(async (options: { data: string; anchor?: boolean }, command: Command) => {
      const { tenant } = command.optsWithGlobals<{ tenant: string }>();
      const anchorDir = anchorDirectory(resolve(options.data));
      await withDatabase(options, async (database) => {
        const app = cliAppContext(database, tenant);
        const report = await verifyAudit(app, { anchorDir });
        console.log(`已核验 ${report.casesChecked} 件案件、${report.eventsChecked} 个事件（租户 ${tenant}，${database.where}）。`);
        if (report.legacySeal) console.log('该租户的案件事件仍带有旧版 SM3 封印（升级前的数据），下一次每日审计任务或 verify-audit --anchor 将以密钥重新封印。');
        if (report.broken.length === 0) {
          console.log('案件事件链完整：每件案件的封印、链头和案件记录均与事件一致。');
        } else {
          console.log(`发现 ${report.broken.length} 件案件的审计记录异常：`);
          console.log(
            table(
              ['案件编号', '事件序号', '问题'],
              report.broken.map((item) => [item.number, String(item.seq), item.message]),
            ),
          );
        }
        const log = report.securityLog;
        const range = log.firstSeq === null ? '无事件' : `序号 ${log.firstSeq}—${log.lastSeq}`;
        const purged = log.purgedThrough === null ? '' : `，序号 ${log.purgedThrough.seq} 及以前已按保存期限清理`;
        console.log(`安全审计日志：已核验 ${log.eventsChecked} 条（${range}${purged}）。`);
        if (log.broken.length > 0) {
          console.log(table(['事件序号', '问题'], log.broken.map((item) => [String(item.seq), item.message])));
        }
        const anchors = report.anchors;
        console.log(
          `锚点：已核验 ${anchors.anchorsChecked} 个${anchors.latestAt === null ? '' : `，最近一个写于 ${anchors.latestAt}`}；外部锚点文件${anchors.fileChecked ? '已比对' : '未比对（不存在）'}（${anchorDir}）。`,
        );
        for (const item of anchors.broken) console.log(`  - ${item.message}`);
        const rollups = await verifyRollups(app);
        if (rollups.differing === 0) {
          console.log(`驾驶舱汇总表：已按案件记录重算 ${rollups.rows} 行，全部一致。`);
        } else {
          console.log(`驾驶舱汇总表有 ${rollups.differing} 行与案件记录不一致（程序缺陷，请报告）${rollups.differing > rollups.differences.length ? `，列出前 ${rollups.differences.length} 行` : ''}：`);
          console.log(table(['汇总表', '行', '按案件应为', '汇总表记为'], rollups.differences.map((item) => [item.table, item.key, item.expected ?? '（无）', item.stored ?? '（无）'])));
          process.exitCode = AUDIT_BROKEN_EXIT_CODE;
        }
        if (!auditIntact(report)) {
          console.log('审计日志不完整，请保全数据并报告审计管理员。');
          if (options.anchor) console.log('发现问题，未写入新锚点。');
          process.exitCode = AUDIT_BROKEN_EXIT_CODE;
          return;
        }
        console.log('审计日志完整：案件事件链、安全审计日志和锚点均一致。');
        if (options.anchor) {
          const upgraded = await upgradeLegacySeals(app, { anchorDir });
          if (upgraded !== null) console.log(`已将 ${upgraded.cases} 件案件的 ${upgraded.events} 个事件由 SM3 改为密钥封印（HMAC-SM3）。`);
          const written = upgraded?.anchor ?? (await writeAnchor(app, { anchorDir }));
          if (written.written) {
            console.log(`已写入锚点：安全审计日志序号 ${written.anchor.securitySeq}，${written.anchor.caseCount} 件案件的链头摘要；外部文件 ${written.file}。`);
          } else {
            console.log(`未写入锚点：${written.problem}`);
            process.exitCode = AUDIT_BROKEN_EXIT_CODE;
          }
        }
      });
    });
};
