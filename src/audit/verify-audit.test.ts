import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import type { DistributiveOmit } from '../../test/support/domain.ts';
import type { AppContext } from '../app-context.ts';
import { appendEvent, loadCase } from '../cases/case-store.ts';
import { performCaseAction } from '../cases/perform-case-action.ts';
import { registerCase } from '../cases/register-case.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseCommand } from '../domain/case/commands.ts';
import type { CaseEventDraft } from '../domain/case/events.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import type { Database } from '../db/connection.ts';
import { MIGRATIONS_DIR } from '../db/migrate.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import { verifyAudit, type AuditReport } from './verify-audit.ts';
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
  const sealed = () => verifyAudit(database.db, database.tenantId);

  beforeAll(async () => {
    database = await createTestDatabase();
    app = { db: database.db, tenantId: database.tenantId, clock: () => new Date('2026-03-02T02:00:00.000Z'), keys: ephemeralKeys() };
    records = [];
    for (let index = 0; index < 7; index += 1) records.push(await settledCase(app, index));
  });
  afterAll(() => database?.close());

  it('finds the log intact after real commands', async () => {
    const report = await sealed();
    expect(report).toEqual({ casesChecked: 7, eventsChecked: 35, broken: [] });
    // Batches that do not divide the cases evenly still check each case once.
    expect(await verifyAudit(database.db, database.tenantId, { batchSize: 3 })).toEqual(report);
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
      appendEvent(tx, database.tenantId, null, draft, businessOffice, new Date('2025-12-01T02:00:00.000Z'), randomUUID()),
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
