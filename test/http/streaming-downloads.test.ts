// Downloads are streamed, never built whole in memory: a large systems export (a few thousand rows, so many
// chunks) arrives chunked with no Content-Length and reads back as the same rows; sendCsv waits for 'drain',
// lets other work run between chunks, stops when the client has gone and sends the bytes toCsv makes;
// sendXlsx writes before it has read every row and the file opens with dates as dates and a bold frozen
// header; the PDFs are piped too.
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import type { Request, Response as ExpressResponse } from 'express';
import { Writable } from 'node:stream';
import type { Response } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seeds/demo.js';
import { createApp } from '../../src/app.js';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { formatDate, todayIso } from '../../src/i18n/format.js';
import { translator } from '../../src/i18n/index.js';
import { actorFor } from '../../src/modules/access/index.js';
import { engineConfigFrom } from '../../src/modules/evaluation/index.js';
import { systemsTable, type Table } from '../../src/modules/exports/exports.service.js';
import { systemListQuery } from '../../src/modules/systems/systems.schemas.js';
import { CSV_CHUNK_ROWS, sendCsv, toCsv, type CsvValue } from '../../src/web/csv.js';
import { errorHandler } from '../../src/web/errors.js';
import { DEFAULT_LIMITS } from '../../src/web/middleware.js';
import { sendXlsx, WIDTH_SAMPLE_ROWS, xlsxCell, type XlsxSheet } from '../../src/web/xlsx.js';
import { login, testConfig, type Session } from '../helpers/app.js';
import { binary } from '../helpers/pdf.js';

const EXTRA_SYSTEMS = 3000;

let db: Db;
let admin: Session;

beforeAll(async () => {
  db = openDatabase(':memory:');
  migrateDatabase(db);
  await seedDemo(db);
  const org = db.select().from(organisations).where(eq(organisations.code, 'BS-STC')).get()!.id;
  db.transaction((tx) => {
    for (let i = 1; i <= EXTRA_SYSTEMS; i++) {
      const row = {
        code: `BS-LON-${String(i).padStart(4, '0')}`, nameVi: `Hệ thống thử tải số ${i}; Sở Tài chính`, ownerId: org, operatorId: org,
        systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: `2024-${String((i % 12) + 1).padStart(2, '0')}-15`,
      } as const;
      tx.insert(systems).values({ ...row, searchText: searchTextFor(row) }).run();
    }
  });
  const app = createApp({ config: testConfig(), db, limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000 }, log: () => {} });
  admin = await login(app, 'admin', 'capdo-demo');
}, 120_000);

async function bytes(url: string): Promise<Response & { body: Buffer }> {
  return (await admin.agent.get(url).buffer(true).parse(binary)) as Response & { body: Buffer };
}

/** The systems table the admin's export is made of, straight from the service. */
function adminSystemsTable(): Table {
  const user = db.select().from(users).where(eq(users.username, 'admin')).get()!;
  return systemsTable(db, actorFor(db, user), systemListQuery.parse({}), engineConfigFrom(testConfig()), { t: translator('vi'), locale: 'vi' });
}

function expectStreamed(res: Response): void {
  expect(res.status).toBe(200);
  expect(res.headers['content-length']).toBeUndefined();
  expect(res.headers['transfer-encoding']).toBe('chunked');
}

/** Streamed, with the systems register's headers as before. */
function expectSystemsExport(res: Parameters<typeof expectStreamed>[0], type: string, ext: string): void {
  expectStreamed(res);
  expect(res.headers['content-type']).toBe(type);
  expect(res.headers['content-disposition']).toBe(`attachment; filename="he-thong-thong-tin-${todayIso()}.${ext}"`);
  expect(res.headers['cache-control']).toBe('no-store');
}

describe('a large systems export over HTTP', () => {
  it('CSV: chunked, no Content-Length, the headers as before, the same bytes as toCsv of the table', async () => {
    const res = await bytes('/exports/systems.csv');
    expectSystemsExport(res, 'text/csv; charset=utf-8', 'csv');
    const table = adminSystemsTable();
    expect(table.rows.length).toBeGreaterThan(EXTRA_SYSTEMS);
    const cells = table.rows.map((row) => table.columns.map((c) => (c.date && typeof row[c.key] === 'string' ? formatDate(row[c.key] as string) : row[c.key]) as CsvValue));
    const expected = toCsv(table.columns.map((c) => c.header), cells);
    expect(res.body.toString('utf8')).toBe(expected);
  });

  it('XLSX: chunked, no Content-Length; opens with a bold frozen header, dates as dates and the same cells as the table', async () => {
    const res = await bytes('/exports/systems.xlsx');
    expectSystemsExport(res, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    const table = adminSystemsTable();
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.actualRowCount).toBe(table.rows.length + 1);
    table.columns.forEach((c, i) => expect(ws.getRow(1).getCell(i + 1).value).toBe(c.header));
    const goLive = table.columns.findIndex((c) => c.date && table.rows.some((r) => typeof r[c.key] === 'string'));
    expect(goLive).toBeGreaterThanOrEqual(0);
    let dates = 0;
    table.rows.forEach((row, r) => {
      const got = ws.getRow(r + 2);
      table.columns.forEach((c, i) => {
        const cell = got.getCell(i + 1);
        const want = xlsxCell(row[c.key]);
        if (want instanceof Date) {
          dates += 1;
          expect(cell.type).toBe(ExcelJS.ValueType.Date);
          expect(cell.numFmt).toBe('dd/mm/yyyy');
          expect((cell.value as Date).toISOString()).toBe(want.toISOString());
          // the streaming writer stores empty text as an empty value, which exceljs reads as no value
        } else expect(cell.value ?? null, `${r + 2}:${c.key}`).toEqual(want === '' ? null : want);
      });
    });
    expect(dates).toBeGreaterThan(EXTRA_SYSTEMS);
  });
});

describe('the PDFs over HTTP', () => {
  it('the checklist and the annual report are piped: chunked, no Content-Length, the headers as before', async () => {
    const system = db.select().from(systems).where(eq(systems.code, 'BS-HTTT-001')).get()!;
    const sheet = await bytes(`/systems/${system.id}/print/pdf`);
    expectStreamed(sheet);
    expect(sheet.headers['content-type']).toBe('application/pdf');
    expect(sheet.headers['content-disposition']).toBe(`attachment; filename="danh-muc-kiem-tra_BS-HTTT-001_${todayIso()}.pdf"`);
    expect(sheet.headers['cache-control']).toBe('private, no-store');
    expect(sheet.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(sheet.body.subarray(-6).toString('latin1')).toMatch(/%%EOF/);

    const province = db.select().from(organisations).where(eq(organisations.code, 'UBND-BS')).get()!.id;
    const report = await bytes(`/organisations/${province}/annual-report/pdf?year=2026`);
    expectStreamed(report);
    expect(report.headers['content-disposition']).toBe('attachment; filename="bao-cao-hang-nam_UBND-BS_2026.pdf"');
    expect(report.headers['cache-control']).toBe('private, no-store');
    expect(report.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

/** A response that keeps what is written, optionally slow: each write is taken in after `delayMs`. */
class FakeResponse extends Writable {
  readonly headers = new Map<string, string>();
  readonly chunks: Buffer[] = [];
  /** how many bytes were waiting when each write was made */
  readonly waitingAtWrite: number[] = [];
  /** false returned by write(): the writer had to wait for 'drain' */
  fullWrites = 0;
  events: string[] = [];

  constructor(private readonly delayMs: number, highWaterMark = 16 * 1024) {
    super({ highWaterMark });
    const write = this.write.bind(this) as (chunk: string | Buffer) => boolean;
    this.write = ((chunk: string | Buffer) => {
      this.waitingAtWrite.push(this.writableLength);
      this.events.push('write');
      const ok = write(chunk);
      if (!ok) this.fullWrites += 1;
      return ok;
    }) as Writable['write'];
  }

  get headersSent(): boolean {
    return this.waitingAtWrite.length > 0;
  }

  status(): this {
    return this;
  }

  set(headers: Record<string, string>): this {
    for (const [k, v] of Object.entries(headers)) this.headers.set(k, v);
    return this;
  }

  removeHeader(name: string): void {
    this.headers.delete(name);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.chunks.push(chunk);
    if (this.delayMs) setTimeout(done, this.delayMs);
    else done();
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  get asResponse(): ExpressResponse {
    return this as unknown as ExpressResponse;
  }
}

const HEADER = ['Mã', 'Tên', 'Ngày', 'Cấp độ'];
const rowsOf = (n: number): CsvValue[][] =>
  Array.from({ length: n }, (_, i) => [`HT-${i}`, i % 7 === 0 ? `=HYPERLINK("x");Sở ${i}` : `Hệ thống "số" ${i}\nghi chú`, '15/01/2025', (i % 5) + 1]);

describe('sendCsv', () => {
  it('sends the same bytes as toCsv, the BOM and header first, then 500 rows a write, and the headers as before', async () => {
    const rows = rowsOf(2 * CSV_CHUNK_ROWS + 17);
    const res = new FakeResponse(0);
    await sendCsv(res.asResponse, 'he thong.csv', HEADER, rows);
    expect(res.text).toBe(toCsv(HEADER, rows));
    const head = toCsv(HEADER, []);
    const lines = (from: number, to: number) => toCsv(HEADER, rows.slice(from, to)).slice(head.length);
    expect(res.chunks.map((c) => c.toString('utf8'))).toEqual([head, lines(0, 500), lines(500, 1000), lines(1000, 1017)]);
    expect(res.writableEnded).toBe(true);
    expect(Object.fromEntries(res.headers)).toEqual({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="he_thong.csv"',
      'Cache-Control': 'no-store',
    });
  });

  it('waits for drain: a slow client never holds more than one chunk', async () => {
    const rows = rowsOf(8 * CSV_CHUNK_ROWS);
    const res = new FakeResponse(3, 1024);
    await sendCsv(res.asResponse, 'x.csv', HEADER, rows);
    expect(res.fullWrites).toBeGreaterThanOrEqual(8);
    // a write that filled the buffer was followed by the next only once it had been taken in ('drain')
    expect(Math.max(...res.waitingAtWrite)).toBeLessThan(1024);
    expect(res.text).toBe(toCsv(HEADER, rows));
  });

  it('lets other work run between chunks: an immediate set before the call runs before the last chunk is written', async () => {
    const res = new FakeResponse(0, 1 << 30);
    setImmediate(() => res.events.push('other work'));
    const sending = sendCsv(res.asResponse, 'x.csv', HEADER, rowsOf(10 * CSV_CHUNK_ROWS));
    expect(res.events).not.toContain('other work');
    await sending;
    const other = res.events.indexOf('other work');
    expect(other).toBeGreaterThan(0);
    expect(other).toBeLessThan(res.events.lastIndexOf('write'));
  });

  it('stops writing when the client has gone', async () => {
    const res = new FakeResponse(0, 1 << 30);
    let read = 0;
    function* rows() {
      for (let i = 0; i < 20 * CSV_CHUNK_ROWS; i++) {
        read += 1;
        if (i === 3 * CSV_CHUNK_ROWS) res.destroy();
        yield [`HT-${i}`];
      }
    }
    await sendCsv(res.asResponse, 'x.csv', ['Mã'], rows());
    expect(read).toBeLessThan(5 * CSV_CHUNK_ROWS);
    expect(res.writableEnded).toBe(false);
  });

  it('an error once bytes have gone destroys the response and rejects (the error handler logs it)', async () => {
    const res = new FakeResponse(0);
    function* rows() {
      for (let i = 0; i < 2 * CSV_CHUNK_ROWS; i++) yield [`HT-${i}`];
      throw new Error('the database went away');
    }
    await expect(sendCsv(res.asResponse, 'x.csv', ['Mã'], rows())).rejects.toThrow('the database went away');
    expect(res.destroyed).toBe(true);
    expect(res.writableEnded).toBe(false);
  });
});

describe('sendXlsx', () => {
  const sheet = (n: number, onRow: (i: number) => void): XlsxSheet => ({
    name: 'Hệ thống thông tin',
    columns: [{ header: 'Mã', key: 'code' }, { header: 'Tên', key: 'name' }, { header: 'Ngày vận hành', key: 'date', date: true }],
    rows: (function* () {
      for (let i = 0; i < n; i++) {
        onRow(i);
        yield { code: `HT-${i}`, name: i === 0 ? '=1+1' : `Hệ thống ${i}`, date: `2025-01-${String((i % 28) + 1).padStart(2, '0')}` };
      }
    })(),
  });

  it('writes the file before it has read every row; it opens with the bold frozen header, dates as dates and text guarded', async () => {
    const n = 5000;
    const res = new FakeResponse(0);
    let writtenWhenLastRowRead = -1;
    await sendXlsx(res.asResponse, 'he-thong.xlsx', [sheet(n, (i) => { if (i === n - 1) writtenWhenLastRowRead = res.chunks.length; })]);
    expect(writtenWhenLastRowRead).toBeGreaterThan(0);
    expect(res.writableFinished).toBe(true);
    expect(res.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(res.chunks) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Hệ thống thông tin');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.getCell('C1').value).toBe('Ngày vận hành');
    expect(ws.actualRowCount).toBe(n + 1);
    expect(ws.getCell('B2').value).toBe("'=1+1");
    expect(ws.getCell('B2').numFmt).toBe('@');
    expect(ws.getCell(`A${n + 1}`).value).toBe(`HT-${n - 1}`);
    for (const address of ['C2', `C${n + 1}`]) {
      expect(ws.getCell(address).type).toBe(ExcelJS.ValueType.Date);
      expect(ws.getCell(address).numFmt).toBe('dd/mm/yyyy');
    }
    expect((ws.getCell('C2').value as Date).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    // widths from the header and the first rows: "Hệ thống 499" is the longest name among them
    expect(ws.getColumn(2).width).toBe(`Hệ thống ${WIDTH_SAMPLE_ROWS - 1}`.length + 2);
  });

  it('stops when the client has gone', async () => {
    const res = new FakeResponse(0);
    let read = 0;
    const sending = sendXlsx(res.asResponse, 'x.xlsx', [sheet(50_000, (i) => {
      read = i + 1;
      if (i === 2000) res.destroy();
    })]);
    await sending;
    expect(read).toBeLessThan(5000);
    expect(res.writableFinished).toBe(false);
  });
});

describe('the error handler, once a download has begun', () => {
  it('logs the error and destroys the response instead of rendering a page into the file', async () => {
    const half = new FakeResponse(0);
    half.write('"Mã"\r\n');
    const logged: unknown[] = [];
    const err = new Error('failed half-way');
    let passedOn = false;
    errorHandler((e) => logged.push(e))(err, {} as Request, half.asResponse, () => { passedOn = true; });
    expect(logged).toEqual([err]);
    expect(half.destroyed).toBe(true);
    expect(passedOn).toBe(false);
  });
});
