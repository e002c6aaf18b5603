/**
 * The malformed requests an attacker's probe answered with 500 or in the framework's own shape
 * (issue 11, point 5), each as a plain regression test: every one is refused with a coded 4xx in
 * `{ error: { code, message, details } }`, before a handler or the database sees it, and nothing
 * is written. Also the money ceiling, and totals at the ceiling that every reader still answers.
 */
import { connect } from 'node:net';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { fenToWanYuan } from '../../src/domain/dispatch/figures.ts';
import { MONEY_MAX_FEN } from '../../src/domain/money.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, PASSWORD, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { databaseFingerprint } from '../support/fingerprint.ts';
import { multipart } from '../support/multipart.ts';

const ENTERPRISE = { name: '汉江市楚风建筑工程有限公司', creditCode: makeCreditCode('91422900MA49XK7C3') };
const DEBTOR = LOCAL_UNIT_IDS.handong.jiaoyuju;

type Response = Awaited<ReturnType<TestApp['server']['inject']>>;

describe(`malformed input at the HTTP edge (${backendName})`, () => {
  let t: TestApp;

  const registration = (extra: Record<string, unknown> = {}) => ({
    line: 'arrears',
    source: 'assigned',
    title: '汉东区教育局拖欠第三中学校舍维修工程款',
    facts: '2025年8月竣工验收合格，尾款至今未付。',
    instruction: '请汉东区教育局核实并制定清偿方案。',
    enterprise: ENTERPRISE,
    responsibleUnitId: DEBTOR,
    claimedAmount: 30_000_000,
    ...extra,
  });

  const call = async (username: TestUsername | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options: { payload?: unknown; headers?: Record<string, string> } = {}) =>
    t.server.inject({
      method,
      url,
      headers: { ...(username === null ? {} : await t.signIn(username)), ...options.headers },
      ...(options.payload === undefined ? {} : { payload: options.payload as string }),
    });

  /** A refusal in the platform's shape, with its code and a Chinese message. */
  const expectError = (response: Response, status: number, code: string, details: Record<string, unknown> = {}) => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json()).toEqual({ error: { code, message: expect.stringMatching(/[\u4e00-\u9fa5]/), details: expect.objectContaining(details) } });
  };

  /** Runs `refused` and checks that the database is exactly as before. */
  const nothingWritten = async (refused: () => Promise<void>) => {
    const before = await databaseFingerprint(t.app.db);
    await refused();
    expect(await databaseFingerprint(t.app.db)).toEqual(before);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const registered = await call('yingshangban', 'POST', '/api/cases', { payload: registration() });
    expect(registered.statusCode, registered.body).toBe(201);
    await t.addEnterpriseAccount('qiye1', registered.json<{ enterprise: { unitId: string } }>().enterprise.unitId);
    // Signed in before any fingerprint is taken.
    for (const username of ['yingshangban', 'sysadmin', 'qiye1'] as const) await t.signIn(username);
  });
  afterAll(() => t?.close());

  describe('one text rule for every string', () => {
    it('refuses a NUL or a lone surrogate in the sign-in before it reaches the database', async () => {
      await nothingWritten(async () => {
        expectError(await call(null, 'POST', '/api/session', { payload: { username: 'yingshang\u0000ban', password: PASSWORD } }), 400, 'TEXT_INVALID', { field: 'username', in: 'body' });
        const surrogate = await call(null, 'POST', '/api/session', { payload: `{"username":"yingshangban","password":"\\ud800${PASSWORD}"}`, headers: { 'content-type': 'application/json' } });
        expectError(surrogate, 400, 'TEXT_INVALID', { field: 'password' });
        expect(surrogate.json().error.message).toContain('password');
      });
    });

    it('names the field of a bad string at any depth of a JSON body, keys included', async () => {
      await nothingWritten(async () => {
        expectError(await call('yingshangban', 'POST', '/api/cases', { payload: registration({ enterprise: { ...ENTERPRISE, name: '楚风\u0000建筑' } }) }), 400, 'TEXT_INVALID', {
          field: 'enterprise.name',
        });
        const deep = await call('yingshangban', 'POST', '/api/cases', { payload: `{"line":"arrears","attachmentIds":["a",{"x":[1,"\\udfff"]}]}`, headers: { 'content-type': 'application/json' } });
        expectError(deep, 400, 'TEXT_INVALID', { field: 'attachmentIds.1.x.1' });
        expectError(await call('yingshangban', 'POST', '/api/cases', { payload: { ...registration(), ['bad\u0000key']: 1 } }), 400, 'TEXT_INVALID', { field: 'bad\uFFFDkey' });
        const nested = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
        expectError(await call('yingshangban', 'POST', '/api/cases', { payload: nested, headers: { 'content-type': 'application/json' } }), 400, 'VALIDATION_FAILED');
      });
    });

    it('refuses a NUL in a query string, a path parameter and the Idempotency-Key header', async () => {
      await nothingWritten(async () => {
        expectError(await call('yingshangban', 'GET', '/api/units?q=%E6%B1%89%00'), 400, 'TEXT_INVALID', { field: 'q', in: 'query' });
        expectError(await call('sysadmin', 'PATCH', '/api/units/u-%00jingxinju', { payload: { name: '经信局' } }), 400, 'TEXT_INVALID', { field: 'id', in: 'path' });
        expectError(await call('yingshangban', 'POST', '/api/cases', { payload: registration(), headers: { 'idempotency-key': 'retry-key\u0000-1' } }), 400, 'TEXT_INVALID', {
          field: 'Idempotency-Key',
          in: 'header',
        });
      });
    });

    it('refuses a bad string in a multipart field or file name, and a truncated or malformed form', async () => {
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
      await nothingWritten(async () => {
        const field = multipart('明细.xlsx', Buffer.from('PK'), { lines: '{"SQ-1":"arr\u0000ears"}' });
        expectError(await call('yingshangban', 'POST', '/api/intake/import?dryRun=true', field), 400, 'TEXT_INVALID', { field: 'lines', in: 'form' });
        const boundary = 'cxboundary';
        const named = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''%E5%90%88%E5%90%8C%00.pdf\r\nContent-Type: application/pdf\r\n\r\n${pdf.toString('latin1')}\r\n--${boundary}--\r\n`;
        expectError(await call('qiye1', 'POST', '/api/attachments', { payload: named, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }), 400, 'TEXT_INVALID', {
          field: 'fileName',
        });
        const truncated = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="合同.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 half`;
        expectError(await call('qiye1', 'POST', '/api/attachments', { payload: truncated, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }), 400, 'MULTIPART_INVALID');
        expectError(await call('yingshangban', 'POST', '/api/intake/import', { payload: truncated, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }), 400, 'MULTIPART_INVALID');
        expectError(await call('qiye1', 'POST', '/api/attachments', { payload: 'xx', headers: { 'content-type': 'multipart/form-data' } }), 400, 'MULTIPART_INVALID');
        const longBoundary = 'b'.repeat(300);
        expectError(await call('qiye1', 'POST', '/api/attachments', { payload: `--${longBoundary}\r\n`, headers: { 'content-type': `multipart/form-data; boundary=${longBoundary}` } }), 400, 'MULTIPART_INVALID');
      });
      // The same upload, well formed, is taken: the refusals above were the input's fault.
      const upload = multipart('合同.pdf', pdf);
      expect((await call('qiye1', 'POST', '/api/attachments', upload)).statusCode).toBe(201);
    });
  });

  describe('ids checked before the database', () => {
    it('refuses a holiday that is not a date', async () => {
      await nothingWritten(async () => {
        expectError(await call('sysadmin', 'DELETE', '/api/holidays/abc'), 400, 'DATE_INVALID', { field: 'day' });
        expectError(await call('sysadmin', 'PUT', '/api/holidays/2026-02-30', { payload: { kind: 'holiday', name: '假日' } }), 400, 'DATE_INVALID', { field: 'day' });
      });
      expectError(await call('sysadmin', 'DELETE', '/api/holidays/2026-02-27'), 404, 'NOT_FOUND');
    });

    it('refuses a PATCH that changes nothing', async () => {
      await nothingWritten(async () => {
        const unit = await call('sysadmin', 'PATCH', `/api/units/${DEBTOR}`, { payload: {} });
        expectError(unit, 400, 'VALIDATION_FAILED');
        expect(unit.json().error.message).toBe('没有要修改的字段');
        expectError(await call('sysadmin', 'PATCH', `/api/units/${DEBTOR}`, { payload: { creditCode: undefined } }), 400, 'VALIDATION_FAILED');
        const row = await call('yingshangban', 'PATCH', '/api/responsibility-matrix/rm-arrears_public_bodies', { payload: {} });
        expectError(row, 400, 'VALIDATION_FAILED');
        expect(row.json().error.message).toBe('没有要修改的字段');
      });
    });

    it('refuses malformed and overlong ids in the platform shape', async () => {
      await nothingWritten(async () => {
        expectError(await call('sysadmin', 'PATCH', '/api/units/u%20jingxinju', { payload: { name: '经信局' } }), 400, 'VALIDATION_FAILED', { field: 'id' });
        expectError(await call('yingshangban', 'PUT', '/api/time-limits/closed%20now', { payload: { unit: 'working_days', days: 5 } }), 400, 'VALIDATION_FAILED', { field: 'state' });
        expectError(await call('yingshangban', 'GET', `/api/dispatch/rounds/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}?unitId=u%27x`), 400, 'VALIDATION_FAILED', { field: 'unitId' });
        const long = 'a'.repeat(5_000);
        for (const [method, url] of [
          ['GET', `/api/cases/${long}`],
          ['DELETE', `/api/holidays/${long}`],
          ['PATCH', `/api/units/${long}`],
          ['POST', `/api/cases/${long}/actions`],
        ] as const) {
          const response = await call('sysadmin', method, url, method === 'GET' || method === 'DELETE' ? {} : { payload: { name: '单位' } });
          expect(response.statusCode, `${method} ${response.body}`).toBeGreaterThanOrEqual(400);
          expect(response.statusCode).toBeLessThan(500);
          expectError(response, response.statusCode, response.statusCode === 414 ? 'URI_TOO_LONG' : 'NOT_FOUND');
        }
        expectError(await call('sysadmin', 'DELETE', `/api/holidays/${long}`), 414, 'URI_TOO_LONG');
        expectError(await call('yingshangban', 'GET', '/api/cases/%E0%A4%A'), 400, 'VALIDATION_FAILED');
      });
    });
  });

  describe('the framework’s own errors in the platform shape', () => {
    it('answers 404, 413, 415, malformed JSON, a wrong Content-Length and an empty JSON body in the platform shape', async () => {
      await nothingWritten(async () => {
        expectError(await call('yingshangban', 'GET', '/api/no-such-thing'), 404, 'NOT_FOUND');
        expectError(await call('yingshangban', 'PUT', '/api/cases'), 404, 'NOT_FOUND');
        const huge = JSON.stringify(registration({ facts: 'x'.repeat(1_100_000) }));
        expectError(await call('yingshangban', 'POST', '/api/cases', { payload: huge, headers: { 'content-type': 'application/json' } }), 413, 'PAYLOAD_TOO_LARGE');
        for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
          expectError(await call('yingshangban', 'POST', '/api/cases', { payload: JSON.stringify(registration()), headers: { 'content-type': type } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
        }
        expectError(await call('yingshangban', 'POST', '/api/cases', { payload: '{"line":', headers: { 'content-type': 'application/json' } }), 400, 'VALIDATION_FAILED');
        expectError(await call('yingshangban', 'POST', '/api/cases', { payload: '{"__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' } }), 400, 'VALIDATION_FAILED');
        const short = await call('yingshangban', 'POST', '/api/cases', { payload: JSON.stringify(registration()), headers: { 'content-type': 'application/json', 'content-length': '10000' } });
        expectError(short, 400, 'VALIDATION_FAILED');
        expectError(await call('yingshangban', 'POST', '/api/notifications/read-all', { payload: '', headers: { 'content-type': 'application/json' } }), 400, 'VALIDATION_FAILED');
        expectError(await call('yingshangban', 'POST', '/api/notifications/read-all', { payload: '', headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
        expectError(await call(null, 'GET', '/api/session', { headers: { cookie: 'chengxin_session=%E0%A4%A; other=%%' } }), 401, 'UNAUTHENTICATED');
      });
    });

    it('answers what Node’s HTTP parser refuses in the platform shape too', async () => {
      const address = await t.server.listen({ port: 0, host: '127.0.0.1' });
      const { port } = new URL(address);
      const raw = (request: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
          let answer = '';
          socket.setEncoding('utf8');
          socket.on('data', (chunk: string) => (answer += chunk));
          socket.on('end', () => resolve(answer));
          socket.on('error', reject);
        });
      const parsed = (answer: string) => {
        const [head = '', body = ''] = answer.split('\r\n\r\n');
        return { status: Number(head.split(' ')[1]), head, body: JSON.parse(body) as unknown };
      };
      const badHeader = parsed(await raw('GET /api/health HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'));
      expect(badHeader.status).toBe(400);
      expect(badHeader.head).toContain('application/json');
      expect(badHeader.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/[\u4e00-\u9fa5]/), details: {} } });
      const longUrl = parsed(await raw(`GET /api/cases/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
      expect(longUrl.status).toBe(431);
      expect(longUrl.body).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.stringMatching(/[\u4e00-\u9fa5]/), details: {} } });
    });
  });

  describe('money', () => {
    it('refuses an enterprise complaint above 1000亿元 with AMOUNT_INVALID and writes nothing', async () => {
      await nothingWritten(async () => {
        for (const claimedAmount of [9_007_199_254_740_991, MONEY_MAX_FEN + 1]) {
          const response = await call('qiye1', 'POST', '/api/cases', { payload: registration({ source: 'enterprise', claimedAmount }) });
          expectError(response, 400, 'AMOUNT_INVALID', { field: 'claimedAmount' });
          expect(response.json().error.message).toBe('企业主张金额不能超过1000亿元');
        }
        // Not a whole number of 分 that JavaScript holds exactly: not an amount at all.
        expectError(await call('qiye1', 'POST', '/api/cases', { payload: registration({ source: 'enterprise', claimedAmount: 1e21 }) }), 400, 'VALIDATION_FAILED', { field: 'claimedAmount' });
      });
    });

    it('answers the cockpit, the dispatch report and its workbook with exact totals at the ceiling', async () => {
      const before = (await call('yingshangban', 'GET', '/api/stats/overview')).json<{ lines: { line: string; claimedAmount: number }[] }>();
      const claimedBefore = before.lines.find((line) => line.line === 'arrears')!.claimedAmount;
      const complaint = await call('qiye1', 'POST', '/api/cases', { payload: registration({ source: 'enterprise', claimedAmount: MONEY_MAX_FEN }) });
      expect(complaint.statusCode, complaint.body).toBe(201);
      for (let index = 0; index < 2; index += 1) {
        expect((await call('yingshangban', 'POST', '/api/cases', { payload: registration({ claimedAmount: MONEY_MAX_FEN }) })).statusCode).toBe(201);
      }
      const expected = claimedBefore + 3 * MONEY_MAX_FEN;
      expect(Number.isSafeInteger(expected)).toBe(true);

      const overview = await call('yingshangban', 'GET', '/api/stats/overview');
      expect(overview.statusCode, overview.body).toBe(200);
      expect(overview.json<{ lines: { line: string; claimedAmount: number }[] }>().lines.find((line) => line.line === 'arrears')!.claimedAmount).toBe(expected);

      const report = await call('yingshangban', 'GET', '/api/reports/dispatch');
      expect(report.statusCode, report.body).toBe(200);
      const total = report.json<{ total: { claimedAmount: number } }>().total;
      expect(total.claimedAmount).toBe(expected);

      const workbook = await call('yingshangban', 'GET', '/api/reports/dispatch.xlsx');
      expect(workbook.statusCode).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(workbook.rawPayload as unknown as ArrayBuffer);
      const lines = book.getWorksheet('按专项行动')!;
      const headers = (lines.getRow(2).values as unknown[]).slice(1);
      const claimed = headers.indexOf('主张金额（万元）') + 1;
      const totalRow = [...Array(lines.rowCount).keys()].map((index) => lines.getRow(index + 1)).find((row) => row.getCell(1).value === '合计')!;
      expect(totalRow.getCell(claimed).value).toBe(fenToWanYuan(expected));
    });

    it('still answers every reader when stored amounts sum past 2^53 分 (data from before the ceiling)', async () => {
      // Two amounts accepted before the ceiling existed: their sum passes Number.MAX_SAFE_INTEGER.
      await t.app.db.execute(sql`update cases set claimed_amount = 9007199254740991 where claimed_amount = ${MONEY_MAX_FEN}`);
      for (const url of ['/api/stats/overview', '/api/reports/dispatch', '/api/reports/dispatch.xlsx', '/api/cases?sort=registered_desc']) {
        const response = await call('yingshangban', 'GET', url);
        expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
      }
      const { total } = (await call('yingshangban', 'GET', '/api/reports/dispatch')).json<{ total: { claimedAmount: number } }>();
      expect(total.claimedAmount).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    });
  });
});
