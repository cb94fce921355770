// The one export writer: RFC 4180 CSV with a UTF-8 BOM (so Excel opens Vietnamese text correctly)
// and a formula-injection guard on every text cell.
// Every field is quoted, and the guard looks past the field's first character: Excel set to another list
// separator (';' in Vietnamese regional settings) reads only a field's opening quote as a quote, so it
// splits `"x","a;=1+1"` after the ';' and starts a row at a line break inside a later field. Text after a
// ';' or a line break that starts with = + - @ (past spaces and quotes) gets an apostrophe too.
// A download is streamed: 500 rows a write, never the whole file in memory.
import type { Response } from 'express';
import { breathe, download, writeChunk } from './download.js';

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

const CRLF = '\r\n';
/** Rows per chunk of a download: one write, then a turn for other requests. */
export const CSV_CHUNK_ROWS = 500;

const csvLine = (row: readonly CsvValue[]): string => row.map(csvCell).join(',') + CRLF;

/** The file in pieces: the BOM and the header line, then the rows `CSV_CHUNK_ROWS` lines at a time. */
function* csvChunks(header: readonly string[], rows: Iterable<readonly CsvValue[]>): Generator<string> {
  yield BOM + csvLine(header);
  let lines: string[] = [];
  for (const row of rows) {
    lines.push(csvLine(row));
    if (lines.length === CSV_CHUNK_ROWS) {
      yield lines.join('');
      lines = [];
    }
  }
  if (lines.length) yield lines.join('');
}

/** The whole file as one string: BOM, header line, rows, CRLF line ends (the same bytes sendCsv sends). */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  return [...csvChunks(header, rows)].join('');
}

/**
 * Sends a CSV download as it is written, a chunk of rows at a time: each write waits while the client is
 * behind, other requests run between chunks, and it stops when the client has gone. `filename` is plain
 * ASCII chosen by the code, never user input.
 */
export async function sendCsv(res: Response, filename: string, header: readonly string[], rows: Iterable<readonly CsvValue[]>): Promise<void> {
  await download(res, { type: 'text/csv; charset=utf-8', filename, cacheControl: 'no-store' }, async () => {
    for (const chunk of csvChunks(header, rows)) {
      if (!(await writeChunk(res, chunk)) || !(await breathe(res))) return;
    }
    res.end();
  });
}
