import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { investmentAbilities, promiseReadScope, type InvestmentAbilities } from '../domain/investment/access.ts';
import { investmentPromises } from '../db/schema.ts';
import { loadPromiseLead } from './register-store.ts';

/** What the session announces of the promise register (S6): the lead from the matrix, and whether the actor's unit must keep some promise. */
export const readInvestmentAbilities = async (app: AppContext, actor: Actor): Promise<InvestmentAbilities> => {
  const lead = await loadPromiseLead(app.db, app.tenantId);
  const responsibleUnitId = promiseReadScope(actor, lead).responsibleUnitId;
  const some =
    responsibleUnitId !== null &&
    (
      await app.db
        .select({ id: investmentPromises.id })
        .from(investmentPromises)
        .where(and(eq(investmentPromises.tenantId, app.tenantId), eq(investmentPromises.responsibleUnitId, responsibleUnitId)))
        .limit(1)
    ).length > 0;
  return investmentAbilities(actor, lead, some);
};
