import { z } from 'zod';
import type { Actor } from '../access/roles.ts';
import { compareLocalDates, type LocalDate } from '../calendar.ts';
import { fen, localDate, text } from '../case/fields.ts';
import { AppError } from '../errors.ts';
import { INDUSTRY_CODE, SIZE_CLASS_LABEL, SIZE_SECTOR_LABEL, sizeClassOf, sizeSectorOf, type SizeClass } from '../policy-library/enterprise-size.ts';

/**
 * 一企一档 (P2): what the platform keeps of an enterprise to match it against the policy
 * library — the figures the national size standard classifies by, the year they are of, its
 * registration date and the recognitions it holds. The enterprise keeps its own; the service
 * window (营商办, a county's coordinator) may keep it on the enterprise's behalf.
 */

/** Most tags one profile holds: 高新技术企业, 专精特新… are a handful, not a list to fill. */
export const PROFILE_TAG_LIMIT = 20;

const employees = z.int({ error: '从业人员数应为整数' }).min(0, { error: '从业人员数不能为负数' }).max(10_000_000, { error: '从业人员数过大' });

export const profileInputSchema = z.object({
  industryCode: z
    .string({ error: '请填写所属行业代码' })
    .trim()
    .toUpperCase()
    .regex(INDUSTRY_CODE, { error: '行业代码应为国民经济行业分类（GB/T 4754-2017）代码，如 C、C34、C3484' })
    .describe('国民经济行业分类代码，如 C3484'),
  employees: employees.describe('从业人员（人）'),
  annualRevenue: fen('上年度营业收入').describe('上年度营业收入（分）'),
  totalAssets: fen('资产总额').describe('资产总额（分）'),
  figuresYear: z.int({ error: '数据年度应为整数' }).min(1990, { error: '数据年度不能早于1990年' }).max(2100, { error: '数据年度无效' }).describe('营业收入、资产和从业人员数所属年度'),
  registeredOn: localDate('成立日期').describe('营业执照上的成立日期'),
  tags: z
    .array(text('资质或标签', 50), { error: '资质标签应为列表' })
    .max(PROFILE_TAG_LIMIT, { error: `资质标签最多 ${PROFILE_TAG_LIMIT} 个` })
    .refine((tags) => new Set(tags).size === tags.length, { error: '资质标签不能重复' })
    .describe('所获资质和认定，如“高新技术企业”“专精特新中小企业”'),
});
export type ProfileInput = z.infer<typeof profileInputSchema>;

/** A save of the profile: the figures, and the version read (null when there is none yet). */
export const saveProfileSchema = z.object({
  profile: profileInputSchema,
  expectedVersion: z.int({ error: '版本号应为整数' }).min(1).nullable().describe('修改时为读取到的版本号；首次建档为 null'),
});
export type SaveProfileInput = z.infer<typeof saveProfileSchema>;

/** What a stored profile is, beside the enterprise it belongs to. */
export interface EnterpriseProfileRecord extends ProfileInput {
  readonly unitId: string;
  readonly version: number;
}

/**
 * The figures must be of a year that has ended, and the enterprise must have existed then.
 * @throws AppError VALIDATION_FAILED
 */
export const checkProfile = (profile: ProfileInput, today: LocalDate): void => {
  const year = Number(today.slice(0, 4));
  if (profile.figuresYear >= year) {
    throw new AppError('VALIDATION_FAILED', `数据年度应为已结束的年度（${year - 1}年或更早）`, { field: 'figuresYear' });
  }
  if (compareLocalDates(profile.registeredOn, today) > 0) throw new AppError('VALIDATION_FAILED', '成立日期不能晚于今天', { field: 'registeredOn' });
  if (Number(profile.registeredOn.slice(0, 4)) > profile.figuresYear) {
    throw new AppError('VALIDATION_FAILED', `企业成立于${profile.registeredOn.slice(0, 4)}年，没有${profile.figuresYear}年度的数据`, { field: 'figuresYear' });
  }
};

/** The size class and the standard's sector it was read in, in words. */
export const sizeOf = (profile: ProfileInput): { sizeClass: SizeClass; sizeLabel: string; sectorLabel: string } => {
  const sizeClass = sizeClassOf(profile);
  return { sizeClass, sizeLabel: SIZE_CLASS_LABEL[sizeClass], sectorLabel: SIZE_SECTOR_LABEL[sizeSectorOf(profile.industryCode)] };
};

/** The enterprise whose profile is at stake: its unit and that unit's jurisdiction. */
export interface EnterpriseRef {
  readonly unitId: string;
  readonly jurisdictionId: string;
}

/**
 * Who sees an enterprise's profile and matches: the enterprise itself; 营商办 and leaders every
 * one; a county's coordinator those registered in its jurisdictions; the departments (which
 * assess applications, P2) every one. The credit office and the three administrators none.
 */
export const canReadEnterprise = (actor: Actor, enterprise: EnterpriseRef): boolean => {
  switch (actor.role) {
    case 'enterprise':
      return actor.unitId === enterprise.unitId;
    case 'business_office':
    case 'leader':
    case 'lead_bureau':
    case 'unit_handler':
      return true;
    case 'county_coordinator':
      return actor.jurisdictionScope.includes(enterprise.jurisdictionId);
    default:
      return false;
  }
};

/** Who keeps the profile: the enterprise, or the service window on its behalf (营商办, its county). */
export const canEditProfile = (actor: Actor, enterprise: EnterpriseRef): boolean => {
  switch (actor.role) {
    case 'enterprise':
      return actor.unitId === enterprise.unitId;
    case 'business_office':
      return true;
    case 'county_coordinator':
      return actor.jurisdictionScope.includes(enterprise.jurisdictionId);
    default:
      return false;
  }
};

/** @throws AppError FORBIDDEN */
export const authorizeEnterpriseReading = (actor: Actor, enterprise: EnterpriseRef): void => {
  if (!canReadEnterprise(actor, enterprise)) throw new AppError('FORBIDDEN', '无权查看该企业的档案');
};

/** @throws AppError FORBIDDEN */
export const authorizeProfileEditing = (actor: Actor, enterprise: EnterpriseRef): void => {
  if (!canEditProfile(actor, enterprise)) throw new AppError('FORBIDDEN', '只有企业本身、市营商办或企业所在县市区可以维护企业档案');
};

/** Whether the actor may list enterprises at all, and which: null for every one, else the jurisdictions. */
export const enterpriseListScope = (actor: Actor): readonly string[] | null => {
  switch (actor.role) {
    case 'business_office':
    case 'leader':
    case 'lead_bureau':
    case 'unit_handler':
      return null;
    case 'county_coordinator':
      return actor.jurisdictionScope;
    default:
      throw new AppError('FORBIDDEN', '无权查看企业名录');
  }
};
