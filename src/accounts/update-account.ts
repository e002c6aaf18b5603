import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { endSessionsOf } from '../auth/sessions.ts';
import { isAdminRole, mayManageAccount } from '../domain/access/account-policy.ts';
import { ROLES, type Actor } from '../domain/access/roles.ts';
import { displayNameSchema, phoneSchema } from '../domain/accounts/account-fields.ts';
import { AppError } from '../domain/errors.ts';
import { accountContacts, accounts, units } from '../db/schema.ts';
import { recordSecurityEvent, type SecurityEventInput } from '../security/audit-log.ts';
import { clearText } from '../security/personal-data.ts';
import { checkAccountPlacement } from './account-unit.ts';
import { getAccountView, managedAccountOf, storedAccountPhone, type AccountView } from './account-views.ts';
import { sealedContact, type RequestOrigin } from './create-account.ts';

export const updateAccountSchema = z.object({
  displayName: displayNameSchema.optional(),
  role: z.enum(ROLES, { error: '角色无效' }).optional(),
  unitId: z.string().trim().min(1).max(100).optional(),
  jurisdictionId: z.string().trim().min(1).max(100).nullable().optional(),
  active: z.boolean().optional(),
  phone: phoneSchema.nullable().optional(),
});
export type UpdateAccountInput = z.infer<typeof updateAccountSchema>;

/** The number an account has, opened only to compare it with one given (the same again is no change), never handed out. */
const recordedPhone = (app: AppContext, row: Parameters<typeof storedAccountPhone>[0]): string | null => {
  const stored = storedAccountPhone(row);
  return stored === null ? null : clearText(app.keys, stored);
};

/**
 * Changes an account's name, phone, role, unit or jurisdiction, or disables or enables it, for
 * whoever may administer it both as it is and as it would be. Each change goes to the security
 * log in the same transaction; disabling it or changing its rights ends its sessions.
 * @throws AppError ACCOUNT_NOT_FOUND, FORBIDDEN, ACCOUNT_UNIT_MISMATCH
 */
export const updateAccount = async (app: AppContext, actor: Actor, accountId: string, patch: UpdateAccountInput, origin: RequestOrigin): Promise<AccountView> =>
  app.db.transaction(async (tx) => {
    const [current] = await tx
      .select({
        account: accounts,
        unitJurisdictionId: units.jurisdictionId,
        phoneClear: accountContacts.phoneClear,
        phoneMasked: accountContacts.phoneMasked,
        phoneSealed: accountContacts.phoneSealed,
      })
      .from(accounts)
      .leftJoin(units, and(eq(units.tenantId, accounts.tenantId), eq(units.id, accounts.unitId)))
      .leftJoin(accountContacts, and(eq(accountContacts.tenantId, accounts.tenantId), eq(accountContacts.accountId, accounts.id)))
      .where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.id, accountId)))
      .for('update', { of: accounts });
    if (current === undefined) throw new AppError('ACCOUNT_NOT_FOUND', '账号不存在', { accountId });
    const before = current.account;
    if (!mayManageAccount(actor, managedAccountOf(before, current.unitJurisdictionId))) {
      throw new AppError(
        'FORBIDDEN',
        before.id === actor.id ? '不能管理自己的账号' : isAdminRole(before.role) ? '管理员账号不能在此管理（三员分立）' : '该账号不在当前账号的管理范围内',
      );
    }
    const role = patch.role ?? before.role;
    const unitId = patch.unitId ?? before.unitId;
    const jurisdictionId = patch.jurisdictionId !== undefined ? patch.jurisdictionId : role === 'county_coordinator' ? before.jurisdictionId : null;
    const placed = role !== before.role || unitId !== before.unitId || jurisdictionId !== before.jurisdictionId;
    if (placed) {
      if (unitId === null) throw new AppError('ACCOUNT_UNIT_MISMATCH', '请选择账号所属单位', { field: 'unitId', reason: '请选择账号所属单位' });
      await checkAccountPlacement(app, tx, actor, before.id, { role, unitId, jurisdictionId });
    }
    const displayName = patch.displayName ?? before.displayName;
    const active = patch.active ?? before.active;
    await tx.update(accounts).set({ displayName, role, unitId, jurisdictionId, active }).where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.id, before.id)));
    const phoneChanged = patch.phone !== undefined && (patch.phone || null) !== recordedPhone(app, current);
    if (phoneChanged) {
      if (!patch.phone) await tx.delete(accountContacts).where(and(eq(accountContacts.tenantId, app.tenantId), eq(accountContacts.accountId, before.id)));
      else {
        const contact = sealedContact(app, patch.phone);
        await tx
          .insert(accountContacts)
          .values({ accountId: before.id, tenantId: app.tenantId, ...contact })
          .onConflictDoUpdate({ target: [accountContacts.tenantId, accountContacts.accountId], set: contact });
      }
    }

    const event = (kind: SecurityEventInput['kind'], details: Record<string, unknown>) =>
      recordSecurityEvent(app, { kind, outcome: 'success', accountId: actor.id, address: origin.address, object: `account:${before.id}`, details: { username: before.username, ...details } }, tx);
    if (role !== before.role) await event('role_changed', { before: before.role, after: role });
    const changed = {
      ...(displayName !== before.displayName ? { displayName: { before: before.displayName, after: displayName } } : {}),
      ...(unitId !== before.unitId ? { unitId: { before: before.unitId, after: unitId } } : {}),
      ...(jurisdictionId !== before.jurisdictionId ? { jurisdictionId: { before: before.jurisdictionId, after: jurisdictionId } } : {}),
      // The number itself stays out of the log (个人信息保护法): only that it changed.
      ...(phoneChanged ? { phone: 'changed' } : {}),
    };
    if (Object.keys(changed).length > 0) await event('account_changed', changed);
    if (active !== before.active) await event(active ? 'account_enabled' : 'account_disabled', {});
    if (!active || placed) await endSessionsOf(app, before.id, tx);
    return getAccountView(app, actor, before.id, tx);
  });
