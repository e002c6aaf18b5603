import { AppError } from '../errors.ts';
import { LINE_MODULES, OPEN_LINES, type OpenLine } from '../lines/registry.ts';
import { SOURCES, type Line, type Source } from '../lines/vocabulary.ts';
import type { CaseAction } from '../case/actions.ts';
import type { CaseRecord } from '../case/record.ts';
import type { Actor, Role } from './roles.ts';

export type CaseParties = Pick<
  CaseRecord,
  'enterprise' | 'responsibleUnitId' | 'handlingUnitId' | 'jurisdictionId' | 'leadUnitId' | 'cooperatingUnitIds' | 'escalated'
>;

/** How an actor relates to a case; each access rule names one (and each reveal rule, `personal-data-policy.ts`). */
export const RELATIONS = {
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
  leading: (actor: Actor, record: CaseParties) => actor.unitId !== null && actor.unitId === record.leadUnitId,
  leadOrCooperating: (actor: Actor, record: CaseParties) =>
    actor.unitId !== null &&
    (actor.unitId === record.leadUnitId || record.cooperatingUnitIds.includes(actor.unitId)),
} satisfies Record<string, (actor: Actor, record: CaseParties) => boolean>;
export type Relation = keyof typeof RELATIONS;

/** Each relation in words, for the 安全管理员's role catalogue (`role-catalogue.ts`). */
export const RELATION_LABEL = {
  anyCase: '全部案件',
  ownEnterprise: '本企业的案件',
  responsibleOrHandling: '本单位为责任单位或办理单位的案件',
  handling: '本单位办理的案件',
  inJurisdiction: '本县市区（管委会）的案件',
  inJurisdictionHandling: '本县市区（管委会）办理、未提级的案件',
  leading: '本单位牵头的案件',
  leadOrCooperating: '本单位牵头或配合的案件',
} satisfies Record<Relation, string>;

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
  // The contract behind an arrear, added or corrected as it comes to light (保障中小企业款项支付条例).
  'amend_particulars',
  // 保障中小企业款项支付条例 第二十五条: the unit the complaint was handed to tells the complainant its result in writing.
  'notify_result',
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
  // Art. 17: the late interest is the enterprise's to waive.
  // 12345 practice: the enterprise asks to reopen a result it rated 不满意, withdraws its complaint before it is handled, adds material.
  allow('enterprise', 'ownEnterprise', ['read', 'consent', 'object', 'rate', 'waive_interest', 'request_reopen', 'withdraw', 'add_material']),
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
    // With the enterprise's signed waiver, as a consent is recorded.
    'waive_interest',
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
    // 12345 practice: 营商办 calls on the enterprise before 销号 (回访).
    'record_follow_up',
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

/** The level of a responsible unit as the responsibility matrix reads it: the city's own, or a county's or zone's. */
export type MatrixLevel = 'city' | 'county';

/**
 * A row of the responsibility matrix (SPEC §6) that the actor's unit leads, as the registration
 * rules read it: the line, the kinds of responsible unit it covers (none: a row that leads no
 * case) and, when it is limited to one, their level.
 */
export interface LedMatrixRow {
  readonly line: Line;
  readonly topic: string;
  readonly debtorKinds: readonly string[];
  readonly debtorLevel: MatrixLevel | null;
}

/** The matrix row of the provincial SME platform's demands ends so (`investment_provincial_platform`, S3). */
export const PROVINCIAL_PLATFORM_TOPIC_SUFFIX = 'provincial_platform';

/**
 * What a lead bureau's reach is checked on, resolved by the use case from reference data: the
 * line, the responsible unit's kind and level, the matrix rows the actor's unit leads, and
 * whether the registration is an import of the provincial platform's demands.
 */
export interface RegistrationMatrixScope {
  readonly line: Line;
  readonly responsibleUnitKind: string;
  readonly responsibleUnitLevel: MatrixLevel;
  readonly ledRows: readonly LedMatrixRow[];
  readonly imported: boolean;
  /** Whether the registration is a row of a ledger import (台账导入): the rules of `LEDGER_IMPORT_RULES` apply to it alone. */
  readonly ledgerImport?: boolean;
}

export interface RegistrationScope {
  readonly source: Source;
  readonly responsibleUnitId: string;
  readonly responsibleJurisdictionId: string;
  readonly enterpriseUnitId: string | null;
  /**
   * What a lead bureau's reach is decided on, resolved by the use case from reference data;
   * without it no matrix reach is granted.
   */
  readonly matrix?: RegistrationMatrixScope;
}

/**
 * Which responsible units a registration rule allows: any, the actor's own, those of the
 * actor's jurisdictions, those a matrix row of the line that the actor's unit leads covers
 * (`matrix`), or any unit by the import of the provincial platform's demands when the actor's
 * unit leads that platform's matrix row (`platform_import`).
 */
type UnitReach = 'any' | 'own' | 'jurisdictions' | 'matrix' | 'platform_import';

interface RegistrationRule {
  readonly role: Role;
  /** The intake channels, the usual one first (S3). */
  readonly sources: readonly Source[];
  readonly units: UnitReach;
  /** An enterprise registers only its own complaint. */
  readonly ownEnterprise: boolean;
  /** The rule allows only the rows of a ledger import (台账导入), never a registration typed in. */
  readonly byLedgerImport?: boolean;
}

const registers = (role: Role, sources: readonly Source[], units: UnitReach, ownEnterprise = false): RegistrationRule => ({ role, sources, units, ownEnterprise });

/**
 * Who may register a case (S3): 营商办 from any source, its own assignments first; a leader by
 * assignment; a unit for itself by self-inspection; a county coordinator within its subtree by
 * self-inspection or audit; an enterprise its own complaint; a lead bureau its own findings
 * (排查) on the units its matrix rows cover (经信局: government bodies and institutions; 国资委:
 * SOEs; 招商局: investment promises), and the provincial platform's demands by import when it
 * leads that platform's row (经信局).
 */
export const REGISTRATION_RULES: readonly RegistrationRule[] = [
  registers('business_office', ['assigned', ...SOURCES.filter((source) => source !== 'assigned')], 'any'),
  registers('leader', ['assigned'], 'any'),
  registers('unit_handler', ['self_inspection'], 'own'),
  registers('county_coordinator', ['self_inspection', 'audit'], 'jurisdictions'),
  registers('enterprise', ['enterprise'], 'any', true),
  registers('lead_bureau', ['inspection'], 'matrix'),
  registers('lead_bureau', ['provincial_platform'], 'platform_import'),
  // 台账导入: a county loads the ledger it keeps of its own units, a unit its own, a lead bureau
  // the units its matrix rows cover; 营商办 imports for any unit by its own rule above.
  ...(['unit_handler', 'county_coordinator', 'lead_bureau'] as const).map((role) => ({
    ...registers(role, ['import'], role === 'unit_handler' ? 'own' : role === 'county_coordinator' ? 'jurisdictions' : 'matrix'),
    byLedgerImport: true,
  })),
];

/** Whether a led row covers a responsible unit of `kind` and `level` on `line`. */
const rowCovers = (row: LedMatrixRow, line: Line, kind: string, level: MatrixLevel): boolean =>
  row.line === line && row.debtorKinds.includes(kind) && (row.debtorLevel === null || row.debtorLevel === level);

/** Whether the actor's unit leads the provincial platform's matrix row (S3, SPEC §6). */
export const leadsProvincialPlatform = (ledRows: readonly LedMatrixRow[]): boolean =>
  ledRows.some((row) => row.topic.endsWith(PROVINCIAL_PLATFORM_TOPIC_SUFFIX));

const reaches = (actor: Actor, rule: RegistrationRule, scope: RegistrationScope): boolean => {
  switch (rule.units) {
    case 'any':
      return true;
    case 'own':
      return actor.unitId !== null && actor.unitId === scope.responsibleUnitId;
    case 'jurisdictions':
      return actor.jurisdictionScope.includes(scope.responsibleJurisdictionId);
    case 'matrix': {
      const matrix = scope.matrix;
      if (matrix === undefined) return false;
      return matrix.ledRows.some((row) => rowCovers(row, matrix.line, matrix.responsibleUnitKind, matrix.responsibleUnitLevel));
    }
    case 'platform_import':
      return scope.matrix !== undefined && scope.matrix.imported && leadsProvincialPlatform(scope.matrix.ledRows);
  }
};

/**
 * Whether `actor` may register a case from `scope.source` for its responsible unit (and, for
 * an enterprise, in its own name); a lead bureau's reach is decided on `scope.matrix`.
 */
export const canRegister = (actor: Actor, scope: RegistrationScope): boolean =>
  REGISTRATION_RULES.some(
    (rule) =>
      rule.role === actor.role &&
      rule.sources.includes(scope.source) &&
      (rule.byLedgerImport !== true || scope.matrix?.ledgerImport === true) &&
      reaches(actor, rule, scope) &&
      (!rule.ownEnterprise || (actor.unitId !== null && actor.unitId === scope.enterpriseUnitId)),
  );

/**
 * Whether `actor` may import the provincial SME platform's demands (S3: 营商办, and the lead
 * bureau that leads the platform's matrix row, 经信局): the same rules as `canRegister` for an
 * import, so each demand it imports may be registered.
 */
export const mayImportIntake = (actor: Actor, ledRows: readonly LedMatrixRow[]): boolean =>
  REGISTRATION_RULES.some(
    (rule) =>
      rule.role === actor.role &&
      rule.sources.includes('provincial_platform') &&
      !rule.ownEnterprise &&
      (rule.units === 'any' || (rule.units === 'platform_import' && leadsProvincialPlatform(ledRows))),
  );

/** The kinds of responsible unit one led matrix row covers, at its level (null: any level). */
export interface MatrixCover {
  readonly unitKinds: readonly string[];
  readonly level: MatrixLevel | null;
}

/**
 * The responsible units an actor may register for: every unit, its own, those of its
 * jurisdictions, or those of the kinds (and level) its led matrix rows of the line cover.
 */
export type ResponsibleUnitReach =
  | { readonly kind: 'any' }
  | { readonly kind: 'own'; readonly unitId: string }
  | { readonly kind: 'jurisdictions'; readonly jurisdictionIds: readonly string[] }
  | { readonly kind: 'matrix'; readonly covers: readonly MatrixCover[] };

/** What an actor may register on one line: the abilities that go out with the session, so the UI offers only these. */
export interface RegistrationAbility {
  readonly line: OpenLine;
  readonly sources: readonly Source[];
  readonly responsibleUnits: ResponsibleUnitReach;
  /** An enterprise registers only in its own name. */
  readonly ownEnterprise: boolean;
}

/** Whether a unit of `kind` at `level` is within a reach (for `own` and `jurisdictions`, its id and jurisdiction). */
export const reachIncludes = (
  reach: ResponsibleUnitReach,
  unit: { readonly id: string; readonly kind: string; readonly jurisdictionId: string; readonly level: MatrixLevel },
): boolean => {
  switch (reach.kind) {
    case 'any':
      return true;
    case 'own':
      return unit.id === reach.unitId;
    case 'jurisdictions':
      return reach.jurisdictionIds.includes(unit.jurisdictionId);
    case 'matrix':
      return reach.covers.some((cover) => cover.unitKinds.includes(unit.kind) && (cover.level === null || cover.level === unit.level));
  }
};

/** The reach of a rule on `line`, or null when it reaches no unit there (or only by import). */
const reachOf = (actor: Actor, units: UnitReach, line: OpenLine, ledRows: readonly LedMatrixRow[]): ResponsibleUnitReach | null => {
  switch (units) {
    case 'any':
      return { kind: 'any' };
    case 'own':
      return actor.unitId === null ? null : { kind: 'own', unitId: actor.unitId };
    case 'jurisdictions':
      return { kind: 'jurisdictions', jurisdictionIds: actor.jurisdictionScope };
    case 'matrix': {
      const covers = ledRows
        .filter((row) => row.line === line && row.debtorKinds.length > 0)
        .map((row) => ({ unitKinds: [...row.debtorKinds], level: row.debtorLevel }));
      return covers.length === 0 ? null : { kind: 'matrix', covers };
    }
    case 'platform_import':
      // The import's own ability (`mayImportIntake`), not the registration form's.
      return null;
  }
};

/**
 * Every line the actor may register on, with the sources the line takes and the units the
 * actor reaches (the same rules as `canRegister` for a registration typed in, not imported);
 * `ledRows` are the matrix rows the actor's unit leads.
 */
export const registrationAbilities = (actor: Actor, ledRows: readonly LedMatrixRow[] = []): RegistrationAbility[] =>
  REGISTRATION_RULES.filter((rule) => rule.role === actor.role && rule.byLedgerImport !== true).flatMap((rule) =>
    OPEN_LINES.flatMap((line) => {
      const responsibleUnits = reachOf(actor, rule.units, line, ledRows);
      if (responsibleUnits === null) return [];
      const sources = rule.sources.filter((source) => LINE_MODULES[line].sources.includes(source));
      return sources.length === 0 ? [] : [{ line, sources, responsibleUnits, ownEnterprise: rule.ownEnterprise }];
    }),
  );

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

/**
 * The responsible units whose arrears an actor may load from a ledger (台账导入, source
 * `import`): by the same rules as `canRegister` for a ledger row — 营商办 any unit, a county its
 * jurisdictions' units, a unit itself, a lead bureau the units its matrix rows of the line cover.
 * Null: the actor imports no ledger. `ledRows` are the matrix rows the actor's unit leads.
 */
export const ledgerImportReach = (actor: Actor, line: OpenLine, ledRows: readonly LedMatrixRow[]): ResponsibleUnitReach | null => {
  for (const rule of REGISTRATION_RULES) {
    if (rule.role !== actor.role || rule.ownEnterprise || !rule.sources.includes('import') || !LINE_MODULES[line].sources.includes('import')) continue;
    const reach = reachOf(actor, rule.units, line, ledRows);
    if (reach !== null) return reach;
  }
  return null;
};
