import { todayInShanghai, yearOf } from '../domain/calendar.ts';
import type { CaseEvent } from '../domain/case/events.ts';
import type { Db } from '../db/connection.ts';
import { takeCounterValue } from '../db/counters.ts';
import { supervisionOrders } from '../db/schema.ts';

/** The counter of 督办单 numbers in `case_counters`, one sequence per tenant and year. */
const COUNTER_PREFIX = 'supervision_order';

/** Formal supervision (督办) is the step that issues a 督办单 (S2). */
export const issuesSupervisionOrder = (event: { readonly type: string; readonly payload: unknown }): boolean =>
  event.type === 'supervise' && (event.payload as { level?: unknown }).level === 'supervision';

/**
 * Gives a formal supervision event its 督办单 number, inside the event's transaction: the next
 * of the tenant's year (the counter's row lock serialises concurrent ones), kept for good.
 */
export const numberSupervisionOrder = async (tx: Db, tenantId: string, event: CaseEvent): Promise<void> => {
  if (!issuesSupervisionOrder(event)) return;
  const year = yearOf(todayInShanghai(new Date(event.at)));
  const number = await takeCounterValue(tx, tenantId, COUNTER_PREFIX, year);
  await tx.insert(supervisionOrders).values({ tenantId, caseId: event.caseId, eventSeq: event.seq, year, number });
};
