/**
 * Setting up a real city through the first-run API: a second tenant on the test database (the
 * demo city stays beside it, untouched), its organisation workbook checked whole before
 * anything is written, then set up once with its three administrators; and a third tenant set
 * up from the same organisation filled in by hand (逐项填写), which must come out the same.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { verifyPassword } from '../../src/auth/passwords.ts';
import { accounts, holidays, jurisdictions, responsibilityMatrix, tenants, timeLimits, units } from '../../src/db/schema.ts';
import type { OrganisationForm } from '../../src/domain/setup/organisation-form.ts';
import { buildServer } from '../../src/http/server.ts';
import { writeOrganisationTemplate } from '../../src/io/organisation-workbook.ts';
import { ephemeralKeys } from '../../src/security/keys.ts';
import { backendName, createTestDatabase } from '../support/database.ts';
import { multipart } from '../support/multipart.ts';

const TENANT = 'shili';
/** The tenant set up by hand, from the template's example city. */
const HAND_TENANT = 'shili-form';
const TOKEN = 'setup-token-for-the-test-0123456789';

/** The template's example city, as the first-run page's form sends it. */
const EXAMPLE_FORM: OrganisationForm = {
  city: { name: '示例市', division: '429900' },
  jurisdictions: [
    { name: '示例区', level: 'county', division: '429902' },
    { name: '示例经济技术开发区管委会', level: 'zone', division: null },
  ],
  units: [
    { name: '示例市人民政府', kind: 'government', jurisdiction: '示例市', parent: null, creditCode: null, orgFunction: null },
    { name: '示例市优化营商环境领导小组办公室', kind: 'department', jurisdiction: '示例市', parent: '示例市人民政府', creditCode: null, orgFunction: 'yingshangban' },
    { name: '示例市经济和信息化局', kind: 'department', jurisdiction: '示例市', parent: '示例市人民政府', creditCode: null, orgFunction: 'jingxinju' },
    { name: '示例市财政局', kind: 'department', jurisdiction: '示例市', parent: '示例市人民政府', creditCode: null, orgFunction: 'caizhengju' },
    { name: '示例市人民政府国有资产监督管理委员会', kind: 'department', jurisdiction: '示例市', parent: '示例市人民政府', creditCode: null, orgFunction: 'guoziwei' },
    { name: '示例市招商局', kind: 'department', jurisdiction: '示例市', parent: '示例市人民政府', creditCode: null, orgFunction: 'zhaoshangju' },
    { name: '示例市社会信用体系建设领导小组办公室', kind: 'department', jurisdiction: '示例市', parent: '示例市人民政府', creditCode: null, orgFunction: 'xinyongban' },
    { name: '示例市城市建设投资集团有限公司', kind: 'soe', jurisdiction: '示例市', parent: '示例市人民政府国有资产监督管理委员会', creditCode: null, orgFunction: null },
    { name: '示例区人民政府', kind: 'government', jurisdiction: '示例区', parent: '示例市人民政府', creditCode: null, orgFunction: null },
    { name: '示例区教育局', kind: 'department', jurisdiction: '示例区', parent: '示例区人民政府', creditCode: null, orgFunction: null },
    { name: '示例经济技术开发区管理委员会', kind: 'government', jurisdiction: '示例经济技术开发区管委会', parent: '示例市人民政府', creditCode: null, orgFunction: null },
  ],
  admins: [
    { role: 'system_admin', username: 'xitong', displayName: '张三' },
    { role: 'security_admin', username: 'anquan', displayName: '李四' },
    { role: 'audit_admin', username: 'shenji', displayName: '王五' },
  ],
};

/** The template's example city with `edit` applied to its sheets. */
const organisation = async (edit: (workbook: ExcelJS.Workbook) => void = () => undefined): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await writeOrganisationTemplate()) as unknown as ArrayBuffer);
  edit(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

describe(`setting up a city on ${backendName}`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: AppContext;
  let server: FastifyInstance;
  /** A server of its own for the tenant set up by hand, not yet set up. */
  let handServer: FastifyInstance;
  /** The workbook's dry run, which the same organisation filled in by hand must answer alike. */
  let workbookPreview: unknown;

  /** Rows of a new tenant, table by table: what a refused request must leave as it was. */
  const footprint = async (tenantId = TENANT) => {
    const of = async (table: typeof jurisdictions | typeof units | typeof accounts | typeof responsibilityMatrix | typeof holidays | typeof timeLimits) =>
      (await database.db.select({ n: count() }).from(table).where(eq(table.tenantId, tenantId)))[0]!.n;
    const [tenant] = await database.db.select({ n: count() }).from(tenants).where(eq(tenants.id, tenantId));
    return { tenants: tenant!.n, jurisdictions: await of(jurisdictions), units: await of(units), accounts: await of(accounts), matrix: await of(responsibilityMatrix), holidays: await of(holidays), limits: await of(timeLimits) };
  };
  const nothing = { tenants: 0, jurisdictions: 0, units: 0, accounts: 0, matrix: 0, holidays: 0, limits: 0 };

  const post = (content: Buffer, fields: Record<string, string>, dryRun = false) => {
    const form = multipart('组织架构.xlsx', content, fields);
    return server.inject({ method: 'POST', url: `/api/setup${dryRun ? '?dryRun=true' : ''}`, headers: form.headers, payload: form.payload });
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = { db: database.db, tenantId: TENANT, clock: () => new Date('2026-12-05T09:00:00+08:00'), keys: ephemeralKeys() };
    server = await buildServer({ app, databaseKind: database.kind, setupToken: TOKEN });
    handServer = await buildServer({ app: { ...app, tenantId: HAND_TENANT }, databaseKind: database.kind, setupToken: TOKEN });
  });
  afterAll(async () => {
    await server?.close();
    await handServer?.close();
    await database?.close();
  });

  it('tells the first-run page that the city is not set up, and hands out the template', async () => {
    expect((await server.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ required: true });
    const template = await server.inject({ method: 'GET', url: '/api/setup/template' });
    expect(template.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['行政区划', '单位', '管理员', '说明']);
  });

  it('refuses a wrong token and writes nothing', async () => {
    const response = await post(await organisation(), { setupToken: 'guess' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('SETUP_TOKEN_INVALID');
    expect(await footprint()).toEqual(nothing);
  });

  it('lists every problem of a broken workbook, with sheet, row and column, and writes nothing', async () => {
    const broken = await organisation((workbook) => {
      const units = workbook.getWorksheet('单位')!;
      units.getCell('D4').value = '不存在的上级单位';
      units.getCell('E5').value = '91420100MA4K0000X1';
      units.getCell('F6').value = '市营商办';
      const admins = workbook.getWorksheet('管理员')!;
      admins.getCell('B4').value = 'xitong';
    });
    const response = await post(broken, { setupToken: TOKEN });
    expect(response.statusCode).toBe(422);
    const { code, details } = response.json().error;
    expect(code).toBe('IMPORT_INVALID');
    expect(details.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sheet: '单位', row: 4, column: '上级单位' }),
        expect.objectContaining({ sheet: '单位', row: 5, column: '统一社会信用代码' }),
        expect.objectContaining({ sheet: '单位', row: 6, column: '职能' }),
        expect.objectContaining({ sheet: '管理员', row: 4, column: '用户名' }),
      ]),
    );
    expect(await footprint()).toEqual(nothing);
  });

  it('previews a sound workbook without writing', async () => {
    const response = await post(await organisation(), { setupToken: TOKEN }, true);
    expect(response.statusCode).toBe(200);
    const preview = response.json();
    workbookPreview = preview;
    expect(preview).toMatchObject({ dryRun: true, cityName: '示例市', jurisdictions: 3, units: 11 });
    expect(preview.admins.map((admin: { temporaryPassword: string | null }) => admin.temporaryPassword)).toEqual([null, null, null]);
    // Functions no unit holds are told, not refused.
    expect(preview.warnings.map((warning: { message: string }) => warning.message).join('\n')).toContain('市审计局');
    expect(await footprint()).toEqual(nothing);
  });

  it('sets the city up once, even when two uploads race, with three administrators who must change their password', async () => {
    const content = await organisation();
    const responses = await Promise.all([post(content, { setupToken: TOKEN }), post(content, { setupToken: TOKEN })]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
    const created = responses.find((response) => response.statusCode === 201)!.json();
    expect(created.admins.map((admin: { role: string }) => admin.role)).toEqual(['system_admin', 'security_admin', 'audit_admin']);

    const stored = await database.db.select().from(accounts).where(eq(accounts.tenantId, TENANT));
    expect(stored).toHaveLength(3);
    for (const admin of created.admins as { username: string; temporaryPassword: string }[]) {
      const account = stored.find((row) => row.username === admin.username)!;
      expect(account.mustChangePassword).toBe(true);
      expect(await verifyPassword(account.passwordHash, admin.temporaryPassword)).toBe(true);
    }
    const counts = await footprint();
    expect(counts).toMatchObject({ tenants: 1, jurisdictions: 3, units: 11, accounts: 3, matrix: 13 });
    expect(counts.holidays).toBeGreaterThan(0);
    expect(counts.limits).toBeGreaterThan(0);

    // The matrix names the units that hold each function; 市营商办 is the tenant's office.
    const office = (await database.db.select().from(units).where(and(eq(units.tenantId, TENANT), eq(units.name, '示例市优化营商环境领导小组办公室'))))[0]!;
    const [tenant] = await database.db.select().from(tenants).where(eq(tenants.id, TENANT));
    expect(tenant).toMatchObject({ name: '示例市', businessOfficeUnitId: office.id, demo: false });
    const coordination = (await database.db.select().from(responsibilityMatrix).where(and(eq(responsibilityMatrix.tenantId, TENANT), eq(responsibilityMatrix.topic, 'integrity_coordination'))))[0]!;
    expect(coordination.leadUnitId).toBe(office.id);
    const audit = (await database.db.select().from(responsibilityMatrix).where(and(eq(responsibilityMatrix.tenantId, TENANT), eq(responsibilityMatrix.topic, 'arrears_public_bodies'))))[0]!;
    // 市经信局 leads; 市财政局 cooperates; the example has no 市审计局, so it drops out.
    const [jingxin] = await database.db.select().from(units).where(and(eq(units.tenantId, TENANT), eq(units.name, '示例市经济和信息化局')));
    const [caizheng] = await database.db.select().from(units).where(and(eq(units.tenantId, TENANT), eq(units.name, '示例市财政局')));
    expect(audit.leadUnitId).toBe(jingxin!.id);
    expect(audit.cooperatingUnitIds).toEqual([caizheng!.id]);

    // Each jurisdiction's government stands for it; counties hang under the city.
    const places = await database.db.select().from(jurisdictions).where(eq(jurisdictions.tenantId, TENANT));
    const city = places.find((place) => place.level === 'city')!;
    expect(places.filter((place) => place !== city).every((place) => place.parentId === city.id)).toBe(true);
    expect(places.every((place) => place.governmentUnitId !== null)).toBe(true);

    // No demo data in the new city; the demo city beside it is untouched.
    const [demoUnits] = await database.db.select({ n: count() }).from(units).where(sql`${units.tenantId} = ${TENANT} and ${units.name} like '汉江%'`);
    expect(demoUnits!.n).toBe(0);
  });

  it('is closed once the city is set up', async () => {
    expect((await server.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ required: false });
    const before = await footprint();
    const again = await post(await organisation(), { setupToken: TOKEN });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('TENANT_ALREADY_SET_UP');
    expect(await footprint()).toEqual(before);
  });
  describe('by hand (逐项填写)', () => {
    const postForm = (body: { setupToken: string; organisation: OrganisationForm }, dryRun = false) =>
      handServer.inject({ method: 'POST', url: `/api/setup/by-hand${dryRun ? '?dryRun=true' : ''}`, payload: body });

    /** The example city with `edit` applied to a copy of it. */
    const edited = (edit: (form: OrganisationForm) => void): OrganisationForm => {
      const form = structuredClone(EXAMPLE_FORM);
      edit(form);
      return form;
    };

    /**
     * A tenant's organisation by names instead of its random ids: the tenant, its jurisdictions,
     * units, responsibility matrix and administrators, and how many holidays and time limits.
     */
    const organisationOf = async (tenantId: string) => {
      const placeRows = await database.db.select().from(jurisdictions).where(eq(jurisdictions.tenantId, tenantId));
      const unitRows = await database.db.select().from(units).where(eq(units.tenantId, tenantId));
      const placeName = new Map(placeRows.map((row) => [row.id, row.name]));
      const unitName = (id: string | null) => (id === null ? null : (unitRows.find((row) => row.id === id)?.name ?? `? ${id}`));
      const [tenant] = await database.db.select().from(tenants).where(eq(tenants.id, tenantId));
      const matrix = await database.db.select().from(responsibilityMatrix).where(eq(responsibilityMatrix.tenantId, tenantId));
      const admins = await database.db.select().from(accounts).where(eq(accounts.tenantId, tenantId));
      const byName = <T extends { name: string }>(rows: T[]) => rows.sort((a, b) => a.name.localeCompare(b.name));
      return {
        tenant: { name: tenant?.name, demo: tenant?.demo, businessOffice: unitName(tenant?.businessOfficeUnitId ?? null) },
        jurisdictions: byName(placeRows.map((row) => ({ name: row.name, level: row.level, division: row.divisionCode, parent: row.parentId === null ? null : placeName.get(row.parentId), government: unitName(row.governmentUnitId), sort: row.sort }))),
        units: byName(unitRows.map((row) => ({ name: row.name, kind: row.kind, jurisdiction: placeName.get(row.jurisdictionId), parent: unitName(row.parentUnitId), creditCode: row.creditCode }))),
        matrix: matrix
          .map((row) => ({ topic: row.topic, line: row.line, lead: unitName(row.leadUnitId), leadIsJurisdiction: row.leadIsJurisdiction, cooperating: row.cooperatingUnitIds.map(unitName), debtorKinds: row.debtorKinds, sort: row.sort }))
          .sort((a, b) => a.topic.localeCompare(b.topic)),
        admins: admins.map((row) => ({ username: row.username, displayName: row.displayName, role: row.role, mustChangePassword: row.mustChangePassword })).sort((a, b) => a.username.localeCompare(b.username)),
        counts: await footprint(tenantId),
      };
    };

    it('is described in the OpenAPI document, its body the organisation form', async () => {
      const document = (await handServer.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const operation = document.paths['/api/setup/by-hand'].post;
      expect(operation.operationId).toBe('setUpCityByHand');
      const body = operation.requestBody.content['application/json'].schema;
      expect(body.required).toEqual(['setupToken', 'organisation']);
      expect(JSON.stringify(body.properties.organisation)).toContain('OrganisationForm');
      expect(Object.keys(document.components.schemas.OrganisationForm.properties)).toEqual(['city', 'jurisdictions', 'units', 'admins']);
    });

    it('refuses a wrong token and writes nothing', async () => {
      const response = await postForm({ setupToken: 'guess', organisation: EXAMPLE_FORM });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('SETUP_TOKEN_INVALID');
      expect(await footprint(HAND_TENANT)).toEqual(nothing);
    });

    it('lists every problem of the organisation with its step, item and field, as the workbook does, and writes nothing', async () => {
      const broken = edited((form) => {
        form.jurisdictions[0]!.division = '42990';
        form.units[9]!.orgFunction = 'shenjiju';
        form.units[7]!.parent = '不存在的上级单位';
        form.admins[1]!.username = 'xitong';
      });
      const response = await postForm({ setupToken: TOKEN, organisation: broken });
      expect(response.statusCode).toBe(422);
      const { code, details } = response.json().error;
      expect(code).toBe('IMPORT_INVALID');
      expect(details.problems).toEqual([
        { sheet: '县市区/管委会', row: 1, column: '区划代码', message: '区划代码“42990”应为6位数字' },
        { sheet: '单位', row: 8, column: '上级单位', message: '上级单位“不存在的上级单位”不在“单位”表中' },
        { sheet: '单位', row: 10, column: '职能', message: '承担“市审计局”职能的须是市直单位' },
        { sheet: '管理员', row: 2, column: '用户名', message: '用户名“xitong”重复：三员须由不同的人分别担任' },
      ]);
      expect(await footprint(HAND_TENANT)).toEqual(nothing);
    });

    it('names a blank field where it is, and refuses a body that breaks the schema, writing nothing', async () => {
      const blanks = edited((form) => {
        form.units[3]!.name = '  ';
        form.admins[2]!.displayName = '';
      });
      const blank = await postForm({ setupToken: TOKEN, organisation: blanks }, true);
      expect(blank.statusCode).toBe(422);
      expect(blank.json().error.details.problems).toEqual([
        { sheet: '单位', row: 4, column: '单位名称', message: '请填写“单位名称”' },
        { sheet: '管理员', row: 3, column: '姓名', message: '请填写“姓名”' },
      ]);

      const enterprise = edited((form) => void (form.units[3]!.kind = 'enterprise' as OrganisationForm['units'][number]['kind']));
      const malformed = await postForm({ setupToken: TOKEN, organisation: enterprise });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'organisation.units.3.kind' } });
      expect(await footprint(HAND_TENANT)).toEqual(nothing);
    });

    it("previews a sound organisation without writing, as the workbook's dry run does", async () => {
      const response = await postForm({ setupToken: TOKEN, organisation: EXAMPLE_FORM }, true);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(workbookPreview);
      expect(await footprint(HAND_TENANT)).toEqual(nothing);
    });

    it('sets the city up exactly as its workbook does, with three administrators who must change their password, once', async () => {
      const response = await postForm({ setupToken: TOKEN, organisation: EXAMPLE_FORM });
      expect(response.statusCode).toBe(201);
      const created = response.json();
      expect(created).toMatchObject({ dryRun: false, cityName: '示例市', jurisdictions: 3, units: 11 });
      const stored = await database.db.select().from(accounts).where(eq(accounts.tenantId, HAND_TENANT));
      for (const admin of created.admins as { username: string; temporaryPassword: string }[]) {
        expect(await verifyPassword(stored.find((row) => row.username === admin.username)!.passwordHash, admin.temporaryPassword)).toBe(true);
      }
      // The same organisation, matrix, calendar and administrators as the tenant set up from the workbook.
      expect(await organisationOf(HAND_TENANT)).toEqual(await organisationOf(TENANT));

      const before = await footprint(HAND_TENANT);
      const again = await postForm({ setupToken: TOKEN, organisation: EXAMPLE_FORM });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('TENANT_ALREADY_SET_UP');
      expect(await footprint(HAND_TENANT)).toEqual(before);
    });
  });
});
