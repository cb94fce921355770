// The one PDF writer helper: an A4 pdfkit document laid out as Decree 30/2020/NĐ-CP asks of official
// papers (margins: top and bottom 20 mm, left 30 mm, right 15 mm; a Times-metric serif, Tinos, embedded,
// so Vietnamese diacritics come out exactly), the national header (issuing body; Quốc hiệu and Tiêu ngữ),
// a running header and a footer with "Trang x/y" and the print date, and a bordered table that repeats
// its head on each page. DejaVu Sans is the fallback: for the glyphs Tinos lacks (the tick boxes ☐ ☑) and
// for the whole text if the Tinos files were missing. sheetPdf() draws a print sheet; sendPdf() streams a
// drawn document to the response.
import type { Response } from 'express';
import type PDFDocument from 'pdfkit';
import { download, settled } from '../../web/download.js';
import { loadPdfKit } from '../../web/lazy.js';
import { createRequire } from 'node:module';
import type { T } from '../../i18n/index.js';
import type { Sheet, SheetRow, SheetTable } from './print.service.js';
import type { OfficialHeader } from './official.js';

const require = createRequire(import.meta.url);
const DEJAVU = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  italic: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf'),
  bolditalic: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-BoldOblique.ttf'),
};

function tinos(): typeof DEJAVU | null {
  try {
    const at = (face: string) => require.resolve(`@expo-google-fonts/tinos/${face}/Tinos_${face}.ttf`);
    return { regular: at('400Regular'), bold: at('700Bold'), italic: at('400Regular_Italic'), bolditalic: at('700Bold_Italic') };
  } catch {
    return null; // the package is a dependency; if its files are gone, DejaVu still prints every diacritic
  }
}

/** The body font's files: Tinos when installed, else DejaVu Sans. */
export const BODY_FONT = tinos() ?? DEJAVU;

export type Doc = InstanceType<typeof PDFDocument>;
export type FontFace = 'regular' | 'bold' | 'italic' | 'bolditalic';

/** Decree 30/2020/NĐ-CP, Appendix I: A4, top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm (the minimums). */
const MM = 72 / 25.4;
export const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
export const SIZE = { body: 10.5, small: 8.5, table: 9, h1: 14, h2: 12, header: 12, motto: 13 };
const PAD = 3;
/** the space between a cell's text and the short line under it */
const SUB_GAP = 1.5;

export interface DocOptions {
  title: string;
  /** the running header, top of every page but the first (where the national header stands) */
  runningHeader: string;
  /** left of the footer, every page (e.g. the print date) */
  footerLeft: string;
  t: T;
}

/** A new A4 document with the fonts registered and pages buffered for the footer. */
export async function createDoc(o: DocOptions): Promise<Doc> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true, autoFirstPage: true,
    info: { Title: o.title, Creator: 'Capdo', Producer: 'Capdo' },
    lang: 'vi',
  });
  for (const face of ['regular', 'bold', 'italic', 'bolditalic'] as const) {
    doc.registerFont(face, BODY_FONT[face]);
    doc.registerFont(`symbol-${face}`, DEJAVU[face]);
  }
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
    if (i > range.start) {
      doc.text(o.runningHeader, MARGIN.left, 26, { width, lineBreak: false, ellipsis: true });
      doc.moveTo(MARGIN.left, 38).lineTo(MARGIN.left + width, 38).lineWidth(0.5).stroke();
    }
    const y = doc.page.height - 36;
    doc.moveTo(MARGIN.left, y - 6).lineTo(MARGIN.left + width, y - 6).lineWidth(0.5).stroke();
    doc.text(o.footerLeft, MARGIN.left, y, { width: width / 2, lineBreak: false });
    doc.text(o.t('print.pageOf', { n: i - range.start + 1, total: range.count }), MARGIN.left + width / 2, y, { width: width / 2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

export const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottomLimit = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when fewer than `needed` points are left. */
export function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > bottomLimit(doc)) doc.addPage();
}

// Tinos has no tick boxes, arrows or dingbats: those code points are drawn in DejaVu Sans
const FALLBACK = /[\u2190-\u2BFF]/u;

type TextOptions = PDFKit.Mixins.TextOptions;

/**
 * Text in the body font, with the characters it lacks in DejaVu: one text() call per run of the same
 * font, continued, so wrapping and alignment stay pdfkit's.
 */
export function write(doc: Doc, text: string, x: number, y: number, face: FontFace, opts: TextOptions): void {
  if (!FALLBACK.test(text)) {
    doc.font(face).text(text, x, y, opts);
    return;
  }
  const runs = text.split(/([\u2190-\u2BFF]+)/u).filter(Boolean);
  runs.forEach((run, i) => {
    const last = i === runs.length - 1;
    doc.font(FALLBACK.test(run) ? `symbol-${face}` : face);
    if (i === 0) doc.text(run, x, y, { ...opts, continued: !last });
    else doc.text(run, { ...opts, continued: !last });
  });
}

/** A section heading, kept with at least the start of what follows it. */
export function heading(doc: Doc, text: string, size = SIZE.h2): void {
  ensureSpace(doc, 90);
  doc.moveDown(0.6);
  doc.font('bold').fontSize(size).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.25);
  doc.font('regular').fontSize(SIZE.body);
}

export interface ParagraphOptions {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  align?: 'left' | 'center' | 'right' | 'justify';
}

const faceOf = (o: { bold?: boolean | undefined; italic?: boolean | undefined }): FontFace =>
  o.bold && o.italic ? 'bolditalic' : o.bold ? 'bold' : o.italic ? 'italic' : 'regular';

export function paragraph(doc: Doc, text: string, opts: ParagraphOptions = {}): void {
  const face = faceOf(opts);
  doc.font(face).fontSize(opts.size ?? SIZE.body);
  ensureSpace(doc, doc.heightOfString(text, { width: contentWidth(doc) }));
  write(doc, text, doc.page.margins.left, doc.y, face, { width: contentWidth(doc), align: opts.align ?? 'left' });
  doc.font('regular').fontSize(SIZE.body);
}

/** The height a paragraph will take (for keeping blocks together). */
export function paragraphHeight(doc: Doc, text: string, opts: ParagraphOptions = {}): number {
  doc.font(faceOf(opts)).fontSize(opts.size ?? SIZE.body);
  const h = doc.heightOfString(text, { width: contentWidth(doc) });
  doc.font('regular').fontSize(SIZE.body);
  return h;
}

/** Column widths in points: relative widths, but a `nowrap` column is never narrower than its longest value. */
function columnWidths(doc: Doc, tb: SheetTable, full: number): number[] {
  const sum = tb.widths.reduce((a, b) => a + b, 0);
  const widths = tb.widths.map((w) => (w / sum) * full);
  const nowrap = new Set(tb.nowrap ?? []);
  if (!nowrap.size) return widths;
  let extra = 0;
  for (const i of nowrap) {
    let need = 0;
    for (const [cells, face] of [[tb.head, 'bold'] as const, ...tb.rows.filter((r) => !r.group).map((r) => [r.cells, r.strong ? 'bold' : 'regular'] as const)]) {
      doc.font(face).fontSize(SIZE.table);
      need = Math.max(need, doc.widthOfString(cells[i] ?? '') + 2 * PAD + 1);
    }
    if (need > (widths[i] ?? 0)) {
      extra += need - (widths[i] ?? 0);
      widths[i] = need;
    }
  }
  // the space is taken from the widest other column
  const others = widths.map((w, i) => [w, i] as const).filter(([, i]) => !nowrap.has(i)).sort((a, b) => b[0] - a[0]);
  const widest = others[0];
  if (widest && extra) widths[widest[1]] = Math.max(widest[0] - extra, widest[0] / 3);
  return widths;
}

/** A bordered table: widths are relative; a group row spans the table; the head repeats after a page break. */
export function table(doc: Doc, tb: SheetTable): void {
  const left = doc.page.margins.left;
  const full = contentWidth(doc);
  const widths = columnWidths(doc, tb, full);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const boxes = new Set(tb.boxes ?? []);
  const nowrap = new Set(tb.nowrap ?? []);

  /** the height of a row's short line under one cell (italic, small), 0 without one */
  const subHeight = (sub: SheetRow['sub'], i: number): number => {
    if (!sub || sub.col !== i) return 0;
    doc.font('italic').fontSize(SIZE.small);
    return SUB_GAP + doc.heightOfString(sub.text, { width: (widths[i] ?? 0) - 2 * PAD });
  };
  const measure = (cells: string[], bold: boolean, span: boolean, sub?: SheetRow['sub']): number => {
    const face = bold ? 'bold' : 'regular';
    doc.font(face).fontSize(SIZE.table);
    if (span) return doc.heightOfString(cells[0] ?? '', { width: full - 2 * PAD }) + 2 * PAD;
    return Math.max(...cells.map((c, i) => {
      doc.font(face).fontSize(SIZE.table);
      const own = nowrap.has(i) ? doc.currentLineHeight(true) : doc.heightOfString(c || ' ', { width: (widths[i] ?? 0) - 2 * PAD });
      return own + subHeight(sub, i);
    })) + 2 * PAD;
  };
  const draw = (cells: string[], bold: boolean, span: boolean, shade: boolean, sub?: SheetRow['sub']): void => {
    const h = measure(cells, bold, span, sub);
    const y = doc.y;
    const face: FontFace = bold ? 'bold' : 'regular';
    if (shade) doc.rect(left, y, full, h).fillColor('#e6e6e6').fill().fillColor('black');
    doc.lineWidth(0.5);
    doc.fontSize(SIZE.table);
    if (span) {
      doc.rect(left, y, full, h).stroke();
      write(doc, cells[0] ?? '', left + PAD, y + PAD, face, { width: full - 2 * PAD });
    } else {
      cells.forEach((c, i) => {
        const x = xs[i] ?? left;
        const w = widths[i] ?? 0;
        doc.rect(x, y, w, h).stroke();
        write(doc, c, x + PAD, y + PAD, face, { width: w - 2 * PAD, align: boxes.has(i) ? 'center' : 'left', lineBreak: !nowrap.has(i) });
        if (sub && sub.col === i) {
          doc.font(face).fontSize(SIZE.table);
          const below = y + PAD + doc.heightOfString(c || ' ', { width: w - 2 * PAD }) + SUB_GAP;
          doc.fontSize(SIZE.small);
          write(doc, sub.text, x + PAD, below, 'italic', { width: w - 2 * PAD });
          doc.fontSize(SIZE.table);
        }
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
    const h = measure(row.cells, bold, span, row.sub);
    if (doc.y + h > bottomLimit(doc)) {
      doc.addPage();
      head();
    }
    draw(row.cells, bold, span, span, row.sub);
  }
  doc.font('regular').fontSize(SIZE.body);
  doc.moveDown(0.4);
}

/** The header of an official paper (Decree 30/2020/NĐ-CP, Appendix I, boxes 1–4). */
/**
 * The national header: the issuing body on the left (about 40 % of the width); the Quốc hiệu and the
 * Tiêu ngữ on the right, the motto underlined by a line as long as itself; the number and the place and
 * date on one line below.
 */
export function officialHeader(doc: Doc, h: OfficialHeader): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const wl = width * 0.4;
  const wr = width - wl;
  const top = doc.y;
  let y = top;
  if (h.parent) {
    doc.font('regular').fontSize(SIZE.header).text(h.parent.toUpperCase(), left, y, { width: wl, align: 'center' });
    y = doc.y;
  }
  doc.font('bold').fontSize(SIZE.header).text(h.issuer.toUpperCase(), left, y, { width: wl, align: 'center' });
  const issuerLine = wl / 3;
  const leftBottom = doc.y + 3;
  doc.moveTo(left + (wl - issuerLine) / 2, leftBottom).lineTo(left + (wl + issuerLine) / 2, leftBottom).lineWidth(0.6).stroke();

  doc.font('bold').fontSize(SIZE.header).text(h.nation, left + wl, top, { width: wr, align: 'center' });
  doc.font('bold').fontSize(SIZE.motto).text(h.motto, left + wl, doc.y, { width: wr, align: 'center' });
  const motto = doc.widthOfString(h.motto);
  const rightBottom = doc.y + 2;
  doc.moveTo(left + wl + (wr - motto) / 2, rightBottom).lineTo(left + wl + (wr + motto) / 2, rightBottom).lineWidth(0.6).stroke();

  const line = Math.max(leftBottom, rightBottom) + 8;
  let bottom = line;
  if (h.number) {
    doc.font('regular').fontSize(SIZE.motto).text(h.number, left, line, { width: wl, align: 'center' });
    bottom = doc.y;
  }
  doc.font('italic').fontSize(SIZE.motto).text(h.placeDate, left + wl, line, { width: wr, align: 'center' });
  doc.x = left;
  doc.y = Math.max(bottom, doc.y) + 12;
  doc.font('regular').fontSize(SIZE.body);
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
    doc.font('italic').fontSize(SIZE.small).text(b.date, x, y, { width: w, align: 'center' });
    doc.font('bold').fontSize(SIZE.body).text(b.role, x, y + 14, { width: w, align: 'center' });
    doc.font('italic').fontSize(SIZE.small).text(b.hint, x, y + 30, { width: w, align: 'center' });
    doc.moveTo(x + 15, y + 100).lineTo(x + w - 15, y + 100).lineWidth(0.5).stroke();
  });
  doc.x = left;
  doc.y = y + 110;
  doc.font('regular').fontSize(SIZE.body);
}

/** A drawn document ended into bytes (a file made in a worker thread, sent by the main one). */
export function collectPdf(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * Sends a drawn document as a PDF download: the headers first, then the document piped to the response as
 * end() writes it (no Buffer of the whole file). Resolves when the response has finished or closed.
 */
export async function sendPdf(res: Response, fileName: string, doc: Doc): Promise<void> {
  await download(res, { type: 'application/pdf', filename: fileName, cacheControl: 'private, no-store' }, async () => {
    doc.pipe(res);
    try {
      doc.end();
    } catch (err) {
      doc.unpipe(res);
      throw err;
    }
    await settled(res);
  });
}

/** The whole sheet drawn as a PDF document, not yet ended: sendPdf() ends it into the response. */
export async function sheetPdf(sheet: Sheet, t: T): Promise<Doc> {
  const o: DocOptions = {
    title: `${sheet.title} — ${sheet.systemName}`,
    runningHeader: `${sheet.code} · ${sheet.systemName}`,
    footerLeft: t('print.printedAt', { date: sheet.printedAt }),
    t,
  };
  const doc = await createDoc(o);

  officialHeader(doc, sheet.official);
  paragraph(doc, sheet.title.toUpperCase(), { bold: true, size: SIZE.h1, align: 'center' });
  doc.moveDown(0.3);
  paragraph(doc, sheet.systemName, { bold: true, size: SIZE.h2, align: 'center' });
  if (sheet.systemNameOther) paragraph(doc, sheet.systemNameOther, { italic: true, align: 'center' });
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
  return doc;
}
