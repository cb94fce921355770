import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { checklistAnswers } from '../../src/db/schema/compliance.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { systems } from '../../src/db/schema/systems.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { loadActor } from '../../src/modules/auth/auth.service.js';
import { checklistSummary } from '../../src/modules/checklists/index.js';
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
    expect(page.text).not.toContain('Chưa được kiểm chứng');
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
    expect(page.text).toContain('Chưa được kiểm chứng — nguồn thứ cấp');
    expect(rowIds(page.text)).toHaveLength(16);
    expect((await s.post(url(), { 'status[G.RISK]': 'met' })).status).toBe(303);
    expect(answers()[0]).toMatchObject({ catalogue: 'tcvn-14423-2026', itemId: 'G.RISK', systemId: other });
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
