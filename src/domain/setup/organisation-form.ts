/**
 * The organisation as the first-run page's form sends it (逐项填写) instead of a workbook: the
 * city, its 县市区 and 管委会, its units and the three administrators, named as the workbook's
 * sheets name them. What a field may hold is decided here (the schema bounds every field, and
 * `readOrganisationForm` refuses a blank one); whether the organisation holds together is
 * `checkOrganisation`'s, exactly as for the workbook. A problem points at the form's section,
 * the item's number in it and the field's label, in the workbook's problem shape, so the page
 * shows both alike.
 */
import { z } from 'zod';
import { ADMIN_ROLES } from '../access/account-policy.ts';
import type { JurisdictionLevel } from '../jurisdictions.ts';
import {
  ORG_FUNCTIONS,
  ORGANISATION_LIMITS,
  PUBLIC_UNIT_KIND_LABEL,
  type AdminEntry,
  type JurisdictionEntry,
  type OrganisationInput,
  type OrganisationProblem,
  type OrgFunction,
  type Origin,
  type PublicUnitKind,
  type UnitEntry,
} from './organisation.ts';

/** The form's sections, in the place of the workbook's sheets. */
export const FORM_SECTION = { city: '城市', jurisdictions: '县市区/管委会', units: '单位', admins: '管理员' } as const;
export type FormSection = keyof typeof FORM_SECTION;

/** The form's field labels: the workbook's column headers, which `checkOrganisation`'s problems name. */
export const FORM_FIELD = {
  name: '名称',
  division: '区划代码',
  unitName: '单位名称',
  kind: '类别',
  jurisdiction: '所属区划',
  parent: '上级单位',
  creditCode: '统一社会信用代码',
  orgFunction: '职能',
  role: '角色',
  username: '用户名',
  displayName: '姓名',
} as const;


const PUBLIC_UNIT_KINDS = Object.keys(PUBLIC_UNIT_KIND_LABEL) as [PublicUnitKind, ...PublicUnitKind[]];
const ORG_FUNCTION_KEYS = Object.keys(ORG_FUNCTIONS) as [OrgFunction, ...OrgFunction[]];

/** A name: trimmed and bounded; a blank one is the reader's problem, told with its place. */
const name = (label: string) => z.string().trim().max(ORGANISATION_LIMITS.nameLength, { error: `${label}不能超过${ORGANISATION_LIMITS.nameLength}字` });
/** An optional field: null or blank when not given. */
const optional = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label}不能超过${max}字` })
    .nullable();

export const organisationFormSchema = z
  .object({
    city: z.object({ name: name('城市名称'), division: optional('区划代码', 12) }),
    jurisdictions: z
      .array(
        z.object({
          name: name('县市区/管委会名称'),
          level: z.enum(['county', 'zone'], { error: '级别应为 county（县市区）或 zone（管委会）' }),
          division: optional('区划代码', 12),
        }),
      )
      .max(ORGANISATION_LIMITS.jurisdictions - 1, { error: `县市区和管委会不能超过${ORGANISATION_LIMITS.jurisdictions - 1}个` })
      .describe('本市下辖的县市区和管委会'),
    units: z
      .array(
        z.object({
          name: name('单位名称'),
          kind: z.enum(PUBLIC_UNIT_KINDS, { error: `类别应为 ${PUBLIC_UNIT_KINDS.join('、')} 之一` }),
          jurisdiction: name('所属区划').describe('城市或县市区/管委会的名称'),
          parent: name('上级单位').nullable().describe('另一单位的名称；人民政府/管委会和法院可不填'),
          creditCode: optional('统一社会信用代码', 40),
          orgFunction: z.enum(ORG_FUNCTION_KEYS, { error: `职能应为 ${ORG_FUNCTION_KEYS.join('、')} 之一` }).nullable().describe('该单位在责任分工矩阵中承担的职能，仅市直单位'),
        }),
      )
      .max(ORGANISATION_LIMITS.units, { error: `单位不能超过${ORGANISATION_LIMITS.units}个` }),
    admins: z
      .array(z.object({ role: z.enum(ADMIN_ROLES, { error: '角色应为 system_admin、security_admin 或 audit_admin' }), username: z.string().trim().max(32, { error: '用户名不能超过32位' }), displayName: name('姓名') }))
      .max(ADMIN_ROLES.length, { error: '管理员为系统、安全、审计管理员三人' })
      .describe('三名管理员：三员分立，三人分别担任'),
  })
  .meta({ id: 'OrganisationForm' });
export type OrganisationForm = z.infer<typeof organisationFormSchema>;

/**
 * The organisation of a form, as `checkOrganisation` takes it, and the problems of its fields:
 * a blank required field leaves its item out, as an unreadable cell leaves its row out of the
 * workbook. Items are numbered from 1 within their section; the city is item 1 of its own.
 */
export const readOrganisationForm = (form: OrganisationForm): { input: OrganisationInput; problems: OrganisationProblem[] } => {
  const problems: OrganisationProblem[] = [];
  const filled = (origin: Origin, column: string, text: string): boolean => {
    if (text === '') problems.push({ ...origin, column, message: `请填写“${column}”` });
    return text !== '';
  };
  const orNull = (text: string | null): string | null => (text === null || text === '' ? null : text);
  const at = (section: FormSection, index: number): Origin => ({ sheet: FORM_SECTION[section], row: index + 1 });

  const jurisdictions: JurisdictionEntry[] = [];
  const city = at('city', 0);
  if (filled(city, FORM_FIELD.name, form.city.name)) jurisdictions.push({ ...city, name: form.city.name, level: 'city', division: orNull(form.city.division) });
  form.jurisdictions.forEach((entry, index) => {
    const origin = at('jurisdictions', index);
    if (filled(origin, FORM_FIELD.name, entry.name)) jurisdictions.push({ ...origin, name: entry.name, level: entry.level, division: orNull(entry.division) });
  });

  const units: UnitEntry[] = [];
  form.units.forEach((unit, index) => {
    const origin = at('units', index);
    const named = filled(origin, FORM_FIELD.unitName, unit.name);
    const placed = filled(origin, FORM_FIELD.jurisdiction, unit.jurisdiction);
    if (named && placed) {
      units.push({ ...origin, name: unit.name, kind: unit.kind, jurisdiction: unit.jurisdiction, parent: orNull(unit.parent), creditCode: orNull(unit.creditCode), orgFunction: unit.orgFunction });
    }
  });

  const admins: AdminEntry[] = [];
  form.admins.forEach((admin, index) => {
    const origin = at('admins', index);
    const hasUsername = filled(origin, FORM_FIELD.username, admin.username);
    const hasName = filled(origin, FORM_FIELD.displayName, admin.displayName);
    if (hasUsername && hasName) admins.push({ ...origin, role: admin.role, username: admin.username.toLowerCase(), displayName: admin.displayName });
  });
  return { input: { jurisdictions, units, admins }, problems };
};

/** The form's section a problem is in: its sheet, or for a problem of the whole organisation, the section of its field. */
export const formSectionOf = (problem: OrganisationProblem): FormSection | null => {
  const section = (Object.keys(FORM_SECTION) as FormSection[]).find((key) => FORM_SECTION[key] === problem.sheet);
  if (section !== undefined) return section;
  if (problem.column === FORM_FIELD.orgFunction) return 'units';
  if (problem.column === FORM_FIELD.role) return 'admins';
  return null;
};

/** How the units that hold the matrix's functions are usually named, after the city's name (汉江市 + 财政局). */
export const ORG_FUNCTION_UNIT_SUFFIX = {
  yingshangban: '优化营商环境领导小组办公室',
  jingxinju: '经济和信息化局',
  caizhengju: '财政局',
  shenjiju: '审计局',
  guoziwei: '人民政府国有资产监督管理委员会',
  zhujianju: '住房和城乡建设局',
  wenlvju: '文化和旅游局',
  zhengshuju: '政务服务和大数据管理局',
  zhaoshangju: '招商局',
  xinyongban: '社会信用体系建设领导小组办公室',
} as const satisfies Record<OrgFunction, string>;

/** The usual name of a jurisdiction's government: 汉东区人民政府; a zone's 管委会 in full, 汉江经济技术开发区管理委员会. */
export const governmentNameOf = (jurisdiction: string, level: JurisdictionLevel): string =>
  level === 'zone' ? `${jurisdiction.replace(/管委会$/u, '')}管理委员会` : `${jurisdiction}人民政府`;
