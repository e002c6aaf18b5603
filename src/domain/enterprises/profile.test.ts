import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../access/roles.ts';
import { isAppError } from '../errors.ts';
import { canEditProfile, canReadEnterprise, checkProfile, enterpriseListScope, profileInputSchema, sizeOf, type ProfileInput } from './profile.ts';

const PROFILE: ProfileInput = {
  industryCode: 'C3491',
  employees: 185,
  annualRevenue: 12_500_000_000,
  totalAssets: 43_000_000_000,
  figuresYear: 2025,
  registeredOn: '2017-07-06',
  tags: [],
};
const FIRM = { unitId: 'ent-1', jurisdictionId: 'handong' };
const actor = (role: Role, unitId: string | null = null, jurisdictionScope: string[] = []): Actor => ({ id: role, name: role, role, unitId, jurisdictionScope });

const codeOf = (run: () => void): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    return isAppError(error) ? `${error.code}:${String(error.details.field)}` : 'other';
  }
};

describe('an enterprise profile (一企一档)', () => {
  it('takes an industry code in any case and refuses one the standard does not have', () => {
    expect(profileInputSchema.parse({ ...PROFILE, industryCode: ' c3491 ' }).industryCode).toBe('C3491');
    expect(profileInputSchema.safeParse({ ...PROFILE, industryCode: 'C3' }).success).toBe(false);
    expect(profileInputSchema.safeParse({ ...PROFILE, industryCode: 'U12' }).success).toBe(false);
  });

  it('needs figures of an ended year, of a year the enterprise existed, and a registration in the past', () => {
    expect(codeOf(() => checkProfile(PROFILE, '2026-03-02'))).toBeNull();
    expect(codeOf(() => checkProfile({ ...PROFILE, figuresYear: 2026 }, '2026-03-02'))).toBe('VALIDATION_FAILED:figuresYear');
    expect(codeOf(() => checkProfile({ ...PROFILE, registeredOn: '2026-03-03' }, '2026-03-02'))).toBe('VALIDATION_FAILED:registeredOn');
    expect(codeOf(() => checkProfile({ ...PROFILE, registeredOn: '2025-12-31' }, '2026-03-02'))).toBeNull();
    expect(codeOf(() => checkProfile({ ...PROFILE, figuresYear: 2024, registeredOn: '2025-01-01' }, '2026-03-02'))).toBe('VALIDATION_FAILED:figuresYear');
  });

  it('names its size class and the sector it was read in', () => {
    expect(sizeOf(PROFILE)).toEqual({ sizeClass: 'small', sizeLabel: '小型', sectorLabel: '工业' });
    expect(sizeOf({ ...PROFILE, employees: 300, annualRevenue: 20_000_000_000 })).toMatchObject({ sizeLabel: '中型' });
  });

  it('is seen by the enterprise, the city and the departments, and by a county only in its jurisdiction', () => {
    expect(canReadEnterprise(actor('enterprise', 'ent-1'), FIRM)).toBe(true);
    expect(canReadEnterprise(actor('enterprise', 'ent-2'), FIRM)).toBe(false);
    for (const role of ['business_office', 'leader', 'lead_bureau', 'unit_handler'] as const) expect(canReadEnterprise(actor(role, 'u-1'), FIRM), role).toBe(true);
    expect(canReadEnterprise(actor('county_coordinator', 'u-hd', ['handong']), FIRM)).toBe(true);
    expect(canReadEnterprise(actor('county_coordinator', 'u-jb', ['jiangbei']), FIRM)).toBe(false);
    for (const role of ['credit_office', 'system_admin', 'security_admin', 'audit_admin'] as const) expect(canReadEnterprise(actor(role), FIRM), role).toBe(false);
  });

  it('is kept by the enterprise or the service window on its behalf, never by a department', () => {
    expect(canEditProfile(actor('enterprise', 'ent-1'), FIRM)).toBe(true);
    expect(canEditProfile(actor('business_office', 'u-ysb'), FIRM)).toBe(true);
    expect(canEditProfile(actor('county_coordinator', 'u-hd', ['handong']), FIRM)).toBe(true);
    expect(canEditProfile(actor('county_coordinator', 'u-jb', ['jiangbei']), FIRM)).toBe(false);
    for (const role of ['lead_bureau', 'unit_handler', 'leader', 'credit_office'] as const) expect(canEditProfile(actor(role, 'u-1'), FIRM), role).toBe(false);
  });

  it('lists every enterprise for the city and the departments, a county its own, and refuses the others', () => {
    expect(enterpriseListScope(actor('business_office'))).toBeNull();
    expect(enterpriseListScope(actor('county_coordinator', 'u-hd', ['handong', 'gaoxin']))).toEqual(['handong', 'gaoxin']);
    expect(codeOf(() => enterpriseListScope(actor('enterprise', 'ent-1')))).toBe('FORBIDDEN:undefined');
  });
});
