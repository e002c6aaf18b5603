/**
 * Who may do what in the daily dispatch (日常调度, G1, G4): 营商办 opens and closes rounds; a
 * unit's handlers report for their own unit, a county coordinator for the units of its
 * subtree; 营商办 and leaders see every unit, county coordinators their subtree, a unit
 * itself. Case-level lines in a round follow the case read rules (`caseReadScope`).
 */
import { AppError } from '../errors.ts';
import type { Actor } from '../access/roles.ts';
import type { ScopedUnit, UnitScope } from '../access/unit-scope.ts';

/** The responsible units whose round status an actor sees. */
export const dispatchUnitScope = (actor: Actor): UnitScope => {
  switch (actor.role) {
    case 'business_office':
    case 'leader':
    // Lead bureaus and 信用办 follow the whole city's dispatch; the cases they may not read
    // stay hidden by the case read rules.
    case 'lead_bureau':
    case 'credit_office':
      return { kind: 'all' };
    case 'county_coordinator':
      return { kind: 'jurisdictions', jurisdictionIds: actor.jurisdictionScope };
    case 'unit_handler':
      return actor.unitId === null ? { kind: 'none' } : { kind: 'unit', unitId: actor.unitId };
    default:
      return { kind: 'none' };
  }
};

/** G1: the unit's own handlers, or the county coordinator over it, report for a unit. */
export const canReportForUnit = (actor: Actor, unit: ScopedUnit): boolean =>
  (actor.role === 'unit_handler' && actor.unitId === unit.id) ||
  (actor.role === 'county_coordinator' && actor.jurisdictionScope.includes(unit.jurisdictionId));

/**
 * G1: only 营商办 opens and closes dispatch rounds.
 * @throws AppError FORBIDDEN
 */
export const authorizeRoundManagement = (actor: Actor): void => {
  if (actor.role !== 'business_office') throw new AppError('FORBIDDEN', '只有市营商办可以发起或结束调度');
};

/**
 * S5: the dispatch report is for the staff who follow the action; enterprises and the three
 * administrators have no case figures (三员分立).
 * @throws AppError FORBIDDEN
 */
export const authorizeReportReading = (actor: Actor): void => {
  if (dispatchUnitScope(actor).kind === 'none') {
    throw new AppError('FORBIDDEN', '当前账号无权查看调度报告');
  }
};
