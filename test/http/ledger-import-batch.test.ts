import { randomUUID } from 'node:crypto';
import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/verify-audit.ts';
import { writeCase } from '../../src/cases/write-case.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import { caseEvents, cases, notifications, units, webhookDeliveries, webhookSubscriptions } from '../../src/db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { enterpriseCode, ledgerRow, ledgerWorkbook, type LedgerImportResult as Result } from '../support/ledger-workbook.ts';
import { multipart } from '../support/multipart.ts';

/**
 * The ledger import writes its rows in batches (`writeRegistrations`): each imported case must be
 * the registration the one write path makes of the same input — the same event, sealed on the
 * same chain, the same projection, the same outbox — and a file is still all or nothing across
 * its batches.
 */
describe(`a ledger import registers each row as the one write path does (${backendName})`, () => {
  let t: TestApp;
  const county: Actor = { id: 'acc-handong', name: 'handong', role: 'county_coordinator', unitId: LOCAL_UNIT_IDS.handong.government, jurisdictionScope: [JURISDICTION_IDS.handong] };
  beforeAll(async () => {
    t = await createTestApp('2026-11-26T09:30:00+08:00');
    await t.app.db.insert(webhookSubscriptions).values({ id: randomUUID(), tenantId: t.app.tenantId, url: 'https://receiver.example/hook', secret: 'secret', createdBy: 'acc-sysadmin', createdAt: new Date() });
  });
  afterAll(() => t?.close());

  const upload = async (content: Buffer) => {
    const body = multipart('台账.xlsx', content);
    return t.server.inject({ method: 'POST', url: '/api/cases/import', payload: body.payload, headers: { ...(await t.signIn('handong')), ...body.headers } });
  };
  const totals = async () => {
    const of = async (table: typeof cases | typeof caseEvents | typeof notifications | typeof units | typeof webhookDeliveries) => (await t.app.db.select({ n: count() }).from(table))[0]!.n;
    return { cases: await of(cases), events: await of(caseEvents), notifications: await of(notifications), units: await of(units), deliveries: await of(webhookDeliveries) };
  };

  it('writes the event, projection, enterprise and outbox a registration through writeCase writes, numbered in the file’s order', async () => {
    // Rows 1 and 3 name the same enterprise: it is registered once, with the first row's name.
    const rows = [ledgerRow(1), ledgerRow(2), ledgerRow(3, { 统一社会信用代码: enterpriseCode(1), 债权企业名称: '另一个名称' })];
    const before = await totals();
    const response = await upload(await ledgerWorkbook(rows));
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json<Result>();
    expect(result.imported).toBe(3);
    const ids = result.cases.map((item) => item.id);
    const numbers = result.cases.map((item) => Number(item.number.split('-')[1]));
    expect(numbers).toEqual([numbers[0], numbers[0]! + 1, numbers[0]! + 2]);

    const events = await t.app.db.select().from(caseEvents).where(inArray(caseEvents.caseId, ids)).orderBy(asc(caseEvents.at));
    const projections = await t.app.db.select().from(cases).where(inArray(cases.id, ids));
    expect(events).toHaveLength(3);
    // The same registration through the one write path, row by row (another file's rows, so that both can exist).
    const single = [];
    for (const [index, event] of events.entries()) {
      const payload = event.payload as { title: string; facts: string; enterprise: { name: string; creditCode: string }; responsibleUnitId: string; claimedAmount: number; particulars?: { contract: { facts: object } } };
      const record = await writeCase(t.app, county, {
        register: {
          line: 'arrears',
          source: 'import',
          title: payload.title,
          facts: payload.facts,
          enterprise: { name: rows[index]!.债权企业名称 as string, creditCode: payload.enterprise.creditCode },
          responsibleUnitId: payload.responsibleUnitId,
          claimedAmount: payload.claimedAmount,
          ...(payload.particulars === undefined ? {} : { particulars: { contract: payload.particulars.contract.facts } }),
        },
        importedFrom: { fileName: 'single.xlsx', sha256: 'f'.repeat(64), row: index + 4 },
      });
      single.push(record);
    }
    const singleEvents = await t.app.db.select().from(caseEvents).where(inArray(caseEvents.caseId, single.map((record) => record.id)));
    const comparable = (event: typeof caseEvents.$inferSelect) => {
      const { number: _number, importedFrom: _from, ...payload } = event.payload as Record<string, unknown>;
      return { ...payload, type: event.type, rule: event.rule, stateBefore: event.stateBefore, stateAfter: event.stateAfter, deadline: event.deadline, seq: event.seq, prevHash: event.prevHash };
    };
    const byId = new Map(singleEvents.map((event) => [event.caseId, event]));
    single.forEach((record, index) => {
      expect(comparable(events[index]!)).toEqual(comparable(byId.get(record.id)!));
    });
    const detail = (row: typeof cases.$inferSelect) => {
      const { id: _id, number: _number, importedFrom: _from, registeredAt: _registered, updatedAt: _updated, ...rest } = row.detail as Record<string, unknown>;
      return rest;
    };
    for (const [index, record] of single.entries()) {
      const projection = projections.find((row) => row.id === events[index]!.caseId)!;
      const [other] = await t.app.db.select().from(cases).where(eq(cases.id, record.id));
      expect(detail(projection)).toEqual(detail(other!));
      expect(projection.headHash).toBe(events[index]!.hash);
    }
    // One enterprise per credit code: the import registered two, the single writes found them.
    const after = await totals();
    expect(after.units - before.units).toBe(2);
    const [shared] = await t.app.db.select({ name: units.name }).from(units).where(eq(units.creditCode, enterpriseCode(1)));
    expect(shared!.name).toBe(rows[0]!.债权企业名称);
    // The outbox: one `register` delivery per case of either path; no notification for an import.
    const deliveries = await t.app.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.caseId, ids));
    expect(deliveries.map((delivery) => [delivery.eventType, (delivery.payload as { eventId: string }).eventId]).sort()).toEqual(ids.map((id) => ['register', `${id}:1`]).sort());
    expect(after.deliveries - before.deliveries).toBe(6);
    expect(after.notifications).toBe(before.notifications);
    // Every chain seals and every projection replays.
    const report = await verifyAudit(t.app);
    expect(report.broken).toEqual([]);
    expect(report.casesChecked).toBeGreaterThanOrEqual(6);
  });

  // 2,400 registrations in one transaction: ~20 s on a quiet machine's PGlite, 40 s and more beside a second run of the suite.
  it('writes nothing when a row past the first batch is wrong, although the first batch was already written in the transaction', { timeout: 180_000 }, async () => {
    const before = await totals();
    // The import registers 2,000 rows at a time; the sheet is read 64 KB (about a hundred rows) at a time, so the last row is read after the first 2,000 were written.
    const rows = Array.from({ length: 2_400 }, (_, index) => ledgerRow(1_000 + index, index === 2_399 ? { '欠款金额（万元）': '约五十万' } : {}));
    const response = await upload(await ledgerWorkbook(rows));
    expect(response.statusCode, response.body.slice(0, 300)).toBe(422);
    expect(response.json<{ error: { code: string; details: { errors: { row: number }[] } } }>().error).toMatchObject({ code: 'IMPORT_INVALID', details: { errors: [{ row: 2_399 + 4 }] } });
    expect(await totals()).toEqual(before);
    const [counter] = await t.app.db.execute<{ next_value: number }>(sql`select next_value from case_counters where tenant_id = ${t.app.tenantId} and prefix = 'QK'`).then((result) => result.rows);
    // The case numbers taken for the rolled-back batch are given back.
    expect(Number(counter!.next_value)).toBe(7);
  });
});
