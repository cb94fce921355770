// The JSON API over the demo data: tokens created through the real admin form, scoped to a subtree,
// revocable; the API's gaps are the system page's. Every answer below is checked against the OpenAPI
// document the app serves (test/helpers/api-contract.ts), and the last test checks that every documented
// status of every endpoint was met at least once.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { type Db } from '../../src/db/client.js';
import { apiTokens } from '../../src/db/schema/compliance.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { systems } from '../../src/db/schema/systems.js';
import { todayIso } from '../../src/i18n/format.js';
import { dictionaries } from '../../src/i18n/index.js';
import { actorFor } from '../../src/modules/access/index.js';
import { evaluateSystemFor, engineConfig } from '../helpers/evaluation.js';
import { hashToken } from '../../src/modules/api/api-tokens.service.js';
import { findUserByUsername } from '../../src/modules/users/users.repository.js';
import { MINISTRY_ROOT_CODE, PROVINCE_ROOT_CODE } from '../../seeds/demo-data.js';
import { ForbiddenError, NotFoundError } from '../../src/domain/errors.js';
import { apiRouter } from '../../src/modules/api/api.routes.js';
import * as apiService from '../../src/modules/api/api.service.js';
import { ApiContract, routesOf } from '../helpers/api-contract.js';
import { auditEntries, login, testConfig, type App, type Session, makeDemoApp } from '../helpers/app.js';

let db: Db;
let app: App;
let admin: Session;
let adminBo: Session;
let viewer: Session;
let provinceToken: string;
let contract: ApiContract;

const systemId = (code: string) => db.select().from(systems).where(eq(systems.code, code)).get()!.id;
const orgId = (code: string) => db.select().from(organisations).where(eq(organisations.code, code)).get()!.id;
const tokenRow = (token: string) => db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token))).get()!;
type ScopeGaps = {
  summary: { gap: number; dueSoon: number };
  page: { page: number; pages: number; total: number; perPage: number };
  systems: Array<{ results: unknown[] }>;
  organisations: Array<{ results: unknown[] }>;
};

/** A request to the API whose answer is checked against the document. */
const call = (method: 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete', path: string, token?: string) => {
  const req = contract.wrap(request(app)[method](`/api/v1${path}`));
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};
const api = (path: string, token?: string) => call('get', path, token);

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
  contract = await ApiContract.load(app);
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
    for (const p of [`/systems?org=${ministry}`, `/gaps?org=${ministry}`, `/due?org=${ministry}`]) {
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
    const malformed = await api('/systems').set('Authorization', 'Basic YWRtaW46eA==');
    expect(malformed.status).toBe(401);
    const wrong = await api('/systems', 'A'.repeat(43));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    expect(wrong.headers['content-type']).toMatch(/application\/json/);
  });

  it('a session cookie is not a credential', async () => {
    const res = await contract.wrap(admin.agent.get('/api/v1/systems'));
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

  it('point to the OpenAPI document', async () => {
    const page = (await admin.get('/api-tokens')).text;
    expect(page).toContain('<a href="/api/v1/openapi.json">Tài liệu API (OpenAPI 3.1, mở không cần khóa)</a>');
  });
});

// ---- the contract (issue: the API has a contract)

type Links = Partial<Record<'next' | 'prev' | 'first' | 'last', string>>;
const linksOf = (header: string | undefined): Links =>
  Object.fromEntries(
    (header ?? '').split(', ').filter(Boolean).map((part) => {
      const m = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
      expect(m, part).not.toBeNull();
      return [m![2]!, m![1]!];
    }),
  );

/** Every documented read, with a system of the province in place of {id}. */
const reads = () => contract.reads().map((r) => r.slice('GET '.length));
const urlOf = (template: string) => template.replace('{id}', String(systemId('BS-HTTT-001')));

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 that a validator accepts, served without a token, with an ETag', async () => {
    const checked = await contract.validateDocument();
    expect(checked.errors).toBeUndefined();
    expect(checked.valid).toBe(true);
    expect(contract.doc.openapi).toBe('3.1.0');
    const res = await api('/openapi.json');
    expect(res.status).toBe(200);
    expect((await api('/openapi.json').set('If-None-Match', res.headers.etag as string)).status).toBe(304);
    expect(contract.doc.components.securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' } });
    // in Vietnamese
    const systemsOp = contract.doc.paths['/systems']!.get as unknown as { summary: string; parameters: Array<{ name: string; description?: string }> };
    expect(systemsOp.summary).toBe('Danh sách hệ thống thông tin');
    expect(systemsOp.parameters.find((p) => p.name === 'level')?.description).toContain('Cấp độ đã được phê duyệt');
  });

  it('describes every route the API router registers, and no route it does not', () => {
    const router = apiRouter(db, engineConfig(testConfig()));
    expect(routesOf(router).sort()).toEqual(contract.reads().sort());
    expect(contract.reads()).toHaveLength(9);
  });

  it('would catch a route added without a contract', () => {
    const router = apiRouter(db, engineConfig(testConfig()));
    router.get('/systems/:id/secrets', (_req, res) => {
      res.json({});
    });
    expect(routesOf(router).filter((r) => !contract.reads().includes(r))).toEqual(['GET /systems/{id}/secrets']);
  });

  it('gives every parameter a description and the error answers examples that match their schemas', () => {
    for (const [path, item] of Object.entries(contract.doc.paths)) {
      const params = (item.get as unknown as { parameters: Array<{ name?: string; description?: string; $ref?: string }> }).parameters;
      for (const p of params) if (!p.$ref) expect(p.description, `${path} ${p.name}`).toBeTruthy();
    }
    const responses = contract.doc.components.responses as Record<string, { content?: Record<string, { schema: { $ref: string }; example: unknown }> }>;
    for (const [name, r] of Object.entries(responses)) {
      const media = r.content?.['application/json'];
      if (media) expect(contract.mismatch(media.schema.$ref, media.example), name).toBeNull();
    }
  });

  it('catches an answer that drifts from it', () => {
    const body = { data: [], page: { page: 1, pages: 1, total: 0, perPage: 100 } };
    const headers = { 'content-type': 'application/json; charset=utf-8', etag: '"x"', link: '</api/v1/systems?page=1>; rel="first"', 'x-total-count': '0' };
    expect(() => contract.check('GET', '/api/v1/systems', { status: 200, headers, body, text: '{}' })).not.toThrow();
    expect(() => contract.check('GET', '/api/v1/systems', { status: 200, headers, body: { ...body, extra: 1 }, text: '{}' })).toThrow(/extra|additional/);
    const { 'x-total-count': _total, ...uncounted } = headers;
    expect(() => contract.check('GET', '/api/v1/systems', { status: 200, headers: uncounted, body, text: '{}' })).toThrow(/X-Total-Count/);
    expect(() => contract.check('GET', '/api/v1/systems', { status: 409, headers, body, text: '{}' })).toThrow(/not documented/);
  });
});

describe('every endpoint', () => {
  it('answers 200 with an ETag, and 304 to a client that already holds that answer', async () => {
    for (const template of reads()) {
      const res = await api(urlOf(template), provinceToken);
      expect(res.status, template).toBe(200);
      expect(res.headers['cache-control'], template).toBe('private, no-cache');
      expect(res.headers.vary, template).toMatch(/Authorization/);
      const again = await api(urlOf(template), provinceToken).set('If-None-Match', res.headers.etag as string);
      expect(again.status, template).toBe(304);
      expect(again.text, template).toBe('');
      expect((await api(urlOf(template), provinceToken).set('If-None-Match', '"autre"')).status, template).toBe(200);
      expect((await call('head', urlOf(template), provinceToken)).status, template).toBe(200);
    }
  });

  it('refuses a query parameter it does not know with a 400 naming it, instead of ignoring it', async () => {
    for (const template of reads()) {
      const res = await api(`${urlOf(template)}?limit=10`, provinceToken);
      expect(res.status, template).toBe(400);
      expect(res.body.error, template).toMatchObject({ code: 'bad_request', field: 'limit', message: 'API không hỗ trợ tham số limit.' });
      expect(res.headers['cache-control'], template).toBe('no-store');
    }
    // known parameters of another endpoint are unknown here too
    expect((await api(`/systems/${systemId('BS-HTTT-001')}?asOf=2026-12-15`, provinceToken)).body.error).toMatchObject({ field: 'asOf' });
    expect((await api('/gaps?level=3', provinceToken)).body.error).toMatchObject({ field: 'level' });
  });

  it('asks for a token, except the document itself', async () => {
    for (const template of reads()) {
      const res = await api(urlOf(template));
      expect(res.status, template).toBe(template === '/openapi.json' ? 200 : 401);
    }
  });

  it('refuses every method but GET and HEAD with 405, token or not', async () => {
    for (const template of reads()) {
      for (const method of ['post', 'put', 'patch', 'delete'] as const) {
        const res = await call(method, urlOf(template), method === 'post' ? provinceToken : undefined);
        expect(res.status, `${method} ${template}`).toBe(405);
        expect(res.headers.allow).toBe('GET, HEAD');
        expect(res.body.error.message).toBe('API chỉ cho phép đọc (GET, HEAD).');
      }
    }
  });

  it('answers 404 for a system id that is missing or malformed', async () => {
    for (const template of reads().filter((t) => t.includes('{id}'))) {
      for (const id of ['999999999', '0x10', '1e3']) {
        const res = await api(template.replace('{id}', id), provinceToken);
        expect(res.status, `${template} ${id}`).toBe(404);
      }
    }
  });
});

describe('paging', () => {
  it('links the pages of the systems list with the same query (next, prev, first, last) and counts them all', async () => {
    const all = (await api('/systems?status=in_operation', provinceToken)).body as { data: Array<{ id: number }>; page: { total: number } };
    const total = all.page.total;
    expect(total).toBeGreaterThan(10);
    const first = await api('/systems?status=in_operation&perPage=5', provinceToken);
    expect(first.headers['x-total-count']).toBe(String(total));
    expect(first.body.page).toEqual({ page: 1, pages: Math.ceil(total / 5), total, perPage: 5 });
    const links = linksOf(first.headers.link as string);
    expect(links).toEqual({
      next: '/api/v1/systems?status=in_operation&perPage=5&page=2',
      first: '/api/v1/systems?status=in_operation&perPage=5&page=1',
      last: `/api/v1/systems?status=in_operation&perPage=5&page=${Math.ceil(total / 5)}`,
    });
    // following rel="next" to the end gives every system once, in the list's order
    const ids: number[] = [];
    let url: string | undefined = '/api/v1/systems?status=in_operation&perPage=5';
    let last: Links = {};
    while (url) {
      const res = await contract.wrap(request(app).get(url)).set('Authorization', `Bearer ${provinceToken}`);
      expect(res.status).toBe(200);
      ids.push(...(res.body as { data: Array<{ id: number }> }).data.map((s) => s.id));
      last = linksOf(res.headers.link as string);
      url = last.next;
    }
    expect(ids).toEqual(all.data.map((s) => s.id));
    expect(last.prev).toBe(`/api/v1/systems?status=in_operation&perPage=5&page=${Math.ceil(total / 5) - 1}`);
  });

  it('pages the subtree gaps the same way', async () => {
    const whole = (await api('/gaps?asOf=2026-12-15', provinceToken)).body as Omit<ScopeGaps, 'systems'> & { systems: Array<{ system: { id: number } }> };
    const second = await api('/gaps?asOf=2026-12-15&perPage=4&page=2', provinceToken);
    expect(second.headers['x-total-count']).toBe(String(whole.page.total));
    const body = second.body as typeof whole;
    expect(body.systems.map((s) => s.system.id)).toEqual(whole.systems.slice(4, 8).map((s) => s.system.id));
    expect(body.summary).toEqual(whole.summary);
    const links = linksOf(second.headers.link as string);
    expect(links.prev).toBe('/api/v1/gaps?asOf=2026-12-15&perPage=4&page=1');
    expect(links.next).toBe('/api/v1/gaps?asOf=2026-12-15&perPage=4&page=3');
  });

  it('refuses a page size outside 1–100', async () => {
    for (const perPage of ['0', '101', 'abc', '']) {
      const res = await api(`/systems?perPage=${perPage}`, provinceToken);
      expect(res.status, perPage).toBe(400);
      expect(res.body.error.field).toBe('perPage');
    }
  });
});

describe('caching', () => {
  it('changes a detail answer’s ETag when the record changes', async () => {
    const id = systemId('BS-HTTT-002');
    const before = await api(`/systems/${id}`, provinceToken);
    const etag = before.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await api(`/systems/${id}`, provinceToken).set('If-None-Match', etag)).status).toBe(304);

    const row = db.select().from(systems).where(eq(systems.id, id)).get()!;
    const form: Record<string, unknown> = {
      code: row.code, nameVi: row.nameVi, nameEn: row.nameEn ?? '', description: row.description ?? '', ownerId: row.ownerId, operatorId: row.operatorId,
      securityUnitId: row.securityUnitId ?? '', systemType: row.systemType, prioritySector: row.prioritySector ?? '', lifecycleStatus: row.lifecycleStatus,
      goLiveDate: row.goLiveDate ?? '', hosting: row.hosting, separation: row.separation, notes: 'Đã rà soát hồ sơ tháng 12', domesticProductsNote: row.domesticProductsNote ?? '',
      ...(row.stateFunded ? { stateFunded: '1' } : {}), ...(row.nationalSecurityImportant ? { nationalSecurityImportant: '1' } : {}),
    };
    expect((await admin.post(`/systems/${id}`, form)).status).toBe(303);

    const after = await api(`/systems/${id}`, provinceToken).set('If-None-Match', etag);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.body.data.notes).toBe('Đã rà soát hồ sơ tháng 12');
  });

  it('never lets an error be stored', async () => {
    const res = await api('/systems');
    expect(res.status).toBe(401);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
  });
});

describe('the API service speaks in domain errors', () => {
  it('throws ForbiddenError (naming the field) and NotFoundError; only the router knows HTTP', () => {
    const actor = apiService.apiActor(db, tokenRow(provinceToken));
    let thrown: unknown;
    try {
      apiService.orgFilter(db, actor, orgId(MINISTRY_ROOT_CODE));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ForbiddenError);
    expect((thrown as ForbiddenError).field).toBe('org');
    expect(() => apiService.systemDetail(db, actor, systemId('BHT-HTTT-008'))).toThrow(NotFoundError);
    expect(Object.keys(apiService)).not.toContain('ApiError');
  });

  it('has every error message of the API in both dictionaries', () => {
    const keys = new Set<string>();
    for (const f of readdirSync('src/modules/api')) {
      for (const m of readFileSync(join('src/modules/api', f), 'utf8').matchAll(/'(api\.error\.\w+)'/g)) keys.add(m[1]!);
    }
    expect(keys.size).toBeGreaterThan(10);
    for (const k of keys) {
      expect(dictionaries.vi[k], k).toBeTruthy();
      expect(dictionaries.en[k], k).toBeTruthy();
    }
  });

  it('answers each error in Vietnamese, with the stable code', async () => {
    const missing = await api('/systems');
    expect(missing.body.error).toEqual({ code: 'unauthorized', message: 'Cần gửi khóa API trong tiêu đề Authorization: Bearer.' });
    const forbidden = await api(`/gaps?org=${orgId(MINISTRY_ROOT_CODE)}`, provinceToken);
    expect(forbidden.body.error).toEqual({ code: 'forbidden', field: 'org', message: 'Tham số org chỉ tới một cơ quan, đơn vị nằm ngoài phạm vi của khóa.' });
    const date = await api('/gaps?asOf=2026-02-31', provinceToken);
    expect(date.body.error).toEqual({ code: 'bad_request', field: 'asOf', message: 'Tham số asOf phải là một ngày có thật, dạng YYYY-MM-DD.' });
    const twice = await api('/gaps?asOf=2026-01-01&asOf=2026-01-02', provinceToken);
    expect(twice.body.error.message).toBe('Tham số asOf chỉ được gửi một lần.');
  });
});

// last: the tests above met every answer the document promises
describe('coverage of the contract', () => {
  it('every documented status of every endpoint was answered, and checked, at least once', () => {
    expect(contract.documented().filter((k) => !contract.seen.has(k))).toEqual([]);
  });
});
