import { describe, expect, it } from 'vitest';
import { accountUnitProblem, assignableRoles, mayManageAccount, type AccountJurisdiction, type AccountUnit } from './account-policy.ts';
import type { Actor } from './roles.ts';

const JURISDICTIONS: AccountJurisdiction[] = [
  { id: 'city', parentId: null, governmentUnitId: 'u-city-gov' },
  { id: 'handong', parentId: 'city', governmentUnitId: 'u-handong-gov' },
  { id: 'jiangbei', parentId: 'city', governmentUnitId: 'u-jiangbei-gov' },
];
const unit = (id: string, kind: AccountUnit['kind'], jurisdictionId: string): AccountUnit => ({ id, kind, jurisdictionId });
const SYSADMIN: Actor = { id: 'acc-sys', name: '吴昊', role: 'system_admin', unitId: 'u-zhengshuju', jurisdictionScope: [] };
const HANDONG: Actor = { id: 'acc-hd', name: '刘建华', role: 'county_coordinator', unitId: 'u-handong-gov', jurisdictionScope: ['handong'] };

describe('who administers which account (三员分立)', () => {
  it('gives the system administrator every role of case work and a county coordinator its handlers, nobody an administrator', () => {
    expect(assignableRoles(SYSADMIN)).not.toContain('security_admin');
    expect(assignableRoles(SYSADMIN)).toContain('county_coordinator');
    expect(assignableRoles(HANDONG)).toEqual(['unit_handler']);
    expect(assignableRoles({ ...SYSADMIN, role: 'business_office' })).toEqual([]);
  });

  it('never lets anyone administer their own account or an administrator’s', () => {
    expect(mayManageAccount(SYSADMIN, { id: 'acc-sys', role: 'system_admin', unitId: null, unitJurisdictionId: null })).toBe(false);
    expect(mayManageAccount(SYSADMIN, { id: 'acc-sec', role: 'security_admin', unitId: null, unitJurisdictionId: null })).toBe(false);
    expect(mayManageAccount(HANDONG, { id: 'acc-hd', role: 'county_coordinator', unitId: 'u-handong-gov', unitJurisdictionId: 'handong' })).toBe(false);
    expect(mayManageAccount(HANDONG, { id: 'acc-x', role: 'unit_handler', unitId: 'u-jb', unitJurisdictionId: 'jiangbei' })).toBe(false);
    expect(mayManageAccount(HANDONG, { id: 'acc-x', role: 'unit_handler', unitId: 'u-hd', unitJurisdictionId: 'handong' })).toBe(true);
  });
});

describe('the unit an account belongs to fits its role (SPEC §5)', () => {
  const problem = (actor: Actor, role: Parameters<typeof accountUnitProblem>[1], candidate: AccountUnit, jurisdictionId: string | null = null) =>
    accountUnitProblem(actor, role, candidate, jurisdictionId === null ? null : JURISDICTIONS.find((item) => item.id === jurisdictionId)!, JURISDICTIONS);

  it('an enterprise account belongs to an enterprise, a handler to a public unit', () => {
    expect(problem(SYSADMIN, 'enterprise', unit('e', 'enterprise', 'handong'))).toBeNull();
    expect(problem(SYSADMIN, 'enterprise', unit('d', 'department', 'city'))).toMatch(/企业/);
    expect(problem(SYSADMIN, 'unit_handler', unit('s', 'soe', 'city'))).toBeNull();
    expect(problem(SYSADMIN, 'unit_handler', unit('e', 'enterprise', 'city'))).toMatch(/不能是企业/);
  });

  it('a county coordinator makes handlers only within its county', () => {
    expect(problem(HANDONG, 'unit_handler', unit('hd', 'department', 'handong'))).toBeNull();
    expect(problem(HANDONG, 'unit_handler', unit('jb', 'department', 'jiangbei'))).toMatch(/本县市区/);
  });

  it('a lead bureau is a department; 营商办, leaders and 信用办 belong to the city', () => {
    expect(problem(SYSADMIN, 'lead_bureau', unit('d', 'department', 'city'))).toBeNull();
    expect(problem(SYSADMIN, 'lead_bureau', unit('g', 'government', 'city'))).toMatch(/部门/);
    for (const role of ['business_office', 'leader', 'credit_office'] as const) {
      expect(problem(SYSADMIN, role, unit('d', 'department', 'city'))).toBeNull();
      expect(problem(SYSADMIN, role, unit('hd', 'department', 'handong'))).toMatch(/市直/);
    }
  });

  it('a county coordinator is its county’s government and coordinates that county', () => {
    expect(problem(SYSADMIN, 'county_coordinator', unit('u-handong-gov', 'government', 'handong'), 'handong')).toBeNull();
    expect(problem(SYSADMIN, 'county_coordinator', unit('u-handong-gov', 'government', 'handong'), 'jiangbei')).toMatch(/人民政府/);
    expect(problem(SYSADMIN, 'county_coordinator', unit('u-handong-gov', 'government', 'handong'))).toMatch(/指定/);
    expect(problem(SYSADMIN, 'county_coordinator', unit('u-city-gov', 'government', 'city'), 'city')).toMatch(/指定/);
    expect(problem(SYSADMIN, 'leader', unit('u-city-gov', 'government', 'city'), 'handong')).toMatch(/属地/);
  });

  it('refuses an administrator’s role and a missing unit', () => {
    expect(problem(SYSADMIN, 'security_admin', unit('d', 'department', 'city'))).toMatch(/管理员/);
    expect(accountUnitProblem(SYSADMIN, 'leader', null, null, JURISDICTIONS)).toMatch(/单位/);
  });
});
