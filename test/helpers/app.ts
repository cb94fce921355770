// A fresh migrated in-memory database with a small organisation tree and one user per role, and an
// app built on it. Tests log in through the real form and send the real CSRF token.
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { users, type Role } from '../../src/db/schema/users.js';
import { auditLog } from '../../src/db/schema/audit.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { hashPassword } from '../../src/modules/users/password.js';
import { DEFAULT_LIMITS, type Limits } from '../../src/web/middleware.js';
import { seedDemo } from '../../seeds/demo.js';

export const PASSWORD = 'kiem-thu-capdo-2026';
let hashed: Promise<string> | undefined;

export interface Fixture {
  org: Record<'provA' | 'deptA1' | 'deptA2' | 'unitA21' | 'provB' | 'provider' | 'monitor', number>;
  user: Record<'admin' | 'owner' | 'viewer' | 'auditor' | 'adminB' | 'ownerA1', number>;
}

export async function seedFixture(db: Db): Promise<Fixture> {
  hashed ??= hashPassword(PASSWORD);
  const passwordHash = await hashed;
  const org = (code: string, nameVi: string, parentId: number | null, kind: 'agency' | 'provider' = 'agency') =>
    db.insert(organisations).values({ code, nameVi, parentId, kind, searchText: searchTextFor({ code, nameVi }) }).returning().get().id;
  const provA = org('TINH-A', 'Ủy ban nhân dân tỉnh An Hòa', null);
  const deptA1 = org('SO-KHCN-A', 'Sở Khoa học và Công nghệ', provA);
  const deptA2 = org('SO-YT-A', 'Sở Y tế', provA);
  const unitA21 = org('BV-A', 'Bệnh viện Đa khoa tỉnh', deptA2);
  const provB = org('TINH-B', 'Ủy ban nhân dân tỉnh Bắc Lâm', null);
  const provider = org('CTY-KD', 'Công ty TNHH Kiểm định An toàn', null, 'provider');
  const monitor = org('CTY-GS', 'Công ty Cổ phần Giám sát An ninh mạng', null, 'provider');
  const user = (username: string, role: Role, organisationId: number) =>
    db.insert(users).values({ username, fullName: `Người dùng ${username}`, role, organisationId, passwordHash }).returning().get().id;
  return {
    org: { provA, deptA1, deptA2, unitA21, provB, provider, monitor },
    user: {
      admin: user('admin', 'admin', provA),
      owner: user('owner', 'owner', deptA2),
      ownerA1: user('owner1', 'owner', deptA1),
      viewer: user('viewer', 'viewer', provA),
      auditor: user('auditor', 'auditor', provider),
      adminB: user('adminb', 'admin', provB),
    },
  };
}

export const testConfig = (extra: Record<string, string> = {}) =>
  loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'test-secret-test-secret-test-secret!', SEED_DEMO: 'false', ...extra });

export async function makeApp(opts: { limits?: Partial<Limits>; env?: Record<string, string> } = {}) {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  const fx = await seedFixture(db);
  const app = createApp({ config: testConfig(opts.env), db, limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000, ...opts.limits }, log: () => {} });
  return { db, app, fx };
}

export type App = Awaited<ReturnType<typeof makeApp>>['app'];

/** The demo province and ministry (seeds/demo.ts) in a fresh in-memory database, and an app on it. */
export async function makeDemoApp(opts: { env?: Record<string, string> } = {}) {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  await seedDemo(db);
  const app = createApp({ config: testConfig(opts.env), db, limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000 }, log: () => {} });
  return { db, app };
}

/** The CSRF token in a rendered page. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in the page');
  return m[1]!;
}

/** Logs in through the real form; returns the agent and the session's CSRF token. */
export async function login(app: App, username: string, password = PASSWORD) {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  const res = await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username, password });
  if (res.status !== 303) throw new Error(`login as ${username} failed: ${res.status}`);
  const home = await agent.get('/account/password');
  const csrf = csrfFrom(home.text);
  return {
    agent,
    csrf,
    post: (url: string, data: Record<string, unknown> = {}) => agent.post(url).type('form').send({ _csrf: csrf, ...data }),
    get: (url: string) => agent.get(url),
  };
}

export type Session = Awaited<ReturnType<typeof login>>;

export function auditEntries(db: Db) {
  return db.select().from(auditLog).all();
}

export function lastAudit(db: Db) {
  const rows = auditEntries(db);
  return rows[rows.length - 1];
}

/** Counts the SQL statements prepared while `run` runs (to prove a loader does not query per row); only those matching `only` when given. */
export function countStatements(db: Db, run: () => unknown, only?: RegExp): number {
  const client = db.$client;
  const prepare = client.prepare.bind(client);
  let n = 0;
  client.prepare = ((source: string) => {
    if (!only || only.test(source)) n++;
    return prepare(source);
  }) as typeof client.prepare;
  try {
    run();
  } finally {
    client.prepare = prepare;
  }
  return n;
}
