import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import type { DistributiveOmit } from '../../test/support/domain.ts';
import type { AppContext } from '../app-context.ts';
import { appendEvent, loadCase, loadEvents, projectionColumns } from '../cases/case-store.ts';
import { performCaseAction } from '../cases/perform-case-action.ts';
import { registerCase } from '../cases/register-case.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseCommand } from '../domain/case/commands.ts';
import type { CaseEventDraft } from '../domain/case/events.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { replay } from '../domain/case/evolve.ts';
import { upcastHistory, type StoredCaseEvent } from '../domain/case/upcast.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import type { Database } from '../db/connection.ts';
import { MIGRATIONS_DIR } from '../db/migrate.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import { auditAnchorCases, auditAnchors, caseEvents, cases, securityEvents } from '../db/schema.ts';
import { readAnchorFile, writeAnchor } from '../security/anchors.ts';
import { recordSecurityEvent } from '../security/audit-log.ts';
import { eventHash, GENESIS_HASH, legacyEventHash } from './chain.ts';
import { upgradeLegacySeals } from './seal-upgrade.ts';
import { auditIntact, verifyAudit, type AuditReport } from './verify-audit.ts';
import { ephemeralKeys } from '../security/keys.ts';

const businessOffice: Actor = {
  id: 'acc-test-yingshangban',
  name: '周敏',
  role: 'business_office',
  unitId: UNIT_IDS.yingshangban,
  jurisdictionScope: [],
};

/** Five events: registered, classified (A1), paid in two parts, feedback submitted. */
const settledCase = async (app: AppContext, index: number): Promise<CaseRecord> => {
  let record = await registerCase(app, businessOffice, {
    line: 'arrears',
    source: 'assigned',
    instruction: '请汉东区教育局核实并清偿。',
    title: `汉东区教育局拖欠设备款（${index}）`,
    facts: '设备已验收，货款未付。',
    enterprise: { name: '汉江市楚风建筑工程有限公司', creditCode: makeCreditCode('91422902MA4K3C7D1') },
    responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
    claimedAmount: 30_000_000,
  });
  const commands: DistributiveOmit<CaseCommand, 'expectedVersion'>[] = [
    { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 30_000_000 } },
    { action: 'record_payment', paidOn: '2026-03-02', amount: 10_000_000, voucher: `PZ-${index}-1` },
    { action: 'record_payment', paidOn: '2026-03-02', amount: 20_000_000, voucher: `PZ-${index}-2` },
    { action: 'submit_feedback', summary: '已付清', documents: [{ title: '银行回单', reference: `HD-${index}` }] },
  ];
  for (const command of commands) {
    record = await performCaseAction(app, businessOffice, record.id, { ...command, expectedVersion: record.version } as CaseCommand);
  }
  return record;
};

const breakOf = (report: AuditReport, record: CaseRecord) => report.broken.find((item) => item.caseId === record.id);

describe(`verifying the whole audit log on ${backendName}`, () => {
  let database: Database & { tenantId: string };
  let app: AppContext;
  let records: CaseRecord[];
  const sealed = () => verifyAudit(app);

  beforeAll(async () => {
    database = await createTestDatabase();
    app = { db: database.db, tenantId: database.tenantId, clock: () => new Date('2026-03-02T02:00:00.000Z'), keys: ephemeralKeys() };
    records = [];
    for (let index = 0; index < 7; index += 1) records.push(await settledCase(app, index));
  });
  afterAll(() => database?.close());

  it('finds the log intact after real commands', async () => {
    const report = await sealed();
    expect(report).toMatchObject({ casesChecked: 7, eventsChecked: 35, broken: [], legacySeal: false, securityLog: { broken: [] }, anchors: { broken: [] } });
    expect(auditIntact(report)).toBe(true);
    // Batches that do not divide the cases evenly still check each case once.
    expect(await verifyAudit(app, { batchSize: 3 })).toEqual(report);
  });

  it('detects an edited payment amount and names the case', async () => {
    const [edited] = records;
    await database.db.execute(sql`
      update case_events set payload = jsonb_set(payload, '{amount}', '1')
       where case_id = ${edited!.id} and seq = 3`);
    expect(breakOf(await sealed(), edited!)).toMatchObject({ number: edited!.number, seq: 3, kind: 'hash' });
  });

  it('detects a deleted middle event', async () => {
    const deleted = records[1]!;
    await database.db.execute(sql`delete from case_events where case_id = ${deleted.id} and seq = 3`);
    expect(breakOf(await sealed(), deleted)).toMatchObject({ number: deleted.number, seq: 4, kind: 'gap' });
  });

  it('detects two events whose order was swapped', async () => {
    const swapped = records[2]!;
    // The primary key (case_id, seq) is checked row by row, so the swap goes through a free number.
    await database.db.execute(sql`update case_events set seq = 100 where case_id = ${swapped.id} and seq = 2`);
    await database.db.execute(sql`update case_events set seq = 2 where case_id = ${swapped.id} and seq = 3`);
    await database.db.execute(sql`update case_events set seq = 3 where case_id = ${swapped.id} and seq = 100`);
    expect(breakOf(await sealed(), swapped)).toMatchObject({ number: swapped.number, seq: 2, kind: 'link' });
  });

  it('detects a deleted last event by the head recorded on the case', async () => {
    const truncated = records[3]!;
    await database.db.execute(sql`delete from case_events where case_id = ${truncated.id} and seq = 5`);
    const found = breakOf(await sealed(), truncated);
    expect(found).toMatchObject({ number: truncated.number, seq: 4, kind: 'head' });
    expect(found?.message).toContain('案件末尾事件缺失');
  });

  it('detects a projection that is not the replay of its events', async () => {
    const projected = records[4]!;
    await database.db.execute(sql`update cases set paid_amount = 10000000 where id = ${projected.id}`);
    const found = breakOf(await sealed(), projected);
    expect(found).toMatchObject({ number: projected.number, kind: 'projection' });
    expect(found?.message).toContain('paidAmount');
  });

  it('detects events whose case row was removed, and keeps the untouched case intact', async () => {
    const removed = records[5]!;
    // Only a deliberate act gets past the foreign key: here, replication mode skips its trigger.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from cases where id = ${removed.id}`);
    });
    const report = await sealed();
    expect(breakOf(report, removed)).toMatchObject({ number: removed.number, seq: 1, kind: 'orphan' });
    expect(report.casesChecked).toBe(6);
    const tampered = records.slice(0, 6).map((record) => record.number);
    expect(report.broken.map((item) => item.number).sort()).toEqual(tampered.sort());
  });

  it('keeps a case registered before attachments and ratings intact once migration 0003 filled its projection', async () => {
    // Such a case's registration recorded no attachments, and its projection had neither field.
    const model = records[6]!;
    const draft = {
      type: 'register',
      payload: {
        number: 'QK2025-00999',
        line: model.line,
        source: model.source,
        title: '迁移前登记的事项',
        facts: model.facts,
        instruction: null,
        enterprise: model.enterprise,
        responsibleUnitId: model.responsibleUnitId,
        handlingUnitId: model.handlingUnitId,
        jurisdictionId: model.jurisdictionId,
        leadUnitId: model.leadUnitId,
        cooperatingUnitIds: model.cooperatingUnitIds,
        claimedAmount: model.claimedAmount,
      },
      rule: 'S3',
      stateAfter: 'registered',
      deadline: '2025-12-08',
    } as unknown as CaseEventDraft;
    const legacy = await database.db.transaction((tx) =>
      appendEvent(tx, database.tenantId, app.keys, null, draft, businessOffice, new Date('2025-12-01T02:00:00.000Z'), randomUUID()),
    );
    await database.db.execute(sql`update cases set detail = detail - 'attachments' - 'rating' where id = ${legacy.record.id}`);
    expect(breakOf(await sealed(), legacy.record)?.message).toContain('detail.attachments');

    const migration = await readFile(new URL('20261126_0003_attachments.sql', MIGRATIONS_DIR), 'utf8');
    const backfill = migration.slice(migration.indexOf('update cases'));
    await database.db.execute(sql.raw(backfill));
    expect(breakOf(await sealed(), legacy.record)).toBeUndefined();
    expect((await loadCase(database.db, database.tenantId, legacy.record.id))!.record).toMatchObject({ attachments: [], rating: null });
  });
});

/**
 * What someone with write access to the database but without the key file can do: re-seal a
 * case's whole chain with a seal of their own (bare SM3, or HMAC under another key).
 */
const resealChain = async (app: AppContext, caseId: string, seal: (event: StoredCaseEvent, prevHash: string) => string): Promise<void> => {
  let prevHash = GENESIS_HASH;
  for (const { event } of await loadEvents(app.db, app.tenantId, caseId)) {
    const hash = seal(event, prevHash);
    await app.db.execute(sql`update case_events set prev_hash = ${prevHash}, hash = ${hash} where case_id = ${caseId} and seq = ${event.seq}`);
    prevHash = hash;
  }
  await app.db.execute(sql`update cases set head_hash = ${prevHash} where id = ${caseId}`);
};

const forgeVoucher = (app: AppContext, caseId: string) =>
  app.db.execute(sql`update case_events set payload = jsonb_set(payload, '{voucher}', '"PZ-FORGED"') where case_id = ${caseId} and seq = 3`);

describe(`the keyed seal of the case chains on ${backendName}`, () => {
  let database: Database & { tenantId: string };
  let app: AppContext;
  let records: CaseRecord[];
  let anchorDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = { db: database.db, tenantId: database.tenantId, clock: () => new Date('2026-03-02T02:00:00.000Z'), keys: ephemeralKeys() };
    anchorDir = await mkdtemp(join(tmpdir(), 'chengxin-anchors-'));
    records = [];
    for (let index = 0; index < 4; index += 1) records.push(await settledCase(app, index));
  });
  afterAll(async () => {
    await database?.close();
    if (anchorDir) await rm(anchorDir, { recursive: true, force: true });
  });

  it('refuses an event edited and its chain re-sealed without the key: with bare SM3 or with another key', async () => {
    const [bare, foreign] = records;
    await forgeVoucher(app, bare!.id);
    await resealChain(app, bare!.id, legacyEventHash);
    await forgeVoucher(app, foreign!.id);
    const otherKeys = ephemeralKeys();
    await resealChain(app, foreign!.id, (event, prevHash) => eventHash(otherKeys, event, prevHash));
    const report = await verifyAudit(app);
    expect(report.legacySeal).toBe(false);
    const byNumber = (a: { number: string }, b: { number: string }) => (a.number < b.number ? -1 : 1);
    expect(report.broken.map(({ number, seq, kind }) => ({ number, seq, kind })).sort(byNumber)).toEqual(
      [bare!, foreign!].map((record) => ({ number: record.number, seq: 1, kind: 'hash' })).sort(byNumber),
    );
    expect(report.broken[0]!.message).toContain('事件内容被篡改');
    expect(auditIntact(report)).toBe(false);
  });

  it('catches a tail cut off cleanly, and a truncated security log, by the anchors', async () => {
    const [, , cut, kept] = records;
    for (let index = 0; index < 3; index += 1) {
      await recordSecurityEvent(app, { kind: 'sign_in', outcome: 'success', accountId: 'acc-test-yingshangban', address: '10.0.0.1' });
    }
    const written = await writeAnchor(app, { anchorDir });
    expect(written.written).toBe(true);
    if (!written.written) return;
    expect(written.anchor).toMatchObject({ securitySeq: 3, caseCount: 4 });
    expect(await readAnchorFile(anchorDir, app.tenantId)).toEqual([written.anchor]);
    const before = await verifyAudit(app, { anchorDir });
    expect(before.broken.map((item) => item.kind)).toEqual(['hash', 'hash']);
    expect(before.anchors).toMatchObject({ anchorsChecked: 1, fileChecked: true, broken: [], cases: [] });
    expect(before.securityLog.broken).toEqual([]);

    // The last event removed and the case row rewound to the replay of the rest: a chain and a
    // projection consistent in themselves; only the anchor still knows the fifth event.
    const events = await loadEvents(app.db, app.tenantId, cut!.id);
    const rest = events.slice(0, -1);
    const rewound = replay(upcastHistory(rest.map(({ event }) => event)))!;
    await database.db.delete(caseEvents).where(sql`${caseEvents.caseId} = ${cut!.id} and ${caseEvents.seq} = 5`);
    await database.db.update(cases).set(projectionColumns(rewound, rest.at(-1)!.hash)).where(sql`${cases.id} = ${cut!.id}`);
    const afterCut = await verifyAudit(app, { anchorDir });
    const found = afterCut.broken.find((item) => item.caseId === cut!.id);
    expect(found).toMatchObject({ number: cut!.number, seq: 5, kind: 'anchor' });
    expect(found!.message).toContain('末尾事件被删除');
    expect(afterCut.broken.find((item) => item.caseId === kept!.id)).toBeUndefined();
    // A new anchor does not take the shorter chain as the truth.
    expect((await writeAnchor(app, { anchorDir })).written).toBe(true);
    expect((await verifyAudit(app, { anchorDir })).broken.find((item) => item.caseId === cut!.id)).toMatchObject({ kind: 'anchor' });

    // The security log's tail removed and its head row rewritten to match.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from security_events where tenant_id = ${app.tenantId} and seq >= 3`);
      await tx.execute(sql`update security_log_heads set seq = 2, mac = (select mac from security_events where tenant_id = ${app.tenantId} and seq = 2) where tenant_id = ${app.tenantId}`);
    });
    const truncated = await verifyAudit(app, { anchorDir });
    expect(truncated.securityLog.broken).toEqual([]);
    expect(truncated.anchors.broken.map((item) => item.message).join('\n')).toContain('锚定的安全审计日志事件（序号3）已不存在');

    // An anchor removed from the table is still in the file.
    await database.db.delete(auditAnchors).where(sql`${auditAnchors.id} = ${written.anchor.id}`);
    expect((await verifyAudit(app, { anchorDir })).anchors.broken.map((item) => item.message).join('\n')).toContain('在数据库中已不存在');

    // The anchored case list edited to hide the cut: its digest no longer matches, and no anchor is written over it.
    await database.db.update(auditAnchorCases).set({ version: 4, headHash: rest.at(-1)!.hash }).where(sql`${auditAnchorCases.caseId} = ${cut!.id}`);
    expect((await verifyAudit(app, { anchorDir })).anchors.broken.map((item) => item.message).join('\n')).toContain('锚定的案件链头清单已被改动');
    const refused = await writeAnchor(app, { anchorDir });
    expect(refused).toMatchObject({ written: false });
    const [failure] = await database.db.select().from(securityEvents).where(sql`${securityEvents.kind} = 'anchor_written' and ${securityEvents.outcome} = 'failure'`);
    expect(failure?.details).toMatchObject({ problem: expect.stringContaining('上一次锚点') });
  });
});

describe(`the upgrade of data sealed by an earlier version on ${backendName}`, () => {
  let database: Database & { tenantId: string };
  let app: AppContext;
  let records: CaseRecord[];
  let anchorDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = { db: database.db, tenantId: database.tenantId, clock: () => new Date('2026-03-02T02:00:00.000Z'), keys: ephemeralKeys() };
    anchorDir = await mkdtemp(join(tmpdir(), 'chengxin-anchors-'));
    records = [];
    for (let index = 0; index < 3; index += 1) records.push(await settledCase(app, index));
    // As a version before the keyed seal left them: bare SM3, and the tenant marked by migration 0026.
    for (const record of records) await resealChain(app, record.id, legacyEventHash);
    await database.db.execute(sql`insert into audit_legacy_seals (tenant_id, marked_at) values (${app.tenantId}, now())`);
  });
  afterAll(async () => {
    await database?.close();
    if (anchorDir) await rm(anchorDir, { recursive: true, force: true });
  });

  it('keeps verifying before the re-seal, re-seals once with the key, and then accepts the key alone', async () => {
    const before = await verifyAudit(app, { anchorDir });
    expect(before).toMatchObject({ casesChecked: 3, broken: [], legacySeal: true });

    const upgraded = await upgradeLegacySeals(app, { anchorDir });
    expect(upgraded).toMatchObject({ cases: 3, events: 15, broken: [], anchor: { written: true } });
    const after = await verifyAudit(app, { anchorDir });
    expect(after).toMatchObject({ casesChecked: 3, broken: [], legacySeal: false, anchors: { anchorsChecked: 1, fileChecked: true, broken: [] } });
    expect(auditIntact(after)).toBe(true);
    for (const { event, prevHash, hash } of await loadEvents(app.db, app.tenantId, records[0]!.id)) {
      expect(hash).toBe(eventHash(app.keys, event, prevHash));
    }
    const [recorded] = await database.db.select().from(securityEvents).where(sql`${securityEvents.kind} = 'anchor_written'`);
    expect(recorded?.details).toMatchObject({ sealUpgrade: { from: 'sm3', to: 'hmac-sm3', cases: 3, events: 15 } });
    // Once only.
    expect(await upgradeLegacySeals(app, { anchorDir })).toBeNull();

    // Now an edit re-sealed with bare SM3 is found, and putting the mark back does not help.
    const [edited] = records;
    await forgeVoucher(app, edited!.id);
    await resealChain(app, edited!.id, legacyEventHash);
    await database.db.execute(sql`insert into audit_legacy_seals (tenant_id, marked_at) values (${app.tenantId}, now())`);
    const tampered = await verifyAudit(app, { anchorDir });
    expect(tampered.legacySeal).toBe(false);
    expect(tampered.broken.find((item) => item.caseId === edited!.id)).toMatchObject({ seq: 1, kind: 'hash' });
    expect(tampered.anchors.broken.map((item) => item.message).join('\n')).toContain('升级标记');
    expect(await upgradeLegacySeals(app, { anchorDir })).toBeNull();
  });
});

