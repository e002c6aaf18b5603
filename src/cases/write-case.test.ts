import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import { registerTestArrear, runCommands } from '../../test/support/cases.ts';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import { isAppError } from '../domain/errors.ts';
import type { Database } from '../db/connection.ts';
import { caseEvents, cases } from '../db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import { loadCase, loadEvents } from './case-store.ts';
import { performCaseAction } from './perform-case-action.ts';
import { registerCase } from './register-case.ts';
import { ephemeralKeys } from '../security/keys.ts';

const office: Actor = { id: 'acc-test-yingshangban', name: '周敏', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };

const rejects = async (run: Promise<unknown>, code: string) => {
  const error = await run.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isAppError(error) && error.code, String(error)).toBe(code);
};

/** The one write path, seen from its callers: what it refuses writes nothing, and it runs inside a caller's transaction. */
describe(`the one write path on ${backendName}`, () => {
  let database: Database & { tenantId: string };
  let app: AppContext;
  let firstCase: CaseRecord;
  const caseCount = async () => Number((await database.db.select({ n: count() }).from(cases).where(eq(cases.tenantId, database.tenantId)))[0]!.n);

  beforeAll(async () => {
    database = await createTestDatabase();
    app = { db: database.db, tenantId: database.tenantId, clock: () => new Date('2026-03-02T09:00:00+08:00'), keys: ephemeralKeys() };
  });
  afterAll(() => database?.close());

  it('refuses a registration its line does not accept, and takes no case number for it', async () => {
    const promise = {
      line: 'investment' as const,
      source: 'assigned' as const,
      instruction: '请市招商局核实招商引资协议约定的厂房租金补贴兑现情况。',
      title: '汉江市楚风建筑工程有限公司反映招商协议约定的厂房租金补贴未兑现',
      facts: '2024年招商引资协议约定前三年厂房租金全额补贴，2025年起未再拨付。',
      responsibleUnitId: UNIT_IDS.zhaoshangju,
      claimedAmount: 80_000_000,
    };
    // A promise is made to an enterprise: the investment line refuses a case that names none.
    await rejects(registerCase(app, office, promise), 'VALIDATION_FAILED');
    expect(await caseCount()).toBe(0);
    const first = await registerTestArrear(app, office, {
      title: '汉东区教育局拖欠课桌椅货款',
      enterpriseName: '汉江市楚风建筑工程有限公司',
      organisation: 'MA4K3C7D',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 30_000_000,
    });
    expect(first.number).toBe('QK2026-00001');
    firstCase = first;
    const kept = await registerCase(app, office, { ...promise, enterprise: { name: '汉江市楚风建筑工程有限公司', creditCode: first.enterprise!.creditCode } });
    expect(kept.number).toBe('ZS2026-00001');
  });

  it('refuses a rectification item as an enterprise’s own complaint: the line does not take that source (G2)', async () => {
    const before = await caseCount();
    const enterprise = firstCase.enterprise!;
    const own: Actor = { id: 'acc-test-qiye1', name: '黄海涛', role: 'enterprise', unitId: enterprise.unitId, jurisdictionScope: [] };
    await rejects(
      registerCase(app, own, {
        line: 'integrity',
        source: 'enterprise',
        title: '汉东区招商合同含单方免责条款',
        facts: '企业反映合同约定“政策调整不予补偿”。',
        enterprise: { name: enterprise.name, creditCode: enterprise.creditCode },
        responsibleUnitId: LOCAL_UNIT_IDS.handong.government,
        claimedAmount: null,
      }),
      'VALIDATION_FAILED',
    );
    expect(await caseCount()).toBe(before);
  });

  it('refuses another line’s plan beside the line’s own, writing nothing', async () => {
    const arrear = await registerTestArrear(app, office, {
      title: '汉东区教育局拖欠校舍维修工程款',
      enterpriseName: '湖北汉水智能装备有限公司',
      organisation: 'MA4KX8Q2',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 120_000_000,
    });
    const planning = await runCommands(app, office, arrear, {
      action: 'classify',
      classification: { line: 'arrears', disputed: false, confirmedAmount: 120_000_000, paymentDifficulty: '专项债资金分批到位' },
    });
    const events = await loadEvents(database.db, database.tenantId, planning.id);
    await rejects(
      performCaseAction(app, office, planning.id, {
        action: 'propose_plan',
        expectedVersion: planning.version,
        installments: [
          { dueOn: '2026-06-30', amount: 60_000_000 },
          { dueOn: '2026-12-31', amount: 60_000_000 },
        ],
        rectification: { measures: ['分两期支付'], timeLimit: '2026-12-31', responsiblePerson: { name: '王芳', post: '财务科科长' } },
      }),
      'ACTION_NOT_FOR_LINE',
    );
    expect(await loadEvents(database.db, database.tenantId, planning.id)).toEqual(events);
    expect((await loadCase(database.db, database.tenantId, planning.id))?.record).toEqual(planning);
  });

  it('writes inside a caller’s transaction, and nothing when that transaction fails after it', async () => {
    const before = await caseCount();
    const registered = await registerTestArrear(app, office, {
      title: '汉东区教育局拖欠实验室设备款',
      enterpriseName: '汉江市楚风建筑工程有限公司',
      organisation: 'MA4K3C7D',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 20_000_000,
    });
    const failed = database.db.transaction(async (tx) => {
      const scope = { ...app, db: tx };
      await performCaseAction(scope, office, registered.id, { action: 'report_progress', expectedVersion: 1, progress: '已核对货款。' });
      expect((await loadCase(tx, database.tenantId, registered.id))?.record.version).toBe(2);
      throw new Error('the caller fails after the write');
    });
    await expect(failed).rejects.toThrow('the caller fails after the write');
    expect((await loadCase(database.db, database.tenantId, registered.id))?.record.version).toBe(1);
    expect(Number((await database.db.select({ n: count() }).from(caseEvents).where(eq(caseEvents.caseId, registered.id)))[0]!.n)).toBe(1);
    expect(await caseCount()).toBe(before + 1);
  });
});
