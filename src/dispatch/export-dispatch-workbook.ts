import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { dispatchWorkbook, dispatchWorkbookFileName } from '../io/dispatch-workbook.ts';
import { cityJurisdiction, listJurisdictions } from '../reference/reference-data.ts';
import { dispatchReport, type DispatchReportOptions } from './dispatch-report.ts';

/**
 * The dispatch report as a workbook for the actor (the same figures and scope as the JSON
 * report), with its file name.
 * @throws AppError as `dispatchReport`
 */
export const exportDispatchWorkbook = async (app: AppContext, actor: Actor, options: DispatchReportOptions = {}) => {
  const report = await dispatchReport(app, actor, options);
  const city = cityJurisdiction(await listJurisdictions(app.db, app.tenantId));
  return { report, fileName: dispatchWorkbookFileName(report), content: await dispatchWorkbook(report, city.name) };
};
