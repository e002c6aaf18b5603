import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import type { RoleCatalogueEntry } from '../../src/domain/access/role-catalogue.ts';
import type { Role } from '../../src/domain/access/roles.ts';
import { todayInShanghai, yearOf } from '../../src/domain/calendar.ts';
import { accounts, securityEvents, units } from '../../src/db/schema.ts';
import { JURISDICTION_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, PASSWORD, TEST_ACCOUNTS, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';

/** The two administrators who read the catalogue (三员分立); the system administrator is a test account already. */
const ADMINS = { secadmin: 'security_admin', auditor: 'audit_admin' } as const;
type Username = TestUsername | keyof typeof ADMINS;
/** The role of each account the test signs in with. */
const TEST_ACCOUNTS_ROLE = { ...Object.fromEntries(Object.entries(TEST_ACCOUNTS).map(([username, account]) => [username, account.role])), qiye1: 'enterprise' } as Record<TestUsername, Role>;

describe(`the role catalogue over HTTP (${backendName})`, () => {
  let t: TestApp;

  const headers = (username: Username) => t.signIn(username);
  const getRoles = async (username: Username) => t.server.inject({ method: 'GET', url: '/api/roles', headers: await headers(username) });
  const readRoles = async (username: Username) => {
    const response = await getRoles(username);
    expect(response.statusCode, response.body).toBe(200);
    return new Map(response.json<{ roles: RoleCatalogueEntry[] }>().roles.map((entry) => [entry.role, entry]));
  };
  const lastEventSeq = async () => (await t.app.db.execute<{ seq: number | null }>(sql`select max(seq)::int as seq from security_events`)).rows[0]!.seq ?? 0;

  beforeAll(async () => {
    t = await createTestApp();
    const passwordHash = await hashPassword(PASSWORD);
    await t.app.db.insert(accounts).values(
      Object.entries(ADMINS).map(([username, role]) => ({ id: `acc-${username}`, tenantId: t.app.tenantId, username, displayName: `${username}的姓名`, passwordHash, role, unitId: null, demo: true })),
    );
  });
  afterAll(() => t?.close());

  it('shows the 安全管理员 each role’s rights as the access rules give them: 营商办 alone closes, an enterprise reads its own cases only', async () => {
    const roles = await readRoles('secadmin');
    expect([...roles.keys()]).toEqual(['enterprise', 'unit_handler', 'lead_bureau', 'county_coordinator', 'business_office', 'leader', 'credit_office', 'system_admin', 'security_admin', 'audit_admin']);

    const office = roles.get('business_office')!;
    expect(office).toMatchObject({ label: '市营商办', administrator: false });
    expect(office.cases).toHaveLength(1);
    expect(office.cases[0]!.relation).toEqual({ code: 'anyCase', label: '全部案件' });
    expect(office.cases[0]!.rights).toContainEqual({ code: 'close', label: '销号' });
    const closers = [...roles.values()].filter((entry) => entry.cases.some((rule) => rule.rights.some((right) => right.code === 'close')));
    expect(closers.map((entry) => entry.role)).toEqual(['business_office']);

    expect(roles.get('enterprise')!.cases).toEqual([
      {
        relation: { code: 'ownEnterprise', label: '本企业的案件' },
        rights: [
          { code: 'read', label: '查看' },
          { code: 'consent', label: '企业认可' },
          { code: 'object', label: '企业不认可' },
          { code: 'rate', label: '评价结果' },
          { code: 'waive_interest', label: '放弃逾期利息' },
          { code: 'request_reopen', label: '申请重新办理' },
          { code: 'withdraw', label: '撤回诉求' },
          { code: 'add_material', label: '补充材料' },
        ],
      },
    ]);
    expect(roles.get('audit_admin')).toMatchObject({ administrator: true, cases: [], readsSecurityLog: true, setsSecurityPolicy: false, readsRoleCatalogue: true });
    expect(roles.get('system_admin')!.accounts.reach).toEqual({ code: 'all', label: '全市' });
  });

  it('shows the annual disclosure and the breach-record rights as the routes enforce them: 营商办 generates, a unit publishes its own row, 信用办 认定, an enterprise none', async () => {
    const roles = await readRoles('secadmin');
    const byReach = (rules: readonly { reach: { code: string }; rights: readonly { code: string }[] }[]) => rules.map((rule) => [rule.reach.code, rule.rights.map((right) => right.code)]);
    expect(byReach(roles.get('business_office')!.disclosure)).toEqual([['all', ['read', 'workbook', 'generate', 'publish']]]);
    expect(roles.get('unit_handler')!.disclosure).toEqual([
      { reach: { code: 'unit', label: '本单位' }, rights: [{ code: 'read', label: '查看' }, { code: 'workbook', label: '下载工作簿' }, { code: 'publish', label: '发布' }] },
    ]);
    expect(byReach(roles.get('county_coordinator')!.disclosure)).toEqual([['jurisdiction', ['read', 'workbook']]]);
    expect(roles.get('credit_office')!.credit.records[0]).toMatchObject({ reach: { code: 'all', label: '全市各单位' } });
    expect(roles.get('credit_office')!.credit.records[0]!.rights).toContainEqual({ code: 'record', label: '认定失信' });
    expect(byReach(roles.get('unit_handler')!.credit.records)).toEqual([['unit', ['read', 'object', 'apply_repair']]]);
    expect(roles.get('business_office')!.credit.proposals).toEqual([
      { relation: { code: 'anyCase', label: '全部案件' }, rights: [{ code: 'propose', label: '提请认定失信' }, { code: 'see', label: '查看提请' }] },
    ]);
    expect(roles.get('enterprise')).toMatchObject({ disclosure: [], credit: { proposals: [], records: [] } });
    expect(roles.get('audit_admin')).toMatchObject({ disclosure: [], credit: { proposals: [], records: [] } });

    // What the catalogue says is what the routes answer: reading the year's rows, generating them, listing the batches and the units to order.
    const holds = (entry: RoleCatalogueEntry, section: 'disclosure' | 'records', right: string) =>
      (section === 'disclosure' ? entry.disclosure : entry.credit.records).some((rule) => rule.rights.some((item) => item.code === right));
    const year = yearOf(todayInShanghai(t.app.clock()));
    await t.app.db.insert(units).values({ id: 'ent-roles', tenantId: t.app.tenantId, name: '汉江角色测试有限公司', kind: 'enterprise', jurisdictionId: JURISDICTION_IDS.handong });
    await t.addEnterpriseAccount('qiye1', 'ent-roles');
    const users: Username[] = ['qiye1', 'hd-jiaoyu', 'jingxinju', 'handong', 'yingshangban', 'leader', 'xinyongban', 'sysadmin', 'secadmin', 'auditor'];
    for (const username of users) {
      const entry = roles.get(username in ADMINS ? ADMINS[username as keyof typeof ADMINS] : TEST_ACCOUNTS_ROLE[username as keyof typeof TEST_ACCOUNTS_ROLE])!;
      const auth = await headers(username);
      const status = async (method: 'GET' | 'POST', url: string) =>
        (await t.server.inject({ method, url, headers: { ...auth, ...(method === 'POST' ? { 'idempotency-key': `roles-${username}-${url.length}` } : {}) } })).statusCode;
      expect((await status('GET', `/api/disclosures/${year - 1}`)) === 403, `${username} reads the disclosure`).toBe(!holds(entry, 'disclosure', 'read'));
      expect((await status('GET', `/api/disclosures/${year - 1}/workbook`)) === 403, `${username} downloads the workbook`).toBe(!holds(entry, 'disclosure', 'workbook'));
      // The running year: 营商办 is refused for the year, not for the right, so nothing is written.
      expect((await status('POST', `/api/disclosures/${year}/generate`)) === 403, `${username} generates`).toBe(!holds(entry, 'disclosure', 'generate'));
      expect((await status('GET', '/api/credit/exports')) === 403, `${username} reads the batches`).toBe(!holds(entry, 'records', 'export'));
      expect((await status('GET', '/api/credit/candidates')) === 403, `${username} lists the units to order`).toBe(!holds(entry, 'records', 'order_rectification'));
    }
  });

  it('shows the security policy as it stands now for each role', async () => {
    const before = await readRoles('secadmin');
    expect(before.get('leader')!.signIn).toEqual({ secondFactor: true, idleMinutes: 30, absoluteHours: 12, allowedNetworks: [] });
    expect(before.get('enterprise')!.signIn).toEqual({ secondFactor: false, idleMinutes: 120, absoluteHours: 12, allowedNetworks: [] });

    const policy = (await t.server.inject({ method: 'GET', url: '/api/security-policy', headers: await headers('secadmin') })).json<Record<string, unknown>>();
    const changed = { ...policy, sessions: { staffIdleMinutes: 20, enterpriseIdleMinutes: 90, absoluteHours: 10 }, secondFactorRoles: ['security_admin'], staffAllowedNetworks: ['127.0.0.0/8'] };
    const saved = await t.server.inject({ method: 'PUT', url: '/api/security-policy', headers: await headers('secadmin'), payload: changed });
    expect(saved.statusCode, saved.body).toBe(200);

    const after = await readRoles('secadmin');
    expect(after.get('leader')!.signIn).toEqual({ secondFactor: false, idleMinutes: 20, absoluteHours: 10, allowedNetworks: ['127.0.0.0/8'] });
    expect(after.get('security_admin')!.signIn.secondFactor).toBe(true);
    expect(after.get('enterprise')!.signIn).toEqual({ secondFactor: false, idleMinutes: 90, absoluteHours: 10, allowedNetworks: [] });
    const restored = await t.server.inject({ method: 'PUT', url: '/api/security-policy', headers: await headers('secadmin'), payload: policy });
    expect(restored.statusCode, restored.body).toBe(200);
  });

  it('lets the 审计管理员 read the same catalogue, to judge the log’s role changes and denials by', async () => {
    expect(await readRoles('auditor')).toEqual(await readRoles('secadmin'));
  });

  it('refuses everyone else with 403, writing nothing but each denial to the security log', async () => {
    const denied: Username[] = ['sysadmin', 'yingshangban', 'leader', 'handong', 'hd-jiaoyu', 'jingxinju', 'xinyongban'];
    for (const username of denied) await headers(username);
    const since = await lastEventSeq();
    for (const username of denied) {
      const response = await getRoles(username);
      expect(response.statusCode, username).toBe(403);
      expect(response.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'FORBIDDEN', message: '只有安全管理员和审计管理员可以查看角色与权限' });
    }
    const written = () =>
      t.app.db
        .select()
        .from(securityEvents)
        .where(and(eq(securityEvents.tenantId, t.app.tenantId), gt(securityEvents.seq, since)))
        .orderBy(asc(securityEvents.seq));
    await expect.poll(async () => (await written()).length).toBe(denied.length);
    const events = await written();
    expect(events.every((event) => event.kind === 'access_denied' && event.outcome === 'failure' && event.object === 'GET /api/roles')).toBe(true);
    expect(events.map((event) => event.accountId).sort()).toEqual(denied.map((username) => `acc-${username}`).sort());
    expect(events[0]!.details).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('asks for a session first, and describes the operation in the OpenAPI document', async () => {
    const anonymous = await t.server.inject({ method: 'GET', url: '/api/roles' });
    expect(anonymous.statusCode).toBe(401);
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId: string }>> }>();
    expect(document.paths['/api/roles']?.get?.operationId).toBe('getRoleCatalogue');
  });
});
