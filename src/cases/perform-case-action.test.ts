import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../domain/access/roles.ts';
import { makeCreditCode } from '../domain/credit-code.ts';
import { isAppError } from '../domain/errors.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { backendName } from '../../test/support/database.ts';
import { loadCase, loadEvents } from './case-store.ts';
import { performCaseAction } from './perform-case-action.ts';
import { registerCase } from './register-case.ts';

const office: Actor = { id: 'acc-yingshangban', name: '市营商办', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };
const debtor: Actor = { id: 'acc-hd-jiaoyu', name: '汉东区教育局', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, jurisdictionScope: [] };
const county: Actor = { id: 'acc-handong', name: '汉东区', role: 'county_coordinator', unitId: LOCAL_UNIT_IDS.handong.government, jurisdictionScope: [JURISDICTION_IDS.handong] };

describe(`performing case actions on ${backendName}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const register = () =>
    registerCase(t.app, office, {
      line: 'arrears',
      source: 'assigned',
      title: '汉东区教育局拖欠学生公寓改造工程款',
      facts: '公寓改造工程2025年底完工，工程款未结清。',
      instruction: '请汉东区教育局核实并制定清偿方案。',
      enterprise: { name: '湖北汉水建设集团有限公司', creditCode: makeCreditCode('91422902MA4AB1C2D') },
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 260_000_000,
    });

  it('fills the lead and cooperating bureaus from the matrix and numbers the case by line and year', async () => {
    const first = await register();
    const second = await register();
    expect(first).toMatchObject({ leadUnitId: UNIT_IDS.jingxinju, cooperatingUnitIds: [UNIT_IDS.caizhengju, UNIT_IDS.shenjiju], jurisdictionId: 'handong' });
    expect(Number(second.number.slice(-5))).toBe(Number(first.number.slice(-5)) + 1);
    expect(first.enterprise!.unitId).toBe(second.enterprise!.unitId);
  });

  it('lets exactly one of two concurrent commands on one version win; the other changes nothing', async () => {
    const record = await register();
    const command = (reason: string) => ({ action: 'report_progress' as const, expectedVersion: record.version, progress: reason });
    const results = await Promise.allSettled([
      performCaseAction(t.app, office, record.id, command('第一条进展')),
      performCaseAction(t.app, county, record.id, command('第二条进展')),
    ]);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(isAppError(rejected[0]!.reason) && rejected[0]!.reason.code).toBe('VERSION_CONFLICT');
    const events = await loadEvents(t.app.db, t.app.tenantId, record.id);
    expect(events.map((item) => item.event.seq)).toEqual([1, 2]);
    expect((await loadCase(t.app.db, t.app.tenantId, record.id))?.record.version).toBe(2);
  });

  it('escalates a county debtor’s dispute to the city government (A5)', async () => {
    const record = await register();
    const negotiating = await performCaseAction(t.app, debtor, record.id, {
      action: 'classify',
      expectedVersion: 1,
      classification: { line: 'arrears', disputed: true },
    });
    const escalated = await performCaseAction(t.app, county, record.id, { action: 'escalate', expectedVersion: negotiating.version, reason: '工程量认定分歧' });
    expect(escalated).toMatchObject({ state: 'mediating', handlingUnitId: UNIT_IDS.cityGovernment });
    // Once escalated, the county no longer decides the case.
    await expect(
      performCaseAction(t.app, county, record.id, { action: 'litigate', expectedVersion: escalated.version, reason: '调解不成', court: '汉江市中级人民法院' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reassigns a case to another unit with the matrix of its kind (S3)', async () => {
    const record = await register();
    const assigned = await performCaseAction(t.app, office, record.id, {
      action: 'assign',
      expectedVersion: 1,
      responsibleUnitId: UNIT_IDS.chengfaGroup,
      instruction: '经核实，欠款方为市城发集团，请其牵头清偿。',
    });
    expect(assigned).toMatchObject({ responsibleUnitId: UNIT_IDS.chengfaGroup, handlingUnitId: UNIT_IDS.chengfaGroup, jurisdictionId: 'city', leadUnitId: UNIT_IDS.guoziwei });
    const before = await loadEvents(t.app.db, t.app.tenantId, record.id);
    await expect(
      performCaseAction(t.app, office, record.id, { action: 'assign', expectedVersion: 2, responsibleUnitId: assigned.enterprise!.unitId!, instruction: '交给企业' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await loadEvents(t.app.db, t.app.tenantId, record.id)).toEqual(before);
  });
});
