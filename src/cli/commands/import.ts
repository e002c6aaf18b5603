import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { importIntake } from '../../cases/import-intake.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import { LINE_LABEL } from '../../domain/lines/vocabulary.ts';
import type { IntakeImportError } from '../../io/intake-import.ts';
import { cliAppContext, DEFAULT_DATA_FOLDER, withDatabase } from '../database.ts';

/**
 * The command line imports for 营商办 as a system actor: whoever may run it already holds the
 * database, and the provincial platform's demands are 营商办's intake (S3). The register events
 * record this actor.
 */
export const INTAKE_IMPORT_ACTOR: Actor = {
  id: 'system:intake-import',
  name: '市营商办（命令行导入）',
  role: 'business_office',
  unitId: null,
  jurisdictionScope: [],
};

/** `第3行 统一社会信用代码：…`, or the file's own problem. */
export const describeImportError = (error: IntakeImportError): string =>
  `${error.row === null ? '文件' : `第${error.row}行`}${error.column === null ? '' : ` ${error.column}`}：${error.message}`;

/** @throws AppError VALIDATION_FAILED when the file is not .xlsx or cannot be read */
const readImportFile = async (file: string): Promise<Buffer> => {
  if (extname(file).toLowerCase() !== '.xlsx') {
    throw new AppError('VALIDATION_FAILED', `导入文件应为 .xlsx 工作簿（格式见 docs/IMPORT.md），收到“${file}”`);
  }
  try {
    return await readFile(resolve(file));
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `无法读取文件 ${file}：${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
};

/** `chengxin import intake`: the provincial SME platform's demands into the intake queue (S3). */
export const registerImportCommand = (program: Command): void => {
  const imports = program.command('import').description('导入：湖北省中小微企业诉求响应平台的诉求（S3）');
  imports
    .command('intake')
    .description('导入省平台导出的诉求 .xlsx：逐行校验，全部无误才在一个事务中登记为待受理事项；已导入的诉求编号跳过')
    .requiredOption('--file <file>', '导入文件（.xlsx，格式见 docs/IMPORT.md）')
    .option('--data <dir>', 'PGlite 数据目录（设置了 DATABASE_URL 时忽略）', DEFAULT_DATA_FOLDER)
    .action(async (options: { file: string; data: string }, command: Command) => {
      const { tenant } = command.optsWithGlobals<{ tenant: string }>();
      const content = await readImportFile(options.file);
      await withDatabase(options, async (database) => {
        try {
          const result = await importIntake(cliAppContext(database, tenant), INTAKE_IMPORT_ACTOR, content);
          console.log(`已导入 ${result.imported} 条诉求，跳过已导入的 ${result.skipped} 条（${database.where}）。`);
          for (const item of result.cases) console.log(`  登记 ${item.number}  ${item.externalRef}  ${item.title}（${LINE_LABEL[item.line]}）`);
          for (const item of result.existing) console.log(`  跳过 ${item.externalRef}（已登记为 ${item.number}）`);
        } catch (error) {
          if (isAppError(error) && error.code === 'IMPORT_INVALID') {
            for (const problem of error.details.errors as IntakeImportError[]) console.error(describeImportError(problem));
          }
          throw error;
        }
      });
    });
};
