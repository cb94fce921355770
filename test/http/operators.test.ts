import { beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import ejs from 'ejs';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { certificates, knowledgeUpdates, operatorAssignments, operators } from '../../src/db/schema/people.js';
import { systems } from '../../src/db/schema/systems.js';
import { addDays } from '../../src/domain/cadence.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { formatDate, formatNumber, todayIso } from '../../src/i18n/format.js';
import { dictionaries, translator } from '../../src/i18n/index.js';
import { loadActor } from '../../src/modules/auth/auth.service.js';
import { reconcileLevelsInForce } from '../../src/modules/levels/levels.service.js';
import { rosterRows, systemOperators } from '../../src/modules/operators/index.js';
import { auditEntries, lastAudit, login, makeApp, type Session, countStatements } from '../helpers/app.js';

let ctx: Awaited<ReturnType<typeof makeApp>>;
let systemId: number;
let level2Id: number;
let provBSystemId: number;

const today = todayIso();
const dmy = (iso: string) => formatDate(iso);
const ID = '001088012345';

function insertSystem(code: string, nameVi: string, ownerId: number, operatorId: number, level: number | null) {
  const id = ctx.db
    .insert(systems)
    .values({ code, nameVi, ownerId, operatorId, systemType: 'public_service', lifecycleStatus: 'in_operation', goLiveDate: '2024-01-01' })
    .returning()
    .get().id;
  if (level !== null) {
    ctx.db.insert(levelDecisions).values({
      systemId: id, regime: 'nd331', answers: { ...DEFAULT_ANSWERS, systemType: 'public_service' }, computedLevel: level, proposedLevel: level,
      dossierStatus: 'approved', approvalNumber: `${level}/QĐ-UBND`, approvalDate: '2026-01-05', approvingBody: 'UBND tỉnh',
    }).run();
    reconcileLevelsInForce(ctx.db); // a decision written straight to the table: the lists' level column is set as at start-up
  }
  return id;
}

beforeEach(async () => {
  ctx = await makeApp();
  systemId = insertSystem('A-CSDL-YT', 'Cơ sở dữ liệu y tế tỉnh', ctx.fx.org.provA, ctx.fx.org.deptA2, 4);
  level2Id = insertSystem('A-NOIBO', 'Cổng thông tin nội bộ Sở Y tế', ctx.fx.org.deptA2, ctx.fx.org.deptA2, 2);
  provBSystemId = insertSystem('B-DVC', 'Cổng dịch vụ công tỉnh Bắc Lâm', ctx.fx.org.provB, ctx.fx.org.provB, 3);
});

const personForm = (extra: Record<string, string> = {}) => ({
  fullName: 'Nguyễn Văn An', organisationId: String(ctx.fx.org.deptA2), position: 'Trưởng phòng Công nghệ thông tin',
  email: 'an.nv@syt.example.vn', phone: '0912 345 678', nationalId: '', ...extra,
});
const certForm = (extra: Record<string, string> = {}) => ({
  kind: 'national_in_depth', name: 'Chứng nhận kiến thức, kỹ năng chuyên sâu về an ninh mạng', number: 'ANM-2025-0142',
  issuer: 'Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao', issueDate: dmy(addDays(today, -400)), expiryDate: dmy(addDays(today, 700)),
  status: 'valid', statusDate: '', statusReason: '', ...extra,
});
const updateFormData = (extra: Record<string, string> = {}) => ({
  date: dmy(addDays(today, -30)), programme: 'Cập nhật kiến thức an ninh mạng năm 2026', hours: '16', organiser: 'Công an tỉnh', ...extra,
});
const assignForm = (sid: number, extra: Record<string, string> = {}) => ({
  systemId: String(sid), role: 'administrator', fromDate: dmy(addDays(today, -300)), toDate: '', ...extra,
});

/** Creates a person through the form; returns the id. */
async function createPerson(s: Session, extra: Record<string, string> = {}): Promise<number> {
  const res = await s.post('/operators', personForm(extra));
  expect(res.status, res.text.slice(0, 500)).toBe(303);
  return Number(/\/operators\/(\d+)$/.exec(res.headers.location!)![1]);
}

/** A certified person with a recent knowledge update, assigned to `sid`. */
async function certifiedOperator(s: Session, sid: number, fullName: string): Promise<{ id: number; certId: number }> {
  const id = await createPerson(s, { fullName });
  // numbers are unique per issuing body: one each
  expect((await s.post(`/operators/${id}/certificates`, certForm({ number: `ANM-2025-${String(id).padStart(4, '0')}` }))).status).toBe(303);
  expect((await s.post(`/operators/${id}/updates`, updateFormData())).status).toBe(303);
  expect((await s.post(`/operators/${id}/assignments`, assignForm(sid))).status).toBe(303);
  const certId = ctx.db.select().from(certificates).where(eq(certificates.operatorId, id)).get()!.id;
  return { id, certId };
}

const actorOf = (userId: number) => loadActor(ctx.db, userId)!;
const hrOf = (sid: number) => systemOperators(ctx.db, actorOf(ctx.fx.user.owner), sid, today).hr;

/** The system-page partial rendered as the system page renders it. */
function renderPartial(sid: number): string {
  const file = 'views/partials/system-operators.ejs';
  const { operators: ops, hr } = systemOperators(ctx.db, actorOf(ctx.fx.user.owner), sid, today);
  return ejs.render(readFileSync(file, 'utf8'), {
    t: translator('vi'), fmtDate: formatDate, fmtNumber: (n: number) => formatNumber(n, 'vi'), locale: 'vi', citation: (s: string) => s,
    operators: ops, hr, systemId: sid, canWrite: true,
  }, { filename: file });
}

const rosterRow = (html: string, code: string) => {
  const start = html.indexOf(code);
  expect(start, `${code} on the roster`).toBeGreaterThan(-1);
  const end = html.indexOf('</tr>', start);
  return html.slice(start, end);
};


describe('people', () => {
  it('creates, shows, finds and edits a person, each write audited once with the national ID masked', async () => {
    const s = await login(ctx.app, 'owner');
    const before = auditEntries(ctx.db).length;
    const id = await createPerson(s, { nationalId: '0010 8801 2345' });
    const row = ctx.db.select().from(operators).where(eq(operators.id, id)).get()!;
    expect(row).toMatchObject({ fullName: 'Nguyễn Văn An', organisationId: ctx.fx.org.deptA2, nationalId: ID, phone: '0912 345 678' });
    expect(row.searchText).toContain('nguyen van an');
    expect(auditEntries(ctx.db).length).toBe(before + 1);
    const created = lastAudit(ctx.db)!;
    expect(created).toMatchObject({ action: 'create', entityType: 'operator', entityId: id, organisationId: ctx.fx.org.deptA2, systemId: null });
    expect(created.changes).toMatchObject({ fullName: [null, 'Nguyễn Văn An'], nationalId: [null, '••••••••2345'] });

    const page = await s.get(`/operators/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('••••••••2345');
    expect(page.text).not.toContain(ID);

    // folded search: no diacritics, any case
    let list = await s.get('/operators?q=NGUYEN van an');
    expect(list.text).toContain(`/operators/${id}`);
    list = await s.get('/operators?q=tran thi');
    expect(list.text).not.toContain(`/operators/${id}`);

    // the edit form never carries the stored ID; blank keeps it
    const edit = await s.get(`/operators/${id}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).not.toContain(ID);
    expect(edit.text).toContain('••••••••2345');
    expect((await s.post(`/operators/${id}`, personForm({ position: 'Phó Giám đốc Trung tâm' }))).status).toBe(303);
    expect(ctx.db.select().from(operators).where(eq(operators.id, id)).get()).toMatchObject({ position: 'Phó Giám đốc Trung tâm', nationalId: ID });
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'update', entityType: 'operator', changes: { position: ['Trưởng phòng Công nghệ thông tin', 'Phó Giám đốc Trung tâm'] } });

    // a new ID replaces it, masked in the trail; the checkbox removes it
    await s.post(`/operators/${id}`, personForm({ position: 'Phó Giám đốc Trung tâm', nationalId: '123456789' }));
    expect(lastAudit(ctx.db)!.changes).toEqual({ nationalId: ['••••••••2345', '••••••••6789'] });
    await s.post(`/operators/${id}`, personForm({ position: 'Phó Giám đốc Trung tâm', clearNationalId: '1' }));
    expect(ctx.db.select().from(operators).where(eq(operators.id, id)).get()!.nationalId).toBeNull();
    expect(lastAudit(ctx.db)!.changes).toEqual({ nationalId: ['••••••••6789', null] });
    // nothing changed: nothing written
    const n = auditEntries(ctx.db).length;
    await s.post(`/operators/${id}`, personForm({ position: 'Phó Giám đốc Trung tâm' }));
    expect(auditEntries(ctx.db).length).toBe(n);

    expect(JSON.stringify(auditEntries(ctx.db))).not.toMatch(/001088012345|123456789/);
  });

  it('records certificates, status changes and knowledge updates, one audit entry each', async () => {
    const s = await login(ctx.app, 'owner');
    const id = await createPerson(s);
    let n = auditEntries(ctx.db).length;
    expect((await s.post(`/operators/${id}/certificates`, certForm({ kind: 'international', name: 'CISSP', number: '778812', issuer: 'ISC2', expiryDate: '' }))).status).toBe(303);
    expect(auditEntries(ctx.db).length).toBe(++n);
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'create', entityType: 'certificate', organisationId: ctx.fx.org.deptA2, changes: { kind: [null, 'international'], name: [null, 'CISSP'] } });
    const cisspId = lastAudit(ctx.db)!.entityId!;

    expect((await s.post(`/operators/${id}/certificates/${cisspId}`, certForm({ kind: 'international', name: 'CISSP', number: '778812', issuer: 'ISC2', expiryDate: '', status: 'suspended', statusDate: dmy(today), statusReason: 'Chưa nộp phí duy trì', confirm: '1' }))).status).toBe(303);
    expect(auditEntries(ctx.db).length).toBe(++n);
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'state', entityType: 'certificate', entityId: cisspId, changes: { status: ['valid', 'suspended'], statusReason: [null, 'Chưa nộp phí duy trì'] } });

    expect((await s.post(`/operators/${id}/updates`, updateFormData())).status).toBe(303);
    expect(auditEntries(ctx.db).length).toBe(n + 1);
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'create', entityType: 'knowledge_update', organisationId: ctx.fx.org.deptA2, changes: { hours: [null, 16] } });

    const page = await s.get(`/operators/${id}`);
    expect(page.text).toContain('CISSP');
    expect(page.text).toContain('Tạm đình chỉ');
    expect(page.text).toContain('Cập nhật kiến thức an ninh mạng năm 2026');
    // an international certificate only: not certified
    expect(page.text).toContain('Chưa có chứng nhận');
  });

  it('refuses bad input with 422 and messages, writing nothing', async () => {
    const s = await login(ctx.app, 'owner');
    const id = await createPerson(s);
    const counts = () => [operators, certificates, knowledgeUpdates, operatorAssignments].map((t) => ctx.db.select().from(t).all().length).concat(auditEntries(ctx.db).length);
    const start = counts();

    let res = await s.post('/operators', personForm({ fullName: '', email: 'không-phải-email', nationalId: '12345', organisationId: String(ctx.fx.org.provB) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Số CMND/CCCD gồm 9 hoặc 12 chữ số.');
    expect(res.text).toContain('Địa chỉ thư điện tử không hợp lệ.');
    res = await s.post('/operators', personForm({ organisationId: String(ctx.fx.org.deptA1) })); // outside the owner's subtree
    expect(res.status).toBe(422);

    const bad: [Record<string, string>, string][] = [
      [certForm({ expiryDate: dmy(addDays(today, -500)) }), 'Ngày hết hạn phải sau ngày cấp.'],
      [certForm({ expiryDate: dmy(addDays(today, -400)) }), 'Ngày hết hạn phải sau ngày cấp.'], // the day it was issued
      [certForm({ status: 'revoked' }), 'Cần ghi ngày tạm đình chỉ hoặc thu hồi.'],
      [certForm({ status: 'revoked', statusDate: dmy(today) }), 'Cần ghi lý do tạm đình chỉ hoặc thu hồi.'],
      [certForm({ status: 'suspended', statusDate: dmy(addDays(today, 1)), statusReason: 'x', confirm: '1' }), 'Ngày này chưa đến.'],
      [certForm({ issueDate: dmy(addDays(today, 1)) }), 'Ngày này chưa đến.'],
      [certForm({ kind: 'hacker' }), 'Vui lòng chọn một giá trị trong danh sách.'],
    ];
    for (const [form, message] of bad) {
      res = await s.post(`/operators/${id}/certificates`, form);
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
    }
    for (const hours of ['0', '1001', 'mười']) {
      res = await s.post(`/operators/${id}/updates`, updateFormData({ hours }));
      expect(res.status).toBe(422);
    }
    res = await s.post(`/operators/${id}/updates`, updateFormData({ date: dmy(addDays(today, 1)) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Ngày này chưa đến.');

    res = await s.post(`/operators/${id}/assignments`, assignForm(systemId, { toDate: dmy(addDays(today, -301)) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Ngày kết thúc không thể trước ngày bắt đầu.');
    res = await s.post(`/operators/${id}/assignments`, assignForm(provBSystemId)); // another province's system
    expect(res.status).toBe(422);
    res = await s.post(`/operators/${id}/assignments`, assignForm(systemId, { fromDate: dmy(addDays(today, 1)) }));
    expect(res.status).toBe(422);
    expect(counts()).toEqual(start);

    // the same system twice over the same period
    expect((await s.post(`/operators/${id}/assignments`, assignForm(systemId))).status).toBe(303);
    res = await s.post(`/operators/${id}/assignments`, assignForm(systemId, { role: 'security', fromDate: dmy(today) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Cán bộ đã được phân công vào hệ thống này');
  });
});

describe('HR-01 on a level 4 system', () => {
  it('shows a gap at once when the only certified operator’s certificate is revoked, and clears it when another is assigned', async () => {
    const s = await login(ctx.app, 'owner');
    const an = await certifiedOperator(s, systemId, 'Nguyễn Văn An');
    expect(hrOf(systemId).map((r) => r.state)).toEqual(['ok', 'ok', 'ok']);
    let roster = await s.get('/operators/roster');
    expect(rosterRow(roster.text, 'A-CSDL-YT')).toContain('HR-01: Đạt');
    expect(renderPartial(systemId)).toContain('1 cán bộ có chứng nhận còn hiệu lực: Nguyễn Văn An.');

    // revoked through the form, dated today
    const n = auditEntries(ctx.db).length;
    const res = await s.post(`/operators/${an.id}/certificates/${an.certId}`, certForm({ status: 'revoked', statusDate: dmy(today), statusReason: 'Thu hồi theo Quyết định 45/QĐ-A05', confirm: '1' }));
    expect(res.status).toBe(303);
    expect(auditEntries(ctx.db).length).toBe(n + 1);
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'state', entityType: 'certificate', entityId: an.certId, changes: { status: ['valid', 'revoked'] } });

    const hr01 = hrOf(systemId)[0]!;
    expect(hr01).toMatchObject({ rule: 'HR-01', state: 'gap', severity: 'high', citation: 'Quyết định 515/QĐ-TTg, mục II.2.đ' });
    roster = await s.get('/operators/roster');
    expect(rosterRow(roster.text, 'A-CSDL-YT')).toContain('HR-01: Thiếu sót');
    expect(rosterRow(roster.text, 'A-CSDL-YT')).toContain('Bị thu hồi');
    const partial = renderPartial(systemId);
    expect(partial).toContain('HR-01');
    expect(partial).toContain('Chưa có cán bộ nào đang được phân công (1 người) có chứng nhận');
    expect(partial).toContain('Quyết định 515/QĐ-TTg, mục II.2.đ');
    // only problems: the system is listed
    expect((await s.get('/operators/roster?problems=1')).text).toContain('A-CSDL-YT');

    // another certified operator clears it
    await certifiedOperator(s, systemId, 'Trần Thị Bình');
    expect(hrOf(systemId)[0]).toMatchObject({ rule: 'HR-01', state: 'ok' });
    roster = await s.get('/operators/roster');
    expect(rosterRow(roster.text, 'A-CSDL-YT')).toContain('HR-01: Đạt');
    expect(renderPartial(systemId)).toContain('1 cán bộ có chứng nhận còn hiệu lực: Trần Thị Bình.');
    expect((await s.get('/operators/roster?problems=1')).text).not.toContain('A-CSDL-YT');
  });

  it('shows on the system page with its citation', async () => {
    const s = await login(ctx.app, 'owner');
    const an = await certifiedOperator(s, systemId, 'Nguyễn Văn An');
    await s.post(`/operators/${an.id}/certificates/${an.certId}`, certForm({ status: 'revoked', statusDate: dmy(today), statusReason: 'Thu hồi', confirm: '1' }));
    const page = await s.get(`/systems/${systemId}`);
    expect(page.text).toContain('HR-01');
    expect(page.text).toContain('Chưa có cán bộ nào đang được phân công (1 người) có chứng nhận');
    expect(page.text).toContain('Quyết định 515/QĐ-TTg, mục II.2.đ');
  });

  it('ends an assignment with a confirmation: the only operator gone is an HR-01 gap', async () => {
    const s = await login(ctx.app, 'owner');
    const an = await certifiedOperator(s, systemId, 'Nguyễn Văn An');
    const a = ctx.db.select().from(operatorAssignments).where(eq(operatorAssignments.operatorId, an.id)).get()!;
    const n = auditEntries(ctx.db).length;
    let res = await s.post(`/operators/${an.id}/assignments/${a.id}/end`, { toDate: dmy(addDays(today, -1)) });
    expect(res.status).toBe(422); // not confirmed
    expect(ctx.db.select().from(operatorAssignments).where(eq(operatorAssignments.id, a.id)).get()!.toDate).toBeNull();
    res = await s.post(`/operators/${an.id}/assignments/${a.id}/end`, { toDate: dmy(addDays(today, -301)), confirm: '1' });
    expect(res.status).toBe(422); // before the start
    expect(auditEntries(ctx.db).length).toBe(n);

    res = await s.post(`/operators/${an.id}/assignments/${a.id}/end`, { toDate: dmy(addDays(today, -1)), confirm: '1' });
    expect(res.status).toBe(303);
    expect(auditEntries(ctx.db).length).toBe(n + 1);
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'state', entityType: 'assignment', entityId: a.id, systemId, organisationId: ctx.fx.org.deptA2, changes: { toDate: [null, addDays(today, -1)] } });
    expect(hrOf(systemId)[0]).toMatchObject({ state: 'gap', detail: 'op.hr.noOperators' });
    expect(renderPartial(systemId)).toContain('đã thôi từ');
    // ended already: a second end is refused
    expect((await s.post(`/operators/${an.id}/assignments/${a.id}/end`, { toDate: dmy(today), confirm: '1' })).status).toBe(409);
  });

  it('audits an assignment with its system', async () => {
    const s = await login(ctx.app, 'owner');
    const id = await createPerson(s);
    const n = auditEntries(ctx.db).length;
    expect((await s.post(`/operators/${id}/assignments`, assignForm(level2Id, { role: 'operator' }))).status).toBe(303);
    expect(auditEntries(ctx.db).length).toBe(n + 1);
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'create', entityType: 'assignment', systemId: level2Id, organisationId: ctx.fx.org.deptA2, changes: { systemId: [null, level2Id], role: [null, 'operator'] } });
    // a level 2 system: the rules do not apply, and it is not on the roster
    expect(hrOf(level2Id).map((r) => r.state)).toEqual(['n/a', 'n/a', 'n/a']);
    expect((await s.get('/operators/roster')).text).not.toContain('A-NOIBO');
    expect((await s.get(`/operators/${id}`)).text).toContain('Cổng thông tin nội bộ Sở Y tế');
  });
});

describe('the roster', () => {
  it('lists level 3–5 systems the user can see with their operators, filterable by level and organisation', async () => {
    const s = await login(ctx.app, 'owner');
    await certifiedOperator(s, systemId, 'Nguyễn Văn An');
    const page = await s.get('/operators/roster');
    expect(page.status).toBe(200);
    const row = rosterRow(page.text, 'A-CSDL-YT');
    expect(row).toContain('Nguyễn Văn An');
    expect(row).toContain('Còn hiệu lực');
    expect(page.text).not.toContain('B-DVC'); // another province
    expect((await s.get('/operators/roster?level=3')).text).not.toContain('A-CSDL-YT');
    expect((await s.get('/operators/roster?level=4')).text).toContain('A-CSDL-YT');
    const admin = await login(ctx.app, 'admin');
    expect((await admin.get(`/operators/roster?org=${ctx.fx.org.deptA1}`)).text).not.toContain('A-CSDL-YT');
    expect((await admin.get(`/operators/roster?org=${ctx.fx.org.deptA2}`)).text).toContain('A-CSDL-YT');
    const b = await login(ctx.app, 'adminb');
    const bPage = await b.get('/operators/roster');
    expect(bPage.text).toContain('B-DVC');
    expect(rosterRow(bPage.text, 'B-DVC')).toContain('HR-01: Thiếu sót');
    expect(bPage.text).not.toContain('Nguyễn Văn An');
  });
});

describe('the roster’s queries', () => {
  it('loads each table once whatever the number of systems (no N+1)', async () => {
    const s = await login(ctx.app, 'owner');
    const actor = actorOf(ctx.fx.user.owner);
    const statements = (run: () => unknown) => countStatements(ctx.db, run);
    await certifiedOperator(s, systemId, 'Nguyễn Văn An');
    rosterRows(ctx.db, actor, {}, today); // brings the level column up to date with the change log first
    const one = statements(() => expect(rosterRows(ctx.db, actor, {}, today)).toHaveLength(1));
    for (const i of [1, 2, 3, 4]) {
      const sid = insertSystem(`A-HT-${i}`, `Hệ thống số ${i}`, ctx.fx.org.deptA2, ctx.fx.org.deptA2, 3 + (i % 3));
      await certifiedOperator(s, sid, `Cán bộ số ${i}`);
    }
    rosterRows(ctx.db, actor, {}, today);
    const five = statements(() => expect(rosterRows(ctx.db, actor, {}, today)).toHaveLength(5));
    expect(five).toBe(one);
    expect(one).toBeGreaterThanOrEqual(4); // systems, assignments, certificates, updates
    expect(one).toBeLessThanOrEqual(5);
  });
});

describe('authorisation', () => {
  let personId: number;
  let certId: number;
  beforeEach(async () => {
    const owner = await login(ctx.app, 'owner');
    ({ id: personId, certId } = await certifiedOperator(owner, systemId, 'Nguyễn Văn An'));
  });

  const writes = () => [
    ['/operators', personForm()],
    [`/operators/${personId}`, personForm()],
    [`/operators/${personId}/certificates`, certForm()],
    [`/operators/${personId}/certificates/${certId}`, certForm({ status: 'revoked', statusDate: dmy(today), statusReason: 'x', confirm: '1' })],
    [`/operators/${personId}/updates`, updateFormData()],
    [`/operators/${personId}/assignments`, assignForm(level2Id)],
    [`/operators/${personId}/assignments/1/end`, { toDate: dmy(today), confirm: '1' }],
  ] as const;

  // the viewer sees the person and may not write (403); the auditor does not see them at all (404)
  it.each([['viewer', 403], ['auditor', 404]] as const)('refuses every write by a %s (%i), writing nothing', async (who, status) => {
    const s = await login(ctx.app, who);
    const n = auditEntries(ctx.db).length;
    for (const [url, data] of writes()) expect((await s.post(url, data)).status, url).toBe(url === '/operators' ? 403 : status);
    expect((await s.get('/operators/new')).status).toBe(403);
    expect((await s.get(`/operators/${personId}/edit`)).status).toBe(status);
    expect(auditEntries(ctx.db).length).toBe(n);
  });

  it('lets a viewer read people without forms, and shows an auditor none', async () => {
    const viewer = await login(ctx.app, 'viewer');
    const page = await viewer.get(`/operators/${personId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nguyễn Văn An');
    expect(page.text).not.toContain('Thêm chứng nhận');
    expect((await viewer.get('/operators')).text).toContain(`/operators/${personId}`);
    const auditor = await login(ctx.app, 'auditor');
    expect((await auditor.get('/operators')).text).not.toContain('Nguyễn Văn An');
    expect((await auditor.get(`/operators/${personId}`)).status).toBe(404);
  });

  it('answers 404 for a person of another subtree (adminb, and an owner of a sibling department)', async () => {
    const b = await login(ctx.app, 'adminb');
    expect((await b.get(`/operators/${personId}`)).status).toBe(404);
    expect((await b.get(`/operators/${personId}/edit`)).status).toBe(404);
    expect((await b.get('/operators')).text).not.toContain('Nguyễn Văn An');
    const n = auditEntries(ctx.db).length;
    for (const [url, data] of writes().slice(1)) expect((await b.post(url, data)).status, url).toBe(404);
    expect(auditEntries(ctx.db).length).toBe(n);
    const sibling = await login(ctx.app, 'owner1');
    expect((await sibling.get(`/operators/${personId}`)).status).toBe(404);
  });

  it('refuses a write without the CSRF token (403)', async () => {
    const s = await login(ctx.app, 'owner');
    const n = ctx.db.select().from(knowledgeUpdates).all().length;
    const res = await s.agent.post(`/operators/${personId}/updates`).type('form').send(updateFormData());
    expect(res.status).toBe(403);
    expect(ctx.db.select().from(knowledgeUpdates).all().length).toBe(n);
    // and a signed-out visitor is sent to the login page
    expect((await request(ctx.app).get('/operators')).status).toBe(303);
  });
});

describe('the dictionary', () => {
  it('translates every key the rules and the pages produce', () => {
    const keys = [
      ...['HR-01', 'HR-02', 'HR-03'].map((r) => `op.rule.${r}`),
      ...['ok', 'due_soon', 'gap', 'na'].map((s) => `op.state.${s}`),
      ...['valid', 'expiring', 'expired', 'suspended', 'revoked', 'none'].map((s) => `op.cert.${s}`),
      ...['national_in_depth', 'international', 'other'].map((k) => `op.kind.${k}`),
      ...['valid', 'suspended', 'revoked'].map((s) => `op.status.${s}`),
      ...['administrator', 'operator', 'security'].map((r) => `op.role.${r}`),
      ...['operator', 'certificate', 'knowledge_update', 'assignment'].map((e) => `audit.entity.${e}`),
      'op.hr.na', 'op.hr.noOperators', 'op.hr01.noCertified', 'op.hr01.ok', 'op.hr02.expired', 'op.hr02.expiring', 'op.hr02.ok', 'op.hr02.nothing', 'op.hr03.missing', 'op.hr03.ok', 'op.hr03.dueSoon',
    ];
    for (const k of keys) {
      expect(dictionaries.vi[k], k).toBeTruthy();
      expect(dictionaries.en[k], k).toBeTruthy();
    }
  });
});
