import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { hashPassword, temporaryPassword } from '../auth/passwords.ts';
import { assignableRoles, isAdminRole } from '../domain/access/account-policy.ts';
import { ROLE_LABEL, ROLES, type Actor } from '../domain/access/roles.ts';
import { displayNameSchema, phoneSchema, usernameSchema } from '../domain/accounts/account-fields.ts';
import { AppError } from '../domain/errors.ts';
import { accountContacts, accounts, enterpriseRegistrations } from '../db/schema.ts';
import { recordSecurityEvent } from '../security/audit-log.ts';
import { sealPhone } from '../security/personal-data.ts';
import { checkAccountPlacement } from './account-unit.ts';
import { getAccountView, type AccountView } from './account-views.ts';

export const createAccountSchema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  role: z.enum(ROLES, { error: '角色无效' }),
  unitId: z.string().trim().min(1, { error: '请选择所属单位' }).max(100),
  jurisdictionId: z.string().trim().min(1).max(100).nullable().optional().describe('县市区/管委会统筹人所统筹的属地'),
  phone: phoneSchema.nullable().optional(),
});
export type CreateAccountInput = z.infer<typeof createAccountSchema>;

/** Who acts, from where: the security log's account and address. */
export interface RequestOrigin {
  readonly address: string | null;
}

/**
 * Creates an account of case work with a temporary password, shown once, that must be changed at
 * the first sign-in. The system administrator creates any role of case work, a county coordinator
 * the handlers of its county's units; nobody creates an administrator here (三员分立).
 * @throws AppError FORBIDDEN, ACCOUNT_UNIT_MISMATCH, USERNAME_TAKEN
 */
export const createAccount = async (
  app: AppContext,
  actor: Actor,
  input: CreateAccountInput,
  origin: RequestOrigin,
): Promise<{ account: AccountView; temporaryPassword: string }> => {
  if (isAdminRole(input.role)) throw new AppError('FORBIDDEN', '管理员账号只在建市（chengxin init）时创建，不能在此创建');
  if (!assignableRoles(actor).includes(input.role)) throw new AppError('FORBIDDEN', `当前账号无权创建“${ROLE_LABEL[input.role]}”账号`);
  const id = `acc-${randomUUID()}`;
  const jurisdictionId = input.jurisdictionId ?? null;
  const unit = await checkAccountPlacement(app, app.db, actor, id, { role: input.role, unitId: input.unitId, jurisdictionId });
  const [pending] = await app.db
    .select({ id: enterpriseRegistrations.id })
    .from(enterpriseRegistrations)
    .where(and(eq(enterpriseRegistrations.tenantId, app.tenantId), eq(enterpriseRegistrations.username, input.username), eq(enterpriseRegistrations.status, 'pending')));
  if (pending !== undefined) throw usernameTaken(input.username, '一份待审核的企业注册申请');
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const account = await app.db.transaction(async (tx) => {
    // Two administrators creating one username at once: the second waits for the first and gets 409.
    const [created] = await tx
      .insert(accounts)
      .values({
        id,
        tenantId: app.tenantId,
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        role: input.role,
        unitId: unit.id,
        jurisdictionId,
        active: true,
        createdAt: app.clock(),
        mustChangePassword: true,
      })
      .onConflictDoNothing()
      .returning({ id: accounts.id });
    if (created === undefined) throw usernameTaken(input.username, '另一个账号');
    if (input.phone) await tx.insert(accountContacts).values({ accountId: id, tenantId: app.tenantId, ...sealedContact(app, input.phone) });
    await recordSecurityEvent(
      app,
      {
        kind: 'account_created',
        outcome: 'success',
        accountId: actor.id,
        address: origin.address,
        object: `account:${id}`,
        details: { username: input.username, role: input.role, unitId: unit.id, jurisdictionId },
      },
      tx,
    );
    return getAccountView(app, actor, id, tx);
  });
  return { account, temporaryPassword: password };
};

/** An account's phone as `account_contacts` keeps it: sealed, with its mask. */
export const sealedContact = (app: AppContext, phone: string) => {
  const { masked, sealed } = sealPhone(app.keys, phone);
  return { phoneClear: null, phoneMasked: masked, phoneSealed: sealed };
};

export const usernameTaken = (username: string, holder: string): AppError =>
  new AppError('USERNAME_TAKEN', `用户名“${username}”已被${holder}使用，请换一个`, { field: 'username' });
