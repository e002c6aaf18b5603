import type { AppContext } from '../app-context.ts';
import { mayRevealAccountPhone } from '../domain/access/personal-data-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { revealPersonalText } from '../security/personal-data.ts';
import { findReadableAccount, managedAccountOf, storedAccountPhone } from './account-views.ts';
import type { RequestOrigin } from './create-account.ts';

/**
 * An account's whole phone number, for whoever administers the account (个人信息保护法: the
 * system administrator; a county coordinator its county's handlers); the reveal is written to
 * the security log in the same transaction.
 * @throws AppError FORBIDDEN, ACCOUNT_NOT_FOUND, PERSONAL_DATA_NOT_RECORDED
 */
export const revealAccountPhone = async (app: AppContext, actor: Actor, accountId: string, origin: RequestOrigin): Promise<string> =>
  app.db.transaction(async (tx) => {
    const row = await findReadableAccount(app, actor, accountId, tx);
    if (!mayRevealAccountPhone(actor, managedAccountOf(row.account, row.unitJurisdictionId))) {
      throw new AppError('FORBIDDEN', '只有管理该账号的管理员可以查看完整号码');
    }
    const phone = storedAccountPhone(row);
    if (phone === null) throw new AppError('PERSONAL_DATA_NOT_RECORDED', '该账号没有登记联系电话', { field: 'phone' });
    return revealPersonalText(app, tx, { actor, address: origin.address, object: `account:${row.account.id}`, field: 'phone' }, phone);
  });
