/**
 * A case's printable documents as Word files (.docx): the 案件办理单 (销号审批表 once closed) for
 * staff, and the 受理回执 for the enterprise. Word, not PDF: the reader's own fonts show the
 * Chinese, nothing is embedded. Layout after the 督办单 (supervision-order-docx.ts): 仿宋 body,
 * a table of label and value.
 */
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

const TITLE_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };

/** A document's content: a title, a table of label/value rows, then sections of paragraphs or tables. */
export interface CaseDocumentContent {
  readonly creator: string;
  readonly title: string;
  /** 编号 or the case number, under the title. */
  readonly subtitle: string;
  readonly rows: readonly (readonly [string, string])[];
  readonly sections: readonly {
    readonly heading: string;
    readonly paragraphs?: readonly string[];
    /** A table with a header row. */
    readonly table?: { readonly header: readonly string[]; readonly widths: readonly number[]; readonly rows: readonly (readonly string[])[] };
  }[];
  readonly footer: readonly string[];
}

const run = (text: string, size: number, bold = false) => new TextRun({ text, font: BODY_FONT, size, bold });

const paragraph = (text: string, options: { bold?: boolean; indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; size?: number } = {}) =>
  new Paragraph({
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    indent: options.indent ? { firstLine: 560 } : undefined,
    spacing: { line: 480 },
    children: [run(text, options.size ?? 28, options.bold)],
  });

const cell = (text: string, width: number, bold = false) =>
  new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    // A line of its own per line of the text: Word keeps what people typed as they typed it.
    children: text.split('\n').map((line) => new Paragraph({ children: [run(line, 24, bold)] })),
  });

const table = (header: readonly string[] | null, widths: readonly number[], rows: readonly (readonly string[])[]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      ...(header === null ? [] : [new TableRow({ tableHeader: true, children: header.map((text, index) => cell(text, widths[index] ?? 10, true)) })]),
      ...rows.map((row) => new TableRow({ children: row.map((text, index) => cell(text, widths[index] ?? 10, header === null && index === 0)) })),
    ],
  });

/** The document as .docx bytes. */
export const renderCaseDocument = (content: CaseDocumentContent): Promise<Buffer> =>
  Packer.toBuffer(
    new Document({
      creator: content.creator,
      title: content.title,
      sections: [
        {
          properties: { page: { margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } },
          children: [
            new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [new TextRun({ text: content.title, font: TITLE_FONT, size: 44, bold: true })] }),
            paragraph(content.subtitle, { align: AlignmentType.CENTER, size: 24 }),
            table(null, [24, 76], content.rows),
            ...content.sections.flatMap((section) => [
              paragraph(section.heading, { bold: true }),
              ...(section.paragraphs ?? []).map((text) => paragraph(text, { indent: true })),
              ...(section.table === undefined ? [] : [table(section.table.header, section.table.widths, section.table.rows)]),
            ]),
            paragraph(''),
            ...content.footer.map((text) => paragraph(text, { align: AlignmentType.RIGHT })),
          ],
        },
      ],
    }),
  );
