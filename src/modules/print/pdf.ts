// The one PDF writer helper: an A4 pdfkit document with DejaVu Sans (regular and bold) embedded, so
// Vietnamese diacritics come out exactly; a running header and a footer with "Trang x/y" and the print
// date; a simple bordered table that repeats its head on each page. writeSheet() renders a print sheet.
import type PDFDocument from 'pdfkit';
import { loadPdfKit } from '../../web/lazy.js';
import { createRequire } from 'node:module';
import type { T } from '../../i18n/index.js';
import type { Sheet, SheetTable } from './print.service.js';

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = { top: 56, bottom: 56, left: 50, right: 50 };
const SIZE = { body: 9, small: 7.5, table: 8, h1: 13, h2: 10.5 };
const PAD = 3;

export interface DocOptions {
  title: string;
  /** the running header, top of every page */
  runningHeader: string;
  /** left of the footer, every page (e.g. the print date) */
  footerLeft: string;
  t: T;
}

/** A new A4 document with the fonts registered ('regular', 'bold') and pages buffered for the footer. */
export async function createDoc(o: DocOptions): Promise<Doc> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true, autoFirstPage: true,
    info: { Title: o.title, Creator: 'Capdo', Producer: 'Capdo' },
    lang: 'vi',
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  doc.font('regular').fontSize(SIZE.body).fillColor('black').strokeColor('black');
  return doc;
}

/** Writes the running header and "Trang x/y" + print date on every buffered page; call once, before end(). */
export function finishPages(doc: Doc, o: DocOptions): void {
  const range = doc.bufferedPageRange();
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // drawing in the margins: lift the bottom margin so pdfkit does not break the page
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(SIZE.small).fillColor('black');
    doc.text(o.runningHeader, MARGIN.left, 28, { width, lineBreak: false, ellipsis: true });
    doc.moveTo(MARGIN.left, 40).lineTo(MARGIN.left + width, 40).lineWidth(0.5).stroke();
    const y = doc.page.height - 38;
    doc.moveTo(MARGIN.left, y - 6).lineTo(MARGIN.left + width, y - 6).lineWidth(0.5).stroke();
    doc.text(o.footerLeft, MARGIN.left, y, { width: width / 2, lineBreak: false });
    doc.text(o.t('print.pageOf', { n: i - range.start + 1, total: range.count }), MARGIN.left + width / 2, y, { width: width / 2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottomLimit = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when fewer than `needed` points are left. */
export function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > bottomLimit(doc)) doc.addPage();
}

/** A section heading, kept with at least the start of what follows it. */
export function heading(doc: Doc, text: string, size = SIZE.h2): void {
  ensureSpace(doc, 90);
  doc.moveDown(0.6);
  doc.font('bold').fontSize(size).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.25);
  doc.font('regular').fontSize(SIZE.body);
}

export function paragraph(doc: Doc, text: string, opts: { bold?: boolean; size?: number; align?: 'left' | 'center' | 'right' } = {}): void {
  doc.font(opts.bold ? 'bold' : 'regular').fontSize(opts.size ?? SIZE.body);
  ensureSpace(doc, doc.heightOfString(text, { width: contentWidth(doc) }));
  doc.text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc), align: opts.align ?? 'left' });
  doc.font('regular').fontSize(SIZE.body);
}

/** A bordered table: widths are relative; a group row spans the table; the head repeats after a page break. */
export function table(doc: Doc, tb: SheetTable): void {
  const left = doc.page.margins.left;
  const full = contentWidth(doc);
  const sum = tb.widths.reduce((a, b) => a + b, 0);
  const widths = tb.widths.map((w) => (w / sum) * full);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const boxes = new Set(tb.boxes ?? []);

  const measure = (cells: string[], bold: boolean, span: boolean): number => {
    doc.font(bold ? 'bold' : 'regular').fontSize(SIZE.table);
    if (span) return doc.heightOfString(cells[0] ?? '', { width: full - 2 * PAD }) + 2 * PAD;
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: (widths[i] ?? 0) - 2 * PAD }))) + 2 * PAD;
  };
  const draw = (cells: string[], bold: boolean, span: boolean, shade: boolean): void => {
    const h = measure(cells, bold, span);
    const y = doc.y;
    if (shade) doc.rect(left, y, full, h).fillColor('#e6e6e6').fill().fillColor('black');
    doc.lineWidth(0.5);
    if (span) {
      doc.rect(left, y, full, h).stroke();
      doc.text(cells[0] ?? '', left + PAD, y + PAD, { width: full - 2 * PAD });
    } else {
      cells.forEach((c, i) => {
        const x = xs[i] ?? left;
        const w = widths[i] ?? 0;
        doc.rect(x, y, w, h).stroke();
        doc.text(c, x + PAD, y + PAD, { width: w - 2 * PAD, align: boxes.has(i) ? 'center' : 'left' });
      });
    }
    doc.x = left;
    doc.y = y + h;
  };
  const hasHead = tb.head.some(Boolean);
  const head = () => {
    if (!hasHead) return;
    ensureSpace(doc, measure(tb.head, true, false) + 24);
    draw(tb.head, true, false, true);
  };

  if (tb.caption) {
    doc.font('bold').fontSize(SIZE.body);
    ensureSpace(doc, 40);
    doc.text(tb.caption, left, doc.y + 4, { width: full });
    doc.moveDown(0.2);
  }
  head();
  for (const row of tb.rows) {
    const span = !!row.group;
    const bold = span || !!row.strong;
    const h = measure(row.cells, bold, span);
    if (doc.y + h > bottomLimit(doc)) {
      doc.addPage();
      head();
    }
    draw(row.cells, bold, span, span);
  }
  doc.font('regular').fontSize(SIZE.body);
  doc.moveDown(0.4);
}

/** Three signature blocks side by side, each with its date line. */
export function signatures(doc: Doc, blocks: Sheet['signatures']): void {
  ensureSpace(doc, 130);
  doc.moveDown(1);
  const left = doc.page.margins.left;
  const w = contentWidth(doc) / blocks.length;
  const y = doc.y;
  blocks.forEach((b, i) => {
    const x = left + i * w;
    doc.font('regular').fontSize(SIZE.small).text(b.date, x, y, { width: w, align: 'center' });
    doc.font('bold').fontSize(SIZE.body).text(b.role, x, y + 14, { width: w, align: 'center' });
    doc.font('regular').fontSize(SIZE.small).text(b.hint, x, y + 28, { width: w, align: 'center' });
    doc.moveTo(x + 15, y + 100).lineTo(x + w - 15, y + 100).lineWidth(0.5).stroke();
  });
  doc.x = left;
  doc.y = y + 110;
  doc.font('regular').fontSize(SIZE.body);
}

/** The whole sheet as a PDF, in memory. */
export async function writeSheet(sheet: Sheet, t: T): Promise<Buffer> {
  const o: DocOptions = {
    title: `${sheet.title} — ${sheet.systemName}`,
    runningHeader: `${sheet.code} · ${sheet.systemName}`,
    footerLeft: t('print.printedAt', { date: sheet.printedAt }),
    t,
  };
  const doc = await createDoc(o);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  paragraph(doc, sheet.title.toUpperCase(), { bold: true, size: SIZE.h1, align: 'center' });
  doc.moveDown(0.3);
  paragraph(doc, sheet.systemName, { bold: true, size: SIZE.h2, align: 'center' });
  if (sheet.systemNameOther) paragraph(doc, sheet.systemNameOther, { align: 'center' });
  paragraph(doc, t('print.asOf', { date: sheet.asOf }), { size: SIZE.small, align: 'center' });
  doc.moveDown(0.5);
  table(doc, { head: ['', ''], widths: [30, 70], rows: sheet.header.map((h) => ({ cells: [h.label, h.value] })) });

  for (const s of sheet.sections) {
    heading(doc, s.title);
    for (const n of s.notes) paragraph(doc, n, { size: SIZE.small });
    if (!s.tables.some((tb) => tb.rows.length)) paragraph(doc, s.empty);
    for (const tb of s.tables) if (tb.rows.length) table(doc, tb);
  }
  heading(doc, t('print.section.signatures'));
  signatures(doc, sheet.signatures);

  finishPages(doc, o);
  doc.end();
  return done;
}
