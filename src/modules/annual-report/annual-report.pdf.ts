// The annual report (REP-01) as a PDF: the display model of annual-report.document.ts (the same as the
// Word file's) written with the one PDF helper (src/modules/print/pdf.ts: A4 with the margins of Decree
// 30/2020, Tinos, the national header, running header, "Trang x/y" footer, tables). The last section and
// the signatures are kept on one page, so the signatures never stand alone.
import { formatDateTime } from '../../i18n/format.js';
import type { T } from '../../i18n/index.js';
import {
  contentWidth, createDoc, ensureSpace, finishPages, heading, officialHeader, paragraph, paragraphHeight, SIZE, table,
  type Doc, type DocOptions,
} from '../print/pdf.js';
import { paperFileName } from '../../web/paper-files.js';
import type { Block, ReportDocument } from './annual-report.document.js';

/** bao-cao-hang-nam_UBND-BS_2026.pdf (the Word file's name with .pdf) */
export const pdfFileName = (orgCode: string, year: number): string => paperFileName('bao-cao-hang-nam', orgCode, String(year), 'pdf');

/** A sub-heading, kept with what follows it. */
function subheading(doc: Doc, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.3);
  paragraph(doc, text, { bold: true });
  doc.moveDown(0.15);
}

function block(doc: Doc, b: Block): void {
  if (b.kind === 'heading') heading(doc, b.text);
  else if (b.kind === 'subheading') subheading(doc, b.text);
  else if (b.kind === 'paragraph') {
    paragraph(doc, b.text, { ...(b.bold ? { bold: true } : {}), ...(b.italic ? { italic: true } : {}), ...(b.small ? { size: SIZE.small } : {}) });
    doc.moveDown(0.2);
  } else table(doc, b.table);
}

const SIGNATURE_SPACE = 150;

/** The recipients (left) and the signature blocks, side by side. */
function closing(doc: Doc, d: ReportDocument): void {
  doc.moveDown(1);
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const y = doc.y;
  const first = width * 0.28;
  const col = (width - first) / d.signatures.length;
  const [title, ...lines] = d.recipients;
  doc.font('bolditalic').fontSize(SIZE.header).text(title ?? '', left, y, { width: first });
  doc.font('regular').fontSize(SIZE.small + 1);
  for (const line of lines) doc.text(line, left, doc.y, { width: first });
  d.signatures.forEach((s, i) => {
    const x = left + first + i * col;
    doc.font('bold').fontSize(SIZE.body).text(s.role, x, y, { width: col, align: 'center' });
    doc.font('italic').fontSize(SIZE.small).text(s.hint, x, doc.y, { width: col, align: 'center' });
  });
  doc.x = left;
  doc.y = y + SIGNATURE_SPACE - 30;
  doc.font('regular').fontSize(SIZE.body);
}

/** The height the closing blocks take, to keep them on the signatures' page. */
function closingHeight(doc: Doc, blocks: readonly Block[]): number {
  let h = 40;
  for (const b of blocks) if (b.kind !== 'table') h += paragraphHeight(doc, b.text, { bold: b.kind !== 'paragraph' }) + 8;
  return h + SIGNATURE_SPACE;
}

/** The whole report drawn as a PDF document, not yet ended: sendPdf() ends it into the response. */
export async function annualReportPdf(d: ReportDocument, t: T, now: string = new Date().toISOString()): Promise<Doc> {
  const o: DocOptions = { title: d.title, runningHeader: d.runningHeader, footerLeft: t('print.printedAt', { date: formatDateTime(now) }), t };
  const doc = await createDoc(o);
  if (d.form) paragraph(doc, d.form, { italic: true, size: SIZE.small, align: 'right' });
  officialHeader(doc, d.official);
  paragraph(doc, d.kind, { bold: true, size: SIZE.h1, align: 'center' });
  paragraph(doc, d.subject, { bold: true, size: SIZE.h2, align: 'center' });
  doc.moveDown(0.4);
  for (const line of d.opening) {
    paragraph(doc, line.text, { ...(line.center ? { align: 'center' as const } : { align: 'justify' as const }), ...(line.small ? { size: SIZE.small } : {}), ...(line.italic ? { italic: true } : {}) });
    doc.moveDown(0.2);
  }
  for (const b of d.blocks) block(doc, b);
  // the last section and the signatures: on one page (a new one if they do not fit)
  ensureSpace(doc, closingHeight(doc, d.closing));
  for (const b of d.closing) {
    if (b.kind === 'heading') {
      doc.moveDown(0.6);
      paragraph(doc, b.text, { bold: true, size: SIZE.h2 });
      doc.moveDown(0.25);
    } else block(doc, b);
  }
  closing(doc, d);
  finishPages(doc, o);
  return doc;
}
