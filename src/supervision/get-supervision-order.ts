import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { loadCase } from '../cases/case-store.ts';
import { authorizeCase } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import type { CommonEventPayloads } from '../domain/case/events.ts';
import { upcastPayload } from '../domain/case/upcast.ts';
import { AppError } from '../domain/errors.ts';
import { supervisionOrderContent, supervisionOrderNumber, type SupervisionOrderContent } from '../domain/supervision/supervision-order.ts';
import { caseEvents, supervisionOrders } from '../db/schema.ts';
import { getUnit, loadCalendar } from '../reference/reference-data.ts';
import { readOrderIssuer } from '../setup/tenant.ts';
import { issuesSupervisionOrder } from './supervision-orders.ts';

/** The 督办单's .docx bytes; docx is imported on the first order printed, not at every start. */
const renderDocx = async (content: SupervisionOrderContent): Promise<Buffer> => (await import('./supervision-order-docx.ts')).renderSupervisionOrder(content);

export interface SupervisionOrderFile {
  readonly number: string;
  readonly fileName: string;
  readonly content: Buffer;
}

/**
 * The 督办单 of a case's formal supervision event `seq`, as a .docx generated on request. Its
 * reader is whoever may read the case.
 * @throws AppError CASE_NOT_FOUND, NOT_FOUND when event `seq` is not a formal supervision
 */
export const getSupervisionOrder = async (app: AppContext, actor: Actor, caseId: string, seq: number): Promise<SupervisionOrderFile> => {
  const stored = await loadCase(app.db, app.tenantId, caseId);
  if (stored === null) throw new AppError('CASE_NOT_FOUND', '案件不存在或无权查看');
  authorizeCase(actor, 'read', stored.record);
  const [row] = await app.db
    .select({ type: caseEvents.type, payload: caseEvents.payload, deadline: caseEvents.deadline, at: caseEvents.at, year: supervisionOrders.year, number: supervisionOrders.number })
    .from(caseEvents)
    .innerJoin(supervisionOrders, and(eq(supervisionOrders.tenantId, caseEvents.tenantId), eq(supervisionOrders.caseId, caseEvents.caseId), eq(supervisionOrders.eventSeq, caseEvents.seq)))
    .where(and(eq(caseEvents.tenantId, app.tenantId), eq(caseEvents.caseId, caseId), eq(caseEvents.seq, seq)));
  if (row === undefined || !issuesSupervisionOrder(row)) throw new AppError('NOT_FOUND', `该事项没有第${seq}号事件的督办单`);
  const { record } = stored;
  const payload = upcastPayload(row.type, row.payload, row.deadline, record.line) as CommonEventPayloads['supervise'];
  const issuer = await readOrderIssuer(app);
  const content = supervisionOrderContent({
    issuer,
    year: row.year,
    serial: row.number,
    caseNumber: record.number,
    caseTitle: record.title,
    enterpriseName: record.enterprise?.name ?? null,
    responsibleUnitName: (await getUnit(app.db, app.tenantId, record.responsibleUnitId)).name,
    deadline: payload.deadline,
    issuedOn: todayInShanghai(row.at),
    opinion: payload.note,
    calendar: await loadCalendar(app.db, app.tenantId),
  });
  const number = supervisionOrderNumber(issuer, row.year, row.number);
  return { number, fileName: `督办单-${number}-${record.number}.docx`, content: await renderDocx(content) };
};
