/**
 * Setting up a city (`chengxin init`, the first-run page): its organisation, the responsibility
 * matrix of SPEC §6 with the units that hold each function, the official holidays and default
 * time limits, and the three administrators — in one transaction, once per tenant.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { hashPassword, temporaryPassword } from '../auth/passwords.ts';
import { seedCityDefaults } from '../db/seed/reference.ts';
import { readOrganisationWorkbook } from '../io/organisation-workbook.ts';
import { matrixRowsFor } from '../db/seed/responsibility-matrix.ts';
import { accounts, jurisdictions, responsibilityMatrix, tenants, units } from '../db/schema.ts';
import type { AdminRole } from '../domain/access/account-policy.ts';
import { AppError } from '../domain/errors.ts';
import { checkOrganisation, type OrganisationInput, type OrganisationPlan, type OrganisationProblem } from '../domain/setup/organisation.ts';
import { recordSecurityEvent } from '../security/audit-log.ts';

/** An administrator made at setup, with the one-time password to hand over. */
export interface SetUpAdmin {
  readonly role: AdminRole;
  readonly username: string;
  readonly displayName: string;
  readonly temporaryPassword: string;
}

export interface SetUpCity {
  readonly tenantId: string;
  readonly cityName: string;
  readonly jurisdictions: number;
  readonly units: number;
  readonly admins: readonly SetUpAdmin[];
  /** Functions no unit holds: the matrix rows they lead have no lead yet. */
  readonly warnings: readonly OrganisationProblem[];
}

/** Ids of a new city's rows: short, random, global (the demo city's are readable names). */
const newId = (kind: 'jurisdiction' | 'unit'): string => `${kind === 'unit' ? 'u' : 'j'}-${randomBytes(6).toString('hex')}`;

/** True once the tenant has an organisation (set up, or the demo city). */
export const isSetUp = async (app: Pick<AppContext, 'db' | 'tenantId'>): Promise<boolean> => {
  const [row] = await app.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, app.tenantId));
  return row !== undefined;
};

/**
 * Checks `input` whole; returns the plan, or every problem.
 * @throws AppError IMPORT_INVALID with `details.problems` when the organisation does not hold
 */
export const planCity = (input: OrganisationInput): { plan: OrganisationPlan; warnings: readonly OrganisationProblem[] } => {
  const checked = checkOrganisation(input, newId);
  if (!checked.ok) {
    throw new AppError('IMPORT_INVALID', `组织架构有${checked.problems.length}处问题，请修改后重新提交`, { problems: checked.problems });
  }
  return { plan: checked.plan, warnings: checked.warnings };
};

/**
 * Sets up tenant `app.tenantId` from `input`.
 * @param address the client address, for the security log; null from the command line
 * @throws AppError IMPORT_INVALID (problems listed), TENANT_ALREADY_SET_UP
 */
export const setUpCity = async (app: AppContext, input: OrganisationInput, address: string | null): Promise<SetUpCity> => {
  const { plan, warnings } = planCity(input);
  const passwords = plan.admins.map(() => temporaryPassword());
  const hashes = await Promise.all(passwords.map((password) => hashPassword(password)));
  const now = app.clock();
  await app.db.transaction(async (tx) => {
    // The tenant row first: a second setup running at once waits on its key and then fails.
    const inserted = await tx
      .insert(tenants)
      .values({ id: app.tenantId, name: plan.cityName, demo: false, setUpAt: now })
      .onConflictDoNothing({ target: tenants.id })
      .returning({ id: tenants.id });
    if (inserted.length === 0) throw new AppError('TENANT_ALREADY_SET_UP', `租户“${app.tenantId}”已完成初始化，不能重复初始化`);
    // The jurisdictions' FK to their government units is deferred to the commit.
    await tx.insert(jurisdictions).values(plan.jurisdictions.map((entry) => ({ ...entry, tenantId: app.tenantId })));
    await tx.insert(units).values(plan.units.map((unit) => ({ ...unit, tenantId: app.tenantId, createdAt: now })));
    await tx.update(tenants).set({ businessOfficeUnitId: plan.functions.yingshangban }).where(eq(tenants.id, app.tenantId));
    await tx.insert(responsibilityMatrix).values(matrixRowsFor(app.tenantId, (orgFunction) => plan.functions[orgFunction], (topic) => `rm-${app.tenantId}-${topic}`));
    await seedCityDefaults(tx, app.tenantId);
    await tx.insert(accounts).values(
      plan.admins.map((admin, index) => ({
        id: `acc-${randomBytes(8).toString('hex')}`,
        tenantId: app.tenantId,
        username: admin.username,
        displayName: admin.displayName,
        passwordHash: hashes[index] as string,
        role: admin.role,
        unitId: null,
        jurisdictionId: null,
        mustChangePassword: true,
        createdAt: now,
      })),
    );
    for (const admin of plan.admins) {
      await recordSecurityEvent(
        app,
        { kind: 'account_created', outcome: 'success', accountId: null, username: admin.username, address, object: `account:${admin.username}`, details: { role: admin.role, setUp: true } },
        tx,
      );
    }
  });
  return {
    tenantId: app.tenantId,
    cityName: plan.cityName,
    jurisdictions: plan.jurisdictions.length,
    units: plan.units.length,
    admins: plan.admins.map((admin, index) => ({ ...admin, temporaryPassword: passwords[index] as string })),
    warnings,
  };
};

/** What a dry run of setting up tells: the organisation's size and its warnings. */
export interface SetUpPreview {
  readonly cityName: string;
  readonly jurisdictions: number;
  readonly units: number;
  readonly admins: readonly { role: AdminRole; username: string; displayName: string }[];
  readonly warnings: readonly OrganisationProblem[];
}

/**
 * Sets up the tenant from an organisation workbook, or (`dryRun`) only checks it.
 * @throws AppError IMPORT_INVALID with every problem of the file in `details.problems`,
 *   TENANT_ALREADY_SET_UP
 */
export const setUpCityFromWorkbook = async (
  app: AppContext,
  content: Uint8Array,
  options: { readonly dryRun: boolean; readonly address: string | null },
): Promise<{ kind: 'preview'; preview: SetUpPreview } | { kind: 'set_up'; city: SetUpCity }> => {
  if (await isSetUp(app)) throw new AppError('TENANT_ALREADY_SET_UP', `租户“${app.tenantId}”已完成初始化，不能重复初始化`);
  const read = await readOrganisationWorkbook(content);
  if (read.problems.length > 0) {
    throw new AppError('IMPORT_INVALID', `组织架构工作簿有${read.problems.length}处问题，请修改后重新提交`, { problems: read.problems });
  }
  if (options.dryRun) {
    const { plan, warnings } = planCity(read.input);
    return { kind: 'preview', preview: { cityName: plan.cityName, jurisdictions: plan.jurisdictions.length, units: plan.units.length, admins: plan.admins, warnings } };
  }
  return { kind: 'set_up', city: await setUpCity(app, read.input, options.address) };
};
