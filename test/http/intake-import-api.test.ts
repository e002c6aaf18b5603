import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, notifications, units } from '../../src/db/schema.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { demand, demandWorkbook, DEMAND_HEADERS } from '../support/intake-workbook.ts';
import { zipBomb } from '../support/policy-workbook.ts';

/** A multipart/form-data body with the one file. */
const multipart = (fileName: string, content: Buffer) => {
  const boundary = `----chengxin${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
};

interface ImportBody {
  dryRun: false;
  imported: number;
  skipped: number;
  cases: { id: string; number: string; title: string; externalRef: string; line: string }[];
  existing: { externalRef: string; number: string }[];
}

interface QueueBody {
  items: { id: string; number: string; source: string; externalRef: string | null; responsibleUnitName: string; claimedAmount: number | null }[];
}

describe(`importing the provincial platform's demands over HTTP (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('2026-11-26T09:30:00+08:00');
  });
  afterAll(() => t?.close());

  const upload = async (username: TestUsername, content: Buffer, fileName = '省平台诉求.xlsx') => {
    const body = multipart(fileName, content);
    return t.server.inject({ method: 'POST', url: '/api/intake/import', payload: body.payload, headers: { ...(await t.signIn(username)), ...body.headers } });
  };
  const queue = async () =>
    (await t.server.inject({ method: 'GET', url: '/api/intake', headers: await t.signIn('yingshangban') })).json<QueueBody>();
  /** Everything an import could write: cases, their events and notifications, enterprises. */
  const totals = async () => {
    const of = async (table: typeof cases | typeof caseEvents | typeof notifications | typeof units) =>
      (await t.app.db.select({ n: count() }).from(table))[0]!.n;
    return { cases: await of(cases), events: await of(caseEvents), notifications: await of(notifications), units: await of(units) };
  };

  const file = () => demandWorkbook([demand(1), demand(2, { 被反映单位: '江北区教育局', '涉及金额（元）': '12.5万元' })]);

  it('lands every demand of a valid file as a pending case in the intake queue', async () => {
    const response = await upload('yingshangban', await file());
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<ImportBody>();
    expect(body).toMatchObject({ imported: 2, skipped: 0, existing: [] });
    expect(body.cases.map((item) => [item.number, item.externalRef])).toEqual([
      ['QK2026-00001', 'HBSQ202611200001'],
      ['QK2026-00002', 'HBSQ202611200002'],
    ]);
    const items = (await queue()).items;
    expect(items.map((item) => [item.number, item.source, item.externalRef, item.responsibleUnitName, item.claimedAmount])).toEqual([
      ['QK2026-00001', 'provincial_platform', 'HBSQ202611200001', '汉东区教育局', 68_000_000],
      ['QK2026-00002', 'provincial_platform', 'HBSQ202611200002', '江北区教育局', 12_500_000],
    ]);
    const page = await t.server.inject({ method: 'GET', url: `/api/cases/${body.cases[0]!.id}`, headers: await t.signIn('yingshangban') });
    expect(page.json()).toMatchObject({
      state: 'registered',
      source: 'provincial_platform',
      externalRef: 'HBSQ202611200001',
      submittedOn: '2026-11-20',
      intake: { status: 'pending' },
      events: [{ type: 'register', actor: { id: 'acc-yingshangban' } }],
    });
  });

  it('writes nothing when one row is bad, and lists that row’s errors', async () => {
    const before = await totals();
    const response = await upload(
      'yingshangban',
      await demandWorkbook([demand(3), demand(4, { 统一社会信用代码: '91422900MA4T000040', 提交日期: '2026-12-01' }), demand(5)]),
    );
    expect(response.statusCode, response.body).toBe(422);
    const { error } = response.json<{ error: { code: string; message: string; details: { errors: { row: number; column: string; message: string }[] } } }>();
    expect(error.code).toBe('IMPORT_INVALID');
    expect(error.message).toBe('导入文件有2处错误，未导入任何诉求；请逐行修正后重新导入');
    expect(error.details.errors.map((item) => [item.row, item.column])).toEqual([
      [3, '统一社会信用代码'],
      [3, '提交日期'],
    ]);
    expect(await totals()).toEqual(before);
    expect((await queue()).items).toHaveLength(2);
  });

  it('registers nothing new on a re-import and says which demands were already there', async () => {
    const before = await totals();
    const again = await upload('yingshangban', await file());
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<ImportBody>()).toEqual({
      dryRun: false,
      imported: 0,
      skipped: 2,
      cases: [],
      existing: [
        { externalRef: 'HBSQ202611200001', number: 'QK2026-00001' },
        { externalRef: 'HBSQ202611200002', number: 'QK2026-00002' },
      ],
    });
    expect(await totals()).toEqual(before);

    const grown = await upload('yingshangban', await demandWorkbook([demand(1), demand(2), demand(6)]));
    expect(grown.json<ImportBody>()).toMatchObject({ imported: 1, skipped: 2, cases: [{ number: 'QK2026-00003', externalRef: 'HBSQ202611200006' }] });
  });

  it('lets only 营商办 and the platform’s lead bureau import or fetch the template, writing nothing for anyone else', async () => {
    const before = await totals();
    for (const username of ['leader', 'guoziwei', 'caizhengju', 'handong', 'hd-jiaoyu', 'sysadmin'] as const) {
      const response = await upload(username, await demandWorkbook([demand(7)]));
      expect(response.statusCode, username).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
      const template = await t.server.inject({ method: 'GET', url: '/api/intake/import-template.xlsx', headers: await t.signIn(username) });
      expect(template.statusCode, username).toBe(403);
    }
    const body = multipart('x.xlsx', await demandWorkbook([demand(7)]));
    expect((await t.server.inject({ method: 'POST', url: '/api/intake/import', ...body })).statusCode).toBe(401);
    expect(await totals()).toEqual(before);
  });

  it('refuses a file over 5 MB or over 50 MB unpacked, a request without a file and a cross-site form post', async () => {
    const before = await totals();
    const large = await upload('yingshangban', randomBytes(5 * 1024 * 1024 + 1));
    expect(large.statusCode).toBe(413);
    expect(large.json().error.message).toContain('5MB');
    // Small on the wire, 60 MB unpacked: refused before exceljs inflates it.
    const bomb = await upload('yingshangban', zipBomb(60 * 1024 * 1024));
    expect(bomb.statusCode, bomb.body).toBe(413);
    expect(bomb.json().error.message).toContain('解压后超过50MB');
    const empty = await t.server.inject({
      method: 'POST',
      url: '/api/intake/import',
      payload: '------x--\r\n',
      headers: { ...(await t.signIn('yingshangban')), 'content-type': 'multipart/form-data; boundary=----x' },
    });
    expect(empty.statusCode).toBe(400);
    const body = multipart('x.xlsx', await demandWorkbook([demand(8)]));
    const forged = await t.server.inject({
      method: 'POST',
      url: '/api/intake/import',
      payload: body.payload,
      headers: { ...(await t.signIn('yingshangban')), ...body.headers, 'sec-fetch-site': 'cross-site' },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('CSRF_REJECTED');
    expect(await totals()).toEqual(before);
  });

  it('serves the template workbook to 营商办, with the import’s headers', async () => {
    const response = await t.server.inject({ method: 'GET', url: '/api/intake/import-template.xlsx', headers: await t.signIn('yingshangban') });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('省平台诉求导入模板.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([...DEMAND_HEADERS]);
  });

  it('documents both operations in the OpenAPI document', async () => {
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId: string }>> }>();
    expect(document.paths['/api/intake/import']?.post?.operationId).toBe('importIntake');
    expect(document.paths['/api/intake/import-template.xlsx']?.get?.operationId).toBe('downloadIntakeImportTemplate');
  });
});
