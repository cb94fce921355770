// The one XLSX writer (exceljs): one sheet per table, a bold frozen header row, dates as real Excel dates
// shown dd/mm/yyyy (so they sort and filter as dates), and the same formula-injection guard as the CSV writer (src/web/csv.ts) on every text cell: a cell is
// always a plain value, never a formula. The file is written as it is sent (exceljs's streaming writer):
// the column widths come from the header and the first 500 rows, which are read before the first row goes.
import type { Response } from 'express';
import { PassThrough, type Writable } from 'node:stream';
import { todayIso } from '../i18n/format.js';
import { breathe, download, settled } from './download.js';
import { loadExcel } from './lazy.js';

export type XlsxValue = string | number | boolean | Date | null | undefined | Record<string, unknown> | unknown[];

export interface XlsxColumn {
  header: string;
  key: string;
  /** in characters; a width from the header and the values when absent */
  width?: number;
  /** the values are ISO dates (yyyy-mm-dd): a real date in Excel, dd/mm/yyyy text in a CSV */
  date?: boolean;
}

export interface XlsxSheet {
  name: string;
  columns: readonly XlsxColumn[];
  rows: Iterable<Readonly<Record<string, XlsxValue>>>;
}

// A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_WIDTH = 60;

/** Text that could start a formula gets a leading apostrophe (as in the CSV). */
export function guardText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export const DATE_FORMAT = 'dd/mm/yyyy';

/** A calendar day as Excel stores it: midnight UTC of that day (Excel dates have no time zone). */
function excelDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}

/**
 * One cell's value: numbers and booleans as they are; dates (Date values, the day in Vietnam, and
 * yyyy-mm-dd text) as real dates; the rest guarded text.
 */
export function xlsxCell(value: XlsxValue): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : excelDate(todayIso(value));
  // objects (exceljs would read {formula}, {hyperlink}… as special cells) become their JSON text
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  if (ISO_DATE.test(s)) return excelDate(s);
  return guardText(s);
}

/** Excel's sheet-name rules: at most 31 characters, none of []:*?/\ and not empty. */
function sheetName(name: string, taken: Set<string>): string {
  let base = name.replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'Sheet';
  let n = 2;
  let candidate = base;
  while (taken.has(candidate.toLowerCase())) {
    const suffix = ` (${n++})`;
    candidate = base.slice(0, 31 - suffix.length) + suffix;
  }
  base = candidate;
  taken.add(base.toLowerCase());
  return base;
}

type CellValue = ReturnType<typeof xlsxCell>;
type Cells = Record<string, CellValue>;

/** Rows whose values set the columns' widths (a streamed sheet's columns are written before its first row). */
export const WIDTH_SAMPLE_ROWS = 500;
/** Rows committed between two turns for other requests. */
const ROWS_PER_TURN = 500;

/** One row's cells, by column key. */
function cellsOf(columns: readonly XlsxColumn[], row: Readonly<Record<string, XlsxValue>>): Cells {
  const cells: Cells = {};
  for (const c of columns) cells[c.key] = xlsxCell(row[c.key]);
  return cells;
}

/** The width of each column: the asked width, else from the header and the longest line of the sampled values. */
function columnWidths(columns: readonly XlsxColumn[], sample: readonly Cells[]): number[] {
  return columns.map((c) => {
    if (c.width !== undefined) return c.width;
    let width = Math.min(MAX_WIDTH, Math.max(8, c.header.length + 2));
    for (const cells of sample) {
      const v = cells[c.key];
      if (v instanceof Date) width = Math.max(width, 12);
      else if (typeof v === 'string') width = Math.min(MAX_WIDTH, Math.max(width, Math.max(...v.split('\n').map((l) => l.length)) + 2));
    }
    return width;
  });
}

/** The first `n` values of an iterator (the iterator goes on from there). */
function take<T>(it: Iterator<T>, n: number): T[] {
  const taken: T[] = [];
  while (taken.length < n) {
    const next = it.next();
    if (next.done) break;
    taken.push(next.value);
  }
  return taken;
}

/** The sampled rows, then the rest of the iterator. */
function* sampleThenRest<T, U>(sample: readonly U[], rest: Iterator<T>, convert: (row: T) => U): Generator<U> {
  yield* sample;
  for (let next = rest.next(); !next.done; next = rest.next()) yield convert(next.value);
}

/**
 * Writes the sheets as one XLSX into `out` (a response, or a collector for xlsxBuffer), a committed row
 * at a time, with a turn for other requests every few hundred rows. Resolves when the file is complete,
 * or as soon as `out` has closed (the client went away).
 */
async function writeXlsx(out: Writable, sheets: readonly XlsxSheet[]): Promise<void> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Capdo';
  wb.created = new Date();
  const taken = new Set<string>();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheetName(sheet.name, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
    const toCells = (row: Readonly<Record<string, XlsxValue>>) => cellsOf(sheet.columns, row);
    const rest = sheet.rows[Symbol.iterator]();
    const sample = take(rest, WIDTH_SAMPLE_ROWS).map(toCells);
    const widths = columnWidths(sheet.columns, sample);
    ws.columns = sheet.columns.map((c, i) => ({ header: guardText(c.header), key: c.key, width: widths[i]! }));
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.commit();
    let written = 0;
    for (const cells of sampleThenRest(sample, rest, toCells)) {
      const row = ws.addRow(cells);
      // text stays text when edited: Excel does not re-read it as a formula or a number
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') cell.numFmt = '@';
        else if (cell.value instanceof Date) cell.numFmt = DATE_FORMAT;
      });
      row.commit();
      if (++written % ROWS_PER_TURN === 0 && !(await breathe(out))) return;
    }
    ws.commit();
  }
  await Promise.race([wb.commit(), settled(out)]);
}

/** The XLSX file as bytes (the tests read it back): the same writer, into a collector. */
export async function xlsxBuffer(sheets: readonly XlsxSheet[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await writeXlsx(out, sheets);
  await ended;
  return Buffer.concat(chunks);
}

/**
 * Sends an XLSX download as it is written (exceljs's streaming writer, zipped on the way out); stops when
 * the client has gone. `filename` is plain ASCII chosen by the code, never user input.
 */
export async function sendXlsx(res: Response, filename: string, sheets: readonly XlsxSheet[]): Promise<void> {
  await download(res, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename, cacheControl: 'no-store' }, () => writeXlsx(res, sheets));
}
