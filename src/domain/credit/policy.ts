import type { Actor } from '../access/roles.ts';
import type { UnitScope } from '../access/unit-scope.ts';
import { AppError } from '../errors.ts';
import type { CreditAction } from './commands.ts';

/** What the access rules need to know of a record: whose it is and where that unit sits. */
export interface CreditParties {
  readonly unitId: string;
  readonly unitJurisdictionId: string;
}

/**
 * S4, SPEC §5: 市信用办 manages breach records (the order to rectify, its outcome, the
 * determination, the decisions); 营商办 and leaders read them all; a unit sees its own (its
 * handlers, and the coordinator of its county, who answer for it: objection and repair);
 * enterprises, lead bureaus and the three administrators see none.
 */
const isOwnUnit = (actor: Actor, parties: CreditParties): boolean =>
  (actor.role === 'unit_handler' && actor.unitId !== null && actor.unitId === parties.unitId) ||
  (actor.role === 'county_coordinator' && actor.jurisdictionScope.includes(parties.unitJurisdictionId));

const READS_ALL = new Set(['credit_office', 'business_office', 'leader']);

export const canReadCredit = (actor: Actor, parties: CreditParties): boolean =>
  READS_ALL.has(actor.role) || isOwnUnit(actor, parties);

/** Whose move each action is, status aside. */
export const canActOnCredit = (actor: Actor, action: CreditAction, parties: CreditParties): boolean => {
  switch (action) {
    case 'object':
    case 'apply_repair':
      return isOwnUnit(actor, parties);
    case 'record_rectified':
    case 'record_refusal':
    case 'record':
    case 'decide_objection':
    case 'decide_repair':
      return actor.role === 'credit_office';
  }
};

/** 市信用办 alone orders rectification (opening a record) and reports batches to the national platform. */
export const canManageCredit = (actor: Actor): boolean => actor.role === 'credit_office';

/** @throws AppError FORBIDDEN */
export const authorizeCreditManagement = (actor: Actor): void => {
  if (!canManageCredit(actor)) throw new AppError('FORBIDDEN', '仅市信用办可以责令整改、认定失信记录和报送批次');
};

/** The rows a reader may list, as a filter the use case turns into SQL. */
/** The same rule as `canReadCredit`, for lists (a test checks they agree). */
export const creditReadScope = (actor: Actor): UnitScope => {
  if (READS_ALL.has(actor.role)) return { kind: 'all' };
  if (actor.role === 'unit_handler' && actor.unitId !== null) return { kind: 'unit', unitId: actor.unitId };
  if (actor.role === 'county_coordinator') return { kind: 'jurisdictions', jurisdictionIds: actor.jurisdictionScope };
  return { kind: 'none' };
};
