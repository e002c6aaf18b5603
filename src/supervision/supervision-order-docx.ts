import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { SupervisionOrderContent } from '../domain/supervision/supervision-order.ts';

// 公文 conventions (GB/T 9704): 小标宋 title, 仿宋 body at 三号 (16 pt = 32 half-points).
const TITLE_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };
const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const BODY_SIZE = 32;
const RED = 'C00000';

const body = (text: string, options: { bold?: boolean; indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
  new Paragraph({
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    indent: options.indent ? { firstLine: 640 } : undefined,
    spacing: { line: 560 },
    children: [new TextRun({ text, font: BODY_FONT, size: BODY_SIZE, bold: options.bold })],
  });

const cell = (text: string, width: number, bold = false) =>
  new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    children: [new Paragraph({ children: [new TextRun({ text, font: BODY_FONT, size: 28, bold })] })],
  });

/** The 督办单 as a Word document (.docx). */
export const renderSupervisionOrder = (content: SupervisionOrderContent): Promise<Buffer> => {
  const document = new Document({
    creator: content.issuer,
    title: `${content.title.replaceAll(' ', '')} ${content.number}`,
    sections: [
      {
        properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: content.issuer, font: TITLE_FONT, size: 44, color: RED })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { before: 240, after: 120 },
            children: [new TextRun({ text: content.title, font: TITLE_FONT, size: 56, bold: true, color: RED })],
          }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 4 } },
            spacing: { after: 360 },
            children: [new TextRun({ text: content.number, font: BODY_FONT, size: BODY_SIZE })],
          }),
          body(content.addressee),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: content.rows.map(([label, value]) => new TableRow({ children: [cell(label, 22, true), cell(value, 78)] })),
          }),
          body('督办意见：', { bold: true }),
          body(content.opinion, { indent: true }),
          body('办理要求：', { bold: true }),
          ...content.requirements.map((requirement) => body(requirement, { indent: true })),
          body(''),
          body(content.signature, { align: AlignmentType.RIGHT }),
          body(content.date, { align: AlignmentType.RIGHT }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
};
