/**
 * Setting up a real city through the first-run API: a second tenant on the test database (the
 * demo city stays beside it, untouched), its organisation workbook checked whole before
 * anything is written, then set up once with its three administrators.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { verifyPassword } from '../../src/auth/passwords.ts';
import { accounts, holidays, jurisdictions, responsibilityMatrix, tenants, timeLimits, units } from '../../src/db/schema.ts';
import { buildServer } from '../../src/http/server.ts';
import { writeOrganisationTemplate } from '../../src/io/organisation-workbook.ts';
import { ephemeralKeys } from '../../src/security/keys.ts';
import { backendName, createTestDatabase } from '../support/database.ts';
import { multipart } from '../support/multipart.ts';

const TENANT = 'shili';
const TOKEN = 'setup-token-for-the-test-0123456789';

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

  /** Rows of the new tenant, table by table: what a refused request must leave as it was. */
  const footprint = async () => {
    const of = async (table: typeof jurisdictions | typeof units | typeof accounts | typeof responsibilityMatrix | typeof holidays | typeof timeLimits) =>
      (await database.db.select({ n: count() }).from(table).where(eq(table.tenantId, TENANT)))[0]!.n;
    const [tenant] = await database.db.select({ n: count() }).from(tenants).where(eq(tenants.id, TENANT));
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
  });
  afterAll(async () => {
    await server?.close();
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
});
