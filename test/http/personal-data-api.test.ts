import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealClearPhones } from '../../src/accounts/seal-clear-phones.ts';
import { eventHash } from '../../src/audit/chain.ts';
import { verifyAudit } from '../../src/audit/verify-audit.ts';
import { hashPassword } from '../../src/auth/passwords.ts';
import { loadCase, loadEvents } from '../../src/cases/case-store.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { withResponsiblePhone } from '../../src/domain/personal-data.ts';
import { accountContacts, accounts, caseEvents, cases, enterpriseRegistrations, securityEvents } from '../../src/db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import type { SecurityEventKind } from '../../src/security/event-kinds.ts';
import { createTestApp, PASSWORD, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';

const KINDERGARTEN = { name: '汉江市汉东区童乐幼儿园有限公司', creditCode: makeCreditCode('91422902MA4KD8N2X') };
const BUREAU = LOCAL_UNIT_IDS.handong.jiaoyuju;
const POLICY = '《汉江市促进民营经济高质量发展若干措施》（16条）第9条 普惠性民办幼儿园生均奖补';

/** One number per place a phone is recorded, so that a search for it finds that place only. */
const PHONES = { plan: '13907105678', account: '13812340001', registrant: '13912340003' } as const;
const CASE_FIELD = 'rectification.responsiblePerson.phone';
/** An SM4 seal as `AppKeys.encrypt` writes it. */
const SEALED = /^v1:[0-9a-f]{32}:[A-Za-z0-9+/]+=*$/;

/** The administrators kept apart from case work (三员分立), beside the test city's own accounts. */
const ADMINS = { secadmin: 'security_admin', auditadmin: 'audit_admin' } as const;
type Reader = TestUsername | keyof typeof ADMINS;

interface CaseBody {
  id: string;
  version: number;
  mayRevealPersonalData: boolean;
  rectification: { responsiblePerson: { name: string | null; post: string; phone: unknown } } | null;
  events: { type: string; payload: { rectification?: { responsiblePerson: { phone: unknown } } } }[];
}

describe(`personal data: sealed at rest, masked, revealed by role and logged (${backendName})`, () => {
  let t: TestApp;
  let caseId: string;
  let accountId: string;
  let registrationId: string;
  const tokens = new Map<string, string>();

  const headers = async (reader: Reader): Promise<{ authorization: string }> => {
    if (!(reader in ADMINS)) return t.signIn(reader as TestUsername);
    let token = tokens.get(reader);
    if (token === undefined) {
      const response = await t.server.inject({ method: 'POST', url: '/api/session', payload: { username: reader, password: PASSWORD } });
      expect(response.statusCode, response.body).toBe(200);
      token = response.json<{ token: string }>().token;
      tokens.set(reader, token);
    }
    return { authorization: `Bearer ${token}` };
  };
  const request = async (reader: Reader, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await headers(reader), ...(payload === undefined ? {} : { payload }) });
  const getCase = async (reader: Reader, id = caseId) => (await request(reader, 'GET', `/api/cases/${id}`)).json<CaseBody>();
  const act = async (reader: Reader, id: string, command: Record<string, unknown>) => {
    const response = await request(reader, 'POST', `/api/cases/${id}/actions`, { expectedVersion: (await getCase('yingshangban', id)).version, ...command });
    expect(response.statusCode, response.body).toBe(200);
  };
  const registerCase = async (body: Record<string, unknown>) => {
    const response = await request('yingshangban', 'POST', '/api/cases', { source: 'assigned', instruction: '请核实处理。', enterprise: KINDERGARTEN, responsibleUnitId: BUREAU, ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<CaseBody>().id;
  };

  const stored = (kind: SecurityEventKind) =>
    t.app.db.select().from(securityEvents).where(and(eq(securityEvents.tenantId, t.app.tenantId), eq(securityEvents.kind, kind))).orderBy(asc(securityEvents.seq));
  const revealed = () => stored('personal_data_revealed');
  /** The accounts denied `object` (403), once the response hook has written them. */
  const deniedOn = async (object: string) => (await stored('access_denied')).filter((event) => event.object === object).map((event) => event.accountId);

  /** Every table of the database whose rows, read as text, contain `text`. */
  const tablesHolding = async (text: string): Promise<string[]> => {
    const { rows } = await t.app.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
    );
    const holding: string[] = [];
    for (const { table_name: table } of rows) {
      const found = await t.app.db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} as r where r::text like ${`%${text}%`}`);
      if (found.rows[0]!.n > 0) holding.push(table);
    }
    return holding;
  };

  const expectRevealed = async (reader: Reader, url: string, phone: string) => {
    const response = await request(reader, 'POST', url);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ phone });
    expect(response.headers['cache-control']).toBe('no-store');
  };
  /** Refused readers get `status`; those refused a reveal of what they may read are logged as a denial (403); none is logged as a reveal. */
  const expectRefused = async (refusals: readonly (readonly [Reader, number, string])[], url: string, pattern: string) => {
    const before = await revealed();
    for (const [reader, status, code] of refusals) {
      const response = await request(reader, 'POST', url);
      expect(response.statusCode, `${reader}: ${response.body}`).toBe(status);
      expect(response.json().error).toMatchObject({ code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
      expect(response.body).not.toMatch(/\d{11}/);
      expect(response.headers['cache-control']).toBeUndefined();
    }
    const denied = refusals.filter(([, status]) => status === 403).map(([reader]) => `acc-${reader}`);
    await expect.poll(async () => (await deniedOn(pattern)).sort()).toEqual(denied.sort());
    expect(await revealed()).toEqual(before);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const passwordHash = await hashPassword(PASSWORD);
    await t.app.db
      .insert(accounts)
      .values(Object.entries(ADMINS).map(([username, role]) => ({ id: `acc-${username}`, tenantId: t.app.tenantId, username, displayName: username, passwordHash, role, unitId: null, demo: true })));

    // P1: 汉东区教育局's rectification of how it publishes the policy, led by 市财政局, with its responsible person's phone.
    caseId = await registerCase({ line: 'policy', title: '汉东区教育局未发布普惠性幼儿园奖补政策解读', facts: '部门网站首页未见政策解读和申兑指南。', claimedAmount: 36_000_000 });
    const { enterprise } = (await loadCase(t.app.db, t.app.tenantId, caseId))!.record;
    await t.addEnterpriseAccount('qiye1', enterprise!.unitId!);
    await act('hd-jiaoyu', caseId, { action: 'classify', classification: { line: 'policy', category: 'awareness', policy: POLICY } });
    await act('hd-jiaoyu', caseId, {
      action: 'propose_plan',
      rectification: { measures: ['在区教育局网站首页发布政策解读和申兑指南'], timeLimit: '2026-03-20', responsiblePerson: { name: '周丽', post: '学前教育科科长', phone: PHONES.plan } },
    });

    // A handler of a unit of 汉东区, whom the county's coordinator administers too.
    const created = await request('sysadmin', 'POST', '/api/accounts', {
      username: 'hd-zhujian',
      displayName: '汉东住建经办人',
      role: 'unit_handler',
      unitId: LOCAL_UNIT_IDS.handong.zhujianju,
      phone: PHONES.account,
    });
    expect(created.statusCode, created.body).toBe(201);
    accountId = created.json().account.id;

    const registration = await t.server.inject({
      method: 'POST',
      url: '/api/enterprise-registrations',
      payload: {
        creditCode: makeCreditCode('91422900MA4PDR001'),
        enterpriseName: '汉江市个人信息测试有限公司',
        jurisdictionId: JURISDICTION_IDS.jiangbei,
        contactName: '黄海涛',
        contactPhone: PHONES.registrant,
        username: 'qiye-pd',
        password: 'Chufeng#Keji2026',
      },
      remoteAddress: '10.30.0.1',
    });
    expect(registration.statusCode, registration.body).toBe(201);
    registrationId = registration.json().id;
  });
  afterAll(async () => t?.close());

  it('keeps no phone number in clear in any table: each is sealed with SM4 beside its mask', async () => {
    for (const phone of Object.values(PHONES)) expect(await tablesHolding(phone), phone).toEqual([]);

    const [plan] = await t.app.db.select({ payload: caseEvents.payload }).from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'propose_plan')));
    const [projection] = await t.app.db.select({ detail: cases.detail }).from(cases).where(eq(cases.id, caseId));
    for (const value of [plan!.payload, projection!.detail]) {
      const phone = (value as { rectification: { responsiblePerson: { phone: { masked: string; sealed: string } } } }).rectification.responsiblePerson.phone;
      expect(phone).toEqual({ masked: '139****5678', sealed: expect.stringMatching(SEALED) });
      expect(t.app.keys.decrypt(phone.sealed)).toBe(PHONES.plan);
    }
    const [contact] = await t.app.db.select().from(accountContacts).where(eq(accountContacts.accountId, accountId));
    expect(contact).toMatchObject({ phoneClear: null, phoneMasked: '138****0001', phoneSealed: expect.stringMatching(SEALED) });
    expect(t.app.keys.decrypt(contact!.phoneSealed!)).toBe(PHONES.account);
    const [registrant] = await t.app.db.select().from(enterpriseRegistrations).where(eq(enterpriseRegistrations.id, registrationId));
    expect(registrant).toMatchObject({ contactPhoneClear: null, contactPhoneMasked: '139****0003', contactPhoneSealed: expect.stringMatching(SEALED) });
    expect(t.app.keys.decrypt(registrant!.contactPhoneSealed!)).toBe(PHONES.registrant);
  });

  it('shows every reader of a case the responsible person’s phone masked, and tells who may reveal it', async () => {
    const readers = [
      ['yingshangban', true],
      ['hd-jiaoyu', true],
      ['caizhengju', true],
      ['handong', true],
      ['leader', false],
      ['xinyongban', false],
      ['qiye1', false],
    ] as const;
    for (const [reader, mayReveal] of readers) {
      const response = await request(reader, 'GET', `/api/cases/${caseId}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.body).not.toContain(PHONES.plan);
      expect(response.body).not.toMatch(/v1:[0-9a-f]{32}:/);
      expect(response.json<CaseBody>().mayRevealPersonalData, reader).toBe(mayReveal);
    }
    const staff = await getCase('leader');
    expect(staff.rectification?.responsiblePerson).toMatchObject({ name: '周丽', phone: { masked: '139****5678' } });
    expect(staff.events.find((event) => event.type === 'propose_plan')?.payload.rectification?.responsiblePerson.phone).toEqual({ masked: '139****5678' });
  });

  it('reveals the phone to those who call the person — 营商办, the unit, the lead bureau, the county — each reveal logged', async () => {
    const before = (await revealed()).length;
    const readers = ['yingshangban', 'hd-jiaoyu', 'caizhengju', 'handong'] as const;
    for (const reader of readers) await expectRevealed(reader, `/api/cases/${caseId}/personal-data/reveal`, PHONES.plan);
    expect((await revealed()).slice(before)).toEqual(
      readers.map((reader) =>
        expect.objectContaining({ accountId: `acc-${reader}`, outcome: 'success', address: '127.0.0.1', object: `case:${caseId}`, details: { field: CASE_FIELD } }),
      ),
    );
  });

  it('refuses the enterprise, leaders, 信用办, other units and the three administrators, revealing and logging no reveal', async () => {
    await expectRefused(
      [
        ['qiye1', 403, 'FORBIDDEN'],
        ['leader', 403, 'FORBIDDEN'],
        ['xinyongban', 403, 'FORBIDDEN'],
        ['jb-jiaoyu', 404, 'CASE_NOT_FOUND'],
        ['sysadmin', 404, 'CASE_NOT_FOUND'],
        ['secadmin', 404, 'CASE_NOT_FOUND'],
        ['auditadmin', 404, 'CASE_NOT_FOUND'],
      ],
      `/api/cases/${caseId}/personal-data/reveal`,
      `POST /api/cases/:id/personal-data/reveal [id=${caseId}]`,
    );
    const arrear = await registerCase({ line: 'arrears', title: '汉东区教育局拖欠校舍维修款', facts: '尾款未付。', claimedAmount: 100_000 });
    const before = await revealed();
    const none = await request('yingshangban', 'POST', `/api/cases/${arrear}/personal-data/reveal`);
    expect(none.statusCode, none.body).toBe(404);
    expect(none.json().error.code).toBe('PERSONAL_DATA_NOT_RECORDED');
    expect(await revealed()).toEqual(before);
  });

  it('keeps the case chain verifiable over the sealed phone, and masks and reveals a phone recorded in clear before sealing', async () => {
    expect((await verifyAudit(t.app)).broken).toEqual([]);

    // The plan as the store kept it before issue 11: the phone in clear, the chain sealed over it. History is never rewritten.
    const recorded = '0710-3325678';
    const last = (await loadEvents(t.app.db, t.app.tenantId, caseId)).at(-1)!;
    const event = { ...last.event, payload: withResponsiblePhone(last.event.payload, () => recorded) };
    const hash = eventHash(t.app.keys, event, last.prevHash);
    await t.app.db.update(caseEvents).set({ payload: event.payload as Record<string, unknown>, hash }).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.seq, event.seq)));
    const { record } = (await loadCase(t.app.db, t.app.tenantId, caseId))!;
    await t.app.db
      .update(cases)
      .set({ headHash: hash, detail: withResponsiblePhone(record, () => recorded) as unknown as Record<string, unknown> })
      .where(eq(cases.id, caseId));
    expect((await verifyAudit(t.app)).broken).toEqual([]);

    const view = await request('hd-jiaoyu', 'GET', `/api/cases/${caseId}`);
    expect(view.body).not.toContain(recorded);
    expect(view.json<CaseBody>().rectification?.responsiblePerson.phone).toEqual({ masked: '071****5678' });
    await expectRevealed('hd-jiaoyu', `/api/cases/${caseId}/personal-data/reveal`, recorded);
  });

  it('reveals an account’s phone to whoever administers the account, logged, and to no one else', async () => {
    for (const [reader, mayReveal] of [
      ['sysadmin', true],
      ['handong', true],
    ] as const) {
      const view = await request(reader, 'GET', `/api/accounts/${accountId}`);
      expect(view.statusCode, view.body).toBe(200);
      expect(view.json()).toMatchObject({ phone: '138****0001', mayRevealPhone: mayReveal });
    }
    const before = (await revealed()).length;
    await expectRevealed('sysadmin', `/api/accounts/${accountId}/phone/reveal`, PHONES.account);
    await expectRevealed('handong', `/api/accounts/${accountId}/phone/reveal`, PHONES.account);
    expect((await revealed()).slice(before)).toEqual(
      ['acc-sysadmin', 'acc-handong'].map((id) => expect.objectContaining({ accountId: id, outcome: 'success', object: `account:${accountId}`, details: { field: 'phone' } })),
    );

    await expectRefused(
      [
        ['jiangbei', 404, 'ACCOUNT_NOT_FOUND'],
        ['yingshangban', 403, 'FORBIDDEN'],
        ['leader', 403, 'FORBIDDEN'],
        ['hd-jiaoyu', 403, 'FORBIDDEN'],
        ['secadmin', 403, 'FORBIDDEN'],
        ['auditadmin', 403, 'FORBIDDEN'],
      ],
      `/api/accounts/${accountId}/phone/reveal`,
      `POST /api/accounts/:id/phone/reveal [id=${accountId}]`,
    );
    const none = await request('sysadmin', 'POST', '/api/accounts/acc-leader/phone/reveal');
    expect(none.statusCode, none.body).toBe(404);
    expect(none.json().error.code).toBe('PERSONAL_DATA_NOT_RECORDED');
  });

  it('reveals a registrant’s phone to its reviewers, logged, and to no one else', async () => {
    const list = await request('yingshangban', 'GET', '/api/enterprise-registrations');
    expect(list.json().items).toContainEqual(expect.objectContaining({ id: registrationId, contactPhone: '139****0003' }));
    const before = (await revealed()).length;
    await expectRevealed('yingshangban', `/api/enterprise-registrations/${registrationId}/phone/reveal`, PHONES.registrant);
    await expectRevealed('sysadmin', `/api/enterprise-registrations/${registrationId}/phone/reveal`, PHONES.registrant);
    expect((await revealed()).slice(before)).toEqual(
      ['acc-yingshangban', 'acc-sysadmin'].map((id) =>
        expect.objectContaining({ accountId: id, outcome: 'success', object: `enterprise-registration:${registrationId}`, details: { field: 'contactPhone' } }),
      ),
    );

    await expectRefused(
      (['leader', 'handong', 'qiye1', 'secadmin', 'auditadmin'] as const).map((reader) => [reader, 403, 'FORBIDDEN'] as const),
      `/api/enterprise-registrations/${registrationId}/phone/reveal`,
      `POST /api/enterprise-registrations/:id/phone/reveal [id=${registrationId}]`,
    );
    const unknown = await request('yingshangban', 'POST', '/api/enterprise-registrations/00000000-0000-4000-8000-000000000000/phone/reveal');
    expect(unknown.statusCode, unknown.body).toBe(404);
    expect(unknown.json().error.code).toBe('REGISTRATION_NOT_FOUND');
  });

  it('seals at start the numbers a migration found in clear, which read and reveal as before meanwhile', async () => {
    // As migration 0031 leaves rows stored before it: the number in clear, neither mask nor seal.
    const clear = { account: '13812349999', registrant: '13912349999' };
    await t.app.db.update(accountContacts).set({ phoneClear: clear.account, phoneMasked: null, phoneSealed: null }).where(eq(accountContacts.accountId, accountId));
    await t.app.db
      .update(enterpriseRegistrations)
      .set({ contactPhoneClear: clear.registrant, contactPhoneMasked: null, contactPhoneSealed: null })
      .where(eq(enterpriseRegistrations.id, registrationId));
    const readsAsBefore = async () => {
      expect((await request('sysadmin', 'GET', `/api/accounts/${accountId}`)).json()).toMatchObject({ phone: '138****9999', mayRevealPhone: true });
      await expectRevealed('sysadmin', `/api/accounts/${accountId}/phone/reveal`, clear.account);
      const list = await request('yingshangban', 'GET', '/api/enterprise-registrations');
      expect(list.json().items).toContainEqual(expect.objectContaining({ id: registrationId, contactPhone: '139****9999' }));
      await expectRevealed('yingshangban', `/api/enterprise-registrations/${registrationId}/phone/reveal`, clear.registrant);
    };
    await readsAsBefore();
    expect(await tablesHolding(clear.account)).toEqual(['account_contacts']);
    expect(await tablesHolding(clear.registrant)).toEqual(['enterprise_registrations']);

    expect(await sealClearPhones(t.app)).toBe(2);
    expect(await sealClearPhones(t.app)).toBe(0);
    for (const phone of Object.values(clear)) expect(await tablesHolding(phone), phone).toEqual([]);
    await readsAsBefore();
  });

  it('declares the reveals in the OpenAPI document', async () => {
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId: string }>> }>();
    expect(document.paths['/api/cases/{id}/personal-data/reveal']?.post?.operationId).toBe('revealCasePersonalData');
    expect(document.paths['/api/accounts/{id}/phone/reveal']?.post?.operationId).toBe('revealAccountPhone');
    expect(document.paths['/api/enterprise-registrations/{id}/phone/reveal']?.post?.operationId).toBe('revealEnterpriseRegistrationPhone');
  });
});
