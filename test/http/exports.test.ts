import ExcelJS from 'exceljs';
import { and, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import type { Response } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seeds/demo.js';
import { createApp } from '../../src/app.js';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { engagements } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { todayIso } from '../../src/i18n/format.js';
import { DEFAULT_LIMITS, LANG_COOKIE } from '../../src/web/middleware.js';
import { login, testConfig, type Session } from '../helpers/app.js';
import { binary } from '../helpers/pdf.js';

const INJECTED = '=HYPERLINK("http://x")';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

let db: Db;
let admin: Session;
let adminBo: Session;
let viewer: Session;
let owner: Session;
let auditor: Session;

beforeAll(async () => {
  db = openDatabase(':memory:');
  migrateDatabase(db);
  await seedDemo(db);
  const orgId = (code: string) => db.select().from(organisations).where(eq(organisations.code, code)).get()!.id;
  const row = { code: 'BS-HTTT-INJ', nameVi: INJECTED, ownerId: orgId('BS-STC'), operatorId: orgId('BS-STC'), systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '2025-01-15' } as const;
  db.insert(systems).values({ ...row, searchText: searchTextFor(row) }).run();
  const app = createApp({ config: testConfig(), db, limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000 }, log: () => {} });
  admin = await login(app, 'admin', 'capdo-demo');
  adminBo = await login(app, 'admin.bo', 'capdo-demo');
  viewer = await login(app, 'viewer', 'capdo-demo');
  owner = await login(app, 'owner', 'capdo-demo');
  auditor = await login(app, 'auditor', 'capdo-demo');
}, 60_000);

/** The raw bytes of a download. */
async function bytes(s: Session, url: string): Promise<Response & { body: Buffer }> {
  const res = await s.agent
    .get(url)
    .buffer(true)
    .parse(binary);
  return res as Response & { body: Buffer };
}

/** RFC 4180 → rows of cells (after the BOM). */
function parseCsv(buffer: Buffer): string[][] {
  const text = buffer.subarray(3).toString('utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

async function workbook(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
}

const column = (rows: string[][], header: string) => {
  const i = rows[0]!.indexOf(header);
  expect(i, header).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((r) => r[i]!);
};

describe('GET /exports/systems.csv', () => {
  it('is UTF-8 with a BOM, an attachment, with Vietnamese headers and names exactly', async () => {
    const res = await bytes(admin, '/exports/systems.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="he-thong-thong-tin-${todayIso()}.csv"`);
    expect(res.body.subarray(0, 3).equals(BOM)).toBe(true);
    const text = res.body.toString('utf8');
    expect(text).toContain('Sở Khoa học và Công nghệ');
    const rows = parseCsv(res.body);
    expect(rows[0]).toContain('Tên hệ thống');
    expect(rows[0]).toContain('Đơn vị chuyên trách an toàn thông tin');
    // every visible system, not one page of 25
    expect(rows.length - 1).toBeGreaterThan(25);
    expect(column(rows, 'Mã hệ thống').every((c) => c.startsWith('BS-'))).toBe(true);
  });

  it('stores a formula-looking name as text starting with an apostrophe', async () => {
    const rows = parseCsv((await bytes(admin, '/exports/systems.csv')).body);
    const names = column(rows, 'Tên hệ thống');
    expect(names).toContain(`'${INJECTED}`);
    expect(names.some((n) => n.startsWith('='))).toBe(false);
  });

  it('applies the /systems filters', async () => {
    const rows = parseCsv((await bytes(admin, '/exports/systems.csv?q=HYPERLINK')).body);
    expect(rows).toHaveLength(2);
    expect(column(rows, 'Mã hệ thống')).toEqual(['BS-HTTT-INJ']);
    expect(column(rows, 'Ngày vận hành')).toEqual(['15/01/2025']);
  });

  it('fills the transition deadline wherever LVL-06 has one: the same date as the gaps list', async () => {
    const all = parseCsv((await bytes(admin, '/exports/systems.csv')).body);
    const codes = column(all, 'Mã hệ thống');
    const deadline = new Map(codes.map((c, i) => [c, column(all, 'Thời hạn chuyển tiếp (Luật An ninh mạng 2025, Điều 45)')[i]!]));
    const gaps = parseCsv((await bytes(admin, '/exports/gaps.csv')).body).filter((r) => r[3] === 'LVL-06');
    // the systems still to be approved under Decree 85 by 1 Jan 2027 (the cells this export used to leave empty)
    const approveBy = gaps.filter((r) => r[7] === '01/01/2027').map((r) => r[0]!);
    expect(approveBy.length).toBeGreaterThanOrEqual(4);
    for (const r of gaps) expect(deadline.get(r[0]!), r[0]).toBe(r[7]);
    // every system levelled under Decree 85 owes the Decree 331 measures by 1 Jul 2027; under Decree 331 nothing
    const regimes = column(all, 'Căn cứ xác định cấp độ');
    const statuses = column(all, 'Tình trạng (diễn giải)');
    codes.forEach((c, i) => {
      if (regimes[i] === 'NĐ 85/2016' && statuses[i] !== 'Ngừng sử dụng') expect(['01/07/2027', '01/01/2027'], c).toContain(deadline.get(c));
      if (regimes[i] === 'NĐ 331/2026') expect(deadline.get(c)).toBe('');
    });
  });

  it('adds the appraiser, the approver, the dossier version, the security regulation and the national-security flag', async () => {
    const all = parseCsv((await bytes(admin, '/exports/systems.csv')).body);
    const row = all[column(all, 'Mã hệ thống').indexOf('BS-HTTT-001') + 1]!;
    const cell = (h: string) => row[all[0]!.indexOf(h)];
    expect(cell('Số quyết định phê duyệt')).toBe('2317/QĐ-UBND');
    expect(cell('Ngày phê duyệt')).toBe('14/10/2026');
    expect(cell('Cơ quan thẩm định')).toBe('Sở Khoa học và Công nghệ tỉnh Bình Sơn');
    expect(cell('Ngày thẩm định')).toBe('05/10/2026');
    expect(cell('Cơ quan phê duyệt')).toBe('Ủy ban nhân dân tỉnh Bình Sơn');
    expect(cell('Số quyết định ban hành quy chế')).toBe('112/QĐ-TTCĐS');
    expect(cell('Ngày ban hành quy chế')).toBe('28/09/2026');
    expect(cell('Phiên bản hồ sơ (lần xác định cấp độ)')).toBe('2');
    expect(cell('Quan trọng về an ninh quốc gia')).toBe('Không');
    const bo = parseCsv((await bytes(adminBo, '/exports/systems.csv')).body);
    expect(column(bo, 'Quan trọng về an ninh quốc gia')).toContain('Có');
  });

  it('gives the ministry admin only ministry systems, never the province’s', async () => {
    const rows = parseCsv((await bytes(adminBo, '/exports/systems.csv')).body);
    const codes = column(rows, 'Mã hệ thống');
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.some((c) => c.startsWith('BS-'))).toBe(false);
    expect(rows.flat().join('\n')).not.toContain(INJECTED);
  });

  it('lets a viewer export, and an auditor only the systems they are engaged on', async () => {
    const v = await bytes(viewer, '/exports/systems.csv');
    expect(v.status).toBe(200);
    expect(parseCsv(v.body).length).toBeGreaterThan(2);
    const auditorOrg = db.select().from(organisations).where(eq(organisations.code, 'NCC-TRUONGAN')).get()!.id;
    const assessorIds = db.select({ id: organisations.id }).from(organisations).where(or(eq(organisations.id, auditorOrg), eq(organisations.parentId, auditorOrg))).all().map((o) => o.id);
    // an engagement gives access until it is revoked or its contract ends
    const live = and(isNull(engagements.revokedAt), or(isNull(engagements.endDate), gte(engagements.endDate, todayIso())));
    const engagedIds = db.select({ id: engagements.systemId }).from(engagements).where(and(live, inArray(engagements.assessorId, assessorIds))).all().map((e) => e.id);
    const engaged = engagedIds.length ? db.select({ code: systems.code }).from(systems).where(inArray(systems.id, engagedIds)).all().map((s) => s.code).sort() : [];
    const codes = column(parseCsv((await bytes(auditor, '/exports/systems.csv')).body), 'Mã hệ thống').sort();
    expect(codes).toEqual(engaged);
  });
});

describe('GET /exports/systems.xlsx', () => {
  it('is one sheet with a frozen bold header, exact Vietnamese and no formula', async () => {
    const res = await bytes(admin, '/exports/systems.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="he-thong-thong-tin-${todayIso()}.xlsx"`);
    const wb = await workbook(res.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Hệ thống thông tin']);
    const ws = wb.worksheets[0]!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header[1]).toBe('Tên hệ thống');
    expect(ws.getRow(1).font?.bold).toBe(true);
    const values: unknown[] = [];
    let injected: ExcelJS.Cell | undefined;
    let formulas = 0;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      row.eachCell((cell) => {
        values.push(cell.value);
        if (cell.type === ExcelJS.ValueType.Formula) formulas++;
        if (typeof cell.value === 'string' && cell.value.includes('HYPERLINK')) injected = cell;
      });
    });
    expect(values).toContain('Sở Khoa học và Công nghệ');
    expect(formulas).toBe(0);
    // dates are real dates shown dd/mm/yyyy, not text
    const col = (h: string) => header.indexOf(h) + 1;
    let checked = 0;
    ws.eachRow((row, n) => {
      if (n === 1 || row.getCell(1).value !== 'BS-HTTT-001') return;
      for (const [h, iso] of [['Ngày phê duyệt', '2026-10-14'], ['Ngày vận hành', '2020-03-16'], ['Ngày ban hành quy chế', '2026-09-28']] as const) {
        const cell = row.getCell(col(h));
        expect(cell.type, h).toBe(ExcelJS.ValueType.Date);
        expect((cell.value as Date).toISOString().slice(0, 10), h).toBe(iso);
        expect(cell.numFmt, h).toBe('dd/mm/yyyy');
      }
      checked++;
    });
    expect(checked).toBe(1);
    let transitions = 0;
    ws.eachRow((row, n) => {
      const cell = row.getCell(col('Thời hạn chuyển tiếp (Luật An ninh mạng 2025, Điều 45)'));
      if (n > 1 && cell.value !== null) {
        expect(cell.type).toBe(ExcelJS.ValueType.Date);
        transitions++;
      }
    });
    expect(transitions).toBeGreaterThan(4);
    expect(injected?.type).toBe(ExcelJS.ValueType.String);
    expect(injected?.value).toBe(`'${INJECTED}`);
  });

  it('has English headers and names for an English user', async () => {
    const res = await admin.agent
      .get('/exports/systems.xlsx?q=HYPERLINK')
      .set('Cookie', `${LANG_COOKIE}=en`)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const ws = (await workbook(res.body as Buffer)).worksheets[0]!;
    expect(ws.name).toBe('Information systems');
    expect(ws.getCell('A1').value).toBe('System code');
    expect(ws.getCell('A2').value).toBe('BS-HTTT-INJ');
    // the importer's columns hold codes (English headers it also reads), the readable ones English words
    expect(ws.getCell('I1').value).toBe('Status');
    expect(ws.getCell('I2').value).toBe('in_operation');
    const header = (ws.getRow(1).values as unknown[]).map(String);
    expect(ws.getRow(2).getCell(header.indexOf('Status (in words)')).value).toBe('In operation');
    expect(ws.getRow(2).getCell(header.indexOf('Owner code')).value).toBe('BS-STC');
  });
});

describe('GET /exports/gaps.csv|.xlsx', () => {
  it('lists the gaps as of the date, translated, with the injected name guarded', async () => {
    const res = await bytes(admin, '/exports/gaps.csv?asOf=15/12/2026');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="ton-tai-2026-12-15.csv"');
    expect(res.body.subarray(0, 3).equals(BOM)).toBe(true);
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual(['Mã', 'Hệ thống / đơn vị', 'Loại', 'Mã quy định', 'Quy định', 'Tình trạng', 'Mức độ', 'Hạn', 'Nội dung', 'Căn cứ']);
    const inj = rows.filter((r) => r[0] === 'BS-HTTT-INJ');
    expect(inj.length).toBeGreaterThan(0);
    expect(inj[0]![1]).toBe(`'${INJECTED}`);
    expect(inj.map((r) => r[3])).toContain('LVL-01');
    const lvl = inj.find((r) => r[3] === 'LVL-01')!;
    expect(lvl[4]).toBe('Hệ thống đang vận hành phải có cấp độ được phê duyệt');
    expect(lvl[5]).toBe('Chưa đáp ứng');
    // messages are translated, never keys
    expect(rows.slice(1).some((r) => /^rule\./.test(r[8]!))).toBe(false);
    expect(rows.slice(1).every((r) => r[9]!.length > 0)).toBe(true);
  });

  it('takes the /gaps filters, and the ministry admin sees no province row', async () => {
    const rows = parseCsv((await bytes(admin, '/exports/gaps.csv?asOf=15/12/2026&rule=LVL-01')).body);
    expect(rows.slice(1).every((r) => r[3] === 'LVL-01')).toBe(true);
    const bo = parseCsv((await bytes(adminBo, '/exports/gaps.csv?asOf=15/12/2026')).body);
    expect(bo.slice(1).some((r) => r[0]!.startsWith('BS-') || r[0] === 'UBND-BS')).toBe(false);
  });

  it('as XLSX: a dated sheet, a frozen header and text cells only', async () => {
    const res = await bytes(admin, '/exports/gaps.xlsx?asOf=2026-12-15');
    expect(res.status).toBe(200);
    const ws = (await workbook(res.body)).worksheets[0]!;
    expect(ws.name).toBe('Tồn tại đến 15-12-2026');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('E1').value).toBe('Quy định');
    let found = false;
    ws.eachRow((row) => row.eachCell((cell) => {
      expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
      if (cell.value === `'${INJECTED}`) found = true;
    }));
    expect(found).toBe(true);
  });
});

describe('GET /exports/roster.csv|.xlsx', () => {
  it('exports the level 3–5 roster in the user’s visibility', async () => {
    const csv = await bytes(admin, '/exports/roster.csv');
    expect(csv.status).toBe(200);
    expect(csv.body.subarray(0, 3).equals(BOM)).toBe(true);
    const rows = parseCsv(csv.body);
    expect(rows[0]!.slice(0, 6)).toEqual(['Mã hệ thống', 'Tên hệ thống', 'Đơn vị vận hành', 'Cấp độ', 'Yêu cầu nhân lực', 'Họ và tên']);
    expect(rows.length).toBeGreaterThan(1);
    expect(column(rows, 'Cấp độ').every((l) => ['3', '4', '5'].includes(l))).toBe(true);
    const bo = parseCsv((await bytes(adminBo, '/exports/roster.csv')).body);
    expect(column(bo, 'Mã hệ thống').some((c) => c.startsWith('BS-'))).toBe(false);
    const xlsx = await bytes(viewer, '/exports/roster.xlsx?level=3');
    expect(xlsx.status).toBe(200);
    const ws = (await workbook(xlsx.body)).worksheets[0]!;
    expect(ws.name).toBe('Cán bộ vận hành');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    ws.eachRow((row, n) => n > 1 && expect(row.getCell(4).value).toBe(3));
  });
});

describe('GET /exports/audit.xlsx', () => {
  it('is for admins only', async () => {
    for (const s of [viewer, owner, auditor]) expect((await bytes(s, '/exports/audit.xlsx')).status).toBe(403);
  });

  it('exports the admin’s audit trail with the page filters', async () => {
    const res = await bytes(admin, '/exports/audit.xlsx?entity=system');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="nhat-ky-thao-tac-${todayIso()}.xlsx"`);
    const ws = (await workbook(res.body)).worksheets[0]!;
    expect(ws.name).toBe('Nhật ký thao tác');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('A1').value).toBe('Thời điểm (giờ Việt Nam)');
    ws.eachRow((row, n) => n > 1 && expect(row.getCell(4).value).toBe('Hệ thống thông tin'));
  });

  it('sends a bad date back to the audit page', async () => {
    const res = await admin.get('/exports/audit.xlsx?from=31/02/2026');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/audit?from=31%2F02%2F2026');
  });
});
