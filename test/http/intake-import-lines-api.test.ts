import { count, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases, units } from '../../src/db/schema.ts';
import { UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { demand, demandWorkbook } from '../support/intake-workbook.ts';
import { multipart } from '../support/multipart.ts';

interface PreviewBody {
  dryRun: true;
  importable: number;
  skipped: number;
  rows: { row: number; externalRef: string; line: string | null; lineFrom: string; lineText: string; responsibleUnitName: string | null; existingNumber: string | null }[];
  errors: { row: number | null; column: string | null; message: string; code?: string }[];
  lines: string[];
}

interface ImportBody {
  dryRun: false;
  imported: number;
  skipped: number;
  cases: { id: string; number: string; externalRef: string; line: string }[];
}

/** S3: the provincial platform's demands, imported by 经信局 as well as 营商办, each to the line it concerns. */
describe(`importing the provincial platform's demands to their lines (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('2026-11-26T09:30:00+08:00');
  });
  afterAll(() => t?.close());

  const post = async (username: TestUsername, content: Buffer, options: { dryRun?: boolean; lines?: Record<string, string> | string } = {}) => {
    const fields: Record<string, string> =
      options.lines === undefined ? {} : { lines: typeof options.lines === 'string' ? options.lines : JSON.stringify(options.lines) };
    const body = multipart('省平台诉求.xlsx', content, fields);
    return t.server.inject({
      method: 'POST',
      url: `/api/intake/import${options.dryRun === true ? '?dryRun=true' : ''}`,
      payload: body.payload,
      headers: { ...(await t.signIn(username)), ...body.headers },
    });
  };
  /** Everything an import could write. */
  const totals = async () => ({
    cases: (await t.app.db.select({ n: count() }).from(cases))[0]!.n,
    events: (await t.app.db.select({ n: count() }).from(caseEvents))[0]!.n,
    units: (await t.app.db.select({ n: count() }).from(units))[0]!.n,
  });

  const ref = (n: number) => `HBSQ20261120${String(n).padStart(4, '0')}`;
  const file = () =>
    demandWorkbook([
      demand(21),
      demand(22, { 所属行动: '惠企政策兑现', 诉求标题: '反映人才引进补贴未兑现', '涉及金额（元）': '', 被反映单位: '汉江市教育局' }),
      demand(23, { 所属行动: '清欠' }),
    ]);

  it('previews every demand with its line and where the line came from, writing nothing', async () => {
    const before = await totals();
    const response = await post('jingxinju', await file(), { dryRun: true });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<PreviewBody>();
    expect(body).toMatchObject({ dryRun: true, importable: 3, skipped: 0, errors: [], lines: ['arrears', 'policy', 'investment'] });
    expect(body.rows.map((row) => [row.externalRef, row.line, row.lineFrom, row.lineText])).toEqual([
      [ref(21), 'arrears', 'default', ''],
      [ref(22), 'policy', 'file', '惠企政策兑现'],
      [ref(23), 'arrears', 'file', '清欠'],
    ]);
    expect(body.rows[1]!.responsibleUnitName).toBe('汉江市教育局');
    expect(await totals()).toEqual(before);

    // The importer changes a line: the preview shows it as chosen; a line an import does not take is a coded row error.
    const changed = await post('jingxinju', await file(), { dryRun: true, lines: { [ref(23)]: 'policy', [ref(21)]: 'integrity' } });
    expect(changed.statusCode, changed.body).toBe(200);
    const again = changed.json<PreviewBody>();
    expect(again.rows.map((row) => [row.line, row.lineFrom])).toEqual([
      ['integrity', 'choice'],
      ['policy', 'file'],
      ['policy', 'choice'],
    ]);
    expect(again.errors).toEqual([{ row: 2, column: '所属行动', code: 'ACTION_NOT_FOR_LINE', message: expect.stringContaining('省平台诉求不登记为“政府守信践诺再提升”事项') }]);
    expect(await totals()).toEqual(before);
  });

  it('lets 经信局 import them, each case on its line with its line’s lead, numbered as if no preview had run', async () => {
    const response = await post('jingxinju', await file(), { lines: { [ref(23)]: 'policy' } });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<ImportBody>();
    expect(body).toMatchObject({ dryRun: false, imported: 3, skipped: 0 });
    expect(body.cases.map((item) => [item.externalRef, item.line, item.number])).toEqual([
      [ref(21), 'arrears', 'QK2026-00001'],
      [ref(22), 'policy', 'HQ2026-00001'],
      [ref(23), 'policy', 'HQ2026-00002'],
    ]);
    const rows = await t.app.db
      .select({ id: cases.id, line: cases.line, source: cases.source, state: cases.state, leadUnitId: cases.leadUnitId, claimedAmount: cases.claimedAmount })
      .from(cases)
      .where(inArray(cases.id, body.cases.map((item) => item.id)));
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(body.cases.map((item) => byId.get(item.id))).toEqual([
      expect.objectContaining({ line: 'arrears', source: 'provincial_platform', state: 'registered', leadUnitId: UNIT_IDS.jingxinju, claimedAmount: 68_000_000 }),
      expect.objectContaining({ line: 'policy', source: 'provincial_platform', state: 'registered', leadUnitId: UNIT_IDS.caizhengju, claimedAmount: null }),
      expect.objectContaining({ line: 'policy', source: 'provincial_platform', leadUnitId: UNIT_IDS.caizhengju }),
    ]);
    // They wait for 营商办's intake like every platform demand, the import's author on record.
    const queue = (await t.server.inject({ method: 'GET', url: '/api/intake', headers: await t.signIn('yingshangban') })).json<{ items: { number: string; line: string }[] }>();
    expect(queue.items.map((item) => [item.number, item.line]).sort()).toEqual([
      ['HQ2026-00001', 'policy'],
      ['HQ2026-00002', 'policy'],
      ['QK2026-00001', 'arrears'],
    ]);
    const page = await t.server.inject({ method: 'GET', url: `/api/cases/${body.cases[0]!.id}`, headers: await t.signIn('yingshangban') });
    expect(page.json()).toMatchObject({ intake: { status: 'pending' }, events: [{ type: 'register', actor: { id: 'acc-jingxinju' } }] });
  });

  it('registers nothing twice on a re-import, whatever lines are chosen now', async () => {
    const before = await totals();
    const preview = (await post('jingxinju', await file(), { dryRun: true })).json<PreviewBody>();
    expect(preview).toMatchObject({ importable: 0, skipped: 3, errors: [] });
    expect(preview.rows.map((row) => row.existingNumber)).toEqual(['QK2026-00001', 'HQ2026-00001', 'HQ2026-00002']);
    const again = await post('yingshangban', await file(), { lines: { [ref(21)]: 'investment' } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<ImportBody>()).toMatchObject({ imported: 0, skipped: 3, cases: [] });
    expect(await totals()).toEqual(before);
  });

  it('writes nothing when a row is wrong, naming each row with its code', async () => {
    const before = await totals();
    const response = await post(
      'jingxinju',
      await demandWorkbook([
        demand(31, { 所属行动: '惠企' }),
        demand(32, { 所属行动: '营商环境' }),
        demand(33, { 所属行动: '清欠', '涉及金额（元）': '' }),
        demand(34, { 所属行动: '招商' }),
      ]),
      { lines: { [ref(34)]: 'integrity' } },
    );
    expect(response.statusCode, response.body).toBe(422);
    const { error } = response.json<{ error: { code: string; message: string; details: { errors: PreviewBody['errors'] } } }>();
    expect(error.code).toBe('IMPORT_INVALID');
    expect(error.details.errors.map((item) => [item.row, item.column, item.code ?? null])).toEqual([
      [3, '所属行动', 'VALIDATION_FAILED'],
      [4, '涉及金额（元）', null],
      [5, '所属行动', 'ACTION_NOT_FOR_LINE'],
    ]);
    for (const item of error.details.errors) expect(item.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await totals()).toEqual(before);

    const malformed = await post('jingxinju', await demandWorkbook([demand(35)]), { lines: '{"HBSQ":"nowhere"}' });
    expect(malformed.statusCode, malformed.body).toBe(400);
    expect(malformed.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'lines' } });
    expect(await totals()).toEqual(before);
  });

  it('still refuses a unit handler (and a lead bureau that does not lead the platform), preview and import alike', async () => {
    const before = await totals();
    for (const username of ['hd-jiaoyu', 'guoziwei'] as const) {
      for (const dryRun of [true, false]) {
        const response = await post(username, await demandWorkbook([demand(41)]), { dryRun });
        expect(response.statusCode, `${username} ${dryRun}`).toBe(403);
        expect(response.json().error.code).toBe('FORBIDDEN');
      }
    }
    expect(await totals()).toEqual(before);
  });
});
