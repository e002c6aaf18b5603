import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { parseExportFile } from '../domain/credit/export-file.ts';
import { AppError } from '../domain/errors.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS, JURISDICTION_IDS } from '../db/seed/hanjiang.ts';
import { caseCounters, creditExportBatches, creditRecordEvents, creditRecords } from '../db/schema.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { registerTestArrear, runCommands } from '../../test/support/cases.ts';
import { backendName } from '../../test/support/database.ts';
import { createCreditExport } from './create-credit-export.ts';
import { getCreditRecord } from './get-credit-record.ts';
import { listBreachCandidates } from './list-breach-candidates.ts';
import { listCreditRecords } from './list-credit-records.ts';
import { performCreditAction } from './perform-credit-action.ts';
import { getCreditExportFile, listCreditExports } from './read-credit-exports.ts';
import { recordBreach } from './record-breach.ts';

const office: Actor = { id: 'acc-yingshangban', name: '市营商办', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const creditOffice: Actor = { id: 'acc-xinyongban', name: '信用办张科长', role: 'credit_office', unitId: UNIT_IDS.xinyongban, jurisdictionScope: [] };
const debtor: Actor = { id: 'acc-hd-jiaoyu', name: '汉东区教育局', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, jurisdictionScope: [] };
const otherUnit: Actor = { id: 'acc-jb-jiaoyu', name: '江北区教育局', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.jiangbei.jiaoyuju, jurisdictionScope: [] };
const county: Actor = { id: 'acc-handong', name: '汉东区', role: 'county_coordinator', unitId: LOCAL_UNIT_IDS.handong.government, jurisdictionScope: [JURISDICTION_IDS.handong] };
const enterprise: Actor = { id: 'acc-qiye', name: '企业', role: 'enterprise', unitId: 'u-none', jurisdictionScope: [] };

const BASIS = '《保障中小企业款项支付条例》第八条';

/** Rejects with `code` and leaves every credit table as it was. */
const expectNothingChanged = async (t: TestApp, action: () => Promise<unknown>, code: string) => {
  const snapshot = async () => ({
    records: await t.app.db.select().from(creditRecords).orderBy(creditRecords.number),
    events: (await t.app.db.select({ n: sql<number>`count(*)::int` }).from(creditRecordEvents))[0]!.n,
    batches: (await t.app.db.select({ n: sql<number>`count(*)::int` }).from(creditExportBatches))[0]!.n,
    counters: await t.app.db.select().from(caseCounters).orderBy(caseCounters.prefix),
  });
  const before = await snapshot();
  const error = await action().then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).message).toMatch(/[\u4e00-\u9fa5]/);
  expect(await snapshot()).toEqual(before);
};

describe(`breach records and their export on ${backendName} (S4)`, () => {
  let t: TestApp;
  let overdue: CaseRecord;
  let other: CaseRecord;
  let recordId: string;
  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    const arrear = async (title: string, organisation: string) => {
      const registered = await registerTestArrear(t.app, office, {
        title,
        enterpriseName: `${title}企业`,
        organisation,
        responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
        claimedAmount: 30_000_000,
      });
      // A1: ≤ 500,000 元, due by 31 December (A2).
      return runCommands(t.app, debtor, registered, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 30_000_000 } });
    };
    overdue = await arrear('学生公寓改造工程款', 'CR000001');
    other = await arrear('校园安防设备采购款', 'CR000002');
    expect(overdue.deadline).toBe('2026-12-31');
    t.clock.set('2027-01-05T10:00:00+08:00');
  });
  afterAll(async () => t?.close());

  const input = (caseId: string) => ({ unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, caseId, facts: '逾期未支付工程款30万元，经催办仍未支付', basis: BASIS, breachOn: '2027-01-05' });

  it('offers 信用办 the unit’s overdue cases, and refuses a case not yet overdue, changing nothing', async () => {
    const candidates = await listBreachCandidates(t.app, creditOffice);
    const unit = candidates.units.find((item) => item.id === LOCAL_UNIT_IDS.handong.jiaoyuju)!;
    expect(unit.creditCode).toMatch(/^11/);
    expect(unit.cases.map((item) => item.number).sort()).toEqual([overdue.number, other.number].sort());
    expect(candidates.units.every((item) => ['government', 'department', 'institution', 'soe'].includes(item.kind))).toBe(true);

    t.clock.set('2026-12-30T10:00:00+08:00');
    await expectNothingChanged(t, () => recordBreach(t.app, creditOffice, { ...input(overdue.id), breachOn: '2026-12-30' }), 'CREDIT_CASE_NOT_ELIGIBLE');
    t.clock.set('2027-01-05T10:00:00+08:00');
  });

  it('records a breach with the unit’s name and code as of today, numbered XY and the year, with its first event', async () => {
    recordId = await recordBreach(t.app, creditOffice, input(overdue.id));
    const view = await getCreditRecord(t.app, creditOffice, recordId);
    expect(view).toMatchObject({
      number: 'XY2027-0001',
      status: 'recorded',
      unitName: '汉东区教育局',
      caseNumber: overdue.number,
      recordingUnitName: '汉江市社会信用体系建设领导小组办公室',
      version: 1,
    });
    expect(view.history).toEqual([expect.objectContaining({ seq: 1, type: 'record', statusBefore: null, statusAfter: 'recorded', actorName: '信用办张科长' })]);
    expect(view.availableActions).toEqual([]);
  });

  it('refuses a second record of the same case, another unit, a future date and any other role, changing nothing', async () => {
    await expectNothingChanged(t, () => recordBreach(t.app, creditOffice, input(overdue.id)), 'CREDIT_RECORD_DUPLICATE');
    await expectNothingChanged(
      t,
      () => recordBreach(t.app, creditOffice, { ...input(other.id), unitId: LOCAL_UNIT_IDS.jiangbei.jiaoyuju }),
      'CREDIT_CASE_NOT_ELIGIBLE',
    );
    await expectNothingChanged(t, () => recordBreach(t.app, creditOffice, { ...input(other.id), breachOn: '2027-01-06' }), 'DATE_INVALID');
    await expectNothingChanged(t, () => recordBreach(t.app, creditOffice, { ...input(other.id), unitId: 'u-missing' }), 'UNIT_NOT_FOUND');
    for (const who of [office, debtor, county]) await expectNothingChanged(t, () => recordBreach(t.app, who, input(other.id)), 'FORBIDDEN');
  });

  it('shows a unit its own records only; its county sees them; enterprises see none', async () => {
    expect((await listCreditRecords(t.app, debtor, {})).items.map((item) => item.number)).toEqual(['XY2027-0001']);
    expect((await listCreditRecords(t.app, county, {})).items).toHaveLength(1);
    expect((await listCreditRecords(t.app, otherUnit, {})).items).toEqual([]);
    expect((await listCreditRecords(t.app, enterprise, {})).items).toEqual([]);
    expect((await listCreditRecords(t.app, office, { q: '汉东' })).items).toHaveLength(1);
    expect((await listCreditRecords(t.app, office, { status: 'revoked' })).items).toEqual([]);
    await expect(getCreditRecord(t.app, otherUnit, recordId)).rejects.toMatchObject({ code: 'CREDIT_RECORD_NOT_FOUND' });
  });

  it('reports the record as 新增 in the first batch, then nothing new (no empty batch)', async () => {
    const batch = await createCreditExport(t.app, creditOffice);
    expect(batch).toMatchObject({ number: 'BS2027-0001', recordCount: 1 });
    const file = await getCreditExportFile(t.app, creditOffice, batch.id);
    expect(parseExportFile(file.content)).toEqual([
      expect.objectContaining({ 数据批次号: 'BS2027-0001', 记录编号: 'XY2027-0001', 状态: '新增', 主体名称: '汉东区教育局', 认定依据: BASIS }),
    ]);
    await expectNothingChanged(t, () => createCreditExport(t.app, creditOffice), 'CREDIT_EXPORT_NOTHING_NEW');
    await expectNothingChanged(t, () => createCreditExport(t.app, debtor), 'FORBIDDEN');
    expect((await getCreditRecord(t.app, creditOffice, recordId)).history.at(-1)).toMatchObject({ type: 'export', payload: { batchNumber: 'BS2027-0001', change: 'added' } });
  });

  it('takes the unit’s objection, and 信用办’s rejection returns the record to recorded; a second objection is refused', async () => {
    const version = (await getCreditRecord(t.app, debtor, recordId)).version;
    await expectNothingChanged(t, () => performCreditAction(t.app, otherUnit, recordId, { action: 'object', expectedVersion: version, reason: '不是我们' }), 'CREDIT_RECORD_NOT_FOUND');
    await performCreditAction(t.app, debtor, recordId, { action: 'object', expectedVersion: version, reason: '该款项已列入2027年预算' });
    await expectNothingChanged(
      t,
      () => performCreditAction(t.app, debtor, recordId, { action: 'decide_objection', expectedVersion: version + 1, decision: 'upheld', reason: '自己说成立' }),
      'FORBIDDEN',
    );
    await performCreditAction(t.app, creditOffice, recordId, { action: 'decide_objection', expectedVersion: version + 1, decision: 'rejected', reason: '列入预算不等于已支付，异议不成立' });
    const view = await getCreditRecord(t.app, debtor, recordId);
    expect(view).toMatchObject({ status: 'recorded', objectionDecision: 'rejected', version: version + 2 });
    expect(view.history.map((event) => event.type)).toEqual(['record', 'export', 'object', 'decide_objection']);
    await expectNothingChanged(t, () => performCreditAction(t.app, debtor, recordId, { action: 'object', expectedVersion: version + 2, reason: '再次异议' }), 'CREDIT_NOT_IN_STATUS');
  });

  it('lets the unit apply for repair only after paying; 信用办 approves and the next batch reports 修复', async () => {
    const version = (await getCreditRecord(t.app, debtor, recordId)).version;
    const apply = { action: 'apply_repair' as const, expectedVersion: version, measures: '已全额支付，并建立合同履约台账' };
    await expectNothingChanged(t, () => performCreditAction(t.app, debtor, recordId, apply), 'CREDIT_REPAIR_NOT_ELIGIBLE');
    await runCommands(t.app, debtor, overdue, { action: 'record_payment', paidOn: '2027-01-05', amount: 30_000_000, voucher: 'HD-2027-0105' });
    await expectNothingChanged(t, () => performCreditAction(t.app, debtor, recordId, { ...apply, expectedVersion: version - 1 }), 'VERSION_CONFLICT');
    await performCreditAction(t.app, county, recordId, apply);
    expect((await getCreditRecord(t.app, creditOffice, recordId)).availableActions.map((item) => item.action)).toEqual(['decide_repair']);
    t.clock.set('2027-01-12T10:00:00+08:00');
    await performCreditAction(t.app, creditOffice, recordId, { action: 'decide_repair', expectedVersion: version + 1, decision: 'approved', reason: '整改到位，同意修复' });
    expect(await getCreditRecord(t.app, debtor, recordId)).toMatchObject({ status: 'repaired', repairedOn: '2027-01-12' });

    const batch = await createCreditExport(t.app, creditOffice);
    expect(batch).toMatchObject({ number: 'BS2027-0002', recordCount: 1 });
    const rows = parseExportFile((await getCreditExportFile(t.app, creditOffice, batch.id)).content);
    expect(rows).toEqual([expect.objectContaining({ 记录编号: 'XY2027-0001', 状态: '修复', 修复日期: '2027-01-12' })]);
    expect((await listCreditExports(t.app, creditOffice)).map((item) => item.number)).toEqual(['BS2027-0002', 'BS2027-0001']);
  });

  it('keeps every change as an event, in order, with the status before and after', async () => {
    const events = await t.app.db
      .select()
      .from(creditRecordEvents)
      .where(and(eq(creditRecordEvents.tenantId, t.app.tenantId), eq(creditRecordEvents.recordId, recordId)))
      .orderBy(creditRecordEvents.seq);
    expect(events.map((event) => [event.seq, event.type, event.statusBefore, event.statusAfter])).toEqual([
      [1, 'record', null, 'recorded'],
      [2, 'export', 'recorded', 'recorded'],
      [3, 'object', 'recorded', 'objected'],
      [4, 'decide_objection', 'objected', 'recorded'],
      [5, 'apply_repair', 'recorded', 'recorded'],
      [6, 'decide_repair', 'recorded', 'repaired'],
      [7, 'export', 'repaired', 'repaired'],
    ]);
  });

  it('lets one of two concurrent steps on one version win; the other changes nothing', async () => {
    const id = await recordBreach(t.app, creditOffice, input(other.id));
    const results = await Promise.allSettled([
      performCreditAction(t.app, debtor, id, { action: 'object', expectedVersion: 1, reason: '第一份异议' }),
      performCreditAction(t.app, county, id, { action: 'object', expectedVersion: 1, reason: '第二份异议' }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')!;
    expect(rejected.reason).toMatchObject({ code: 'VERSION_CONFLICT' });
    const view = await getCreditRecord(t.app, creditOffice, id);
    expect(view.history.map((event) => event.seq)).toEqual([1, 2]);
  });
});
