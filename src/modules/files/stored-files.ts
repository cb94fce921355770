// Uploaded files (assessment reports, evidence): the type is decided by the bytes (a browser's mime and the
// file name are the sender's word), stored content-addressed outside the database and checked against the
// row's SHA-256 when read back.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Response } from 'express';
import { NotFoundError } from '../../domain/errors.js';

export const REPORT_TYPES = [
  { mime: 'application/pdf', ext: 'pdf', magic: Buffer.from('%PDF-', 'latin1') },
  { mime: 'image/png', ext: 'png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mime: 'image/jpeg', ext: 'jpg', magic: Buffer.from([0xff, 0xd8, 0xff]) },
] as const;

export type ReportType = (typeof REPORT_TYPES)[number];

/** The accepted type whose signature opens the bytes, or null. */
export function sniffReportType(bytes: Uint8Array): ReportType | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return REPORT_TYPES.find((t) => buf.length >= t.magic.length && buf.subarray(0, t.magic.length).equals(t.magic)) ?? null;
}

const MAX_NAME = 200;
// C0/C1 controls, the characters Windows forbids in names, and the bidi controls that can make
// "report\u202Efdp.exe" display as "reportexe.pdf"
const UNSAFE = /[\u0000-\u001F\u007F-\u009F<>:"/\\|?*]/g;
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** A file name that is safe to store and show: no path, controls or bidi tricks, at most 200 characters. */
export function sanitiseFileName(raw: string, fallback = 'report'): string {
  let name = raw.normalize('NFC');
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1); // a client that sent a path
  name = name.replace(INVISIBLE, '').replace(UNSAFE, '_').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, ''); // no hidden files, no trailing dots (Windows drops them)
  if (!name || /^_+$/.test(name)) name = fallback;
  const chars = Array.from(name); // code points: never cut a surrogate pair in half
  if (chars.length <= MAX_NAME) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (ext.length > 1 && ext.length <= 16) {
    const stem = Array.from(name.slice(0, dot)).slice(0, MAX_NAME - ext.length);
    return stem.join('').trimEnd() + ext.join('');
  }
  return chars.slice(0, MAX_NAME).join('').trimEnd();
}

/** The name to offer on download: the stored name, with the real type's extension when it lies. */
export function downloadName(fileName: string, mime: string): string {
  const type = REPORT_TYPES.find((t) => t.mime === mime);
  if (!type) return fileName;
  const ext = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const ok = ext === type.ext || (type.ext === 'jpg' && ext === 'jpeg');
  return ok ? fileName : `${fileName}.${type.ext}`;
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266 / RFC 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7E]/g, '_')
    .replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** An upload that passed the type check, ready to store. Only `inspectReport` makes one. */
export interface PreparedReport {
  readonly bytes: Buffer;
  readonly fileName: string;
  readonly mime: ReportType['mime'];
  readonly size: number;
  readonly sha256: string;
}

/**
 * The name the browser sent. Browsers send it as UTF-8 bytes, which multer reads as latin1 unless told
 * otherwise; such a name is decoded again when its bytes are valid UTF-8 ("BÃ¡o" → "Báo").
 */
export function uploadedName(raw: string): string {
  if (!/[\u0080-\u00FF]/.test(raw) || /[^\u0000-\u00FF]/.test(raw)) return raw;
  const bytes = Buffer.from(raw, 'latin1');
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return utf8.includes('\uFFFD') ? raw : utf8;
}

export type Inspection = { ok: true; report: PreparedReport } | { ok: false; error: string };

/**
 * Checks an uploaded file by its bytes; the error is an i18n key for the form's file field (`errorKey`),
 * and a name that cleans to nothing becomes `<stem>.<ext>`.
 */
export function inspectReport(file: { buffer: Buffer; originalname: string }, errorKey = 'assessment.v.fileType', stem = 'report'): Inspection {
  const type = sniffReportType(file.buffer);
  if (!type) return { ok: false, error: errorKey };
  return {
    ok: true,
    report: {
      bytes: file.buffer,
      fileName: sanitiseFileName(uploadedName(file.originalname), `${stem}.${type.ext}`),
      mime: type.mime,
      size: file.buffer.length,
      sha256: sha256Hex(file.buffer),
    },
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const SHA = /^[0-9a-f]{64}$/;

/** Where a file lives, relative to the upload directory: `ab/ab12…` (the first two hex digits fan out). */
export function storedPath(sha256: string): string {
  if (!SHA.test(sha256)) throw new Error('not a SHA-256 hex digest');
  return `${sha256.slice(0, 2)}/${sha256}`;
}

export interface StoredReport {
  storedAs: string;
  created: boolean; // false when identical bytes were already stored
}

/**
 * Stores the bytes under their SHA-256. They are written to a temporary name in the same directory,
 * flushed, then renamed, so a crash leaves either no file or the whole file under its final name.
 */
export async function storeReport(uploadDir: string, report: PreparedReport): Promise<StoredReport> {
  const storedAs = storedPath(report.sha256);
  const dir = join(uploadDir, report.sha256.slice(0, 2));
  const target = join(uploadDir, storedAs);
  await mkdir(dir, { recursive: true });
  const existing = await stat(target).catch(() => null);
  if (existing?.isFile() && existing.size === report.size && sha256Hex(await readFile(target)) === report.sha256) {
    return { storedAs, created: false };
  }
  const tmp = join(dir, `.${report.sha256}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o640);
    try {
      await fh.writeFile(report.bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return { storedAs, created: true };
}

/** Removes a stored file (to undo a store whose database write failed, and the unreferenced ones `npm run gc-files` finds). */
export async function removeReport(uploadDir: string, storedAs: string): Promise<void> {
  if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(storedAs)) return;
  await rm(join(uploadDir, storedAs), { force: true });
}

export type LoadedReport = { ok: true; bytes: Buffer } | { ok: false; reason: 'bad-path' | 'missing' | 'sha-mismatch' };

/** Reads a stored file back and checks it is still the bytes the row describes. */
export async function loadReport(uploadDir: string, storedAs: string | null, sha256: string | null): Promise<LoadedReport> {
  // the row's path must be exactly what storeReport writes: no "..", no absolute paths
  if (!sha256 || !SHA.test(sha256) || storedAs !== storedPath(sha256)) return { ok: false, reason: 'bad-path' };
  let bytes: Buffer;
  try {
    bytes = await readFile(join(uploadDir, storedAs));
  } catch {
    return { ok: false, reason: 'missing' };
  }
  if (sha256Hex(bytes) !== sha256) return { ok: false, reason: 'sha-mismatch' };
  return { ok: true, bytes };
}

/**
 * Sends a stored file as a private download (its type, its name, no sniffing, not cached). When the disk no
 * longer holds the bytes the row describes, the operator is told through `log` and the user gets a plain 404.
 */
export async function sendStoredFile(
  res: Response, uploadDir: string, file: { storedAs: string | null; sha256: string | null; mime: string; fileName: string },
  what: { entity: string; label: string }, log: (err: Error) => void,
): Promise<void> {
  const loaded = await loadReport(uploadDir, file.storedAs, file.sha256);
  if (!loaded.ok) {
    log(new Error(`${what.label}: file ${file.storedAs ?? '?'} ${loaded.reason}`));
    throw new NotFoundError(what.entity);
  }
  res.set({
    'Content-Type': file.mime,
    'Content-Length': String(loaded.bytes.length),
    'Content-Disposition': contentDisposition(downloadName(file.fileName, file.mime)),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
  res.end(loaded.bytes);
}
