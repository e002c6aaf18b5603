import { and, count, eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, idempotencyKeys } from '../../src/db/schema.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, listenOnLoopback, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';

const ENTERPRISE = { name: '湖北汉水智能装备有限公司', creditCode: makeCreditCode('91420100MA4KX8Q2P') };
const DEBTOR = LOCAL_UNIT_IDS.handong.jiaoyuju;
const TWINS = 20;

interface Reply {
  readonly status: number;
  readonly body: { id?: string; number?: string; version?: number; error?: { code: string; message: string } };
  readonly text: string;
}

/**
 * Idempotency keys under real parallel requests (STYLE 16): the key is claimed inside the
 * write's transaction, so twenty concurrent requests with one key make one effect and all get
 * its response, and a key reused for another body is refused. Over a listening server and real
 * HTTP connections, on both backends.
 */
describe(`idempotent writes under concurrency (${backendName})`, () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    baseUrl = await listenOnLoopback(t.server);
  });
  afterAll(() => t?.close());

  const send = async (username: TestUsername, path: string, body: unknown, key: string): Promise<Reply> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { ...(await t.signIn(username)), 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) as Reply['body'], text };
  };

  const registration = (title: string) => ({
    line: 'arrears',
    source: 'assigned',
    title,
    facts: '2025年11月供货验收合格，货款至今未付。',
    instruction: '请汉东区教育局核实并依规清偿。',
    enterprise: ENTERPRISE,
    responsibleUnitId: DEBTOR,
    claimedAmount: 36_800_000,
  });

  const casesTitled = async (title: string) =>
    Number((await t.app.db.select({ n: count() }).from(cases).where(and(eq(cases.tenantId, t.app.tenantId), eq(cases.title, title))))[0]!.n);

  const eventsOf = async (caseId: string) =>
    Number((await t.app.db.select({ n: count() }).from(caseEvents).where(eq(caseEvents.caseId, caseId)))[0]!.n);

  it(`registers one case for ${TWINS} concurrent requests with one key, and answers each with it`, async () => {
    const title = '汉东区教育局拖欠智慧教室设备货款（并发登记）';
    const replies = await Promise.all(Array.from({ length: TWINS }, () => send('yingshangban', '/api/cases', registration(title), 'register-twins-0001')));
    expect(replies.map((reply) => reply.status)).toEqual(Array.from({ length: TWINS }, () => 201));
    expect(new Set(replies.map((reply) => reply.text)).size).toBe(1);
    expect(await casesTitled(title)).toBe(1);
    expect(await eventsOf(replies[0]!.body.id!)).toBe(1);
  });

  it(`performs one action for ${TWINS} concurrent requests with one key, and answers each with its result`, async () => {
    const created = await send('yingshangban', '/api/cases', registration('汉东区教育局拖欠录播系统货款（并发操作）'), 'register-single-0002');
    expect(created.status, created.text).toBe(201);
    const id = created.body.id!;
    const command = { action: 'report_progress', expectedVersion: created.body.version, progress: '已完成货款核对，正在走支付流程。' };
    const replies = await Promise.all(Array.from({ length: TWINS }, () => send('yingshangban', `/api/cases/${id}/actions`, command, 'progress-twins-0003')));
    expect(replies.map((reply) => reply.status)).toEqual(Array.from({ length: TWINS }, () => 200));
    expect(new Set(replies.map((reply) => reply.text)).size).toBe(1);
    expect(replies[0]!.body.version).toBe(2);
    expect(await eventsOf(id)).toBe(2);
  });

  it('refuses a key reused for another body with its own code, writing nothing', async () => {
    const title = '汉东区教育局拖欠实验室耗材货款';
    const first = await send('yingshangban', '/api/cases', registration(title), 'reused-key-0004');
    expect(first.status).toBe(201);
    const other = await send('yingshangban', '/api/cases', registration('汉东区教育局拖欠图书采购款'), 'reused-key-0004');
    expect(other.status).toBe(409);
    expect(other.body.error?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.body.error?.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await casesTitled('汉东区教育局拖欠图书采购款')).toBe(0);
    expect(await casesTitled(title)).toBe(1);
  });

  it('releases the key of a refused write, so that the corrected retry goes through', async () => {
    const title = '汉东区教育局拖欠食堂设备款';
    const refused = await send('yingshangban', '/api/cases', { ...registration(title), responsibleUnitId: 'u-no-such-unit' }, 'released-key-0005');
    expect(refused.status).toBe(404);
    expect(
      await t.app.db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.tenantId, t.app.tenantId), eq(idempotencyKeys.key, 'released-key-0005'))),
    ).toEqual([]);
    const retried = await send('yingshangban', '/api/cases', registration(title), 'released-key-0005');
    expect(retried.status, retried.text).toBe(201);
    expect(await casesTitled(title)).toBe(1);
  });

  // A server's twin waits on the first request's claim, and is told the request is still in
  // progress when it waits too long. PGlite is one connection: its requests run one at a time,
  // so a twin there never meets an unfinished claim.
  if (backendName === 'postgres') {
    it('tells a twin that waited too long that the first request is still in progress', async () => {
      const held = new pg.Client({ connectionString: t.databaseUrl! });
      await held.connect();
      try {
        await held.query('begin');
        await held.query(
          `insert into idempotency_keys (tenant_id, account_id, key, request_hash, created_at) values ($1, 'acc-yingshangban', 'held-key-0006', 'hash', now())`,
          [t.app.tenantId],
        );
        const title = '汉东区教育局拖欠校车租赁费';
        const twin = await send('yingshangban', '/api/cases', registration(title), 'held-key-0006');
        expect(twin.status).toBe(409);
        expect(twin.body.error?.code).toBe('IDEMPOTENCY_IN_PROGRESS');
        expect(twin.body.error?.message).toMatch(/正在处理中/);
        expect(await casesTitled(title)).toBe(0);
      } finally {
        await held.query('rollback');
        await held.end();
      }
    }, 60_000);

    // The claim's wait is the claim's alone: the write after it (here an action whose case another
    // transaction holds) waits as any statement of the server does, longer than a twin would.
    it('lets the write after the claim wait on its case longer than a twin waits on the claim', async () => {
      const created = await send('yingshangban', '/api/cases', registration('汉东区教育局拖欠校园安防工程款'), 'held-case-0007');
      expect(created.status, created.text).toBe(201);
      const id = created.body.id!;
      const held = new pg.Client({ connectionString: t.databaseUrl! });
      await held.connect();
      try {
        await held.query('begin');
        await held.query('select 1 from cases where tenant_id = $1 and id = $2 for update', [t.app.tenantId, id]);
        const command = { action: 'report_progress', expectedVersion: created.body.version, progress: '已与施工单位核对工程量。' };
        const action = send('yingshangban', `/api/cases/${id}/actions`, command, 'held-case-action-0008');
        // Held until the action has waited on the case for longer than a claim may wait (10 s).
        await expect
          .poll(
            async () =>
              (
                await held.query<{ waiting: boolean }>(
                  `select exists (select from pg_stat_activity where pg_backend_pid() = any (pg_blocking_pids(pid))
                                   and clock_timestamp() - query_start > interval '11 seconds') as waiting`,
                )
              ).rows[0]!.waiting,
            { timeout: 60_000, interval: 250 },
          )
          .toBe(true);
        await held.query('commit');
        const reply = await action;
        expect(reply.status, reply.text).toBe(200);
        expect(reply.body.version).toBe(2);
        expect(await eventsOf(id)).toBe(2);
      } finally {
        await held.query('rollback').catch(() => undefined);
        await held.end();
      }
    }, 90_000);
  }
});
