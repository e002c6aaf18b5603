import type { AppContext } from '../app-context.ts';
import { authorizeCase } from '../domain/access/case-policy.ts';
import { mayRevealCasePersonalData } from '../domain/access/personal-data-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { CASE_PERSONAL_FIELD, responsiblePhoneOf } from '../domain/personal-data.ts';
import { revealPersonalText } from '../security/personal-data.ts';
import { loadCase } from './case-store.ts';

/**
 * The whole phone number of the responsible person of a case's current rectification plan (G2),
 * for those who call them (`mayRevealCasePersonalData`); the reveal is written to the security
 * log in the same transaction. A case the reader may not read is not found, as for any read.
 * @throws AppError CASE_NOT_FOUND, FORBIDDEN, PERSONAL_DATA_NOT_RECORDED
 */
export const revealCasePersonalData = async (app: AppContext, actor: Actor, caseId: string, origin: { readonly address: string | null }): Promise<string> =>
  app.db.transaction(async (tx) => {
    const stored = await loadCase(tx, app.tenantId, caseId);
    if (stored === null) throw new AppError('CASE_NOT_FOUND', '案件不存在或无权查看');
    authorizeCase(actor, 'read', stored.record);
    if (!mayRevealCasePersonalData(actor, stored.record)) throw new AppError('FORBIDDEN', '当前账号无权查看责任人的完整联系电话');
    const phone = responsiblePhoneOf(stored.record);
    if (phone === null) throw new AppError('PERSONAL_DATA_NOT_RECORDED', '该案件的整改方案没有登记责任人联系电话');
    return revealPersonalText(app, tx, { actor, address: origin.address, object: `case:${caseId}`, field: CASE_PERSONAL_FIELD }, phone);
  });
