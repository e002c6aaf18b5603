import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { accounts, securityEvents } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { recordSecurityEvent } from '../../src/security/audit-log.ts';
import type { SecurityEventKind } from '../../src/security/event-kinds.ts';
import { createTestApp, PASSWORD, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { multipart } from '../support/multipart.ts';

interface EventBody {
  seq: number;
  at: string;
  kind: SecurityEventKind;
  outcome: 'success' | 'failure';
  account: { id: string; username: string | null; displayName: string | null } | null;
  username: string | null;
  address: string | null;
  object: string | null;
  details: Record<string, unknown>;
}

/** The three administrators apart (三员分立): only the audit administrator reads the log. */
const ADMINS = { auditor: 'audit_admin', secadmin: 'security_admin' } as const;

describe(`the security audit log over HTTP (${backendName})`, () => {
  let t: TestApp;

  const headers = (username: TestUsername | keyof typeof ADMINS) => t.signIn(username);
  const get = async (username: TestUsername | keyof typeof ADMINS, url: string) => t.server.inject({ method: 'GET', url, headers: await headers(username) });
  const list = async (query = '') => {
    const response = await get('auditor', `/api/security-events${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: EventBody[]; nextBefore: number | null }>();
  };
  const stored = (kind: SecurityEventKind) =>
    t.app.db.select().from(securityEvents).where(and(eq(securityEvents.tenantId, t.app.tenantId), eq(securityEvents.kind, kind))).orderBy(asc(securityEvents.seq));
  const total = async () => (await t.app.db.execute<{ n: number }>(sql`select count(*)::int as n from security_events`)).rows[0]!.n;

  beforeAll(async () => {
    t = await createTestApp();
    const passwordHash = await hashPassword(PASSWORD);
    await t.app.db.insert(accounts).values(
      Object.entries(ADMINS).map(([username, role]) => ({ id: `acc-${username}`, tenantId: t.app.tenantId, username, displayName: `${username}的姓名`, passwordHash, role, unitId: null, demo: true })),
    );
    // A failure of the platform's own: only this test server has the route.
    t.server.get('/api/test-only/failure/:id', async () => {
      throw new Error('connection to 10.0.0.9 refused; password=hunter2');
    });
  });
  afterAll(() => t?.close());

  it('lets the audit administrator alone read, export and verify it; every other role is denied, and each denial recorded', async () => {
    const denied: (TestUsername | keyof typeof ADMINS)[] = ['sysadmin', 'secadmin', 'yingshangban', 'leader'];
    for (const username of denied) {
      for (const url of ['/api/security-events', '/api/security-events.xlsx', '/api/security-events/verify']) {
        const response = await get(username, url);
        expect(response.statusCode, `${username} ${url}`).toBe(403);
        expect(response.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');
      }
    }
    await expect.poll(async () => (await stored('access_denied')).length).toBe(12);
    const denials = await stored('access_denied');
    expect(denials.map((row) => row.accountId).sort()).toEqual(['acc-leader', 'acc-secadmin', 'acc-sysadmin', 'acc-yingshangban'].flatMap((id) => [id, id, id]).sort());
    expect(denials[0]).toMatchObject({ outcome: 'failure', address: '127.0.0.1', object: 'GET /api/security-events', details: { status: 403, code: 'FORBIDDEN' } });
    // Nothing was exported for them.
    expect(await stored('audit_log_exported')).toEqual([]);

    expect((await get('auditor', '/api/security-events')).statusCode).toBe(200);
    expect((await get('auditor', '/api/security-events/verify')).statusCode).toBe(200);
  });

  it('records a denial with the route and the id it concerned, and the denied act changes nothing', async () => {
    const registered = await t.server.inject({
      method: 'POST',
      url: '/api/cases',
      headers: await headers('yingshangban'),
      payload: {
        line: 'arrears',
        source: 'assigned',
        instruction: '请汉东区教育局核实并制定清偿方案。',
        title: '汉东区教育局拖欠第三中学校舍维修工程款',
        facts: '2025年8月竣工验收合格，尾款至今未付。',
        enterprise: { name: '汉江市楚风建筑工程有限公司', creditCode: makeCreditCode('91422900MA49XK7C3') },
        responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
        claimedAmount: 30_000_000,
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const { id, version } = registered.json<{ id: string; version: number }>();
    // 领导 reads the case but does not handle it.
    const response = await t.server.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions`,
      headers: await headers('leader'),
      payload: { expectedVersion: version, action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 30_000_000 } },
    });
    expect(response.statusCode, response.body).toBe(403);
    const object = `POST /api/cases/:id/actions [id=${id}]`;
    await expect.poll(async () => (await stored('access_denied')).some((row) => row.object === object)).toBe(true);
    const { items } = await list(`?object=${encodeURIComponent(id)}`);
    expect(items).toMatchObject([{ kind: 'access_denied', outcome: 'failure', object, account: { id: 'acc-leader', username: 'leader' }, address: '127.0.0.1' }]);
    expect((await get('yingshangban', `/api/cases/${id}`)).json<{ version: number }>().version).toBe(version);
  });

  it('records a server error with its code, never its message or stack', async () => {
    const response = await t.server.inject({ method: 'GET', url: '/api/test-only/failure/42', headers: await headers('yingshangban') });
    expect(response.statusCode).toBe(500);
    await expect.poll(async () => (await stored('server_error')).length).toBe(1);
    const [event] = await stored('server_error');
    expect(event).toMatchObject({
      outcome: 'failure',
      address: '127.0.0.1',
      object: 'GET /api/test-only/failure/:id [id=42]',
      details: { status: 500, code: 'INTERNAL', errorName: 'Error', params: { id: '42' } },
    });
    expect(JSON.stringify(event)).not.toMatch(/hunter2|10\.0\.0\.9|at .*\.ts/);
  });

  it('records every download of an attachment and every export of a generated workbook, and nothing for other answers', async () => {
    const before = await total();
    expect((await get('yingshangban', '/api/cases')).statusCode).toBe(200);
    expect((await get('yingshangban', '/api/security-events')).statusCode).toBe(403);
    // Only the denial wrote.
    await expect.poll(total).toBe(before + 1);

    const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000)]);
    const body = multipart('合同.pdf', content);
    const uploaded = await t.server.inject({ method: 'POST', url: '/api/attachments', payload: body.payload, headers: { ...(await headers('yingshangban')), ...body.headers } });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { id } = uploaded.json<{ id: string }>();
    const download = await get('yingshangban', `/api/attachments/${id}`);
    expect(download.statusCode, download.body).toBe(200);
    await expect.poll(async () => (await stored('download')).length).toBe(1);
    expect((await stored('download'))[0]).toMatchObject({
      outcome: 'success',
      accountId: 'acc-yingshangban',
      address: '127.0.0.1',
      object: `GET /api/attachments/:id [id=${id}]`,
      details: { fileName: '合同.pdf' },
    });

    const template = await get('yingshangban', '/api/intake/import-template.xlsx');
    expect(template.statusCode, template.body).toBe(200);
    expect(template.headers['content-disposition']).toMatch(/^attachment/);
    await expect.poll(async () => (await stored('export')).length).toBe(1);
    expect((await stored('export'))[0]).toMatchObject({ accountId: 'acc-yingshangban', object: 'GET /api/intake/import-template.xlsx' });
  });

  it('lists newest first, by kind, outcome, account, address, object and dates, in pages', async () => {
    // Two sign-in failures of other days and addresses, as the sign-in records them.
    const app = { ...t.app, clock: () => new Date('2026-02-10T10:00:00+08:00') };
    await recordSecurityEvent(app, { kind: 'sign_in_failed', outcome: 'failure', accountId: null, username: 'nobody', address: '192.168.7.20', object: 'session', details: { reason: 'unknown_user' } });
    await recordSecurityEvent({ ...app, clock: () => new Date('2026-02-11T23:30:00+08:00') }, { kind: 'sign_in_failed', outcome: 'failure', accountId: 'acc-leader', username: 'leader', address: '192.168.8.1', object: 'session' });

    const all = await list();
    const seqs = all.items.map((item) => item.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));

    expect((await list('?kind=sign_in_failed')).items.map((item) => item.username)).toEqual(['leader', 'nobody']);
    expect((await list('?kind=sign_in_failed&account=nobody')).items).toMatchObject([{ username: 'nobody', account: null, address: '192.168.7.20', details: { reason: 'unknown_user' } }]);
    expect((await list('?address=192.168.8.')).items.map((item) => item.username)).toEqual(['leader']);
    expect((await list('?from=2026-02-11&to=2026-02-11')).items.map((item) => item.username)).toEqual(['leader']);
    expect((await list('?to=2026-02-10')).items.map((item) => item.username)).toEqual(['nobody']);
    // The account filter finds the account's own events by its username or name.
    const leaders = (await list('?account=leader')).items;
    expect(leaders.length).toBeGreaterThanOrEqual(3);
    expect(leaders.every((item) => item.account?.id === 'acc-leader' || item.username === 'leader')).toBe(true);
    const successes = (await list('?outcome=success')).items;
    expect(successes.length).toBeGreaterThan(0);
    expect(successes.every((item) => item.outcome === 'success')).toBe(true);
    expect((await list('?object=%2Fapi%2Fattachments')).items.map((item) => item.kind)).toEqual(['download']);

    // Pages: two at a time, each strictly older, all of them once.
    const paged: number[] = [];
    for (let before: number | null | undefined; before !== null; ) {
      const page = await list(`?limit=2${before === undefined ? '' : `&before=${before}`}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items.map((item) => item.seq));
      before = page.nextBefore;
    }
    expect(paged).toEqual(seqs);

    const reversed = await get('auditor', '/api/security-events?from=2026-03-02&to=2026-03-01');
    expect(reversed.statusCode).toBe(400);
    const unknown = await get('auditor', '/api/security-events?kind=coffee');
    expect(unknown.statusCode).toBe(400);
  });

  it('exports the filtered log as a workbook, and records that export', async () => {
    const expected = (await list('?kind=access_denied&limit=200')).items;
    const response = await get('auditor', '/api/security-events.xlsx?kind=access_denied');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toContain("filename*=UTF-8''%E5%AE%89%E5%85%A8%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('安全审计日志')!;
    expect(String(sheet.getCell(2, 1).value)).toContain('越权访问被拒绝');
    expect(sheet.getRow(3).values).toContain('事件');
    const seqs: number[] = [];
    sheet.eachRow((row, index) => {
      if (index > 3) seqs.push(Number(row.getCell(1).value));
    });
    expect(seqs).toEqual(expected.map((item) => item.seq));
    expect(sheet.getRow(4).getCell(6).value).toBe('越权访问被拒绝');

    await expect.poll(async () => (await stored('audit_log_exported')).length).toBe(1);
    expect((await stored('audit_log_exported'))[0]).toMatchObject({
      accountId: 'acc-auditor',
      outcome: 'success',
      details: { filters: { kind: 'access_denied' }, rows: expected.length, truncated: false },
    });
    // Recorded once, as the audit log's export, not again as a generic export.
    expect((await stored('export')).map((row) => row.object)).not.toContain('GET /api/security-events.xlsx');
  });

  it('reports the chain intact, and names an edited event', async () => {
    const intact = await get('auditor', '/api/security-events/verify');
    expect(intact.json()).toMatchObject({ intact: true, problems: [], firstSeq: 1 });
    const events = intact.json<{ events: number }>().events;
    expect(events).toBeGreaterThan(20);

    await t.app.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update security_events set address = '1.2.3.4' where tenant_id = ${t.app.tenantId} and seq = 3`);
    });
    const broken = (await get('auditor', '/api/security-events/verify')).json<{ intact: boolean; problems: string[] }>();
    expect(broken.intact).toBe(false);
    expect(broken.problems.join('\n')).toContain('序号3的事件');
  });
});
