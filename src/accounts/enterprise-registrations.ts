/**
 * Enterprises register themselves (SPEC §5, issue 11 point 2): the credit code is checked, the
 * registration waits for 营商办 or the system administrator, and only a confirmed registration
 * becomes an account — so a pending or rejected registrant cannot sign in.
 */
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { isCommonPassword } from '../auth/common-passwords.ts';
import { hashPassword } from '../auth/passwords.ts';
import { loadSecurityPolicy } from '../auth/security-policy.ts';
import { passwordRuleText, passwordWeakness } from '../domain/identity/password-policy.ts';
import { mayReviewRegistrations } from '../domain/access/account-policy.ts';
import { mayRevealRegistrationPhone } from '../domain/access/personal-data-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { REGISTRATION_STATUS_LABEL, REGISTRATION_STATUSES, type RegistrationInput, type RegistrationStatus } from '../domain/accounts/registration.ts';
import { assertCreditCode, normalizeCreditCode } from '../domain/credit-code.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import { maskedPhone, type PersonalText } from '../domain/personal-data.ts';
import type { Db } from '../db/connection.ts';
import { accounts, enterpriseRegistrations, jurisdictions, units, type EnterpriseRegistrationRow } from '../db/schema.ts';
import { findUnitByCreditCode, listJurisdictions } from '../reference/reference-data.ts';
import { recordSecurityEvent } from '../security/audit-log.ts';
import { phoneOfColumns, revealPersonalText, sealPhone } from '../security/personal-data.ts';
import { usernameTaken, type RequestOrigin } from './create-account.ts';

const creditCodeOf = (input: string): string => {
  try {
    return assertCreditCode(input);
  } catch (error) {
    if (isAppError(error)) throw new AppError(error.code, error.message, { ...error.details, field: 'creditCode' });
    throw error;
  }
};

/** The enterprise's unit holds an active enterprise account already: it signs in with that one. */
const assertNoActiveEnterpriseAccount = async (db: Db, tenantId: string, creditCode: string): Promise<void> => {
  const [holder] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .innerJoin(units, and(eq(units.tenantId, accounts.tenantId), eq(units.id, accounts.unitId)))
    .where(and(eq(accounts.tenantId, tenantId), eq(units.creditCode, creditCode), eq(accounts.role, 'enterprise'), eq(accounts.active, true)))
    .limit(1);
  if (holder !== undefined) {
    throw new AppError('ENTERPRISE_ACCOUNT_EXISTS', '该企业已有平台账号，请用已有账号登录；如忘记账号或密码，请联系市营商办', { field: 'creditCode' });
  }
};

/** A public unit's code is not an enterprise's. */
const assertEnterpriseCode = async (db: Db, tenantId: string, creditCode: string) => {
  const existing = await findUnitByCreditCode(db, tenantId, creditCode);
  if (existing !== null && existing.kind !== 'enterprise') {
    throw new AppError('VALIDATION_FAILED', '该统一社会信用代码属于机关或公共单位，不是企业', { field: 'creditCode' });
  }
  return existing;
};

/** The city's password profile holds for a password the enterprise chooses. @throws AppError PASSWORD_TOO_WEAK */
const assertPassword = async (app: AppContext, input: RegistrationInput): Promise<void> => {
  const { passwordProfile } = await loadSecurityPolicy(app);
  const weakness = passwordWeakness(passwordProfile, input.password, { username: input.username, displayName: input.contactName, isCommon: isCommonPassword });
  if (weakness !== null) throw new AppError('PASSWORD_TOO_WEAK', weakness, { field: 'password', rule: passwordRuleText(passwordProfile), profile: passwordProfile });
};

/**
 * Records a registration, pending. The credit code must be valid and belong to no public unit and
 * to no enterprise that has an active account; the username must be free.
 * @throws AppError CREDIT_CODE_INVALID, VALIDATION_FAILED, ENTERPRISE_ACCOUNT_EXISTS, USERNAME_TAKEN, REGISTRATION_PENDING
 */
export const submitEnterpriseRegistration = async (app: AppContext, input: RegistrationInput, origin: RequestOrigin) => {
  const creditCode = creditCodeOf(input.creditCode);
  if (!(await listJurisdictions(app.db, app.tenantId)).some((jurisdiction) => jurisdiction.id === input.jurisdictionId)) {
    throw new AppError('VALIDATION_FAILED', '请选择企业所在县市区', { field: 'jurisdictionId' });
  }
  await assertPassword(app, input);
  await assertEnterpriseCode(app.db, app.tenantId, creditCode);
  await assertNoActiveEnterpriseAccount(app.db, app.tenantId, creditCode);
  const [holder] = await app.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.tenantId, app.tenantId), eq(accounts.username, input.username)));
  if (holder !== undefined) throw usernameTaken(input.username, '其他账号');
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  const submittedAt = app.clock();
  const contactPhone = sealPhone(app.keys, input.contactPhone);
  return app.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(enterpriseRegistrations)
      .values({
        id,
        tenantId: app.tenantId,
        creditCode,
        enterpriseName: input.enterpriseName,
        jurisdictionId: input.jurisdictionId,
        contactName: input.contactName,
        contactPhoneMasked: contactPhone.masked,
        contactPhoneSealed: contactPhone.sealed,
        username: input.username,
        passwordHash,
        status: 'pending',
        submittedAt,
        submittedAddress: origin.address,
      })
      .onConflictDoNothing()
      .returning({ id: enterpriseRegistrations.id });
    if (created === undefined) {
      const [sameEnterprise] = await tx
        .select({ id: enterpriseRegistrations.id })
        .from(enterpriseRegistrations)
        .where(and(eq(enterpriseRegistrations.tenantId, app.tenantId), eq(enterpriseRegistrations.creditCode, creditCode), eq(enterpriseRegistrations.status, 'pending')));
      if (sameEnterprise !== undefined) {
        throw new AppError('REGISTRATION_PENDING', '该企业已有一份待审核的注册申请，请等待审核结果', { field: 'creditCode' });
      }
      throw usernameTaken(input.username, '一份待审核的注册申请');
    }
    await recordSecurityEvent(
      app,
      {
        kind: 'enterprise_registered',
        outcome: 'success',
        accountId: null,
        username: input.username,
        address: origin.address,
        object: `enterprise-registration:${id}`,
        details: { stage: 'submitted', creditCode, enterpriseName: input.enterpriseName },
      },
      tx,
    );
    return { id, status: 'pending' as const, statusLabel: REGISTRATION_STATUS_LABEL.pending, submittedAt: submittedAt.toISOString() };
  });
};

/** Where a registration stands, for the registrant who knows its username and credit code. @throws AppError REGISTRATION_NOT_FOUND */
export const lookUpEnterpriseRegistration = async (app: AppContext, username: string, creditCode: string) => {
  const [row] = await app.db
    .select()
    .from(enterpriseRegistrations)
    .where(
      and(
        eq(enterpriseRegistrations.tenantId, app.tenantId),
        eq(enterpriseRegistrations.username, username.trim()),
        eq(enterpriseRegistrations.creditCode, normalizeCreditCode(creditCode)),
      ),
    )
    .orderBy(desc(enterpriseRegistrations.submittedAt))
    .limit(1);
  if (row === undefined) throw new AppError('REGISTRATION_NOT_FOUND', '没有找到该用户名和统一社会信用代码的注册申请');
  return {
    status: row.status,
    statusLabel: REGISTRATION_STATUS_LABEL[row.status],
    enterpriseName: row.enterpriseName,
    submittedAt: row.submittedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    rejectionReason: row.rejectionReason,
  };
};

export interface RegistrationView {
  readonly id: string;
  readonly creditCode: string;
  readonly enterpriseName: string;
  readonly jurisdiction: { readonly id: string; readonly name: string };
  readonly contactName: string;
  /** Masked: 138****0000. */
  readonly contactPhone: string;
  readonly username: string;
  readonly status: RegistrationStatus;
  readonly statusLabel: string;
  readonly submittedAt: string;
  readonly decidedAt: string | null;
  readonly decidedByName: string | null;
  readonly rejectionReason: string | null;
  /** The enterprise as the platform knows it already (by credit code), which a confirmation reuses. */
  readonly existingUnit: { readonly id: string; readonly name: string; readonly jurisdictionId: string } | null;
  readonly accountId: string | null;
}

/** The registrant's phone as kept: sealed, or in clear until sealed at start (the table's check keeps one of them). */
const storedContactPhone = (row: EnterpriseRegistrationRow): PersonalText =>
  phoneOfColumns(row.contactPhoneClear, row.contactPhoneMasked, row.contactPhoneSealed)!;

const registrationView = (row: EnterpriseRegistrationRow, jurisdictionName: string | null, existing: { id: string; name: string; jurisdictionId: string } | null): RegistrationView => ({
  id: row.id,
  creditCode: row.creditCode,
  enterpriseName: row.enterpriseName,
  jurisdiction: { id: row.jurisdictionId, name: jurisdictionName ?? row.jurisdictionId },
  contactName: row.contactName,
  contactPhone: maskedPhone(storedContactPhone(row)),
  username: row.username,
  status: row.status,
  statusLabel: REGISTRATION_STATUS_LABEL[row.status],
  submittedAt: row.submittedAt.toISOString(),
  decidedAt: row.decidedAt?.toISOString() ?? null,
  decidedByName: row.decidedByName,
  rejectionReason: row.rejectionReason,
  existingUnit: existing,
  accountId: row.accountId,
});

export const listRegistrationsQuerySchema = z.object({
  status: z.enum(REGISTRATION_STATUSES).optional().describe('pending 待审核 · confirmed 已通过 · rejected 未通过'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const authorizeReview = (actor: Actor) => {
  if (!mayReviewRegistrations(actor)) throw new AppError('FORBIDDEN', '只有市营商办或系统管理员可以审核企业注册');
};

/** The registrations, newest first, for 营商办 and the system administrator. @throws AppError FORBIDDEN */
export const listEnterpriseRegistrations = async (app: AppContext, actor: Actor, query: z.infer<typeof listRegistrationsQuerySchema>) => {
  authorizeReview(actor);
  const where = and(eq(enterpriseRegistrations.tenantId, app.tenantId), query.status === undefined ? undefined : eq(enterpriseRegistrations.status, query.status));
  const rows = await app.db
    .select({ registration: enterpriseRegistrations, jurisdictionName: jurisdictions.name, unitId: units.id, unitName: units.name, unitJurisdictionId: units.jurisdictionId })
    .from(enterpriseRegistrations)
    .leftJoin(jurisdictions, and(eq(jurisdictions.tenantId, enterpriseRegistrations.tenantId), eq(jurisdictions.id, enterpriseRegistrations.jurisdictionId)))
    .leftJoin(units, and(eq(units.tenantId, enterpriseRegistrations.tenantId), eq(units.creditCode, enterpriseRegistrations.creditCode)))
    .where(where)
    .orderBy(desc(enterpriseRegistrations.submittedAt), desc(enterpriseRegistrations.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await app.db.select({ count: count() }).from(enterpriseRegistrations).where(where);
  return {
    items: rows.map((row) =>
      registrationView(row.registration, row.jurisdictionName, row.unitId === null ? null : { id: row.unitId, name: row.unitName!, jurisdictionId: row.unitJurisdictionId! }),
    ),
    total: Number(total?.count ?? 0),
    page: query.page,
    pageSize: query.pageSize,
  };
};

/**
 * A registrant's whole phone number, for a reviewer who calls to check the registration
 * (个人信息保护法); the reveal is written to the security log in the same transaction.
 * @throws AppError FORBIDDEN, REGISTRATION_NOT_FOUND
 */
export const revealRegistrationPhone = async (app: AppContext, actor: Actor, id: string, origin: RequestOrigin): Promise<string> => {
  if (!mayRevealRegistrationPhone(actor)) throw new AppError('FORBIDDEN', '只有审核企业注册的市营商办或系统管理员可以查看完整号码');
  return app.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(enterpriseRegistrations)
      .where(and(eq(enterpriseRegistrations.tenantId, app.tenantId), eq(enterpriseRegistrations.id, id)));
    if (row === undefined) throw new AppError('REGISTRATION_NOT_FOUND', '注册申请不存在');
    return revealPersonalText(app, tx, { actor, address: origin.address, object: `enterprise-registration:${id}`, field: 'contactPhone' }, storedContactPhone(row));
  });
};

/** Locks a pending registration for its decision. */
const lockPending = async (app: AppContext, tx: Db, id: string): Promise<EnterpriseRegistrationRow> => {
  const [row] = await tx
    .select()
    .from(enterpriseRegistrations)
    .where(and(eq(enterpriseRegistrations.tenantId, app.tenantId), eq(enterpriseRegistrations.id, id)))
    .for('update');
  if (row === undefined) throw new AppError('REGISTRATION_NOT_FOUND', '注册申请不存在');
  if (row.status !== 'pending') throw new AppError('REGISTRATION_NOT_PENDING', `该注册申请已审核（${REGISTRATION_STATUS_LABEL[row.status]}），不能再次审核`);
  return row;
};

const viewOf = async (app: AppContext, tx: Db, id: string): Promise<RegistrationView> => {
  const [row] = await tx
    .select({ registration: enterpriseRegistrations, jurisdictionName: jurisdictions.name })
    .from(enterpriseRegistrations)
    .leftJoin(jurisdictions, and(eq(jurisdictions.tenantId, enterpriseRegistrations.tenantId), eq(jurisdictions.id, enterpriseRegistrations.jurisdictionId)))
    .where(and(eq(enterpriseRegistrations.tenantId, app.tenantId), eq(enterpriseRegistrations.id, id)));
  const existing = await findUnitByCreditCode(tx, app.tenantId, row!.registration.creditCode);
  return registrationView(row!.registration, row!.jurisdictionName, existing === null ? null : { id: existing.id, name: existing.name, jurisdictionId: existing.jurisdictionId });
};

export const confirmRegistrationSchema = z.object({
  jurisdictionId: z.string().trim().min(1).max(100).optional().describe('新登记企业的属地；缺省为申请所填'),
});

/**
 * Confirms a registration: the enterprise unit is found by its credit code (or registered, in its
 * county), and the enterprise account made, active, with the password the enterprise chose (no
 * forced change). In one transaction, with the security log.
 * @throws AppError FORBIDDEN, REGISTRATION_NOT_FOUND, REGISTRATION_NOT_PENDING, ENTERPRISE_ACCOUNT_EXISTS, USERNAME_TAKEN, VALIDATION_FAILED
 */
export const confirmEnterpriseRegistration = async (app: AppContext, actor: Actor, id: string, input: z.infer<typeof confirmRegistrationSchema>, origin: RequestOrigin) => {
  authorizeReview(actor);
  return app.db.transaction(async (tx) => {
    const registration = await lockPending(app, tx, id);
    const jurisdictionId = input.jurisdictionId ?? registration.jurisdictionId;
    if (!(await listJurisdictions(tx, app.tenantId)).some((jurisdiction) => jurisdiction.id === jurisdictionId)) {
      throw new AppError('VALIDATION_FAILED', '属地不存在', { field: 'jurisdictionId' });
    }
    await assertEnterpriseCode(tx, app.tenantId, registration.creditCode);
    await assertNoActiveEnterpriseAccount(tx, app.tenantId, registration.creditCode);
    // Registered by a case or a project meanwhile, or now: either way one unit per credit code.
    await tx
      .insert(units)
      .values({ id: `ent-${randomUUID()}`, tenantId: app.tenantId, name: registration.enterpriseName, kind: 'enterprise', creditCode: registration.creditCode, jurisdictionId })
      .onConflictDoNothing();
    const unit = (await findUnitByCreditCode(tx, app.tenantId, registration.creditCode))!;
    const accountId = `acc-${randomUUID()}`;
    const [created] = await tx
      .insert(accounts)
      .values({
        id: accountId,
        tenantId: app.tenantId,
        username: registration.username,
        displayName: registration.contactName,
        passwordHash: registration.passwordHash!,
        role: 'enterprise',
        unitId: unit.id,
        jurisdictionId: null,
        active: true,
        createdAt: app.clock(),
        // The enterprise chose it when it registered: no forced change, its age counts from then.
        mustChangePassword: false,
        passwordChangedAt: registration.submittedAt,
      })
      .onConflictDoNothing()
      .returning({ id: accounts.id });
    if (created === undefined) throw usernameTaken(registration.username, '其他账号');
    await tx
      .update(enterpriseRegistrations)
      .set({ status: 'confirmed', passwordHash: null, decidedAt: app.clock(), decidedBy: actor.id, decidedByName: actor.name, unitId: unit.id, accountId })
      .where(and(eq(enterpriseRegistrations.tenantId, app.tenantId), eq(enterpriseRegistrations.id, id)));
    await recordSecurityEvent(
      app,
      {
        kind: 'account_created',
        outcome: 'success',
        accountId: actor.id,
        address: origin.address,
        object: `account:${accountId}`,
        details: { username: registration.username, role: 'enterprise', unitId: unit.id, registrationId: id },
      },
      tx,
    );
    return viewOf(app, tx, id);
  });
};

/**
 * Rejects a registration with the reason the registrant is told; its password is forgotten.
 * @throws AppError FORBIDDEN, REGISTRATION_NOT_FOUND, REGISTRATION_NOT_PENDING
 */
export const rejectEnterpriseRegistration = async (app: AppContext, actor: Actor, id: string, reason: string, origin: RequestOrigin) => {
  authorizeReview(actor);
  return app.db.transaction(async (tx) => {
    const registration = await lockPending(app, tx, id);
    await tx
      .update(enterpriseRegistrations)
      .set({ status: 'rejected', passwordHash: null, decidedAt: app.clock(), decidedBy: actor.id, decidedByName: actor.name, rejectionReason: reason })
      .where(and(eq(enterpriseRegistrations.tenantId, app.tenantId), eq(enterpriseRegistrations.id, id)));
    await recordSecurityEvent(
      app,
      {
        kind: 'enterprise_registered',
        outcome: 'failure',
        accountId: actor.id,
        username: registration.username,
        address: origin.address,
        object: `enterprise-registration:${id}`,
        details: { stage: 'rejected', creditCode: registration.creditCode, reason },
      },
      tx,
    );
    return viewOf(app, tx, id);
  });
};

/** What the public registration form needs: the counties to pick from and the city's password rule. */
export const registrationOptions = async (app: AppContext) => {
  const { passwordProfile } = await loadSecurityPolicy(app);
  return {
    jurisdictions: (await listJurisdictions(app.db, app.tenantId)).map(({ id, name, level, parentId }) => ({ id, name, level, parentId })),
    passwordProfile,
    passwordRule: passwordRuleText(passwordProfile),
  };
};
