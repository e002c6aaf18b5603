/** The cities of an installation (migration 0030), part of the drizzle schema `schema.ts` re-exports. */
import { boolean, pgTable, text } from 'drizzle-orm/pg-core';
import { tenantForeignKey } from './tenant-keys.ts';
import { instant } from './columns.ts';
import { units } from './schema.ts';

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  /** The city's name, e.g. 汉江市: the name reports and supervision orders carry. */
  name: text('name').notNull(),
  /** 市营商办: the unit the platform's jobs act for. */
  businessOfficeUnitId: text('business_office_unit_id'),
  /** The fictional demo city (`--demo`). */
  demo: boolean('demo').notNull().default(false),
  setUpAt: instant('set_up_at').notNull().defaultNow(),
}, (t) => [
  tenantForeignKey('tenants_business_office_unit_id_fkey', t.id, t.businessOfficeUnitId, () => units),
]);

export type Tenant = typeof tenants.$inferSelect;
