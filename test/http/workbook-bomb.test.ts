/**
 * Issue 11: a 4.6 MB .xlsx that inflated to 4.7 GB, posted to the intake import, killed the
 * server. Each import is posted a real zip bomb — a valid workbook whose sheet XML is 2 GB, two
 * megabytes on the wire — that declares its size, and one that lies about it; each is refused
 * in the platform's shape, nothing is written, the server still answers, and its memory barely
 * moves.
 */
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benefitPolicies, cases, investmentProjects } from '../../src/db/schema.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { multipart } from '../support/multipart.ts';
import { sheetBomb } from '../support/xlsx-archive.ts';
import { REGISTER_SHEET } from '../../src/io/investment-workbook.ts';
import { POLICY_SHEET } from '../../src/io/policy-workbook.ts';

const GIGABYTES_2 = 2 * 1024 ** 3;
/** What the server may grow by while refusing every bomb: far below one bomb inflated. */
const RSS_GROWTH_LIMIT = 300 * 1024 * 1024;

/** Each import, and the sheet it reads (the intake import reads the first, whatever its name). */
const IMPORTS: readonly { url: string; username: TestUsername; sheetName: string }[] = [
  { url: '/api/intake/import', username: 'yingshangban', sheetName: '省平台诉求' },
  { url: '/api/policies/import?dryRun=false', username: 'yingshangban', sheetName: POLICY_SHEET },
  { url: '/api/investment/import?dryRun=false', username: 'zhaoshangju', sheetName: REGISTER_SHEET },
];

describe(`a zip bomb posted to the workbook imports (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('2026-11-26T09:30:00+08:00');
  });
  afterAll(() => t?.close());

  const totals = async () => ({
    cases: (await t.app.db.select({ n: count() }).from(cases))[0]!.n,
    policies: (await t.app.db.select({ n: count() }).from(benefitPolicies))[0]!.n,
    projects: (await t.app.db.select({ n: count() }).from(investmentProjects))[0]!.n,
  });

  it('refuses a 2 GB sheet, declared or lying, with 413 in our shape; writes nothing; stays up within bounded memory', { timeout: 120_000 }, async () => {
    const bombs = (sheetName: string) => {
      const declared = sheetBomb(GIGABYTES_2, { sheetName });
      const lying = sheetBomb(GIGABYTES_2, { sheetName, declaredSize: 40 * 1024 * 1024 });
      // Small on the wire: under every import's 5 MB.
      expect(declared.length).toBeLessThan(3 * 1024 * 1024);
      expect(lying.length).toBeLessThan(3 * 1024 * 1024);
      return [
        ['declared', declared, '导入文件解压后超过50MB，请拆分后导入'],
        ['lying', lying, '导入文件中的“xl/worksheets/sheet1.xml”解压后超过其声明的大小（疑似压缩炸弹），已拒绝'],
      ] as const;
    };
    const before = await totals();
    // Signed in before measuring: the first sign-in loads argon2.
    for (const { username } of IMPORTS) await t.signIn(username);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sample = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 5);

    try {
      for (const { url, username, sheetName } of IMPORTS) {
        for (const [kind, bomb, message] of bombs(sheetName)) {
          const body = multipart('炸弹.xlsx', bomb);
          const response = await t.server.inject({ method: 'POST', url, payload: body.payload, headers: { ...(await t.signIn(username)), ...body.headers } });
          expect(response.statusCode, `${url} ${kind}: ${response.body}`).toBe(413);
          expect(response.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message, details: expect.objectContaining({ field: 'file' }) } });
          rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        }
      }
    } finally {
      clearInterval(sample);
    }

    const health = await t.server.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(await totals()).toEqual(before);
    expect(rssPeak - rssBefore).toBeLessThan(RSS_GROWTH_LIMIT);
  });
});
