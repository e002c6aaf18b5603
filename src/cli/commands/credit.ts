import type { Command } from 'commander';

/** `chengxin credit` (issue 4). */
export const registerCreditCommand = (_program: Command): void => {};
