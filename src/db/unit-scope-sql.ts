import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { UnitScope } from '../domain/access/unit-scope.ts';

/** `scope` as SQL over a unit's id and jurisdiction columns: the rows of the units it reaches. */
export const unitScopeCondition = (scope: UnitScope, columns: { readonly unitId: PgColumn; readonly jurisdictionId: PgColumn }): SQL | undefined => {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'none':
      return sql`false`;
    case 'unit':
      return eq(columns.unitId, scope.unitId);
    case 'jurisdictions':
      return scope.jurisdictionIds.length === 0 ? sql`false` : inArray(columns.jurisdictionId, [...scope.jurisdictionIds]);
  }
};
