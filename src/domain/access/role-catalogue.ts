/**
 * The role catalogue (角色与权限, issue 11 point 2): for each role of SPEC §5, what the access
 * rules let it do and what the security policy asks of it, so that the 安全管理员 can review the
 * permissions without reading code. It is generated from the rules themselves — the tables where
 * they are declared, and the predicates where a rule is a function — and never copied, so it
 * cannot drift from what the platform enforces. The roles stay fixed by the spec: this only shows
 * them.
 */
import { CASE_ACTION_LABEL, type CaseAction } from '../case/actions.ts';
import { AppError } from '../errors.ts';
import { idleMinutesFor, isStaffRole, maySetSecurityPolicy, secondFactorRequiredFor, type SecurityPolicy } from '../identity/security-policy.ts';
import { SOURCE_LABEL, type Source } from '../lines/vocabulary.ts';
import { assignableRoles, isAdminRole, mayManageAccount, mayReviewRegistrations, type ManagedAccount } from './account-policy.ts';
import { CASE_ACCESS_RULES, REGISTRATION_RULES, RELATION_LABEL, type Relation } from './case-policy.ts';
import { CASE_REVEAL_RULES, mayRevealAccountPhone, mayRevealRegistrationPhone } from './personal-data-policy.ts';
import { canEditReference, REFERENCE_EDITORS, type ReferenceKind } from './reference-policy.ts';
import { ROLE_LABEL, ROLES, type Actor, type Role } from './roles.ts';
import { mayReadSecurityLog } from './security-log-policy.ts';

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
  readonly signIn: SignInSettings;
}

const labelled = <Code extends string>(code: Code, labels: Record<Code, string>): Labelled<Code> => ({ code, label: labels[code] });

/** The jurisdiction the probe covers; a target elsewhere is in `ELSEWHERE`. */
const OWN_JURISDICTION = 'role-catalogue:own-jurisdiction';
const ELSEWHERE = 'role-catalogue:elsewhere';

/**
 * An account of `role` as the rules on accounts, reference data and the log see it. Those rules
 * read the role and, for a county coordinator, the jurisdictions covered — never the person — so
 * one probe stands for every account of the role.
 */
const probeOf = (role: Role): Actor => ({ id: 'role-catalogue:probe', name: ROLE_LABEL[role], role, unitId: 'role-catalogue:unit', jurisdictionScope: [OWN_JURISDICTION] });

/** Whose accounts `allows` lets `actor` act on: some account elsewhere (all), only some in its own jurisdictions, or none. */
const accountReach = (actor: Actor, allows: (actor: Actor, target: ManagedAccount) => boolean): Labelled<AccountReach> => {
  const allowsIn = (jurisdictionId: string) =>
    ROLES.some((role) => allows(actor, { id: 'role-catalogue:target', role, unitId: 'role-catalogue:target-unit', unitJurisdictionId: jurisdictionId }));
  const reach: AccountReach = allowsIn(ELSEWHERE) ? 'all' : allowsIn(OWN_JURISDICTION) ? 'jurisdiction' : 'none';
  return labelled(reach, ACCOUNT_REACH_LABEL);
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
