import { and, asc, eq, ilike, inArray, ne, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { accountUnitProblem, assignableRoles } from '../domain/access/account-policy.ts';
import { ROLES, type Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { containsPattern } from '../db/like-pattern.ts';
import { units } from '../db/schema.ts';
import { listJurisdictions } from '../reference/reference-data.ts';

export const unitOptionsQuerySchema = z.object({
  role: z.enum(ROLES, { error: '角色无效' }),
  q: z.string().trim().max(100).optional().describe('按单位名称查找'),
});

export interface AccountUnitOption {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly jurisdictionId: string;
  readonly jurisdictionName: string;
  /** For a county coordinator: the county or zone this government stands for, else null. */
  readonly coordinates: string | null;
}

const OPTION_LIMIT = 200;

/**
 * The units an account of `role` may belong to, for `actor`, by the same rule the API applies
 * when the account is saved (`accountUnitProblem`), so the form offers only what fits.
 * @throws AppError FORBIDDEN when the actor may not give that role
 */
export const listAccountUnitOptions = async (app: AppContext, actor: Actor, query: z.infer<typeof unitOptionsQuerySchema>): Promise<AccountUnitOption[]> => {
  if (!assignableRoles(actor).includes(query.role)) throw new AppError('FORBIDDEN', '当前账号无权设置该角色的账号');
  const jurisdictions = await listJurisdictions(app.db, app.tenantId);
  const conditions: SQL[] = [eq(units.tenantId, app.tenantId)];
  if (query.role === 'enterprise') conditions.push(eq(units.kind, 'enterprise'));
  else conditions.push(ne(units.kind, 'enterprise'));
  if (actor.role === 'county_coordinator') conditions.push(inArray(units.jurisdictionId, actor.jurisdictionScope.length === 0 ? [''] : [...actor.jurisdictionScope]));
  if (query.q) conditions.push(ilike(units.name, containsPattern(query.q)));
  const rows = await app.db
    .select()
    .from(units)
    .where(and(...conditions))
    .orderBy(asc(units.jurisdictionId), asc(units.kind), asc(units.name))
    .limit(query.role === 'enterprise' ? 50 : 2000);
  const byId = new Map(jurisdictions.map((jurisdiction) => [jurisdiction.id, jurisdiction]));
  const options: AccountUnitOption[] = [];
  for (const unit of rows) {
    const coordinated = query.role === 'county_coordinator' ? (jurisdictions.find((candidate) => candidate.parentId !== null && candidate.governmentUnitId === unit.id) ?? null) : null;
    if (accountUnitProblem(actor, query.role, unit, coordinated, jurisdictions) !== null) continue;
    options.push({
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      jurisdictionId: unit.jurisdictionId,
      jurisdictionName: byId.get(unit.jurisdictionId)?.name ?? unit.jurisdictionId,
      coordinates: coordinated?.id ?? null,
    });
    if (options.length >= OPTION_LIMIT) break;
  }
  return options;
};
