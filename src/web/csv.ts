// The one export writer: RFC 4180 CSV with a UTF-8 BOM (so Excel opens Vietnamese text correctly)
// and a formula-injection guard on every text cell.
// Every field is quoted, and the guard looks past the field's first character: Excel set to another list
// separator (';' in Vietnamese regional settings) reads only a field's opening quote as a quote, so it
// splits `"x","a;=1+1"` after the ';' and starts a row at a line break inside a later field. Text after a
// ';' or a line break that starts with = + - @ (past spaces and quotes) gets an apostrophe too.
import type { Response } from 'express';

export type CsvValue = string | number | boolean | Date | null | undefined | Record<string, unknown> | unknown[];

const BOM = '\uFEFF';
// A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;
// where a spreadsheet reading with ';' may start a cell inside a field, when a formula character follows
const FORMULA_AFTER_BREAK = /([;\r\n][\s"]*)(?=[=+\-@])/g;

function guard(s: string): string {
  return (FORMULA_START.test(s) ? `'${s}` : s).replace(FORMULA_AFTER_BREAK, "$1'");
}

/** One cell, always quoted: text that could start a formula gets a leading apostrophe inside the quotes. */
export function csvCell(value: CsvValue): string {
  let s: string;
  if (value === null || value === undefined) s = '';
  else if (typeof value === 'number') s = Number.isFinite(value) ? String(value) : '';
  else if (typeof value === 'boolean') s = value ? 'true' : 'false';
  else if (value instanceof Date) s = value.toISOString();
  else if (typeof value === 'string') s = guard(value);
  else s = guard(JSON.stringify(value));
  return `"${s.replace(/"/g, '""')}"`;
}

/** The whole file: BOM, header line, rows, CRLF line ends. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}

/** Sends a CSV download; `filename` is plain ASCII chosen by the code, never user input. */
export function sendCsv(res: Response, filename: string, header: readonly string[], rows: Iterable<readonly CsvValue[]>): void {
  res.set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'Cache-Control': 'no-store',
  });
  res.send(toCsv(header, rows));
}
