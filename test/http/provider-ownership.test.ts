// Who may change a provider's record: the admins of the organisation that keeps it (the one whose admin
// created it), and those above them. Every change shows in the history and the audit log of every
// organisation whose systems use the provider, whoever made it and wherever it was filed.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { engagements } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { hashPassword } from '../../src/modules/users/password.js';
import { auditEntries, login, makeApp, makeDemoApp, PASSWORD } from '../helpers/app.js';

let ctx: Awaited<ReturnType<typeof makeApp>>;

beforeEach(async () => {
  ctx = await makeApp();
  ctx.db.insert(users).values({ username: 'admin.syt', fullName: 'Quản trị Sở Y tế', role: 'admin', organisationId: ctx.fx.org.deptA2, passwordHash: await hashPassword(PASSWORD) }).run();
});

const form = (extra: Record<string, string | string[]> = {}) => ({
  code: 'NCC-BL', nameVi: 'Công ty Giám sát Bắc Lâm', taxCode: '0109876543', licensedServices: ['monitoring'],
  licenceNumber: '77/GP-CATTT', licenceIssued: '01/01/2024', licenceExpires: '31/12/2029', parentId: '', ...extra,
});
const provider = (code: string) => ctx.db.select().from(organisations).where(eq(organisations.code, code)).get()!;
const changes = () => auditEntries(ctx.db).filter((e) => e.action !== 'login').length;

/** Province B's admin creates a provider, and a province A system engages it as its assessor. */
async function sharedProvider() {
  const b = await login(ctx.app, 'adminb');
  expect((await b.post('/providers', form())).status).toBe(303);
  const p = provider('NCC-BL');
  const row = { code: 'A-DVC', nameVi: 'Cổng dịch vụ công tỉnh An Hòa', ownerId: ctx.fx.org.deptA2, operatorId: ctx.fx.org.deptA2, systemType: 'public_service', lifecycleStatus: 'in_operation', goLiveDate: '2024-01-01' } as const;
  const systemId = ctx.db.insert(systems).values({ ...row, searchText: searchTextFor(row) }).returning().get().id;
  ctx.db.insert(engagements).values({ systemId, assessorKind: 'provider', assessorId: p.id, contractNumber: 'HĐ-01', startDate: '2026-01-01', endDate: '2027-12-31' }).run();
  return { b, p };
}

describe('who keeps a provider’s record', () => {
  it('is the organisation whose admin created it', async () => {
    const { p } = await sharedProvider();
    expect(p.managedBy).toBe(ctx.fx.org.provB);
    expect(auditEntries(ctx.db).at(-1)).toMatchObject({ action: 'create', entityType: 'provider', organisationId: ctx.fx.org.provB, changes: { managedBy: [null, ctx.fx.org.provB] } });
  });

  it('refuses another tenant’s admin the form and the write (403, nothing written), and shows them no edit button', async () => {
    const { p } = await sharedProvider();
    const a = await login(ctx.app, 'admin');
    expect((await a.get(`/providers/${p.id}/edit`)).status).toBe(403);
    const before = changes();
    const res = await a.post(`/providers/${p.id}`, form({ parentId: String(ctx.fx.org.provider), licenceExpires: '01/01/2025' }));
    expect(res.status).toBe(403);
    expect(provider('NCC-BL')).toMatchObject({ parentId: null, licenceExpires: '2029-12-31' });
    expect(changes()).toBe(before);
    const page = await a.get(`/providers/${p.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(`/providers/${p.id}/edit`);
    expect(page.text).toContain('Ủy ban nhân dân tỉnh Bắc Lâm');
  });

  it('lets the admins above the keeper edit it, not those of a unit below', async () => {
    const a = await login(ctx.app, 'admin');
    expect((await a.post('/providers', form({ code: 'NCC-AH', nameVi: 'Công ty Đánh giá An Hòa' }))).status).toBe(303);
    const p = provider('NCC-AH');
    expect(p.managedBy).toBe(ctx.fx.org.provA);
    const unit = await login(ctx.app, 'admin.syt');
    expect((await unit.post(`/providers/${p.id}`, form({ code: 'NCC-AH', nameVi: 'Đổi tên' }))).status).toBe(403);
    // a record kept by the department: the province's admin edits it too, and the entry is filed under the department
    ctx.db.update(organisations).set({ managedBy: ctx.fx.org.deptA2 }).where(eq(organisations.id, p.id)).run();
    expect((await a.post(`/providers/${p.id}`, form({ code: 'NCC-AH', nameVi: 'Công ty Đánh giá An Hòa mới' }))).status).toBe(303);
    expect(auditEntries(ctx.db).at(-1)).toMatchObject({ action: 'update', entityType: 'provider', actorId: ctx.fx.user.admin, organisationId: ctx.fx.org.deptA2 });
    expect((await unit.post(`/providers/${p.id}`, form({ code: 'NCC-AH', nameVi: 'Công ty Đánh giá An Hòa' }))).status).toBe(303);
  });

  it('leaves a record with no known keeper read-only', async () => {
    const a = await login(ctx.app, 'admin');
    expect((await a.get(`/providers/${ctx.fx.org.provider}/edit`)).status).toBe(403);
    expect((await a.get(`/providers/${ctx.fx.org.provider}`)).text).toContain('Chưa xác định (hồ sơ chỉ đọc)');
  });
});

describe('a change to a provider', () => {
  it('shows in the audit log and on the provider’s page of every organisation whose systems use it', async () => {
    const { b, p } = await sharedProvider();
    expect((await b.post(`/providers/${p.id}`, form({ licenceExpires: '31/12/2026' }))).status).toBe(303);
    const entry = auditEntries(ctx.db).at(-1)!;
    expect(entry).toMatchObject({ action: 'update', entityType: 'provider', entityId: p.id, organisationId: ctx.fx.org.provB });

    // province A's admin: in the audit log (filed under province B), in its export, and on the provider's page
    const a = await login(ctx.app, 'admin');
    const log = (await a.get('/audit?entity=provider')).text;
    expect(log).toContain('Công ty Giám sát Bắc Lâm');
    expect(log).toContain('adminb');
    expect((await a.get('/audit.csv?entity=provider')).text).toContain('"licenceExpires"');
    const page = (await a.get(`/providers/${p.id}`)).text;
    expect(page).toMatch(/Lịch sử thay đổi[\s\S]*adminb[\s\S]*31\/12\/2026/);
    // a viewer of province A sees it on the page too
    expect((await (await login(ctx.app, 'viewer')).get(`/providers/${p.id}`)).text).toMatch(/Lịch sử thay đổi[\s\S]*31\/12\/2026/);
  });

  it('stays out of the log of an organisation whose systems do not use it', async () => {
    const b = await login(ctx.app, 'adminb');
    expect((await b.post('/providers', form())).status).toBe(303);
    const p = provider('NCC-BL');
    expect((await b.post(`/providers/${p.id}`, form({ licenceExpires: '31/12/2026' }))).status).toBe(303);
    const a = await login(ctx.app, 'admin');
    expect((await a.get('/audit?entity=provider')).text).not.toContain('Công ty Giám sát Bắc Lâm');
    expect((await a.get(`/providers/${p.id}`)).text).not.toMatch(/Lịch sử thay đổi[\s\S]*31\/12\/2026/);
  });
});

describe('the demo', () => {
  it('has the province keep Sao Việt and Trường An and the ministry the Hồng Lĩnh group, which the province uses', async () => {
    const demo = await makeDemoApp();
    const id = (code: string) => demo.db.select().from(organisations).where(eq(organisations.code, code)).get()!.id;
    const admin = await login(demo.app, 'admin', 'capdo-demo');
    expect((await admin.get(`/providers/${id('NCC-TRUONGAN')}`)).text).toContain(`/providers/${id('NCC-TRUONGAN')}/edit`);
    const hl = await admin.get(`/providers/${id('NCC-HL-DG')}`);
    expect(hl.text).not.toContain(`/providers/${id('NCC-HL-DG')}/edit`);
    expect(hl.text).toContain('Bộ Hạ tầng và Dữ liệu số');
    expect((await admin.get(`/providers/${id('NCC-HL-DG')}/edit`)).status).toBe(403);
    const ministry = await login(demo.app, 'admin.bo', 'capdo-demo');
    expect((await ministry.get(`/providers/${id('NCC-HL-DG')}/edit`)).status).toBe(200);
  }, 30_000);
});

describe('the migration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capdo-keeper-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives each existing provider the organisation its creation entry was filed under, and none to one without', () => {
    const folder = join(dir, 'drizzle');
    cpSync(new URL('../../drizzle', import.meta.url), folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag.endsWith('_provider_managed_by'));
    expect(at).toBeGreaterThan(0);
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
    const db = openDatabase(':memory:');
    migrate(db, { migrationsFolder: folder });
    const c = db.$client;
    const province = c.prepare("INSERT INTO organisations (code, name_vi) VALUES ('TINH-A', 'Tỉnh A') RETURNING id").get() as { id: number };
    const created = c.prepare("INSERT INTO organisations (code, name_vi, kind) VALUES ('NCC-1', 'Công ty 1', 'provider') RETURNING id").get() as { id: number };
    const seeded = c.prepare("INSERT INTO organisations (code, name_vi, kind) VALUES ('NCC-2', 'Công ty 2', 'provider') RETURNING id").get() as { id: number };
    c.prepare("INSERT INTO audit_log (action, entity_type, entity_id, organisation_id) VALUES ('create', 'provider', ?, ?)").run(created.id, province.id);

    writeFileSync(journalPath, JSON.stringify(journal));
    migrate(db, { migrationsFolder: folder });
    const keeper = (id: number) => (c.prepare('SELECT managed_by AS m FROM organisations WHERE id = ?').get(id) as { m: number | null }).m;
    expect(keeper(created.id)).toBe(province.id);
    expect(keeper(seeded.id)).toBeNull();
    expect(keeper(province.id)).toBeNull();
  });
});
