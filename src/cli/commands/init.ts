import { readFile, writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError, isAppError } from '../../domain/errors.ts';
import type { OrganisationProblem } from '../../domain/setup/organisation.ts';
import { ORGANISATION_TEMPLATE_FILE_NAME, writeOrganisationTemplate } from '../../io/organisation-workbook.ts';
import { setUpCityFromWorkbook } from '../../setup/set-up-city.ts';
import { cliAppContext, DEFAULT_DATA_FOLDER, withDatabase } from '../database.ts';

/** `单位 第5行 上级单位：…`, or the organisation's own problem. */
export const describeOrganisationProblem = (problem: OrganisationProblem): string =>
  `${problem.sheet ?? ''}${problem.row === null ? '' : ` 第${problem.row}行`}${problem.column === null ? '' : ` ${problem.column}`}${problem.sheet === null && problem.row === null && problem.column === null ? '' : '：'}${problem.message}`;

/** `chengxin init`: a new city from its organisation workbook, or the workbook's template. */
export const registerInitCommand = (program: Command): void => {
  program
    .command('init')
    .description('初始化一个城市（租户）：从组织架构工作簿写入行政区划、单位、责任分工矩阵、节假日与办理时限，并创建系统、安全、审计三名管理员；不写入任何演示数据')
    .option('--org <file>', '组织架构工作簿（.xlsx，用 --template 生成模板）')
    .option('--template <file>', `生成组织架构导入模板到该文件（如 ${ORGANISATION_TEMPLATE_FILE_NAME}）后退出`)
    .option('--dry-run', '只检查工作簿，不写入')
    .option('--data <dir>', 'PGlite 数据目录（设置了 DATABASE_URL 时忽略）', DEFAULT_DATA_FOLDER)
    .action(async (options: { org?: string; template?: string; dryRun?: boolean; data: string }, command: Command) => {
      const { tenant } = command.optsWithGlobals<{ tenant: string }>();
      if (options.template !== undefined) {
        await writeFile(resolve(options.template), await writeOrganisationTemplate());
        console.log(`已生成组织架构导入模板：${resolve(options.template)}`);
        return;
      }
      if (options.org === undefined) throw new AppError('VALIDATION_FAILED', '请用 --org 指定组织架构工作簿，或用 --template 先生成模板');
      if (extname(options.org).toLowerCase() !== '.xlsx') throw new AppError('VALIDATION_FAILED', `组织架构工作簿应为 .xlsx，收到“${options.org}”`);
      const content = await readFile(resolve(options.org)).catch((error: NodeJS.ErrnoException) => {
        throw new AppError('VALIDATION_FAILED', `无法读取文件 ${options.org}：${error.code ?? String(error)}`);
      });
      await withDatabase(options, async (database) => {
        try {
          const result = await setUpCityFromWorkbook(cliAppContext(database, tenant), content, { dryRun: options.dryRun === true, address: null });
          const summary = result.kind === 'preview' ? result.preview : result.city;
          for (const warning of summary.warnings) console.log(`提示：${describeOrganisationProblem(warning)}`);
          if (result.kind === 'preview') {
            console.log(`检查通过：${summary.cityName}，${summary.jurisdictions}个行政区划，${summary.units}个单位，三名管理员。未写入（--dry-run）。`);
            return;
          }
          console.log(`已初始化租户“${tenant}”：${summary.cityName}，${summary.jurisdictions}个行政区划，${summary.units}个单位（${database.where}）。`);
          console.log('三名管理员的一次性初始密码（请分别当面交给本人；首次登录须修改密码并绑定动态口令）：');
          for (const admin of result.city.admins) console.log(`  ${admin.displayName}  ${admin.username}  ${admin.temporaryPassword}`);
        } catch (error) {
          if (isAppError(error) && error.code === 'IMPORT_INVALID') {
            for (const problem of error.details.problems as OrganisationProblem[]) console.error(describeOrganisationProblem(problem));
          }
          throw error;
        }
      });
    });
};
