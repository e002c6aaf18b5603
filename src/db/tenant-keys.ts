/**
 * Keys within one tenant. A provincial deployment distributes every table by `tenant_id` (Citus,
 * docs/SCALING.md), which requires each foreign key between two such tables to join on it, so
 * a row can only refer to a row of its own city.
 */
import { foreignKey, type PgColumn } from 'drizzle-orm/pg-core';

/** A table that another refers to: its city and its id. */
export interface TenantKeyed {
  readonly tenantId: PgColumn;
  readonly id: PgColumn;
}

/**
 * The composite foreign key (tenant, column) → (target.tenant_id, target.id), named as in the
 * SQL. `target` is read lazily, so a table may refer to itself or to one defined after it.
 */
export const tenantForeignKey = (name: string, tenant: PgColumn, column: PgColumn, target: () => TenantKeyed) =>
  foreignKey({ name, columns: [tenant, column], foreignColumns: [target().tenantId, target().id] });
