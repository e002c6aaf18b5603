import type { Actor } from '../access/roles.ts';
import { AppError } from '../errors.ts';

/**
 * S6: who reads and keeps the promise register. 营商办, leaders and 市招商局 — the bureau that
 * leads the responsibility matrix's row `investment_promises` (SPEC §6), read from the matrix by
 * the caller, never named here — read everything; 招商局 and a county or zone coordinator (within
 * its jurisdictions) record and edit projects and promises, deliveries and legality reviews; the
 * staff of a promise's responsible unit (履约责任单位) read its promises and record what they
 * deliver; an enterprise reads the promises made to it. Anyone else sees nothing, and a promise
 * outside one's reach is not found (its existence is not disclosed).
 */

/** The matrix row's lead: 市招商局's unit, or null when no row names one. */
export interface PromiseLead {
  readonly leadUnitId: string | null;
}

/** A promise as the rules read it: where its project is, whose it is, who must keep it. */
export interface PromiseRef {
  readonly jurisdictionId: string;
  readonly enterpriseUnitId: string;
  readonly responsibleUnitId: string;
}

/** The bureau that leads the promise clean-up (市招商局). */
export const leadsPromises = (actor: Actor, lead: PromiseLead): boolean =>
  actor.role === 'lead_bureau' && actor.unitId !== null && actor.unitId === lead.leadUnitId;

/**
 * The promises an actor reads, as the list's filter: every one, those of projects in some
 * jurisdictions, those its unit must keep, or those made to its enterprise.
 */
export interface PromiseReadScope {
  readonly all: boolean;
  readonly jurisdictionIds: readonly string[];
  readonly responsibleUnitId: string | null;
  readonly enterpriseUnitId: string | null;
}

const NOTHING: PromiseReadScope = { all: false, jurisdictionIds: [], responsibleUnitId: null, enterpriseUnitId: null };

export const promiseReadScope = (actor: Actor, lead: PromiseLead): PromiseReadScope => {
  switch (actor.role) {
    case 'business_office':
    case 'leader':
      return { ...NOTHING, all: true };
    case 'lead_bureau':
      // Another lead bureau (财政局 as a department) keeps what its own unit promised.
      return leadsPromises(actor, lead) ? { ...NOTHING, all: true } : { ...NOTHING, responsibleUnitId: actor.unitId };
    case 'county_coordinator':
      return { ...NOTHING, jurisdictionIds: actor.jurisdictionScope };
    case 'unit_handler':
      return { ...NOTHING, responsibleUnitId: actor.unitId };
    case 'enterprise':
      return { ...NOTHING, enterpriseUnitId: actor.unitId };
    case 'credit_office':
    case 'system_admin':
    case 'security_admin':
    case 'audit_admin':
      return NOTHING;
  }
};

/** Whether the scope reaches anything at all (the register's pages and lists answer 403 otherwise). */
export const scopeReachesAny = (scope: PromiseReadScope): boolean =>
  scope.all || scope.jurisdictionIds.length > 0 || scope.responsibleUnitId !== null || scope.enterpriseUnitId !== null;

export const inReadScope = (scope: PromiseReadScope, promise: PromiseRef): boolean =>
  scope.all ||
  scope.jurisdictionIds.includes(promise.jurisdictionId) ||
  (scope.responsibleUnitId !== null && scope.responsibleUnitId === promise.responsibleUnitId) ||
  (scope.enterpriseUnitId !== null && scope.enterpriseUnitId === promise.enterpriseUnitId);

export const canReadPromise = (actor: Actor, lead: PromiseLead, promise: PromiseRef): boolean => inReadScope(promiseReadScope(actor, lead), promise);

/** A project is read by whoever reads the project's place or enterprise, or one of its promises. */
export const canReadProject = (
  actor: Actor,
  lead: PromiseLead,
  project: { readonly jurisdictionId: string; readonly enterpriseUnitId: string; readonly responsibleUnitIds: readonly string[] },
): boolean => {
  const scope = promiseReadScope(actor, lead);
  return (
    scope.all ||
    scope.jurisdictionIds.includes(project.jurisdictionId) ||
    scope.enterpriseUnitId === project.enterpriseUnitId ||
    (scope.responsibleUnitId !== null && project.responsibleUnitIds.includes(scope.responsibleUnitId))
  );
};

/** Who records and edits the projects and promises of a jurisdiction, and reviews their legality: 招商局 any, a coordinator its own. */
export const canKeepRegister = (actor: Actor, lead: PromiseLead, jurisdictionId: string): boolean =>
  leadsPromises(actor, lead) || (actor.role === 'county_coordinator' && actor.jurisdictionScope.includes(jurisdictionId));

/** Whether the actor keeps the register anywhere (the import, the template, the 新增项目 button). */
export const keepsSomeRegister = (actor: Actor, lead: PromiseLead): boolean =>
  leadsPromises(actor, lead) || (actor.role === 'county_coordinator' && actor.jurisdictionScope.length > 0);

/** The promise's keepers, and the staff of its responsible unit, record what is delivered on it. */
export const canRecordFulfilment = (actor: Actor, lead: PromiseLead, promise: PromiseRef): boolean =>
  canKeepRegister(actor, lead, promise.jurisdictionId) ||
  ((actor.role === 'unit_handler' || actor.role === 'lead_bureau') && actor.unitId !== null && actor.unitId === promise.responsibleUnitId);

/** 招商局 keeps the problem list (S6), and a county its own: both review a promise's legality. */
export const canReviewLegality = (actor: Actor, lead: PromiseLead, promise: PromiseRef): boolean => canKeepRegister(actor, lead, promise.jurisdictionId);

/** Enterprises read the promises made to them, but not the government's own legality review. */
export const seesLegality = (actor: Actor): boolean => actor.role !== 'enterprise';

/** @throws AppError FORBIDDEN */
export const authorizeKeeping = (actor: Actor, lead: PromiseLead, jurisdictionId: string, field?: string): void => {
  if (!canKeepRegister(actor, lead, jurisdictionId)) {
    throw new AppError('FORBIDDEN', '只有市招商局和项目所在县市区、管委会可以登记和修改招商项目及承诺', field === undefined ? {} : { field });
  }
};

/** @throws AppError FORBIDDEN */
export const authorizeFulfilment = (actor: Actor, lead: PromiseLead, promise: PromiseRef): void => {
  if (!canRecordFulfilment(actor, lead, promise)) {
    throw new AppError('FORBIDDEN', '只有履约责任单位、市招商局和项目所在县市区、管委会可以登记履约记录');
  }
};

/** @throws AppError FORBIDDEN */
export const authorizeReview = (actor: Actor, lead: PromiseLead, promise: PromiseRef): void => {
  if (!canReviewLegality(actor, lead, promise)) throw new AppError('FORBIDDEN', '只有市招商局和项目所在县市区、管委会可以进行合法性审查');
};

/** @throws AppError FORBIDDEN for whom the register reaches nothing */
export const authorizeRegisterReading = (actor: Actor, lead: PromiseLead): PromiseReadScope => {
  const scope = promiseReadScope(actor, lead);
  if (!scopeReachesAny(scope)) throw new AppError('FORBIDDEN', '无权查看招商引资项目与承诺');
  return scope;
};

/**
 * What the session announces of the register, so the menus show its pages only to whom they
 * serve: `reads`, the whole register of one's scope (营商办, leaders, 招商局, counties); `keeps`,
 * the 新增 and import; `fulfils`, the tracking page of a unit that must keep some promise.
 */
export interface InvestmentAbilities {
  readonly reads: boolean;
  readonly keeps: boolean;
  readonly fulfils: boolean;
}

export const investmentAbilities = (actor: Actor, lead: PromiseLead, responsibleForSome: boolean): InvestmentAbilities => {
  const scope = promiseReadScope(actor, lead);
  return {
    reads: scope.all || scope.jurisdictionIds.length > 0,
    keeps: keepsSomeRegister(actor, lead),
    fulfils: scope.responsibleUnitId !== null && responsibleForSome,
  };
};
