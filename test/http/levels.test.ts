// The level wizard and the dossier over HTTP: compute writes nothing, save writes one draft and one
// audit entry, the dossier moves draft → submitted → appraised → approved, re-determination keeps history.
import { asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { levelDecisions, type LevelDecisionRow } from '../../src/db/schema/level-decisions.js';
import { determineMinimumLevel, type LevelAnswers } from '../../src/domain/level-criteria.js';
import { auditEntries, lastAudit, login, makeApp, type App, type Fixture, type Session } from '../helpers/app.js';

let app: App;
let db: Db;
let fx: Fixture;

beforeEach(async () => {
  ({ app, db, fx } = await makeApp());
});

const decisionRows = () => db.select().from(levelDecisions).orderBy(asc(levelDecisions.id)).all();
const decisionRow = (id: number) => db.select().from(levelDecisions).where(eq(levelDecisions.id, id)).get();
const auditCount = () => auditEntries(db).length;

/** Registers a system through the real form (as the given session) and returns its id. */
async function createSystem(s: Session, extra: Record<string, string> = {}): Promise<number> {
  const res = await s.post('/systems', {
    code: 'HT-DVC-01',
    nameVi: 'Cổng dịch vụ công của Sở Y tế',
    ownerId: String(fx.org.deptA2),
    operatorId: String(fx.org.deptA2),
    systemType: 'public_service',
    lifecycleStatus: 'in_operation',
    goLiveDate: '01/03/2024',
    hosting: 'own_premises',
    separation: 'logical',
    ...extra,
  });
  expect(res.status).toBe(303);
  const m = /^\/systems\/(\d+)$/.exec(res.headers.location ?? '');
  if (!m) throw new Error(`unexpected redirect: ${res.headers.location}`);
  return Number(m[1]);
}

/** Wizard fields for an internal system processing public information only (level 1), plus changes. */
const wizard = (extra: Record<string, string> = {}) => ({
  regime: 'nd331',
  systemType: 'internal',
  infoPublic: '1',
  stateSecret: 'none',
  scope: 'organisation',
  icsWorksGrade: 'none',
  basicPdSubjects: '0',
  sensitivePdSubjects: '0',
  users: '0',
  ...extra,
});

/** "Mật" state secrets: minimum level 3 under either regime (ND331 Art 13.1). */
const secretMat = (extra: Record<string, string> = {}) => wizard({ stateSecret: 'mat', ...extra });

function decisionIdFrom(location: string | undefined, systemId: number): number {
  const m = new RegExp(`^/systems/${systemId}/decisions/(\\d+)$`).exec(location ?? '');
  if (!m) throw new Error(`unexpected redirect: ${location}`);
  return Number(m[1]);
}

async function saveDecision(s: Session, systemId: number, fields: Record<string, string>): Promise<number> {
  const res = await s.post(`/systems/${systemId}/decisions`, { ...fields, intent: 'save' });
  expect(res.status).toBe(303);
  return decisionIdFrom(res.headers.location, systemId);
}

async function step(s: Session, systemId: number, id: number, name: string, fields: Record<string, string>) {
  return s.post(`/systems/${systemId}/decisions/${id}/steps/${name}`, fields);
}

/** Submit, appraise and approve a draft, asserting each step answers 303. */
async function approveDecision(s: Session, systemId: number, id: number, dates: { submitted: string; appraised: string; approved: string }, approvalNumber: string) {
  expect((await step(s, systemId, id, 'submit', { submittedDate: dates.submitted })).status).toBe(303);
  expect((await step(s, systemId, id, 'appraise', { appraisalBody: 'Sở Khoa học và Công nghệ', appraisalDate: dates.appraised, appraisalRef: '12/TĐ-SKHCN' })).status).toBe(303);
  expect((await step(s, systemId, id, 'approve', { approvalNumber, approvalDate: dates.approved, approvingBody: 'UBND tỉnh An Hòa' })).status).toBe(303);
}

/** The "level in force" card at the top of the system page. */
function levelCard(html: string): string {
  const m = /<section class="card level-card">([\s\S]*?)<\/section>/.exec(html);
  if (!m) throw new Error('no level card in the page');
  return m[1]!;
}

/** The "level history" table of the system page. */
function historySection(html: string): string {
  const start = html.indexOf('Lịch sử xác định cấp độ');
  if (start < 0) throw new Error('no level history in the page');
  return html.slice(start, html.indexOf('</section>', start));
}

describe('the wizard computes without writing', () => {
  it('renders the minimum level and the deciding article, and writes nothing', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const auditBefore = auditCount();

    const res = await admin.post(`/systems/${systemId}/decisions`, { ...secretMat(), intent: 'compute' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Cấp độ tối thiểu: 3');
    expect(res.text).toContain('Xử lý bí mật nhà nước độ Mật');
    expect(res.text).toContain('Nghị định 331/2026/NĐ-CP, Điều 13.1');
    expect(decisionRows()).toHaveLength(0);
    expect(auditCount()).toBe(auditBefore);
  });

  it('shows the starting wizard for a system with level 1 as the default result', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin, { systemType: 'internal' });
    const res = await admin.get(`/systems/${systemId}/decisions/new`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Cấp độ tối thiểu: 1');
    expect(res.text).toContain('Điều 11.1');
  });
});

describe('saving a proposal', () => {
  it('creates a draft with the computed level from the domain and exactly one audit entry', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const auditBefore = auditCount();

    const id = await saveDecision(admin, systemId, secretMat());
    const rows = decisionRows();
    expect(rows).toHaveLength(1);
    const d = rows[0]!;
    expect(d.id).toBe(id);
    expect(d.systemId).toBe(systemId);
    expect(d.dossierStatus).toBe('draft');
    expect(d.regime).toBe('nd331');
    const expected = determineMinimumLevel('nd331', d.answers as LevelAnswers).minimumLevel;
    expect(expected).toBe(3);
    expect(d.computedLevel).toBe(expected);
    expect(d.proposedLevel).toBe(3);
    expect(d.createdBy).toBe(fx.user.admin);
    expect((d.answers as LevelAnswers).stateSecret).toBe('mat');

    expect(auditCount()).toBe(auditBefore + 1);
    const entry = lastAudit(db)!;
    expect(entry).toMatchObject({ entityType: 'level_decision', action: 'create', entityId: id, systemId, actorId: fx.user.admin });

    const page = await admin.get(`/systems/${systemId}/decisions/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<span class="dossier dossier-draft">Nháp</span>');
  });

  it('refuses a proposed level below the minimum (422, field error) and writes nothing', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const auditBefore = auditCount();

    const res = await admin.post(`/systems/${systemId}/decisions`, { ...secretMat({ proposedLevel: '2' }), intent: 'save' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="f-proposedLevel"[^>]*aria-invalid=true/);
    expect(res.text).toContain('Không được đề xuất cấp độ thấp hơn cấp độ tối thiểu theo tiêu chí.');
    expect(decisionRows()).toHaveLength(0);
    expect(auditCount()).toBe(auditBefore);
  });

  it('asks for a reason when the proposal is above the minimum, and saves it once given', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const auditBefore = auditCount();

    const noReason = await admin.post(`/systems/${systemId}/decisions`, { ...secretMat({ proposedLevel: '4' }), intent: 'save' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Đề xuất cấp độ cao hơn mức tối thiểu cần nêu lý do.');
    expect(decisionRows()).toHaveLength(0);
    expect(auditCount()).toBe(auditBefore);

    const reason = 'Hệ thống kết nối với cơ sở dữ liệu quốc gia về dân cư';
    const id = await saveDecision(admin, systemId, secretMat({ proposedLevel: '4', proposalReason: reason }));
    const d = decisionRow(id)!;
    expect(d.computedLevel).toBe(3);
    expect(d.proposedLevel).toBe(4);
    expect(d.proposalReason).toBe(reason);
    expect(auditCount()).toBe(auditBefore + 1);
  });

  it('refuses a second proposal while one is pending (409) and writes nothing', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const first = await saveDecision(admin, systemId, secretMat());
    const auditBefore = auditCount();

    const res = await admin.post(`/systems/${systemId}/decisions`, { ...wizard(), intent: 'save' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Hệ thống đang có một hồ sơ đề xuất chưa xử lý xong');
    expect(decisionRows().map((d) => d.id)).toEqual([first]);
    expect(auditCount()).toBe(auditBefore);

    // still refused once the pending one has been submitted
    expect((await step(admin, systemId, first, 'submit', { submittedDate: '02/01/2025' })).status).toBe(303);
    expect((await admin.post(`/systems/${systemId}/decisions`, { ...wizard(), intent: 'save' })).status).toBe(409);
    expect(decisionRows()).toHaveLength(1);
  });
});

describe('the dossier path', () => {
  it('goes draft → submitted → appraised → approved with one state audit entry per step', async () => {
    const owner = await login(app, 'owner');
    const systemId = await createSystem(owner);
    const id = await saveDecision(owner, systemId, secretMat());

    const steps: { name: string; fields: Record<string, string>; from: string; to: string; iso: Partial<LevelDecisionRow> }[] = [
      { name: 'submit', fields: { submittedDate: '02/01/2025' }, from: 'draft', to: 'submitted', iso: { submittedDate: '2025-01-02' } },
      {
        name: 'appraise',
        fields: { appraisalBody: 'Sở Khoa học và Công nghệ', appraisalDate: '10/01/2025', appraisalRef: '12/TĐ-SKHCN' },
        from: 'submitted', to: 'appraised', iso: { appraisalDate: '2025-01-10', appraisalRef: '12/TĐ-SKHCN' },
      },
      {
        name: 'approve',
        fields: { approvalNumber: '345/QĐ-UBND', approvalDate: '20/01/2025', approvingBody: 'UBND tỉnh An Hòa' },
        from: 'appraised', to: 'approved', iso: { approvalDate: '2025-01-20', approvalNumber: '345/QĐ-UBND' },
      },
    ];
    for (const s of steps) {
      const before = auditCount();
      const res = await step(owner, systemId, id, s.name, s.fields);
      expect(res.status, s.name).toBe(303);
      expect(res.headers.location).toBe(`/systems/${systemId}/decisions/${id}`);
      expect(decisionRow(id)).toMatchObject({ dossierStatus: s.to, ...s.iso });
      expect(auditCount(), s.name).toBe(before + 1);
      const entry = lastAudit(db)!;
      expect(entry).toMatchObject({ action: 'state', entityType: 'level_decision', entityId: id, systemId, actorId: fx.user.owner });
      expect(entry.changes?.dossierStatus).toEqual([s.from, s.to]);
    }

    const page = await owner.get(`/systems/${systemId}`);
    expect(levelCard(page.text)).toContain('level-badge level-3');
    expect(levelCard(page.text)).toContain('345/QĐ-UBND');
  });

  it('refuses an approval dated before the appraisal (422) and changes nothing', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const id = await saveDecision(admin, systemId, secretMat());
    await step(admin, systemId, id, 'submit', { submittedDate: '02/01/2025' });
    await step(admin, systemId, id, 'appraise', { appraisalBody: 'Sở KH&CN', appraisalDate: '10/01/2025', appraisalRef: '12/TĐ' });
    const before = decisionRow(id);
    const auditBefore = auditCount();

    const res = await step(admin, systemId, id, 'approve', { approvalNumber: '1/QĐ', approvalDate: '09/01/2025', approvingBody: 'UBND tỉnh' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Ngày phê duyệt không thể trước ngày thẩm định hoặc ngày trình.');
    expect(decisionRow(id)).toEqual(before);
    expect(decisionRow(id)!.dossierStatus).toBe('appraised');
    expect(auditCount()).toBe(auditBefore);
  });

  it('refuses a date in the future (422) and changes nothing', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const id = await saveDecision(admin, systemId, secretMat());
    const auditBefore = auditCount();

    const submit = await step(admin, systemId, id, 'submit', { submittedDate: '01/01/2199' });
    expect(submit.status).toBe(422);
    expect(submit.text).toContain('Ngày này chưa đến.');
    expect(decisionRow(id)!.dossierStatus).toBe('draft');

    await step(admin, systemId, id, 'submit', { submittedDate: '02/01/2025' });
    const approve = await step(admin, systemId, id, 'approve', { approvalNumber: '1/QĐ', approvalDate: '01/01/2199', approvingBody: 'UBND tỉnh' });
    expect(approve.status).toBe(422);
    expect(approve.text).toContain('Ngày này chưa đến.');
    expect(decisionRow(id)!.dossierStatus).toBe('submitted');
    expect(decisionRow(id)!.approvalDate).toBeNull();
    expect(auditCount()).toBe(auditBefore + 1); // the submit only
  });

  it.each(['publish', 'toString', 'constructor', '__proto__'])('answers 404 for the unknown step %s and changes nothing', async (name) => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const id = await saveDecision(admin, systemId, secretMat());
    const auditBefore = auditCount();

    const res = await step(admin, systemId, id, name, { submittedDate: '02/01/2025' });
    expect(res.status).toBe(404);
    expect(res.text).toContain('Không tìm thấy trang');
    expect(decisionRow(id)!.dossierStatus).toBe('draft');
    expect(auditCount()).toBe(auditBefore);
  });
});

describe('re-determination', () => {
  it('adds a new approved decision; the system shows the new level and keeps the earlier one as history', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);

    const first = await saveDecision(admin, systemId, secretMat());
    await approveDecision(admin, systemId, first, { submitted: '02/01/2024', appraised: '10/01/2024', approved: '20/01/2024' }, '100/QĐ-UBND');
    const firstRow = decisionRow(first)!;
    expect(firstRow.dossierStatus).toBe('approved');

    const before = await admin.get(`/systems/${systemId}`);
    expect(levelCard(before.text)).toContain('level-badge level-3');
    expect(levelCard(before.text)).toContain('Xác định lại cấp độ');

    // "Tối mật" state secrets: level 4
    const second = await saveDecision(admin, systemId, wizard({ stateSecret: 'toi_mat' }));
    expect(second).not.toBe(first);
    expect(decisionRow(second)).toMatchObject({ computedLevel: 4, proposedLevel: 4, dossierStatus: 'draft' });
    await approveDecision(admin, systemId, second, { submitted: '03/02/2025', appraised: '10/02/2025', approved: '20/02/2025' }, '200/QĐ-UBND');

    const page = await admin.get(`/systems/${systemId}`);
    expect(page.status).toBe(200);
    const card = levelCard(page.text);
    expect(card).toContain('level-badge level-4');
    expect(card).not.toContain('level-badge level-3');
    expect(card).toContain('200/QĐ-UBND');
    expect(card).not.toContain('100/QĐ-UBND');

    const history = historySection(page.text);
    expect(history).toContain(`/systems/${systemId}/decisions/${first}"`);
    expect(history).toContain(`/systems/${systemId}/decisions/${second}"`);
    expect(history).toContain('100/QĐ-UBND · 20/01/2024');
    expect(history).toContain('200/QĐ-UBND · 20/02/2025');

    // the earlier decision is history, not overwritten
    expect(decisionRows()).toHaveLength(2);
    expect(decisionRow(first)).toEqual(firstRow);
  });

  it('shows a pending proposal on the system page', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const empty = await admin.get(`/systems/${systemId}`);
    expect(empty.text).not.toContain('Đề xuất đang xử lý');
    expect(levelCard(empty.text)).toContain('/decisions/new');

    const id = await saveDecision(admin, systemId, secretMat());
    const page = await admin.get(`/systems/${systemId}`);
    const card = levelCard(page.text);
    expect(card).toContain('Đề xuất đang xử lý');
    expect(card).toContain(`href="/systems/${systemId}/decisions/${id}"`);
    expect(card).toContain('Cấp độ 3 · Nháp');
    expect(card).toContain('Tiếp tục hồ sơ đang xử lý');
    expect(card).not.toContain('/decisions/new');
  });
});

describe('thresholds through HTTP', () => {
  const compute = async (s: Session, systemId: number, fields: Record<string, string>) => {
    const res = await s.post(`/systems/${systemId}/decisions`, { ...fields, intent: 'compute' });
    expect(res.status).toBe(200);
    const m = /Cấp độ tối thiểu: (\d)/.exec(res.text);
    if (!m) throw new Error('no minimum level in the page');
    return { level: Number(m[1]), html: res.text };
  };

  it('counts basic personal-data subjects typed with dots: 99.999 gives 2, 100.000 gives 3 (nd331)', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const online = (n: string) => wizard({ systemType: 'public_service', infoPersonal: '1', basicPdSubjects: n });

    expect((await compute(admin, systemId, online('99.999'))).level).toBe(2);
    const at = await compute(admin, systemId, online('100.000'));
    expect(at.level).toBe(3);
    expect(at.html).toContain('Điều 13.2.c');
    expect(decisionRows()).toHaveLength(0);

    const id = await saveDecision(admin, systemId, online('100.000'));
    const d = decisionRow(id)!;
    expect((d.answers as LevelAnswers).basicPdSubjects).toBe(100_000);
    expect(d.computedLevel).toBe(3);
  });

  it('gives level 3 for administrative procedures under nd331 but not under nd85', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin, { systemType: 'internal' });

    const nd331 = await compute(admin, systemId, wizard({ handlesAdministrativeProcedures: '1' }));
    expect(nd331.level).toBe(3);
    expect(nd331.html).toContain('Hệ thống giải quyết thủ tục hành chính');
    expect(nd331.html).toContain('Điều 13.2.b');

    const nd85 = await compute(admin, systemId, wizard({ regime: 'nd85', handlesAdministrativeProcedures: '1' }));
    expect(nd85.level).toBe(1);
    expect(nd85.html).not.toContain('Hệ thống giải quyết thủ tục hành chính');
    expect(decisionRows()).toHaveLength(0);
  });
});

describe('who may reach a decision', () => {
  it('refuses a viewer (403) and writes nothing', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const id = await saveDecision(admin, systemId, secretMat());
    const viewer = await login(app, 'viewer');
    const auditBefore = auditCount();

    // the viewer may look
    expect((await viewer.get(`/systems/${systemId}/decisions/${id}`)).status).toBe(200);
    // but not write
    expect((await viewer.post(`/systems/${systemId}/decisions`, { ...wizard(), intent: 'save' })).status).toBe(403);
    expect((await step(viewer, systemId, id, 'submit', { submittedDate: '02/01/2025' })).status).toBe(403);
    expect((await viewer.post(`/systems/${systemId}/decisions/${id}/edit`, { ...wizard(), intent: 'save' })).status).toBe(403);
    expect(decisionRows()).toHaveLength(1);
    expect(decisionRow(id)).toMatchObject({ dossierStatus: 'draft', computedLevel: 3 });
    expect(auditCount()).toBe(auditBefore);
  });

  it("answers 404 to another province's admin, like a missing decision, and writes nothing", async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const id = await saveDecision(admin, systemId, secretMat());
    const adminB = await login(app, 'adminb');
    const auditBefore = auditCount();

    expect((await adminB.get(`/systems/${systemId}/decisions/${id}`)).status).toBe(404);
    expect((await adminB.get(`/systems/${systemId}/decisions/new`)).status).toBe(404);
    expect((await adminB.get(`/systems/${systemId}/decisions/${id}/edit`)).status).toBe(404);
    expect((await step(adminB, systemId, id, 'submit', { submittedDate: '02/01/2025' })).status).toBe(404);
    expect((await adminB.post(`/systems/${systemId}/decisions`, { ...wizard(), intent: 'save' })).status).toBe(404);
    expect(decisionRow(id)!.dossierStatus).toBe('draft');
    expect(decisionRows()).toHaveLength(1);
    expect(auditCount()).toBe(auditBefore);
    // and the owner's own admin still sees it
    expect((await admin.get(`/systems/${systemId}/decisions/${id}`)).status).toBe(200);
  });

  it('answers 404 for malformed and missing ids', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const id = await saveDecision(admin, systemId, secretMat());
    for (const url of [
      `/systems/abc/decisions/${id}`,
      `/systems/${systemId}/decisions/xyz`,
      `/systems/abc/decisions/new`,
      `/systems/${systemId}/decisions/${id + 100}`,
      `/systems/${systemId + 100}/decisions/${id}`,
      `/systems/${systemId}/decisions/1e3`,
    ]) {
      const res = await admin.get(url);
      expect(res.status, url).toBe(404);
      expect(res.text, url).toContain('Không tìm thấy trang');
    }
  });

  it('refuses a save without the CSRF token (403) and writes nothing', async () => {
    const admin = await login(app, 'admin');
    const systemId = await createSystem(admin);
    const auditBefore = auditCount();

    const res = await admin.agent.post(`/systems/${systemId}/decisions`).type('form').send({ ...secretMat(), intent: 'save' });
    expect(res.status).toBe(403);
    const forged = await admin.agent.post(`/systems/${systemId}/decisions`).type('form').send({ ...secretMat(), intent: 'save', _csrf: 'not-the-token' });
    expect(forged.status).toBe(403);
    expect(decisionRows()).toHaveLength(0);
    expect(auditCount()).toBe(auditBefore);
  });
});
