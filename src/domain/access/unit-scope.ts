/**
 * The public units an actor's rights reach in a unit-level list (a dispatch round's status, breach
 * records, the annual disclosure): every unit, none, one unit, or the units of some jurisdictions.
 * Each policy decides the scope of a role; this is what the scope means.
 */
export type UnitScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'unit'; readonly unitId: string }
  | { readonly kind: 'jurisdictions'; readonly jurisdictionIds: readonly string[] };

/** A unit as a scope reads it. */
export interface ScopedUnit {
  readonly id: string;
  readonly jurisdictionId: string;
}

export const isUnitInScope = (scope: UnitScope, unit: ScopedUnit): boolean => {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'unit':
      return scope.unitId === unit.id;
    case 'jurisdictions':
      return scope.jurisdictionIds.includes(unit.jurisdictionId);
  }
};
