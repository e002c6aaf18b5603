import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { officialListStream, pagedRows, writeOfficialList, type ListColumn, type OfficialList } from './official-list.ts';

interface Row {
  readonly number: string;
  readonly title: string;
  readonly amount: number | null;
  readonly days: number;
}

const columns: ListColumn<Row>[] = [
  { kind: 'text', header: '事项编号', width: 16, value: (row) => row.number },
  { kind: 'text', header: '事项名称', width: 30, value: (row) => row.title },
  { kind: 'wan', header: '欠款金额（万元）', width: 14, fen: (row) => row.amount },
  { kind: 'count', header: '逾期（工作日）', width: 10, value: (row) => row.days, sum: true },
];

const list = (rows: Row[], filters?: string): OfficialList<Row> => ({
  sheetName: '清单',
  title: '拖欠企业账款清单',
  reportingUnit: '市营商办',
  reportedOn: '2026-12-05',
  filters,
  columns,
  rows,
  empty: '没有符合条件的事项',
});

const read = async (stream: NodeJS.ReadableStream): Promise<ExcelJS.Worksheet> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const [sheet] = workbook.worksheets;
  if (sheet === undefined) throw new Error('no sheet');
  return sheet;
};

describe('official list workbook', () => {
  it('writes title, 填报 line, filters, 序号, headers with units, 万元 amounts and a 合计 row under a frozen header', async () => {
    const sheet = await read(
      officialListStream(
        list(
          [
            { number: 'QQ-2026-0001', title: '拖欠工程款', amount: 123_456_789, days: 3 },
            { number: 'QQ-2026-0002', title: '拖欠货款', amount: null, days: 0 },
            { number: 'QQ-2026-0003', title: '拖欠服务费', amount: 50_000_000, days: 2 },
          ],
          '筛选条件：专项行动 清理拖欠企业账款',
        ),
        (error) => {
          throw error;
        },
      ),
    );
    expect(sheet.name).toBe('清单');
    expect(sheet.getCell('A1').value).toBe('拖欠企业账款清单');
    expect(sheet.getCell('A1').isMerged && sheet.getCell('E1').isMerged).toBe(true);
    expect(sheet.getCell('A2').value).toBe('填报单位：市营商办　　填报日期：2026-12-05');
    expect(sheet.getCell('A3').value).toBe('筛选条件：专项行动 清理拖欠企业账款');
    expect(sheet.getRow(4).values).toEqual([undefined, '序号', '事项编号', '事项名称', '欠款金额（万元）', '逾期（工作日）']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(sheet.getColumn(3).width).toBe(30);
    expect(sheet.getRow(5).values).toEqual([undefined, 1, 'QQ-2026-0001', '拖欠工程款', 123.456789, 3]);
    expect(sheet.getCell('D5').numFmt).toBe('#,##0.00');
    expect(sheet.getCell('D6').value).toBeNull();
    expect(sheet.getRow(8).values).toEqual([undefined, '合计', '共3条', undefined, 173.456789, 5]);
    expect(sheet.getCell('D8').numFmt).toBe('#,##0.00');
    expect(sheet.getRow(8).font?.bold).toBe(true);
    expect(sheet.rowCount).toBe(8);
  });

  it('neutralises text that would run as a formula: = + - @ tab and CR get a leading apostrophe and stay strings', async () => {
    const titles = ['=HYPERLINK("http://x.example","点我")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '正常名称'];
    const sheet = await read(
      officialListStream(
        list(titles.map((title, index) => ({ number: `N-${index}`, title, amount: 0, days: 0 }))),
        (error) => {
          throw error;
        },
      ),
    );
    titles.forEach((title, index) => {
      const cell = sheet.getCell(4 + index, 3);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      // XML reads a CR back as a line feed; what matters is the apostrophe in front.
      expect(cell.value).toBe(index === titles.length - 1 ? title : `'${title.replace('\r', '\n')}`);
    });
  });

  it('writes the empty message and a zero total when there are no rows', async () => {
    const sheet = await read(officialListStream(list([]), () => undefined));
    expect(sheet.getCell('A3').value).toBe('序号');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.getCell('B4').value).toBe('没有符合条件的事项');
    expect(sheet.getRow(5).values).toEqual([undefined, '合计', '共0条', undefined, 0, 0]);
  });

  it('streams 100,000 rows read page by page with bounded memory', async () => {
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    });
    const pages: number[] = [];
    const rows = pagedRows<Row & { index: number }>(async (after, size) => {
      const start = after === null ? 0 : after.index + 1;
      pages.push(start);
      const count = Math.max(0, Math.min(size, 100_000 - start));
      return Array.from({ length: count }, (_, offset) => ({ index: start + offset, number: `QQ-${start + offset}`, title: '拖欠工程款项目名称较长的一条', amount: 1_000_000, days: 1 }));
    }, 2000);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 20);
    const finished = new Promise((resolve) => sink.on('finish', resolve));
    const result = await writeOfficialList(sink, { ...list([]), rows });
    await finished;
    clearInterval(timer);
    expect(result.rows).toBe(100_000);
    expect(pages.length).toBe(51);
    expect(bytes).toBeGreaterThan(1_000_000);
    // The whole sheet held in memory would be several hundred MB of cell objects.
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
  }, 120_000);
});
