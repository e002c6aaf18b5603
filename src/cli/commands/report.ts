import type { Command } from 'commander';

/** `chengxin report` (issue 4). */
export const registerReportCommand = (_program: Command): void => {};
