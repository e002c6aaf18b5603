import { AppError } from '../errors.ts';
import { LINE_MODULES, OPEN_LINES, type OpenLine } from '../lines/registry.ts';
import { SOURCES, type Source } from '../lines/vocabulary.ts';
import type { CaseAction } from '../case/actions.ts';
import type { CaseRecord } from '../case/record.ts';
import type { Actor, Role } from './roles.ts';

type CaseParties = Pick<
  CaseRecord,
  'enterprise' | 'responsibleUnitId' | 'handlingUnitId' | 'jurisdictionId' | 'leadUnitId' | 'cooperatingUnitIds' | 'escalated'
>;

/** How an actor relates to a case; each access rule names one. */
const RELATIONS = {
  anyCase: () => true,
  ownEnterprise: (actor: Actor, record: CaseParties) =>
    actor.unitId !== null && actor.unitId === record.enterprise?.unitId,
  responsibleOrHandling: (actor: Actor, record: CaseParties) =>
    actor.unitId !== null && (actor.unitId === record.responsibleUnitId || actor.unitId === record.handlingUnitId),
  handling: (actor: Actor, record: CaseParties) => actor.unitId !== null && actor.unitId === record.handlingUnitId,
  inJurisdiction: (actor: Actor, record: CaseParties) => actor.jurisdictionScope.includes(record.jurisdictionId),
  // A5: once escalated, the next-higher government handles the case, not the county.
  inJurisdictionHandling: (actor: Actor, record: CaseParties) =>
    !record.escalated && actor.jurisdictionScope.includes(record.jurisdictionId),
  leadOrCooperating: (actor: Actor, record: CaseParties) =>
    actor.unitId !== null &&
    (actor.unitId === record.leadUnitId || record.cooperatingUnitIds.includes(actor.unitId)),
} satisfies Record<string, (actor: Actor, record: CaseParties) => boolean>;
type Relation = keyof typeof RELATIONS;

interface AccessRule {
  readonly role: Role;
  readonly relation: Relation;
  readonly can: readonly ('read' | CaseAction)[];
}

const allow = (role: Role, relation: Relation, can: AccessRule['can']): AccessRule => ({ role, relation, can });

/** Decisions of the handling unit: the debtor until escalation, then the higher government (A5). */
const HANDLING: readonly CaseAction[] = ['classify', 'propose_plan', 'agree', 'escalate', 'litigate', 'judge', 'compensate'];

/** Duties of the responsible unit that stay with it whoever handles the case. */
const RESPONSIBLE: readonly CaseAction[] = [
  'record_payment',
  'fulfil',
  'submit_feedback',
  'report_progress',
  'request_year_exception',
  'request_extension',
];

/**
 * Who may do what (SPEC §5). An enterprise acts only on its own cases (and alone rates their
 * result); unit handlers on cases
 * where their unit is responsible or handling; county coordinators within their subtree; lead
 * bureaus read and supervise their lines, and handle like any department the cases against
 * their own unit; 营商办 sees all and alone closes; leaders read and
 * assign; the three administrators have no access to case work.
 */
export const CASE_ACCESS_RULES: readonly AccessRule[] = [
  allow('enterprise', 'ownEnterprise', ['read', 'consent', 'object', 'rate']),
  allow('unit_handler', 'responsibleOrHandling', ['read', ...RESPONSIBLE]),
  allow('unit_handler', 'handling', HANDLING),
  allow('county_coordinator', 'inJurisdiction', ['read', ...RESPONSIBLE]),
  allow('county_coordinator', 'inJurisdictionHandling', [...HANDLING, 'dismiss']),
  allow('lead_bureau', 'leadOrCooperating', ['read', 'supervise']),
  // A lead bureau is a department too: a case against its own unit (its policy's funds unpaid) is its to handle.
  allow('lead_bureau', 'responsibleOrHandling', ['read', ...RESPONSIBLE]),
  allow('lead_bureau', 'handling', HANDLING),
  allow('business_office', 'anyCase', [
    'read',
    ...HANDLING,
    ...RESPONSIBLE,
    'consent',
    'object',
    'close',
    'return',
    'dismiss',
    'assign',
    'supervise',
    'approve_year_exception',
    'approve_extension',
    // S3: intake (受理交办) and merging duplicates are 营商办's.
    'accept',
    'merge',
  ]),
  allow('leader', 'anyCase', ['read', 'assign']),
  allow('credit_office', 'anyCase', ['read']),
];

/** Whether `actor` may read the case or perform `action` on it. */
export const can = (actor: Actor, what: 'read' | CaseAction, record: CaseParties): boolean =>
  CASE_ACCESS_RULES.some(
    (rule) => rule.role === actor.role && rule.can.includes(what) && RELATIONS[rule.relation](actor, record),
  );

/**
 * @throws AppError CASE_NOT_FOUND when the actor may not even read the case (its existence is
 *   not disclosed), FORBIDDEN when they may read but not perform `what`.
 */
export const authorizeCase = (actor: Actor, what: 'read' | CaseAction, record: CaseParties): void => {
  if (!can(actor, 'read', record)) throw new AppError('CASE_NOT_FOUND', '案件不存在或无权查看');
  if (what !== 'read' && !can(actor, what, record)) {
    throw new AppError('FORBIDDEN', '当前账号无权执行此操作', { action: what });
  }
};

export interface RegistrationScope {
  readonly source: Source;
  readonly responsibleUnitId: string;
  readonly responsibleJurisdictionId: string;
  readonly enterpriseUnitId: string | null;
}

/** Which responsible units a registration rule allows: any, the actor's own unit, or those of the actor's jurisdictions. */
type UnitReach = 'any' | 'own' | 'jurisdictions';

interface RegistrationRule {
  readonly role: Role;
  /** The intake channels, the usual one first (S3). */
  readonly sources: readonly Source[];
  readonly units: UnitReach;
  /** An enterprise registers only its own complaint. */
  readonly ownEnterprise: boolean;
}

const registers = (role: Role, sources: readonly Source[], units: UnitReach, ownEnterprise = false): RegistrationRule => ({ role, sources, units, ownEnterprise });

/**
 * Who may register a case (S3): 营商办 from any source, its own assignments first; a leader by
 * assignment; a unit for itself by self-inspection; a county coordinator within its subtree by
 * self-inspection or audit; an enterprise its own complaint.
 */
export const REGISTRATION_RULES: readonly RegistrationRule[] = [
  registers('business_office', ['assigned', ...SOURCES.filter((source) => source !== 'assigned')], 'any'),
  registers('leader', ['assigned'], 'any'),
  registers('unit_handler', ['self_inspection'], 'own'),
  registers('county_coordinator', ['self_inspection', 'audit'], 'jurisdictions'),
  registers('enterprise', ['enterprise'], 'any', true),
];

const reaches = (actor: Actor, rule: RegistrationRule, scope: RegistrationScope): boolean => {
  switch (rule.units) {
    case 'any':
      return true;
    case 'own':
      return actor.unitId !== null && actor.unitId === scope.responsibleUnitId;
    case 'jurisdictions':
      return actor.jurisdictionScope.includes(scope.responsibleJurisdictionId);
  }
};

/** Whether `actor` may register a case from `scope.source` for its responsible unit (and, for an enterprise, in its own name). */
export const canRegister = (actor: Actor, scope: RegistrationScope): boolean =>
  REGISTRATION_RULES.some(
    (rule) =>
      rule.role === actor.role &&
      rule.sources.includes(scope.source) &&
      reaches(actor, rule, scope) &&
      (!rule.ownEnterprise || (actor.unitId !== null && actor.unitId === scope.enterpriseUnitId)),
  );

/** The responsible units an actor may register for: every unit, its own, or those of its jurisdictions. */
export type ResponsibleUnitReach =
  | { readonly kind: 'any' }
  | { readonly kind: 'own'; readonly unitId: string }
  | { readonly kind: 'jurisdictions'; readonly jurisdictionIds: readonly string[] };

/** What an actor may register on one line: the abilities that go out with the session, so the UI offers only these. */
export interface RegistrationAbility {
  readonly line: OpenLine;
  readonly sources: readonly Source[];
  readonly responsibleUnits: ResponsibleUnitReach;
  /** An enterprise registers only in its own name. */
  readonly ownEnterprise: boolean;
}

const reachOf = (actor: Actor, units: UnitReach): ResponsibleUnitReach | null => {
  switch (units) {
    case 'any':
      return { kind: 'any' };
    case 'own':
      return actor.unitId === null ? null : { kind: 'own', unitId: actor.unitId };
    case 'jurisdictions':
      return { kind: 'jurisdictions', jurisdictionIds: actor.jurisdictionScope };
  }
};

/** Every line the actor may register on, with the sources the line takes and the units the actor reaches (the same rules as `canRegister`). */
export const registrationAbilities = (actor: Actor): RegistrationAbility[] =>
  REGISTRATION_RULES.filter((rule) => rule.role === actor.role).flatMap((rule) => {
    const responsibleUnits = reachOf(actor, rule.units);
    if (responsibleUnits === null) return [];
    return OPEN_LINES.flatMap((line) => {
      const sources = rule.sources.filter((source) => LINE_MODULES[line].sources.includes(source));
      return sources.length === 0 ? [] : [{ line, sources, responsibleUnits, ownEnterprise: rule.ownEnterprise }];
    });
  });

/** Which cases a list may show an actor: the same rules as `can(actor, 'read', …)`, as a filter. */
export type CaseReadScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'enterprise'; readonly unitId: string }
  | { readonly kind: 'unit'; readonly unitId: string }
  | { readonly kind: 'jurisdictions'; readonly jurisdictionIds: readonly string[] }
  | { readonly kind: 'supervising'; readonly unitId: string };

export const caseReadScope = (actor: Actor): CaseReadScope => {
  const unitId = actor.unitId;
  switch (actor.role) {
    case 'business_office':
    case 'leader':
    case 'credit_office':
      return { kind: 'all' };
    case 'enterprise':
      return unitId === null ? { kind: 'none' } : { kind: 'enterprise', unitId };
    case 'unit_handler':
      return unitId === null ? { kind: 'none' } : { kind: 'unit', unitId };
    case 'county_coordinator':
      return { kind: 'jurisdictions', jurisdictionIds: actor.jurisdictionScope };
    case 'lead_bureau':
      return unitId === null ? { kind: 'none' } : { kind: 'supervising', unitId };
    default:
      return { kind: 'none' };
  }
};
