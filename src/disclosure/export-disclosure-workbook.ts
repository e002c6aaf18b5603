import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { disclosureWorkbook, disclosureWorkbookFileName } from '../io/disclosure-workbook.ts';
import { readTenant } from '../setup/tenant.ts';
import { readDisclosures } from './read-disclosures.ts';

/**
 * The year's disclosure as a workbook for the actor (the same rows and scope as the page): the
 * yearly report to the government (保障中小企业款项支付条例 第二十二条) when 营商办 exports it.
 * @throws AppError as `readDisclosures`
 */
export const exportDisclosureWorkbook = async (app: AppContext, actor: Actor, year: number) => {
  const disclosure = await readDisclosures(app, actor, year);
  return { fileName: disclosureWorkbookFileName(year), content: await disclosureWorkbook(disclosure, (await readTenant(app)).name) };
};
