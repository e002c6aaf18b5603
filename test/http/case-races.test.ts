import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditIntact, verifyAudit } from '../../src/audit/verify-audit.ts';
import { loadCase, loadEvents } from '../../src/cases/case-store.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { replay } from '../../src/domain/case/evolve.ts';
import { upcastHistory } from '../../src/domain/case/upcast.ts';
import { units } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, listenOnLoopback, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';

/** Clients racing on one version of one case: more than the PostgreSQL pool's ten connections. */
const CLIENTS = 16;
const CASES = 3;
const ROUNDS = 4;
/** Everyone who may report progress on a case of 汉东区教育局: 营商办, the county, the unit itself. */
const ACTORS = ['yingshangban', 'handong', 'hd-jiaoyu'] as const satisfies readonly TestUsername[];
const ENTERPRISE = { name: '湖北汉水智能装备有限公司', creditCode: makeCreditCode('91420100MA4KX8Q2P') };

interface Reply {
  readonly status: number;
  readonly text: string;
  readonly body: {
    id?: string;
    version?: number;
    enterprise?: { unitId: string };
    error?: { code: string; message: string };
  };
}

/**
 * Many clients on the same cases at once, over a listening server and real parallel HTTP
 * connections (issue 14): for each version exactly one write wins and the others get the coded
 * version conflict, having written nothing; the case's events are numbered without a gap, the
 * projection is the fold of its events and every chain verifies. perform-case-action.test.ts
 * shows the one write path refusing a stale version; this is the whole stack under load: the
 * sessions, the idempotency claim, the pool (or PGlite's one connection) and the error mapper.
 */
describe(`many clients racing on the same cases over HTTP (${backendName})`, { timeout: 240_000 }, () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    baseUrl = await listenOnLoopback(t.server);
  });
  afterAll(() => t?.close());

  const send = async (username: TestUsername, method: 'GET' | 'POST', path: string, body?: unknown, key?: string): Promise<Reply> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(await t.signIn(username)),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as Reply['body'] };
  };

  const registration = (title: string, enterprise: { name: string; creditCode: string }) => ({
    line: 'arrears',
    source: 'assigned',
    title,
    facts: '2025年供货验收合格，货款至今未付。',
    instruction: '请汉东区教育局核实并依规清偿。',
    enterprise,
    responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
    claimedAmount: 12_600_000,
  });

  const register = async (title: string, enterprise = ENTERPRISE): Promise<{ id: string; version: number; enterpriseUnitId: string }> => {
    const created = await send('yingshangban', 'POST', '/api/cases', registration(title, enterprise));
    expect(created.status, created.text).toBe(201);
    return { id: created.body.id!, version: created.body.version!, enterpriseUnitId: created.body.enterprise!.unitId };
  };

  const progress = (caseId: string, version: number, text: string, username: TestUsername, key: string) =>
    send(username, 'POST', `/api/cases/${caseId}/actions`, { action: 'report_progress', expectedVersion: version, progress: text }, key);

  /** The case as its events say, against the stored row, and the progress texts of its events in order. */
  const history = async (caseId: string) => {
    const events = await loadEvents(t.app.db, t.app.tenantId, caseId);
    const stored = await loadCase(t.app.db, t.app.tenantId, caseId);
    return {
      seqs: events.map(({ event }) => event.seq),
      progress: events.flatMap(({ event }) => (event.type === 'report_progress' ? [(event.payload as { progress: string }).progress] : [])),
      folded: replay(upcastHistory(events.map(({ event }) => event))),
      stored: stored?.record ?? null,
    };
  };

  const expectConflict = (reply: Reply) => {
    expect(reply.status, reply.text).toBe(409);
    expect(reply.body.error?.code).toBe('VERSION_CONFLICT');
    expect(reply.body.error?.message).toMatch(/[\u4e00-\u9fa5]/);
  };

  it(`registers all of ${CLIENTS} cases registered at once for one enterprise the platform did not know, under one unit`, async () => {
    const newcomer = { name: '汉江市并发登记测试科技有限公司', creditCode: makeCreditCode('91422900MA4RACE1X') };
    const created = await Promise.all(
      Array.from({ length: CLIENTS }, (_, index) =>
        send(index % 2 === 0 ? 'yingshangban' : 'leader', 'POST', '/api/cases', registration(`汉东区教育局拖欠软件服务费（同时登记${index + 1}）`, newcomer), `register-${index}-new-firm`),
      ),
    );
    const refused = created.filter((reply) => reply.status !== 201).map((reply) => reply.text);
    expect(refused).toEqual([]);
    expect(new Set(created.map((reply) => reply.body.enterprise!.unitId)).size).toBe(1);
    const enterprises = await t.app.db.select().from(units).where(and(eq(units.tenantId, t.app.tenantId), eq(units.creditCode, newcomer.creditCode)));
    expect(enterprises.map((unit) => unit.id)).toEqual([created[0]!.body.enterprise!.unitId]);
    const numbers = created.map((reply) => (JSON.parse(reply.text) as { number: string }).number);
    expect(new Set(numbers).size).toBe(CLIENTS);
  });

  it(`lets exactly one of ${CLIENTS} clients win each version of ${CASES} cases, round after round, losing nothing`, async () => {
    for (const username of ACTORS) await t.signIn(username);
    const raced = await Promise.all(Array.from({ length: CASES }, (_, index) => register(`汉东区教育局拖欠教学设备货款（并发${index + 1}）`)));
    for (const { id } of raced) {
      for (const username of ACTORS) {
        const view = await send(username, 'GET', `/api/cases/${id}`);
        expect(view.text).toContain('"action":"report_progress"');
      }
    }
    const winners = new Map<string, string[]>(raced.map(({ id }) => [id, []]));
    const versions = new Map(raced.map(({ id, version }) => [id, version]));
    for (let round = 1; round <= ROUNDS; round += 1) {
      // Every client of every case sets off at once: CASES × CLIENTS requests in flight.
      const replies = await Promise.all(
        raced.flatMap(({ id }) =>
          Array.from({ length: CLIENTS }, (_, client) => {
            const text = `第${round}轮第${client + 1}个客户端报送的进展`;
            return progress(id, versions.get(id)!, text, ACTORS[client % ACTORS.length]!, `race-${id}-${round}-${client}`).then((reply) => ({ id, text, reply }));
          }),
        ),
      );
      for (const { id } of raced) {
        const ofCase = replies.filter((entry) => entry.id === id);
        const won = ofCase.filter((entry) => entry.reply.status === 200);
        expect(won, `round ${round}: ${ofCase.map((entry) => entry.reply.status).join(',')}`).toHaveLength(1);
        for (const lost of ofCase.filter((entry) => entry.reply.status !== 200)) expectConflict(lost.reply);
        const winner = won[0]!;
        // The winner's answer is the case's head after its own write; the history below shows whose text it was.
        expect(winner.reply.body.version).toBe(versions.get(id)! + 1);
        versions.set(id, winner.reply.body.version!);
        winners.get(id)!.push(winner.text);
      }
    }
    for (const { id, version } of raced) {
      const { seqs, progress: recorded, folded, stored } = await history(id);
      expect(seqs).toEqual(Array.from({ length: version + ROUNDS }, (_, index) => index + 1));
      expect(recorded).toEqual(winners.get(id));
      expect(stored).toEqual(folded);
    }
    const audit = await verifyAudit(t.app);
    expect(audit.broken).toEqual([]);
    expect(auditIntact(audit)).toBe(true);
  });

  it('answers every twin of one key as its first request was answered, while others race for the same version', async () => {
    const { id, version: registered } = await register('汉东区教育局拖欠多媒体设备货款（同键并发）');
    let version = registered;
    for (let round = 1; round <= 3; round += 1) {
      const twinText = `第${round}轮同一幂等键的进展`;
      const twinKey = `twin-${id}-${round}`;
      // Twins of one key (one account: a key is the account's) interleaved with rivals holding their own keys.
      const replies = await Promise.all(
        Array.from({ length: CLIENTS }, (_, client) =>
          client % 2 === 0
            ? progress(id, version, twinText, 'yingshangban', twinKey).then((reply) => ({ twin: true, text: twinText, reply }))
            : progress(id, version, `第${round}轮对手${client}的进展`, 'handong', `rival-${id}-${round}-${client}`).then((reply) => ({
                twin: false,
                text: `第${round}轮对手${client}的进展`,
                reply,
              })),
        ),
      );
      const twins = replies.filter((entry) => entry.twin);
      expect(new Set(twins.map((entry) => entry.reply.text)).size, twins.map((entry) => entry.reply.text).join('\n')).toBe(1);
      const won = replies.filter((entry) => entry.reply.status === 200);
      // One write per version: the twins' (all answered with it) or one rival's.
      const writers = new Set(won.map((entry) => entry.text));
      expect(writers.size).toBe(1);
      const [writer] = [...writers];
      if (writer === twinText) expect(won).toHaveLength(twins.length);
      else expect(won).toHaveLength(1);
      for (const lost of replies.filter((entry) => entry.reply.status !== 200)) expectConflict(lost.reply);
      const { seqs, progress: recorded, folded, stored } = await history(id);
      expect(seqs).toEqual(Array.from({ length: version + 1 }, (_, index) => index + 1));
      expect(recorded.at(-1)).toBe(writer);
      expect(stored).toEqual(folded);
      version += 1;
    }
    expect(auditIntact(await verifyAudit(t.app))).toBe(true);
  });
});
