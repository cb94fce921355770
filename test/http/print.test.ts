// The printable compliance checklist over the demo data: the HTML sheet, the PDF (its text read back with
// pdf-parse, diacritics exact), visibility (another province → 404) and a read-only viewer printing.
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { binary, pdfText } from '../helpers/pdf.js';
import { type Db } from '../../src/db/client.js';
import { evidenceItems, evidenceLinks } from '../../src/db/schema/evidence.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { translator } from '../../src/i18n/index.js';
import { actorFor } from '../../src/modules/access/index.js';
import { engineConfigFrom } from '../../src/modules/evaluation/index.js';
import { printData, printSheet } from '../../src/modules/print/print.service.js';
import { login, type Session, makeDemoApp } from '../helpers/app.js';

let db: Db;
let admin: Session;
let adminBo: Session;
let viewer: Session;
let id: number;
let name: string;
let nameEn: string;
let decisionNumber: string;


beforeAll(async () => {
  const demo = await makeDemoApp();
  db = demo.db;
  const app = demo.app;
  admin = await login(app, 'admin', 'capdo-demo');
  adminBo = await login(app, 'admin.bo', 'capdo-demo');
  viewer = await login(app, 'viewer', 'capdo-demo');
  const s = db.select().from(systems).where(eq(systems.code, 'BS-HTTT-001')).get()!;
  id = s.id;
  name = s.nameVi;
  nameEn = s.nameEn!;
  // the decision in force: the most recently approved one
  const approved = db.select().from(levelDecisions).where(eq(levelDecisions.systemId, id)).all()
    .filter((d) => d.dossierStatus === 'approved')
    .sort((a, b) => (b.approvalDate ?? '').localeCompare(a.approvalDate ?? '') || b.id - a.id)[0]!;
  decisionNumber = approved.approvalNumber!;
}, 60_000);

const unescape = (html: string) => html.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

describe('GET /systems/:id/print', () => {
  it('is a standalone A4 sheet with the header, the four layers, the sections and the signature blocks', async () => {
    const res = await admin.get(`/systems/${id}/print`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const html = unescape(res.text);
    expect(html).toContain(name);
    expect(html).toContain('Cấp độ');
    expect(html).toContain(decisionNumber);
    expect(html).toContain('/static/print-doc.css');
    // no app navigation, no inline style or script
    expect(html).not.toContain('class="mainnav"');
    expect(html).not.toMatch(/<script|style=/);
    for (const layer of ['Lực lượng tại chỗ', 'Giám sát, bảo vệ chuyên nghiệp', 'Kiểm tra, đánh giá độc lập định kỳ', 'Kết nối hệ thống giám sát quốc gia']) {
      expect(html).toContain(layer);
    }
    for (const section of ['Kiểm tra, đánh giá gần nhất', 'Tồn tại, điểm yếu chưa khắc phục', 'Nhân sự quản trị, vận hành', 'Danh mục yêu cầu cơ bản theo cấp độ', 'Các điểm chưa tuân thủ']) {
      expect(html).toContain(section);
    }
    for (const label of ['Người lập', 'Người kiểm tra', 'Người phê duyệt', '(Ký, ghi rõ họ tên)', 'Ngày ...... tháng']) expect(html).toContain(label);
    expect(html).toContain('☑');
    expect(html).toContain('☐');
    expect(html).toMatch(/Ngày in: \d{2}\/\d{2}\/\d{4}/);
    expect(html).toContain(`/systems/${id}/print/pdf`);
  });

  it('sizes every column from the column-widths stylesheet it links (served as CSS, one rule per percent)', async () => {
    const html = (await admin.get(`/systems/${id}/print`)).text;
    expect(html).toContain('<link rel="stylesheet" href="/static/column-widths.css">');
    const css = await admin.get('/static/column-widths.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const used = [...new Set([...html.matchAll(/<col class="w(\d+)">/g)].map((m) => Number(m[1])))];
    expect(used.length).toBeGreaterThan(5);
    for (const w of used) expect(css.text).toContain(`.grid col.w${w} { width: ${w}%; }`);
    expect(css.text.trim().split('\n')).toHaveLength(100);
  });

  it('is a 404 for another province’s administrator', async () => {
    expect((await adminBo.get(`/systems/${id}/print`)).status).toBe(404);
    expect((await adminBo.get(`/systems/${id}/print/pdf`)).status).toBe(404);
  });

  it('can be printed by a read-only viewer', async () => {
    const res = await viewer.get(`/systems/${id}/print`);
    expect(res.status).toBe(200);
    expect(unescape(res.text)).toContain(name);
  });

  it('is a 404 for a system that does not exist', async () => {
    expect((await admin.get('/systems/999999/print')).status).toBe(404);
  });
});

describe('GET /systems/:id/print/pdf', () => {
  it('is a PDF whose text has "Cấp độ", the exact system name, the decision number and page numbers', async () => {
    const res = await admin.get(`/systems/${id}/print/pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="danh-muc-kiem-tra_BS-HTTT-001_\d{4}-\d{2}-\d{2}\.pdf"/);
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(body);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Cấp độ');
    expect(flat).toContain(name);
    expect(flat).toContain(decisionNumber);
    expect(flat).toMatch(/Trang 1\/\d+/);
    expect(flat).toContain('Người phê duyệt');
  }, 30_000);

  it('follows the language cookie (English labels, "Page x of y")', async () => {
    const res = await admin.agent.get(`/systems/${id}/print/pdf`).set('Cookie', 'capdo_lang=en').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const flat = (await pdfText(res.body as Buffer)).replace(/\s+/g, ' ');
    expect(flat).toMatch(/Page 1 of \d+/);
    expect(flat).toContain('Approved by');
    // the English name where the system has one, and no Vietnamese beside it
    expect(nameEn).toBeTruthy();
    expect(flat).toContain(nameEn);
    expect(flat).not.toContain(name);
  }, 30_000);

  it('prints a system with no level decision at all (no checklist, no decision number)', async () => {
    const decided = new Set(db.select().from(levelDecisions).all().map((d) => d.systemId));
    const bare = db.select().from(systems).all().find((s) => s.code.startsWith('BS-') && !decided.has(s.id));
    expect(bare).toBeDefined();
    const html = unescape((await admin.get(`/systems/${bare!.id}/print`)).text);
    expect(html).toContain(bare!.nameVi);
    expect(html).toContain('Hệ thống chưa có cấp độ nên chưa có danh mục yêu cầu cơ bản.');
    const res = await admin.get(`/systems/${bare!.id}/print/pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect((await pdfText(res.body as Buffer)).replace(/\s+/g, ' ')).toContain(bare!.nameVi);
  }, 30_000);

  it('can be downloaded by a read-only viewer', async () => {
    const res = await viewer.get(`/systems/${id}/print/pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
  }, 30_000);
});

describe('the checklist in the official layout (Decree 30/2020/NĐ-CP)', () => {
  it('has the national header, the Times-metric font embedded, and the register facts from the evaluation', async () => {
    const res = await admin.get(`/systems/${id}/print/pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const bytes = (res.body as Buffer).toString('latin1');
    // the body font is Tinos (metric-compatible with Times New Roman), embedded as a subset
    expect(bytes).toMatch(/\/BaseFont \/[A-Z]{6}\+Tinos-Regular/);
    expect(bytes).toMatch(/\/BaseFont \/[A-Z]{6}\+Tinos-Bold/);
    // DejaVu only for the tick boxes Tinos lacks
    expect(bytes).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    const text = (await pdfText(res.body as Buffer)).replace(/\s+/g, ' ');
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'TRUNG TÂM CHUYỂN ĐỔI SỐ', 'Bình Sơn, ngày',
      'Cơ quan thẩm định cấp độ Sở Khoa học và Công nghệ tỉnh Bình Sơn · văn bản số 1184/SKHCN-CĐS · 05/10/2026',
      'Quy chế bảo đảm an toàn, an ninh mạng Số 112/QĐ-TTCĐS, ngày 28/09/2026',
      'Hạn kiểm tra, đánh giá định kỳ tiếp theo', 'Thời hạn chuyển tiếp',
    ]) expect(text, s).toContain(s);
  });

  it('takes the next assessment and the transition deadline from the evaluation: a Decree 85 system owes Decree 331 by 01/07/2027', async () => {
    const s = db.select().from(systems).where(eq(systems.code, 'BS-HTTT-031')).get()!;
    const res = await admin.get(`/systems/${s.id}/print/pdf`).buffer(true).parse(binary);
    const text = (await pdfText(res.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toMatch(/Thời hạn chuyển tiếp 01\/07\/2027/);
    expect(text).toMatch(/Hạn kiểm tra, đánh giá định kỳ tiếp theo (Quá hạn từ )?\d\d\/\d\d\/\d{4} \(ASM-01\)/);
    // the longest item id of TCVN 11930 (levels 4–5) printed whole, never broken across lines
    expect(text).toContain('D.ZONE.DEVMGMT');
    const html = (await admin.get(`/systems/${s.id}/print`)).text;
    expect(html).toContain('<td class="nowrap">D.ZONE.DEVMGMT</td>');
    expect(html).toContain('class="official-head"');
    expect(html).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  });
});

// The evidence attached to checklist items (seeds/demo-evidence.ts): the province's regulation backs the
// first item of BS-HTTT-031, a firewall review that expired on 31/10/2026 its second; the ministry's own
// regulation backs BHT-HTTT-004, a system of another organisation.
describe('the evidence under each checklist item', () => {
  const PROVINCE = 'Quyết định 112/QĐ-UBND ban hành Quy chế bảo đảm an toàn thông tin mạng tỉnh Bình Sơn';
  const FIREWALL = 'Biên bản kiểm tra cấu hình tường lửa năm 2025';
  const MINISTRY = 'Quy chế bảo đảm an toàn thông tin của Bộ';
  const itemsOf = (code: string) => {
    const s = db.select().from(systems).where(eq(systems.code, code)).get()!;
    const links = db.select({ itemId: evidenceLinks.itemId, title: evidenceItems.title }).from(evidenceLinks)
      .innerJoin(evidenceItems, eq(evidenceItems.id, evidenceLinks.evidenceId))
      .where(and(eq(evidenceLinks.systemId, s.id), eq(evidenceLinks.kind, 'checklist_item'))).all();
    return { s, item: (title: string) => links.find((l) => l.title === title)!.itemId! };
  };
  /** the HTML row of one checklist item */
  const rowOf = (html: string, itemId: string) => html.split('<tr').find((r) => r.includes(`>${itemId}</td>`)) ?? '';

  it('lists the titles under the item on the HTML sheet, an expired one with its expiry', async () => {
    const { s, item } = itemsOf('BS-HTTT-031');
    const html = unescape((await admin.get(`/systems/${s.id}/print`)).text);
    expect(rowOf(html, item(PROVINCE))).toContain(`<span class="sub">Minh chứng: ${PROVINCE}</span>`);
    expect(rowOf(html, item(FIREWALL))).toContain(`<span class="sub">Minh chứng: ${FIREWALL} (hết hạn 31/10/2026)</span>`);
    // only under the items it is attached to
    expect(html.split(FIREWALL).length - 1).toBe(1);
    expect(html).not.toContain(MINISTRY);
  });

  it('prints the same line in the PDF, in English too', async () => {
    const { s } = itemsOf('BS-HTTT-031');
    const pdf = await admin.get(`/systems/${s.id}/print/pdf`).buffer(true).parse(binary);
    const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain(`Minh chứng: ${FIREWALL} (hết hạn 31/10/2026)`);
    expect(text).toContain(`Minh chứng: ${PROVINCE}`);
    expect(text).not.toContain(MINISTRY);
    const en = await admin.agent.get(`/systems/${s.id}/print/pdf`).set('Cookie', 'capdo_lang=en').buffer(true).parse(binary);
    expect((await pdfText(en.body as Buffer)).replace(/\s+/g, ' ')).toContain(`Evidence: ${FIREWALL} (expired 31/10/2026)`);
  }, 30_000);

  it('never shows another organisation’s evidence: each province prints only its own', async () => {
    const { s: bo, item } = itemsOf('BHT-HTTT-004');
    const html = unescape((await adminBo.get(`/systems/${bo.id}/print`)).text);
    expect(rowOf(html, item(MINISTRY))).toContain(`Minh chứng: ${MINISTRY}`);
    expect(html).not.toContain(PROVINCE);
    expect(html).not.toContain(FIREWALL);
    const text = (await pdfText((await adminBo.get(`/systems/${bo.id}/print/pdf`).buffer(true).parse(binary)).body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain(`Minh chứng: ${MINISTRY}`);
    expect(text).not.toContain(PROVINCE);
  }, 30_000);

  it('states each title’s validity on the sheet’s date: valid to, expiring soon, expired', () => {
    const { s, item } = itemsOf('BS-HTTT-031');
    const actor = actorFor(db, db.select().from(users).where(eq(users.username, 'admin')).get()!);
    const lineOn = (asOf: string) => {
      const sheet = printSheet(printData(db, actor, s.id, engineConfigFrom(), asOf), translator('vi'), 'vi');
      const rows = sheet.sections.find((x) => x.id === 'checklist')!.tables.flatMap((tb) => tb.rows);
      return rows.find((r) => r.cells[0] === item(FIREWALL))?.sub;
    };
    expect(lineOn('2026-06-01')).toEqual({ col: 1, text: `Minh chứng: ${FIREWALL} (hiệu lực đến 31/10/2026)` });
    expect(lineOn('2026-10-20')?.text).toBe(`Minh chứng: ${FIREWALL} (sắp hết hạn 31/10/2026)`);
    expect(lineOn('2026-10-31')?.text).toBe(`Minh chứng: ${FIREWALL} (sắp hết hạn 31/10/2026)`);
    expect(lineOn('2026-11-01')?.text).toBe(`Minh chứng: ${FIREWALL} (hết hạn 31/10/2026)`);
    expect(lineOn('2025-05-01')?.text).toBe(`Minh chứng: ${FIREWALL} (hiệu lực từ 01/06/2025)`);
  });

  it('prints no evidence line for a system without evidence', async () => {
    const attached = new Set(db.select({ id: evidenceLinks.systemId }).from(evidenceLinks).all().map((l) => l.id));
    const decided = new Set(db.select().from(levelDecisions).all().filter((d) => d.dossierStatus === 'approved').map((d) => d.systemId));
    const bare = db.select().from(systems).all().find((x) => x.code.startsWith('BS-') && decided.has(x.id) && !attached.has(x.id))!;
    const html = (await admin.get(`/systems/${bare.id}/print`)).text;
    expect(html).toContain('Danh mục yêu cầu cơ bản theo cấp độ');
    expect(html).not.toContain('class="sub"');
  });
});
