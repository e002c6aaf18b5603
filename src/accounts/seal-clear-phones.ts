import { and, eq, isNotNull } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { accountContacts, enterpriseRegistrations } from '../db/schema.ts';
import { sealPhone } from '../security/personal-data.ts';

/**
 * Seals the phone numbers that migration 0031 found stored in clear (个人信息保护法), for the
 * tenant, and returns how many it sealed.
 *
 * Why at start and not in the migration: the SM4 key is kept outside the database on purpose,
 * and a migration is plain SQL run by a runner that holds no key. So 0031 only keeps the old
 * numbers aside (`*_clear`) and `chengxin serve` calls this before it serves. Until then (the
 * seconds of one start) those numbers are read as before — masked, revealed only by a logged
 * reveal. Two servers starting at once seal each row once: each row is locked while it is sealed.
 */
export const sealClearPhones = async (app: AppContext): Promise<number> =>
  app.db.transaction(async (tx) => {
    const contacts = await tx
      .select({ accountId: accountContacts.accountId, phone: accountContacts.phoneClear })
      .from(accountContacts)
      .where(and(eq(accountContacts.tenantId, app.tenantId), isNotNull(accountContacts.phoneClear)))
      .for('update');
    for (const { accountId, phone } of contacts) {
      const { masked, sealed } = sealPhone(app.keys, phone!);
      await tx.update(accountContacts).set({ phoneClear: null, phoneMasked: masked, phoneSealed: sealed }).where(and(eq(accountContacts.tenantId, app.tenantId), eq(accountContacts.accountId, accountId)));
    }
    const registrations = await tx
      .select({ id: enterpriseRegistrations.id, phone: enterpriseRegistrations.contactPhoneClear })
      .from(enterpriseRegistrations)
      .where(and(eq(enterpriseRegistrations.tenantId, app.tenantId), isNotNull(enterpriseRegistrations.contactPhoneClear)))
      .for('update');
    for (const { id, phone } of registrations) {
      const { masked, sealed } = sealPhone(app.keys, phone!);
      await tx
        .update(enterpriseRegistrations)
        .set({ contactPhoneClear: null, contactPhoneMasked: masked, contactPhoneSealed: sealed })
        .where(and(eq(enterpriseRegistrations.tenantId, app.tenantId), eq(enterpriseRegistrations.id, id)));
    }
    return contacts.length + registrations.length;
  });
