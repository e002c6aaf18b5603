import { describe, expect, it } from 'vitest';
import { CASE_ACTIONS } from '../case/actions.ts';
import { CREDIT_ACTIONS } from '../credit/commands.ts';
import { canActOnCredit, canManageCredit, canReadCredit } from '../credit/policy.ts';
import { mayProposeBreach, maySeeProposal } from '../credit/proposal.ts';
import { disclosureScope, mayGenerateDisclosures, mayPublishDisclosure } from '../disclosure/disclosure-policy.ts';
import { DEFAULT_SECURITY_POLICY, type SecurityPolicy } from '../identity/security-policy.ts';
import { SOURCES } from '../lines/vocabulary.ts';
import { ADMIN_ROLES } from './account-policy.ts';
import { can, canRegister, CASE_ACCESS_RULES, PROVINCIAL_PLATFORM_TOPIC_SUFFIX, REGISTRATION_RULES, type CaseParties } from './case-policy.ts';
import { CASE_REVEAL_RULES } from './personal-data-policy.ts';
import { CREDIT_RIGHTS, DISCLOSURE_RIGHTS, mayReadRoleCatalogue, roleCatalogue, type RoleCatalogueEntry, type UnitRule } from './role-catalogue.ts';
import { ROLES, type Actor, type Role } from './roles.ts';
import { isUnitInScope, type ScopedUnit } from './unit-scope.ts';

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

/** The actor's own unit, another unit of its county, and a unit elsewhere. */
const UNITS: readonly ScopedUnit[] = [
  { id: 'u-own', jurisdictionId: 'j-own' },
  { id: 'u-neighbour', jurisdictionId: 'j-own' },
  { id: 'u-other', jurisdictionId: 'j-other' },
];

/** Whether a unit-level section of the catalogue shows `right` as reaching `unit` for `actor`, by the reach's words alone. */
const shownOn = <Right extends string>(rules: readonly UnitRule<Right>[], right: Right, actor: Actor, unit: ScopedUnit): boolean =>
  rules.some(
    (rule) =>
      rule.rights.some((item) => item.code === right) &&
      (rule.reach.code === 'all' ||
        (rule.reach.code === 'jurisdiction' && actor.jurisdictionScope.includes(unit.jurisdictionId)) ||
        (rule.reach.code === 'unit' && actor.unitId === unit.id)),
  );

/** The case of STRANGER, but led by the actor's unit. */
const LED: CaseParties = { ...STRANGER, leadUnitId: 'u-own' };

const codes = (items: readonly { readonly code: string }[]) => items.map((item) => item.code);

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
    expect([...rightsOf('enterprise')]).toEqual(['read', 'consent', 'object', 'rate', 'waive_interest', 'request_reopen', 'withdraw', 'add_material']);
    expect(entry('enterprise').registers).toEqual([{ sources: [{ code: 'enterprise', label: '企业在线诉求' }], reach: { code: 'any', label: '任意单位' }, ownEnterpriseOnly: true }]);
  });

  it('shows the registration rules as they decide: each source listed exactly when the role may register from it', () => {
    expect(catalogue.flatMap((item) => item.registers).length).toBe(REGISTRATION_RULES.length);
    for (const role of ROLES) {
      const listed = new Set(entry(role).registers.flatMap((rule) => rule.sources.map((source) => source.code)));
      for (const source of SOURCES) {
        // Everything within reach: the own unit in the own county, the own enterprise, a led matrix row covering it, an import (of the provincial platform's demands or of a ledger).
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
            ledgerImport: true,
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

  it('shows the annual disclosure (条例第十八条) as disclosure-policy decides it: whose rows each role reads, downloads and publishes, and who generates', () => {
    for (const role of ROLES) {
      const actor = actorOf(role);
      const rules = entry(role).disclosure;
      for (const unit of UNITS) {
        const decided = {
          read: isUnitInScope(disclosureScope(actor), unit),
          workbook: isUnitInScope(disclosureScope(actor), unit),
          generate: mayGenerateDisclosures(actor),
          publish: mayPublishDisclosure(actor, unit),
        };
        for (const right of DISCLOSURE_RIGHTS) expect(shownOn(rules, right, actor, unit), `${role} ${right} ${unit.id}`).toBe(decided[right]);
      }
    }
    expect(entry('business_office').disclosure).toEqual([
      {
        reach: { code: 'all', label: '全市各单位' },
        rights: [
          { code: 'read', label: '查看' },
          { code: 'workbook', label: '下载工作簿' },
          { code: 'generate', label: '生成（刷新）草稿' },
          { code: 'publish', label: '发布' },
        ],
      },
    ]);
    expect(ROLES.filter((role) => entry(role).disclosure.some((rule) => codes(rule.rights).includes('generate')))).toEqual(['business_office']);
    // A unit publishes its own row only; its county's coordinator reads the county's rows but publishes none.
    for (const role of ['unit_handler', 'lead_bureau'] as const) {
      expect(entry(role).disclosure).toEqual([{ reach: { code: 'unit', label: '本单位' }, rights: [{ code: 'read', label: '查看' }, { code: 'workbook', label: '下载工作簿' }, { code: 'publish', label: '发布' }] }]);
    }
    expect(entry('county_coordinator').disclosure.map((rule) => [rule.reach.code, codes(rule.rights)])).toEqual([['jurisdiction', ['read', 'workbook']]]);
    for (const role of ['leader', 'credit_office'] as const) {
      expect(entry(role).disclosure.map((rule) => [rule.reach.code, codes(rule.rights)])).toEqual([['all', ['read', 'workbook']]]);
    }
    for (const role of ['enterprise', ...ADMIN_ROLES] as const) expect(entry(role).disclosure).toEqual([]);
  });

  it('shows the breach records (S4) as credit policy decides them: whose records each role reads and which steps it takes', () => {
    for (const role of ROLES) {
      const actor = actorOf(role);
      const rules = entry(role).credit.records;
      for (const unit of UNITS) {
        const parties = { unitId: unit.id, unitJurisdictionId: unit.jurisdictionId };
        expect(shownOn(rules, 'read', actor, unit), `${role} read ${unit.id}`).toBe(canReadCredit(actor, parties));
        expect(shownOn(rules, 'order_rectification', actor, unit), `${role} order ${unit.id}`).toBe(canManageCredit(actor));
        expect(shownOn(rules, 'export', actor, unit), `${role} export ${unit.id}`).toBe(canManageCredit(actor));
        for (const action of CREDIT_ACTIONS) expect(shownOn(rules, action, actor, unit), `${role} ${action} ${unit.id}`).toBe(canActOnCredit(actor, action, parties));
      }
    }
    const office = entry('credit_office').credit.records;
    expect(office.map((rule) => rule.reach)).toEqual([{ code: 'all', label: '全市各单位' }]);
    expect(office[0]!.rights).toEqual([
      { code: 'read', label: '查看' },
      { code: 'order_rectification', label: '责令整改' },
      { code: 'record_rectified', label: '记录整改完成' },
      { code: 'record_refusal', label: '记录拒不整改' },
      { code: 'record', label: '认定失信' },
      { code: 'decide_objection', label: '处理异议' },
      { code: 'decide_repair', label: '审核信用修复' },
      { code: 'export', label: '报送全国平台' },
    ]);
    const holders = (right: (typeof CREDIT_RIGHTS)[number]) => ROLES.filter((role) => entry(role).credit.records.some((rule) => codes(rule.rights).includes(right)));
    for (const right of ['order_rectification', 'record_refusal', 'record', 'export'] as const) expect(holders(right), right).toEqual(['credit_office']);
    expect(holders('object')).toEqual(['unit_handler', 'county_coordinator']);
    expect(entry('unit_handler').credit.records.map((rule) => [rule.reach.code, codes(rule.rights)])).toEqual([['unit', ['read', 'object', 'apply_repair']]]);
    expect(entry('county_coordinator').credit.records.map((rule) => [rule.reach.code, codes(rule.rights)])).toEqual([['jurisdiction', ['read', 'object', 'apply_repair']]]);
    for (const role of ['business_office', 'leader'] as const) expect(entry(role).credit.records.map((rule) => [rule.reach.code, codes(rule.rights)])).toEqual([['all', ['read']]]);
    for (const role of ['enterprise', 'lead_bureau', ...ADMIN_ROLES] as const) expect(entry(role).credit.records).toEqual([]);
  });

  it('shows who proposes a case to 信用办 (提请认定失信) and who sees the proposal, on the cases the proposal rule reaches', () => {
    for (const role of ROLES) {
      const actor = actorOf(role);
      const shown = (right: 'propose' | 'see', relation: 'anyCase' | 'leading') =>
        entry(role).credit.proposals.some((rule) => (rule.relation.code === 'anyCase' || rule.relation.code === relation) && codes(rule.rights).includes(right));
      for (const [record, relation] of [[STRANGER, 'anyCase'], [LED, 'leading']] as const) {
        const reads = can(actor, 'read', record);
        expect(shown('propose', relation), `${role} propose on ${relation}`).toBe(reads && mayProposeBreach(actor, record));
        expect(shown('see', relation), `${role} see on ${relation}`).toBe(reads && maySeeProposal(actor, record));
      }
    }
    expect(entry('business_office').credit.proposals).toEqual([
      { relation: { code: 'anyCase', label: '全部案件' }, rights: [{ code: 'propose', label: '提请认定失信' }, { code: 'see', label: '查看提请' }] },
    ]);
    expect(entry('lead_bureau').credit.proposals).toEqual([
      { relation: { code: 'leading', label: '本单位牵头的案件' }, rights: [{ code: 'propose', label: '提请认定失信' }, { code: 'see', label: '查看提请' }] },
    ]);
    for (const role of ['credit_office', 'leader'] as const) expect(entry(role).credit.proposals.map((rule) => [rule.relation.code, codes(rule.rights)])).toEqual([['anyCase', ['see']]]);
    for (const role of ['enterprise', 'unit_handler', 'county_coordinator', ...ADMIN_ROLES] as const) expect(entry(role).credit.proposals).toEqual([]);
  });
});
