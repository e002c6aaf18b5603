import type { Db } from './db/connection.ts';
import type { TimeLimits } from './domain/supervision/time-limits.ts';

/** What every use case runs with: the database, the tenant (the city) and the clock. */
export interface AppContext {
  readonly db: Db;
  readonly tenantId: string;
  /** The current instant; tests and the demo pass a fixed one. */
  readonly clock: () => Date;
  readonly timeLimits: TimeLimits;
}
