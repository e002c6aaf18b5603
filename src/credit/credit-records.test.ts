import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { ARREARS_BREACH_BASIS } from '../domain/credit/basis.ts';
import { parseExportFile } from '../domain/credit/export-file.ts';
import { AppError } from '../domain/errors.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS, JURISDICTION_IDS } from '../db/seed/hanjiang.ts';
import { caseCounters, creditExportBatches, creditProposals, creditRecordEvents, creditRecords, notifications } from '../db/schema.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { registerTestArrear, runCommands } from '../../test/support/cases.ts';
import { backendName } from '../../test/support/database.ts';
import { createCreditExport } from './create-credit-export.ts';
import { getCreditRecord } from './get-credit-record.ts';
import { listBreachCandidates } from './list-breach-candidates.ts';
import { listCreditRecords } from './list-credit-records.ts';
import { orderRectification } from './order-rectification.ts';
import { performCreditAction } from './perform-credit-action.ts';
import { getCreditExportFile, listCreditExports } from './read-credit-exports.ts';

const office: Actor = { id: 'acc-yingshangban', name: '市营商办', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const creditOffice: Actor = { id: 'acc-xinyongban', name: '信用办张科长', role: 'credit_office', unitId: UNIT_IDS.xinyongban, jurisdictionScope: [] };
const debtor: Actor = { id: 'acc-hd-jiaoyu', name: '汉东区教育局', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, jurisdictionScope: [] };
const soeHandler: Actor = { id: 'acc-hd-chengtou', name: '汉东城投', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.soe, jurisdictionScope: [] };
const otherUnit: Actor = { id: 'acc-jb-jiaoyu', name: '江北区教育局', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.jiangbei.jiaoyuju, jurisdictionScope: [] };
const county: Actor = { id: 'acc-handong', name: '汉东区', role: 'county_coordinator', unitId: LOCAL_UNIT_IDS.handong.government, jurisdictionScope: [JURISDICTION_IDS.handong] };
const enterprise: Actor = { id: 'acc-qiye', name: '企业', role: 'enterprise', unitId: 'u-none', jurisdictionScope: [] };

/** Rejects with `code` and leaves every credit table (and the notifications) as it was. */
const expectNothingChanged = async (t: TestApp, action: () => Promise<unknown>, code: string) => {
  const count = async (table: typeof creditRecordEvents | typeof creditExportBatches | typeof notifications) =>
    (await t.app.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  const snapshot = async () => ({
    records: await t.app.db.select().from(creditRecords).orderBy(creditRecords.number),
    events: await count(creditRecordEvents),
    batches: await count(creditExportBatches),
    notifications: await count(notifications),
    proposals: await t.app.db.select().from(creditProposals).orderBy(creditProposals.id),
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

describe(`breach records through 发改财金〔2023〕1103号 and their export on ${backendName} (S4)`, () => {
  let t: TestApp;
  let overdue: CaseRecord;
  let other: CaseRecord;
  let third: CaseRecord;
  let soeCase: CaseRecord;
  let recordId: string;
  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    const arrear = async (title: string, organisation: string, unitId: string = LOCAL_UNIT_IDS.handong.jiaoyuju, handler: Actor = debtor) => {
      const registered = await registerTestArrear(t.app, office, { title, enterpriseName: `${title}企业`, organisation, responsibleUnitId: unitId, claimedAmount: 30_000_000 });
      // A1: ≤ 500,000 元, due by 31 December (A2).
      return runCommands(t.app, handler, registered, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 30_000_000 } });
    };
    overdue = await arrear('学生公寓改造工程款', 'CR000001');
    other = await arrear('校园安防设备采购款', 'CR000002');
    third = await arrear('教师周转房维修款', 'CR000003');
    soeCase = await arrear('城投公司拖欠道路养护款', 'CR000004', LOCAL_UNIT_IDS.handong.soe, soeHandler);
    expect(overdue.deadline).toBe('2026-12-31');
    t.clock.set('2027-01-05T10:00:00+08:00');
  });
  afterAll(async () => t?.close());

  const orderInput = (caseId: string, unitId: string = LOCAL_UNIT_IDS.handong.jiaoyuju) => ({
    unitId,
    caseId,
    facts: '确认欠款30万元应于2026年12月31日前一次性支付，逾期未付',
    basis: ARREARS_BREACH_BASIS,
    requirement: '请于整改期限内一次性付清欠款30万元，并将支付凭证报市信用办',
    documentNumber: '汉信用责改〔2027〕1号',
  });
  const version = async (id: string) => (await getCreditRecord(t.app, creditOffice, id)).version;

  it('offers 信用办 the overdue cases of 机关 and 事业单位 with the default deadline, and refuses a case not yet overdue, changing nothing', async () => {
    const candidates = await listBreachCandidates(t.app, creditOffice);
    expect(candidates).toMatchObject({ today: '2027-01-05', defaultDeadline: '2027-01-26' });
    const unit = candidates.units.find((item) => item.id === LOCAL_UNIT_IDS.handong.jiaoyuju)!;
    expect(unit.creditCode).toMatch(/^11/);
    expect(unit.cases.map((item) => item.number).sort()).toEqual([overdue.number, other.number, third.number].sort());
    expect(unit.cases[0]?.suggestedBasis).toBe('《保障中小企业款项支付条例》第九条、第二十六条');
    expect(candidates.units.every((item) => ['government', 'department', 'institution'].includes(item.kind))).toBe(true);
    expect(candidates.units.map((item) => item.id)).not.toContain(LOCAL_UNIT_IDS.handong.soe);

    t.clock.set('2026-12-30T10:00:00+08:00');
    await expectNothingChanged(t, () => orderRectification(t.app, creditOffice, orderInput(overdue.id)), 'CREDIT_CASE_NOT_ELIGIBLE');
    t.clock.set('2027-01-05T10:00:00+08:00');
  });

  it('orders the unit to rectify in 15 working days, opening a record numbered XY and the year, with its first event and the unit told', async () => {
    recordId = await orderRectification(t.app, creditOffice, orderInput(overdue.id));
    const view = await getCreditRecord(t.app, creditOffice, recordId);
    expect(view).toMatchObject({
      number: 'XY2027-0001',
      status: 'ordered',
      unitName: '汉东区教育局',
      caseNumber: overdue.number,
      orderedOn: '2027-01-05',
      rectificationDeadline: '2027-01-26',
      orderDocumentNumber: '汉信用责改〔2027〕1号',
      breachOn: null,
      rectificationOverdue: false,
      recordingUnitName: '汉江市社会信用体系建设领导小组办公室',
      version: 1,
    });
    expect(view.history).toEqual([expect.objectContaining({ seq: 1, type: 'order_rectification', statusBefore: null, statusAfter: 'ordered', actorName: '信用办张科长' })]);
    expect(view.availableActions.map((item) => item.action)).toEqual(['record_rectified', 'record_refusal']);
    expect((await getCreditRecord(t.app, debtor, recordId)).availableActions).toEqual([]);
    const told = await t.app.db.select().from(notifications).where(eq(notifications.creditRecordId, recordId));
    expect(told.length).toBeGreaterThan(0);
    expect(told.every((notification) => notification.kind === 'rectification_ordered' && notification.body.includes('整改期限：2027-01-26'))).toBe(true);
  });

  it('refuses a second order of the case, an SOE, another unit, a past deadline and any other role, changing nothing', async () => {
    await expectNothingChanged(t, () => orderRectification(t.app, creditOffice, orderInput(overdue.id)), 'CREDIT_RECORD_DUPLICATE');
    await expectNothingChanged(t, () => orderRectification(t.app, creditOffice, orderInput(soeCase.id, LOCAL_UNIT_IDS.handong.soe)), 'CREDIT_UNIT_NOT_ELIGIBLE');
    await expectNothingChanged(t, () => orderRectification(t.app, creditOffice, orderInput(other.id, LOCAL_UNIT_IDS.jiangbei.jiaoyuju)), 'CREDIT_CASE_NOT_ELIGIBLE');
    await expectNothingChanged(t, () => orderRectification(t.app, creditOffice, { ...orderInput(other.id), deadline: '2027-01-04' }), 'DATE_INVALID');
    await expectNothingChanged(t, () => orderRectification(t.app, creditOffice, orderInput(other.id, 'u-missing')), 'UNIT_NOT_FOUND');
    for (const who of [office, debtor, county]) await expectNothingChanged(t, () => orderRectification(t.app, who, orderInput(other.id)), 'FORBIDDEN');
  });

  it('reports nothing while the record is only an order', async () => {
    await expectNothingChanged(t, () => createCreditExport(t.app, creditOffice), 'CREDIT_EXPORT_NOTHING_NEW');
    expect((await listCreditRecords(t.app, office, { status: 'ordered' })).items.map((item) => item.number)).toEqual(['XY2027-0001']);
  });

  it('records the refusal for the lapse only from the day after the deadline, and determines only after it', async () => {
    const lapse = { action: 'record_refusal' as const, expectedVersion: 1, ground: 'lapse' as const, facts: '整改期限届满，仍未付款' };
    const determine = { action: 'record' as const, expectedVersion: 1, facts: '逾期未付，经责令整改仍未整改', basis: ARREARS_BREACH_BASIS, breachOn: '2027-01-26' };
    t.clock.set('2027-01-26T17:00:00+08:00');
    await expectNothingChanged(t, () => performCreditAction(t.app, creditOffice, recordId, lapse), 'CREDIT_DEADLINE_NOT_PASSED');
    await expectNothingChanged(t, () => performCreditAction(t.app, creditOffice, recordId, determine), 'CREDIT_NOT_IN_STATUS');
    await expectNothingChanged(t, () => performCreditAction(t.app, debtor, recordId, { ...lapse, ground: 'written' }), 'FORBIDDEN');

    t.clock.set('2027-01-27T10:00:00+08:00');
    expect((await getCreditRecord(t.app, creditOffice, recordId)).rectificationOverdue).toBe(true);
    await performCreditAction(t.app, creditOffice, recordId, lapse);
    expect(await getCreditRecord(t.app, debtor, recordId)).toMatchObject({ status: 'refused', refusalGround: 'lapse', refusedOn: '2027-01-27' });
    await expectNothingChanged(t, () => performCreditAction(t.app, creditOffice, recordId, { ...determine, expectedVersion: 2 }), 'DATE_INVALID');
    await performCreditAction(t.app, creditOffice, recordId, { ...determine, expectedVersion: 2, breachOn: '2027-01-27' });
    const view = await getCreditRecord(t.app, debtor, recordId);
    expect(view).toMatchObject({ status: 'recorded', breachOn: '2027-01-27', facts: '逾期未付，经责令整改仍未整改', version: 3 });
    expect(view.availableActions.map((item) => item.action)).toEqual(['object']);
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

  it('reports the determined record as 新增 in the first batch, then nothing new (no empty batch)', async () => {
    const batch = await createCreditExport(t.app, creditOffice);
    expect(batch).toMatchObject({ number: 'BS2027-0001', recordCount: 1 });
    const file = await getCreditExportFile(t.app, creditOffice, batch.id);
    expect(parseExportFile(file.content)).toEqual([
      expect.objectContaining({ 数据批次号: 'BS2027-0001', 记录编号: 'XY2027-0001', 状态: '新增', 主体名称: '汉东区教育局', 认定日期: '2027-01-27', 认定依据: ARREARS_BREACH_BASIS }),
    ]);
    await expectNothingChanged(t, () => createCreditExport(t.app, creditOffice), 'CREDIT_EXPORT_NOTHING_NEW');
    await expectNothingChanged(t, () => createCreditExport(t.app, debtor), 'FORBIDDEN');
    expect((await getCreditRecord(t.app, creditOffice, recordId)).history.at(-1)).toMatchObject({ type: 'export', payload: { batchNumber: 'BS2027-0001', change: 'added' } });
  });

  it('takes the unit’s objection, and 信用办’s rejection returns the record to recorded; a second objection is refused', async () => {
    const current = await version(recordId);
    await expectNothingChanged(t, () => performCreditAction(t.app, otherUnit, recordId, { action: 'object', expectedVersion: current, reason: '不是我们' }), 'CREDIT_RECORD_NOT_FOUND');
    await performCreditAction(t.app, debtor, recordId, { action: 'object', expectedVersion: current, reason: '该款项已列入2027年预算' });
    await expectNothingChanged(
      t,
      () => performCreditAction(t.app, debtor, recordId, { action: 'decide_objection', expectedVersion: current + 1, decision: 'upheld', reason: '自己说成立' }),
      'FORBIDDEN',
    );
    await performCreditAction(t.app, creditOffice, recordId, { action: 'decide_objection', expectedVersion: current + 1, decision: 'rejected', reason: '列入预算不等于已支付，异议不成立' });
    const view = await getCreditRecord(t.app, debtor, recordId);
    expect(view).toMatchObject({ status: 'recorded', objectionDecision: 'rejected', version: current + 2 });
    await expectNothingChanged(t, () => performCreditAction(t.app, debtor, recordId, { action: 'object', expectedVersion: current + 2, reason: '再次异议' }), 'CREDIT_NOT_IN_STATUS');
  });

  it('lets the unit apply for repair only after paying; 信用办 approves and the next batch reports 修复', async () => {
    const current = await version(recordId);
    const apply = { action: 'apply_repair' as const, expectedVersion: current, measures: '已全额支付，并建立合同履约台账' };
    await expectNothingChanged(t, () => performCreditAction(t.app, debtor, recordId, apply), 'CREDIT_REPAIR_NOT_ELIGIBLE');
    await runCommands(t.app, debtor, overdue, { action: 'record_payment', paidOn: '2027-01-27', amount: 30_000_000, voucher: 'HD-2027-0127' });
    await expectNothingChanged(t, () => performCreditAction(t.app, debtor, recordId, { ...apply, expectedVersion: current - 1 }), 'VERSION_CONFLICT');
    await performCreditAction(t.app, county, recordId, apply);
    expect((await getCreditRecord(t.app, creditOffice, recordId)).availableActions.map((item) => item.action)).toEqual(['decide_repair']);
    t.clock.set('2027-02-02T10:00:00+08:00');
    await performCreditAction(t.app, creditOffice, recordId, { action: 'decide_repair', expectedVersion: current + 1, decision: 'approved', reason: '整改到位，同意修复' });
    expect(await getCreditRecord(t.app, debtor, recordId)).toMatchObject({ status: 'repaired', repairedOn: '2027-02-02' });

    const batch = await createCreditExport(t.app, creditOffice);
    expect(batch).toMatchObject({ number: 'BS2027-0002', recordCount: 1 });
    const rows = parseExportFile((await getCreditExportFile(t.app, creditOffice, batch.id)).content);
    expect(rows).toEqual([expect.objectContaining({ 记录编号: 'XY2027-0001', 状态: '修复', 修复日期: '2027-02-02' })]);
    expect((await listCreditExports(t.app, creditOffice)).map((item) => item.number)).toEqual(['BS2027-0002', 'BS2027-0001']);
  });

  it('keeps every step as an event, in order, with the status before and after', async () => {
    const events = await t.app.db
      .select()
      .from(creditRecordEvents)
      .where(and(eq(creditRecordEvents.tenantId, t.app.tenantId), eq(creditRecordEvents.recordId, recordId)))
      .orderBy(creditRecordEvents.seq);
    expect(events.map((event) => [event.seq, event.type, event.statusBefore, event.statusAfter])).toEqual([
      [1, 'order_rectification', null, 'ordered'],
      [2, 'record_refusal', 'ordered', 'refused'],
      [3, 'record', 'refused', 'recorded'],
      [4, 'export', 'recorded', 'recorded'],
      [5, 'object', 'recorded', 'objected'],
      [6, 'decide_objection', 'objected', 'recorded'],
      [7, 'apply_repair', 'recorded', 'recorded'],
      [8, 'decide_repair', 'recorded', 'repaired'],
      [9, 'export', 'repaired', 'repaired'],
    ]);
  });

  it('ends an order rectified by its deadline without a breach: never reported, and a later rectification is no rectification in time', async () => {
    const id = await orderRectification(t.app, creditOffice, { ...orderInput(other.id), documentNumber: '汉信用责改〔2027〕2号', deadline: '2027-02-10' });
    t.clock.set('2027-02-11T10:00:00+08:00');
    await runCommands(t.app, debtor, other, { action: 'record_payment', paidOn: '2027-02-10', amount: 30_000_000, voucher: 'HD-2027-0210' });
    const rectify = { action: 'record_rectified' as const, expectedVersion: 1, rectifiedOn: '2027-02-11', evidence: '已付清，附国库支付凭证' };
    await expectNothingChanged(t, () => performCreditAction(t.app, creditOffice, id, rectify), 'CREDIT_RECTIFICATION_LATE');
    await performCreditAction(t.app, creditOffice, id, { ...rectify, rectifiedOn: '2027-02-10' });
    const view = await getCreditRecord(t.app, debtor, id);
    expect(view).toMatchObject({ status: 'rectified', rectifiedOn: '2027-02-10', rectificationEvidence: '已付清，附国库支付凭证', breachOn: null, availableActions: [] });
    await expectNothingChanged(t, () => performCreditAction(t.app, creditOffice, id, { action: 'record_refusal', expectedVersion: 2, ground: 'written', facts: '拒绝' }), 'CREDIT_NOT_IN_STATUS');
    await expectNothingChanged(t, () => createCreditExport(t.app, creditOffice), 'CREDIT_EXPORT_NOTHING_NEW');
    // Paid: the case confirms no breach any more.
    await expectNothingChanged(t, () => orderRectification(t.app, creditOffice, orderInput(other.id)), 'CREDIT_CASE_NOT_ELIGIBLE');
  });

  it('lets one of two concurrent orders of a case, and one of two concurrent steps on one version, win; the other changes nothing', async () => {
    const orders = await Promise.allSettled([
      orderRectification(t.app, creditOffice, orderInput(third.id)),
      orderRectification(t.app, creditOffice, orderInput(third.id)),
    ]);
    expect(orders.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(orders.find((result): result is PromiseRejectedResult => result.status === 'rejected')?.reason).toMatchObject({ code: 'CREDIT_RECORD_DUPLICATE' });
    const id = orders.find((result): result is PromiseFulfilledResult<string> => result.status === 'fulfilled')!.value;
    expect(await t.app.db.select().from(creditRecords).where(eq(creditRecords.caseId, third.id))).toHaveLength(1);

    const steps = await Promise.allSettled([
      performCreditAction(t.app, creditOffice, id, { action: 'record_refusal', expectedVersion: 1, ground: 'written', facts: '第一份复函' }),
      performCreditAction(t.app, creditOffice, id, { action: 'record_refusal', expectedVersion: 1, ground: 'written', facts: '第二份复函' }),
    ]);
    expect(steps.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(steps.find((result): result is PromiseRejectedResult => result.status === 'rejected')?.reason).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect((await getCreditRecord(t.app, creditOffice, id)).history.map((event) => event.seq)).toEqual([1, 2]);
  });

  it('keeps an SOE record made before 机关/事业单位 alone could be recorded: it lists, reads and reports as 国有企业', async () => {
    // As migration 0037 found it: determined at once, without an order.
    const id = randomUUID();
    const recordedAt = new Date('2026-10-10T02:00:00Z');
    await t.app.db.insert(creditRecords).values({
      id,
      tenantId: t.app.tenantId,
      number: 'XY2026-0009',
      unitId: LOCAL_UNIT_IDS.handong.soe,
      unitName: '汉东区城市建设投资有限公司',
      unitCreditCode: '91422902MA4C8U6P1X',
      unitKind: 'soe',
      caseId: soeCase.id,
      caseNumber: soeCase.number,
      status: 'recorded',
      breachOn: '2026-10-10',
      facts: '逾期未支付道路养护款',
      basis: '《保障中小企业款项支付条例》第八条',
      recordedBy: creditOffice.id,
      recordedByName: creditOffice.name,
      recordingUnitName: '汉江市社会信用体系建设领导小组办公室',
      recordedAt,
      version: 1,
      updatedAt: recordedAt,
    });
    await t.app.db.insert(creditRecordEvents).values({
      tenantId: t.app.tenantId,
      recordId: id,
      seq: 1,
      type: 'record',
      payload: { number: 'XY2026-0009' },
      statusBefore: null,
      statusAfter: 'recorded',
      actorId: creditOffice.id,
      actorRole: 'credit_office',
      actorName: creditOffice.name,
      at: recordedAt,
    });
    expect((await listCreditRecords(t.app, county, { q: 'XY2026-0009' })).items).toEqual([expect.objectContaining({ unitKind: 'soe', status: 'recorded', orderedOn: null })]);
    expect(await getCreditRecord(t.app, soeHandler, id)).toMatchObject({ unitKind: 'soe', availableActions: [{ action: 'object' }] });
    const batch = await createCreditExport(t.app, creditOffice);
    const rows = parseExportFile((await getCreditExportFile(t.app, creditOffice, batch.id)).content);
    expect(rows).toEqual([expect.objectContaining({ 记录编号: 'XY2026-0009', 主体类型: '国有企业', 状态: '新增' })]);
  });
});
