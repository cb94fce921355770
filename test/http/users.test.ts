// Accounts: admins only, scoped to their subtree; one-time passwords; every write audited.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { sessions, users } from '../../src/db/schema/users.js';
import { auditEntries, lastAudit, login, makeApp, PASSWORD, type App, type Fixture } from '../helpers/app.js';

let app: App;
let db: Db;
let fx: Fixture;

beforeEach(async () => {
  ({ app, db, fx } = await makeApp());
});

const userCount = () => db.select().from(users).all().length;
const userRow = (id: number) => db.select().from(users).where(eq(users.id, id)).get()!;
const sessionsOf = (id: number) => db.select().from(sessions).where(eq(sessions.userId, id)).all().length;

function oneTimePasswordIn(html: string): string {
  const m = /id="one-time-password">([^<]+)</.exec(html);
  if (!m) throw new Error('no one-time password in the page');
  return m[1]!;
}

const newUser = (extra: Record<string, unknown> = {}) => ({
  username: 'nguyen.van.an',
  fullName: 'Nguyễn Văn An',
  email: 'an.nv@soyte.example.vn',
  role: 'owner',
  organisationId: String(fx.org.deptA2),
  ...extra,
});

describe('who may manage accounts', () => {
  it('lets an admin see the accounts of their subtree only', async () => {
    const admin = await login(app, 'admin');
    const res = await admin.get('/users');
    expect(res.status).toBe(200);
    for (const name of ['admin', 'owner', 'owner1', 'viewer']) expect(res.text).toContain(`>${name}<`);
    // the auditor belongs to the provider and adminb to province B: both outside province A
    expect(res.text).not.toContain('>auditor<');
    expect(res.text).not.toContain('>adminb<');
    expect(res.text).toContain('Người dùng owner');
  });

  it.each(['owner', 'viewer', 'auditor'])('refuses %s (403) and writes nothing', async (username) => {
    const s = await login(app, username);
    expect((await s.get('/users')).status).toBe(403);
    expect((await s.get('/users/new')).status).toBe(403);
    expect((await s.get(`/users/${fx.user.viewer}`)).status).toBe(403);
    const before = auditEntries(db).length;
    const res = await s.post('/users', newUser());
    expect(res.status).toBe(403);
    expect(userCount()).toBe(6);
    expect(auditEntries(db).length).toBe(before);
  });

  it('answers 404 for a user outside the admin subtree, like a missing one', async () => {
    const adminB = await login(app, 'adminb');
    expect((await adminB.get(`/users/${fx.user.owner}`)).status).toBe(404);
    expect((await adminB.get(`/users/${fx.user.owner}/edit`)).status).toBe(404);
    expect((await adminB.get('/users/999999')).status).toBe(404);
    expect((await adminB.get('/users/abc')).status).toBe(404);
    const before = auditEntries(db).length;
    expect((await adminB.post(`/users/${fx.user.owner}/deactivate`, { confirm: '1' })).status).toBe(404);
    expect((await adminB.post(`/users/${fx.user.owner}/reset-password`, { confirm: '1' })).status).toBe(404);
    expect((await adminB.post(`/users/${fx.user.owner}`, { fullName: 'X', role: 'viewer', organisationId: String(fx.org.provB) })).status).toBe(404);
    expect(userRow(fx.user.owner).active).toBe(true);
    expect(userRow(fx.user.owner).fullName).toBe('Người dùng owner');
    expect(auditEntries(db).length).toBe(before);
  });

  it('will not create a user in an organisation outside the subtree (422, nothing written)', async () => {
    const adminB = await login(app, 'adminb');
    const before = auditEntries(db).length;
    const res = await adminB.post('/users', newUser({ organisationId: String(fx.org.deptA2) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Vui lòng chọn một giá trị trong danh sách.');
    // the organisation select only offers province B
    expect(res.text).not.toContain('Sở Y tế');
    expect(userCount()).toBe(6);
    expect(auditEntries(db).length).toBe(before);
  });
});

describe('creating an account', () => {
  it('shows a one-time password once, stores only its hash and audits the non-secret fields', async () => {
    const admin = await login(app, 'admin');
    const before = auditEntries(db).length;
    const res = await admin.post('/users', newUser({ username: 'Nguyen.Van.An' }));
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toContain('no-store');
    const password = oneTimePasswordIn(res.text);
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

    const row = db.select().from(users).where(eq(users.username, 'nguyen.van.an')).get()!;
    expect(row).toMatchObject({ fullName: 'Nguyễn Văn An', role: 'owner', organisationId: fx.org.deptA2, mustChangePassword: true, active: true });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(password);

    const entries = auditEntries(db).slice(before);
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry).toMatchObject({ action: 'create', entityType: 'user', entityId: row.id, organisationId: fx.org.deptA2, actorId: fx.user.admin, actorName: 'admin' });
    expect(entry.changes).toEqual({
      username: [null, 'nguyen.van.an'],
      fullName: [null, 'Nguyễn Văn An'],
      email: [null, 'an.nv@soyte.example.vn'],
      role: [null, 'owner'],
      organisationId: [null, fx.org.deptA2],
      active: [null, true],
      mustChangePassword: [null, true],
    });
    const raw = JSON.stringify(entry);
    expect(raw).not.toContain('argon2');
    expect(raw).not.toContain(password);
    expect(raw).not.toMatch(/password_?hash/i);

    // shown once: the account page does not show it again
    const page = await admin.get(`/users/${row.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(password);
  });

  it('lets the new user sign in with it and forces a password change first', async () => {
    const admin = await login(app, 'admin');
    const created = await admin.post('/users', newUser({ role: 'viewer' }));
    const password = oneTimePasswordIn(created.text);
    const id = db.select().from(users).where(eq(users.username, 'nguyen.van.an')).get()!.id;

    const agent = request.agent(app);
    const loginPage = await agent.get('/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(loginPage.text)![1]!;
    const signedIn = await agent.post('/login').type('form').send({ _csrf: csrf, username: 'nguyen.van.an', password });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/account/password');

    const elsewhere = await agent.get('/organisations');
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.headers.location).toBe('/account/password');

    const form = await agent.get('/account/password');
    expect(form.status).toBe(200);
    const csrf2 = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const changed = await agent.post('/account/password').type('form').send({ _csrf: csrf2, current: password, password: 'mat-khau-moi-cua-an-2026', confirm: 'mat-khau-moi-cua-an-2026' });
    expect(changed.status).toBe(303);
    expect(userRow(id).mustChangePassword).toBe(false);
    expect((await agent.get('/organisations')).status).toBe(200);
    // a viewer is not an admin
    expect((await agent.get('/users')).status).toBe(403);
  });

  it('re-renders with a message per field on invalid input and writes nothing', async () => {
    const admin = await login(app, 'admin');
    const before = auditEntries(db).length;
    const res = await admin.post('/users', { username: 'ab', fullName: '  ', email: 'not-an-email', role: 'root', organisationId: '' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Tên đăng nhập gồm 3–50 ký tự');
    expect(res.text).toContain('Vui lòng nhập thông tin này.');
    expect(res.text).toContain('Địa chỉ thư điện tử không hợp lệ.');
    expect(res.text).toContain('Vui lòng chọn một giá trị trong danh sách.');
    expect(res.text).toContain('value="not-an-email"'); // the user's values come back
    expect(userCount()).toBe(6);
    expect(auditEntries(db).length).toBe(before);
  });

  it.each(['nguyễn', 'a b c', 'x'.repeat(51), 'an<b>'])('rejects the username %j', async (username) => {
    const admin = await login(app, 'admin');
    const res = await admin.post('/users', newUser({ username }));
    expect(res.status).toBe(422);
    expect(userCount()).toBe(6);
  });

  it('refuses a username already taken, whatever its case', async () => {
    const admin = await login(app, 'admin');
    const before = auditEntries(db).length;
    const res = await admin.post('/users', newUser({ username: 'OWNER' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Tên đăng nhập này đã có người dùng.');
    expect(userCount()).toBe(6);
    expect(auditEntries(db).length).toBe(before);
  });

  it('refuses a POST without the CSRF token (403) and writes nothing', async () => {
    const admin = await login(app, 'admin');
    const before = auditEntries(db).length;
    const res = await admin.agent.post('/users').type('form').send(newUser());
    expect(res.status).toBe(403);
    const deactivate = await admin.agent.post(`/users/${fx.user.owner}/deactivate`).type('form').send({ confirm: '1', _csrf: 'forged' });
    expect(deactivate.status).toBe(403);
    expect(userCount()).toBe(6);
    expect(userRow(fx.user.owner).active).toBe(true);
    expect(auditEntries(db).length).toBe(before);
  });
});

describe('editing an account', () => {
  it('saves and audits exactly the changed fields', async () => {
    const admin = await login(app, 'admin');
    const before = auditEntries(db).length;
    const res = await admin.post(`/users/${fx.user.owner}`, {
      fullName: 'Trần Thị Bình', email: '', role: 'viewer', organisationId: String(fx.org.deptA2), username: 'hacked',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/users/${fx.user.owner}`);
    expect(userRow(fx.user.owner)).toMatchObject({ username: 'owner', fullName: 'Trần Thị Bình', role: 'viewer' });
    const entries = auditEntries(db).slice(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'update', entityType: 'user', entityId: fx.user.owner, organisationId: fx.org.deptA2 });
    expect(entries[0]!.changes).toEqual({ fullName: ['Người dùng owner', 'Trần Thị Bình'], role: ['owner', 'viewer'] });
  });

  it('writes nothing when nothing changed', async () => {
    const admin = await login(app, 'admin');
    const before = auditEntries(db).length;
    const res = await admin.post(`/users/${fx.user.viewer}`, { fullName: 'Người dùng viewer', email: '', role: 'viewer', organisationId: String(fx.org.provA) });
    expect(res.status).toBe(303);
    expect(auditEntries(db).length).toBe(before);
  });

  it('does not let an admin change their own role', async () => {
    const admin = await login(app, 'admin');
    const before = auditEntries(db).length;
    const res = await admin.post(`/users/${fx.user.admin}`, { fullName: 'Quản trị', email: '', role: 'viewer', organisationId: String(fx.org.provA) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Bạn không thể tự đổi vai trò của chính mình.');
    expect(userRow(fx.user.admin)).toMatchObject({ role: 'admin', fullName: 'Người dùng admin' });
    expect(auditEntries(db).length).toBe(before);
  });
});

describe('deactivating, reactivating and resetting', () => {
  it('needs the confirmation box ticked', async () => {
    const admin = await login(app, 'admin');
    const before = auditEntries(db).length;
    const res = await admin.post(`/users/${fx.user.owner}/deactivate`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Hãy đánh dấu ô xác nhận trước khi thực hiện.');
    expect(userRow(fx.user.owner).active).toBe(true);
    expect((await admin.post(`/users/${fx.user.owner}/reset-password`)).status).toBe(422);
    expect(auditEntries(db).length).toBe(before);
  });

  it('deactivating signs the user out everywhere at once; reactivating lets them back in', async () => {
    const owner = await login(app, 'owner');
    expect((await owner.get('/organisations')).status).toBe(200);
    expect(sessionsOf(fx.user.owner)).toBe(1);

    const admin = await login(app, 'admin');
    const before = auditEntries(db).length;
    const res = await admin.post(`/users/${fx.user.owner}/deactivate`, { confirm: '1' });
    expect(res.status).toBe(303);
    expect(userRow(fx.user.owner).active).toBe(false);
    expect(sessionsOf(fx.user.owner)).toBe(0);
    const entries = auditEntries(db).slice(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'deactivate', entityType: 'user', entityId: fx.user.owner, organisationId: fx.org.deptA2, changes: { active: [true, false] } });

    const next = await owner.get('/organisations');
    expect(next.status).toBe(303);
    expect(next.headers.location).toMatch(/^\/login/);
    await expect(login(app, 'owner')).rejects.toThrow(/401/);

    // listed as deactivated
    expect((await admin.get('/users')).text).toContain('Đã khóa');

    const reactivated = await admin.post(`/users/${fx.user.owner}/activate`, { confirm: '1' });
    expect(reactivated.status).toBe(303);
    expect(lastAudit(db)).toMatchObject({ action: 'activate', entityId: fx.user.owner, changes: { active: [false, true] } });
    await expect(login(app, 'owner')).resolves.toBeDefined();
  });

  it('does not let an admin deactivate themselves', async () => {
    const admin = await login(app, 'admin');
    const before = auditEntries(db).length;
    const res = await admin.post(`/users/${fx.user.admin}/deactivate`, { confirm: '1' });
    expect(res.status).toBe(303);
    const page = await admin.get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Bạn không thể tự khóa tài khoản của chính mình.');
    expect(userRow(fx.user.admin).active).toBe(true);
    expect(auditEntries(db).length).toBe(before);
  });

  it('resetting a password shows a new one-time password once, revokes sessions and forces a change', async () => {
    const owner = await login(app, 'owner');
    const admin = await login(app, 'admin');
    const before = auditEntries(db).length;
    const res = await admin.post(`/users/${fx.user.owner}/reset-password`, { confirm: '1' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    const password = oneTimePasswordIn(res.text);
    expect(userRow(fx.user.owner).mustChangePassword).toBe(true);
    expect(sessionsOf(fx.user.owner)).toBe(0);

    const entries = auditEntries(db).slice(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'password_reset', entityType: 'user', entityId: fx.user.owner, organisationId: fx.org.deptA2, changes: { mustChangePassword: [false, true] } });
    expect(JSON.stringify(entries[0])).not.toContain(password);
    expect(JSON.stringify(entries[0])).not.toContain('argon2');

    expect((await owner.get('/organisations')).headers.location).toMatch(/^\/login/);
    await expect(login(app, 'owner', PASSWORD)).rejects.toThrow(/401/);
    const again = await login(app, 'owner', password);
    const forced = await again.get('/organisations');
    expect(forced.headers.location).toBe('/account/password');
  });

  it('does not reset the admin own password here', async () => {
    const admin = await login(app, 'admin');
    const before = auditEntries(db).length;
    const res = await admin.post(`/users/${fx.user.admin}/reset-password`, { confirm: '1' });
    expect(res.status).toBe(303);
    expect(userRow(fx.user.admin).mustChangePassword).toBe(false);
    expect(auditEntries(db).length).toBe(before);
  });
});

describe('npm run user:create', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capdo-cli-'));
  const dbPath = join(dir, 'capdo.db');
  const run = promisify(execFile);
  const cli = (args: string[]) =>
    run(join(process.cwd(), 'node_modules/.bin/tsx'), ['src/modules/users/user-create-cli.ts', ...args], {
      env: { ...process.env, DATABASE_PATH: dbPath, NODE_ENV: 'development' },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the root organisation and a first admin with a one-time password, audited as cli', async () => {
    const args = ['--username', 'quantri', '--full-name', 'Lê Văn Quản', '--role', 'admin', '--org', 'TINH-X', '--org-name', 'Ủy ban nhân dân tỉnh X'];
    const ok = await cli(args);
    expect(ok.stderr).not.toMatch(/user:create:/);
    expect(ok.code).toBe(0);
    const password = /one-time password[^:]*: (\S+)/.exec(ok.stdout)?.[1];
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

    const fileDb = openDatabase(dbPath);
    try {
      const org = fileDb.select().from(organisations).where(eq(organisations.code, 'TINH-X')).get()!;
      expect(org).toMatchObject({ nameVi: 'Ủy ban nhân dân tỉnh X', kind: 'agency', parentId: null });
      const user = fileDb.select().from(users).where(eq(users.username, 'quantri')).get()!;
      expect(user).toMatchObject({ role: 'admin', organisationId: org.id, mustChangePassword: true, active: true });
      const entries = auditEntries(fileDb);
      expect(entries.map((e) => [e.actorId, e.actorName, e.action, e.entityType])).toEqual([
        [null, 'cli', 'create', 'organisation'],
        [null, 'cli', 'create', 'user'],
      ]);
      expect(JSON.stringify(entries)).not.toContain(password!);
    } finally {
      fileDb.$client.close();
    }

    const taken = await cli(args);
    expect(taken.code).toBe(1);
    expect(taken.stderr.trim().split('\n')).toHaveLength(1);
    expect(taken.stderr).toContain('already taken');
  }, 60_000);

  it('exits 1 with one line on bad arguments', async () => {
    const missingOrg = await cli(['--username', 'ai.do', '--full-name', 'Ai Đó', '--role', 'viewer', '--org', 'KHONG-CO']);
    expect(missingOrg.code).toBe(1);
    expect(missingOrg.stderr.trim()).toMatch(/^user:create: --org .*--org-name/);
    const badRole = await cli(['--username', 'ai.do', '--full-name', 'Ai Đó', '--role', 'root', '--org', 'X']);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr.trim().split('\n')).toHaveLength(1);
    expect(badRole.stderr).toContain('--role');
    const unknown = await cli(['--username', 'ai.do', '--bogus']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
