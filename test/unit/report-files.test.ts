// Report files: the type comes from the bytes, names are made safe, storage is content-addressed and
// reading back checks the SHA-256.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  contentDisposition, downloadName, inspectReport, loadReport, sanitiseFileName, sha256Hex, sniffReportType, storeReport, storedPath, uploadedName,
} from '../../src/modules/files/index.js';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n', 'latin1');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR....')]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]);

describe('sniffReportType', () => {
  it('recognises PDF, PNG and JPEG by their signatures', () => {
    expect(sniffReportType(PDF)?.mime).toBe('application/pdf');
    expect(sniffReportType(PNG)?.mime).toBe('image/png');
    expect(sniffReportType(JPEG)?.mime).toBe('image/jpeg');
  });

  it('rejects everything else, including near misses and short files', () => {
    expect(sniffReportType(EXE)).toBeNull();
    expect(sniffReportType(Buffer.from('hello, this is a text file'))).toBeNull();
    expect(sniffReportType(Buffer.from('%PDF'))).toBeNull(); // no dash
    expect(sniffReportType(Buffer.from(' %PDF-1.4'))).toBeNull(); // not at the start
    expect(sniffReportType(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull(); // truncated PNG signature
    expect(sniffReportType(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffReportType(Buffer.alloc(0))).toBeNull();
    expect(sniffReportType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });

  it('reads a view into a larger buffer from its own offset', () => {
    const big = Buffer.concat([Buffer.from('junk'), PNG]);
    expect(sniffReportType(big.subarray(4))?.mime).toBe('image/png');
  });
});

describe('inspectReport', () => {
  it('trusts the bytes, not the name: a PNG called .pdf is a PNG', () => {
    const r = inspectReport({ buffer: PNG, originalname: 'bao-cao.pdf' });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.report.mime).toBe('image/png');
      expect(r.report.fileName).toBe('bao-cao.pdf');
      expect(r.report.size).toBe(PNG.length);
      expect(r.report.sha256).toBe(sha256Hex(PNG));
    }
  });

  it('rejects an executable called .pdf with a field message', () => {
    expect(inspectReport({ buffer: EXE, originalname: 'report.pdf' })).toEqual({ ok: false, error: 'assessment.v.fileType' });
  });
});

describe('sanitiseFileName', () => {
  it('keeps Vietnamese names, in NFC', () => {
    expect(sanitiseFileName('Báo cáo kiểm tra, đánh giá 2026.pdf')).toBe('Báo cáo kiểm tra, đánh giá 2026.pdf');
    expect(sanitiseFileName('Ba\u0301o ca\u0301o.pdf')).toBe('Báo cáo.pdf');
  });

  it('drops any path a client sent', () => {
    expect(sanitiseFileName('C:\\Users\\an\\Desktop\\report.pdf')).toBe('report.pdf');
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd');
  });

  it('replaces controls and reserved characters, removes bidi tricks and leading dots', () => {
    expect(sanitiseFileName('a<b>c:d"e|f?g*h\u0000i\r\nj.pdf')).toBe('a_b_c_d_e_f_g_h_i__j.pdf');
    expect(sanitiseFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitiseFileName('...hidden.pdf')).toBe('hidden.pdf');
    expect(sanitiseFileName('  many   spaces .pdf  ')).toBe('many spaces .pdf');
  });

  it('falls back when nothing is left', () => {
    expect(sanitiseFileName('', 'report.pdf')).toBe('report.pdf');
    expect(sanitiseFileName('///', 'report.pdf')).toBe('report.pdf');
    expect(sanitiseFileName('...', 'report.pdf')).toBe('report.pdf');
  });

  it('cuts long names to 200 characters and keeps the extension', () => {
    const long = `${'đ'.repeat(300)}.pdf`;
    const out = sanitiseFileName(long);
    expect(Array.from(out)).toHaveLength(200);
    expect(out.endsWith('.pdf')).toBe(true);
    const emoji = `${'😀'.repeat(250)}`;
    const cut = sanitiseFileName(emoji);
    expect(Array.from(cut)).toHaveLength(200);
    expect(cut).toBe('😀'.repeat(200)); // no half surrogate pair
  });
});

describe('uploadedName', () => {
  it('recovers a UTF-8 name that was read as latin1, and leaves other names alone', () => {
    const sent = 'Báo cáo đánh giá.pdf';
    expect(uploadedName(Buffer.from(sent, 'utf8').toString('latin1'))).toBe(sent);
    expect(uploadedName(sent)).toBe(sent); // already decoded (characters above U+00FF)
    expect(uploadedName('café.pdf')).toBe('café.pdf'); // a real latin1 name is not valid UTF-8
    expect(uploadedName('report.pdf')).toBe('report.pdf');
  });
});

describe('download headers', () => {
  it('offers an ASCII fallback and the exact UTF-8 name (RFC 5987)', () => {
    const h = contentDisposition('Báo cáo "quý" (1).pdf');
    expect(h).toBe(`attachment; filename="Bao cao _quy_ (1).pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22qu%C3%BD%22%20%281%29.pdf`);
    expect(contentDisposition('Đề án.pdf')).toContain('filename="De an.pdf"');
  });

  it('adds the real extension when the name lies about the type', () => {
    expect(downloadName('scan.pdf', 'image/png')).toBe('scan.pdf.png');
    expect(downloadName('scan.PNG', 'image/png')).toBe('scan.PNG');
    expect(downloadName('photo.jpeg', 'image/jpeg')).toBe('photo.jpeg');
    expect(downloadName('report.pdf', 'application/pdf')).toBe('report.pdf');
  });
});

describe('storage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'capdo-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const prepared = (bytes: Buffer) => {
    const r = inspectReport({ buffer: bytes, originalname: 'x.pdf' });
    if (!r.ok) throw new Error('not accepted');
    return r.report;
  };

  it('stores under <2 hex>/<sha256>, leaves no temporary file, and reuses identical content', async () => {
    const report = prepared(PDF);
    const first = await storeReport(dir, report);
    expect(first).toEqual({ storedAs: storedPath(report.sha256), created: true });
    expect(first.storedAs).toBe(`${report.sha256.slice(0, 2)}/${report.sha256}`);
    expect(readFileSync(join(dir, first.storedAs)).equals(PDF)).toBe(true);
    expect(readdirSync(join(dir, report.sha256.slice(0, 2)))).toEqual([report.sha256]);
    expect(await storeReport(dir, report)).toEqual({ storedAs: first.storedAs, created: false });
  });

  it('reads back only intact files at the path it would have written', async () => {
    const report = prepared(PDF);
    const { storedAs } = await storeReport(dir, report);
    const ok = await loadReport(dir, storedAs, report.sha256);
    expect(ok.ok && ok.bytes.equals(PDF)).toBe(true);
    expect(await loadReport(dir, '../etc/passwd', report.sha256)).toEqual({ ok: false, reason: 'bad-path' });
    expect(await loadReport(dir, storedAs, null)).toEqual({ ok: false, reason: 'bad-path' });
    writeFileSync(join(dir, storedAs), Buffer.from('%PDF-tampered'));
    expect(await loadReport(dir, storedAs, report.sha256)).toEqual({ ok: false, reason: 'sha-mismatch' });
    rmSync(join(dir, storedAs));
    expect(await loadReport(dir, storedAs, report.sha256)).toEqual({ ok: false, reason: 'missing' });
  });

  it('rewrites a damaged copy of the same content', async () => {
    const report = prepared(PDF);
    const { storedAs } = await storeReport(dir, report);
    writeFileSync(join(dir, storedAs), 'garbage');
    expect((await storeReport(dir, report)).created).toBe(true);
    expect(readFileSync(join(dir, storedAs)).equals(PDF)).toBe(true);
  });
});
