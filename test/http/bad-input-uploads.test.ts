// The bad-input battery for multipart forms (the assessment with its report file): generated malformed
// fields and files — wrong types, empty and oversized files, a file field sent twice, names with control
// characters, path traversal or hundreds of Vietnamese letters — never give a 500; a refusal writes no
// row and leaves no file in the upload directory; an accepted report is stored once, by its content.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { assessments } from '../../src/db/schema/assessments.js';
import { evidenceFileVersions, evidenceItems } from '../../src/db/schema/evidence.js';
import { engagements } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { todayIso } from '../../src/i18n/format.js';
import { DEFAULT_LIMITS } from '../../src/web/middleware.js';
import { auditEntries, login, seedFixture, testConfig } from '../helpers/app.js';
import { nonCanonicalIdArb } from '../helpers/ids.js';

const NUM_RUNS = 25;
const MAX_MB = 1;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function setup() {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  const fx = await seedFixture(db);
  const uploadDir = mkdtempSync(join(tmpdir(), 'capdo-bad-uploads-'));
  dirs.push(uploadDir);
  const errors: unknown[] = [];
  const app = createApp({
    config: testConfig({ UPLOAD_DIR: uploadDir, UPLOAD_MAX_MB: String(MAX_MB) }), db,
    limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000, postsPerIp: 100_000 }, log: (e) => errors.push(e),
  });
  const systemId = db
    .insert(systems)
    .values({ code: 'A-HIS', nameVi: 'Phần mềm quản lý bệnh viện', ownerId: fx.org.provA, operatorId: fx.org.unitA21, systemType: 'internal', searchText: searchTextFor({ code: 'A-HIS', nameVi: 'Phần mềm quản lý bệnh viện' }) })
    .returning()
    .get().id;
  db.insert(engagements).values({ systemId, assessorKind: 'provider', assessorId: fx.org.provider }).run();
  const s = await login(app, 'admin');
  const files = () => readdirSync(uploadDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  const rows = () => db.select().from(assessments).all().length;
  return { db, app, fx, errors, s, systemId, files, rows };
}

const lastMonth = new Date(Date.parse(`${todayIso()}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
const validFields = (assessorId: number): Record<string, string> => ({
  kind: 'periodic', assessorId: String(assessorId), periodFrom: '2025-01-01', periodTo: lastMonth, performedDate: lastMonth,
  scopeCompliance: '1', testBox: 'grey', result: 'passed', reportRef: '15/BC-KĐ',
});

const PDF = Buffer.from('%PDF-1.7\n% báo cáo kiểm tra, đánh giá\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'utf8');
const EXE = Buffer.concat([Buffer.from('MZ\x90\0\x03\0\0\0'), Buffer.alloc(120, 0x41)]);
const FILES = {
  pdf: PDF,
  // each run's PDF differs, so an accepted one adds a file (content-addressed storage)
  otherPdf: (n: number) => Buffer.concat([PDF, Buffer.from(`% ${n}\n`)]),
  exe: EXE,
  empty: Buffer.alloc(0),
  text: Buffer.from('Đây không phải là một tệp PDF'),
  oversized: Buffer.concat([PDF, Buffer.alloc(MAX_MB * 1024 * 1024 + 10, 0x20)]),
};
const NAMES = [
  'bao-cao.pdf', 'Báo cáo kiểm tra, đánh giá 2026.pdf', '../../../etc/passwd.pdf', '..\\..\\x.pdf', 'a\u0000b.pdf', '\u001b[31mred.pdf', 'x\r\ny.pdf',
  `${'Ậ'.repeat(300)}.pdf`, '🛡️ báo cáo.pdf', '.pdf', 'report', 'report.PDF.exe',
];
const FIELD_VALUES = ['', '31/02/2026', '2026-02-31', '-1', '99999999999999999999', 'x'.repeat(5000), '<script>alert(1)</script>', '\u0000', '🛡️', 'Nguyễn Thị Ánh', '999999'];

type Case = { file: keyof typeof FILES | 'none' | 'twice'; name: string; field: string | null; value: string };

const caseArb = (keys: string[]): fc.Arbitrary<Case> =>
  fc.record({
    file: fc.constantFrom('pdf', 'otherPdf', 'exe', 'empty', 'text', 'oversized', 'none', 'twice'),
    name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 80, unit: 'binary' }).map((s) => `${s}.pdf`)),
    field: fc.option(fc.constantFrom(...keys), { nil: null }),
    value: fc.oneof(fc.constantFrom(...FIELD_VALUES), fc.string({ maxLength: 100, unit: 'grapheme' })),
  }) as fc.Arbitrary<Case>;

describe('POST an assessment with its report file, malformed', () => {
  it('never answers 500; a refusal writes no row, no audit entry and no file; an accepted report is stored once', async () => {
    const ctx = await setup();
    const url = `/systems/${ctx.systemId}/assessments`;
    const fields = validFields(ctx.fx.org.provider);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(caseArb(Object.keys(fields)), async (c) => {
        n += 1;
        const body = c.field ? { ...fields, [c.field]: c.value } : fields;
        const [rows, files, audit] = [ctx.rows(), ctx.files(), auditEntries(ctx.db).length];
        let req = ctx.s.agent.post(url).field('_csrf', ctx.s.csrf);
        for (const [k, v] of Object.entries(body)) req = req.field(k, v);
        const bytes = c.file === 'otherPdf' ? FILES.otherPdf(n) : c.file === 'none' || c.file === 'twice' ? FILES.otherPdf(n) : FILES[c.file];
        if (c.file !== 'none') req = req.attach('report', bytes, { filename: c.name, contentType: 'application/pdf' });
        if (c.file === 'twice') req = req.attach('report', PDF, { filename: 'hai.pdf', contentType: 'application/pdf' });
        const res = await req;
        expect(ctx.errors, String(ctx.errors[0])).toEqual([]);
        expect(res.status).toBeLessThan(500);
        if (res.status !== 303) {
          expect([400, 409, 413, 422]).toContain(res.status);
          expect([ctx.rows(), ctx.files(), auditEntries(ctx.db).length]).toEqual([rows, files, audit]);
          return;
        }
        expect(ctx.rows()).toBe(rows + 1);
        // a report file is kept once, whatever its name (stored by content, never under the name sent)
        expect(ctx.files()).toBeLessThanOrEqual(files + 1);
        const stored = ctx.db.select().from(assessments).all().at(-1)!;
        if (stored.fileStoredAs) expect(stored.fileStoredAs).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}$/);
      }),
      { numRuns: NUM_RUNS },
    );
    ctx.app.close();
  });

  it('answers 413 to a file over the limit, 403 without the token and 400 to a broken part header, writing nothing', async () => {
    const ctx = await setup();
    const url = `/systems/${ctx.systemId}/assessments`;
    const fields = validFields(ctx.fx.org.provider);
    let big = ctx.s.agent.post(url).field('_csrf', ctx.s.csrf);
    for (const [k, v] of Object.entries(fields)) big = big.field(k, v);
    expect((await big.attach('report', FILES.oversized, { filename: 'lon.pdf', contentType: 'application/pdf' })).status).toBe(413);
    let noToken = ctx.s.agent.post(url);
    for (const [k, v] of Object.entries(fields)) noToken = noToken.field(k, v);
    expect((await noToken.attach('report', PDF, { filename: 'bao-cao.pdf', contentType: 'application/pdf' })).status).toBe(403);
    // a NUL in the file name breaks the part's header: a 400, not a 500
    let broken = ctx.s.agent.post(url).field('_csrf', ctx.s.csrf);
    for (const [k, v] of Object.entries(fields)) broken = broken.field(k, v);
    expect((await broken.attach('report', PDF, { filename: 'bao\u0000cao.pdf', contentType: 'application/pdf' })).status).toBe(400);
    // the import upload goes through the same parser
    const imported = await ctx.s.agent.post('/imports/upload').field('_csrf', ctx.s.csrf).attach('file', Buffer.from('Mã hệ thống\r\n'), { filename: 'he\u0000thong.csv', contentType: 'text/csv' });
    expect(imported.status).toBe(400);
    expect(ctx.errors).toEqual([]);
    expect([ctx.rows(), ctx.files()]).toEqual([0, 0]);
    ctx.app.close();
  });
});

describe('POST a new evidence item with its files, malformed', () => {
  it('never answers 500; a refusal writes no item, no version, no audit entry and no file; accepted files are stored by content', async () => {
    const ctx = await setup();
    const fields: Record<string, string> = {
      title: 'Quyết định giao đơn vị chuyên trách', description: '', organisationId: String(ctx.fx.org.provA), validFrom: '01/01/2026', validUntil: '', url: '',
      attachSystemId: String(ctx.systemId), attachItemId: '',
    };
    const evidenceRows = () => [ctx.db.select().from(evidenceItems).all().length, ctx.db.select().from(evidenceFileVersions).all().length];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(caseArb(Object.keys(fields)), async (c) => {
        n += 1;
        const body = c.field ? { ...fields, [c.field]: c.value } : fields;
        const [rows, files, audit] = [evidenceRows(), ctx.files(), auditEntries(ctx.db).length];
        let req = ctx.s.agent.post('/evidence').field('_csrf', ctx.s.csrf);
        for (const [k, v] of Object.entries(body)) req = req.field(k, v);
        const bytes = c.file === 'otherPdf' || c.file === 'none' || c.file === 'twice' ? FILES.otherPdf(n) : FILES[c.file];
        if (c.file !== 'none') req = req.attach('files', bytes, { filename: c.name, contentType: 'application/pdf' });
        if (c.file === 'twice') req = req.attach('files', PDF, { filename: 'hai.pdf', contentType: 'application/pdf' });
        const res = await req;
        expect(ctx.errors, String(ctx.errors[0])).toEqual([]);
        expect(res.status).toBeLessThan(500);
        if (res.status !== 303) {
          expect([400, 404, 409, 413, 422]).toContain(res.status);
          expect([evidenceRows(), ctx.files(), auditEntries(ctx.db).length]).toEqual([rows, files, audit]);
          return;
        }
        expect(evidenceRows()[0]).toBe(rows[0]! + 1);
        expect(ctx.files()).toBeLessThanOrEqual(files + 2);
        for (const v of ctx.db.select().from(evidenceFileVersions).all()) expect(v.storedAs).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}$/);
      }),
      { numRuns: NUM_RUNS },
    );
    ctx.app.close();
  });
});

describe('POST an assessment to a non-canonical id', () => {
  it('answers 404, not a CSRF 403, with or without the token, before the body is read; writes nothing', async () => {
    const ctx = await setup();
    const fields = validFields(ctx.fx.org.provider);
    const assessmentId = ctx.db
      .insert(assessments)
      .values({ systemId: ctx.systemId, assessorId: ctx.fx.org.provider, kind: 'periodic', plannedDate: '2026-12-15' } as typeof assessments.$inferInsert)
      .returning()
      .get().id;
    const post = (url: string, token: boolean) => {
      let req = ctx.s.agent.post(url);
      if (token) req = req.field('_csrf', ctx.s.csrf);
      for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
      return req.attach('report', PDF, { filename: 'bao-cao.pdf', contentType: 'application/pdf' });
    };
    const urls = [
      (x: string) => `/systems/${x}/assessments`,
      (x: string) => `/systems/${x}/assessments/${assessmentId}/edit`,
      (x: string) => `/systems/${ctx.systemId}/assessments/${x}/edit`,
    ];
    const ids = [ctx.systemId, ctx.systemId, assessmentId];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }).chain((i) => fc.tuple(fc.constant(i), nonCanonicalIdArb(ids[i]!))), fc.boolean(), async ([i, x], token) => {
        const [rows, files, audit] = [ctx.rows(), ctx.files(), auditEntries(ctx.db).length];
        const res = await post(urls[i]!(encodeURIComponent(x)), token);
        expect(ctx.errors, String(ctx.errors[0])).toEqual([]);
        expect(res.status, `${urls[i]!(x)} token=${token}`).toBe(404);
        expect([ctx.rows(), ctx.files(), auditEntries(ctx.db).length]).toEqual([rows, files, audit]);
      }),
      { numRuns: NUM_RUNS },
    );
    // the explicit case, and the canonical address with the same form works
    expect((await post('/systems/1.5/assessments', true)).status).toBe(404);
    expect((await post('/systems/1.5/assessments', false)).status).toBe(404);
    expect((await post(`/systems/${ctx.systemId}/assessments`, false)).status).toBe(403);
    expect((await post(`/systems/${ctx.systemId}/assessments`, true)).status).toBe(303);
    ctx.app.close();
  });
});
