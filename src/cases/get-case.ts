import type { AppContext } from '../app-context.ts';
import { authorizeCase } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { AppError } from '../domain/errors.ts';
import { loadCase, loadEvents } from './case-store.ts';
import { caseView, type CaseView } from './case-view.ts';

/**
 * One case as its reader may see it, with history, flow and the actions they may take.
 * @throws AppError CASE_NOT_FOUND when there is no such case or the actor may not read it
 */
export const getCase = async (app: AppContext, actor: Actor, caseId: string): Promise<CaseView> => {
  const stored = await loadCase(app.db, app.tenantId, caseId);
  if (stored === null) throw new AppError('CASE_NOT_FOUND', '案件不存在或无权查看');
  authorizeCase(actor, 'read', stored.record);
  const events = await loadEvents(app.db, app.tenantId, caseId);
  return caseView(app.db, app.tenantId, stored.record, events, actor, todayInShanghai(app.clock()));
};
