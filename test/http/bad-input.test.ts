// Malformed input on every form and API route (property-based): generated bodies with dropped,
// duplicated and replaced fields — wrong types, huge strings, control characters, Vietnamese and
// emoji text, impossible dates, negative and enormous numbers, ids of another province.
// Whatever comes in: never a 500, a rejection writes nothing, and valid Unicode round-trips.
import fc from 'fast-check';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { assessments } from '../../src/db/schema/assessments.js';
import { evidenceItems } from '../../src/db/schema/evidence.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { systems } from '../../src/db/schema/systems.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { DEFAULT_LIMITS } from '../../src/web/middleware.js';
import { login, PASSWORD, seedFixture, testConfig } from '../helpers/app.js';
import { nonCanonicalIdArb } from '../helpers/ids.js';

const NUM_RUNS = 15;

// ---- a fresh app with a system, a draft decision, an assessment, an operator and a system of province B

async function setup() {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  const fx = await seedFixture(db);
  const errors: unknown[] = [];
  const app = createApp({ config: testConfig(), db, limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000, postsPerIp: 100_000 }, log: (e) => errors.push(e) });
  const addSystem = (code: string, nameVi: string, ownerId: number, operatorId: number) =>
    db.insert(systems).values({ code, nameVi, ownerId, operatorId, systemType: 'internal', searchText: searchTextFor({ code, nameVi }) }).returning().get().id;
  const systemId = addSystem('A-HIS', 'Phần mềm quản lý bệnh viện', fx.org.provA, fx.org.unitA21);
  const approvedSystemId = addSystem('A-EMR', 'Bệnh án điện tử', fx.org.provA, fx.org.unitA21);
  const otherSystemId = addSystem('B-HIS', 'Hệ thống tỉnh Bắc Lâm', fx.org.provB, fx.org.provB);
  const draftId = db.insert(levelDecisions).values({ systemId, regime: 'nd331', answers: DEFAULT_ANSWERS, computedLevel: 1, proposedLevel: 1 }).returning().get().id;
  const approvedId = db
    .insert(levelDecisions)
    .values({
      systemId: approvedSystemId, regime: 'nd331', answers: DEFAULT_ANSWERS, computedLevel: 3, proposedLevel: 3, proposalReason: 'x',
      dossierStatus: 'approved', approvalNumber: '1/QĐ', approvalDate: '2026-01-05', approvingBody: 'UBND',
    })
    .returning()
    .get().id;
  // a dossier waiting for appraisal, and one waiting for approval
  const dossier = (code: string, nameVi: string, status: 'submitted' | 'appraised') => {
    const id = addSystem(code, nameVi, fx.org.provA, fx.org.unitA21);
    const decision = db
      .insert(levelDecisions)
      .values({
        systemId: id, regime: 'nd331', answers: DEFAULT_ANSWERS, computedLevel: 2, proposedLevel: 2, dossierStatus: status, submittedDate: '2026-10-01',
        ...(status === 'appraised' ? { appraisalBody: 'Sở Khoa học và Công nghệ', appraisalDate: '2026-10-15', appraisalRef: '55/TĐ-SKHCN' } : {}),
      } as typeof levelDecisions.$inferInsert)
      .returning()
      .get().id;
    return { id, decision };
  };
  const submitted = dossier('A-LIS', 'Hệ thống xét nghiệm', 'submitted');
  const appraised = dossier('A-PACS', 'Hệ thống lưu trữ hình ảnh', 'appraised');
  const assessmentId = db
    .insert(assessments)
    .values({ systemId, assessorId: fx.org.provider, kind: 'periodic', periodFrom: '2025-01-01', periodTo: '2025-12-31', performedDate: '2026-01-10' } as typeof assessments.$inferInsert)
    .returning()
    .get().id;
  const s = await login(app, 'admin');
  const person = await s.post('/operators', {
    fullName: 'Nguyễn Văn An', organisationId: String(fx.org.deptA2), position: 'Trưởng phòng', email: 'an@example.vn', phone: '0912 345 678', nationalId: '',
  });
  if (person.status !== 303) throw new Error(`operator setup failed: ${person.status}`);
  const operatorId = Number(/\/operators\/(\d+)/.exec(person.headers.location!)![1]);
  // an evidence item held elsewhere (a link), of the department operating the systems' unit
  const evidenceId = db.insert(evidenceItems).values({ organisationId: fx.org.deptA2, title: 'Quy chế an toàn thông tin', validFrom: '2025-01-01', url: 'https://vanban.example.gov.vn/qc', searchText: 'quy che an toan thong tin' }).returning().get().id;
  return { db, app, fx, errors, s, systemId, approvedSystemId, otherSystemId, draftId, approvedId, assessmentId, operatorId, submitted, appraised, evidenceId };
}

type Ctx = Awaited<ReturnType<typeof setup>>;

// ---- what a request could have written

const NOT_DATA = new Set(['sessions', '__drizzle_migrations', 'sqlite_sequence']);

function tables(ctx: Ctx): string[] {
  return (ctx.db.$client.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[])
    .map((t) => t.name)
    .filter((n) => !NOT_DATA.has(n) && !n.startsWith('sqlite_'));
}

function rowsOf(ctx: Ctx, table: string): Record<string, unknown>[] {
  return ctx.db.$client.prepare(`select * from "${table}"`).all() as Record<string, unknown>[];
}

/** Every table but the sessions; logins and last-login times are not the request's doing. */
function snapshot(ctx: Ctx): string {
  return JSON.stringify(
    // a refused write leaves a security event by design (test/http/security-events.test.ts): not a write of the data
    tables(ctx).filter((t) => t !== 'security_events').map((t) => {
      let rows = rowsOf(ctx, t);
      if (t === 'audit_log') rows = rows.filter((r) => r.action !== 'login');
      if (t === 'users') rows = rows.map((r) => ({ ...r, last_login_at: null }));
      return [t, rows];
    }),
  );
}

/** Every text value stored outside the audit log. */
function storedTexts(ctx: Ctx): Set<string> {
  const out = new Set<string>();
  for (const t of tables(ctx)) {
    if (t === 'audit_log') continue;
    for (const r of rowsOf(ctx, t)) for (const v of Object.values(r)) if (typeof v === 'string') out.add(v);
  }
  return out;
}

// ---- the generated values

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const SAMPLES = [
  '', ' ', '   \t ', 'Hệ thống thông tin Sở Y tế', 'Ủy ban nhân dân tỉnh Bình Sơn – “ấp/ở”', 'Nguyễn Thị Ánh Tuyết', 'ệ', 'e\u0323\u0302', // decomposed ệ
  '🛡️', '👩🏽‍💻 Kỹ sư', '🇻🇳', '\u0000', '\u0007bell', 'a\u0000b', '\u001b[31m', '\r\n', '\u2028', '\uFEFF', '\u200B',
  '31/02/2026', '29/02/2025', '00/00/0000', '32/13/2026', '2026-02-31', '1/1/1', '01/01/0001', '31/12/9999', '99/99/9999',
  '-1', '0', '-0', '1.5', '1,5', '99999999999999999999', '9007199254740993', '1e309', '-1e309', 'NaN', 'Infinity', '0x10', '١٢٣',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'; DROP TABLE systems; --", '%00', '%', '__proto__', 'constructor', 'toString',
  'true', 'on', 'null', 'undefined', '[]', '{}', 'x'.repeat(5000), 'Ậ'.repeat(4000), '🛡️'.repeat(1000),
];

/** A value from the pool; `ids` are the ids of other organisations and systems (province B) and of nothing. */
const valueArb = (ids: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...SAMPLES) },
    { weight: 2, arbitrary: fc.constantFrom(...ids, '999999', '1000000000', '-5') },
    { weight: 2, arbitrary: fc.string({ maxLength: 60, unit: 'binary' }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 400, unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.double().map(String) },
  );

type Body = Record<string, string | string[]>;

type Mutation =
  | { op: 'drop'; key: string }
  | { op: 'duplicate'; key: string; value: string }
  | { op: 'replace'; key: string; value: string }
  | { op: 'add'; key: string; value: string };

const mutationsArb = (keys: string[], ids: string[]) => {
  const key = keys.length ? fc.constantFrom(...keys) : fc.constant('x');
  const one: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 1, arbitrary: key.map((k) => ({ op: 'drop' as const, key: k })) },
    { weight: 1, arbitrary: fc.tuple(key, valueArb(ids)).map(([k, value]) => ({ op: 'duplicate' as const, key: k, value })) },
    { weight: 5, arbitrary: fc.tuple(key, valueArb(ids)).map(([k, value]) => ({ op: 'replace' as const, key: k, value })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('__proto__', 'constructor', 'status[__proto__]', 'id', 'organisationId', 'extra', 'a[b]', 'role', 'confirm'), valueArb(ids))
        .map(([k, value]) => ({ op: 'add' as const, key: k, value })),
    },
  );
  return fc.array(one, { minLength: 1, maxLength: 3 });
};

function mutate(body: Body, ms: Mutation[]): Body {
  const out: Body = { ...body };
  for (const m of ms) {
    if (m.op === 'drop') delete out[m.key];
    else if (m.op === 'duplicate') out[m.key] = [...[out[m.key] ?? ''].flat(), m.value];
    else out[m.key] = m.value;
  }
  return out;
}

/** A urlencoded body where a repeated field is sent twice (a=1&a=2), as a browser would. */
function encode(body: Body, csrf: string): string {
  const p = new URLSearchParams();
  p.append('_csrf', csrf);
  for (const [k, v] of Object.entries(body)) for (const x of [v].flat()) p.append(k, x);
  return p.toString();
}

// ---- the routes

interface Route {
  name: string;
  url: (c: Ctx) => string;
  body: (c: Ctx) => Body;
  /** The status of an accepted write (default 303); 0: never accepted. */
  ok?: number;
  /** Free single-line text fields: what is accepted is stored NFC-normalised and trimmed. */
  text?: string[];
  /**
   * Whether the unmutated form is posted first (default). A dossier step can be taken once: its
   * malformed variants are posted while the dossier still waits for that step.
   */
  probeFirst?: boolean;
}

const d = (n: number) => String(n);
const systemForm = (c: Ctx): Body => ({
  code: 'AH-HTTT-001', nameVi: 'Hệ thống quản lý văn bản', nameEn: 'Documents', ownerId: d(c.fx.org.provA), operatorId: d(c.fx.org.deptA2), securityUnitId: d(c.fx.org.deptA1),
  systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '15/03/2024', hosting: 'own_premises', separation: 'logical', stateFunded: '1',
});
const wizard = (intent: string): Body => ({
  intent, regime: 'nd331', systemType: 'internal', infoPublic: '1', stateSecret: 'none', scope: 'organisation', icsWorksGrade: 'none',
  basicPdSubjects: '0', sensitivePdSubjects: '0', users: '0',
});
const tomorrow = () => {
  const t = new Date(Date.now() + 86_400_000);
  return `${String(t.getUTCDate()).padStart(2, '0')}/${String(t.getUTCMonth() + 1).padStart(2, '0')}/${t.getUTCFullYear()}`;
};

const ROUTES: Route[] = [
  { name: 'create an organisation', url: () => '/organisations', body: (c) => ({ code: 'NEW-ORG', nameVi: 'Đơn vị mới', kind: 'agency', parentId: d(c.fx.org.provA) }), text: ['nameVi'] },
  { name: 'edit an organisation', url: (c) => `/organisations/${c.fx.org.deptA2}`, body: (c) => ({ code: 'SO-YT-A', nameVi: 'Sở Y tế (sửa)', kind: 'agency', parentId: d(c.fx.org.provA) }), text: ['nameVi'] },
  { name: 'register a system', url: () => '/systems', body: systemForm, text: ['nameVi', 'nameEn'] },
  { name: 'edit a system', url: (c) => `/systems/${c.systemId}`, body: (c) => ({ ...systemForm(c), code: 'A-HIS' }), text: ['nameVi', 'nameEn'] },
  { name: 'decommission a system', url: (c) => `/systems/${c.systemId}/decommission`, body: () => ({ decommissionedAt: '01/11/2026', reason: 'Thay thế', confirm: '1' }) },
  { name: 'save a level wizard', url: (c) => `/systems/${c.approvedSystemId}/decisions`, body: () => wizard('save') },
  { name: 'compute a level wizard', url: (c) => `/systems/${c.approvedSystemId}/decisions`, body: () => wizard('compute'), ok: 200 },
  { name: 'edit a draft decision', url: (c) => `/systems/${c.systemId}/decisions/${c.draftId}/edit`, body: () => wizard('save') },
  { name: 'submit a level dossier', url: (c) => `/systems/${c.systemId}/decisions/${c.draftId}/steps/submit`, body: () => ({ submittedDate: '01/11/2026' }) },
  {
    name: 'appraise a level dossier', url: (c) => `/systems/${c.submitted.id}/decisions/${c.submitted.decision}/steps/appraise`,
    body: () => ({ appraisalBody: 'Sở Khoa học và Công nghệ tỉnh An Hòa', appraisalDate: '20/10/2026', appraisalRef: '55/TĐ-SKHCN' }), text: ['appraisalBody', 'appraisalRef'], probeFirst: false,
  },
  {
    name: 'approve a level dossier', url: (c) => `/systems/${c.appraised.id}/decisions/${c.appraised.decision}/steps/approve`,
    body: () => ({ approvalNumber: '77/QĐ-UBND', approvalDate: '01/11/2026', approvingBody: 'Ủy ban nhân dân tỉnh An Hòa', regulationNumber: '', regulationDate: '' }),
    text: ['approvalNumber', 'approvingBody'], probeFirst: false,
  },
  {
    name: 'reject a level dossier', url: (c) => `/systems/${c.appraised.id}/decisions/${c.appraised.decision}/steps/reject`,
    body: () => ({ rejectionReason: 'Hồ sơ thiếu thuyết minh phương án bảo đảm an toàn', confirm: '1' }), text: ['rejectionReason'], probeFirst: false,
  },
  { name: 'record a regulation', url: (c) => `/systems/${c.approvedSystemId}/decisions/${c.approvedId}/regulation`, body: () => ({ regulationNumber: '12/QC-SYT', regulationDate: '01/02/2026' }), text: ['regulationNumber'] },
  { name: 'protection layer 1', url: (c) => `/systems/${c.systemId}/protection/layer1`, body: (c) => ({ securityUnitId: d(c.fx.org.deptA1), decisionNumber: '12/QĐ-SYT', decisionDate: '01/02/2024' }), text: ['decisionNumber'] },
  { name: 'protection layer 2', url: (c) => `/systems/${c.systemId}/protection/layer2`, body: (c) => ({ mode: 'provider', providerId: d(c.fx.org.provider), contractNumber: 'HĐ-01/2026', startDate: '01/01/2026', endDate: '31/12/2026', socName: 'SOC Sao Mai' }), text: ['contractNumber', 'socName'] },
  { name: 'protection layer 3', url: (c) => `/systems/${c.systemId}/protection/layer3`, body: (c) => ({ assessorKind: 'provider', assessorId: d(c.fx.org.provider), contractNumber: 'HĐ-DG-01', startDate: '01/03/2026', endDate: '28/02/2027' }), text: ['contractNumber'] },
  { name: 'protection layer 4', url: (c) => `/systems/${c.systemId}/protection/layer4`, body: () => ({ centre: 'bca_ncsc', status: 'connected', connectionDate: '15/09/2026' }) },
  { name: 'add a finding', url: (c) => `/systems/${c.systemId}/assessments/${c.assessmentId}/findings`, body: () => ({ title: 'Máy chủ chưa vá lỗ hổng', severity: 'high', requirementId: 'RISK-01', remediationPlan: 'Vá trong tháng', dueDate: tomorrow(), status: 'open' }), text: ['title'] },
  // a form without a file may come urlencoded: the global CSRF check applies, and it is a legitimate write
  { name: 'record an assessment (no file)', url: (c) => `/systems/${c.systemId}/assessments`, body: (c) => ({ kind: 'periodic', assessorId: d(c.fx.org.provider), plannedDate: '15/12/2026', reportRef: 'BC-01/2026' }), text: ['reportRef'] },
  { name: 'create an operator', url: () => '/operators', body: (c) => ({ fullName: 'Trần Thị Bình', organisationId: d(c.fx.org.deptA2), position: 'Chuyên viên', email: 'binh@example.vn', phone: '0912 345 679', nationalId: '' }), text: ['fullName', 'position'] },
  { name: 'edit an operator', url: (c) => `/operators/${c.operatorId}`, body: (c) => ({ fullName: 'Nguyễn Văn An', organisationId: d(c.fx.org.deptA2), position: 'Phó Giám đốc', email: '', phone: '', nationalId: '' }), text: ['fullName', 'position'] },
  {
    name: 'add a certificate', url: (c) => `/operators/${c.operatorId}/certificates`,
    body: () => ({ kind: 'international', name: 'CISSP', number: '778812', issuer: 'ISC2', issueDate: '01/01/2025', expiryDate: '', status: 'valid', statusDate: '', statusReason: '' }),
    text: ['name', 'issuer'],
  },
  { name: 'add a knowledge update', url: (c) => `/operators/${c.operatorId}/updates`, body: () => ({ date: '01/01/2026', programme: 'Cập nhật kiến thức an ninh mạng', hours: '16', organiser: 'Công an tỉnh' }), text: ['programme', 'organiser'] },
  { name: 'assign an operator', url: (c) => `/operators/${c.operatorId}/assignments`, body: (c) => ({ systemId: d(c.systemId), role: 'administrator', fromDate: '01/01/2026', toDate: '' }) },
  {
    name: 'record a drill', url: () => '/readiness/drills',
    body: (c) => ({ organisationId: d(c.fx.org.deptA2), systemId: '', date: '10/03/2026', kind: 'tabletop', scenario: 'Tấn công mã độc tống tiền', participants: '25', organiser: 'Sở Y tế', result: '', lessons: '' }),
  },
  { name: 'record a budget', url: () => '/readiness/budgets', body: (c) => ({ organisationId: d(c.fx.org.deptA2), systemId: '', year: '2026', itBudget: '1.250.000.000', securitySpending: '125000000', note: '' }) },
  { name: 'save a checklist', url: (c) => `/systems/${c.approvedSystemId}/checklist`, body: () => ({ 'status[M.POL.1]': 'met', 'status[M.POL.2]': 'not_applicable', 'note[M.POL.2]': 'Không áp dụng' }) },
  {
    name: 'add a provider', url: () => '/providers',
    body: () => ({ code: 'NCC-MOI', nameVi: 'Công ty Cổ phần An toàn số', taxCode: '0101234567', licensedServices: ['monitoring', 'assessment'], licenceNumber: '15/GP-CATTT', licenceIssued: '01/01/2024', licenceExpires: '31/12/2028', parentId: '' }),
    text: ['nameVi'],
  },
  { name: 'create a user', url: () => '/users', body: (c) => ({ username: 'nguoimoi', fullName: 'Người mới', email: 'moi@example.vn', role: 'viewer', organisationId: d(c.fx.org.deptA2) }), ok: 201, text: ['fullName'] },
  { name: 'edit a user', url: (c) => `/users/${c.fx.user.viewer}`, body: (c) => ({ fullName: 'Người xem', email: '', role: 'viewer', organisationId: d(c.fx.org.provA) }), text: ['fullName'] },
  { name: 'record an annual report', url: (c) => `/organisations/${c.fx.org.provA}/annual-reports`, body: () => ({ year: '2025', internalDate: '18/12/2025', authorityDate: '24/12/2025', reference: '123/BC-UBND' }), text: ['reference'] },
  { name: 'record a self-inspection notice', url: (c) => `/systems/${c.systemId}/notices`, body: () => ({ year: '2026', sentDate: '15/09/2026', reference: '45/TB-SYT' }), text: ['reference'] },
  {
    name: 'edit an evidence item', url: (c) => `/evidence/${c.evidenceId}/edit`,
    body: (c) => ({ title: 'Quy chế an toàn thông tin (sửa đổi)', description: 'Bản ký số', organisationId: d(c.fx.org.deptA2), validFrom: '01/01/2025', validUntil: '31/12/2027', url: 'https://vanban.example.gov.vn/qc-2' }),
    text: ['title', 'description'],
  },
  { name: 'attach evidence to a record', url: (c) => `/evidence/${c.evidenceId}/links`, body: (c) => ({ kind: 'assessment', recordId: d(c.assessmentId) }) },
  { name: 'attach evidence to a checklist item of several systems', url: (c) => `/evidence/${c.evidenceId}/links/checklist`, body: (c) => ({ itemId: 'RISK-01', systemIds: d(c.approvedSystemId) }) },
  { name: 'create a calendar token', url: () => '/calendar/token', body: () => ({}), ok: 201 },
  { name: 'create an API token', url: () => '/api-tokens', body: (c) => ({ name: 'Kho dữ liệu tỉnh', organisationId: d(c.fx.org.provA) }), ok: 201, text: ['name'] },
  { name: 'change my password', url: () => '/account/password', body: () => ({ current: PASSWORD, password: 'mat-khau-moi-rat-dai-2026', confirm: 'mat-khau-moi-rat-dai-2026' }) },
  { name: 'choose a language', url: () => '/lang', body: () => ({ lang: 'en', next: '/systems' }) },
  { name: 'choose my e-mail notifications', url: () => '/account/notifications', body: () => ({ digest: '1', finding: '1', certificate: '1', engagement: '1', locale: 'en' }) },
];

const REJECTIONS = new Set([400, 403, 404, 409, 413, 422]);

describe.each(ROUTES)('POST $name with malformed data', (route) => {
  it('never answers 500, writes nothing when it refuses, and keeps valid text as sent', async () => {
    const ctx = await setup();
    const ids = [d(ctx.fx.org.provB), d(ctx.otherSystemId), d(ctx.fx.user.adminB)];
    const valid = route.body(ctx);
    const ok = route.ok ?? 303;

    // the unmutated form is accepted (or, once written, refused as a duplicate): the table is right
    if (route.probeFirst !== false) {
      const before0 = snapshot(ctx);
      const first = await ctx.s.agent.post(route.url(ctx)).type('form').send(encode(valid, ctx.s.csrf));
      if (ok) expect(first.status, first.text.slice(0, 400)).toBe(ok);
      else expect(REJECTIONS.has(first.status) && snapshot(ctx) === before0, `${first.status}`).toBe(true);
    }

    await fc.assert(
      fc.asyncProperty(mutationsArb(Object.keys(valid), ids), async (ms) => {
        const body = mutate(valid, ms);
        const before = snapshot(ctx);
        const res = await ctx.s.agent.post(route.url(ctx)).type('form').send(encode(body, ctx.s.csrf));
        expect(ctx.errors, String(ctx.errors[0])).toEqual([]);
        expect(res.status).toBeLessThan(500);
        if (res.status !== ok) {
          expect(REJECTIONS.has(res.status) || (res.status === 200 && ok !== 200), `unexpected ${res.status}`).toBe(true);
          expect(snapshot(ctx) === before, `${res.status} wrote something`).toBe(true);
          return;
        }
        // accepted, or a form posted again unchanged
        if (snapshot(ctx) === before) return;
        // written: every free-text value sent once, well-formed and printable, is stored as sent (NFC, trimmed)
        const stored = storedTexts(ctx);
        for (const m of ms) {
          if (m.op !== 'replace' || !route.text?.includes(m.key) || body[m.key] !== m.value) continue;
          const expected = m.value.normalize('NFC').trim();
          if (!expected || CONTROL.test(expected) || LONE_SURROGATE.test(expected)) continue;
          expect(stored.has(expected), `${m.key} = ${JSON.stringify(expected.slice(0, 80))} not stored as sent`).toBe(true);
        }
      }),
      { numRuns: NUM_RUNS },
    );
    // a dossier step not probed first must still be accepted as sent
    if (route.probeFirst === false) {
      const before = snapshot(ctx);
      const last = await ctx.s.agent.post(route.url(ctx)).type('form').send(encode(valid, ctx.s.csrf));
      expect(last.status === ok || (last.status === 409 && snapshot(ctx) === before), `${last.status}`).toBe(true);
    }
    ctx.app.close();
  });
});

// ---- one address per record: an id that is not written the one way (007, +7, 7.0, ' 7', ٧…) is a 404

interface IdRoute {
  name: string;
  /** the record whose id is spelled otherwise */
  id: (c: Ctx) => number;
  url: (c: Ctx, id: string) => string;
  /** a POST with this form (filled in correctly); a GET without */
  body?: (c: Ctx) => Body;
  /** what the canonical address answers */
  ok: number;
}

const ID_ROUTES: IdRoute[] = [
  { name: 'a system page', id: (c) => c.systemId, url: (_c, x) => `/systems/${x}`, ok: 200 },
  { name: 'a system’s protection', id: (c) => c.systemId, url: (_c, x) => `/systems/${x}/protection`, ok: 200 },
  { name: 'a system’s checklist', id: (c) => c.approvedSystemId, url: (_c, x) => `/systems/${x}/checklist`, ok: 200 },
  { name: 'a level decision', id: (c) => c.draftId, url: (c, x) => `/systems/${c.systemId}/decisions/${x}`, ok: 200 },
  { name: 'an assessment', id: (c) => c.assessmentId, url: (c, x) => `/systems/${c.systemId}/assessments/${x}`, ok: 200 },
  { name: 'an operator', id: (c) => c.operatorId, url: (_c, x) => `/operators/${x}`, ok: 200 },
  { name: 'an evidence item', id: (c) => c.evidenceId, url: (_c, x) => `/evidence/${x}`, ok: 200 },
  { name: 'a record’s evidence', id: (c) => c.assessmentId, url: (_c, x) => `/evidence/for/assessment/${x}`, ok: 200 },
  { name: 'an organisation', id: (c) => c.fx.org.deptA2, url: (_c, x) => `/organisations/${x}`, ok: 200 },
  { name: 'an annual report', id: (c) => c.fx.org.provA, url: (_c, x) => `/organisations/${x}/annual-report`, ok: 200 },
  { name: 'a user', id: (c) => c.fx.user.viewer, url: (_c, x) => `/users/${x}`, ok: 200 },
  { name: 'edit a system', id: (c) => c.systemId, url: (_c, x) => `/systems/${x}`, body: (c) => ({ ...systemForm(c), code: 'A-HIS' }), ok: 303 },
  { name: 'decommission a system', id: (c) => c.systemId, url: (_c, x) => `/systems/${x}/decommission`, body: () => ({ decommissionedAt: '01/11/2026', confirm: '1' }), ok: 303 },
  { name: 'protection layer 1', id: (c) => c.systemId, url: (_c, x) => `/systems/${x}/protection/layer1`, body: (c) => ({ securityUnitId: d(c.fx.org.deptA1), decisionNumber: '12/QĐ-SYT', decisionDate: '01/02/2024' }), ok: 303 },
  { name: 'add a finding', id: (c) => c.assessmentId, url: (c, x) => `/systems/${c.systemId}/assessments/${x}/findings`, body: () => ({ title: 'Máy chủ chưa vá', severity: 'high', dueDate: tomorrow(), status: 'open' }), ok: 303 },
  { name: 'add a certificate', id: (c) => c.operatorId, url: (_c, x) => `/operators/${x}/certificates`, body: () => ({ kind: 'international', name: 'CISSP', number: '778812', issuer: 'ISC2', issueDate: '01/01/2025', status: 'valid' }), ok: 303 },
  { name: 'edit an organisation', id: (c) => c.fx.org.deptA2, url: (_c, x) => `/organisations/${x}`, body: (c) => ({ code: 'SO-YT-A', nameVi: 'Sở Y tế', kind: 'agency', parentId: d(c.fx.org.provA) }), ok: 303 },
  { name: 'reset a password', id: (c) => c.fx.user.viewer, url: (_c, x) => `/users/${x}/reset-password`, body: () => ({ confirm: '1' }), ok: 200 },
];

describe.each(ID_ROUTES)('$name at a non-canonical id', (route) => {
  it('answers 404 and writes nothing; the canonical address works', async () => {
    const ctx = await setup();
    const send = (x: string) => {
      const url = route.url(ctx, encodeURIComponent(x));
      return route.body ? ctx.s.agent.post(url).type('form').send(encode(route.body(ctx), ctx.s.csrf)) : ctx.s.get(url);
    };
    await fc.assert(
      fc.asyncProperty(nonCanonicalIdArb(route.id(ctx)), async (x) => {
        const before = snapshot(ctx);
        const res = await send(x);
        expect(ctx.errors, String(ctx.errors[0])).toEqual([]);
        expect(res.status, JSON.stringify(x)).toBe(404);
        expect(snapshot(ctx) === before, `${JSON.stringify(x)} wrote something`).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
    const res = await send(String(route.id(ctx)));
    expect(res.status, res.text.slice(0, 300)).toBe(route.ok);
    ctx.app.close();
  });
});

// ---- textareas: line breaks and tabs, and nothing else that no one types

interface TextareaRoute {
  name: string;
  url: (c: Ctx) => string;
  body: (c: Ctx) => Body;
  fields: string[];
  /** a dossier step is taken once: only refusals are tried */
  refusalsOnly?: boolean;
}

const TEXTAREAS: TextareaRoute[] = [
  { name: 'edit a system', url: (c) => `/systems/${c.systemId}`, body: (c) => ({ ...systemForm(c), code: 'A-HIS' }), fields: ['description', 'notes', 'domesticProductsNote'] },
  { name: 'edit a draft decision', url: (c) => `/systems/${c.systemId}/decisions/${c.draftId}/edit`, body: () => wizard('save'), fields: ['proposalReason'] },
  { name: 'add a finding', url: (c) => `/systems/${c.systemId}/assessments/${c.assessmentId}/findings`, body: () => ({ title: 'Máy chủ chưa vá', severity: 'high', dueDate: tomorrow(), status: 'open' }), fields: ['remediationPlan', 'evidenceNote'] },
  {
    name: 'accept a finding', url: (c) => `/systems/${c.systemId}/assessments/${c.assessmentId}/findings`,
    body: () => ({ title: 'Rủi ro được chấp nhận', severity: 'low', dueDate: tomorrow(), status: 'accepted', closedDate: '15/01/2026', acceptedReason: 'Hệ thống sắp thay thế' }), fields: ['acceptedReason'],
  },
  {
    name: 'record a drill', url: () => '/readiness/drills',
    body: (c) => ({ organisationId: d(c.fx.org.deptA2), date: '10/03/2026', kind: 'tabletop', scenario: 'Tấn công mã độc', participants: '25' }), fields: ['scenario', 'result', 'lessons'],
  },
  {
    name: 'reject a level dossier', url: (c) => `/systems/${c.appraised.id}/decisions/${c.appraised.decision}/steps/reject`,
    body: () => ({ rejectionReason: 'Hồ sơ thiếu thuyết minh', confirm: '1' }), fields: ['rejectionReason'], refusalsOnly: true,
  },
];

/** What no one types: C0 controls but tab and line breaks, DEL, C1 controls, text-direction overrides and isolates. */
const unwantedCharArb = fc
  .oneof(
    fc.integer({ min: 0, max: 0x1f }).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d),
    fc.constant(0x7f),
    fc.integer({ min: 0x80, max: 0x9f }),
    fc.integer({ min: 0x202a, max: 0x202e }),
    fc.integer({ min: 0x2066, max: 0x2069 }),
  )
  .map((c) => String.fromCharCode(c));

const WORDS = ['Máy chủ', 'chưa vá', 'lỗ hổng', 'Kế hoạch khắc phục', '1.', '–', '🛡️', 'Nguyễn Thị Ánh', 'x'];
/** Lines of Vietnamese text separated by what a textarea sends: CRLF, LF, CR, tabs, spaces. */
const linesArb = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(' ', '\r\n', '\n', '\r', '\t', '\r\n\r\n')), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.map(([w, sep]) => w + sep).join('') + 'hết');

describe.each(TEXTAREAS)('POST $name with control characters in a textarea', (route) => {
  it('refuses NUL, C0/C1 controls and bidi overrides with a message on the field; keeps line breaks and tabs', async () => {
    const ctx = await setup();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...route.fields), linesArb, unwantedCharArb, fc.nat(), async (field, text, bad, at) => {
        const i = at % (text.length + 1);
        const before = snapshot(ctx);
        const res = await ctx.s.agent.post(route.url(ctx)).type('form').send(encode({ ...route.body(ctx), [field]: text.slice(0, i) + bad + text.slice(i) }, ctx.s.csrf));
        expect(ctx.errors, String(ctx.errors[0])).toEqual([]);
        expect(res.status, JSON.stringify(bad)).toBe(422);
        expect(res.text).toContain('Nội dung chứa ký tự điều khiển hoặc ký tự đổi chiều văn bản');
        expect(snapshot(ctx) === before, `${JSON.stringify(bad)} in ${field} wrote something`).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
    if (!route.refusalsOnly) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...route.fields), linesArb, async (field, text) => {
          const res = await ctx.s.agent.post(route.url(ctx)).type('form').send(encode({ ...route.body(ctx), [field]: text }, ctx.s.csrf));
          expect(res.status, res.text.slice(0, 300)).toBe(303);
          // line breaks are stored as LF, tabs kept
          expect(storedTexts(ctx).has(text.normalize('NFC').trim().replace(/\r\n?/g, '\n')), JSON.stringify(text)).toBe(true);
        }),
        { numRuns: NUM_RUNS },
      );
    }
    ctx.app.close();
  });
});

// ---- GET routes with bad query strings, and the API with bad tokens

const GETS: { name: string; url: (c: Ctx) => string; keys: string[] }[] = [
  { name: 'systems list', url: () => '/systems', keys: ['q', 'status', 'level', 'org', 'lifecycle', 'page', 'sort', 'dossier'] },
  { name: 'gaps', url: () => '/gaps', keys: ['asOf', 'org', 'severity', 'page'] },
  { name: 'calendar', url: () => '/calendar', keys: ['month', 'year', 'from', 'to', 'org', 'asOf'] },
  { name: 'systems export', url: () => '/exports/systems.csv', keys: ['q', 'status', 'org', 'asOf'] },
  { name: 'gaps export', url: () => '/exports/gaps.xlsx', keys: ['asOf', 'org'] },
  { name: 'organisations', url: () => '/organisations', keys: ['q', 'page'] },
  { name: 'audit log', url: () => '/audit', keys: ['q', 'from', 'to', 'action', 'entity', 'page', 'user'] },
  { name: 'checklist', url: (c) => `/systems/${c.approvedSystemId}/checklist`, keys: ['show'] },
  { name: 'operators roster', url: () => '/operators/roster', keys: ['org', 'asOf', 'q'] },
  { name: 'outbox', url: () => '/outbox', keys: ['status', 'kind', 'recipient', 'from', 'to', 'page'] },
];

describe('GET routes with malformed query strings', () => {
  it.each(GETS)('$name never answers 500 and writes nothing', async (route) => {
    const ctx = await setup();
    const ids = [d(ctx.fx.org.provB), d(ctx.otherSystemId)];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...route.keys), valueArb(ids)), { minLength: 1, maxLength: 4 }), async (pairs) => {
        const qs = new URLSearchParams(pairs).toString();
        const before = snapshot(ctx);
        const res = await ctx.s.get(`${route.url(ctx)}?${qs.slice(0, 6000)}`);
        expect(ctx.errors, String(ctx.errors[0])).toEqual([]);
        expect(res.status).toBeLessThan(500);
        expect([200, 400, 404, 422]).toContain(res.status);
        expect(snapshot(ctx) === before).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
    ctx.app.close();
  });

  it('a list filtered by a non-canonical id ("007") is not filtered: one address per record, in queries too', async () => {
    const ctx = await setup();
    const codes = (html: string) => [...html.matchAll(/href="\/systems\/(\d+)"/g)].map((m) => m[1]).sort().join(',');
    const org = ctx.fx.org.deptA1;
    const all = codes((await ctx.s.get('/systems')).text);
    const filtered = codes((await ctx.s.get(`/systems?org=${org}`)).text);
    expect(filtered).not.toBe(all);
    for (const bad of [`0${org}`, `+${org}`, `${org}.0`, ` ${org}`]) {
      expect(codes((await ctx.s.get(`/systems?org=${encodeURIComponent(bad)}`)).text), bad).toBe(all);
    }
    for (const list of ['/gaps', '/operators', '/calendar', '/evidence', '/transition', '/exports/systems.csv']) {
      const res = await ctx.s.get(`${list}?org=0${org}`);
      expect(res.status, list).toBe(200);
    }
    ctx.app.close();
  });

  it('the API answers 401 to any malformed bearer token and 4xx to bad ids', async () => {
    const ctx = await setup();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer x'.repeat(500), 'Bearer capdo_' + 'a'.repeat(40)), fc.string({ maxLength: 200, unit: 'grapheme-ascii' }).map((s) => `Bearer ${s}`)),
        fc.constantFrom('/api/v1/systems', '/api/v1/gaps', `/api/v1/systems/${ctx.systemId}`, '/api/v1/systems/-1/decisions', '/api/v1/systems/1e309/gaps', '/api/v1/systems/%00/operators'),
        async (auth, url) => {
          const before = snapshot(ctx);
          const req = request(ctx.app).get(url);
          const res = await (auth ? req.set('Authorization', auth) : req);
          expect(ctx.errors, String(ctx.errors[0])).toEqual([]);
          expect(res.status).toBe(401);
          expect(snapshot(ctx) === before).toBe(true);
        },
      ),
      { numRuns: NUM_RUNS },
    );
    ctx.app.close();
  });
});

// ---- explicit cases

describe('Vietnamese and emoji text round-trips', () => {
  it('stores and shows a system name exactly as typed', async () => {
    const ctx = await setup();
    const nameVi = 'Hệ thống 🛡️ “Bình Sơn” – ấp/ở';
    const res = await ctx.s.post('/systems', { ...systemForm(ctx), nameVi });
    expect(res.status).toBe(303);
    const row = ctx.db.$client.prepare('select name_vi as nameVi from systems where code = ?').get('AH-HTTT-001') as { nameVi: string };
    expect(row.nameVi).toBe(nameVi);
    const page = await ctx.s.get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Hệ thống 🛡️ “Bình Sơn” – ấp/ở');
    ctx.app.close();
  });

  it('stores decomposed Vietnamese as NFC and trims it', async () => {
    const ctx = await setup();
    const res = await ctx.s.post('/systems', { ...systemForm(ctx), nameVi: '  He\u0323\u0302 tho\u0302\u0301ng  ' });
    expect(res.status).toBe(303);
    const row = ctx.db.$client.prepare('select name_vi as nameVi from systems where code = ?').get('AH-HTTT-001') as { nameVi: string };
    expect(row.nameVi).toBe('Hệ thống');
    ctx.app.close();
  });
});

describe('precise refusals', () => {
  it('answers 413 to a 300 kB body and writes nothing', async () => {
    const ctx = await setup();
    const before = snapshot(ctx);
    const res = await ctx.s.post('/systems', { ...systemForm(ctx), description: 'x'.repeat(300_000) });
    expect(res.status).toBe(413);
    expect(snapshot(ctx)).toBe(before);
    ctx.app.close();
  });

  it.each([
    ['a control character in a name', { nameVi: 'Hệ thống\u0000' }],
    ['a duplicated name', 'dup'],
    ['31/02 as a date', { goLiveDate: '31/02/2026' }],
    ['an operator of another province', 'provB'],
    ['a negative id', { ownerId: '-1' }],
    ['an enormous id', { ownerId: '99999999999999999999' }],
    ['a zero-padded id', 'padded'],
    ['a bidi override in a name', { nameVi: 'Hệ thống \u202Egnaht' }],
    ['a C1 control in a name', { nameVi: 'Hệ thống\u0085' }],
    ['a missing code', 'nocode'],
  ] as const)('refuses %s with 422 and writes nothing', async (_name, change) => {
    const ctx = await setup();
    const body: Body = { ...systemForm(ctx) };
    if (change === 'dup') body.nameVi = ['Một', 'Hai'];
    else if (change === 'provB') body.operatorId = d(ctx.fx.org.provB);
    else if (change === 'nocode') delete body.code;
    else if (change === 'padded') body.ownerId = `0${ctx.fx.org.provA}`;
    else Object.assign(body, change);
    const before = snapshot(ctx);
    const res = await ctx.s.agent.post('/systems').type('form').send(encode(body, ctx.s.csrf));
    expect(res.status).toBe(422);
    expect(snapshot(ctx)).toBe(before);
    ctx.app.close();
  });
});
