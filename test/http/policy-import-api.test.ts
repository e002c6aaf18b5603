import { randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { benefitPolicies, benefitPolicyChanges, idempotencyKeys } from '../../src/db/schema.ts';
import { yuan } from '../../src/domain/money.ts';
import type { PolicyImportResult } from '../../src/policy-library/import-policies.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { multipart } from '../support/multipart.ts';
import { CLAUSE_HEADERS, clauseRow, POLICY_HEADERS, policyRow, policyWorkbook, zipBomb } from '../support/policy-workbook.ts';

const wan = (amount: number) => yuan(amount * 10_000);

interface ImportError {
  error: { code: string; message: string; details: { errors: { sheet: string | null; row: number | null; column: string | null; message: string }[] } };
}

/** P7: a policy list comes in from a workbook, checked row by row, all or nothing, by whoever keeps those policies. */
describe(`importing a policy list from an Excel workbook (${backendName})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('2026-11-26T09:30:00+08:00');
  });
  afterAll(() => t?.close());

  const upload = async (username: TestUsername, content: Buffer, options: { dryRun?: boolean; key?: string } = {}) => {
    const body = multipart('政策清单.xlsx', content);
    return t.server.inject({
      method: 'POST',
      url: `/api/policies/import${options.dryRun ? '?dryRun=true' : ''}`,
      payload: body.payload,
      headers: { ...(await t.signIn(username)), ...body.headers, ...(options.key ? { 'idempotency-key': options.key } : {}) },
    });
  };
  /** Everything an import could write: policies, their change log, idempotency keys. */
  const totals = async () => {
    const of = async (table: typeof benefitPolicies | typeof benefitPolicyChanges | typeof idempotencyKeys) => Number((await t.app.db.select({ n: count() }).from(table))[0]!.n);
    return { policies: await of(benefitPolicies), changes: await of(benefitPolicyChanges), keys: await of(idempotencyKeys) };
  };
  const stored = async (documentNo: string) => (await t.app.db.select().from(benefitPolicies).where(eq(benefitPolicies.documentNo, documentNo)))[0];
  const errorsOf = (response: Awaited<ReturnType<typeof upload>>) => {
    expect(response.statusCode, response.body).toBe(422);
    const { error } = response.json<ImportError>();
    expect(error.code).toBe('IMPORT_INVALID');
    return error.details.errors;
  };

  it('serves a template with both sheets, their headers, an example and notes, that previews and imports as it stands', async () => {
    const response = await t.server.inject({ method: 'GET', url: '/api/policies/import-template', headers: await t.signIn('jingxinju') });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('政策导入模板.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['政策', '条款', '说明']);
    expect((workbook.getWorksheet('政策')!.getRow(1).values as unknown[]).slice(1)).toEqual([...POLICY_HEADERS]);
    expect((workbook.getWorksheet('条款')!.getRow(1).values as unknown[]).slice(1)).toEqual([...CLAUSE_HEADERS]);
    // The example names the downloader's own department, so that it imports for them.
    expect(workbook.getWorksheet('政策')!.getCell('C2').value).toBe('汉江市经济和信息化局');
    const notes = workbook
      .getWorksheet('说明')!
      .getSheetValues()
      .flatMap((row) => (Array.isArray(row) ? row : []))
      .join('\n');
    expect(notes).toContain('营业收入>=2000万元');
    expect(notes).toContain('汉东区');

    const before = await totals();
    const preview = await upload('jingxinju', response.rawPayload, { dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    const result = preview.json<PolicyImportResult>();
    expect(result).toMatchObject({ dryRun: true, imported: 0, clauseCount: 1 });
    expect(result.policies).toMatchObject([
      { id: null, row: 2, documentNo: '示例〔2026〕1号', issuerName: '汉江市经济和信息化局', packageTag: '16条', publishedOn: '2026-11-26', expiresOn: '2028-12-31' },
    ]);
    expect(result.policies[0]!.clauses).toEqual([
      {
        row: 2,
        article: '第五条',
        title: '数字化改造奖补',
        classLabel: '奖补资金',
        amountText: '按软件和设备投入的20%，最高100万元',
        conditionTexts: ['所属行业为 C', '上年度营业收入 ≥ 2,000万元', '企业规模为中型、小型、微型', '从业人员 ≥ 10人'],
        materials: ['改造项目验收报告', '软件和设备购置发票', '数字化水平评测报告'],
        noApplication: false,
        fastTrack: true,
      },
    ]);
    expect(await totals()).toEqual(before);

    const imported = await upload('jingxinju', response.rawPayload);
    expect(imported.statusCode, imported.body).toBe(201);
    const policy = await stored('示例〔2026〕1号');
    expect(policy).toMatchObject({ issuerUnitId: UNIT_IDS.jingxinju, status: 'in_force', level: 'city', version: 1 });
    expect(policy!.clauses[0]!.conditions).toEqual([
      { field: 'industry', op: 'in', values: ['C'] },
      { field: 'annualRevenue', op: 'gte', value: wan(2_000) },
      { field: 'sizeClass', op: 'in', values: ['medium', 'small', 'micro'] },
      { field: 'employees', op: 'gte', value: 10 },
    ]);
  });

  it('lists every bad row at once — sheet, row, column and why — and writes nothing, in a preview or not', async () => {
    const before = await totals();
    const file = await policyWorkbook(
      [
        policyRow(101, { 发布部门: '经信局' }),
        policyRow(102, { 施行日期: '2026-02-01' }),
        policyRow(101),
        policyRow(103, { 文号: '示例〔2026〕1号' }),
        policyRow(104, { 发布日期: '2026年13月1日', 政策名称: '' }),
        policyRow(105),
      ],
      [
        clauseRow('汉经信发〔2026〕101号'),
        clauseRow('汉经信发〔2026〕102号', { 类别: '补贴', 金额方式: '定额', '比例（%）': null, 计算基数: null, '最高（万元）': null }),
        clauseRow('示例〔2026〕1号', { 申报条件: '行业: C\n营业收入>2000万元\n属地: 武汉市' }),
        clauseRow('汉经信发〔2026〕104号', { 免申即享: '可能', '比例（%）': 120 }),
        clauseRow('汉经信发〔2026〕999号'),
        // A cell's text escapes what XML cannot hold as _xHHHH_; it reads back as a NUL and a lone surrogate.
        clauseRow('示例〔2026〕1号', { 条款名称: '技改_xD800_奖补', 条款内容: 'a_x0000_b', 申报材料: null }),
      ],
    );
    const expected = [
      ['政策', 2, '发布部门', '未找到发布部门“经信局”，请填写本市政府或部门的全称'],
      ['政策', 3, '施行日期', '施行日期（2026-02-01）不能早于发布日期（2026-03-01）'],
      ['政策', 4, '文号', '文号“汉经信发〔2026〕101号”与第2行重复'],
      ['政策', 5, '文号', '文号“示例〔2026〕1号”的政策已在政策库中'],
      ['政策', 6, '政策名称', '请填写政策名称'],
      ['政策', 6, '发布日期', '发布日期“2026年13月1日”无法识别，请填写如 2026-03-01 的日期'],
      ['政策', 7, '文号', '“条款”表中没有文号为“汉经信发〔2026〕105号”的条款，每项政策至少一个条款'],
      ['条款', 3, '类别', '类别“补贴”无效，应为奖补资金、减免、权益或资质认定'],
      ['条款', 3, '定额（万元）', '金额方式为定额时请填写定额（万元）'],
      ['条款', 4, '申报条件', '“营业收入>2000万元”：只能写 >=（不低于）或 <=（不高于）'],
      ['条款', 4, '申报条件', '“属地: 武汉市”：未找到属地“武汉市”，请填写本市县市区、管委会的名称'],
      ['条款', 5, '比例（%）', '比例不能超过100%'],
      ['条款', 5, '免申即享', '免申即享应填“是”或“否”，当前为“可能”'],
      ['条款', 6, '文号', '“政策”表中没有文号为“汉经信发〔2026〕999号”的政策'],
      ['条款', 7, '条款名称', '条款名称含有无法保存的字符'],
      ['条款', 7, '条款内容', '条款内容含有无法保存的字符'],
    ];
    for (const dryRun of [true, false]) {
      const errors = errorsOf(await upload('yingshangban', file, { dryRun, key: dryRun ? undefined : 'import-bad-rows-1' }));
      expect(errors.map((error) => [error.sheet, error.row, error.column, error.message])).toEqual(expected);
    }
    expect(await totals()).toEqual(before);
  });

  it('records the policies and clauses of a good workbook in one go, each condition structured, each policy logged as new (P2, P7)', async () => {
    const zoneRow = policyRow(201, {
      文号: '汉东政发〔2026〕9号',
      政策名称: '汉东区节能环保产业发展专项资金管理办法',
      发布部门: LOCAL_UNIT_IDS.handong.government,
      政策包: null,
      发布日期: new Date('2026-05-12T00:00:00Z'),
      施行日期: '2026/6/1',
      有效期至: null,
    });
    const file = await policyWorkbook(
      [policyRow(201), zoneRow],
      [
        clauseRow('汉经信发〔2026〕201号'),
        clauseRow('汉经信发〔2026〕201号', {
          条款序号: '第九条',
          条款名称: '首次认定高新技术企业奖励',
          条款内容: '对首次认定的高新技术企业给予一次性奖励30万元，依据认定名单直接兑付。',
          金额方式: '定额',
          '定额（万元）': 30,
          '比例（%）': null,
          计算基数: null,
          '最高（万元）': null,
          申报条件: '资质：高新技术企业；营业收入>=2000万元；规模: 中型,小型,微型；从业人员>=10',
          申报材料: null,
          免申即享: '是',
          快申快享: null,
        }),
        clauseRow('汉东政发〔2026〕9号', {
          条款序号: '第十条',
          条款名称: '节能改造项目奖补',
          类别: '奖补资金',
          条款内容: '对节能改造项目按节能设备投资额的15%给予奖补，最高80万元。',
          '比例（%）': 0.15,
          计算基数: '节能设备投资额',
          '最高（万元）': '80',
          申报条件: '属地: 汉东区\n资产总额<=5000万元',
          申报材料: '节能评估报告\n设备购置发票',
        }),
        clauseRow('汉东政发〔2026〕9号', {
          条款序号: '第十二条',
          条款名称: '标准厂房租金减免',
          类别: '减免',
          条款内容: '对入驻区内标准厂房的节能环保企业，前两年租金减半。',
          金额方式: '不涉及资金',
          '比例（%）': null,
          计算基数: null,
          '最高（万元）': null,
          申报条件: null,
          申报材料: '厂房租赁合同',
          快申快享: '否',
        }),
      ],
      // Excel keeps a cell typed as "15%" as 0.15 formatted as a percentage.
      (workbook) => {
        workbook.getWorksheet('条款')!.getCell('H4').numFmt = '0%';
      },
    );
    const before = await totals();

    const preview = await upload('yingshangban', file, { dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json<PolicyImportResult>().policies.map((policy) => [policy.documentNo, policy.issuerName, policy.clauses.map((clause) => clause.amountText)])).toEqual([
      ['汉经信发〔2026〕201号', '汉江市经济和信息化局', ['按设备投资额的8%，最高150万元', '定额 30万元']],
      ['汉东政发〔2026〕9号', '汉东区人民政府', ['按节能设备投资额的15%，最高80万元', '不涉及资金']],
    ]);
    expect(await totals()).toEqual(before);

    const response = await upload('yingshangban', file, { key: 'import-good-1' });
    expect(response.statusCode, response.body).toBe(201);
    const result = response.json<PolicyImportResult>();
    expect(result).toMatchObject({ dryRun: false, imported: 2, clauseCount: 4 });
    expect(await totals()).toEqual({ policies: before.policies + 2, changes: before.changes + 2, keys: before.keys + 1 });

    const city = await stored('汉经信发〔2026〕201号');
    expect(city).toMatchObject({ id: result.policies[0]!.id, issuerUnitId: UNIT_IDS.jingxinju, packageTag: '30条', publishedOn: '2026-03-01', effectiveOn: '2026-03-10', expiresOn: '2028-12-31' });
    expect(city!.clauses.map((clause) => [clause.article, clause.class, clause.amountRule, clause.conditions, clause.materials, clause.noApplication, clause.fastTrack])).toEqual([
      [
        '第七条',
        'subsidy',
        { kind: 'rate', basisPoints: 800, base: '设备投资额', cap: wan(150) },
        [
          { field: 'industry', op: 'in', values: ['C'] },
          { field: 'yearsRegistered', op: 'gte', value: 2 },
        ],
        ['项目备案证明', '设备购置发票', '项目验收报告'],
        false,
        true,
      ],
      [
        '第九条',
        'subsidy',
        { kind: 'fixed', amount: wan(30) },
        [
          { field: 'tag', op: 'has', value: '高新技术企业' },
          { field: 'annualRevenue', op: 'gte', value: wan(2_000) },
          { field: 'sizeClass', op: 'in', values: ['medium', 'small', 'micro'] },
          { field: 'employees', op: 'gte', value: 10 },
        ],
        [],
        true,
        false,
      ],
    ]);
    const county = await stored('汉东政发〔2026〕9号');
    expect(county).toMatchObject({ level: 'county', jurisdictionId: 'handong', packageTag: null, publishedOn: '2026-05-12', effectiveOn: '2026-06-01', expiresOn: null });
    expect(county!.clauses.map((clause) => [clause.class, clause.amountRule, clause.conditions, clause.materials])).toEqual([
      [
        'subsidy',
        { kind: 'rate', basisPoints: 1_500, base: '节能设备投资额', cap: wan(80) },
        [
          { field: 'jurisdiction', op: 'in', values: ['handong'] },
          { field: 'totalAssets', op: 'lte', value: wan(5_000) },
        ],
        ['节能评估报告', '设备购置发票'],
      ],
      ['reduction', { kind: 'none' }, [], ['厂房租赁合同']],
    ]);
    // Recorded through the same use case as a policy typed in: one dated 新增 each (P7).
    const page = await t.server.inject({ method: 'GET', url: `/api/policies/${county!.id}`, headers: await t.signIn('handong') });
    expect(page.json()).toMatchObject({ canMaintain: true, changes: [{ seq: 1, kind: 'create', effectiveOn: '2026-06-01' }] });

    // A retry with the same key replays the answer and writes nothing; the key with another file is refused.
    const after = await totals();
    const again = await upload('yingshangban', file, { key: 'import-good-1' });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(result);
    const other = await upload('yingshangban', await policyWorkbook([policyRow(202)], [clauseRow('汉经信发〔2026〕202号')]), { key: 'import-good-1' });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Importing the same file again is 文号 already in the library, row by row.
    expect(errorsOf(await upload('yingshangban', file)).map((error) => [error.row, error.column])).toEqual([
      [2, '文号'],
      [3, '文号'],
    ]);
    expect(await totals()).toEqual(after);
  });

  it('lets a department import only its own policies, and a county those of its departments, writing nothing otherwise (P7)', async () => {
    const before = await totals();
    const own = policyRow(301, { 文号: '汉东教发〔2026〕11号', 政策名称: '汉东区支持民办教育规范发展若干措施', 发布部门: '汉东区教育局' });
    const others = policyRow(302);
    const file = await policyWorkbook([own, others], [clauseRow('汉东教发〔2026〕11号'), clauseRow('汉经信发〔2026〕302号')]);
    const errors = errorsOf(await upload('hd-jiaoyu', file));
    expect(errors).toEqual([
      { sheet: '政策', row: 3, column: '发布部门', message: '无权导入“汉江市经济和信息化局”发布的政策：只能维护本单位或本辖区部门发布的政策' },
    ]);
    expect(errorsOf(await upload('handong', file, { dryRun: true })).map((error) => [error.row, error.column])).toEqual([[3, '发布部门']]);
    expect(await totals()).toEqual(before);

    const ownOnly = await upload('hd-jiaoyu', await policyWorkbook([own], [clauseRow('汉东教发〔2026〕11号')]));
    expect(ownOnly.statusCode, ownOnly.body).toBe(201);
    expect((await stored('汉东教发〔2026〕11号'))?.issuerUnitId).toBe(LOCAL_UNIT_IDS.handong.jiaoyuju);
  });

  it('lets no one who keeps no policy import or fetch the template', async () => {
    const before = await totals();
    const file = await policyWorkbook([policyRow(401)], [clauseRow('汉经信发〔2026〕401号')]);
    for (const username of ['leader', 'xinyongban', 'sysadmin'] as const) {
      const response = await upload(username, file);
      expect(response.statusCode, username).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
      const template = await t.server.inject({ method: 'GET', url: '/api/policies/import-template', headers: await t.signIn(username) });
      expect(template.statusCode, username).toBe(403);
    }
    const body = multipart('政策清单.xlsx', file);
    expect((await t.server.inject({ method: 'POST', url: '/api/policies/import', ...body })).statusCode).toBe(401);
    expect(await totals()).toEqual(before);
  });

  it('refuses a file over 5 MB, one that unpacks past 50 MB, one that is no workbook, no file and a cross-site post', async () => {
    const before = await totals();
    const large = await upload('yingshangban', randomBytes(5 * 1024 * 1024 + 1));
    expect(large.statusCode).toBe(413);
    expect(large.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '导入文件超过5MB，请拆分后导入' });
    const bomb = zipBomb(60 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(100 * 1024);
    const unpacked = await upload('yingshangban', bomb, { dryRun: true });
    expect(unpacked.statusCode).toBe(413);
    expect(unpacked.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '导入文件解压后超过50MB，请拆分后导入' });
    expect(errorsOf(await upload('yingshangban', Buffer.from('文号,政策名称\n')))).toEqual([
      { sheet: null, row: null, column: null, message: '文件不是有效的 Excel 工作簿（.xlsx），请使用政策导入模板' },
    ]);
    const noSheet = new ExcelJS.Workbook();
    noSheet.addWorksheet('政策').addRow([...POLICY_HEADERS]);
    expect(errorsOf(await upload('yingshangban', Buffer.from(await noSheet.xlsx.writeBuffer())))).toEqual([
      { sheet: '条款', row: null, column: null, message: '工作簿中没有“条款”工作表，请使用导入模板' },
    ]);
    const empty = await t.server.inject({
      method: 'POST',
      url: '/api/policies/import',
      payload: '------x--\r\n',
      headers: { ...(await t.signIn('yingshangban')), 'content-type': 'multipart/form-data; boundary=----x' },
    });
    expect(empty.statusCode).toBe(400);
    const body = multipart('政策清单.xlsx', await policyWorkbook([policyRow(501)], [clauseRow('汉经信发〔2026〕501号')]));
    const forged = await t.server.inject({
      method: 'POST',
      url: '/api/policies/import',
      payload: body.payload,
      headers: { ...(await t.signIn('yingshangban')), ...body.headers, 'sec-fetch-site': 'cross-site' },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('CSRF_REJECTED');
    expect(await totals()).toEqual(before);
  });

  it('documents both operations in the OpenAPI document, under 政策库', async () => {
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { operationId: string; tags: string[]; summary: string }>>;
    }>();
    expect(document.paths['/api/policies/import']?.post).toMatchObject({ operationId: 'importPolicies', tags: ['政策库'] });
    expect(document.paths['/api/policies/import-template']?.get).toMatchObject({ operationId: 'downloadPolicyImportTemplate', tags: ['政策库'] });
  });
});
