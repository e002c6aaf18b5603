import { access, writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { and, eq } from 'drizzle-orm';
import { createCreditExport } from '../../credit/create-credit-export.ts';
import { getCreditExportFile } from '../../credit/read-credit-exports.ts';
import type { Actor } from '../../domain/access/roles.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import { creditExportBatches } from '../../db/schema.ts';
import { cliAppContext, DEFAULT_DATA_FOLDER, withDatabase } from '../database.ts';

/**
 * The command line acts for 市信用办 as a system actor: whoever may run it already holds the
 * database; the batch records this actor as its maker, as the sweep records its own.
 */
export const CREDIT_EXPORT_ACTOR: Actor = {
  id: 'system:credit-export',
  name: '市信用办（命令行报送）',
  role: 'credit_office',
  unitId: null,
  jurisdictionScope: [],
};

/** @throws AppError VALIDATION_FAILED unless the name ends in .csv */
const assertCsvName = (out: string): void => {
  if (extname(out).toLowerCase() !== '.csv') {
    throw new AppError('VALIDATION_FAILED', `报送文件为 UTF-8 CSV 格式（见 docs/CREDIT-EXPORT.md），--out 应以 .csv 结尾，收到“${out}”`);
  }
};

const fileExists = (path: string): AppError =>
  new AppError('VALIDATION_FAILED', `文件 ${path} 已存在，为免覆盖之前的报送文件，请换一个文件名`);

/** @throws AppError VALIDATION_FAILED when the file exists, checked before a batch is made */
const assertAbsent = async (path: string): Promise<void> => {
  const present = await access(path).then(
    () => true,
    () => false,
  );
  if (present) throw fileExists(path);
};

/** Writes a new file only: an earlier batch's file is never overwritten by mistake. */
const writeNew = async (path: string, content: Buffer): Promise<void> => {
  try {
    await writeFile(path, content, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw fileExists(path);
    throw error;
  }
};

/** `chengxin credit export`: the next batch for 全国信用信息共享平台 (S4), or an earlier one again. */
export const registerCreditCommand = (program: Command): void => {
  const credit = program.command('credit').description('失信记录（S4）：向全国信用信息共享平台报送');
  credit
    .command('export')
    .description('生成下一报送批次（自上一批次以来新增、撤销、修复的记录）并写入 CSV 文件；没有变更时不生成批次')
    .requiredOption('--out <file>', '输出文件（.csv，不覆盖已有文件）')
    .option('--batch <number>', '重新导出已有批次（如 BS2026-0001），与首次导出的文件逐字节相同')
    .option('--data <dir>', 'PGlite 数据目录（设置了 DATABASE_URL 时忽略）', DEFAULT_DATA_FOLDER)
    .action(async (options: { out: string; batch?: string; data: string }, command: Command) => {
      const { tenant } = command.optsWithGlobals<{ tenant: string }>();
      assertCsvName(options.out);
      const out = resolve(options.out);
      await assertAbsent(out);
      await withDatabase(options, async (database) => {
        const app = cliAppContext(database, tenant);
        if (options.batch !== undefined) {
          const [batch] = await app.db
            .select({ id: creditExportBatches.id })
            .from(creditExportBatches)
            .where(and(eq(creditExportBatches.tenantId, tenant), eq(creditExportBatches.number, options.batch)));
          if (batch === undefined) throw new AppError('CREDIT_EXPORT_BATCH_NOT_FOUND', `报送批次 ${options.batch} 不存在`);
          const file = await getCreditExportFile(app, CREDIT_EXPORT_ACTOR, batch.id);
          await writeNew(out, file.content);
          console.log(`已重新导出批次 ${options.batch} 到 ${out}`);
          console.log(`SHA-256：${file.sha256}`);
          return;
        }
        let batch;
        try {
          batch = await createCreditExport(app, CREDIT_EXPORT_ACTOR);
        } catch (error) {
          // Nothing new is not a failure: say so, write no file, make no batch (exit 0).
          if (isAppError(error) && error.code === 'CREDIT_EXPORT_NOTHING_NEW') {
            console.log(`${error.message}（租户 ${tenant}，${database.where}）。`);
            return;
          }
          throw error;
        }
        const file = await getCreditExportFile(app, CREDIT_EXPORT_ACTOR, batch.id);
        await writeNew(out, file.content);
        console.log(`已生成报送批次 ${batch.number}：${batch.recordCount} 条记录，写入 ${out}`);
        console.log(`SHA-256：${batch.sha256}`);
      });
    });
};
