// The role × action matrix: for every role (and an admin of another province), what each action
// answers, and that a refused action writes nothing — no row and no audit entry. Every form's page (its
// GET) answers like the form's POST would: 403 to a role that may not send it, 404 where the record is
// out of the user's scope, 409 where the record may no longer change, and 200 otherwise (a POST that
// only fails on the values typed, 422, still has a usable form).
import { describe, expect, it } from 'vitest';
import { assessments, findings } from '../../src/db/schema/assessments.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { budgets, drills, operators } from '../../src/db/schema/people.js';
import { engagements } from '../../src/db/schema/protection.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { auditEntries, login, makeApp, type Session } from '../helpers/app.js';

type Ctx = Awaited<ReturnType<typeof makeApp>> & {
  systemId: number; draftId: number; emptyOrgId: number;
  /** a system of the province that the auditor's company is engaged to assess (the auditor sees it) */
  engagedId: number;
  operatorId: number; drillId: number; budgetId: number; assessmentId: number; findingId: number;
};

async function setup(): Promise<Ctx> {
  const ctx = await makeApp();
  const code = 'A-HIS';
  const nameVi = 'Phần mềm quản lý bệnh viện';
  const systemId = ctx.db
    .insert(systems)
    .values({ code, nameVi, ownerId: ctx.fx.org.provA, operatorId: ctx.fx.org.unitA21, systemType: 'internal', searchText: searchTextFor({ code, nameVi }) })
    .returning()
    .get().id;
  const draftId = ctx.db
    .insert(levelDecisions)
    .values({ systemId, regime: 'nd331', answers: DEFAULT_ANSWERS, computedLevel: 1, proposedLevel: 1 })
    .returning()
    .get().id;
  const emptyOrgId = ctx.db
    .insert(organisations)
    .values({ code: 'A-EMPTY', nameVi: 'Phòng chưa dùng', parentId: ctx.fx.org.deptA2 })
    .returning()
    .get().id;
  const engagedId = ctx.db
    .insert(systems)
    .values({ code: 'A-LGSP', nameVi: 'Nền tảng tích hợp dữ liệu', ownerId: ctx.fx.org.provA, operatorId: ctx.fx.org.deptA1, systemType: 'internal', searchText: searchTextFor({ code: 'A-LGSP', nameVi: 'Nền tảng tích hợp dữ liệu' }) })
    .returning()
    .get().id;
  ctx.db.insert(engagements).values({ systemId: engagedId, assessorKind: 'provider', assessorId: ctx.fx.org.provider, contractNumber: 'HĐ-01', startDate: '2020-01-01' }).run();
  const operatorId = ctx.db.insert(operators).values({ fullName: 'Nguyễn Văn Quản', organisationId: ctx.fx.org.unitA21 }).returning().get().id;
  const drillId = ctx.db.insert(drills).values({ organisationId: ctx.fx.org.deptA2, date: '2026-03-01', kind: 'tabletop', scenario: 'Mã độc tống tiền' }).returning().get().id;
  const budgetId = ctx.db.insert(budgets).values({ organisationId: ctx.fx.org.deptA2, year: 2026, itBudget: 1000, securitySpending: 100 }).returning().get().id;
  const assessmentId = ctx.db.insert(assessments).values({ systemId: engagedId, assessorId: ctx.fx.org.provider, kind: 'periodic', performedDate: '2026-02-01', result: 'passed_with_findings' }).returning().get().id;
  const findingId = ctx.db.insert(findings).values({ assessmentId, systemId: engagedId, title: 'Chưa bật xác thực hai yếu tố', severity: 'high', dueDate: '2026-12-31' }).returning().get().id;
  return { ...ctx, systemId, draftId, emptyOrgId, engagedId, operatorId, drillId, budgetId, assessmentId, findingId };
}

/** A fingerprint of everything an action could write. */
function snapshot(ctx: Ctx) {
  const db = ctx.db;
  return JSON.stringify([
    db.select().from(systems).all(),
    db.select().from(levelDecisions).all(),
    db.select().from(organisations).all(),
    db.select().from(users).all().map((u) => ({ ...u, lastLoginAt: null })),
    db.select().from(operators).all(),
    db.select().from(drills).all(),
    db.select().from(budgets).all(),
    db.select().from(assessments).all(),
    db.select().from(findings).all(),
    auditEntries(db).filter((a) => a.action !== 'login').length,
  ]);
}

const systemForm = (ctx: Ctx, code: string) => ({
  code, nameVi: 'Hệ thống mới', ownerId: String(ctx.fx.org.provA), operatorId: String(ctx.fx.org.unitA21), systemType: 'internal',
  lifecycleStatus: 'planned', hosting: 'own_premises', separation: 'logical',
});

/** An upload form (multipart), with the session's CSRF token among its fields. */
function postMultipart(s: Session, url: string, fields: Record<string, string>) {
  let req = s.agent.post(url).field('_csrf', s.csrf);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req;
}

const assessmentFields = (c: Ctx) => ({ kind: 'periodic', assessorId: String(c.fx.org.provider), performedDate: '01/03/2026', result: 'passed', scopeCompliance: '1' });
const findingFields = { title: 'Chưa mã hóa kết nối quản trị', severity: 'medium', status: 'open', dueDate: '30/12/2026' };

type Role = 'admin' | 'owner' | 'viewer' | 'auditor' | 'adminb';

interface Action {
  name: string;
  /** the page the form is on, when it has one of its own: its GET answers like this POST */
  form?: (ctx: Ctx) => string;
  run: (s: Session, ctx: Ctx) => Promise<{ status: number }>;
  writes: boolean; // a GET never writes; a POST that succeeds must
  expect: Record<Role, number>;
}

const ACTIONS: Action[] = [
  { name: 'view a system', writes: false, run: (s, c) => s.get(`/systems/${c.systemId}`), expect: { admin: 200, owner: 200, viewer: 200, auditor: 404, adminb: 404 } },
  { name: 'list systems', writes: false, run: (s) => s.get('/systems'), expect: { admin: 200, owner: 200, viewer: 200, auditor: 200, adminb: 200 } },
  { name: 'register a system', writes: true, form: () => '/systems/new', run: (s, c) => s.post('/systems', systemForm(c, 'NEW-1')), expect: { admin: 303, owner: 303, viewer: 403, auditor: 403, adminb: 422 } },
  { name: 'edit a system', writes: true, form: (c) => `/systems/${c.systemId}/edit`, run: (s, c) => s.post(`/systems/${c.systemId}`, systemForm(c, 'A-HIS-2')), expect: { admin: 303, owner: 303, viewer: 403, auditor: 404, adminb: 404 } },
  { name: 'edit a system the auditor assesses', writes: true, form: (c) => `/systems/${c.engagedId}/edit`, run: (s, c) => s.post(`/systems/${c.engagedId}`, systemForm(c, 'A-LGSP-2')), expect: { admin: 303, owner: 404, viewer: 403, auditor: 403, adminb: 404 } },
  { name: 'decommission a system', writes: true, form: (c) => `/systems/${c.systemId}/decommission`, run: (s, c) => s.post(`/systems/${c.systemId}/decommission`, { decommissionedAt: '01/11/2026', confirm: '1' }), expect: { admin: 303, owner: 303, viewer: 403, auditor: 404, adminb: 404 } },
  { name: 'decommission a system the auditor assesses', writes: true, form: (c) => `/systems/${c.engagedId}/decommission`, run: (s, c) => s.post(`/systems/${c.engagedId}/decommission`, { decommissionedAt: '01/11/2026', confirm: '1' }), expect: { admin: 303, owner: 404, viewer: 403, auditor: 403, adminb: 404 } },
  { name: 'view a level decision', writes: false, run: (s, c) => s.get(`/systems/${c.systemId}/decisions/${c.draftId}`), expect: { admin: 200, owner: 200, viewer: 200, auditor: 404, adminb: 404 } },
  { name: 'propose a level', writes: true, form: (c) => `/systems/${c.engagedId}/decisions/new`, run: (s, c) => s.post(`/systems/${c.engagedId}/decisions`, { intent: 'save', regime: 'nd331', systemType: 'internal', infoPrivate: '1', stateSecret: 'none', scope: 'organisation', icsWorksGrade: 'none' }), expect: { admin: 303, owner: 404, viewer: 403, auditor: 403, adminb: 404 } },
  { name: 'propose a level while a proposal is under way', writes: true, form: (c) => `/systems/${c.systemId}/decisions/new`, run: (s, c) => s.post(`/systems/${c.systemId}/decisions`, { intent: 'save', regime: 'nd331', systemType: 'internal', infoPrivate: '1', stateSecret: 'none', scope: 'organisation', icsWorksGrade: 'none' }), expect: { admin: 409, owner: 409, viewer: 403, auditor: 403, adminb: 404 } },
  { name: 'edit a draft level decision', writes: true, form: (c) => `/systems/${c.systemId}/decisions/${c.draftId}/edit`, run: (s, c) => s.post(`/systems/${c.systemId}/decisions/${c.draftId}/edit`, { intent: 'save', regime: 'nd331', systemType: 'internal', infoPrivate: '1', stateSecret: 'none', scope: 'organisation', icsWorksGrade: 'none' }), expect: { admin: 303, owner: 303, viewer: 403, auditor: 404, adminb: 404 } },
  { name: 'submit a level dossier', writes: true, run: (s, c) => s.post(`/systems/${c.systemId}/decisions/${c.draftId}/steps/submit`, { submittedDate: '01/11/2026' }), expect: { admin: 303, owner: 303, viewer: 403, auditor: 404, adminb: 404 } },
  { name: 'list organisations', writes: false, run: (s) => s.get('/organisations'), expect: { admin: 200, owner: 200, viewer: 200, auditor: 200, adminb: 200 } },
  { name: 'create an organisation', writes: true, form: () => '/organisations/new', run: (s, c) => s.post('/organisations', { code: 'NEW-ORG', nameVi: 'Đơn vị mới', kind: 'agency', parentId: String(c.fx.org.provA) }), expect: { admin: 303, owner: 403, viewer: 403, auditor: 403, adminb: 422 } },
  { name: 'edit an organisation', writes: true, form: (c) => `/organisations/${c.fx.org.deptA2}/edit`, run: (s, c) => s.post(`/organisations/${c.fx.org.deptA2}`, { code: 'SO-YT-A', nameVi: 'Sở Y tế (sửa)', kind: 'agency', parentId: String(c.fx.org.provA) }), expect: { admin: 303, owner: 403, viewer: 403, auditor: 404, adminb: 404 } },
  { name: 'delete an organisation', writes: true, run: (s, c) => s.post(`/organisations/${c.emptyOrgId}/delete`, { confirm: '1' }), expect: { admin: 303, owner: 403, viewer: 403, auditor: 404, adminb: 404 } },
  { name: 'list users', writes: false, run: (s) => s.get('/users'), expect: { admin: 200, owner: 403, viewer: 403, auditor: 403, adminb: 200 } },
  { name: 'create a user', writes: true, form: () => '/users/new', run: (s, c) => s.post('/users', { username: 'nguoimoi', fullName: 'Người mới', role: 'viewer', organisationId: String(c.fx.org.deptA2) }), expect: { admin: 201, owner: 403, viewer: 403, auditor: 403, adminb: 422 } },
  { name: 'edit a user', writes: true, form: (c) => `/users/${c.fx.user.ownerA1}/edit`, run: (s, c) => s.post(`/users/${c.fx.user.ownerA1}`, { fullName: 'Người dùng đã sửa', role: 'owner', organisationId: String(c.fx.org.deptA1) }), expect: { admin: 303, owner: 403, viewer: 403, auditor: 403, adminb: 404 } },
  { name: 'deactivate a user', writes: true, run: (s, c) => s.post(`/users/${c.fx.user.ownerA1}/deactivate`, { confirm: '1' }), expect: { admin: 303, owner: 403, viewer: 403, auditor: 403, adminb: 404 } },
  { name: 'add a provider', writes: true, form: () => '/providers/new', run: (s) => s.post('/providers', { code: 'CTY-MOI', nameVi: 'Công ty An ninh mạng Mới' }), expect: { admin: 303, owner: 403, viewer: 403, auditor: 403, adminb: 303 } },
  { name: 'register an operator', writes: true, form: () => '/operators/new', run: (s, c) => s.post('/operators', { fullName: 'Trần Thị Vận', organisationId: String(c.fx.org.unitA21) }), expect: { admin: 303, owner: 303, viewer: 403, auditor: 403, adminb: 422 } },
  { name: 'edit an operator', writes: true, form: (c) => `/operators/${c.operatorId}/edit`, run: (s, c) => s.post(`/operators/${c.operatorId}`, { fullName: 'Nguyễn Văn Quản (sửa)', organisationId: String(c.fx.org.unitA21) }), expect: { admin: 303, owner: 303, viewer: 403, auditor: 404, adminb: 404 } },
  { name: 'edit a drill', writes: true, form: (c) => `/readiness/drills/${c.drillId}/edit`, run: (s, c) => s.post(`/readiness/drills/${c.drillId}/edit`, { organisationId: String(c.fx.org.deptA2), date: '02/03/2026', kind: 'technical', scenario: 'Mã độc tống tiền' }), expect: { admin: 303, owner: 303, viewer: 403, auditor: 403, adminb: 404 } },
  { name: 'edit a budget', writes: true, form: (c) => `/readiness/budgets/${c.budgetId}/edit`, run: (s, c) => s.post(`/readiness/budgets/${c.budgetId}/edit`, { itBudget: '2000', securitySpending: '300' }), expect: { admin: 303, owner: 303, viewer: 403, auditor: 403, adminb: 404 } },
  { name: 'record an assessment', writes: true, form: (c) => `/systems/${c.engagedId}/assessments/new`, run: (s, c) => postMultipart(s, `/systems/${c.engagedId}/assessments`, assessmentFields(c)), expect: { admin: 303, owner: 404, viewer: 403, auditor: 303, adminb: 404 } },
  { name: 'edit an assessment', writes: true, form: (c) => `/systems/${c.engagedId}/assessments/${c.assessmentId}/edit`, run: (s, c) => postMultipart(s, `/systems/${c.engagedId}/assessments/${c.assessmentId}/edit`, assessmentFields(c)), expect: { admin: 303, owner: 404, viewer: 403, auditor: 303, adminb: 404 } },
  { name: 'edit a finding', writes: true, form: (c) => `/systems/${c.engagedId}/assessments/${c.assessmentId}/findings/${c.findingId}/edit`, run: (s, c) => s.post(`/systems/${c.engagedId}/assessments/${c.assessmentId}/findings/${c.findingId}/edit`, findingFields), expect: { admin: 303, owner: 404, viewer: 403, auditor: 303, adminb: 404 } },
  { name: 'read the audit log', writes: false, run: (s) => s.get('/audit'), expect: { admin: 200, owner: 403, viewer: 403, auditor: 403, adminb: 200 } },
];

describe.each(ACTIONS)('$name', (action) => {
  it.each(Object.entries(action.expect))('as %s answers %i', async (role, status) => {
    const ctx = await setup();
    const s = await login(ctx.app, role);
    const before = snapshot(ctx);
    const res = await action.run(s, ctx);
    expect(res.status).toBe(status);
    const wrote = snapshot(ctx) !== before;
    expect(wrote).toBe(action.writes && status < 400);
  });
});

/** What the form's page answers when its POST answers `post`: the refusal itself, else a usable form. */
const pageStatus = (post: number) => (post >= 400 && post !== 422 ? post : 200);

describe('the page of every form answers like its POST would', () => {
  const sessions = new Map<Role, { ctx: Ctx; s: Session }>();
  const as = async (role: Role) => {
    if (!sessions.has(role)) {
      const ctx = await setup();
      sessions.set(role, { ctx, s: await login(ctx.app, role) });
    }
    return sessions.get(role)!;
  };
  const forms = ACTIONS.filter((a) => a.form);
  describe.each(forms)('$name', (action) => {
    it.each(Object.entries(action.expect))('as %s (the POST answers %i)', async (role, post) => {
      const { ctx, s } = await as(role as Role);
      const before = snapshot(ctx);
      const res = await s.get(action.form!(ctx));
      expect(res.status).toBe(pageStatus(post));
      if (res.status === 200) expect(res.text).toMatch(/<form[^>]+method="post"/);
      expect(snapshot(ctx)).toBe(before);
    });
  });
});
