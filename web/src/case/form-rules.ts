import dayjs, { type Dayjs } from 'dayjs';
import { parseYuan } from '../../../src/domain/money.ts';

/** Money typed in 元 or 万元, checked like the server checks it. */
export const moneyRule = {
  validator: async (_: unknown, value: unknown) => {
    if (value === undefined || value === null || value === '') return;
    parseYuan(String(value));
  },
};

/** Dates travel as 'YYYY-MM-DD' strings; the picker works with dayjs. */
export const dateProps = {
  getValueProps: (value: unknown) => ({ value: typeof value === 'string' && value ? dayjs(value) : undefined }),
  normalize: (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : undefined),
};
