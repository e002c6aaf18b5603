/**
 * The role catalogue (角色与权限, issue 11 point 2): for each role of SPEC §5, what the access
 * rules let it do and what the security policy asks of it, so that the 安全管理员 can review the
 * permissions without reading code. It is generated from the rules themselves — the tables where
 * they are declared, and the predicates where a rule is a function — and never copied, so it
 * cannot drift from what the platform enforces. The roles stay fixed by the spec: this only shows
 * them.
 */
import { CASE_ACTION_LABEL, type CaseAction } from '../case/actions.ts';
import { CREDIT_EVENT_LABEL, CREDIT_EVENT_TYPES, type CreditEventType } from '../credit/states.ts';
import { canActOnCredit, canManageCredit, canReadCredit } from '../credit/policy.ts';
import { mayProposeBreach, maySeeProposal } from '../credit/proposal.ts';
import { disclosureScope, mayGenerateDisclosures, mayPublishDisclosure } from '../disclosure/disclosure-policy.ts';
import { AppError } from '../errors.ts';
import { idleMinutesFor, isStaffRole, maySetSecurityPolicy, secondFactorRequiredFor, type SecurityPolicy } from '../identity/security-policy.ts';
import { SOURCE_LABEL, type Source } from '../lines/vocabulary.ts';
import { assignableRoles, isAdminRole, mayManageAccount, mayReviewRegistrations, type ManagedAccount } from './account-policy.ts';
import { can, CASE_ACCESS_RULES, REGISTRATION_RULES, RELATION_LABEL, type CaseParties, type Relation } from './case-policy.ts';
import { CASE_REVEAL_RULES, mayRevealAccountPhone, mayRevealRegistrationPhone } from './personal-data-policy.ts';
import { canEditReference, REFERENCE_EDITORS, type ReferenceKind } from './reference-policy.ts';
import { ROLE_LABEL, ROLES, type Actor, type Role } from './roles.ts';
import { mayReadSecurityLog } from './security-log-policy.ts';
import { isUnitInScope, type ScopedUnit } from './unit-scope.ts';

/** A value of the rules with its words. */
export interface Labelled<Code extends string> {
  readonly code: Code;
  readonly label: string;
}

/** What a case rule grants: reading the case, or one action of SPEC §7. */
export type CaseRight = 'read' | CaseAction;

/** The actions in their common words; a line may word one of its own steps differently (`actionLabel`). */
export const CASE_RIGHT_LABEL = { read: '查看', ...CASE_ACTION_LABEL } satisfies Record<CaseRight, string>;

/** The responsible units a registration rule reaches (`REGISTRATION_RULES`). */
export type RegistrationReach = (typeof REGISTRATION_RULES)[number]['units'];

export const REGISTRATION_REACH_LABEL = {
  any: '任意单位',
  own: '本单位',
  jurisdictions: '本县市区（管委会）的单位',
  matrix: '本单位牵头的责任分工所涉单位',
  platform_import: '任意单位（仅导入省平台诉求，须牵头该项责任分工）',
} satisfies Record<RegistrationReach, string>;

/** Whose accounts a rule on accounts reaches: any account it applies to, only those of units in the actor's own jurisdictions, or none. */
export type AccountReach = 'all' | 'jurisdiction' | 'none';

export const ACCOUNT_REACH_LABEL = {
  all: '全市',
  jurisdiction: '本县市区/管委会',
  none: '无',
} satisfies Record<AccountReach, string>;

export const REFERENCE_KIND_LABEL = {
  jurisdiction: '行政区划',
  holiday: '节假日与调休',
  lpr: 'LPR利率',
  responsibility_matrix: '责任分工',
  unit: '单位',
  time_limit: '办理时限',
  supervision_threshold: '督办阶梯',
} satisfies Record<ReferenceKind, string>;

/**
 * Whose rows a unit-level right reaches (the annual disclosure, breach records): every unit, the
 * units of the actor's own jurisdictions, its own unit, or none.
 */
export type UnitReach = 'all' | 'jurisdiction' | 'unit' | 'none';

export const UNIT_REACH_LABEL = {
  all: '全市各单位',
  jurisdiction: '本县市区/管委会各单位',
  unit: '本单位',
  none: '无',
} satisfies Record<UnitReach, string>;

/**
 * What the annual disclosure of overdue payments (保障中小企业款项支付条例 第十八条) lets one do:
 * read the rows, download them as the workbook, generate (refresh) the drafts, publish a row.
 */
export const DISCLOSURE_RIGHTS = ['read', 'workbook', 'generate', 'publish'] as const;
export type DisclosureRight = (typeof DISCLOSURE_RIGHTS)[number];

export const DISCLOSURE_RIGHT_LABEL = {
  read: '查看',
  workbook: '下载工作簿',
  generate: '生成（刷新）草稿',
  publish: '发布',
} satisfies Record<DisclosureRight, string>;

/** What a breach record (信用记录, S4) lets one do: read it, and each step of its history (`CREDIT_EVENT_TYPES`), the order that opens it and the report to the national platform among them. */
export type CreditRight = 'read' | CreditEventType;

export const CREDIT_RIGHTS: readonly CreditRight[] = ['read', ...CREDIT_EVENT_TYPES];

export const CREDIT_RIGHT_LABEL = { read: '查看', ...CREDIT_EVENT_LABEL } satisfies Record<CreditRight, string>;

/** What a case's proposal to 信用办 (提请认定失信) lets one do: make it, or see it on the case page. */
export type ProposalRight = 'propose' | 'see';

export const PROPOSAL_RIGHT_LABEL = { propose: '提请认定失信', see: '查看提请' } satisfies Record<ProposalRight, string>;

/** Rights held over the same rows, e.g. 本单位 over [查看] [发布]. */
export interface UnitRule<Right extends string> {
  readonly reach: Labelled<Exclude<UnitReach, 'none'>>;
  readonly rights: readonly Labelled<Right>[];
}

/** Rights held on the same cases, e.g. 本单位牵头的案件 over [提请认定失信] [查看提请]. */
export interface CaseRelationRule<Right extends string> {
  readonly relation: Labelled<Relation>;
  readonly rights: readonly Labelled<Right>[];
}

export interface CreditRights {
  /** Proposing a case to 信用办 (`mayProposeBreach`, on a case it reads) and seeing the proposal (`maySeeProposal`). */
  readonly proposals: readonly CaseRelationRule<ProposalRight>[];
  /** The breach records it reads (`canReadCredit`) and the steps it takes on them (`canActOnCredit`, `canManageCredit`). */
  readonly records: readonly UnitRule<CreditRight>[];
}

/** One rule of `CASE_ACCESS_RULES`: on the cases the role stands so to, what it may do. */
export interface CaseRule {
  readonly relation: Labelled<Relation>;
  readonly rights: readonly Labelled<CaseRight>[];
}

/** One rule of `REGISTRATION_RULES`: the intake channels and the responsible units it reaches. */
export interface RegistrationRule {
  readonly sources: readonly Labelled<Source>[];
  readonly reach: Labelled<RegistrationReach>;
  /** An enterprise registers only its own complaint. */
  readonly ownEnterpriseOnly: boolean;
}

export interface AccountRights {
  /** The roles it may give an account (`assignableRoles`). */
  readonly assigns: readonly Labelled<Role>[];
  /** Whose accounts of those roles it administers (`mayManageAccount`). */
  readonly reach: Labelled<AccountReach>;
  /** Confirms or rejects enterprises' self-registrations. */
  readonly reviewsRegistrations: boolean;
}

/** Where it may see a phone number unmasked (个人信息保护法), each reveal logged. */
export interface PersonalDataRights {
  /** On the cases it stands so to (`CASE_REVEAL_RULES`). */
  readonly cases: readonly Labelled<Relation>[];
  readonly accountPhones: Labelled<AccountReach>;
  readonly registrationPhones: boolean;
}

/** What the current security policy asks of an account of the role. */
export interface SignInSettings {
  readonly secondFactor: boolean;
  readonly idleMinutes: number;
  readonly absoluteHours: number;
  /** The networks it may sign in and work from; empty for anywhere (an enterprise is never restricted). */
  readonly allowedNetworks: readonly string[];
}

export interface RoleCatalogueEntry {
  readonly role: Role;
  readonly label: string;
  /** One of the three administrators (三员分立), who do no case work. */
  readonly administrator: boolean;
  readonly cases: readonly CaseRule[];
  readonly registers: readonly RegistrationRule[];
  readonly accounts: AccountRights;
  /** The reference data it edits; everyone reads it. */
  readonly referenceData: readonly Labelled<ReferenceKind>[];
  readonly setsSecurityPolicy: boolean;
  readonly readsRoleCatalogue: boolean;
  readonly readsSecurityLog: boolean;
  readonly personalData: PersonalDataRights;
  /** The annual disclosure of overdue payments (`disclosure-policy.ts`), grouped by whose rows; the published rows are public to all. */
  readonly disclosure: readonly UnitRule<DisclosureRight>[];
  readonly credit: CreditRights;
  readonly signIn: SignInSettings;
}

const labelled = <Code extends string>(code: Code, labels: Record<Code, string>): Labelled<Code> => ({ code, label: labels[code] });

/** The jurisdiction the probe covers; a target elsewhere is in `ELSEWHERE`. */
const OWN_JURISDICTION = 'role-catalogue:own-jurisdiction';
const ELSEWHERE = 'role-catalogue:elsewhere';

/** The probe's own unit, another in its own jurisdiction, and one elsewhere: the widest a rule on units allows names its reach. */
const OWN_UNIT: ScopedUnit = { id: 'role-catalogue:unit', jurisdictionId: OWN_JURISDICTION };
const NEIGHBOUR: ScopedUnit = { id: 'role-catalogue:neighbour', jurisdictionId: OWN_JURISDICTION };
const FAR_UNIT: ScopedUnit = { id: 'role-catalogue:far-unit', jurisdictionId: ELSEWHERE };

/**
 * An account of `role` as the rules on accounts, reference data, the log, the disclosure and
 * breach records see it. Those rules read the role, the own unit (`OWN_UNIT`) and, for a county
 * coordinator, the jurisdictions covered — never the person — so one probe stands for every
 * account of the role.
 */
const probeOf = (role: Role): Actor => ({ id: 'role-catalogue:probe', name: ROLE_LABEL[role], role, unitId: OWN_UNIT.id, jurisdictionScope: [OWN_JURISDICTION] });

/** Whose accounts `allows` lets `actor` act on: some account elsewhere (all), only some in its own jurisdictions, or none. */
const accountReach = (actor: Actor, allows: (actor: Actor, target: ManagedAccount) => boolean): Labelled<AccountReach> => {
  const allowsIn = (jurisdictionId: string) =>
    ROLES.some((role) => allows(actor, { id: 'role-catalogue:target', role, unitId: 'role-catalogue:target-unit', unitJurisdictionId: jurisdictionId }));
  const reach: AccountReach = allowsIn(ELSEWHERE) ? 'all' : allowsIn(OWN_JURISDICTION) ? 'jurisdiction' : 'none';
  return labelled(reach, ACCOUNT_REACH_LABEL);
};

/** Whose rows `allows` lets the probe reach; a right that names no unit (`held`) reaches every unit or none. */
const unitReach = (allows: (unit: ScopedUnit) => boolean): UnitReach =>
  allows(FAR_UNIT) ? 'all' : allows(NEIGHBOUR) ? 'jurisdiction' : allows(OWN_UNIT) ? 'unit' : 'none';
const held = (holds: boolean): UnitReach => (holds ? 'all' : 'none');

const REACH_ORDER = ['all', 'jurisdiction', 'unit'] as const satisfies readonly UnitReach[];

/** Each right with its reach, grouped by reach (widest first), rights in their own order; those reaching no one left out. */
const unitRules = <Right extends string>(rights: readonly Right[], labels: Record<Right, string>, reachOf: (right: Right) => UnitReach): UnitRule<Right>[] => {
  const reaches = new Map(rights.map((right) => [right, reachOf(right)]));
  return REACH_ORDER.map((reach) => ({
    reach: labelled(reach, UNIT_REACH_LABEL),
    rights: rights.filter((right) => reaches.get(right) === reach).map((right) => labelled(right, labels)),
  })).filter((rule) => rule.rights.length > 0);
};

/**
 * The disclosure rights as `src/disclosure/*` check them: the page and the workbook read through
 * `readDisclosures`, filtered by `disclosureScope`; generation by `mayGenerateDisclosures` (every
 * unit's figures at once); publication by `mayPublishDisclosure` on the row's unit.
 */
const disclosureRulesOf = (probe: Actor): UnitRule<DisclosureRight>[] => {
  const scope = disclosureScope(probe);
  const reachOf = (right: DisclosureRight): UnitReach => {
    switch (right) {
      case 'read':
      case 'workbook':
        return unitReach((unit) => isUnitInScope(scope, unit));
      case 'generate':
        return held(mayGenerateDisclosures(probe));
      case 'publish':
        return unitReach((unit) => mayPublishDisclosure(probe, unit));
    }
  };
  return unitRules(DISCLOSURE_RIGHTS, DISCLOSURE_RIGHT_LABEL, reachOf);
};

/** A case the probe stands to in no way (no enterprise, another unit's, elsewhere), and the same case led by the probe's unit. */
const STRANGER_CASE: CaseParties = {
  enterprise: null,
  responsibleUnitId: FAR_UNIT.id,
  handlingUnitId: FAR_UNIT.id,
  jurisdictionId: ELSEWHERE,
  leadUnitId: FAR_UNIT.id,
  cooperatingUnitIds: [],
  escalated: false,
};
const LED_CASE: CaseParties = { ...STRANGER_CASE, leadUnitId: OWN_UNIT.id };

/**
 * The breach-record rights as `src/credit/*` check them: reading by `canReadCredit`, the order to
 * rectify and the report to the national platform by `canManageCredit` (any unit, every record),
 * each other step by `canActOnCredit` on the record's unit; a proposal as `decideCreditProposal`
 * allows it (a case the proposer reads, `mayProposeBreach`) and shows it (`maySeeProposal`).
 */
const creditRightsOf = (probe: Actor): CreditRights => {
  const reachOf = (right: CreditRight): UnitReach => {
    switch (right) {
      case 'read':
        return unitReach((unit) => canReadCredit(probe, { unitId: unit.id, unitJurisdictionId: unit.jurisdictionId }));
      case 'order_rectification':
      case 'export':
        return held(canManageCredit(probe));
      default:
        return unitReach((unit) => canActOnCredit(probe, right, { unitId: unit.id, unitJurisdictionId: unit.jurisdictionId }));
    }
  };
  const proposalAllows: Record<ProposalRight, (record: CaseParties) => boolean> = {
    propose: (record) => can(probe, 'read', record) && mayProposeBreach(probe, record),
    see: (record) => can(probe, 'read', record) && maySeeProposal(probe, record),
  };
  const proposalRelation = (right: ProposalRight): Relation | null =>
    proposalAllows[right](STRANGER_CASE) ? 'anyCase' : proposalAllows[right](LED_CASE) ? 'leading' : null;
  const proposalRights = (['propose', 'see'] as const).map((right) => ({ right, relation: proposalRelation(right) }));
  const proposals = (['anyCase', 'leading'] as const)
    .map((relation) => ({
      relation: labelled(relation, RELATION_LABEL),
      rights: proposalRights.filter((item) => item.relation === relation).map((item) => labelled(item.right, PROPOSAL_RIGHT_LABEL)),
    }))
    .filter((rule) => rule.rights.length > 0);
  return { proposals, records: unitRules(CREDIT_RIGHTS, CREDIT_RIGHT_LABEL, reachOf) };
};

const caseRulesOf = (role: Role): CaseRule[] =>
  CASE_ACCESS_RULES.filter((rule) => rule.role === role).map((rule) => ({
    relation: labelled(rule.relation, RELATION_LABEL),
    rights: rule.can.map((right) => labelled(right, CASE_RIGHT_LABEL)),
  }));

const registrationRulesOf = (role: Role): RegistrationRule[] =>
  REGISTRATION_RULES.filter((rule) => rule.role === role).map((rule) => ({
    sources: rule.sources.map((source) => labelled(source, SOURCE_LABEL)),
    reach: labelled(rule.units, REGISTRATION_REACH_LABEL),
    ownEnterpriseOnly: rule.ownEnterprise,
  }));

const REFERENCE_KINDS = Object.keys(REFERENCE_EDITORS) as ReferenceKind[];

const entryOf = (role: Role, policy: SecurityPolicy): RoleCatalogueEntry => {
  const probe = probeOf(role);
  return {
    role,
    label: ROLE_LABEL[role],
    administrator: isAdminRole(role),
    cases: caseRulesOf(role),
    registers: registrationRulesOf(role),
    accounts: {
      assigns: assignableRoles(probe).map((assigned) => labelled(assigned, ROLE_LABEL)),
      reach: accountReach(probe, mayManageAccount),
      reviewsRegistrations: mayReviewRegistrations(probe),
    },
    referenceData: REFERENCE_KINDS.filter((kind) => canEditReference(probe, kind)).map((kind) => labelled(kind, REFERENCE_KIND_LABEL)),
    setsSecurityPolicy: maySetSecurityPolicy(probe),
    readsRoleCatalogue: mayReadRoleCatalogue(probe),
    readsSecurityLog: mayReadSecurityLog(probe),
    personalData: {
      cases: CASE_REVEAL_RULES.filter((rule) => rule.role === role).map((rule) => labelled(rule.relation, RELATION_LABEL)),
      accountPhones: accountReach(probe, mayRevealAccountPhone),
      registrationPhones: mayRevealRegistrationPhone(probe),
    },
    disclosure: disclosureRulesOf(probe),
    credit: creditRightsOf(probe),
    signIn: {
      secondFactor: secondFactorRequiredFor(policy, role),
      idleMinutes: idleMinutesFor(policy, role),
      absoluteHours: policy.sessions.absoluteHours,
      allowedNetworks: isStaffRole(role) ? [...policy.staffAllowedNetworks] : [],
    },
  };
};

/** Every role of SPEC §5 in the order of `ROLES`, with its rights and what `policy` asks of it. */
export const roleCatalogue = (policy: SecurityPolicy): RoleCatalogueEntry[] => ROLES.map((role) => entryOf(role, policy));

/**
 * Who reads the catalogue: the 安全管理员, whose part of 三员分立 the roles are, and the 审计管理员,
 * since reading is review, not administration — judging the log's role changes and denials needs
 * what each role may do, and the log already shows them every change of the policy in full. No
 * one else: the catalogue carries the policy's settings (its networks among them), which are
 * kept from the 系统管理员 and from case work alike.
 */
export const mayReadRoleCatalogue = (actor: Actor): boolean => maySetSecurityPolicy(actor) || mayReadSecurityLog(actor);

/** @throws AppError FORBIDDEN for anyone but the security and the audit administrator */
export const authorizeRoleCatalogue = (actor: Actor): void => {
  if (!mayReadRoleCatalogue(actor)) throw new AppError('FORBIDDEN', '只有安全管理员和审计管理员可以查看角色与权限');
};
