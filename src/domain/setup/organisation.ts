/**
 * A city's organisation as it is set up (`chengxin init`, the first-run page): its
 * jurisdictions, its public units, which unit holds each function of the work map's
 * responsibility matrix (SPEC §6), and the three administrators (三员). Checked here as a
 * whole, every problem listed at once, before anything is written.
 */
import { isValidCreditCode, normalizeCreditCode } from '../credit-code.ts';
import type { JurisdictionLevel } from '../jurisdictions.ts';
import type { AdminRole } from '../access/account-policy.ts';

/** The city bodies the responsibility matrix names as leads or cooperating units (SPEC §6). */
export const ORG_FUNCTIONS = {
  yingshangban: '市营商办',
  jingxinju: '市经信局',
  caizhengju: '市财政局',
  shenjiju: '市审计局',
  guoziwei: '市国资委',
  zhujianju: '市住建局',
  wenlvju: '市文旅局',
  zhengshuju: '市政数局',
  zhaoshangju: '市招商局',
  xinyongban: '市信用办',
} as const;
export type OrgFunction = keyof typeof ORG_FUNCTIONS;

/** Unit kinds a city's own organisation holds: every kind but a private enterprise. */
export type PublicUnitKind = 'government' | 'department' | 'institution' | 'soe' | 'court' | 'justice';

export const PUBLIC_UNIT_KIND_LABEL = {
  government: '人民政府/管委会',
  department: '部门',
  institution: '事业单位',
  soe: '国有企业',
  court: '法院',
  justice: '司法行政机关',
} as const satisfies Record<PublicUnitKind, string>;

export const ORG_LEVEL_LABEL = { city: '市', county: '县市区', zone: '管委会' } as const satisfies Record<JurisdictionLevel, string>;

export const ADMIN_ROLE_LABEL = { system_admin: '系统管理员', security_admin: '安全管理员', audit_admin: '审计管理员' } as const satisfies Record<AdminRole, string>;

/** Where an entry came from, so a problem can point at it: a workbook row, or a form's item. */
export interface Origin {
  readonly sheet: string;
  readonly row: number;
}

export interface JurisdictionEntry extends Origin {
  readonly name: string;
  readonly level: JurisdictionLevel;
  /** GB/T 2260 行政区划代码, six digits; optional. */
  readonly division: string | null;
}

export interface UnitEntry extends Origin {
  readonly name: string;
  readonly kind: PublicUnitKind;
  /** The jurisdiction's name. */
  readonly jurisdiction: string;
  /** The parent unit's name; null for a government or a court. */
  readonly parent: string | null;
  readonly creditCode: string | null;
  readonly orgFunction: OrgFunction | null;
}

export interface AdminEntry extends Origin {
  readonly role: AdminRole;
  readonly username: string;
  readonly displayName: string;
}

export interface OrganisationInput {
  readonly jurisdictions: readonly JurisdictionEntry[];
  readonly units: readonly UnitEntry[];
  readonly admins: readonly AdminEntry[];
}

/** One problem: the sheet, row and column it is on (null where it is the whole organisation's). */
export interface OrganisationProblem {
  readonly sheet: string | null;
  readonly row: number | null;
  readonly column: string | null;
  readonly message: string;
}

export interface PlannedJurisdiction {
  readonly id: string;
  readonly name: string;
  readonly level: JurisdictionLevel;
  readonly parentId: string | null;
  readonly governmentUnitId: string;
  /** The national 行政区划代码, where the organisation gave it. */
  readonly divisionCode: string | null;
  readonly sort: number;
}

export interface PlannedUnit {
  readonly id: string;
  readonly name: string;
  readonly kind: PublicUnitKind;
  readonly jurisdictionId: string;
  readonly parentUnitId: string | null;
  readonly creditCode: string | null;
}

/** What setting up writes: ids assigned, references resolved. */
export interface OrganisationPlan {
  readonly cityName: string;
  readonly jurisdictions: readonly PlannedJurisdiction[];
  readonly units: readonly PlannedUnit[];
  /** The unit holding each function; null where the organisation has none (the matrix row then has no lead). */
  readonly functions: Readonly<Record<OrgFunction, string | null>>;
  readonly admins: readonly Omit<AdminEntry, 'sheet' | 'row'>[];
}

export type OrganisationCheck = { readonly ok: true; readonly plan: OrganisationPlan; readonly warnings: readonly OrganisationProblem[] } | { readonly ok: false; readonly problems: readonly OrganisationProblem[] };

/** Usernames: 3–32 lower-case letters, digits, `.`, `_` or `-`, starting with a letter. */
export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;
export const DIVISION_PATTERN = /^\d{6}$/;

/**
 * How large an organisation one setup takes, by workbook or by hand: a large prefecture-level
 * city has a few thousand public units and a few dozen counties and zones.
 */
export const ORGANISATION_LIMITS = { units: 5_000, jurisdictions: 100, nameLength: 100 } as const;

const problem = (origin: Origin | null, column: string | null, message: string): OrganisationProblem => ({
  sheet: origin?.sheet ?? null,
  row: origin?.row ?? null,
  column,
  message,
});

/** The units of kind `government` stand for their jurisdiction: one each. */
const isGovernment = (unit: UnitEntry) => unit.kind === 'government';

/**
 * Checks a whole organisation and, when it holds, plans it with ids from `newId`.
 * Rules: one city and under it 县市区 and 管委会, names unique; each jurisdiction has exactly one
 * government (人民政府 or 管委会); unit names unique, parents named and in the organisation,
 * credit codes valid and unique; each function held by at most one city unit, 市营商办 by
 * exactly one (it coordinates everything, G1); the three administrators each exactly once,
 * with distinct usernames.
 */
export const checkOrganisation = (input: OrganisationInput, newId: (kind: 'jurisdiction' | 'unit') => string): OrganisationCheck => {
  const problems: OrganisationProblem[] = [];
  const warnings: OrganisationProblem[] = [];

  const cities = input.jurisdictions.filter((entry) => entry.level === 'city');
  if (cities.length !== 1) problems.push(problem(null, null, cities.length === 0 ? '缺少级别为“市”的行政区划（本市）' : `只能有一个级别为“市”的行政区划，现有${cities.length}个`));
  const jurisdictionByName = new Map<string, JurisdictionEntry>();
  const divisions = new Map<string, JurisdictionEntry>();
  for (const entry of input.jurisdictions) {
    if (jurisdictionByName.has(entry.name)) problems.push(problem(entry, '名称', `行政区划“${entry.name}”重复`));
    else jurisdictionByName.set(entry.name, entry);
    if (entry.division === null) continue;
    if (!DIVISION_PATTERN.test(entry.division)) problems.push(problem(entry, '区划代码', `区划代码“${entry.division}”应为6位数字`));
    else if (divisions.has(entry.division)) problems.push(problem(entry, '区划代码', `区划代码“${entry.division}”与“${divisions.get(entry.division)?.name ?? ''}”重复`));
    else divisions.set(entry.division, entry);
  }

  const unitByName = new Map<string, UnitEntry>();
  const creditCodes = new Map<string, UnitEntry>();
  for (const unit of input.units) {
    if (unitByName.has(unit.name)) problems.push(problem(unit, '单位名称', `单位“${unit.name}”重复`));
    else unitByName.set(unit.name, unit);
    if (!jurisdictionByName.has(unit.jurisdiction)) problems.push(problem(unit, '所属区划', `所属区划“${unit.jurisdiction}”不在“行政区划”表中`));
    if (unit.creditCode !== null) {
      const code = normalizeCreditCode(unit.creditCode);
      if (!isValidCreditCode(code)) problems.push(problem(unit, '统一社会信用代码', `统一社会信用代码“${unit.creditCode}”无效`));
      else if (creditCodes.has(code)) problems.push(problem(unit, '统一社会信用代码', `统一社会信用代码与“${creditCodes.get(code)?.name ?? ''}”重复`));
      else creditCodes.set(code, unit);
    }
  }
  for (const unit of input.units) {
    if (unit.parent === null) continue;
    const parent = unitByName.get(unit.parent);
    if (parent === undefined) problems.push(problem(unit, '上级单位', `上级单位“${unit.parent}”不在“单位”表中`));
    else if (parent === unit) problems.push(problem(unit, '上级单位', '上级单位不能是本单位'));
  }

  for (const entry of input.jurisdictions) {
    const governments = input.units.filter((unit) => isGovernment(unit) && unit.jurisdiction === entry.name);
    if (governments.length !== 1) {
      problems.push(
        problem(entry, '名称', governments.length === 0 ? `“${entry.name}”没有类别为“人民政府/管委会”的单位` : `“${entry.name}”有${governments.length}个“人民政府/管委会”，只能有一个`),
      );
    }
  }

  const city = cities.length === 1 ? cities[0] : undefined;
  const functionHolders = new Map<OrgFunction, UnitEntry>();
  for (const unit of input.units) {
    if (unit.orgFunction === null) continue;
    const holder = functionHolders.get(unit.orgFunction);
    if (holder !== undefined) problems.push(problem(unit, '职能', `职能“${ORG_FUNCTIONS[unit.orgFunction]}”已由“${holder.name}”承担`));
    else functionHolders.set(unit.orgFunction, unit);
    if (city !== undefined && unit.jurisdiction !== city.name) problems.push(problem(unit, '职能', `承担“${ORG_FUNCTIONS[unit.orgFunction]}”职能的须是市直单位`));
  }
  if (!functionHolders.has('yingshangban')) problems.push(problem(null, '职能', '须有一个单位承担“市营商办”职能：它统筹、督办和销号所有问题'));
  for (const [key, label] of Object.entries(ORG_FUNCTIONS) as [OrgFunction, string][]) {
    if (key !== 'yingshangban' && !functionHolders.has(key)) warnings.push(problem(null, '职能', `没有单位承担“${label}”职能：责任分工矩阵中由它牵头的条目暂无牵头单位，可在初始化后由营商办补充`));
  }

  const roles = new Map<AdminRole, AdminEntry>();
  const usernames = new Set<string>();
  for (const admin of input.admins) {
    if (roles.has(admin.role)) problems.push(problem(admin, '角色', `“${ADMIN_ROLE_LABEL[admin.role]}”只能有一个`));
    else roles.set(admin.role, admin);
    if (!USERNAME_PATTERN.test(admin.username)) problems.push(problem(admin, '用户名', `用户名“${admin.username}”须为3—32位小写字母、数字或 . _ -，以字母开头`));
    else if (usernames.has(admin.username)) problems.push(problem(admin, '用户名', `用户名“${admin.username}”重复：三员须由不同的人分别担任`));
    usernames.add(admin.username);
    if (admin.displayName.length === 0) problems.push(problem(admin, '姓名', '请填写姓名'));
  }
  for (const [role, label] of Object.entries(ADMIN_ROLE_LABEL) as [AdminRole, string][]) {
    if (!roles.has(role)) problems.push(problem(null, '角色', `缺少${label}`));
  }

  if (problems.length > 0 || city === undefined) return { ok: false, problems };

  const jurisdictionIds = new Map(input.jurisdictions.map((entry) => [entry.name, newId('jurisdiction')]));
  const unitIds = new Map(input.units.map((unit) => [unit.name, newId('unit')]));
  const idOf = <T>(map: Map<string, T>, name: string): T => map.get(name) as T;
  const cityId = idOf(jurisdictionIds, city.name);
  // The city first, then its counties and zones in the workbook's order.
  const ordered = [city, ...input.jurisdictions.filter((entry) => entry !== city)];
  return {
    ok: true,
    warnings,
    plan: {
      cityName: city.name,
      jurisdictions: ordered.map((entry, sort) => ({
        id: idOf(jurisdictionIds, entry.name),
        name: entry.name,
        level: entry.level,
        parentId: entry === city ? null : cityId,
        governmentUnitId: idOf(unitIds, input.units.find((unit) => isGovernment(unit) && unit.jurisdiction === entry.name)?.name ?? ''),
        divisionCode: entry.division,
        sort,
      })),
      units: input.units.map((unit) => ({
        id: idOf(unitIds, unit.name),
        name: unit.name,
        kind: unit.kind,
        jurisdictionId: idOf(jurisdictionIds, unit.jurisdiction),
        parentUnitId: unit.parent === null ? null : idOf(unitIds, unit.parent),
        creditCode: unit.creditCode === null ? null : normalizeCreditCode(unit.creditCode),
      })),
      functions: Object.fromEntries(
        (Object.keys(ORG_FUNCTIONS) as OrgFunction[]).map((key) => {
          const holder = functionHolders.get(key);
          return [key, holder === undefined ? null : idOf(unitIds, holder.name)];
        }),
      ) as Record<OrgFunction, string | null>,
      admins: input.admins.map(({ role, username, displayName }) => ({ role, username, displayName })),
    },
  };
};
