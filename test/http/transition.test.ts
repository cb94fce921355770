// The move to Decree 331: the workspace of a system (proposals confirmed one by one or all at once, always
// audited; the work list), the organisation table sorted by risk, the exports, and the wizard pre-filled from
// the Decree 85 answers with the impact of a proposed change.
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import type { Response } from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { checklistAnswers } from '../../src/db/schema/compliance.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { systems } from '../../src/db/schema/systems.js';
import { cycleContaining, daysBetween } from '../../src/domain/cadence.js';
import { DEFAULT_ANSWERS, type LevelAnswers } from '../../src/domain/level-criteria.js';
import { formatDate, todayIso } from '../../src/i18n/format.js';
import { auditEntries, login, makeApp, type Session } from '../helpers/app.js';
import { binary } from '../helpers/pdf.js';

type Item = { id: string; levels: number[] };
const json = <T>(file: string) => JSON.parse(readFileSync(new URL(`../../src/domain/catalog/${file}`, import.meta.url), 'utf8')) as T;
const OLD = json<Item[]>('tcvn-11930-2017.json');
const NEW = json<Item[]>('tcvn-14423-2026-items.json');
const XW = json<{ links: Array<{ from: string; to: string; relation: string }>; new_only: string[] }>('crosswalk-11930-14423.json');
const at = (items: Item[], level: number) => items.filter((i) => i.levels.includes(level)).map((i) => i.id);
/** Items with an equivalent link from an old item of the level: the ones a fully met old checklist settles. */
const settledAt = (level: number) => new Set(XW.links.filter((l) => l.relation === 'equivalent' && at(OLD, level).includes(l.from)).map((l) => l.to));
/** Items a proposal is carried to when every old item is met: equivalent or partial links. */
const proposedAt = (level: number) => at(NEW, level).filter((id) => XW.links.some((l) => l.to === id && l.relation !== 'related' && at(OLD, level).includes(l.from)));

let ctx: Awaited<ReturnType<typeof makeApp>>;

function addSystem(code: string, o: { regime: 'nd85' | 'nd331'; level: number; answers?: Partial<LevelAnswers>; operatorId?: number; ownerId?: number }) {
  const id = ctx.db.insert(systems).values({
    code, nameVi: `Hệ thống ${code}`, ownerId: o.ownerId ?? ctx.fx.org.provA, operatorId: o.operatorId ?? ctx.fx.org.deptA2, systemType: 'internal',
    lifecycleStatus: 'in_operation', goLiveDate: '2021-01-01',
  }).returning().get().id;
  ctx.db.insert(levelDecisions).values({
    systemId: id, regime: o.regime, answers: { ...DEFAULT_ANSWERS, ...o.answers }, computedLevel: 1, proposedLevel: o.level, proposalReason: 'Đề xuất cao hơn mức tối thiểu',
    dossierStatus: 'approved', approvalNumber: `${o.level}/QĐ-UBND`, approvalDate: '2020-12-01', approvingBody: 'UBND tỉnh',
  }).run();
  return id;
}

function answerAllOld(systemId: number, level: number, status: 'met' | 'partly_met' = 'met') {
  ctx.db.insert(checklistAnswers).values(at(OLD, level).map((itemId) => ({ systemId, catalogue: 'tcvn-11930-2017' as const, itemId, status, note: `Biên bản ${itemId}` }))).run();
}

const newAnswers = (systemId: number) =>
  ctx.db.select().from(checklistAnswers).where(and(eq(checklistAnswers.systemId, systemId), eq(checklistAnswers.catalogue, 'tcvn-14423-2026'))).all();
/** A section without nested sections (the impact, the proposals), or from a section to the end of the page (the work list). */
const section = (html: string, id: string) => new RegExp(`<section[^>]*id="${id}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
const from = (html: string, id: string) => html.slice(Math.max(0, html.indexOf(`id="${id}"`)));
const rowIds = (html: string, prefix: string) => [...html.matchAll(new RegExp(`<tr id="${prefix}-([^"]+)"`, 'g'))].map((m) => m[1]!);

beforeEach(async () => {
  ctx = await makeApp();
});

describe('a system’s workspace', () => {
  let systemId: number;
  let owner: Session;
  const url = () => `/systems/${systemId}/transition`;

  beforeEach(async () => {
    systemId = addSystem('A-DVC', { regime: 'nd85', level: 3 });
    answerAllOld(systemId, 3);
    owner = await login(ctx.app, 'owner');
  });

  it('a level 3 Decree 85 system with every old item met: the work list is exactly the new-only, partial and related items', async () => {
    const page = await owner.get(url());
    expect(page.status).toBe(200);
    const settled = settledAt(3);
    const work = rowIds(from(page.text, 'work'), 'item');
    expect(new Set(work)).toEqual(new Set(at(NEW, 3).filter((id) => !settled.has(id))));
    for (const id of at(NEW, 3).filter((i) => XW.new_only.includes(i))) expect(work).toContain(id);
    expect(rowIds(page.text, 'proposal').sort()).toEqual(proposedAt(3).sort());
    // looking writes nothing
    expect(newAnswers(systemId)).toHaveLength(0);
    expect(page.text).toContain(`${daysBetween(todayIso(), '2027-07-01')}`);
  });

  it('never changes a status without a confirmation row in the audit: one by one, the ticked ones, then all', async () => {
    const proposed = proposedAt(3);
    const before = auditEntries(ctx.db).length;
    // one row's own button
    const one = proposed.find((id) => settledAt(3).has(id))!;
    expect((await owner.post(`${url()}/confirm`, { item: one })).status).toBe(303);
    let rows = newAnswers(systemId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ itemId: one, status: 'met', setBy: ctx.fx.user.owner });
    expect(rows[0]!.carriedFrom).toMatch(/^[A-Z]/);
    // ticked rows
    const ticked = proposed.filter((id) => id !== one).slice(0, 3);
    expect((await owner.post(`${url()}/confirm`, Object.fromEntries(ticked.map((id) => [`confirm[${id}]`, '1'])))).status).toBe(303);
    expect(newAnswers(systemId)).toHaveLength(4);
    // all the others
    expect((await owner.post(`${url()}/confirm`, { intent: 'all' })).status).toBe(303);
    rows = newAnswers(systemId);
    expect(rows.map((r) => r.itemId).sort()).toEqual([...proposed].sort());
    // three requests, three audit entries; every status written is the "after" of an audited change naming its old items
    const entries = auditEntries(ctx.db).slice(before);
    expect(entries).toHaveLength(3);
    expect(entries.every((e) => e.entityType === 'checklist' && e.action === 'update' && e.systemId === systemId && e.actorName === 'owner')).toBe(true);
    const audited = new Map(entries.flatMap((e) => Object.entries(e.changes ?? {})));
    for (const r of rows) {
      const change = audited.get(r.itemId) as [{ status: string }, { status: string; carriedFrom: string }] | undefined;
      expect(change, r.itemId).toBeDefined();
      expect(change![0].status).toBe('not_assessed');
      expect(change![1]).toMatchObject({ status: r.status, carriedFrom: r.carriedFrom });
    }
    // partial links are carried as "partly met", never "met"
    const partialOnly = proposed.filter((id) => !settledAt(3).has(id));
    expect(rows.filter((r) => partialOnly.includes(r.itemId)).every((r) => r.status === 'partly_met')).toBe(true);
    // nothing left to confirm: a second "all" writes nothing
    expect((await owner.post(`${url()}/confirm`, { intent: 'all' })).status).toBe(303);
    expect(auditEntries(ctx.db).length).toBe(before + 3);
    const page = await owner.get(url());
    expect(page.text).toContain('Đã xác nhận hết các đề xuất');
  });

  it('refuses a confirmation with nothing ticked (422, nothing written), viewers (403), other provinces (404), a system that does not move (409)', async () => {
    const checklistEntries = () => auditEntries(ctx.db).filter((e) => e.entityType === 'checklist').length; // sign-ins are audited too
    const before = checklistEntries();
    const res = await owner.post(`${url()}/confirm`, { intent: 'selected' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Hãy chọn ít nhất một đề xuất để xác nhận.');
    expect((await owner.post(`${url()}/confirm`, { item: 'not an id' })).status).toBe(422);
    const viewer = await login(ctx.app, 'viewer');
    expect((await viewer.get(url())).status).toBe(200);
    expect((await viewer.get(url())).text).not.toContain('name="intent"');
    expect((await viewer.post(`${url()}/confirm`, { intent: 'all' })).status).toBe(403);
    expect((await viewer.post(`${url()}/checklist`, { 'status[RISK-01]': 'met' })).status).toBe(403);
    const other = await login(ctx.app, 'adminb');
    expect((await other.get(url())).status).toBe(404);
    expect((await other.post(`${url()}/confirm`, { intent: 'all' })).status).toBe(404);
    const moved = addSystem('A-MOI', { regime: 'nd331', level: 3 });
    const page = await owner.get(`/systems/${moved}/transition`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('không thuộc diện chuyển đổi');
    expect((await owner.post(`/systems/${moved}/transition/confirm`, { intent: 'all' })).status).toBe(409);
    expect((await owner.agent.post(`${url()}/confirm`).type('form').send({ intent: 'all' })).status).toBe(403); // no CSRF token
    expect(newAnswers(systemId)).toHaveLength(0);
    expect(checklistEntries()).toBe(before);
  });

  it('records the work list’s answers in the new checklist at the kept level; a met item leaves the work list', async () => {
    const [newOnly, another] = at(NEW, 3).filter((id) => XW.new_only.includes(id));
    const res = await owner.post(`${url()}/checklist`, { [`status[${newOnly}]`]: 'met', [`note[${newOnly}]`]: 'Quy trình kiểm kê 2026' });
    expect(res.status).toBe(303);
    expect(newAnswers(systemId)).toEqual([expect.objectContaining({ itemId: newOnly!, status: 'met', note: 'Quy trình kiểm kê 2026', carriedFrom: null })]);
    expect(auditEntries(ctx.db).at(-1)).toMatchObject({ entityType: 'checklist', systemId });
    const page = await owner.get(url());
    expect(rowIds(from(page.text, 'work'), 'item')).not.toContain(newOnly);
    // "not applicable" needs its reason: 422, nothing written
    const bad = await owner.post(`${url()}/checklist`, { [`status[${another!}]`]: 'not_applicable' });
    expect(bad.status).toBe(422);
    expect(newAnswers(systemId)).toHaveLength(1);
    // the system's own checklist (Decree 85) is untouched
    const old = ctx.db.select().from(checklistAnswers).where(and(eq(checklistAnswers.systemId, systemId), eq(checklistAnswers.catalogue, 'tcvn-11930-2017'))).all();
    expect(old.every((a) => a.status === 'met')).toBe(true);
  });

  it('shows what else changes: BCA instead of MIC, ASM-04, the layer-4 centre and the 25 Dec report', async () => {
    const page = await owner.get(url());
    expect(page.text).toContain('Báo cáo hằng năm gửi Bộ Công an, hạn ngày 25/12');
    expect(page.text).toContain('ASM-04');
    expect(page.text).toContain('Trung tâm An ninh mạng quốc gia (Bộ Công an) hoặc trung tâm giám sát của tỉnh');
    const four = addSystem('A-TTDL', { regime: 'nd85', level: 4 });
    expect((await owner.get(`/systems/${four}/transition`)).text).toContain('Cấp độ 4–5 do Bộ Công an thẩm định thay cho Bộ Thông tin và Truyền thông');
  });

  it('prints an A4 plan and exports it to Excel; the system page shows the progress and the days left', async () => {
    await owner.post(`${url()}/confirm`, { intent: 'all' });
    const print = await owner.get(`${url()}/print`);
    expect(print.status).toBe(200);
    expect(print.text).toContain('Kế hoạch chuyển sang Nghị định 331/2026');
    expect(print.text).toContain('print-doc.css');
    expect(print.text).toContain('/static/column-widths.css');
    const file = await owner.agent.get(`/systems/${systemId}/transition.xlsx`).buffer(true).parse(binary) as Response & { body: Buffer };
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Đề xuất chờ xác nhận', 'Việc cần làm']);
    expect(wb.worksheets[0]!.rowCount).toBe(1); // every proposal confirmed
    expect(wb.worksheets[1]!.rowCount - 1).toBe(at(NEW, 3).length - settledAt(3).size);
    const sys = await owner.get(`/systems/${systemId}`);
    expect(sys.text).toContain('id="transition"');
    expect(sys.text).toContain(`Còn ${daysBetween(todayIso(), '2027-07-01')} ngày đến 01/07/2027`);
  });
});

describe('the organisation table', () => {
  it('lists every moving system the user sees, most at risk first, with stages; not Decree 331 systems, not other provinces', async () => {
    const a = addSystem('A-L2', { regime: 'nd85', level: 2 });
    const b = addSystem('A-L3', { regime: 'nd85', level: 3 });
    const c = addSystem('A-L3-DONE', { regime: 'nd85', level: 3 });
    addSystem('A-331', { regime: 'nd331', level: 3 });
    addSystem('B-85', { regime: 'nd85', level: 3, ownerId: ctx.fx.org.provB, operatorId: ctx.fx.org.provB });
    ctx.db.insert(checklistAnswers).values(at(NEW, 3).map((itemId) => ({ systemId: c, catalogue: 'tcvn-14423-2026' as const, itemId, status: 'met' as const }))).run();
    const admin = await login(ctx.app, 'admin');
    const page = await admin.get('/transition');
    expect(page.status).toBe(200);
    const order = [...page.text.matchAll(/href="\/systems\/(\d+)\/transition"/g)].map((m) => Number(m[1]));
    // level 3 before level 2; among level 3, more work left first
    expect(order).toEqual([b, c, a]);
    expect(page.text).toContain('Đã hoàn thành');
    expect(page.text).toContain('Chưa bắt đầu');
    expect(page.text).not.toContain('A-331');
    expect(page.text).not.toContain('B-85');
    // narrowed to a department of the subtree; another province's id is ignored, not revealed
    const dept = await admin.get(`/transition?org=${ctx.fx.org.deptA1}`);
    expect(dept.text).toContain('Không có hệ thống nào');
    expect((await admin.get(`/transition?org=${ctx.fx.org.provB}`)).text).toContain('A-L3-DONE');
    const other = await login(ctx.app, 'adminb');
    expect((await other.get('/transition')).text).toContain('B-85');
    expect((await other.get('/transition')).text).not.toContain('A-L3');
  });

  it('includes a system under construction on 1 Jul 2026 whose Decree 85 dossier awaits approval, due first (1 Jan 2027); not one in operation', async () => {
    const pendingDossier = (code: string, lifecycleStatus: 'under_construction' | 'in_operation') => {
      const id = ctx.db.insert(systems).values({ code, nameVi: `Hệ thống ${code}`, ownerId: ctx.fx.org.provA, operatorId: ctx.fx.org.deptA2, systemType: 'internal', lifecycleStatus, goLiveDate: lifecycleStatus === 'in_operation' ? '2020-01-01' : null }).returning().get().id;
      ctx.db.insert(levelDecisions).values({ systemId: id, regime: 'nd85', answers: DEFAULT_ANSWERS, computedLevel: 1, proposedLevel: 2, proposalReason: 'x', dossierStatus: 'submitted', submittedDate: '2026-05-04' }).run();
      return id;
    };
    const building = pendingDossier('A-XD', 'under_construction');
    pendingDossier('A-CU', 'in_operation');
    const levelled = addSystem('A-L2', { regime: 'nd85', level: 2 });
    const admin = await login(ctx.app, 'admin');
    const page = await admin.get('/transition');
    const order = [...page.text.matchAll(/href="\/systems\/(\d+)\/transition"/g)].map((m) => Number(m[1]));
    expect(order).toEqual([building, levelled]);
    expect(page.text).toContain('01/01/2027');
    expect(page.text).toContain('hạn phê duyệt cấp độ theo NĐ 85');
    const ws = await admin.get(`/systems/${building}/transition`);
    expect(ws.text).toContain('phải được phê duyệt trước ngày 01/01/2027');
  });

  it('answers 404 for a bad or unknown system id', async () => {
    const admin = await login(ctx.app, 'admin');
    for (const url of ['/systems/abc/transition', '/systems/999999/transition', '/systems/999999/transition/print', '/systems/0/transition.xlsx']) {
      expect((await admin.get(url)).status, url).toBe(404);
    }
    expect((await admin.post('/systems/999999/transition/confirm', { intent: 'all' })).status).toBe(404);
    expect((await admin.get('/transition?org=abc')).status).toBe(200);
  });

  it('exports the table to Excel in the same order', async () => {
    addSystem('A-L2', { regime: 'nd85', level: 2 });
    addSystem('A-L4', { regime: 'nd85', level: 4 });
    const admin = await login(ctx.app, 'admin');
    const res = await admin.agent.get('/transition.xlsx').buffer(true).parse(binary) as Response & { body: Buffer };
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).getCell(1).value).toBe('A-L4');
    expect(ws.getRow(3).getCell(1).value).toBe('A-L2');
    expect(ws.getRow(2).getCell(11).value).toBe('01/07/2027');
  });
});

describe('re-determination and the impact of a change', () => {
  it('opens the Decree 331 wizard pre-filled from the Decree 85 answers, with what changes and the resulting minimum level', async () => {
    const id = addSystem('A-CONG', { regime: 'nd85', level: 3, answers: { systemType: 'public_service', infoPersonal: true, onlinePublicServiceLevel3: true, users: 45_000 } });
    const owner = await login(ctx.app, 'owner');
    const page = await owner.get(`/systems/${id}/decisions/new`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/name="handlesAdministrativeProcedures" value="1" checked/);
    expect(page.text).not.toMatch(/name="onlinePublicServiceLevel3" value="1" checked/);
    expect(page.text).toMatch(/name="basicPdSubjects" value="45000"/);
    expect(page.text).toContain('Tiêu chí “dịch vụ công trực tuyến mức độ 3 trở lên”');
    expect(page.text).toContain('Ngưỡng đã thay đổi');
    // the impact of the move at the minimum level: the checklist changes catalogue, ASM-04 starts, LVL-06 stops
    const impact = section(page.text, 'impact');
    expect(impact).toContain('ASM-04');
    expect(impact).toContain('LVL-06');
    expect(impact).toContain(`${at(OLD, 3).length} mục TCVN 11930:2017 → ${at(NEW, 3).length} mục TCVN 14423:2026`);
    // the legacy wizard keeps the stored answers as they were
    const legacy = await owner.get(`/systems/${id}/decisions/new?regime=nd85`);
    expect(legacy.text).toMatch(/name="onlinePublicServiceLevel3" value="1" checked/);
    expect(legacy.text).not.toContain('id="move"');
  });

  it('shows the impact of 4 → 5 on the wizard’s result and on the proposed decision, with the new deadlines dated', async () => {
    const id = addSystem('A-QG', { regime: 'nd331', level: 4, answers: { systemType: 'infrastructure', scope: 'nationwide', needs24x7: true } });
    const owner = await login(ctx.app, 'owner');
    const form = {
      regime: 'nd331', systemType: 'infrastructure', infoPublic: '1', stateSecret: 'none', scope: 'nationwide', icsWorksGrade: 'none', needs24x7: '1',
      basicPdSubjects: '0', sensitivePdSubjects: '0', users: '0', proposedLevel: '5', proposalReason: 'Hạ tầng trọng yếu',
    };
    const computed = await owner.post(`/systems/${id}/decisions`, { ...form, intent: 'compute' });
    expect(computed.status).toBe(200);
    const impact = section(computed.text, 'impact');
    for (const rule of ['ASM-02', 'ASM-05', 'LVL-07']) expect(impact).toContain(rule);
    expect(impact).toMatch(/Quy tắc thôi áp dụng \(1\)[\s\S]*ASM-01/);
    const half = cycleContaining(todayIso(), 'half').end;
    expect(impact).toContain(formatDate(half));
    expect(impact).toContain('Bộ Công an (ý kiến chuyên môn của đơn vị chuyên trách trước)');
    expect(impact).toContain('chủ quản; Thủ tướng phê duyệt danh mục cấp độ 5');
    // saved as a draft: the decision's page shows the same impact
    const saved = await owner.post(`/systems/${id}/decisions`, { ...form, intent: 'save' });
    expect(saved.status).toBe(303);
    const decision = await owner.get(saved.headers.location!);
    expect(section(decision.text, 'impact')).toContain('ASM-02');
    // nothing changes, nothing shown
    const same = await owner.post(`/systems/${id}/decisions`, { ...form, proposedLevel: '4', proposalReason: '', intent: 'compute' });
    expect(same.text).not.toContain('id="impact"');
  });
});
