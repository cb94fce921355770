// Every destructive or irreversible action checks its confirmation box on the server: without it (or
// with it unticked) the form comes back with its message (422) and nothing is written: no row changes,
// no audit entry. With the box ticked the same request does what it says.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { certificates, operatorAssignments, operators } from '../../src/db/schema/people.js';
import { engagements } from '../../src/db/schema/protection.js';
import { evidenceItems } from '../../src/db/schema/evidence.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { login, makeApp, makeDemoApp } from '../helpers/app.js';

async function setup() {
  const ctx = await makeApp();
  const { db, fx } = ctx;
  const system = (code: string) =>
    db.insert(systems).values({ code, nameVi: `Hệ thống ${code}`, ownerId: fx.org.provA, operatorId: fx.org.deptA2, systemType: 'internal', searchText: searchTextFor({ code, nameVi: code }) }).returning().get().id;
  const systemId = system('A-HIS');
  const decisionId = db
    .insert(levelDecisions)
    .values({
      systemId, regime: 'nd331', answers: DEFAULT_ANSWERS, computedLevel: 2, proposedLevel: 2, dossierStatus: 'appraised', submittedDate: '2026-01-05',
      appraisalBody: 'Sở Khoa học và Công nghệ', appraisalDate: '2026-01-15', appraisalRef: '55/TĐ-SKHCN',
    } as typeof levelDecisions.$inferInsert)
    .returning()
    .get().id;
  const engagementId = db.insert(engagements).values({ systemId, assessorKind: 'provider', assessorId: fx.org.provider, contractNumber: 'HĐ-01' }).returning().get().id;
  const operatorId = db.insert(operators).values({ fullName: 'Nguyễn Văn An', organisationId: fx.org.deptA2, searchText: 'nguyen van an' }).returning().get().id;
  const assignmentId = db.insert(operatorAssignments).values({ operatorId, systemId, role: 'administrator', fromDate: '2025-01-01' }).returning().get().id;
  const certificateId = db
    .insert(certificates)
    .values({ operatorId, kind: 'national_in_depth', name: 'Chứng nhận chuyên sâu', number: 'CN-01', issuer: 'Bộ Công an', issueDate: '2025-01-01' })
    .returning()
    .get().id;
  const emptyOrgId = db.insert(organisations).values({ code: 'A-EMPTY', nameVi: 'Phòng chưa dùng', parentId: fx.org.deptA2, searchText: 'phong chua dung' }).returning().get().id;
  const inactiveUserId = db.insert(users).values({ username: 'nghihuu', fullName: 'Người đã nghỉ', role: 'viewer', organisationId: fx.org.deptA2, passwordHash: 'x', active: false }).returning().get().id;
  const evidenceId = db.insert(evidenceItems).values({ organisationId: fx.org.deptA2, title: 'Biên bản rà soát tường lửa', validFrom: '2026-01-01' }).returning().get().id;
  const s = await login(ctx.app, 'admin');
  const created = await s.post('/api-tokens', { name: 'Kho dữ liệu tỉnh', organisationId: String(fx.org.provA) });
  if (created.status !== 201) throw new Error(`token setup failed: ${created.status}`);
  const tokenId = (db.$client.prepare('select id from api_tokens').get() as { id: number }).id;
  if ((await s.post('/calendar/token')).status !== 201) throw new Error('calendar feed setup failed');
  return { ...ctx, s, systemId, decisionId, engagementId, operatorId, assignmentId, certificateId, emptyOrgId, inactiveUserId, tokenId, evidenceId };
}

type Ctx = Awaited<ReturnType<typeof setup>>;

/** Every table but the sessions and the security events (a refusal leaves one), and the audit log without sign-ins. */
function snapshot(db: Db): string {
  const tables = (db.$client.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[])
    .map((t) => t.name)
    .filter((n) => !['sessions', 'security_events', '__drizzle_migrations', 'sqlite_sequence'].includes(n) && !n.startsWith('sqlite_'));
  return JSON.stringify(
    tables.map((t) => {
      let rows = db.$client.prepare(`select * from "${t}"`).all() as Record<string, unknown>[];
      if (t === 'audit_log') rows = rows.filter((r) => r.action !== 'login');
      if (t === 'users') rows = rows.map((r) => ({ ...r, last_login_at: null }));
      return [t, rows];
    }),
  );
}

const auditCount = (db: Db) => (db.$client.prepare("select count(*) as n from audit_log where action <> 'login'").get() as { n: number }).n;

interface Destructive {
  name: string;
  url: (c: Ctx) => string;
  /** the rest of the form, filled in correctly */
  body: (c: Ctx) => Record<string, string>;
  /** the message shown on the box (Vietnamese) */
  message: string;
  /** the answer once confirmed */
  ok: number;
}

const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const dmy = (iso: string) => iso.split('-').reverse().join('/');

const ROUTES: Destructive[] = [
  { name: 'decommission a system', url: (c) => `/systems/${c.systemId}/decommission`, body: () => ({ decommissionedAt: dmy(today), reason: 'Thay thế' }), message: 'Hãy đánh dấu ô xác nhận trước khi thực hiện.', ok: 303 },
  { name: 'reject a level dossier', url: (c) => `/systems/${c.systemId}/decisions/${c.decisionId}/steps/reject`, body: () => ({ rejectionReason: 'Hồ sơ thiếu thuyết minh' }), message: 'Hãy đánh dấu ô xác nhận trước khi thực hiện.', ok: 303 },
  { name: 'revoke a layer-3 engagement', url: (c) => `/systems/${c.systemId}/protection/layer3/${c.engagementId}/revoke`, body: () => ({}), message: 'Hãy đánh dấu ô xác nhận trước khi thực hiện.', ok: 303 },
  { name: 'delete an organisation', url: (c) => `/organisations/${c.emptyOrgId}/delete`, body: () => ({}), message: 'Hãy đánh dấu ô xác nhận trước khi thực hiện.', ok: 303 },
  { name: 'end an assignment', url: (c) => `/operators/${c.operatorId}/assignments/${c.assignmentId}/end`, body: () => ({ toDate: dmy(today) }), message: 'Hãy đánh dấu ô xác nhận trước khi thực hiện.', ok: 303 },
  {
    name: 'revoke a certificate', url: (c) => `/operators/${c.operatorId}/certificates/${c.certificateId}`,
    body: () => ({ kind: 'national_in_depth', name: 'Chứng nhận chuyên sâu', number: 'CN-01', issuer: 'Bộ Công an', issueDate: '01/01/2025', status: 'revoked', statusDate: dmy(today), statusReason: 'Quyết định thu hồi 45/QĐ' }),
    message: 'Hãy đánh dấu ô xác nhận để ghi nhận chứng nhận, chứng chỉ bị tạm đình chỉ hoặc thu hồi.', ok: 303,
  },
  {
    name: 'record a suspended certificate', url: (c) => `/operators/${c.operatorId}/certificates`,
    body: () => ({ kind: 'international', name: 'CISSP', number: '778812', issuer: 'ISC2', issueDate: '01/01/2025', status: 'suspended', statusDate: dmy(today), statusReason: 'Chưa nộp phí duy trì' }),
    message: 'Hãy đánh dấu ô xác nhận để ghi nhận chứng nhận, chứng chỉ bị tạm đình chỉ hoặc thu hồi.', ok: 303,
  },
  { name: 'deactivate a user', url: (c) => `/users/${c.fx.user.ownerA1}/deactivate`, body: () => ({}), message: 'Hãy đánh dấu ô xác nhận trước khi thực hiện.', ok: 303 },
  { name: 'activate a user', url: (c) => `/users/${c.inactiveUserId}/activate`, body: () => ({}), message: 'Hãy đánh dấu ô xác nhận trước khi thực hiện.', ok: 303 },
  { name: 'reset a password', url: (c) => `/users/${c.fx.user.viewer}/reset-password`, body: () => ({}), message: 'Hãy đánh dấu ô xác nhận trước khi thực hiện.', ok: 200 },
  { name: 'void a certificate entered by mistake', url: (c) => `/operators/${c.operatorId}/certificates/${c.certificateId}/void`, body: () => ({ reason: 'Nhập nhầm người' }), message: 'Hãy đánh dấu ô xác nhận trước khi thực hiện.', ok: 303 },
  { name: 'delete an evidence item attached to nothing', url: (c) => `/evidence/${c.evidenceId}/delete`, body: () => ({}), message: 'Hãy đánh dấu ô xác nhận trước khi xóa.', ok: 303 },
  { name: 'revoke an API token', url: (c) => `/api-tokens/${c.tokenId}/revoke`, body: () => ({}), message: 'Hãy đánh dấu ô xác nhận trước khi thực hiện.', ok: 303 },
  { name: 'revoke the calendar feed link', url: () => '/calendar/token/revoke', body: () => ({}), message: 'Hãy đánh dấu ô xác nhận trước khi thực hiện.', ok: 303 },
  { name: 'replace the calendar feed link', url: () => '/calendar/token', body: () => ({}), message: 'Hãy đánh dấu ô xác nhận trước khi thực hiện.', ok: 201 },
];

describe.each(ROUTES)('POST $name', (route) => {
  it('without the box ticked answers 422 with the message and writes nothing; ticked, it acts', async () => {
    const ctx = await setup();
    const before = snapshot(ctx.db);
    for (const confirm of [undefined, '', '0', 'false', ['']]) {
      const body: Record<string, unknown> = { ...route.body(ctx), ...(confirm === undefined ? {} : { confirm }) };
      const res = await ctx.s.post(route.url(ctx), body);
      expect(res.status, `confirm=${JSON.stringify(confirm)}`).toBe(422);
      expect(res.text).toContain(route.message);
      expect(snapshot(ctx.db), `confirm=${JSON.stringify(confirm)} wrote something`).toBe(before);
    }
    const audited = auditCount(ctx.db);
    const res = await ctx.s.post(route.url(ctx), { ...route.body(ctx), confirm: '1' });
    expect(res.status, res.text.slice(0, 300)).toBe(route.ok);
    expect(snapshot(ctx.db)).not.toBe(before);
    expect(auditCount(ctx.db)).toBe(audited + 1);
    ctx.app.close();
  });
});

describe('confirmations', () => {
  it('come after authorisation: a viewer gets 403 and a stranger 404, not the form', async () => {
    const ctx = await setup();
    const viewer = await login(ctx.app, 'viewer');
    const stranger = await login(ctx.app, 'adminb');
    const before = snapshot(ctx.db);
    expect((await viewer.post(`/systems/${ctx.systemId}/protection/layer3/${ctx.engagementId}/revoke`)).status).toBe(403);
    expect((await viewer.post(`/organisations/${ctx.emptyOrgId}/delete`)).status).toBe(403);
    expect((await viewer.post(`/systems/${ctx.systemId}/decommission`)).status).toBe(403);
    expect((await stranger.post(`/systems/${ctx.systemId}/protection/layer3/${ctx.engagementId}/revoke`)).status).toBe(404);
    expect((await stranger.post(`/organisations/${ctx.emptyOrgId}/delete`)).status).toBe(404);
    expect((await stranger.post(`/api-tokens/${ctx.tokenId}/revoke`)).status).toBe(404);
    expect(snapshot(ctx.db)).toBe(before);
    ctx.app.close();
  });

  it('a certificate already revoked can be corrected without ticking again', async () => {
    const ctx = await setup();
    const url = `/operators/${ctx.operatorId}/certificates/${ctx.certificateId}`;
    const form = { kind: 'national_in_depth', name: 'Chứng nhận chuyên sâu', number: 'CN-01', issuer: 'Bộ Công an', issueDate: '01/01/2025', status: 'revoked', statusDate: dmy(today), statusReason: 'Thu hồi' };
    expect((await ctx.s.post(url, { ...form, confirm: '1' })).status).toBe(303);
    expect((await ctx.s.post(url, { ...form, statusReason: 'Thu hồi theo Quyết định 45/QĐ' })).status).toBe(303);
    expect(ctx.db.$client.prepare('select status_reason as r from certificates where id = ?').get(ctx.certificateId)).toEqual({ r: 'Thu hồi theo Quyết định 45/QĐ' });
    ctx.app.close();
  });

  it('show the box again with the message where it was missed', async () => {
    const ctx = await setup();
    const page = await ctx.s.post(`/systems/${ctx.systemId}/protection/layer3/${ctx.engagementId}/revoke`);
    expect(page.status).toBe(422);
    expect(page.text).toMatch(/<div class="field field-check has-error">\s*<label for="confirm-revoke"><input type="checkbox" id="confirm-revoke" name="confirm"/);
    const tokens = await ctx.s.post(`/api-tokens/${ctx.tokenId}/revoke`);
    expect(tokens.text).toMatch(new RegExp(`id="confirm-${ctx.tokenId}" name="confirm" value="1" required aria-invalid=true`));
    ctx.app.close();
  });
});

describe('the demo', () => {
  it('shows the province owner’s active feed link, revoked only behind its confirmation box', async () => {
    const demo = await makeDemoApp();
    const owner = await login(demo.app, 'owner', 'capdo-demo');
    const page = (await owner.get('/calendar')).text;
    expect(page).toContain('Bạn đã có liên kết lịch, tạo lúc 10/11/2026');
    expect(page).toContain('action="/calendar/token/revoke"');
    expect(page).toContain('name="confirm"');
    // the admin has none: only "create"
    const admin = await login(demo.app, 'admin', 'capdo-demo');
    const theirs = (await admin.get('/calendar')).text;
    expect(theirs).toContain('Bạn chưa có liên kết lịch.');
    expect(theirs).not.toContain('action="/calendar/token/revoke"');
  });
});
