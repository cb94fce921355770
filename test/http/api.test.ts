// The JSON API over the demo data: tokens created through the real admin form, scoped to a subtree,
// revocable; the API's gaps are the system page's.
import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { type Db } from '../../src/db/client.js';
import { apiTokens } from '../../src/db/schema/compliance.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { systems } from '../../src/db/schema/systems.js';
import { todayIso } from '../../src/i18n/format.js';
import { actorFor } from '../../src/modules/auth/auth.service.js';
import { evaluateSystemFor, engineConfig } from '../../src/modules/compliance/compliance.service.js';
import { hashToken } from '../../src/modules/api/api-tokens.service.js';
import { findUserByUsername } from '../../src/modules/users/users.repository.js';
import { MINISTRY_ROOT_CODE, PROVINCE_ROOT_CODE } from '../../seeds/demo-data.js';
import { auditEntries, login, testConfig, type App, type Session, makeDemoApp } from '../helpers/app.js';

let db: Db;
let app: App;
let admin: Session;
let adminBo: Session;
let viewer: Session;
let provinceToken: string;

const systemId = (code: string) => db.select().from(systems).where(eq(systems.code, code)).get()!.id;
const orgId = (code: string) => db.select().from(organisations).where(eq(organisations.code, code)).get()!.id;
const tokenRow = (token: string) => db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token))).get()!;
type ScopeGaps = {
  summary: { gap: number; dueSoon: number };
  page: { page: number; pages: number; total: number; perPage: number };
  systems: Array<{ results: unknown[] }>;
  organisations: Array<{ results: unknown[] }>;
};

const api = (path: string, token?: string) => {
  const req = request(app).get(`/api/v1${path}`);
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};

/** Creates a token through the real form and reads it from the 201 page. */
async function createToken(session: Session, name: string, organisationId: number): Promise<string> {
  const res = await session.post('/api-tokens', { name, organisationId });
  expect(res.status).toBe(201);
  expect(res.headers['cache-control']).toContain('no-store');
  const m = /id="api-token" type="text" value="([A-Za-z0-9_-]{43})"/.exec(res.text);
  expect(m, 'token on the 201 page').not.toBeNull();
  return m![1]!;
}

beforeAll(async () => {
  ({ db, app } = await makeDemoApp());
  admin = await login(app, 'admin', 'capdo-demo');
  adminBo = await login(app, 'admin.bo', 'capdo-demo');
  viewer = await login(app, 'viewer', 'capdo-demo');
  provinceToken = await createToken(admin, 'Kho dữ liệu tỉnh', orgId(PROVINCE_ROOT_CODE));
}, 60_000);

describe('the API and the pages agree', () => {
  it('returns for BS-HTTT-001 the gaps evaluateSystemFor gives and its page lists', async () => {
    const id = systemId('BS-HTTT-001');
    const res = await api(`/systems/${id}/gaps`, provinceToken);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const body = res.body as { asOf: string; data: Array<{ rule: string; state: string; message: string }> };
    expect(body.asOf).toBe(todayIso());
    const expected = evaluateSystemFor(db, actorFor(db, findUserByUsername(db, 'admin')!), id, todayIso(), engineConfig(testConfig()))
      .filter((r) => r.state === 'gap' || r.state === 'due_soon')
      .map((r) => ({ rule: r.rule, state: r.state }));
    expect(body.data.map((r) => ({ rule: r.rule, state: r.state }))).toEqual(expected);
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data[0]!.message).not.toMatch(/^rule\./); // translated
    const page = (await admin.get(`/systems/${id}`)).text;
    expect(page.split('<li class="state-').length - 1).toBe(body.data.length);
  });

  it('evaluates as of the date given and the subtree gaps contain the system’s', async () => {
    const id = systemId('BS-HTTT-001');
    const one = (await api(`/systems/${id}/gaps?asOf=2026-12-15`, provinceToken)).body as { asOf: string; data: Array<{ rule: string }> };
    expect(one.asOf).toBe('2026-12-15');
    const all = await api('/gaps?asOf=2026-12-15', provinceToken);
    expect(all.status).toBe(200);
    const mine = (all.body as { systems: Array<{ system: { id: number }; results: Array<{ rule: string }> }> }).systems.find((s) => s.system.id === id);
    expect(mine?.results.map((r) => r.rule)).toEqual(one.data.map((r) => r.rule));
    expect(JSON.stringify(all.body)).not.toContain('BHT-HTTT'); // nothing of the ministry
  });

  it('pages the subtree gaps by system (100 a page); the summary and the organisations are the whole scope’s', async () => {
    const first = (await api('/gaps?asOf=2026-12-15', provinceToken)).body as ScopeGaps;
    expect(first.page).toMatchObject({ page: 1, perPage: 100, total: first.systems.length, pages: 1 }); // the demo province has fewer than 100 systems with gaps
    expect(first.systems.length).toBeGreaterThan(10);
    const counted = [...first.systems, ...first.organisations].flatMap((x) => x.results);
    expect(first.summary.gap + first.summary.dueSoon).toBe(counted.length);
    // a page past the last is the last; a malformed page is a 400 with the field
    expect(((await api('/gaps?asOf=2026-12-15&page=9', provinceToken)).body as ScopeGaps).systems).toEqual(first.systems);
    // JSON with an ETag: a client that has the page already gets a 304
    const again = await api('/gaps?asOf=2026-12-15', provinceToken);
    expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    const etag = again.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await api('/gaps?asOf=2026-12-15', provinceToken).set('If-None-Match', etag)).status).toBe(304);
    expect((await api('/gaps?asOf=2026-12-16', provinceToken).set('If-None-Match', etag)).status).toBe(200);
    const bad = await api('/gaps?page=-1', provinceToken);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('page');
  });

  it('lists systems with the UI filters, 100 a page, and the detail with its decision in force', async () => {
    const res = await api('/systems?level=3', provinceToken);
    expect(res.status).toBe(200);
    const body = res.body as { data: Array<{ id: number; code: string; approvedLevel: number | null; searchText?: string }>; page: { page: number; pages: number; total: number } };
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.every((s) => s.approvedLevel === 3 && s.code.startsWith('BS-'))).toBe(true);
    expect(body.data[0]!.searchText).toBeUndefined();
    expect(body.page).toMatchObject({ page: 1, total: body.data.length });
    const detail = await api(`/systems/${systemId('BS-HTTT-001')}`, provinceToken);
    expect(detail.status).toBe(200);
    expect(detail.body.data.code).toBe('BS-HTTT-001');
    for (const p of ['decisions', 'assessments', 'operators']) {
      const r = await api(`/systems/${systemId('BS-HTTT-001')}/${p}`, provinceToken);
      expect(r.status, p).toBe(200);
      expect(Array.isArray(r.body.data), p).toBe(true);
    }
    expect(JSON.stringify((await api(`/systems/${systemId('BS-HTTT-001')}/assessments`, provinceToken)).body)).not.toContain('fileStoredAs');
  });
});

describe('token scope', () => {
  it('answers 404 for a ministry system with a province token', async () => {
    const id = systemId('BHT-HTTT-008');
    for (const p of ['', '/gaps', '/decisions', '/assessments', '/operators']) {
      const res = await api(`/systems/${id}${p}`, provinceToken);
      expect(res.status, p).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it('answers 403 for an organisation filter outside the scope', async () => {
    const ministry = orgId(MINISTRY_ROOT_CODE);
    for (const p of [`/systems?org=${ministry}`, `/gaps?org=${ministry}`]) {
      const res = await api(p, provinceToken);
      expect(res.status, p).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'forbidden', field: 'org' });
    }
  });

  it('narrows to a department’s subtree for a department token', async () => {
    const dept = orgId('BS-SYT');
    const token = await createToken(admin, 'Sở Y tế', dept);
    const res = await api('/systems', token);
    expect(res.status).toBe(200);
    const all = (await api('/systems', provinceToken)).body as { page: { total: number } };
    expect((res.body as { page: { total: number } }).page.total).toBeLessThan(all.page.total);
    expect((await api(`/systems?org=${orgId(PROVINCE_ROOT_CODE)}`, token)).status).toBe(403);
  });
});

describe('authentication', () => {
  it('rejects a missing, malformed or unknown token with 401 JSON', async () => {
    const none = await api('/systems');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.body.error.code).toBe('unauthorized');
    const malformed = await request(app).get('/api/v1/systems').set('Authorization', 'Basic YWRtaW46eA==');
    expect(malformed.status).toBe(401);
    const wrong = await api('/systems', 'A'.repeat(43));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    expect(wrong.headers['content-type']).toMatch(/application\/json/);
  });

  it('a session cookie is not a credential', async () => {
    const res = await admin.get('/api/v1/systems');
    expect(res.status).toBe(401);
  });

  it('records the last use', async () => {
    await api('/systems', provinceToken);
    expect(tokenRow(provinceToken).lastUsedAt).not.toBeNull();
  });

  it('rejects a revoked token; revoking needs the confirmation box; both writes are audited without the token', async () => {
    const token = await createToken(admin, 'Tạm thời', orgId(PROVINCE_ROOT_CODE));
    const row = tokenRow(token);
    expect((await api('/systems', token)).status).toBe(200);
    // without the box ticked nothing happens
    expect((await admin.post(`/api-tokens/${row.id}/revoke`)).status).toBe(422);
    expect(tokenRow(token).revokedAt).toBeNull();
    // another subtree's admin cannot even see it
    expect((await adminBo.post(`/api-tokens/${row.id}/revoke`, { confirm: '1' })).status).toBe(404);
    expect((await admin.post(`/api-tokens/${row.id}/revoke`, { confirm: '1' })).status).toBe(303);
    expect(tokenRow(token).revokedAt).not.toBeNull();
    const res = await api('/systems', token);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');

    const entries = auditEntries(db).filter((e) => e.entityType === 'api_token' && e.entityId === row.id);
    expect(entries.map((e) => e.action)).toEqual(['create', 'revoke']);
    for (const e of entries) {
      expect(e.actorName).toBe('admin');
      const text = JSON.stringify(e);
      expect(text).not.toContain(token);
      expect(text).not.toContain(row.tokenHash);
    }
    const list = (await admin.get('/api-tokens')).text;
    expect(list).toContain('Tạm thời');
    expect(list).not.toContain(token);
  });
});

describe('input errors are JSON, never a page or a 500', () => {
  it('answers 400 with the field for a bad asOf', async () => {
    const id = systemId('BS-HTTT-001');
    for (const p of [`/systems/${id}/gaps?asOf=2026-02-31`, `/systems/${id}/gaps?asOf=31/12/2026`, '/gaps?asOf=x', '/gaps?asOf=2026-01-01&asOf=2026-01-02']) {
      const res = await api(p, provinceToken);
      expect(res.status, p).toBe(400);
      expect(res.headers['content-type'], p).toMatch(/application\/json/);
      expect(res.body.error, p).toMatchObject({ code: 'bad_request', field: 'asOf' });
    }
  });

  it('answers 400 for a bad filter and 404 for an unknown path or id', async () => {
    expect((await api('/systems?level=9', provinceToken)).body.error).toMatchObject({ code: 'bad_request', field: 'level' });
    expect((await api('/systems?page=abc', provinceToken)).status).toBe(400);
    expect((await api('/systems/abc', provinceToken)).body.error.code).toBe('not_found');
    expect((await api('/systems/999999/gaps', provinceToken)).status).toBe(404);
    // one address per system: a zero-padded or signed id is not its id
    const id = systemId('BS-HTTT-001');
    expect((await api(`/systems/${id}`, provinceToken)).status).toBe(200);
    for (const other of [`0${id}`, `00${id}/gaps`, `+${id}`, `${id}.0`]) expect((await api(`/systems/${encodeURIComponent(other).replace('%2F', '/')}`, provinceToken)).status, other).toBe(404);
    const unknown = await api('/nothing-here', provinceToken);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });
});

describe('the token pages', () => {
  it('are for admins only', async () => {
    expect((await viewer.get('/api-tokens')).status).toBe(403);
    expect((await viewer.post('/api-tokens', { name: 'Không được', organisationId: orgId(PROVINCE_ROOT_CODE) })).status).toBe(403);
  });

  it('refuse a short name and an organisation outside the subtree', async () => {
    const short = await admin.post('/api-tokens', { name: 'ab', organisationId: orgId(PROVINCE_ROOT_CODE) });
    expect(short.status).toBe(422);
    const outside = await admin.post('/api-tokens', { name: 'Bộ', organisationId: orgId(MINISTRY_ROOT_CODE) });
    expect(outside.status).toBe(422);
    expect(outside.text).not.toMatch(/id="api-token"/);
  });

  it('list only the admin’s subtree', async () => {
    const bo = (await adminBo.get('/api-tokens')).text;
    expect(bo).not.toContain('Kho dữ liệu tỉnh');
    expect((await admin.get('/api-tokens')).text).toContain('Kho dữ liệu tỉnh');
  });
});
