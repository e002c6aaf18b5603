import { bigint, date, timestamp } from 'drizzle-orm/pg-core';

/** Money: BIGINT counts of 分, read as JS numbers (a `Fen` never passes Number.MAX_SAFE_INTEGER). */
export const money = (name: string) => bigint(name, { mode: 'number' });
/** An instant: TIMESTAMPTZ as a Date. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** A day: DATE as 'YYYY-MM-DD'. */
export const day = (name: string) => date(name, { mode: 'string' });
