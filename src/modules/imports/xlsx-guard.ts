// An .xlsx is a zip: 5 MB of upload can hold gigabytes of XML (one huge cell, a million rows). Before
// exceljs builds anything, the file is checked here: its zip directory is read, every entry inflated as a
// stream against one budget of uncompressed bytes (what the directory claims is not trusted), and every
// worksheet scanned for its rows and columns. The first limit hit stops the read with its message; the
// length of each cell is checked while the rows are read (imports.service.ts).
import { createInflateRaw } from 'node:zlib';
import { ImportFileError } from './import-file-error.js';

export interface XlsxLimits {
  /** all the file's entries together, once inflated */
  uncompressedBytes: number;
  /** data rows per worksheet: rows holding a value, after the `headerRows` first ones */
  rows: number;
  /** rows before the data (the header and the hint) */
  headerRows: number;
  /** cells per row, and the farthest column a cell may sit in */
  columns: number;
  /** characters in one cell */
  cellChars: number;
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const damaged = () => new ImportFileError('imp.err.damaged');

/** The entries of the zip's central directory (no zip64: an upload is at most a few MB). */
function entriesOf(buf: Buffer): Entry[] {
  const from = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === EOCD) { eocd = i; break; }
  }
  if (eocd < 0) throw damaged();
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) throw damaged();
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    entries.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      localOffset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The entry's compressed bytes, located through its local header. */
function dataOf(buf: Buffer, e: Entry): Buffer {
  const at = e.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL) throw damaged();
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  if (start + e.compressedSize > buf.length) throw damaged();
  return buf.subarray(start, start + e.compressedSize);
}

/** Inflates one entry, stopping as soon as `budget` bytes are exceeded. */
function inflate(data: Buffer, budget: number): Promise<{ text: Buffer | null; bytes: number }> {
  return new Promise((resolve, reject) => {
    const z = createInflateRaw({ chunkSize: 64 * 1024 });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let over = false;
    z.on('data', (chunk: Buffer) => {
      if (over) return;
      bytes += chunk.length;
      if (bytes > budget) {
        over = true;
        z.destroy();
        resolve({ text: null, bytes });
        return;
      }
      chunks.push(chunk);
    });
    z.on('error', () => (over ? undefined : reject(damaged())));
    z.on('end', () => resolve({ text: Buffer.concat(chunks), bytes }));
    z.end(data);
  });
}

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
const CELL_REF = /\br="([A-Z]{1,3})\d+"/;
const HAS_VALUE = /<(?:v|is)[\s>]/;

/** 'A' → 1, 'AB' → 28 */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Where each `<name …>` start tag of `xml` begins and ends, from `from` on (indexOf only: linear, whatever the input). */
function* tags(xml: string, name: string, from = 0, to = xml.length): Generator<{ start: number; end: number; empty: boolean }> {
  const open = `<${name}`;
  let at = xml.indexOf(open, from);
  while (at >= 0 && at < to) {
    const next = xml[at + open.length];
    const end = xml.indexOf('>', at);
    if (end < 0) throw damaged();
    if (next === ' ' || next === '>' || next === '/' || next === '\t' || next === '\n' || next === '\r') yield { start: at, end, empty: xml[end - 1] === '/' };
    at = xml.indexOf(open, end);
  }
}

/** A worksheet's XML against the row and column limits: throws at the first row past a limit. */
function scanWorksheet(xml: string, sheet: string, limits: XlsxLimits): void {
  let rows = 0;
  for (const row of tags(xml, 'row')) {
    if (row.empty) continue;
    const close = xml.indexOf('</row>', row.end);
    if (close < 0) throw damaged();
    if (!HAS_VALUE.test(xml.slice(row.end, close))) continue;
    rows++;
    if (rows > limits.rows + limits.headerRows) throw new ImportFileError('imp.err.limit.rows', { sheet, max: limits.rows });
    let cells = 0;
    for (const cell of tags(xml, 'c', row.end, close)) {
      cells++;
      const letters = CELL_REF.exec(xml.slice(cell.start, cell.end))?.[1];
      if (cells > limits.columns || (letters && columnNumber(letters) > limits.columns)) {
        throw new ImportFileError('imp.err.limit.columns', { sheet, max: limits.columns });
      }
    }
  }
}

/** The sheet names of the workbook, by worksheet file (for the messages), when the workbook says. */
function sheetNames(workbook: string | undefined, rels: string | undefined): Map<string, string> {
  const byId = new Map<string, string>();
  for (const m of (rels ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) byId.set(id, `xl/${target.replace(/^\/?xl\//, '').replace(/^\//, '')}`);
  }
  const names = new Map<string, string>();
  for (const m of (workbook ?? '').matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]+)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    const file = id ? byId.get(id) : undefined;
    if (name && file) names.set(file, name);
  }
  return names;
}

/**
 * Checks an .xlsx against the limits before it is parsed. Throws ImportFileError with the first limit hit
 * (`imp.err.limit.uncompressed` carries `read`, the bytes inflated when it stopped) or `imp.err.damaged`.
 */
export async function checkXlsx(buf: Buffer, limits: XlsxLimits): Promise<void> {
  const entries = entriesOf(buf);
  let left = limits.uncompressedBytes;
  const xml = new Map<string, string>();
  for (const e of entries) {
    const data = dataOf(buf, e);
    let bytes: number;
    let text: Buffer | null;
    if (e.method === 0) ({ text, bytes } = data.length > left ? { text: null, bytes: data.length } : { text: data, bytes: data.length });
    else if (e.method === 8) ({ text, bytes } = await inflate(data, left));
    else throw damaged();
    if (!text) {
      const read = limits.uncompressedBytes - left + bytes;
      throw new ImportFileError('imp.err.limit.uncompressed', { mb: Math.round(limits.uncompressedBytes / 1024 / 1024), read });
    }
    left -= bytes;
    if (WORKSHEET.test(e.name) || e.name === 'xl/workbook.xml' || e.name === 'xl/_rels/workbook.xml.rels') xml.set(e.name, text.toString('utf8'));
  }
  const names = sheetNames(xml.get('xl/workbook.xml'), xml.get('xl/_rels/workbook.xml.rels'));
  for (const [file, text] of xml) {
    if (WORKSHEET.test(file)) scanWorksheet(text, names.get(file) ?? file, limits);
  }
}
