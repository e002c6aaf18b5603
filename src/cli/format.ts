/** Console output: aligned tables that count a Chinese character as two columns. */
import { CASE_STATE_LABEL, CASE_STATES, type CaseState } from '../domain/case/states.ts';
import type { DemoSummary } from '../demo/seed-demo.ts';

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

export const displayWidth = (text: string): number => [...text].reduce((width, character) => width + (WIDE.test(character) ? 2 : 1), 0);

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** A table with a header row and a rule under it, indented by two spaces. */
export const table = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((title, column) => Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[column] ?? ''))));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, column) => (column === cells.length - 1 ? cell : pad(cell, widths[column]!))).join('  ')}`.trimEnd();
  return [line(header), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line)].join('\n');
};

export const demoAccountsTable = (summary: Pick<DemoSummary, 'accounts' | 'password'>): string =>
  [
    table(
      ['用户名', '角色', '姓名', '单位'],
      summary.accounts.map((account) => [account.username, account.roleLabel, account.displayName, account.unitName]),
    ),
    `  所有演示账号的密码均为：${summary.password}`,
  ].join('\n');

export const casesByStateTable = (byState: Readonly<Record<CaseState, number>>): string =>
  table(
    ['状态', '代码', '件数'],
    CASE_STATES.filter((state) => byState[state] > 0).map((state) => [CASE_STATE_LABEL[state], state, String(byState[state])]),
  );
