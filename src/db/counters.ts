import { sql } from 'drizzle-orm';
import type { Db } from './connection.ts';
import { caseCounters } from './schema.ts';

/**
 * Takes the next value of a tenant's yearly counter (`case_counters`): case numbers, breach
 * record and export batch numbers, 督办单 numbers. Inside the caller's transaction; the counter
 * row's lock serialises concurrent takers, and a rolled-back transaction gives its value back.
 */
export const takeCounterValue = async (tx: Db, tenantId: string, prefix: string, year: number): Promise<number> => {
  const [row] = await tx
    .insert(caseCounters)
    .values({ tenantId, prefix, year, nextValue: 2 })
    .onConflictDoUpdate({
      target: [caseCounters.tenantId, caseCounters.prefix, caseCounters.year],
      set: { nextValue: sql`${caseCounters.nextValue} + 1` },
    })
    .returning({ nextValue: caseCounters.nextValue });
  return row!.nextValue - 1;
};

/**
 * Takes `count` consecutive values of the counter at once (a batch of registrations numbered in
 * order): the first of them. Like `takeCounterValue`, within the caller's transaction.
 */
export const takeCounterValues = async (tx: Db, tenantId: string, prefix: string, year: number, count: number): Promise<number> => {
  const [row] = await tx
    .insert(caseCounters)
    .values({ tenantId, prefix, year, nextValue: 1 + count })
    .onConflictDoUpdate({
      target: [caseCounters.tenantId, caseCounters.prefix, caseCounters.year],
      set: { nextValue: sql`${caseCounters.nextValue} + ${count}` },
    })
    .returning({ nextValue: caseCounters.nextValue });
  return row!.nextValue - count;
};

/** A yearly number as people read it: `QK2026-00017`, `XY2026-0001`. */
export const formatYearlyNumber = (prefix: string, year: number, value: number, digits: number): string =>
  `${prefix}${year}-${String(value).padStart(digits, '0')}`;
