import type { Db } from './db/connection.ts';
import type { AppKeys } from './security/keys.ts';

/**
 * What every use case runs with: the database, the tenant (the city), the clock and the keys
 * kept outside the database. Reference data (the calendar, the time limits of S1) is read from
 * the database when a command needs it.
 */
export interface AppContext {
  readonly db: Db;
  readonly tenantId: string;
  /** The current instant; tests and the demo pass a fixed one. */
  readonly clock: () => Date;
  /** The MAC key of the audit seals and the SM4 key of personal data (src/security/keys.ts). */
  readonly keys: AppKeys;
}
