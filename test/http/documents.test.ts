// GET /systems/:id/decisions/:id/dossier.docx and …/decision.docx over the demo data: the files, their
// names, the buttons that lead to them, and the same authorisation as the decision page (404 outside scope).
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { catalogueFor } from '../../src/domain/catalog/index.js';
import { evidenceItems, evidenceLinks } from '../../src/db/schema/evidence.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { engagements } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { todayIso } from '../../src/i18n/format.js';
import { LANG_COOKIE } from '../../src/web/middleware.js';
import { login, makeDemoApp, type App, type Session } from '../helpers/app.js';
import { docxPart, docxText } from '../helpers/docx.js';
import { binary } from '../helpers/pdf.js';

let db: Db;
let app: App;
let admin: Session;
let adminBo: Session;
let viewer: Session;
let auditor: Session;

beforeAll(async () => {
  const demo = await makeDemoApp();
  db = demo.db;
  app = demo.app;
  admin = await login(app, 'admin', 'capdo-demo');
  adminBo = await login(app, 'admin.bo', 'capdo-demo');
  viewer = await login(app, 'viewer', 'capdo-demo');
  auditor = await login(app, 'auditor', 'capdo-demo');
}, 60_000);

const systemOf = (code: string) => db.select().from(systems).where(eq(systems.code, code)).get()!;
const decisionsOf = (code: string) => db.select().from(levelDecisions).where(eq(levelDecisions.systemId, systemOf(code).id)).orderBy(asc(levelDecisions.id)).all();
const paper = (code: string, id: number, kind: 'dossier' | 'decision') => `/systems/${systemOf(code).id}/decisions/${id}/${kind}.docx`;
const get = (s: Session, url: string) => s.agent.get(url).buffer(true).parse(binary);

describe('the level dossier and the approval decision as Word files', () => {
  it('are .docx attachments named after what they are, the system and the day', async () => {
    const d = decisionsOf('BS-HTTT-001').at(-1)!;
    const dossier = await get(admin, paper('BS-HTTT-001', d.id, 'dossier'));
    expect(dossier.status).toBe(200);
    expect(dossier.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(dossier.headers['content-disposition']).toBe(`attachment; filename="ho-so-cap-do_BS-HTTT-001_${todayIso()}.docx"`);
    expect((dossier.body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
    const text = await docxText(dossier.body as Buffer);
    expect(text).toContain('HỒ SƠ ĐỀ XUẤT CẤP ĐỘ');
    expect(text).toContain('Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Bình Sơn');

    const decision = await get(admin, paper('BS-HTTT-001', d.id, 'decision'));
    expect(decision.status).toBe(200);
    expect(decision.headers['content-disposition']).toBe(`attachment; filename="quyet-dinh-cap-do_BS-HTTT-001_${todayIso()}.docx"`);
    expect(await docxText(decision.body as Buffer)).toContain('Số: 2317/QĐ-UBND');
  });

  it('call a decision still in progress a draft', async () => {
    const pending = decisionsOf('BS-HTTT-006').find((d) => ['draft', 'submitted', 'appraised'].includes(d.dossierStatus))!;
    const res = await get(admin, paper('BS-HTTT-006', pending.id, 'decision'));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="du-thao-quyet-dinh-cap-do_BS-HTTT-006_${todayIso()}.docx"`);
    expect(await docxText(res.body as Buffer)).toContain('DỰ THẢO');
  });

  it('follow the language cookie', async () => {
    const d = decisionsOf('BS-HTTT-001').at(-1)!;
    const res = await admin.agent.get(paper('BS-HTTT-001', d.id, 'dossier')).set('Cookie', `${LANG_COOKIE}=en`).buffer(true).parse(binary);
    const text = await docxText(res.body as Buffer);
    expect(text).toContain('SOCIALIST REPUBLIC OF VIET NAM');
    expect(text).toContain('LEVEL DOSSIER');
  });

  it('are linked from the system page (the decision in progress, else the one in force) and from the decision page', async () => {
    const s = systemOf('BS-HTTT-001');
    const d = decisionsOf('BS-HTTT-001').at(-1)!;
    const page = (await admin.get(`/systems/${s.id}`)).text;
    expect(page).toContain(`href="/systems/${s.id}/decisions/${d.id}/dossier.docx"`);
    expect(page).toContain(`href="/systems/${s.id}/decisions/${d.id}/decision.docx"`);
    expect(page).toContain('Hồ sơ đề xuất cấp độ (.docx)');
    const decisionPage = (await admin.get(`/systems/${s.id}/decisions/${d.id}`)).text;
    expect(decisionPage).toContain(`href="/systems/${s.id}/decisions/${d.id}/dossier.docx"`);
    expect(decisionPage).toContain('Quyết định phê duyệt cấp độ (.docx)');
    // a pending proposal is the one the system page offers
    const s6 = systemOf('BS-HTTT-006');
    const pending = decisionsOf('BS-HTTT-006').find((x) => ['draft', 'submitted', 'appraised'].includes(x.dossierStatus))!;
    const page6 = (await admin.get(`/systems/${s6.id}`)).text;
    expect(page6).toContain(`href="/systems/${s6.id}/decisions/${pending.id}/decision.docx"`);
    expect(page6).toContain('Dự thảo quyết định phê duyệt (.docx)');
    // no papers for a rejected dossier
    const rejected = decisionsOf('BS-HTTT-014').find((x) => x.dossierStatus === 'rejected')!;
    const rejectedPage = (await admin.get(`/systems/${systemOf('BS-HTTT-014').id}/decisions/${rejected.id}`)).text;
    expect(rejectedPage).not.toContain('dossier.docx');
  });

  it('answer like the decision page: a viewer may, another tenant gets 404, and so do a rejected dossier and a mismatched id', async () => {
    const d = decisionsOf('BS-HTTT-001').at(-1)!;
    expect((await get(viewer, paper('BS-HTTT-001', d.id, 'dossier'))).status).toBe(200);
    for (const kind of ['dossier', 'decision'] as const) {
      expect((await adminBo.get(paper('BS-HTTT-001', d.id, kind))).status).toBe(404);
      expect((await adminBo.get(`/systems/${systemOf('BS-HTTT-001').id}/decisions/${d.id}`)).status).toBe(404);
      const rejected = decisionsOf('BS-HTTT-014').find((x) => x.dossierStatus === 'rejected')!;
      expect((await admin.get(paper('BS-HTTT-014', rejected.id, kind))).status).toBe(404);
      expect((await admin.get(`/systems/${systemOf('BS-HTTT-002').id}/decisions/${d.id}/${kind}.docx`)).status).toBe(404);
      expect((await admin.get(`/systems/${systemOf('BS-HTTT-001').id}/decisions/abc/${kind}.docx`)).status).toBe(404);
      expect((await admin.get(`/systems/999999/decisions/${d.id}/${kind}.docx`)).status).toBe(404);
    }
  });

  it('are open to an auditor for the systems their company is engaged on, and 404 for the others', async () => {
    const company = db.select().from(organisations).where(eq(organisations.code, 'NCC-TRUONGAN')).get()!.id;
    const units = db.select({ id: organisations.id }).from(organisations).where(eq(organisations.parentId, company)).all().map((o) => o.id);
    const engaged = new Set(db.select({ id: engagements.systemId }).from(engagements).where(and(isNull(engagements.revokedAt), inArray(engagements.assessorId, [company, ...units]))).all().map((e) => e.id));
    const all = db.select().from(levelDecisions).where(inArray(levelDecisions.dossierStatus, ['approved'])).all();
    const inside = all.find((x) => engaged.has(x.systemId))!;
    const outside = all.find((x) => !engaged.has(x.systemId))!;
    expect((await get(auditor, `/systems/${inside.systemId}/decisions/${inside.id}/dossier.docx`)).status).toBe(200);
    expect((await auditor.get(`/systems/${outside.systemId}/decisions/${outside.id}/dossier.docx`)).status).toBe(404);
  });
});

// The evidence attached to the baseline items (seeds/demo-evidence.ts): the province's regulation on the
// first item of BS-HTTT-031, a firewall review that expired on 31/10/2026 on its second; the ministry's own
// regulation on BHT-HTTT-004.
describe('the level dossier lists the evidence under each baseline item', () => {
  const PROVINCE = 'Quyết định 112/QĐ-UBND ban hành Quy chế bảo đảm an toàn thông tin mạng tỉnh Bình Sơn';
  const FIREWALL = 'Biên bản kiểm tra cấu hình tường lửa năm 2025';
  const MINISTRY = 'Quy chế bảo đảm an toàn thông tin của Bộ';
  /** the system's links, and a decision whose dossier lists the items they name (the same catalogue) */
  const dossierOf = (code: string) => {
    const s = systemOf(code);
    const links = db.select({ itemId: evidenceLinks.itemId, catalogue: evidenceLinks.catalogue, title: evidenceItems.title }).from(evidenceLinks)
      .innerJoin(evidenceItems, eq(evidenceItems.id, evidenceLinks.evidenceId))
      .where(and(eq(evidenceLinks.systemId, s.id), eq(evidenceLinks.kind, 'checklist_item'))).all();
    const d = decisionsOf(code).reverse().find((x) => x.dossierStatus !== 'rejected' && catalogueFor(x.regime) === links[0]!.catalogue)!;
    return { url: paper(code, d.id, 'dossier'), item: (title: string) => links.find((l) => l.title === title)!.itemId! };
  };
  /** the paragraphs of the dossier's table row of one item: id, requirement, the evidence line… */
  const rowOf = (text: string, itemId: string) => {
    const lines = text.split('\n');
    const at = lines.indexOf(itemId);
    return at < 0 ? [] : lines.slice(at, at + 3);
  };

  it('names the evidence under the requirement, an expired one with its expiry', async () => {
    const { url, item } = dossierOf('BS-HTTT-031');
    const res = await get(admin, url);
    expect(res.status).toBe(200);
    const text = await docxText(res.body as Buffer);
    expect(rowOf(text, item(PROVINCE))[2]).toBe(`Minh chứng: ${PROVINCE}`);
    expect(rowOf(text, item(FIREWALL))[2]).toBe(`Minh chứng: ${FIREWALL} (hết hạn 31/10/2026)`);
    expect(text.split(FIREWALL).length - 1).toBe(1);
    expect(text).not.toContain(MINISTRY);
    // a short italic line in the requirement's cell, not a column of its own
    const xml = await docxPart(res.body as Buffer);
    expect(xml).toMatch(new RegExp(`<w:i/>(?:(?!</w:p>).)*${FIREWALL}`));
    const en = await admin.agent.get(url).set('Cookie', `${LANG_COOKIE}=en`).buffer(true).parse(binary);
    expect(await docxText(en.body as Buffer)).toContain(`Evidence: ${FIREWALL} (expired 31/10/2026)`);
  });

  it('never shows another organisation’s evidence', async () => {
    const { url, item } = dossierOf('BHT-HTTT-004');
    const text = await docxText((await get(adminBo, url)).body as Buffer);
    expect(rowOf(text, item(MINISTRY))[2]).toBe(`Minh chứng: ${MINISTRY}`);
    expect(text).not.toContain(PROVINCE);
    expect(text).not.toContain(FIREWALL);
  });
});
