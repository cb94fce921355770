// The Word papers, opened back (word/document.xml): the level dossier, the approval decision and the
// annual report of the demo province, with the exact Vietnamese text of the system's name, its level, the
// citations and the Quốc hiệu/Tiêu ngữ; Decree 30/2020's page; placeholders only where data is missing.
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seeds/demo.js';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { engineConfig, RULE_IDS } from '../../src/domain/rules/index.js';
import { translator } from '../../src/i18n/index.js';
import { reportDocument } from '../../src/modules/annual-report/annual-report.document.js';
import { writeAnnualReportDocx } from '../../src/modules/annual-report/annual-report.docx.js';
import { annualReport, documentContext } from '../../src/modules/annual-report/annual-report.service.js';
import { actorFor, type Actor } from '../../src/modules/access/index.js';
import { writeDecision } from '../../src/modules/documents/approval-decision.docx.js';
import { paperData } from '../../src/modules/documents/documents.service.js';
import { writeDossier } from '../../src/modules/documents/level-dossier.docx.js';
import { docxPart, docxText } from '../helpers/docx.js';

const t = translator('vi');
const engine = engineConfig();
const ASOF = '2026-12-03';
let db: Db;
let admin: Actor;

const systemId = (code: string) => db.select().from(systems).where(eq(systems.code, code)).get()!.id;
const decisions = (code: string) => db.select().from(levelDecisions).where(eq(levelDecisions.systemId, systemId(code))).orderBy(asc(levelDecisions.id)).all();
const flat = (s: string) => s.replace(/\s+/g, ' ');

async function dossier(code: string, decisionId: number): Promise<{ text: string; buf: Buffer }> {
  const buf = await writeDossier(paperData(db, admin, systemId(code), decisionId, engine, ASOF), t, 'vi');
  return { buf, text: flat(await docxText(buf)) };
}
async function decision(code: string, decisionId: number): Promise<string> {
  return flat(await docxText(await writeDecision(paperData(db, admin, systemId(code), decisionId, engine, ASOF), t, 'vi')));
}

beforeAll(async () => {
  db = openDatabase(':memory:');
  migrateDatabase(db);
  await seedDemo(db);
  admin = actorFor(db, db.select().from(users).where(eq(users.username, 'admin')).get()!);
}, 60_000);

describe('the level dossier', () => {
  it('of BS-HTTT-001 (complete data): the national header, the name, the level, the deciding articles, every part, no placeholder', async () => {
    const approved = decisions('BS-HTTT-001').at(-1)!;
    const { text, buf } = await dossier('BS-HTTT-001', approved.id);
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'TRUNG TÂM CHUYỂN ĐỔI SỐ TỈNH', 'Bình Sơn, ngày ...... tháng ...... năm 2026',
      'HỒ SƠ ĐỀ XUẤT CẤP ĐỘ', 'Hệ thống thông tin “Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Bình Sơn”', 'Cấp độ đề xuất: cấp độ 3',
      '(Theo Điều 21 và Điều 22 Nghị định số 331/2026/NĐ-CP)', 'Hồ sơ đã được phê duyệt tại Quyết định số 2317/QĐ-UBND ngày 14/10/2026.',
      'Phiên bản hồ sơ: lần xác định cấp độ thứ 2/2',
      'PHẦN I. THUYẾT MINH TỔNG QUAN VỀ HỆ THỐNG THÔNG TIN', 'Địa chỉ: Số 1 đường Trần Hưng Đạo, phường Đông Hải, tỉnh Bình Sơn',
      'Người đầu mối: Đỗ Hoàng Long', 'Quy mô, đối tượng phục vụ: 640.000 chủ thể dữ liệu cá nhân cơ bản', 'Hạ tầng triển khai: Thuê trung tâm dữ liệu · Tách biệt logic',
      'PHẦN II. THUYẾT MINH ĐỀ XUẤT CẤP ĐỘ', 'Cấp độ tối thiểu theo tiêu chí: cấp độ 3',
      'Hệ thống giải quyết thủ tục hành chính (điểm b khoản 2 Điều 13 Nghị định số 331/2026/NĐ-CP)',
      'Cấp độ đề xuất bằng cấp độ tối thiểu theo tiêu chí.',
      'PHẦN III. THUYẾT MINH PHƯƠNG ÁN BẢO ĐẢM AN TOÀN THEO CẤP ĐỘ', 'RISK-01 Quy trình quản lý rủi ro 4 bước', 'Biên bản kiểm tra nội bộ số 10/BB-ATTT',
      'PHẦN IV. MÔ HÌNH BẢO VỆ 4 LỚP', 'Kết nối hệ thống giám sát quốc gia',
      'Nơi nhận:', 'THỦ TRƯỞNG ĐƠN VỊ VẬN HÀNH',
    ]) expect(text, s).toContain(s);
    expect(text).not.toContain('[chưa có dữ liệu');
    expect(text).not.toContain('PHẦN V.'); // level 3: no specialised unit's opinion
    // Decree 30/2020: A4, margins 20/20/30/15 mm, Times New Roman, page number from page 2
    const xml = await docxPart(buf);
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    expect(xml).toContain('<w:titlePg');
    expect(await docxPart(buf, 'word/styles.xml')).toContain('w:ascii="Times New Roman"');
  });

  it('of a level 4 system has the place for the security unit’s opinion (Part V)', async () => {
    const approved = decisions('BS-HTTT-021').filter((d) => d.dossierStatus === 'approved').at(-1)!;
    expect(approved.proposedLevel).toBe(4);
    const { text } = await dossier('BS-HTTT-021', approved.id);
    expect(text).toContain('Cấp độ đề xuất: cấp độ 4');
    expect(text).toContain('PHẦN V. Ý KIẾN CHUYÊN MÔN CỦA ĐƠN VỊ CHUYÊN TRÁCH VỀ AN TOÀN THÔNG TIN');
    expect(text).toContain('- Bộ Công an (thẩm định);');
  });

  it('marks what the registry does not hold, never an empty heading', async () => {
    const bare = db.insert(organisations).values({ code: 'BS-BARE', nameVi: 'Ban Quản lý dự án thử nghiệm', parentId: db.select().from(organisations).where(eq(organisations.code, 'UBND-BS')).get()!.id }).returning().get();
    const sys = db.insert(systems).values({ code: 'BS-HTTT-BARE', nameVi: 'Hệ thống chưa đủ dữ liệu', ownerId: bare.id, operatorId: bare.id, systemType: 'internal', lifecycleStatus: 'planned' }).returning().get();
    const d = db.insert(levelDecisions).values({ systemId: sys.id, regime: 'nd331', answers: {}, computedLevel: 1, proposedLevel: 2, dossierStatus: 'draft' }).returning().get();
    admin = actorFor(db, db.select().from(users).where(eq(users.username, 'admin')).get()!); // its scope now holds the new body
    const { text } = await dossier('BS-HTTT-BARE', d.id);
    for (const s of [
      'Địa chỉ: [chưa có dữ liệu: Địa chỉ]', 'Điện thoại: [chưa có dữ liệu: Điện thoại]', 'Mục tiêu, chức năng: [chưa có dữ liệu: Mục tiêu, chức năng]',
      '3. Đơn vị chuyên trách về an toàn thông tin [chưa có dữ liệu: Đơn vị chuyên trách ATTT]',
      'Ngày dự kiến đưa vào vận hành: [chưa có dữ liệu: Ngày đưa vào vận hành]',
      '[chưa có dữ liệu: Lý do đề xuất cấp độ cao hơn]', 'Tình trạng hồ sơ: Nháp.',
    ]) expect(text, s).toContain(s);
  });
});

describe('the approval decision', () => {
  it('of BS-HTTT-001, approved: number and date, title, authority, grounds, articles, Nơi nhận, signature', async () => {
    const approved = decisions('BS-HTTT-001').at(-1)!;
    const text = await decision('BS-HTTT-001', approved.id);
    for (const s of [
      'ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 2317/QĐ-UBND', 'Bình Sơn, ngày 14 tháng 10 năm 2026',
      'QUYẾT ĐỊNH', 'Về việc phê duyệt cấp độ hệ thống thông tin “Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Bình Sơn”',
      'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN', 'Căn cứ Luật An ninh mạng số 116/2025/QH15;',
      'Căn cứ Nghị định số 331/2026/NĐ-CP ngày 19 tháng 8 năm 2026 của Chính phủ về bảo vệ an ninh mạng đối với hệ thống thông tin;',
      'ý kiến thẩm định của Sở Khoa học và Công nghệ tỉnh Bình Sơn tại văn bản số 1184/SKHCN-CĐS ngày 05/10/2026.', 'QUYẾT ĐỊNH:',
      'Điều 1. Phê duyệt cấp độ 3 đối với hệ thống thông tin “Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Bình Sơn” (mã BS-HTTT-001)',
      '(điểm b khoản 2 Điều 13 Nghị định số 331/2026/NĐ-CP)', 'TCVN 14423:2026', 'Quyết định số 112/QĐ-TTCĐS ngày 28/09/2026',
      'Điều 3. Quyết định này có hiệu lực kể từ ngày ký.', 'Nơi nhận:', '- Như Điều 3;', 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH',
    ]) expect(text, s).toContain(s);
    expect(text).not.toContain('DỰ THẢO');
    expect(text).not.toContain('[chưa có dữ liệu');
  });

  it('in progress is a draft with the number and date left blank; at levels 1–2 the security unit issues it', async () => {
    const pending = db.select().from(levelDecisions).where(and(eq(levelDecisions.dossierStatus, 'submitted'), eq(levelDecisions.proposedLevel, 2))).get();
    const any = pending ?? db.select().from(levelDecisions).where(eq(levelDecisions.proposedLevel, 2)).get()!;
    const code = db.select().from(systems).where(eq(systems.id, any.systemId)).get()!.code;
    const text = await decision(code, any.id);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    if (any.dossierStatus !== 'approved') {
      expect(text).toContain('DỰ THẢO');
      expect(text).toMatch(/Số: \/QĐ-[A-ZĐ]+/);
      expect(text).toContain('ngày ...... tháng ...... năm 2026');
    }
    expect(text).toContain(`Phê duyệt cấp độ 2 đối với hệ thống thông tin`);
    expect(text).toContain('SỞ KHOA HỌC VÀ CÔNG NGHỆ');
    expect(text).toContain('GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ');
  });

  it('under Decree 85 cites the 2015 law, Decree 85/2016 and Circular 12/2022, dated as Decree 30 writes dates', async () => {
    const nd85 = decisions('BS-HTTT-031').filter((d) => d.regime === 'nd85' && d.dossierStatus === 'approved').at(-1)!;
    const text = await decision('BS-HTTT-031', nd85.id);
    expect(text).toContain('Căn cứ Luật An toàn thông tin mạng ngày 19 tháng 11 năm 2015;');
    expect(text).toContain('Căn cứ Nghị định số 85/2016/NĐ-CP ngày 01 tháng 7 năm 2016 của Chính phủ về bảo đảm an toàn hệ thống thông tin theo cấp độ;');
    expect(text).toContain('Căn cứ Thông tư số 12/2022/TT-BTTTT ngày 12 tháng 8 năm 2022');
    expect(text).toContain('Bình Sơn, ngày 25 tháng 11 năm 2019');
    expect(text).toContain('TCVN 11930:2017');
  });

  it('is refused for a rejected dossier, and for a decision of another system', () => {
    const rejected = decisions('BS-HTTT-014').find((d) => d.dossierStatus === 'rejected')!;
    expect(() => paperData(db, admin, systemId('BS-HTTT-014'), rejected.id, engine, ASOF)).toThrow(/decision/);
    const other = decisions('BS-HTTT-001')[0]!;
    expect(() => paperData(db, admin, systemId('BS-HTTT-002'), other.id, engine, ASOF)).toThrow();
  });
});

describe('the annual report as a Word file', () => {
  it('has the national header, Mẫu 08, the province, the period, the register and the recipients', async () => {
    const province = db.select().from(organisations).where(eq(organisations.code, 'UBND-BS')).get()!.id;
    const r = annualReport(db, admin, province, 2026, engine, ASOF);
    const text = flat(await docxText(await writeAnnualReportDocx(reportDocument(r, t, 'vi', documentContext(db, r)))));
    for (const s of [
      'Mẫu số 08', 'ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BÁO CÁO',
      'Tình hình bảo vệ an ninh mạng đối với hệ thống thông tin theo cấp độ năm 2026', 'Kỳ báo cáo: từ ngày 15/12/2025 đến ngày 14/12/2026',
      'BS-HTTT-001', 'Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Bình Sơn', '2317/QĐ-UBND', '- Bộ Công an;', 'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ',
    ]) expect(text, s).toContain(s);
  });
});

describe('a large scope', () => {
  it('cuts each long table of the files at the cap and says where the full list is', async () => {
    const province = db.select().from(organisations).where(eq(organisations.code, 'UBND-BS')).get()!.id;
    const r = annualReport(db, admin, province, 2026, engine, ASOF);
    expect(r.systems.length).toBeGreaterThan(5);
    const doc = reportDocument(r, t, 'vi', { ...documentContext(db, r), rows: 5 });
    const tables = doc.blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : []));
    // every list is cut at 5 rows (6 with a total row); only the fixed tables (levels: 7 rows) and the per-rule
    // summaries (one row per rule) are longer
    for (const tb of tables.filter((x) => x.rows.length > 7)) {
      expect(tb.rows.length).toBeLessThanOrEqual(RULE_IDS.length + 1);
      expect(tb.rows[0]!.cells[0]).toMatch(/^[A-Z0-9]+-\d+ · /);
    }
    const notes = doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
    expect(notes).toContain(`Liệt kê 5/${r.systems.length} dòng đầu; danh sách đầy đủ: /exports/systems.xlsx?org=${province}`);
    expect(notes.some((n) => n.startsWith('Liệt kê 5/') && n.includes(`/gaps?org=${province}&asOf=`))).toBe(true);
  });
});
