import { describe, expect, it } from 'vitest';
import { CREDIT_STATUSES, EXPORT_CHANGES } from './states.ts';
import { csvCell, EXPORT_COLUMNS, exportChangeFor, exportFileContent, parseExportFile, type ExportRecord } from './export-file.ts';

const record = (changes: Partial<ExportRecord> = {}): ExportRecord => ({
  number: 'XY2027-0002',
  unitName: '汉东区教育局',
  unitCreditCode: '11420102MB12345670',
  unitKind: 'department',
  facts: '逾期未支付“学生公寓改造”工程款，经督办仍未支付',
  basis: '《保障中小企业款项支付条例》第九条, 第十五条',
  breachOn: '2027-01-05',
  recordingUnitName: '汉江市社会信用体系建设领导小组办公室',
  caseNumber: 'QK2026-00001',
  change: 'added',
  revokedOn: null,
  repairedOn: null,
  ...changes,
});

describe('what a batch reports (S4)', () => {
  it('reports a record once as 新增, and again only when revoked or repaired', () => {
    expect(exportChangeFor('recorded', null)).toBe('added');
    expect(exportChangeFor('recorded', 'added')).toBeNull();
    expect(exportChangeFor('revoked', 'added')).toBe('revoked');
    expect(exportChangeFor('repaired', 'added')).toBe('repaired');
    expect(exportChangeFor('revoked', 'revoked')).toBeNull();
    expect(exportChangeFor('repaired', 'repaired')).toBeNull();
  });

  it('holds back a record under objection, never discloses one revoked before it was reported, and reports an unreported repair once', () => {
    expect(exportChangeFor('objected', null)).toBeNull();
    expect(exportChangeFor('objected', 'added')).toBeNull();
    expect(exportChangeFor('revoked', null)).toBeNull();
    expect(exportChangeFor('repaired', null)).toBe('repaired');
  });

  it('reports only determined records: an order to rectify, its rectification or the refusal before 认定 never (1103号)', () => {
    for (const status of ['ordered', 'rectified', 'refused'] as const) expect(exportChangeFor(status, null), status).toBeNull();
  });

  it('names an SOE recorded before 机关/事业单位 alone could be, as it was reported', () => {
    const [row] = parseExportFile(exportFileContent('BS2027-0001', [record({ unitKind: 'soe', unitName: '汉东区城市建设投资有限公司' })]));
    expect(row).toMatchObject({ 主体类型: '国有企业', 主体名称: '汉东区城市建设投资有限公司' });
  });

  it('reaches a fixed point: what was reported is never reported again', () => {
    for (const status of CREDIT_STATUSES) {
      for (const exported of [null, ...EXPORT_CHANGES]) {
        const change = exportChangeFor(status, exported);
        if (change !== null) expect(exportChangeFor(status, change)).toBeNull();
      }
    }
  });
});

describe('the batch file', () => {
  it('is UTF-8 CSV with a BOM, CRLF, the documented header and one row per record by number', () => {
    const content = exportFileContent('BS2027-0001', [record({ number: 'XY2027-0003', change: 'repaired', repairedOn: '2027-02-01' }), record()]);
    const text = content.toString('utf8');
    expect(text.startsWith('\uFEFF数据批次号,记录编号,主体名称,统一社会信用代码,主体类型,失信行为事实,认定依据,认定日期,认定单位,关联事项编号,状态,撤销日期,修复日期\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseExportFile(content);
    expect(rows.map((row) => [row['记录编号'], row['状态'], row['修复日期']])).toEqual([
      ['XY2027-0002', '新增', ''],
      ['XY2027-0003', '修复', '2027-02-01'],
    ]);
    expect(rows[0]).toMatchObject({ 数据批次号: 'BS2027-0001', 主体类型: '政府部门', 认定依据: '《保障中小企业款项支付条例》第九条, 第十五条', 关联事项编号: 'QK2026-00001' });
    expect(Object.keys(rows[0]!)).toEqual(EXPORT_COLUMNS.map(([, label]) => label));
  });

  it('gives the same bytes for the same records in any order', () => {
    const a = record();
    const b = record({ number: 'XY2027-0001', facts: '第二行\n含换行' });
    expect(exportFileContent('BS2027-0001', [a, b]).equals(exportFileContent('BS2027-0001', [b, a]))).toBe(true);
    expect(parseExportFile(exportFileContent('BS2027-0001', [a, b]))[0]!['失信行为事实']).toBe('第二行\n含换行');
  });

  it('quotes commas, quotes and line breaks, and defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('普通')).toBe('普通');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('说"明"')).toBe('"说""明"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1')).toBe("'-1");
  });
});
