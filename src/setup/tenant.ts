/**
 * The city a tenant is: its name and its 市营商办, which issues the 督办单 and which the platform's
 * own jobs act for. Read from `tenants` (set up by `chengxin init`, the first-run page or the demo).
 */
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { orderIssuerOf, type OrderIssuer } from '../domain/supervision/supervision-order.ts';
import { tenants, units } from '../db/schema.ts';

export interface TenantProfile {
  readonly name: string;
  readonly businessOfficeUnitId: string | null;
  readonly businessOfficeName: string | null;
}

/** The tenant's profile; a tenant not yet set up has its id as name and no office. */
export const readTenant = async (app: Pick<AppContext, 'db' | 'tenantId'>): Promise<TenantProfile> => {
  const [row] = await app.db
    .select({ name: tenants.name, businessOfficeUnitId: tenants.businessOfficeUnitId, businessOfficeName: units.name })
    .from(tenants)
    .leftJoin(units, and(eq(units.tenantId, tenants.id), eq(units.id, tenants.businessOfficeUnitId)))
    .where(eq(tenants.id, app.tenantId));
  return row ?? { name: app.tenantId, businessOfficeUnitId: null, businessOfficeName: null };
};

/** Who issues the tenant's 督办单, and their numbers' prefix. */
export const readOrderIssuer = async (app: Pick<AppContext, 'db' | 'tenantId'>): Promise<OrderIssuer> => {
  const tenant = await readTenant(app);
  return orderIssuerOf(tenant.name, tenant.businessOfficeName);
};

/** A job's system actor as the tenant's 市营商办: its unit is the tenant's office. */
export const asBusinessOffice = async (app: Pick<AppContext, 'db' | 'tenantId'>, actor: Actor): Promise<Actor> => ({
  ...actor,
  unitId: (await readTenant(app)).businessOfficeUnitId,
});
