import { describe, expect, it } from 'vitest';
import { CASE_ACTIONS } from '../case/actions.ts';
import { DEFAULT_SECURITY_POLICY, type SecurityPolicy } from '../identity/security-policy.ts';
import { SOURCES } from '../lines/vocabulary.ts';
import { ADMIN_ROLES } from './account-policy.ts';
import { can, canRegister, CASE_ACCESS_RULES, PROVINCIAL_PLATFORM_TOPIC_SUFFIX, REGISTRATION_RULES, type CaseParties } from './case-policy.ts';
import { CASE_REVEAL_RULES } from './personal-data-policy.ts';
import { mayReadRoleCatalogue, roleCatalogue, type RoleCatalogueEntry } from './role-catalogue.ts';
import { ROLES, type Actor, type Role } from './roles.ts';

const catalogue = roleCatalogue(DEFAULT_SECURITY_POLICY);
const entry = (role: Role): RoleCatalogueEntry => catalogue.find((candidate) => candidate.role === role)!;
const actorOf = (role: Role): Actor => ({ id: `acc-${role}`, name: role, role, unitId: 'u-own', jurisdictionScope: ['j-own'] });

/** A case the actor stands to in every way the rules name: its enterprise, responsible, handling and lead unit, in its county, not escalated. */
const RELATED: CaseParties = {
  enterprise: { unitId: 'u-own', name: '本企业', creditCode: '91420100MA4K0000XX' },
  responsibleUnitId: 'u-own',
  handlingUnitId: 'u-own',
  jurisdictionId: 'j-own',
  leadUnitId: 'u-own',
  cooperatingUnitIds: [],
  escalated: false,
};
/** A case the actor stands to in no way at all. */
const STRANGER: CaseParties = {
  ...RELATED,
  enterprise: { unitId: 'u-other', name: '他企业', creditCode: '91420100MA4K0001XX' },
  responsibleUnitId: 'u-other',
  handlingUnitId: 'u-other',
  jurisdictionId: 'j-other',
  leadUnitId: 'u-other',
};

const rightsOf = (role: Role, onAnyCase = false) =>
  new Set(entry(role).cases.filter((rule) => !onAnyCase || rule.relation.code === 'anyCase').flatMap((rule) => rule.rights.map((right) => right.code)));

describe('the role catalogue follows the access rules (角色与权限)', () => {
  it('lists every role of SPEC §5 once, the three administrators marked as such', () => {
    expect(catalogue.map((item) => item.role)).toEqual([...ROLES]);
    expect(catalogue.filter((item) => item.administrator).map((item) => item.role)).toEqual([...ADMIN_ROLES]);
    expect(entry('business_office').label).toBe('市营商办');
  });

  it('shows every case access rule exactly once, with its relation and actions in words', () => {
    const shown = catalogue.flatMap((item) => item.cases.map((rule) => ({ role: item.role, relation: rule.relation.code, can: rule.rights.map((right) => right.code) })));
    const key = (rule: { role: string; relation: string; can: readonly string[] }) => `${rule.role}|${rule.relation}|${rule.can.join(',')}`;
    expect(shown.map(key).sort()).toEqual(CASE_ACCESS_RULES.map(key).sort());
    expect(entry('leader').cases).toEqual([{ relation: { code: 'anyCase', label: '全部案件' }, rights: [{ code: 'read', label: '查看' }, { code: 'assign', label: '交办' }] }]);
  });

  it('gives no role a case right the rules do not, nor withholds one they give', () => {
    for (const role of ROLES) {
      const actor = actorOf(role);
      for (const right of ['read', ...CASE_ACTIONS] as const) {
        expect(rightsOf(role).has(right), `${role} ${right} on a case of its own`).toBe(can(actor, right, RELATED));
        expect(rightsOf(role, true).has(right), `${role} ${right} on anyone's case`).toBe(can(actor, right, STRANGER));
      }
    }
  });

  it('lets 营商办 alone close, and an enterprise read and act on its own cases only (SPEC §5)', () => {
    expect(ROLES.filter((role) => rightsOf(role).has('close'))).toEqual(['business_office']);
    expect(entry('enterprise').cases.map((rule) => rule.relation)).toEqual([{ code: 'ownEnterprise', label: '本企业的案件' }]);
    expect([...rightsOf('enterprise')]).toEqual(['read', 'consent', 'object', 'rate', 'waive_interest']);
    expect(entry('enterprise').registers).toEqual([{ sources: [{ code: 'enterprise', label: '企业在线诉求' }], reach: { code: 'any', label: '任意单位' }, ownEnterpriseOnly: true }]);
  });

  it('shows the registration rules as they decide: each source listed exactly when the role may register from it', () => {
    expect(catalogue.flatMap((item) => item.registers).length).toBe(REGISTRATION_RULES.length);
    for (const role of ROLES) {
      const listed = new Set(entry(role).registers.flatMap((rule) => rule.sources.map((source) => source.code)));
      for (const source of SOURCES) {
        // Everything within reach: the own unit in the own county, the own enterprise, a led matrix row covering it, an import.
        const mayRegister = canRegister(actorOf(role), {
          source,
          responsibleUnitId: 'u-own',
          responsibleJurisdictionId: 'j-own',
          enterpriseUnitId: 'u-own',
          matrix: {
            line: 'arrears',
            responsibleUnitKind: 'department',
            responsibleUnitLevel: 'county',
            ledRows: [{ line: 'arrears', topic: `arrears_${PROVINCIAL_PLATFORM_TOPIC_SUFFIX}`, debtorKinds: ['department'], debtorLevel: null }],
            imported: true,
          },
        });
        expect(listed.has(source), `${role} from ${source}`).toBe(mayRegister);
      }
    }
  });

  it('keeps the three administrators out of case work and apart from one another (三员分立)', () => {
    for (const role of ADMIN_ROLES) {
      expect(entry(role).cases).toEqual([]);
      expect(entry(role).registers).toEqual([]);
      expect(entry(role).personalData.cases).toEqual([]);
    }
    expect(ROLES.filter((role) => entry(role).setsSecurityPolicy)).toEqual(['security_admin']);
    expect(ROLES.filter((role) => entry(role).readsSecurityLog)).toEqual(['audit_admin']);
    expect(ROLES.filter((role) => entry(role).readsRoleCatalogue)).toEqual(['security_admin', 'audit_admin']);
    expect(ROLES.filter((role) => mayReadRoleCatalogue(actorOf(role)))).toEqual(['security_admin', 'audit_admin']);
    expect(entry('security_admin').referenceData).toEqual([]);
    expect(entry('system_admin').referenceData.map((kind) => kind.code)).toEqual(['jurisdiction', 'holiday', 'lpr', 'responsibility_matrix', 'unit', 'time_limit']);
    expect(entry('business_office').referenceData.map((kind) => kind.label)).toEqual(['责任分工', '单位', '办理时限', '督办阶梯']);
  });

  it('shows who gives which roles to whose accounts: the system administrator city-wide, a county coordinator its county’s handlers', () => {
    const system = entry('system_admin').accounts;
    expect(system.assigns.map((role) => role.code)).toEqual(['enterprise', 'unit_handler', 'lead_bureau', 'county_coordinator', 'business_office', 'leader', 'credit_office']);
    expect(system.reach).toEqual({ code: 'all', label: '全市' });
    expect(system.reviewsRegistrations).toBe(true);
    expect(entry('county_coordinator').accounts).toEqual({
      assigns: [{ code: 'unit_handler', label: '责任单位经办人' }],
      reach: { code: 'jurisdiction', label: '本县市区/管委会' },
      reviewsRegistrations: false,
    });
    expect(entry('business_office').accounts).toMatchObject({ assigns: [], reach: { code: 'none' }, reviewsRegistrations: true });
    expect(entry('security_admin').accounts).toMatchObject({ assigns: [], reach: { code: 'none' }, reviewsRegistrations: false });
  });

  it('shows every reveal rule of personal data exactly once, and the phones of the accounts each role administers', () => {
    const shown = catalogue.flatMap((item) => item.personalData.cases.map((relation) => `${item.role}|${relation.code}`));
    expect(shown.sort()).toEqual(CASE_REVEAL_RULES.map((rule) => `${rule.role}|${rule.relation}`).sort());
    for (const role of ['enterprise', 'leader', 'credit_office'] as const) expect(entry(role).personalData.cases).toEqual([]);
    expect(entry('county_coordinator').personalData.accountPhones.code).toBe('jurisdiction');
    expect(entry('system_admin').personalData).toMatchObject({ accountPhones: { code: 'all' }, registrationPhones: true });
  });

  it('shows what the current security policy asks of each role', () => {
    const policy: SecurityPolicy = {
      ...DEFAULT_SECURITY_POLICY,
      sessions: { staffIdleMinutes: 15, enterpriseIdleMinutes: 60, absoluteHours: 8 },
      secondFactorRoles: ['security_admin', 'audit_admin'],
      staffAllowedNetworks: ['10.0.0.0/8'],
    };
    const settings = new Map(roleCatalogue(policy).map((item) => [item.role, item.signIn]));
    expect(settings.get('security_admin')).toEqual({ secondFactor: true, idleMinutes: 15, absoluteHours: 8, allowedNetworks: ['10.0.0.0/8'] });
    expect(settings.get('business_office')).toEqual({ secondFactor: false, idleMinutes: 15, absoluteHours: 8, allowedNetworks: ['10.0.0.0/8'] });
    expect(settings.get('enterprise')).toEqual({ secondFactor: false, idleMinutes: 60, absoluteHours: 8, allowedNetworks: [] });
    expect(entry('leader').signIn.secondFactor).toBe(true);
  });
});
