import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/app-context.ts';
import { hashPassword } from '../../src/auth/passwords.ts';
import type { Role } from '../../src/domain/access/roles.ts';
import { accounts } from '../../src/db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { buildServer } from '../../src/http/server.ts';
import { createTestDatabase } from './database.ts';
import { ephemeralKeys } from '../../src/security/keys.ts';

export const PASSWORD = 'Test-password-2026';

/**
 * Staff and enterprises of the test city, one account each. They are demo accounts (`demo`) and
 * the test server runs in demo mode unless a test says otherwise, so they sign in with the
 * password alone (no forced change, no second factor); test/http/identity-api.test.ts turns
 * demo mode off to hold the same accounts to the whole policy.
 */
export const TEST_ACCOUNTS = {
  yingshangban: { role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionId: null },
  leader: { role: 'leader', unitId: UNIT_IDS.cityGovernment, jurisdictionId: null },
  jingxinju: { role: 'lead_bureau', unitId: UNIT_IDS.jingxinju, jurisdictionId: null },
  caizhengju: { role: 'lead_bureau', unitId: UNIT_IDS.caizhengju, jurisdictionId: null },
  guoziwei: { role: 'lead_bureau', unitId: UNIT_IDS.guoziwei, jurisdictionId: null },
  zhaoshangju: { role: 'lead_bureau', unitId: UNIT_IDS.zhaoshangju, jurisdictionId: null },
  handong: { role: 'county_coordinator', unitId: LOCAL_UNIT_IDS.handong.government, jurisdictionId: JURISDICTION_IDS.handong },
  jiangbei: { role: 'county_coordinator', unitId: LOCAL_UNIT_IDS.jiangbei.government, jurisdictionId: JURISDICTION_IDS.jiangbei },
  'hd-jiaoyu': { role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, jurisdictionId: null },
  'jb-jiaoyu': { role: 'unit_handler', unitId: LOCAL_UNIT_IDS.jiangbei.jiaoyuju, jurisdictionId: null },
  sysadmin: { role: 'system_admin', unitId: null, jurisdictionId: null },
  xinyongban: { role: 'credit_office', unitId: UNIT_IDS.xinyongban, jurisdictionId: null },
} satisfies Record<string, { role: Role; unitId: string | null; jurisdictionId: string | null }>;
export type TestUsername = keyof typeof TEST_ACCOUNTS | 'qiye1' | 'qiye2';
/** An account a test added itself, with the test password (an administrator, say). */
export type AddedUsername = string & {};

/** A clock the test moves by hand. */
export const testClock = (start: string) => {
  let now = new Date(start);
  return {
    now: () => now,
    set: (instant: string) => {
      now = new Date(instant);
    },
  };
};

/** Re-sign in past this much of the clock since the last request of a sign-in (the staff idle time is 30 minutes). */
const REUSE_IDLE_MS = 25 * 60 * 1000;
/** …or this long after it (a session lives 12 hours at most). */
const REUSE_ABSOLUTE_MS = 11 * 60 * 60 * 1000;

export interface TestAppOptions {
  /** Build the server with `--demo` (default true): the test accounts sign in with their password alone. */
  readonly demo?: boolean;
}

export interface TestApp {
  readonly app: AppContext;
  readonly server: FastifyInstance;
  readonly clock: ReturnType<typeof testClock>;
  /** The PostgreSQL test database's URL, for a connection of the test's own; null on PGlite. */
  readonly databaseUrl: string | null;
  /**
   * Signs in and returns the `Authorization` header of the account; the same session again as
   * long as the clock has not moved past its idle time or lifetime (then it signs in anew).
   */
  signIn(username: TestUsername | AddedUsername): Promise<{ authorization: string }>;
  /** Forgets every sign-in, for a test that moves the clock past the sessions' idle timeout. */
  forgetSignIns(): void;
  /** Adds an enterprise account for an enterprise unit registered by a case. */
  addEnterpriseAccount(username: 'qiye1' | 'qiye2', unitId: string): Promise<void>;
  close(): Promise<void>;
}

/** The real HTTP stack in process over a fresh test database, with the test accounts. */
export const createTestApp = async (start = '2026-03-02T09:00:00+08:00', options: TestAppOptions = {}): Promise<TestApp> => {
  const database = await createTestDatabase();
  const clock = testClock(start);
  const app: AppContext = { db: database.db, tenantId: database.tenantId, clock: clock.now, keys: ephemeralKeys() };
  const passwordHash = await hashPassword(PASSWORD);
  await database.db.insert(accounts).values(
    Object.entries(TEST_ACCOUNTS).map(([username, account]) => ({
      id: `acc-${username}`,
      tenantId: app.tenantId,
      username,
      displayName: username,
      passwordHash,
      demo: true,
      ...account,
    })),
  );
  const server = await buildServer({ app, databaseKind: database.kind, demo: options.demo ?? true });
  // Each account signs in once, and again only when the test clock moved past its session.
  const tokens = new Map<string, { signedIn: Promise<{ authorization: string }>; at: number; used: number }>();
  return {
    app,
    server,
    clock,
    databaseUrl: database.url,
    signIn(username) {
      const now = clock.now().getTime();
      const existing = tokens.get(username);
      if (existing && now >= existing.used && now - existing.used < REUSE_IDLE_MS && now - existing.at < REUSE_ABSOLUTE_MS) {
        existing.used = now;
        return existing.signedIn;
      }
      const signedIn = server
        .inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } })
        .then((response) => {
          if (response.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${response.body}`);
          return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
        });
      tokens.set(username, { signedIn, at: now, used: now });
      return signedIn;
    },
    forgetSignIns() {
      tokens.clear();
    },
    async addEnterpriseAccount(username, unitId) {
      await database.db.insert(accounts).values({
        id: `acc-${username}`,
        tenantId: app.tenantId,
        username,
        displayName: username,
        passwordHash,
        role: 'enterprise',
        unitId,
        demo: true,
      });
    },
    async close() {
      await server.close();
      await database.close();
    },
  };
};

/** Puts the app's server on a free port of 127.0.0.1, for tests that need real parallel connections; its base URL. */
export const listenOnLoopback = async (server: FastifyInstance): Promise<string> => {
  await server.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
};
