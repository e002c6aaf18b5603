import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Actor } from '../../domain/access/roles.ts';
import { isLocalDate } from '../../domain/calendar.ts';
import { formatWanYuan } from '../../domain/money.ts';
import { exportDispatchWorkbook } from '../../dispatch/export-dispatch-workbook.ts';
import { isRoundId } from '../../dispatch/round-store.ts';
import { cliAppContext, DEFAULT_DATA_FOLDER, withDatabase } from '../database.ts';

/**
 * The command line reads for 营商办 as a system actor: whoever may run it already holds the
 * database, and the dispatch report is 营商办's (G1, S5), over the whole city.
 */
export const DISPATCH_REPORT_ACTOR: Actor = {
  id: 'system:dispatch-report',
  name: '市营商办（命令行报告）',
  role: 'business_office',
  unitId: null,
  jurisdictionScope: [],
};

const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** `chengxin report dispatch`: the dispatch report (调度报告, S5) as an .xlsx workbook. */
export const registerReportCommand = (program: Command): void => {
  const report = program.command('report').description('报告：调度报告（S5）');
  report
    .command('dispatch')
    .description('生成调度报告（按属地、按专项行动、按责任单位、满意率、约谈、通报、未报送、诚信指数）并写入 Excel 文件')
    .requiredOption('--out <file>', '输出文件（.xlsx）')
    .option('--as-of <date>', '统计日（YYYY-MM-DD），默认今天；给定调度时默认其截止日')
    .option('--round <id>', '调度编号：附上各单位报送情况，统计期取该轮调度期')
    .option('--data <dir>', 'PGlite 数据目录（设置了 DATABASE_URL 时忽略）', DEFAULT_DATA_FOLDER)
    .action(async (options: { out: string; asOf?: string; round?: string; data: string }, command: Command) => {
      const { tenant } = command.optsWithGlobals<{ tenant: string }>();
      if (extname(options.out).toLowerCase() !== '.xlsx') command.error(`--out 应以 .xlsx 结尾，收到“${options.out}”`);
      if (options.asOf !== undefined && !isLocalDate(options.asOf)) command.error(`--as-of 应为 YYYY-MM-DD 格式的日期，收到“${options.asOf}”`);
      if (options.round !== undefined && !isRoundId(options.round)) command.error(`--round 应为调度编号（UUID），收到“${options.round}”`);
      await withDatabase(options, async (database) => {
        const { report: figures, content } = await exportDispatchWorkbook(cliAppContext(database, tenant), DISPATCH_REPORT_ACTOR, {
          ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
          ...(options.round === undefined ? {} : { roundId: options.round }),
        });
        const path = resolve(options.out);
        await writeFile(path, content);
        const { total } = figures;
        console.log(`调度报告（统计日 ${figures.asOf}，统计期 ${figures.period.from} 至 ${figures.period.to}${figures.round ? `，${figures.round.title}` : ''}）已写入 ${path}`);
        console.log(
          `案件 ${total.cases} 件：在办 ${total.open}、已销号 ${total.closed}、逾期 ${total.overdue}；未清偿 ${formatWanYuan(total.outstandingAmount)}；` +
            `清偿率 ${percent(total.clearanceRate)}，按期办结率 ${percent(total.onTimeRate)}，销号率 ${percent(total.closureRate)}；约谈 ${figures.interviews.length} 件，通报 ${figures.notices.length} 件。`,
        );
        console.log(
          `企业评价 ${total.ratings} 次：满意 ${total.satisfied}、不满意 ${total.dissatisfied}，满意率 ${percent(total.satisfactionRate)}；申请重新办理 ${total.reopenRequests} 次。`,
        );
      });
    });
};
