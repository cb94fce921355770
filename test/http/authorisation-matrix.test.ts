// The role × action matrix: for every role (and an admin of another province), what each action
// answers, and that a refused action writes nothing — no row and no audit entry.
import { describe, expect, it } from 'vitest';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { auditEntries, login, makeApp, type Session } from '../helpers/app.js';

type Ctx = Awaited<ReturnType<typeof makeApp>> & { systemId: number; draftId: number; emptyOrgId: number };

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
  return { ...ctx, systemId, draftId, emptyOrgId };
}

/** A fingerprint of everything an action could write. */
function snapshot(ctx: Ctx) {
  const db = ctx.db;
  return JSON.stringify([
    db.select().from(systems).all(),
    db.select().from(levelDecisions).all(),
    db.select().from(organisations).all(),
    db.select().from(users).all().map((u) => ({ ...u, lastLoginAt: null })),
    auditEntries(db).filter((a) => a.action !== 'login').length,
  ]);
}

const systemForm = (ctx: Ctx, code: string) => ({
  code, nameVi: 'Hệ thống mới', ownerId: String(ctx.fx.org.provA), operatorId: String(ctx.fx.org.unitA21), systemType: 'internal',
  lifecycleStatus: 'planned', hosting: 'own_premises', separation: 'logical',
});

interface Action {
  name: string;
  run: (s: Session, ctx: Ctx) => Promise<{ status: number }>;
  writes: boolean; // a GET never writes; a POST that succeeds must
  expect: Record<'admin' | 'owner' | 'viewer' | 'auditor' | 'adminb', number>;
}

const ACTIONS: Action[] = [
  { name: 'view a system', writes: false, run: (s, c) => s.get(`/systems/${c.systemId}`), expect: { admin: 200, owner: 200, viewer: 200, auditor: 404, adminb: 404 } },
  { name: 'list systems', writes: false, run: (s) => s.get('/systems'), expect: { admin: 200, owner: 200, viewer: 200, auditor: 200, adminb: 200 } },
  { name: 'register a system', writes: true, run: (s, c) => s.post('/systems', systemForm(c, 'NEW-1')), expect: { admin: 303, owner: 303, viewer: 403, auditor: 403, adminb: 422 } },
  { name: 'edit a system', writes: true, run: (s, c) => s.post(`/systems/${c.systemId}`, systemForm(c, 'A-HIS-2')), expect: { admin: 303, owner: 303, viewer: 403, auditor: 404, adminb: 404 } },
  { name: 'decommission a system', writes: true, run: (s, c) => s.post(`/systems/${c.systemId}/decommission`, { decommissionedAt: '01/11/2026', confirm: '1' }), expect: { admin: 303, owner: 303, viewer: 403, auditor: 404, adminb: 404 } },
  { name: 'view a level decision', writes: false, run: (s, c) => s.get(`/systems/${c.systemId}/decisions/${c.draftId}`), expect: { admin: 200, owner: 200, viewer: 200, auditor: 404, adminb: 404 } },
  { name: 'edit a draft level decision', writes: true, run: (s, c) => s.post(`/systems/${c.systemId}/decisions/${c.draftId}/edit`, { intent: 'save', regime: 'nd331', systemType: 'internal', infoPrivate: '1', stateSecret: 'none', scope: 'organisation', icsWorksGrade: 'none' }), expect: { admin: 303, owner: 303, viewer: 403, auditor: 404, adminb: 404 } },
  { name: 'submit a level dossier', writes: true, run: (s, c) => s.post(`/systems/${c.systemId}/decisions/${c.draftId}/steps/submit`, { submittedDate: '01/11/2026' }), expect: { admin: 303, owner: 303, viewer: 403, auditor: 404, adminb: 404 } },
  { name: 'list organisations', writes: false, run: (s) => s.get('/organisations'), expect: { admin: 200, owner: 200, viewer: 200, auditor: 200, adminb: 200 } },
  { name: 'create an organisation', writes: true, run: (s, c) => s.post('/organisations', { code: 'NEW-ORG', nameVi: 'Đơn vị mới', kind: 'agency', parentId: String(c.fx.org.provA) }), expect: { admin: 303, owner: 403, viewer: 403, auditor: 403, adminb: 422 } },
  { name: 'edit an organisation', writes: true, run: (s, c) => s.post(`/organisations/${c.fx.org.deptA2}`, { code: 'SO-YT-A', nameVi: 'Sở Y tế (sửa)', kind: 'agency', parentId: String(c.fx.org.provA) }), expect: { admin: 303, owner: 403, viewer: 403, auditor: 404, adminb: 404 } },
  { name: 'delete an organisation', writes: true, run: (s, c) => s.post(`/organisations/${c.emptyOrgId}/delete`, { confirm: '1' }), expect: { admin: 303, owner: 403, viewer: 403, auditor: 404, adminb: 404 } },
  { name: 'list users', writes: false, run: (s) => s.get('/users'), expect: { admin: 200, owner: 403, viewer: 403, auditor: 403, adminb: 200 } },
  { name: 'create a user', writes: true, run: (s, c) => s.post('/users', { username: 'nguoimoi', fullName: 'Người mới', role: 'viewer', organisationId: String(c.fx.org.deptA2) }), expect: { admin: 201, owner: 403, viewer: 403, auditor: 403, adminb: 422 } },
  { name: 'deactivate a user', writes: true, run: (s, c) => s.post(`/users/${c.fx.user.ownerA1}/deactivate`, { confirm: '1' }), expect: { admin: 303, owner: 403, viewer: 403, auditor: 403, adminb: 404 } },
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
