/**
 * Setting up a city (`chengxin init`, the first-run page): its organisation, the responsibility
 * matrix of SPEC §6 with the units that hold each function, the official holidays, default
 * time limits and published one-year LPR, and the three administrators — in one transaction,
 * once per tenant.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { hashPassword, temporaryPassword } from '../auth/passwords.ts';
import { seedCityDefaults, seedLprRates } from '../db/seed/reference.ts';
import { readOrganisationWorkbook } from '../io/organisation-workbook.ts';
import { matrixRowsFor } from '../db/seed/responsibility-matrix.ts';
import { accounts, jurisdictions, responsibilityMatrix, tenants, units } from '../db/schema.ts';
import type { AdminRole } from '../domain/access/account-policy.ts';
import { AppError } from '../domain/errors.ts';
import { checkOrganisation, type OrganisationInput, type OrganisationPlan, type OrganisationProblem } from '../domain/setup/organisation.ts';
import { readOrganisationForm, type OrganisationForm } from '../domain/setup/organisation-form.ts';
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

/** The refusal of a second setup. */
const alreadySetUp = (tenantId: string): AppError => new AppError('TENANT_ALREADY_SET_UP', `租户“${tenantId}”已完成初始化，不能重复初始化`);

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
    if (inserted.length === 0) throw alreadySetUp(app.tenantId);
    // The jurisdictions' FK to their government units is deferred to the commit.
    await tx.insert(jurisdictions).values(plan.jurisdictions.map((entry) => ({ ...entry, tenantId: app.tenantId })));
    await tx.insert(units).values(plan.units.map((unit) => ({ ...unit, tenantId: app.tenantId, createdAt: now })));
    await tx.update(tenants).set({ businessOfficeUnitId: plan.functions.yingshangban }).where(eq(tenants.id, app.tenantId));
    await tx.insert(responsibilityMatrix).values(matrixRowsFor(app.tenantId, (orgFunction) => plan.functions[orgFunction], (topic) => `rm-${app.tenantId}-${topic}`));
    await seedCityDefaults(tx, app.tenantId);
    await seedLprRates(tx, app.tenantId);
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

/** What setting up answers: a dry run's preview, or the city set up. */
export type SetUpOutcome = { kind: 'preview'; preview: SetUpPreview } | { kind: 'set_up'; city: SetUpCity };

/** An organisation as read from its source, and what of it could not be read. */
interface ReadOrganisation {
  readonly input: OrganisationInput;
  readonly problems: readonly OrganisationProblem[];
}

type SetUpOptions = { readonly dryRun: boolean; readonly address: string | null };

/**
 * Sets up the tenant from an organisation read by `read` (a workbook, the form), or (`dryRun`)
 * only checks it. A city already set up is refused before anything is read; what could not be
 * read, before the organisation is checked.
 * @param what names the source in the refusal: 组织架构工作簿, 组织架构
 * @throws AppError TENANT_ALREADY_SET_UP, IMPORT_INVALID with every problem in `details.problems`
 */
const setUpFrom = async (app: AppContext, what: string, read: () => ReadOrganisation | Promise<ReadOrganisation>, options: SetUpOptions): Promise<SetUpOutcome> => {
  if (await isSetUp(app)) throw alreadySetUp(app.tenantId);
  const { input, problems } = await read();
  if (problems.length > 0) throw new AppError('IMPORT_INVALID', `${what}有${problems.length}处问题，请修改后重新提交`, { problems });
  if (options.dryRun) {
    const { plan, warnings } = planCity(input);
    return { kind: 'preview', preview: { cityName: plan.cityName, jurisdictions: plan.jurisdictions.length, units: plan.units.length, admins: plan.admins, warnings } };
  }
  return { kind: 'set_up', city: await setUpCity(app, input, options.address) };
};

/**
 * Sets up the tenant from an organisation workbook, or (`dryRun`) only checks it.
 * @throws AppError IMPORT_INVALID with every problem of the file in `details.problems`,
 *   TENANT_ALREADY_SET_UP
 */
export const setUpCityFromWorkbook = (app: AppContext, content: Uint8Array, options: SetUpOptions): Promise<SetUpOutcome> =>
  setUpFrom(app, '组织架构工作簿', () => readOrganisationWorkbook(content), options);

/**
 * Sets up the tenant from the organisation filled in by hand on the first-run page, or
 * (`dryRun`) only checks it: the same check and the same writes as a workbook's.
 * @throws AppError IMPORT_INVALID with every problem of the form in `details.problems` (the
 *   form's section, item number and field), TENANT_ALREADY_SET_UP
 */
export const setUpCityByHand = (app: AppContext, form: OrganisationForm, options: SetUpOptions): Promise<SetUpOutcome> =>
  setUpFrom(app, '组织架构', () => readOrganisationForm(form), options);
