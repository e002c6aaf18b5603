import type { Command } from 'commander';
import { flowDiagram } from '../../domain/case/flow-diagram.ts';
import { openLine } from '../../domain/case/paths.ts';
import { AppError } from '../../domain/errors.ts';
import { OPEN_LINES } from '../../domain/lines/registry.ts';
import { LINES, type Line } from '../../domain/lines/vocabulary.ts';

const isLine = (value: string): value is Line => (LINES as readonly string[]).includes(value);

/** `chengxin flows`: the state machine as a Mermaid diagram, drawn from the same FLOW table and line paths `decide` uses. */
export const registerFlowsCommand = (program: Command): void => {
  program
    .command('flows')
    .description('输出案件状态机的 Mermaid 状态图（不带 --line 时包含全部状态）')
    .option('--line <line>', `只显示一个专项行动的路径：${OPEN_LINES.join(' | ')}`)
    .action((options: { line?: string }) => {
      if (options.line === undefined) {
        console.log(flowDiagram());
        return;
      }
      if (!isLine(options.line)) {
        throw new AppError('VALIDATION_FAILED', `未知的专项行动“${options.line}”，可选：${OPEN_LINES.join('、')}`, { field: 'line' });
      }
      openLine(options.line);
      console.log(flowDiagram({ line: options.line }));
    });
};
