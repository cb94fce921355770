// The one Word (.docx) writer helper, with the `docx` package: the page and type of Decree 30/2020/NĐ-CP
// (Appendix I) and the parts every official paper shares. Imported only by the writers, which the routes
// load on first use (the package is large).
//
// The layout, as the decree sets it and as this file applies it:
// - A4; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (the minimums of 20–25 / 20–25 / 30–35 / 15–20);
// - Times New Roman (the decree's font; LibreOffice shows it with its metric twin Liberation Serif or
//   Tinos), body 13 pt, paragraphs justified, first line indented 1 cm, 6 pt after, single line spacing;
// - page numbers in Arabic figures, centred in the top margin, not on the first page;
// - box 1, Quốc hiệu: upper case, 12 pt, bold; Tiêu ngữ: 13 pt, bold, under it a solid line as long as itself;
// - box 2, issuing body: the parent body upper case 12 pt, the body upper case 12 pt bold, a short line under;
// - box 3, "Số: …/QĐ-…" 13 pt; box 4, place and date, italic 13 pt; title upper case 14 pt bold and the
//   summary 14 pt bold with a short line under; the legal grounds (căn cứ) italic, one per line, ending ";"
//   and the last "."; "Nơi nhận:" bold italic 12 pt, its lines 11 pt; the signer's authority and title
//   upper case bold 13 pt.
import { createRequire } from 'node:module';
import type { OfficialHeader } from '../print/official.js';
import type { SheetRow, SheetTable } from '../print/print.service.js';

// docx 9's type declarations use extension-less relative paths that TypeScript's NodeNext resolution
// cannot follow (they type as an empty module), so the part of its API used here is typed below; the
// CommonJS build is loaded (nanoid is bundled in it, which keeps Node 20 working).
declare const DOCX_NODE: unique symbol;
/** A paragraph, run, table, row, cell, header or document built by docx. */
export interface DocxNode { readonly [DOCX_NODE]?: never }
type Paragraph = DocxNode;
type Table = DocxNode;
type TableCell = DocxNode;
type TextRun = DocxNode;
type ParagraphChild = DocxNode;
type Options = Record<string, unknown>;
interface DocxApi {
  Document: new (o: Options) => DocxNode;
  Paragraph: new (o: Options) => DocxNode;
  TextRun: new (o: Options) => DocxNode;
  Table: new (o: Options) => DocxNode;
  TableRow: new (o: Options) => DocxNode;
  TableCell: new (o: Options) => DocxNode;
  Header: new (o: Options) => DocxNode;
  Packer: { toBuffer(doc: DocxNode): Promise<Buffer> };
  AlignmentType: Record<'LEFT' | 'CENTER' | 'RIGHT' | 'JUSTIFIED', string>;
  BorderStyle: Record<'SINGLE' | 'NONE', string>;
  HeightRule: Record<'ATLEAST', string>;
  PageNumber: Record<'CURRENT', string>;
  TableLayoutType: Record<'FIXED', string>;
  VerticalAlign: Record<'TOP', string>;
  WidthType: Record<'DXA', string>;
}
const {
  AlignmentType, BorderStyle, Document, Header, HeightRule, Packer, PageNumber, Paragraph, Table, TableCell, TableLayoutType,
  TableRow, TextRun, VerticalAlign, WidthType,
} = createRequire(import.meta.url)('docx') as DocxApi;

export const FONT = 'Times New Roman';
const PT = 2; // docx sizes are half-points
/** Millimetres → twips (1/1440 in), rounded: docx's own helper rounds down (A4 would lose a twip). */
const mm = (n: number) => Math.round((n * 1440) / 25.4);
export const A4 = { width: mm(210), height: mm(297) };
export const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
/** The text width between the margins, in twips. */
export const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const INDENT = mm(10);
const AFTER = 120; // 6 pt

export type Child = Paragraph | Table;

export interface RunStyle {
  bold?: boolean;
  italic?: boolean;
  size?: number; // pt
  underline?: boolean;
}

export function run(text: string, s: RunStyle = {}): TextRun {
  return new TextRun({
    text, font: FONT, ...(s.bold ? { bold: true } : {}), ...(s.italic ? { italics: true } : {}),
    ...(s.size ? { size: s.size * PT } : {}), ...(s.underline ? { underline: {} } : {}),
  });
}

/** Text with line breaks kept ("\n" → a break in the same paragraph). */
export function runs(text: string, s: RunStyle = {}): TextRun[] {
  return text.split('\n').map((line, i) => new TextRun({
    text: line, font: FONT, ...(i > 0 ? { break: 1 } : {}), ...(s.bold ? { bold: true } : {}), ...(s.italic ? { italics: true } : {}),
    ...(s.size ? { size: s.size * PT } : {}),
  }));
}

/**
 * A visible mark where the registry has no data: "[chưa có dữ liệu: …]", italic and highlighted, so the
 * author sees what to complete and a reader never meets an empty heading.
 */
export function placeholder(text: string): TextRun {
  return new TextRun({ text, font: FONT, italics: true, highlight: 'yellow' });
}

export interface ParaOptions extends RunStyle {
  align?: 'left' | 'center' | 'right' | 'justify';
  /** indent the first line 1 cm (body text) */
  indent?: boolean;
  keepNext?: boolean;
  after?: number; // twips
  before?: number; // twips
}

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, justify: AlignmentType.JUSTIFIED } as const;

export function para(content: string | readonly ParagraphChild[], o: ParaOptions = {}): Paragraph {
  const children = typeof content === 'string' ? runs(content, o) : [...content];
  return new Paragraph({
    children,
    alignment: ALIGN[o.align ?? 'justify'],
    spacing: { after: o.after ?? AFTER, ...(o.before ? { before: o.before } : {}) },
    ...(o.indent ? { indent: { firstLine: INDENT } } : {}),
    ...(o.keepNext ? { keepNext: true } : {}),
  });
}

/** A numbered heading of the body ("I. …", "1. …"): bold, kept with what follows. */
export function heading(text: string, size = 13): Paragraph {
  return para(text, { bold: true, size, align: 'left', keepNext: true, before: 120 });
}

/** A paragraph holding only a short centred line (the line under a body's name or a title). */
function shortLine(fraction: number, width: number): Paragraph {
  const side = Math.round((width * (1 - fraction)) / 2);
  return new Paragraph({
    children: [],
    indent: { left: side, right: side },
    spacing: { after: 80, line: 100, lineRule: 'exact' },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 0 } },
  });
}

const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

function cell(children: Paragraph[], width: number, o: { borders?: boolean; shade?: boolean; span?: number } = {}): TableCell {
  return new TableCell({
    children: children.length ? children : [new Paragraph({ children: [] })],
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.TOP,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    ...(o.span ? { columnSpan: o.span } : {}),
    ...(o.shade ? { shading: { fill: 'E6E6E6', color: 'auto', type: 'clear' } } : {}),
  });
}

const tight = (text: string | readonly ParagraphChild[], o: ParaOptions = {}) => para(text, { after: 0, align: 'center', ...o });

/**
 * The national header: the issuing body (box 2) and number (box 3) on the left, about 40 % of the width;
 * the Quốc hiệu and Tiêu ngữ (box 1) and the place and date (box 4) on the right.
 */
export function officialHeader(h: OfficialHeader): Table {
  const wl = Math.round(TEXT_WIDTH * 0.4);
  const wr = TEXT_WIDTH - wl;
  const left: Paragraph[] = [
    ...(h.parent ? [tight(h.parent.toUpperCase(), { size: 12 })] : []),
    tight(h.issuer.toUpperCase(), { size: 12, bold: true }),
    shortLine(1 / 3, wl - 160),
    ...(h.number ? [tight(h.number, { size: 13 })] : []),
  ];
  const right: Paragraph[] = [
    tight(h.nation, { size: 12, bold: true }),
    tight([run(h.motto, { size: 13, bold: true, underline: true })]),
    tight(h.placeDate, { size: 13, italic: true, before: 120 }),
  ];
  return new Table({
    rows: [new TableRow({ children: [cell(left, wl), cell(right, wr)] })],
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [wl, wr],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
  });
}

/** The kind of paper ("QUYẾT ĐỊNH", "BÁO CÁO") and its summary, centred, with a short line under. */
export function titleBlock(kind: string, subject: string, sub: string[] = []): Child[] {
  return [
    para(kind.toUpperCase(), { bold: true, size: 14, align: 'center', after: 0, before: 240 }),
    para(subject, { bold: true, size: 14, align: 'center', after: 0 }),
    ...sub.map((s) => para(s, { bold: true, size: 13, align: 'center', after: 0 })),
    shortLine(1 / 4, TEXT_WIDTH),
  ];
}

/**
 * A bordered table from a sheet table: relative widths, a shaded head repeated on every page, rows never
 * split across pages, group rows spanning the table, tick boxes centred, `nowrap` columns kept on one line.
 */
export function grid(tb: SheetTable, size = tb.widths.length > 6 ? 10 : 11): Child[] {
  const sum = tb.widths.reduce((a, b) => a + b, 0);
  const widths = tb.widths.map((w) => Math.round((w / sum) * TEXT_WIDTH));
  const boxes = new Set(tb.boxes ?? []);
  const row = (cells: string[], o: { head?: boolean; strong?: boolean; group?: boolean; sub?: SheetRow['sub'] }) =>
    new TableRow({
      cantSplit: true,
      ...(o.head ? { tableHeader: true } : {}),
      children: o.group
        ? [cell([para(cells[0] ?? '', { bold: true, size, after: 0, align: 'left' })], TEXT_WIDTH, { span: widths.length, shade: true })]
        : cells.map((c, i) => cell([
          para(c, { bold: o.head || o.strong, size, after: 0, align: boxes.has(i) ? 'center' : 'left' }),
          // a short line under the cell's text (the evidence under a checklist item), smaller and italic
          ...(o.sub && o.sub.col === i ? [para(o.sub.text, { italic: true, size: size - 1.5, before: 20, after: 0, align: 'left' })] : []),
        ], widths[i] ?? 0, { shade: o.head })),
    });
  const out: Child[] = [];
  if (tb.caption) out.push(para(tb.caption, { bold: true, size: 13, align: 'left', keepNext: true, before: 120 }));
  out.push(new Table({
    rows: [...(tb.head.some(Boolean) ? [row(tb.head, { head: true })] : []), ...tb.rows.map((r) => row(r.cells, r))],
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
  }));
  out.push(para('', { after: 60 }));
  return out;
}

/** The legal grounds, italic, one per line, each ";" and the last "." (Decree 30/2020). */
export function grounds(lines: readonly string[]): Paragraph[] {
  return lines.map((l, i) => para(`${l.replace(/[;.]$/, '')}${i === lines.length - 1 ? '.' : ';'}`, { italic: true, indent: true }));
}

export interface Signer {
  /** "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC" …: empty lines when not known */
  authority: string[];
  title: string;
  hint: string;
  name?: string;
}

/** Nơi nhận (left) and the signatures (right), side by side on one row that never splits across pages. */
export function recipientsAndSignature(recipients: readonly string[], signers: readonly Signer[]): Table {
  const wl = Math.round(TEXT_WIDTH * (signers.length > 1 ? 0.34 : 0.45));
  const wr = Math.round((TEXT_WIDTH - wl) / signers.length);
  const [title, ...lines] = recipients;
  const left = [
    para(title ?? '', { bold: true, italic: true, size: 12, align: 'left', after: 0, keepNext: true }),
    ...lines.map((l) => para(l, { size: 11, align: 'left', after: 0, keepNext: true })),
  ];
  const signature = (signer: Signer) => [
    ...signer.authority.map((a) => tight(a.toUpperCase(), { bold: true, size: 13, keepNext: true })),
    tight(signer.title.toUpperCase(), { bold: true, size: 13, keepNext: true }),
    tight(signer.hint, { italic: true, size: 12, keepNext: true }),
    ...[1, 2, 3, 4].map(() => tight('', { keepNext: true })),
    tight(signer.name ?? '', { bold: true, size: 13 }),
  ];
  return new Table({
    rows: [new TableRow({ cantSplit: true, height: { value: 2400, rule: HeightRule.ATLEAST }, children: [cell(left, wl), ...signers.map((sg) => cell(signature(sg), wr))] })],
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [wl, ...signers.map(() => wr)],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
  });
}

/** A section on A4 with the decree's margins and the page number centred in the top margin from page 2. */
function section(children: readonly Child[]): Options {
  return {
    properties: {
      titlePage: true,
      page: { size: A4, margin: { ...MARGIN, header: mm(10), footer: mm(10) } },
    },
    headers: {
      first: new Header({ children: [new Paragraph({ children: [] })] }),
      default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 13 * PT })] })] }),
    },
    children: [...children],
  };
}

/** The whole paper as .docx bytes. */
export function pack(o: { title: string; subject?: string; children: readonly Child[] }): Promise<Buffer> {
  const doc = new Document({
    creator: 'Capdo',
    title: o.title,
    ...(o.subject ? { subject: o.subject } : {}),
    styles: {
      default: {
        document: { run: { font: FONT, size: 13 * PT }, paragraph: { spacing: { after: AFTER } } },
      },
    },
    sections: [section(o.children)],
  });
  return Packer.toBuffer(doc);
}
