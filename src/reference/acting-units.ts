import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { disclosureFor, isSystemActorId, seesOfficials, type Disclosure } from '../domain/access/disclosure.ts';
import type { Actor } from '../domain/access/roles.ts';
import { accounts, units } from '../db/schema.ts';
import { readTenant } from '../setup/tenant.ts';

/**
 * The names of the units `actorIds` acted for, in one query: each account's unit as it is now
 * (a record keeps the person who acted, not their unit), and for the platform's jobs, which act
 * for 营商办, the tenant's 市营商办.
 */
const actingUnitNames = async (app: Pick<AppContext, 'db' | 'tenantId'>, actorIds: readonly string[]): Promise<Map<string, string>> => {
  const accountIds = actorIds.filter((id) => !isSystemActorId(id));
  const rows = accountIds.length
    ? await app.db
        .select({ id: accounts.id, unitName: units.name })
        .from(accounts)
        .innerJoin(units, and(eq(units.tenantId, accounts.tenantId), eq(units.id, accounts.unitId)))
        .where(and(eq(accounts.tenantId, app.tenantId), inArray(accounts.id, accountIds)))
    : [];
  const names = new Map(rows.map((row) => [row.id, row.unitName]));
  const jobIds = actorIds.filter(isSystemActorId);
  const office = jobIds.length ? (await readTenant(app)).businessOfficeName : null;
  if (office !== null) for (const id of jobIds) names.set(id, office);
  return names;
};

/**
 * How the actors a view names are shown to `reader` (`disclosureFor`): staff see the people,
 * and nothing is read; an enterprise sees the units they acted for.
 */
export const loadDisclosure = async (app: Pick<AppContext, 'db' | 'tenantId'>, reader: Actor, actorIds: Iterable<string>): Promise<Disclosure> => {
  if (seesOfficials(reader)) return disclosureFor(reader, () => null);
  const names = await actingUnitNames(app, [...new Set(actorIds)]);
  return disclosureFor(reader, (actorId) => names.get(actorId) ?? null);
};
