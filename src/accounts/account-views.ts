import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { secondFactorEnrolled } from '../auth/sessions.ts';
import { mayListAccounts, mayManageAccount, type ManagedAccount } from '../domain/access/account-policy.ts';
import { mayRevealAccountPhone } from '../domain/access/personal-data-policy.ts';
import { ROLE_LABEL, ROLES, type Actor, type Role } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { maskedPhone, type PersonalText } from '../domain/personal-data.ts';
import type { Db } from '../db/connection.ts';
import { containsPattern } from '../db/like-pattern.ts';
import { accountContacts, accounts, units, type Account } from '../db/schema.ts';
import { phoneOfColumns } from '../security/personal-data.ts';

/** An account as the accounts page shows it; the phone only masked. */
export interface AccountView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly roleLabel: string;
  readonly unit: { readonly id: string; readonly name: string } | null;
  readonly jurisdictionId: string | null;
  readonly active: boolean;
  /** ISO instant while the account is locked out after failed sign-ins, else null. */
  readonly lockedUntil: string | null;
  readonly mustChangePassword: boolean;
  readonly secondFactorEnrolled: boolean;
  readonly lastSignInAt: string | null;
  /** 138****0000, or null without a number. */
  readonly phone: string | null;
  /** May the reader see the whole number (`POST /api/accounts/{id}/phone/reveal`, logged). */
  readonly mayRevealPhone: boolean;
  /** May the reader administer it (三员分立: never one's own, never an administrator's). */
  readonly manageable: boolean;
}

export const accountViewSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    roleLabel: z.string(),
    unit: z.object({ id: z.string(), name: z.string() }).nullable(),
    jurisdictionId: z.string().nullable().describe('县市区/管委会统筹人所统筹的属地；其他角色为 null'),
    active: z.boolean().describe('false：已停用，不能登录'),
    lockedUntil: z.string().nullable().describe('连续登录失败被锁定至此时刻；未锁定为 null'),
    mustChangePassword: z.boolean().describe('下次登录须修改密码（新建账号、重置密码后）'),
    secondFactorEnrolled: z.boolean().describe('已绑定动态口令（TOTP）'),
    lastSignInAt: z.string().nullable().describe('最近一次成功登录的时刻'),
    phone: z.string().nullable().describe('联系电话（脱敏显示，如 138****0000）'),
    mayRevealPhone: z.boolean().describe('当前用户可否查看完整号码（查看记入安全审计日志）'),
    manageable: z.boolean().describe('当前用户可否管理该账号（三员分立：不能管理自己的账号和管理员账号）'),
  })
  .meta({ id: 'Account' });

/** The account row with what its view needs besides: the unit's name and jurisdiction, the phone, the last sign-in. */
const viewColumns = {
  account: accounts,
  unitName: units.name,
  unitJurisdictionId: units.jurisdictionId,
  phoneClear: accountContacts.phoneClear,
  phoneMasked: accountContacts.phoneMasked,
  phoneSealed: accountContacts.phoneSealed,
  // The newest successful sign-in in the security log (its index on account and seq, read backwards).
  lastSignInAt: sql<Date | string | null>`(select e.at from security_events e
      where e.tenant_id = ${accounts.tenantId} and e.account_id = ${accounts.id} and e.kind = 'sign_in' and e.outcome = 'success'
      order by e.seq desc limit 1)`,
};

export type AccountViewRow = {
  account: Account;
  unitName: string | null;
  unitJurisdictionId: string | null;
  phoneClear: string | null;
  phoneMasked: string | null;
  phoneSealed: string | null;
  lastSignInAt: Date | string | null;
};

/** The account's phone as kept (sealed, or in clear until sealed at start); null without one. */
export const storedAccountPhone = (row: Pick<AccountViewRow, 'phoneClear' | 'phoneMasked' | 'phoneSealed'>): PersonalText | null =>
  phoneOfColumns(row.phoneClear, row.phoneMasked, row.phoneSealed);

const iso = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined ? null : (value instanceof Date ? value : new Date(value)).toISOString();

/** The account as the rules see it. */
export const managedAccountOf = (account: Pick<Account, 'id' | 'role' | 'unitId'>, unitJurisdictionId: string | null): ManagedAccount => ({
  id: account.id,
  role: account.role,
  unitId: account.unitId,
  unitJurisdictionId,
});

const toView = (actor: Actor, row: AccountViewRow, now: Date): AccountView => {
  const { account } = row;
  const lockedUntil = account.lockedUntil;
  const managed = managedAccountOf(account, row.unitJurisdictionId);
  const phone = storedAccountPhone(row);
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    roleLabel: ROLE_LABEL[account.role],
    unit: account.unitId === null ? null : { id: account.unitId, name: row.unitName ?? account.unitId },
    jurisdictionId: account.jurisdictionId,
    active: account.active,
    lockedUntil: lockedUntil !== null && lockedUntil.getTime() > now.getTime() ? lockedUntil.toISOString() : null,
    mustChangePassword: account.mustChangePassword,
    secondFactorEnrolled: secondFactorEnrolled(account),
    lastSignInAt: iso(row.lastSignInAt),
    phone: phone === null ? null : maskedPhone(phone),
    mayRevealPhone: phone !== null && mayRevealAccountPhone(actor, managed),
    manageable: mayManageAccount(actor, managed),
  };
};

const selectViews = (db: Db) =>
  db
    .select(viewColumns)
    .from(accounts)
    .leftJoin(units, and(eq(units.tenantId, accounts.tenantId), eq(units.id, accounts.unitId)))
    .leftJoin(accountContacts, and(eq(accountContacts.tenantId, accounts.tenantId), eq(accountContacts.accountId, accounts.id)));

/** One account's view, read in `db` (a transaction after a change). @throws AppError ACCOUNT_NOT_FOUND */
export const getAccountView = async (app: AppContext, actor: Actor, accountId: string, db: Db = app.db): Promise<AccountView> => {
  const [row] = await selectViews(db).where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.id, accountId)));
  if (row === undefined) throw new AppError('ACCOUNT_NOT_FOUND', '账号不存在', { accountId });
  return toView(actor, row, app.clock());
};

export const ACCOUNT_PAGE_SIZE = 20;

export const listAccountsQuerySchema = z.object({
  q: z.string().trim().max(64).optional().describe('按用户名或姓名查找'),
  role: z.enum(ROLES).optional(),
  unitId: z.string().max(100).optional(),
  active: z.enum(['true', 'false']).optional().describe('true 正常，false 已停用'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(ACCOUNT_PAGE_SIZE),
});
export type ListAccountsQuery = z.infer<typeof listAccountsQuerySchema>;

/** The accounts a reader may see: the system administrator every one, a county coordinator the handlers of its county's units. */
const readScope = (actor: Actor): SQL | undefined => {
  if (actor.role === 'system_admin') return undefined;
  if (actor.role === 'county_coordinator') {
    return actor.jurisdictionScope.length === 0
      ? sql`false`
      : and(eq(accounts.role, 'unit_handler'), inArray(units.jurisdictionId, [...actor.jurisdictionScope]));
  }
  return sql`false`;
};

/**
 * The accounts page: the reader's accounts, filtered, by username, a page at a time with the total.
 * @throws AppError FORBIDDEN for a reader who administers no account
 */
export const listAccounts = async (
  app: AppContext,
  actor: Actor,
  query: ListAccountsQuery,
): Promise<{ items: AccountView[]; total: number; page: number; pageSize: number }> => {
  if (!mayListAccounts(actor)) throw new AppError('FORBIDDEN', '当前账号无权管理账号');
  const pattern = query.q ? containsPattern(query.q) : undefined;
  const where = and(
    eq(accounts.tenantId, app.tenantId),
    readScope(actor),
    query.role === undefined ? undefined : eq(accounts.role, query.role),
    query.unitId === undefined ? undefined : eq(accounts.unitId, query.unitId),
    query.active === undefined ? undefined : eq(accounts.active, query.active === 'true'),
    pattern === undefined ? undefined : or(ilike(accounts.username, pattern), ilike(accounts.displayName, pattern)),
  );
  const [rows, [total]] = await Promise.all([
    selectViews(app.db)
      .where(where)
      .orderBy(asc(accounts.username))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    app.db.select({ count: count() }).from(accounts).leftJoin(units, and(eq(units.tenantId, accounts.tenantId), eq(units.id, accounts.unitId))).where(where),
  ]);
  const now = app.clock();
  return { items: rows.map((row) => toView(actor, row, now)), total: Number(total?.count ?? 0), page: query.page, pageSize: query.pageSize };
};

/**
 * One account's row as a reader who may list accounts sees it, read in `db`; another's is not found.
 * @throws AppError FORBIDDEN, ACCOUNT_NOT_FOUND
 */
export const findReadableAccount = async (app: AppContext, actor: Actor, accountId: string, db: Db = app.db): Promise<AccountViewRow> => {
  if (!mayListAccounts(actor)) throw new AppError('FORBIDDEN', '当前账号无权管理账号');
  const [row] = await selectViews(db).where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.id, accountId), readScope(actor)));
  if (row === undefined) throw new AppError('ACCOUNT_NOT_FOUND', '账号不存在', { accountId });
  return row;
};

/**
 * One account as the accounts page shows it, for a reader who may list it; another's is not found.
 * @throws AppError FORBIDDEN, ACCOUNT_NOT_FOUND
 */
export const readAccount = async (app: AppContext, actor: Actor, accountId: string): Promise<AccountView> =>
  toView(actor, await findReadableAccount(app, actor, accountId), app.clock());
