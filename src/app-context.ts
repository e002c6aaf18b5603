import type { Db } from './db/connection.ts';

/**
 * What every use case runs with: the database, the tenant (the city) and the clock. Reference
 * data (the calendar, the time limits of S1) is read from the database when a command needs it.
 */
export interface AppContext {
  readonly db: Db;
  readonly tenantId: string;
  /** The current instant; tests and the demo pass a fixed one. */
  readonly clock: () => Date;
}
