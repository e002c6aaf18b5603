/**
 * Hand-made .xlsx archives for the tests of the bounded workbook reader: a ZIP writer that
 * writes whatever sizes it is told (so an archive can lie), a deflate stream of gigabytes built
 * from one compressed block repeated (so a bomb costs the test a few megabytes and no time),
 * and the smallest workbook around a sheet's XML.
 */
import { constants, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  /** The bytes as stored: deflated (method 8, the default) or as they are (method 0). */
  readonly data: Buffer;
  readonly method?: 0 | 8;
  /** The unpacked size written in the local header and the central directory. */
  readonly declaredSize: number;
}

/** A ZIP archive of `entries`, sizes as declared (CRCs are left 0: the reader does not check them). */
export const zipArchive = (entries: readonly ZipEntry[]): Buffer => {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const method = entry.method ?? 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
};

/** An entry deflated whole, its size declared truly. */
export const deflated = (name: string, text: string | Buffer): ZipEntry => {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return { name, data: deflateRawSync(bytes), declaredSize: bytes.length };
};

/**
 * A raw deflate stream of `head`, then `chunk` `times` over, then `tail`, and its inflated size.
 * Each piece is compressed on its own and ended with a full flush, so the compressed chunk can
 * be repeated as it is: 2 GB of XML for about 2 MB and a few milliseconds.
 */
export const repeatedDeflate = (head: string, chunk: string, times: number, tail: string): { data: Buffer; size: number } => {
  const flushed = (text: string) => deflateRawSync(Buffer.from(text), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const block = flushed(chunk);
  const data = Buffer.concat([flushed(head), ...Array.from({ length: times }, () => block), deflateRawSync(Buffer.from(tail))]);
  return { data, size: Buffer.byteLength(head) + Buffer.byteLength(chunk) * times + Buffer.byteLength(tail) };
};

export const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = '</sheetData></worksheet>';

/** The parts of a workbook around its one sheet (named `name`), its shared strings and styles optional. */
export const workbookEntries = (options: { name?: string; sharedStrings?: string; styles?: string } = {}): ZipEntry[] => {
  const name = options.name ?? 'Sheet1';
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const relationships = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return [
    deflated(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    ),
    deflated(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    deflated(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${main}" xmlns:r="${relationships}"><sheets><sheet name="${name}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    deflated(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relationships}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${relationships}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${relationships}/styles" Target="styles.xml"/></Relationships>`,
    ),
    ...(options.sharedStrings === undefined ? [] : [deflated('xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${main}">${options.sharedStrings}</sst>`)]),
    ...(options.styles === undefined ? [] : [deflated('xl/styles.xml', `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${main}">${options.styles}</styleSheet>`)]),
  ];
};

/** A workbook whose one sheet holds `rows` (the XML inside <sheetData>). */
export const sheetWorkbook = (rows: string, options: { name?: string; sharedStrings?: string; styles?: string } = {}): Buffer =>
  zipArchive([...workbookEntries(options), deflated('xl/worksheets/sheet1.xml', `${SHEET_HEAD}${rows}${SHEET_TAIL}`)]);

/**
 * A valid workbook whose sheet XML is `unpackedBytes` long (2 GB if asked): a header row, then
 * blank space between the rows — what deflate packs best, about 1,000 to 1, so 2 GB is 2 MB on
 * the wire. `declaredSize` writes another size in the archive: a bomb that lies about itself.
 * The sheet is named `sheetName`, the one the import reads.
 */
export const sheetBomb = (unpackedBytes: number, options: { declaredSize?: number; sheetName?: string } = {}): Buffer => {
  const head = `${SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>诉求编号</t></is></c></row>`;
  const chunk = ' '.repeat(1024 * 1024);
  const times = Math.max(0, Math.ceil((unpackedBytes - Buffer.byteLength(head) - SHEET_TAIL.length) / chunk.length));
  const sheet = repeatedDeflate(head, chunk, times, SHEET_TAIL);
  return zipArchive([
    ...workbookEntries({ name: options.sheetName ?? 'Sheet1' }),
    { name: 'xl/worksheets/sheet1.xml', data: sheet.data, declaredSize: options.declaredSize ?? Math.min(sheet.size, 0xfffffffe) },
  ]);
};
