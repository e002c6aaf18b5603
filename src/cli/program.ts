/** The `chengxin` command line: one file per command under `commands/`. */
import { Command } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { registerBackupCommand } from './commands/backup.ts';
import { registerCreditCommand } from './commands/credit.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerFlowsCommand } from './commands/flows.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerReportCommand } from './commands/report.ts';
import { registerRestoreCommand } from './commands/restore.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSweepCommand } from './commands/sweep.ts';
import { registerVerifyAuditCommand } from './commands/verify-audit.ts';

export const DEFAULT_TENANT = 'hanjiang';

export const buildProgram = (): Command => {
  const program = new Command('chengxin')
    .description('诚信 Chengxin — 加强政府诚信建设专项行动平台')
    .version(packageJson.version, '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [command]', '显示命令的帮助')
    .option('--tenant <id>', '租户（城市）标识，默认取环境变量 CHENGXIN_TENANT', process.env.CHENGXIN_TENANT || DEFAULT_TENANT)
    .showHelpAfterError('（使用 chengxin --help 查看用法）');
  registerInitCommand(program);
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerDemoCommand(program);
  registerFlowsCommand(program);
  registerVerifyAuditCommand(program);
  registerSweepCommand(program);
  registerReportCommand(program);
  registerCreditCommand(program);
  registerImportCommand(program);
  registerBackupCommand(program);
  registerRestoreCommand(program);
  return program;
};
