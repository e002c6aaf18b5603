import type { Command } from 'commander';
import { isLocalDate } from '../../domain/calendar.ts';
import { SUPERVISION_LEVEL_LABEL } from '../../domain/case/record.ts';
import { PUBLICATION_KIND_LABEL } from '../../domain/policy-library/publication.ts';
import { raiseNoApplicationItems } from '../../benefits/no-application-sweep.ts';
import { purgeUnlinkedAttachments } from '../../attachments/purge-unlinked.ts';
import { sweepSlowDisbursements } from '../../benefits/slow-disbursement-sweep.ts';
import { sweepPublications } from '../../jobs/publication-sweep.ts';
import { sweepDisclosures } from '../../jobs/disclosure-sweep.ts';
import { sweepSupervision } from '../../jobs/supervision-sweep.ts';
import { purgeExpiredRecords } from '../../jobs/retention-purge.ts';
import { cliAppContext, DEFAULT_DATA_FOLDER, withDatabase } from '../database.ts';
import { table } from '../format.ts';

/** `--now 2027-03-01` means that day in Shanghai at 09:00, when a morning sweep would run. */
export const sweepInstant = (day: string): Date => new Date(`${day}T09:00:00+08:00`);

/**
 * `chengxin sweep`: the daily sweeps as of a date — the supervision ladder (S2), then the
 * publication check (P1 → G2), the annual disclosure's reminders (保障中小企业款项支付条例 Art. 18), the 免申即享 matching (P2), the slow-disbursement check (P5) —
 * printing what each raised; then the purge of uploads nothing took within a day and the
 * retention purge (src/domain/retention.ts), with what each deleted.
 */
export const registerSweepCommand = (program: Command): void => {
  program
    .command('sweep')
    .description('督办扫描：按期限自动发出提醒、催办、督办、通报（S2）；政策发布检查：现行政策逾期未发布的事项登记为整改事项（P1、G2）；逾期账款年度公开检查：3月每周提醒未公开的机关、事业单位，4月1日起向市营商办报告逾期未公开的单位；免申即享匹配：为符合条件的企业生成兑现事项（P2）；资金拨付检查：核准资金逾期未拨付的登记为问题事项（P5）；附件清理：删除上传后超过24小时未被使用的附件；保存期限清理：删除超过保存期限的幂等记录、通知和 Webhook 推送记录；重复运行不会重复发出')
    .option('--now <date>', '按该日（YYYY-MM-DD，上海时间 09:00）运行，默认现在')
    .option('--data <dir>', 'PGlite 数据目录（设置了 DATABASE_URL 时忽略）', DEFAULT_DATA_FOLDER)
    .action(async (options: { now?: string; data: string }, command: Command) => {
      const { tenant } = command.optsWithGlobals<{ tenant: string }>();
      if (options.now !== undefined && !isLocalDate(options.now)) {
        command.error(`--now 应为 YYYY-MM-DD 格式的日期，收到“${options.now}”`);
      }
      const now = options.now === undefined ? new Date() : sweepInstant(options.now);
      await withDatabase(options, async (database) => {
        const result = await sweepSupervision(cliAppContext(database, tenant), { now });
        console.log(`已扫描 ${result.checked} 件可能有督办步骤到期的在办案件（期限将至或已过，或为投诉；租户 ${tenant}，${database.where}）。`);
        if (result.raised.length > 0) {
          console.log(
            table(
              ['编号', '级别', '期限'],
              [...result.raised]
                .sort((a, b) => a.number.localeCompare(b.number))
                .map((step) => [step.number, SUPERVISION_LEVEL_LABEL[step.level], step.deadline]),
            ),
          );
        }
        console.log(`本次发出 ${result.raised.length} 项督办，写入 ${result.notifications} 条站内通知。`);
        if (result.conflicts > 0) console.log(`${result.conflicts} 件案件在扫描时被他人更新，将在下次扫描时处理。`);
        const publications = await sweepPublications(cliAppContext(database, tenant), { now });
        console.log(`政策发布检查：已检查 ${publications.checked} 项现行有效政策，逾期未发布 ${publications.overdue} 项。`);
        if (publications.raised.length > 0) {
          console.log(
            table(
              ['编号', '政策文号', '缺少', '应发布日期'],
              publications.raised.map((item) => [item.number, item.documentNo, PUBLICATION_KIND_LABEL[item.kind], item.dueOn]),
            ),
          );
        }
        console.log(`本次登记 ${publications.raised.length} 件整改事项（此前已登记的不再重复）。`);
        const disclosures = await sweepDisclosures(cliAppContext(database, tenant), { now });
        console.log(
          `逾期账款年度公开检查（${disclosures.year}年度）：提醒未公开单位 ${disclosures.reminded} 个，向市营商办报告逾期未公开单位 ${disclosures.missed} 个，写入 ${disclosures.notifications} 条站内通知。`,
        );
        const items = await raiseNoApplicationItems(cliAppContext(database, tenant), { now });
        console.log(`免申即享匹配：新生成 ${items} 项兑现事项（企业无需申报，已生成的不再重复）。`);
        const slow = await sweepSlowDisbursements(cliAppContext(database, tenant), { now });
        console.log(`资金拨付检查：已核准待拨付 ${slow.checked} 项，逾期未拨付 ${slow.overdue} 项。`);
        if (slow.raised.length > 0) console.log(table(['编号', '企业', '应拨付日期'], slow.raised.map((item) => [item.number, item.enterpriseName, item.dueOn])));
        console.log(`本次登记 ${slow.raised.length} 件“资金拨付缓慢”问题事项（此前已登记的不再重复）。`);
        for (const failure of slow.failed) console.log(`未能登记：${failure.enterpriseName}（${failure.message}），下次扫描时重试。`);
        const purge = await purgeUnlinkedAttachments(cliAppContext(database, tenant), { now });
        console.log(`附件清理：删除 ${purge.purged} 个上传后超过24小时未被事项或申报使用的附件（${(purge.bytes / 1024 / 1024).toFixed(1)}MB）。`);
        const expired = await purgeExpiredRecords(cliAppContext(database, tenant), { now });
        console.log(
          `保存期限清理：删除幂等记录 ${expired.idempotencyKeys} 条、已读通知 ${expired.readNotifications} 条、未读通知 ${expired.unreadNotifications} 条、` +
            `Webhook 推送记录 ${expired.deliveredWebhookDeliveries + expired.failedWebhookDeliveries} 条（已送达 ${expired.deliveredWebhookDeliveries}，失败 ${expired.failedWebhookDeliveries}）。`,
        );
      });
    });
};
