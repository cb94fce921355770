// The one XLSX writer (exceljs): one sheet per table, a bold frozen header row, dates as real Excel dates
// shown dd/mm/yyyy (so they sort and filter as dates), and the same formula-injection guard as the CSV writer (src/web/csv.ts) on every text cell: a cell is
// always a plain value, never a formula.
import { loadExcel } from './lazy.js';
import type { Response } from 'express';
import { todayIso } from '../i18n/format.js';

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

export async function xlsxBuffer(sheets: readonly XlsxSheet[]): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Capdo';
  wb.created = new Date();
  const taken = new Set<string>();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheetName(sheet.name, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
    const widths = sheet.columns.map((c) => Math.min(MAX_WIDTH, Math.max(8, c.header.length + 2)));
    ws.columns = sheet.columns.map((c) => ({ header: guardText(c.header), key: c.key }));
    ws.getRow(1).font = { bold: true };
    for (const row of sheet.rows) {
      const values: Record<string, string | number | boolean | Date | null> = {};
      sheet.columns.forEach((c, i) => {
        const v = xlsxCell(row[c.key]);
        values[c.key] = v;
        if (v instanceof Date) widths[i] = Math.max(widths[i]!, 12);
        else if (typeof v === 'string') {
          const longest = Math.max(...v.split('\n').map((l) => l.length));
          widths[i] = Math.min(MAX_WIDTH, Math.max(widths[i]!, longest + 2));
        }
      });
      const added = ws.addRow(values);
      // text stays text when edited: Excel does not re-read it as a formula or a number
      added.eachCell((cell) => {
        if (typeof cell.value === 'string') cell.numFmt = '@';
        else if (cell.value instanceof Date) cell.numFmt = DATE_FORMAT;
      });
    }
    sheet.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.width ?? widths[i]!;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sends an XLSX download; `filename` is plain ASCII chosen by the code, never user input. */
export async function sendXlsx(res: Response, filename: string, sheets: readonly XlsxSheet[]): Promise<void> {
  const buffer = await xlsxBuffer(sheets);
  res.set({
    'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'Cache-Control': 'no-store',
  });
  res.send(buffer);
}
