/**
 * The organisation as the clerk fills it in by hand on the first-run page: a draft whose units
 * refer to their jurisdiction and parent by a key of the form's own, so that renaming a county
 * or a unit carries over to whatever refers to it, and which becomes the API's
 * `OrganisationForm` (names) only when it is sent. Pure: no React.
 */
import { ADMIN_ROLES, type AdminRole } from '../../../src/domain/access/account-policy.ts';
import { ORG_FUNCTIONS, type OrganisationProblem, type OrgFunction, type PublicUnitKind } from '../../../src/domain/setup/organisation.ts';
import { formSectionOf, governmentNameOf, ORG_FUNCTION_UNIT_SUFFIX, type FormSection, type OrganisationForm } from '../../../src/domain/setup/organisation-form.ts';

/** The key of the city itself among the jurisdictions a unit may be in. */
export const CITY_KEY = 'city';

export const ORG_FUNCTION_KEYS = Object.keys(ORG_FUNCTIONS) as OrgFunction[];

export interface DraftJurisdiction {
  readonly key: string;
  readonly name: string;
  readonly level: 'county' | 'zone';
  readonly division: string;
}

/** What a prefilled unit is named after: its name follows that name until the clerk edits it. */
export type Suggestion = { readonly kind: 'government'; readonly jurisdictionKey: string } | { readonly kind: 'function'; readonly orgFunction: OrgFunction };

export interface DraftUnit {
  readonly key: string;
  readonly name: string;
  readonly kind: PublicUnitKind;
  /** CITY_KEY or a county's or zone's key; null until chosen. */
  readonly jurisdictionKey: string | null;
  readonly parentKey: string | null;
  readonly creditCode: string;
  readonly orgFunction: OrgFunction | null;
  readonly suggestion: Suggestion | null;
}

export interface DraftAdmin {
  readonly username: string;
  readonly displayName: string;
}

export interface Draft {
  readonly city: { readonly name: string; readonly division: string };
  readonly jurisdictions: readonly DraftJurisdiction[];
  readonly units: readonly DraftUnit[];
  readonly admins: Readonly<Record<AdminRole, DraftAdmin>>;
  /** The function units are prefilled once: a row the clerk removed stays removed. */
  readonly prefilled: boolean;
}

/** How a step changes the draft: a pure update, applied to the latest draft. */
export type ChangeDraft = (update: (draft: Draft) => Draft) => void;

export const EMPTY_DRAFT: Draft = {
  city: { name: '', division: '' },
  jurisdictions: [],
  units: [],
  admins: { system_admin: { username: '', displayName: '' }, security_admin: { username: '', displayName: '' }, audit_admin: { username: '', displayName: '' } },
  prefilled: false,
};

let lastKey = 0;
/** A key unique within the page (not `crypto.randomUUID`, which a plain-http intranet address lacks). */
export const newKey = (prefix: string): string => `${prefix}-${(lastKey += 1)}`;

export const jurisdictionName = (draft: Draft, key: string | null): string =>
  key === CITY_KEY ? draft.city.name.trim() : (draft.jurisdictions.find((entry) => entry.key === key)?.name.trim() ?? '');

const suggestedName = (draft: Draft, suggestion: Suggestion): string => {
  if (suggestion.kind === 'function') return `${draft.city.name.trim()}${ORG_FUNCTION_UNIT_SUFFIX[suggestion.orgFunction]}`;
  const level = suggestion.jurisdictionKey === CITY_KEY ? 'city' : (draft.jurisdictions.find((entry) => entry.key === suggestion.jurisdictionKey)?.level ?? 'county');
  return governmentNameOf(jurisdictionName(draft, suggestion.jurisdictionKey), level);
};

/**
 * The draft with the units a clerk should not have to type, once the city has a name: the
 * city's government, a government for each named county and zone that has none (the check
 * requires one each), once a department for each function of the responsibility matrix under
 * the city government, and every prefilled name following the names it was made from.
 */
export const withSuggestedUnits = (draft: Draft): Draft => {
  if (draft.city.name.trim() === '') return draft;
  const units = [...draft.units];
  const governmentOf = (jurisdictionKey: string) => units.find((unit) => unit.kind === 'government' && unit.jurisdictionKey === jurisdictionKey);
  const suggest = (suggestion: Suggestion, unit: Pick<DraftUnit, 'kind' | 'jurisdictionKey' | 'parentKey' | 'orgFunction'>): DraftUnit => {
    const made = { ...unit, key: newKey('unit'), name: '', creditCode: '', suggestion };
    units.push(made);
    return made;
  };
  const cityGovernment = governmentOf(CITY_KEY) ?? suggest({ kind: 'government', jurisdictionKey: CITY_KEY }, { kind: 'government', jurisdictionKey: CITY_KEY, parentKey: null, orgFunction: null });
  if (!draft.prefilled) {
    for (const orgFunction of ORG_FUNCTION_KEYS) suggest({ kind: 'function', orgFunction }, { kind: 'department', jurisdictionKey: CITY_KEY, parentKey: cityGovernment.key, orgFunction });
  }
  for (const entry of draft.jurisdictions) {
    if (entry.name.trim() !== '' && governmentOf(entry.key) === undefined) {
      suggest({ kind: 'government', jurisdictionKey: entry.key }, { kind: 'government', jurisdictionKey: entry.key, parentKey: cityGovernment.key, orgFunction: null });
    }
  }
  return { ...draft, prefilled: true, units: units.map((unit) => (unit.suggestion === null ? unit : { ...unit, name: suggestedName(draft, unit.suggestion) })) };
};

/** A blank unit in the city, for the clerk to fill in. */
export const blankUnit = (): DraftUnit => ({ key: newKey('unit'), name: '', kind: 'department', jurisdictionKey: CITY_KEY, parentKey: null, creditCode: '', orgFunction: null, suggestion: null });

/** The draft with unit `key` changed; a name typed by the clerk no longer follows a suggestion. */
export const updateUnit = (draft: Draft, key: string, change: Partial<Omit<DraftUnit, 'key' | 'suggestion'>>): Draft => ({
  ...draft,
  units: draft.units.map((unit) => (unit.key !== key ? unit : { ...unit, ...change, suggestion: change.name === undefined ? unit.suggestion : null })),
});

/** The draft without the units of `keys`; units under them lose their parent. */
export const removeUnits = (draft: Draft, keys: ReadonlySet<string>): Draft => ({
  ...draft,
  units: draft.units.filter((unit) => !keys.has(unit.key)).map((unit) => (unit.parentKey !== null && keys.has(unit.parentKey) ? { ...unit, parentKey: null } : unit)),
});

/** The units in jurisdiction `key`: removing the jurisdiction removes them. */
export const unitsIn = (draft: Draft, key: string): readonly DraftUnit[] => draft.units.filter((unit) => unit.jurisdictionKey === key);

export const removeJurisdiction = (draft: Draft, key: string): Draft =>
  removeUnits({ ...draft, jurisdictions: draft.jurisdictions.filter((entry) => entry.key !== key) }, new Set(unitsIn(draft, key).map((unit) => unit.key)));

/** The unit that holds each function, as far as the draft assigns them. */
export const functionHolders = (draft: Draft): ReadonlyMap<OrgFunction, DraftUnit> => {
  const holders = new Map<OrgFunction, DraftUnit>();
  for (const unit of draft.units) if (unit.orgFunction !== null && !holders.has(unit.orgFunction)) holders.set(unit.orgFunction, unit);
  return holders;
};

/** The draft as the API takes it: jurisdictions and parents by name, blank optional fields as null. */
export const toOrganisationForm = (draft: Draft): OrganisationForm => {
  const unitName = new Map(draft.units.map((unit) => [unit.key, unit.name.trim()]));
  const orNull = (text: string) => (text.trim() === '' ? null : text.trim());
  return {
    city: { name: draft.city.name.trim(), division: orNull(draft.city.division) },
    jurisdictions: draft.jurisdictions.map((entry) => ({ name: entry.name.trim(), level: entry.level, division: orNull(entry.division) })),
    units: draft.units.map((unit) => ({
      name: unit.name.trim(),
      kind: unit.kind,
      jurisdiction: jurisdictionName(draft, unit.jurisdictionKey),
      parent: unit.parentKey === null ? null : (unitName.get(unit.parentKey) ?? null),
      creditCode: orNull(unit.creditCode),
      orgFunction: unit.orgFunction,
    })),
    admins: ADMIN_ROLES.map((role) => ({ role, username: draft.admins[role].username.trim(), displayName: draft.admins[role].displayName.trim() })),
  };
};

/** The form's steps in order: the four sections, then the check. */
export const BY_HAND_STEPS = ['city', 'jurisdictions', 'units', 'admins', 'check'] as const satisfies readonly (FormSection | 'check')[];
export type ByHandStep = (typeof BY_HAND_STEPS)[number];

/** The steps the problems of the last check are in, to mark them. */
export const stepsWithProblems = (problems: readonly OrganisationProblem[]): ReadonlySet<ByHandStep> =>
  new Set(problems.map(formSectionOf).filter((section): section is FormSection => section !== null));
