import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { checklistAnswers } from '../../src/db/schema/compliance.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { systems } from '../../src/db/schema/systems.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { loadActor } from '../../src/modules/auth/auth.service.js';
import { checklistSummary } from '../../src/modules/checklists/index.js';
import { evaluateSystemFor } from '../helpers/evaluation.js';
import { auditEntries, csrfFrom, lastAudit, login, makeApp } from '../helpers/app.js';

type Item = { id: string; levels: number[]; min_level: number };
const catalogue = JSON.parse(readFileSync(new URL('../../src/domain/catalog/tcvn-11930-2017.json', import.meta.url), 'utf8')) as Item[];
const level3 = catalogue.filter((i) => i.levels.includes(3)).map((i) => i.id);
const fromLevel3 = catalogue.find((i) => i.min_level === 3)!.id; // applies at 3, not at 2

let ctx: Awaited<ReturnType<typeof makeApp>>;
let systemId: number;

function decide(regime: 'nd85' | 'nd331', level: number, approvalDate: string | null, dossierStatus: 'approved' | 'submitted' = 'approved') {
  ctx.db.insert(levelDecisions).values({
    systemId, regime, answers: DEFAULT_ANSWERS, computedLevel: level, proposedLevel: level, dossierStatus,
    ...(approvalDate ? { approvalNumber: `${level}/QĐ-UBND`, approvalDate, approvingBody: 'UBND tỉnh' } : {}),
  }).run();
}

beforeEach(async () => {
  ctx = await makeApp();
  systemId = ctx.db
    .insert(systems)
    .values({ code: 'A-HSCV', nameVi: 'Hệ thống quản lý văn bản và điều hành', ownerId: ctx.fx.org.provA, operatorId: ctx.fx.org.deptA2, systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '2021-01-01' })
    .returning()
    .get().id;
  decide('nd85', 3, '2022-06-01');
});

const url = (p = '') => `/systems/${systemId}/checklist${p}`;
const rowIds = (html: string) => [...html.matchAll(/<tr id="item-([^"]+)"/g)].map((m) => m[1]!);
/** The page groups items by area → group, so compare as sets (each item once). */
const sorted = (ids: string[]) => [...ids].sort();
const answers = () => ctx.db.select().from(checklistAnswers).all();

/** What the browser sends: every row of the form, with the values it shows, then the user's changes. */
function wholeForm(ids: string[], changes: Record<string, string>) {
  const form: Record<string, string> = {};
  for (const id of ids) {
    form[`status[${id}]`] = 'not_assessed';
    form[`note[${id}]`] = '';
  }
  return { ...form, ...changes };
}

describe('the baseline checklist', () => {
  it('lists exactly the catalogue items whose levels include 3 for a level 3 system under Decree 85', async () => {
    const s = await login(ctx.app, 'viewer');
    const page = await s.get(url());
    expect(page.status).toBe(200);
    expect(sorted(rowIds(page.text))).toEqual(sorted(level3));
    expect(page.text).toContain('TCVN 11930:2017');
    expect(page.text).toContain('0% đáp ứng');
    expect(page.text).not.toContain('Bản diễn giải');
    expect(page.text).not.toContain('name="status['); // a viewer sees the answers, not the form
  });

  it('saves many items at once: only the changed rows, with one audit entry holding the per-item diff', async () => {
    const s = await login(ctx.app, 'owner');
    const before = auditEntries(ctx.db).length;
    const res = await s.post(url(), wholeForm(level3, {
      'status[M.POL.1]': 'met', 'note[M.POL.1]': 'Quyết định 12/QĐ-SYT ngày 01/02/2024',
      [`status[${level3[1]}]`]: 'partly_met',
      [`status[${level3[2]}]`]: 'not_applicable', [`note[${level3[2]}]`]: 'Hệ thống không có mạng không dây',
    }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(url());

    const rows = answers();
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.itemId === 'M.POL.1')).toMatchObject({ catalogue: 'tcvn-11930-2017', status: 'met', note: 'Quyết định 12/QĐ-SYT ngày 01/02/2024', setBy: ctx.fx.user.owner });
    expect(auditEntries(ctx.db).length).toBe(before + 1);
    const entry = lastAudit(ctx.db)!;
    expect(entry).toMatchObject({ entityType: 'checklist', action: 'update', systemId, actorName: 'owner' });
    expect(entry.changes).toEqual({
      'M.POL.1': [{ status: 'not_assessed', note: null }, { status: 'met', note: 'Quyết định 12/QĐ-SYT ngày 01/02/2024' }],
      [level3[1]!]: [{ status: 'not_assessed', note: null }, { status: 'partly_met', note: null }],
      [level3[2]!]: [{ status: 'not_assessed', note: null }, { status: 'not_applicable', note: 'Hệ thống không có mạng không dây' }],
    });

    // the page shows the answers, who set them, and CHK-01's numbers: 1 met of 72 − 1 not applicable
    const page = await s.get(url());
    expect(page.text).toContain('1% đáp ứng');
    expect(page.text).toContain('1/71 mục đáp ứng');
    expect(page.text).toContain('Người dùng owner');
    // the system page's card gets the same numbers
    expect(checklistSummary(ctx.db, loadActor(ctx.db, ctx.fx.user.viewer)!, systemId).stats).toMatchObject({ applicable: 72, met: 1, partlyMet: 1, notApplicable: 1, notAssessed: 69, percentMet: 1 });

    // sending the same form again changes nothing and writes nothing
    const again = await s.post(url(), wholeForm(level3, {
      'status[M.POL.1]': 'met', 'note[M.POL.1]': 'Quyết định 12/QĐ-SYT ngày 01/02/2024', [`status[${level3[1]}]`]: 'partly_met',
      [`status[${level3[2]}]`]: 'not_applicable', [`note[${level3[2]}]`]: 'Hệ thống không có mạng không dây',
    }));
    expect(again.status).toBe(303);
    expect(auditEntries(ctx.db).length).toBe(before + 1);

    // a later change is an update of the same row, and the diff starts from the stored answer
    await s.post(url(), { 'status[M.POL.1]': 'not_met' });
    expect(answers().filter((r) => r.itemId === 'M.POL.1')).toHaveLength(1);
    expect(lastAudit(ctx.db)!.changes).toEqual({
      'M.POL.1': [{ status: 'met', note: 'Quyết định 12/QĐ-SYT ngày 01/02/2024' }, { status: 'not_met', note: 'Quyết định 12/QĐ-SYT ngày 01/02/2024' }],
    });
  });

  it('refuses "not applicable" without a reason: 422 with the row’s message, nothing written', async () => {
    const s = await login(ctx.app, 'owner');
    const before = auditEntries(ctx.db).length;
    const res = await s.post(url(), { 'status[M.POL.1]': 'met', 'status[M.POL.2]': 'not_applicable', 'note[M.POL.2]': '   ' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Vui lòng nêu lý do không áp dụng.');
    expect(res.text).toMatch(/<option value="not_applicable" selected>/); // the user's choice is kept
    expect(answers()).toHaveLength(0);
    expect(auditEntries(ctx.db).length).toBe(before);
  });

  it('refuses an unknown status (422) and ignores items outside the checklist', async () => {
    const s = await login(ctx.app, 'owner');
    let res = await s.post(url(), { 'status[M.POL.1]': 'hacked' });
    expect(res.status).toBe(422);
    expect(answers()).toHaveLength(0);
    res = await s.post(url(), { 'status[NO.SUCH.ITEM]': 'met', 'status[G.RISK]': 'met', 'status[__proto__]': 'met', 'status[M.POL.1]': 'met' });
    expect(res.status).toBe(303);
    expect(answers().map((a) => a.itemId)).toEqual(['M.POL.1']);
  });

  it('keeps the answers when the level changes, and recomputes which apply', async () => {
    const s = await login(ctx.app, 'owner');
    await s.post(url(), { [`status[${fromLevel3}]`]: 'met', [`note[${fromLevel3}]`]: 'Biên bản kiểm tra 2025', 'status[M.POL.1]': 'met' });
    expect(answers()).toHaveLength(2);

    decide('nd85', 2, '2025-03-01'); // re-determined at level 2
    let page = await s.get(url());
    const level2 = catalogue.filter((i) => i.levels.includes(2)).map((i) => i.id);
    expect(sorted(rowIds(page.text))).toEqual(sorted(level2));
    expect(rowIds(page.text)).not.toContain(fromLevel3);
    expect(page.text).toContain('Kết quả giữ lại từ cấp độ hoặc danh mục khác (1)');
    expect(page.text).toContain('Biên bản kiểm tra 2025');
    expect(page.text).toContain('1/49 mục đáp ứng');
    expect(answers()).toHaveLength(2);
    // a form opened before the change cannot touch the item that no longer applies
    await s.post(url(), { [`status[${fromLevel3}]`]: 'not_met' });
    expect(answers().find((a) => a.itemId === fromLevel3)!.status).toBe('met');

    decide('nd85', 3, '2026-01-15'); // and back to level 3: the answer counts again
    page = await s.get(url());
    expect(sorted(rowIds(page.text))).toEqual(sorted(level3));
    expect(page.text).toContain('2/72 mục đáp ứng');
    expect(page.text).not.toContain('Kết quả giữ lại');
  });

  it('uses TCVN 14423 under Decree 331, flagged as unverified, and a pending proposal as provisional', async () => {
    const other = ctx.db.insert(systems).values({ code: 'A-MOI', nameVi: 'Cổng thông tin mới', ownerId: ctx.fx.org.provA, operatorId: ctx.fx.org.deptA2, systemType: 'internal', lifecycleStatus: 'planned' }).returning().get().id;
    const s = await login(ctx.app, 'owner');
    let page = await s.get(`/systems/${other}/checklist`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('chưa được xác định cấp độ');
    expect(rowIds(page.text)).toEqual([]);

    systemId = other;
    decide('nd331', 2, null, 'submitted');
    page = await s.get(url());
    expect(page.text).toContain('Tạm tính');
    expect(page.text).toContain('TCVN 14423:2026');
    expect(page.text).toContain('Bản diễn giải');
    expect(page.text).toContain('Diễn giải TCVN 14423:2026, chưa đối chiếu với văn bản chính thức');
    expect(rowIds(page.text)).toHaveLength(131);
    // item ids have a hyphen; a group id is not an item any more
    expect((await s.post(url(), { 'status[RISK-01]': 'met', 'status[G.RISK]': 'met' })).status).toBe(303);
    expect(answers().map((a) => [a.catalogue, a.itemId, a.systemId])).toEqual([['tcvn-14423-2026', 'RISK-01', other]]);
  });

  describe('under Decree 331 (TCVN 14423:2026, item by item)', () => {
    type Item14423 = Item & { group_id: string; title_vi: string; title_en: string; source: string; note?: string; condition?: string; condition_vi?: string; tcvn_14423_sections: Record<string, string>; nd331_mapping: string };
    const items = JSON.parse(readFileSync(new URL('../../src/domain/catalog/tcvn-14423-2026-items.json', import.meta.url), 'utf8')) as Item14423[];
    const outline = JSON.parse(readFileSync(new URL('../../src/domain/catalog/tcvn-14423-2026-outline.json', import.meta.url), 'utf8')) as Array<Item & { group_vi: string; group: string; tcvn_14423_sections: Record<string, string> }>;
    const at3 = items.filter((i) => i.levels.includes(3));
    const headings = (html: string) => [...html.matchAll(/<div class="chk-group" id="group-([^"]+)"/g)].map((m) => m[1]!);

    beforeEach(() => decide('nd331', 3, '2026-10-01'));

    it('lists exactly the items whose levels include 3, under the outline’s headings, each citing its level-3 sub-clause', async () => {
      const s = await login(ctx.app, 'viewer');
      const page = await s.get(url());
      expect(page.status).toBe(200);
      expect(rowIds(page.text)).toEqual(outline.flatMap((g) => at3.filter((i) => i.group_id === g.id).map((i) => i.id)));
      expect(rowIds(page.text)).toHaveLength(202);
      // levels may skip one: NET-43 (levels 2, 4, 5) is not there
      expect(rowIds(page.text)).not.toContain('NET-43');
      expect(headings(page.text)).toEqual(outline.filter((g) => at3.some((i) => i.group_id === g.id)).map((g) => g.id.replace(/[^A-Za-z0-9-]+/g, '-')));
      for (const g of outline.filter((x) => x.levels.includes(3))) expect(page.text).toContain(`${g.group_vi} <span class="cite-inline">§${g.tcvn_14423_sections['3']}</span>`);
      for (const i of at3) {
        const row = new RegExp(`<tr id="item-${i.id}">[\\s\\S]*?</tr>`).exec(page.text)![0];
        expect(row, i.id).toContain(`TCVN 14423:2026 §${i.tcvn_14423_sections['3']}`);
      }
      expect(page.text).toContain('0/202 mục đáp ứng');
    });

    it('never shows the maintainers’ source, notes or English remarks; in English it shows the English titles', async () => {
      const s = await login(ctx.app, 'owner');
      const vi = (await s.get(url())).text;
      for (const i of at3) {
        expect(vi, i.id).not.toContain(i.source);
        if (i.note) expect(vi, i.id).not.toContain(i.note);
        expect(vi, i.id).not.toContain(i.nd331_mapping);
        if (i.condition) expect(vi, i.id).not.toContain(i.condition);
        if (i.condition_vi) expect(vi, i.id).toContain(i.condition_vi);
        expect(vi).toContain(i.title_vi);
      }
      expect(vi).not.toMatch(/paraphrased via|ldphuong|checklist-cap|vn-cyber-compliance|docs\/03/);
      await s.post('/lang', { lang: 'en', next: url() });
      const en = (await s.get(url())).text;
      expect(en).toContain(at3[0]!.title_en);
      expect(en).toContain('Paraphrase of TCVN 14423:2026, not yet checked against the published text');
      expect(en).not.toMatch(/paraphrased via|ldphuong|vn-cyber-compliance/);
    });

    it('keeps an answer given earlier to a whole group visible, read-only, on its heading, and does not count it', async () => {
      ctx.db.insert(checklistAnswers).values({ systemId, catalogue: 'tcvn-14423-2026', itemId: 'G.RISK', status: 'partly_met', note: 'Đã có quy trình quản lý rủi ro (2025)', setBy: ctx.fx.user.owner }).run();
      const s = await login(ctx.app, 'owner');
      const page = await s.get(url());
      const group = /<div class="chk-group" id="group-G-RISK">[\s\S]*?<table/.exec(page.text)![0];
      expect(group).toContain('Kết quả đã ghi trước đây cho cả nhóm');
      expect(group).toContain('Đáp ứng một phần');
      expect(group).toContain('Đã có quy trình quản lý rủi ro (2025)');
      expect(group).not.toContain('<select'); // read-only
      expect(page.text).not.toContain('name="status[G.RISK]"');
      expect(page.text).not.toContain('Kết quả giữ lại'); // shown on its heading, not among the kept answers
      expect(page.text).toContain('0/202 mục đáp ứng');
      expect(checklistSummary(ctx.db, loadActor(ctx.db, ctx.fx.user.viewer)!, systemId).stats).toMatchObject({ applicable: 202, met: 0, partlyMet: 0 });
      // the items of the group are answered one by one
      const res = await s.post(url(), { 'status[RISK-01]': 'met', 'note[RISK-01]': 'Quy trình QT-01/2026' });
      expect(res.status).toBe(303);
      expect((await s.get(url())).text).toContain('1/202 mục đáp ứng');
    });

    it('counts CHK-01 from the items: the rule pack’s numbers follow the catalogue (applicable, met, not applicable)', async () => {
      const s = await login(ctx.app, 'owner');
      const form: Record<string, string> = {};
      for (const i of at3.slice(0, 10)) form[`status[${i.id}]`] = 'met';
      form[`status[${at3[10]!.id}]`] = 'not_applicable';
      form[`note[${at3[10]!.id}]`] = 'Không có hạ tầng này';
      expect((await s.post(url(), form)).status).toBe(303);
      // an answer to a group id and one to an item of another level are stored but never counted
      ctx.db.insert(checklistAnswers).values([
        { systemId, catalogue: 'tcvn-14423-2026', itemId: 'G.NET', status: 'met' },
        { systemId, catalogue: 'tcvn-14423-2026', itemId: 'NET-43', status: 'met' },
      ]).run();
      const results = evaluateSystemFor(ctx.db, loadActor(ctx.db, ctx.fx.user.admin)!, systemId, '2026-11-24');
      expect(results.find((r) => r.rule === 'CHK-01')).toMatchObject({ state: 'gap', params: { applicable: 202, met: 10, notAssessed: 191, percent: Math.floor(1000 / 201) } });
      // the same answers at level 4: NET-43 now applies and counts
      decide('nd331', 4, '2026-11-01');
      const at4 = evaluateSystemFor(ctx.db, loadActor(ctx.db, ctx.fx.user.admin)!, systemId, '2026-11-24').find((r) => r.rule === 'CHK-01')!;
      const level4 = items.filter((i) => i.levels.includes(4));
      const met4 = at3.slice(0, 10).filter((i) => i.levels.includes(4)).length + 1;
      expect(at4.params).toMatchObject({ applicable: level4.length, met: met4 });
    });
  });

  it('filters by status', async () => {
    const s = await login(ctx.app, 'owner');
    await s.post(url(), { 'status[M.POL.1]': 'met', 'status[M.POL.2]': 'not_met', 'status[M.POL.3]': 'partly_met' });
    expect(rowIds((await s.get(url('?show=not_met'))).text)).toEqual(['M.POL.2', 'M.POL.3']);
    expect(rowIds((await s.get(url('?show=not_assessed'))).text)).toHaveLength(level3.length - 3);
    expect(sorted(rowIds((await s.get(url('?show=whatever'))).text))).toEqual(sorted(level3));
  });

  it('refuses viewers (403), other provinces (404) and a missing CSRF token (403)', async () => {
    const viewer = await login(ctx.app, 'viewer');
    expect((await viewer.post(url(), { 'status[M.POL.1]': 'met' })).status).toBe(403);
    const auditor = await login(ctx.app, 'auditor');
    expect((await auditor.post(url(), { 'status[M.POL.1]': 'met' })).status).toBe(403);
    const other = await login(ctx.app, 'adminb');
    expect((await other.get(url())).status).toBe(404);
    expect((await other.post(url(), { 'status[M.POL.1]': 'met' })).status).toBe(404);
    const owner = await login(ctx.app, 'owner');
    expect((await owner.agent.post(url()).type('form').send({ 'status[M.POL.1]': 'met' })).status).toBe(403);
    expect(answers()).toHaveLength(0);
    // the form carries the token
    expect(csrfFrom((await owner.get(url())).text)).toBe(owner.csrf);
    expect((await request(ctx.app).get(url())).status).toBe(303); // signed out: to the login page
  });

  it('is read-only once the system is decommissioned (409)', async () => {
    ctx.db.update(systems).set({ lifecycleStatus: 'decommissioned', decommissionedAt: '2026-01-01' }).run();
    const s = await login(ctx.app, 'owner');
    expect((await s.get(url())).text).not.toContain('name="status[');
    expect((await s.post(url(), { 'status[M.POL.1]': 'met' })).status).toBe(409);
    expect(answers()).toHaveLength(0);
  });
});
