/**
 * The rules an edit of a city's organisation keeps after setup — the rules setup checks the
 * whole organisation by (`checkOrganisation`), where they apply to one change: one city at the
 * root with its 县市区 and 管委会 under it; jurisdiction names unique and a 行政区划代码 of six
 * digits naming one division; each jurisdiction exactly one government (人民政府/管委会), made
 * with it and staying its own; and the units that hold the matrix's functions the city's own
 * (市直单位). Pure: the use case reads the rows and hands them over.
 */
import { AppError } from '../errors.ts';
import type { JurisdictionLevel } from '../jurisdictions.ts';
import type { PublicUnitKind } from '../setup/organisation.ts';

/** A jurisdiction made or changed here is a 县市区 or a 管委会: the city is the tenant, made at setup. */
export const LOCAL_LEVELS = ['county', 'zone'] as const satisfies readonly JurisdictionLevel[];

/** The kinds a unit is given or changed to here: a government comes only with its jurisdiction. */
export const KEPT_UNIT_KINDS = ['department', 'institution', 'soe', 'court', 'justice'] as const satisfies readonly PublicUnitKind[];
export type KeptUnitKind = (typeof KEPT_UNIT_KINDS)[number];

/**
 * The usual name of a new jurisdiction's government, offered to the clerk: 汉西区 → 汉西区人民政府,
 * 汉江临港新区管委会 → 汉江临港新区管理委员会.
 */
export const usualGovernmentName = (name: string, level: (typeof LOCAL_LEVELS)[number]): string =>
  level === 'zone' ? `${name.replace(/管委会$/, '')}管理委员会` : `${name}人民政府`;

export interface JurisdictionFacts {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly divisionCode: string | null;
}

/**
 * A jurisdiction's name and code against the others': setup refuses a repeated name, and a
 * 行政区划代码 names one division.
 * @throws AppError VALIDATION_FAILED naming the field
 */
export const assertJurisdictionDistinct = (draft: { readonly name: string; readonly divisionCode: string | null }, others: readonly JurisdictionFacts[]): void => {
  if (others.some((other) => other.name === draft.name)) {
    throw new AppError('VALIDATION_FAILED', `行政区划“${draft.name}”已存在`, { field: 'name' });
  }
  const holder = draft.divisionCode === null ? undefined : others.find((other) => other.divisionCode === draft.divisionCode);
  if (holder !== undefined) {
    throw new AppError('VALIDATION_FAILED', `区划代码“${draft.divisionCode}”已由“${holder.name}”使用`, { field: 'divisionCode' });
  }
};

/**
 * The city is the tenant: its name (which the 督办单's numbers and the reports carry) and its
 * level are fixed at setup; only its code may be completed here.
 * @throws AppError RULE_VIOLATION
 */
export const assertCityKept = (target: JurisdictionFacts, patch: { readonly name?: string; readonly level?: JurisdictionLevel }): void => {
  if (target.parentId !== null) return;
  if (patch.level !== undefined) throw new AppError('RULE_VIOLATION', '本市的级别不能修改：县市区和管委会都在本市之下', { field: 'level' });
  if (patch.name !== undefined && patch.name !== target.name) {
    throw new AppError('RULE_VIOLATION', `本市名称“${target.name}”在初始化时确定，是督办单编号和各类报告使用的名称，不能在此修改`, { field: 'name' });
  }
};

export interface UnitPlacement {
  readonly kind: PublicUnitKind | 'enterprise';
  readonly jurisdictionId: string;
}

/**
 * What a unit may not become: a government stays its jurisdiction's one government (its kind
 * and jurisdiction are fixed: the jurisdiction's tree and escalation name it), and an
 * enterprise stays an enterprise (it comes from registration, not from the organisation).
 * @throws AppError RULE_VIOLATION
 */
export const assertUnitRecast = (unit: UnitPlacement & { readonly name: string }, patch: { readonly kind?: KeptUnitKind; readonly jurisdictionId?: string }): void => {
  const recast = patch.kind !== undefined && patch.kind !== unit.kind;
  const moved = patch.jurisdictionId !== undefined && patch.jurisdictionId !== unit.jurisdictionId;
  if (unit.kind === 'government' && (recast || moved)) {
    throw new AppError('RULE_VIOLATION', `“${unit.name}”是所在行政区划的人民政府（管委会），每个行政区划有且只有一个，其类别和所属区划不能修改`, {
      field: recast ? 'kind' : 'jurisdictionId',
    });
  }
  if (unit.kind === 'enterprise' && recast) {
    throw new AppError('RULE_VIOLATION', `“${unit.name}”是企业，不能改为政府部门或单位`, { field: 'kind' });
  }
};

/**
 * A unit's parent after it moves: one under its old jurisdiction's government goes under the
 * new one's; any other parent (a bureau over an institution, none for a court) stays.
 */
export const parentAfterMove = (parentUnitId: string | null, from: { readonly governmentUnitId: string | null }, to: { readonly governmentUnitId: string | null }): string | null =>
  parentUnitId !== null && parentUnitId === from.governmentUnitId ? to.governmentUnitId : parentUnitId;

/**
 * The units a row of the responsibility matrix names lead or cooperate on the city's behalf:
 * city units other than enterprises (setup: 承担职能的须是市直单位).
 * @throws AppError VALIDATION_FAILED naming `field` and the first unit that is not
 */
export const assertMatrixUnits = (
  units: readonly (UnitPlacement & { readonly id: string; readonly name: string })[],
  cityId: string,
  field: 'leadUnitId' | 'cooperatingUnitIds',
): void => {
  const misfit = units.find((unit) => unit.kind === 'enterprise' || unit.jurisdictionId !== cityId);
  if (misfit !== undefined) {
    throw new AppError('VALIDATION_FAILED', `“${misfit.name}”不是市直单位：责任分工的牵头和配合单位须为市直部门或单位`, { field, unitId: misfit.id });
  }
};
