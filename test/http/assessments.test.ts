// Assessments, report files and findings over HTTP: who may see and write what (auditors only on
// systems they are engaged on), files decided by their bytes and stored content-addressed, downloads
// checked against the SHA-256, findings and the overdue rule. Every write is checked in the database,
// on disk and in the audit trail, not only by its status code.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { ASSESSMENT_KINDS, ASSESSMENT_RESULTS, assessments, FINDING_STATUSES, findings, SEVERITIES, TEST_BOXES } from '../../src/db/schema/assessments.js';
import { engagements } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { formatDate, todayIso } from '../../src/i18n/format.js';
import { dictionaries, translator } from '../../src/i18n/index.js';
import { isOverdue, openFindingsOf } from '../../src/modules/assessments/index.js';
import { loadActor } from '../../src/modules/auth/auth.service.js';
import { DEFAULT_LIMITS } from '../../src/web/middleware.js';
import { auditEntries, login, seedFixture, testConfig, type App, type Fixture, type Session } from '../helpers/app.js';

let app: App;
let db: Db;
let fx: Fixture;
let uploadDir: string;
const dirs: string[] = [];

/** An app whose uploads go to a fresh temporary directory, so files on disk can be counted. */
async function build(env: Record<string, string> = {}, log: (err: unknown) => void = () => {}) {
  const d = openDatabase(':memory:');
  migrateDatabase(d);
  const f = await seedFixture(d);
  const dir = mkdtempSync(join(tmpdir(), 'capdo-uploads-'));
  dirs.push(dir);
  const a = createApp({
    config: testConfig({ UPLOAD_DIR: dir, ...env }),
    db: d,
    limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000 },
    log,
  });
  return { app: a, db: d, fx: f, uploadDir: dir };
}

beforeEach(async () => {
  ({ app, db, fx, uploadDir } = await build());
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// ---- data

const PDF = Buffer.from('%PDF-1.7\n% báo cáo kiểm tra, đánh giá\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'utf8');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0')]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\0\x03\0\0\0'), Buffer.alloc(120, 0x41)]);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const today = todayIso();
const shift = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const yesterday = shift(today, -1);
const tomorrow = shift(today, 1);
const lastMonth = shift(today, -30);

const assessmentRows = () => db.select().from(assessments).orderBy(asc(assessments.id)).all();
const findingRows = () => db.select().from(findings).orderBy(asc(findings.id)).all();
const auditOf = (entityType: string) => auditEntries(db).filter((e) => e.entityType === entityType);

/** Every file under the upload directory (relative paths). */
function filesOnDisk(dir = uploadDir): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

async function createSystem(s: Session, code: string, owner: number): Promise<number> {
  const res = await s.post('/systems', {
    code, nameVi: `Hệ thống ${code}`, ownerId: String(owner), operatorId: String(owner), systemType: 'internal',
    lifecycleStatus: 'in_operation', goLiveDate: '01/03/2024', hosting: 'own_premises', separation: 'logical',
  });
  expect(res.status).toBe(303);
  return Number(/^\/systems\/(\d+)$/.exec(res.headers.location ?? '')![1]);
}

function engage(systemId: number): number {
  return db.insert(engagements).values({ systemId, assessorKind: 'provider', assessorId: fx.org.provider }).returning().get().id;
}

/** A performed periodic assessment (the fields as the form sends them). */
const assessmentFields = (assessorId: number, extra: Record<string, string> = {}): Record<string, string> => ({
  kind: 'periodic', assessorId: String(assessorId), periodFrom: shift(today, -365), periodTo: lastMonth, performedDate: lastMonth,
  scopeCompliance: '1', scopePentest: '1', testBox: 'grey', result: 'passed_with_findings', reportRef: '15/BC-KD', ...extra,
});

interface Upload { bytes: Buffer; name: string; type?: string }

/** A multipart POST as the browser sends it: the CSRF token is a form field, the file is `report`. */
function multipart(s: Session, url: string, fields: Record<string, string>, file?: Upload, opts: { csrf?: boolean } = {}) {
  let req = s.agent.post(url);
  if (opts.csrf !== false) req = req.field('_csrf', s.csrf);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (file) req = req.attach('report', file.bytes, { filename: file.name, contentType: file.type ?? 'application/pdf' });
  return req;
}

function assessmentIdFrom(location: string | undefined, systemId: number): number {
  const m = new RegExp(`^/systems/${systemId}/assessments/(\\d+)$`).exec(location ?? '');
  if (!m) throw new Error(`unexpected redirect: ${location}`);
  return Number(m[1]);
}

async function createAssessment(s: Session, systemId: number, fields: Record<string, string>, file?: Upload): Promise<number> {
  const res = await multipart(s, `/systems/${systemId}/assessments`, fields, file);
  expect(res.status, res.text.slice(0, 300)).toBe(303);
  return assessmentIdFrom(res.headers.location, systemId);
}

const findingFields = (extra: Record<string, string> = {}): Record<string, string> => ({
  title: 'Máy chủ web chưa vá lỗ hổng CVE-2025-1234', severity: 'high', requirementId: '',
  remediationPlan: 'Cập nhật bản vá trong tháng', dueDate: tomorrow, status: 'open', ...extra,
});

// ---- tests

describe('auditors work only on systems they are engaged on', () => {
  it('answers 404 until an engagement exists, then records an assessment with a PDF and a finding', async () => {
    const admin = await login(app, 'admin');
    const sysId = await createSystem(admin, 'HT-01', fx.org.deptA2);
    const auditor = await login(app, 'auditor');

    expect((await auditor.get(`/systems/${sysId}`)).status).toBe(404);
    expect((await auditor.get(`/systems/${sysId}/assessments`)).status).toBe(404);
    expect((await auditor.get(`/systems/${sysId}/assessments/new`)).status).toBe(404);
    expect((await multipart(auditor, `/systems/${sysId}/assessments`, assessmentFields(fx.org.provider), { bytes: PDF, name: 'bao-cao.pdf' })).status).toBe(404);
    expect(assessmentRows()).toHaveLength(0);
    expect(filesOnDisk()).toEqual([]);

    engage(sysId);
    expect((await auditor.get(`/systems/${sysId}/assessments`)).status).toBe(200);
    const form = await auditor.get(`/systems/${sysId}/assessments/new`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('enctype="multipart/form-data"');
    expect(form.text).toContain('Công ty TNHH Kiểm định An toàn');
    expect(form.text).not.toContain('Sở Y tế</option>'); // an auditor picks only their own organisation

    const auditBefore = auditEntries(db).length;
    const aid = await createAssessment(auditor, sysId, assessmentFields(fx.org.provider), { bytes: PDF, name: 'Báo cáo kiểm tra, đánh giá 2026.pdf' });
    const [row] = assessmentRows();
    expect(row).toMatchObject({
      id: aid, systemId: sysId, assessorId: fx.org.provider, kind: 'periodic', performedDate: lastMonth, result: 'passed_with_findings',
      scopeCompliance: true, scopePentest: true, scopeScanning: false, testBox: 'grey', reportRef: '15/BC-KD',
      fileName: 'Báo cáo kiểm tra, đánh giá 2026.pdf', fileMime: 'application/pdf', fileSize: PDF.length, fileSha256: sha(PDF),
      fileStoredAs: `${sha(PDF).slice(0, 2)}/${sha(PDF)}`,
    });
    expect(filesOnDisk()).toEqual([`${sha(PDF).slice(0, 2)}/${sha(PDF)}`]);
    expect(readFileSync(join(uploadDir, row!.fileStoredAs!)).equals(PDF)).toBe(true);

    const entries = auditEntries(db).slice(auditBefore);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'create', entityType: 'assessment', entityId: aid, systemId: sysId, actorName: 'auditor' });
    expect(entries[0]!.changes).toMatchObject({ fileName: [null, 'Báo cáo kiểm tra, đánh giá 2026.pdf'], fileSha256: [null, sha(PDF)], assessorId: [null, fx.org.provider] });
    expect(Object.keys(entries[0]!.changes ?? {})).not.toContain('fileStoredAs');

    const res = await auditor.post(`/systems/${sysId}/assessments/${aid}/findings`, findingFields());
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/systems/${sysId}/assessments/${aid}#findings`);
    const [f] = findingRows();
    expect(f).toMatchObject({ assessmentId: aid, systemId: sysId, severity: 'high', status: 'open', dueDate: tomorrow, requirementId: null, closedDate: null });
    expect(auditOf('finding')).toEqual([expect.objectContaining({ action: 'create', entityId: f!.id, systemId: sysId, actorName: 'auditor' })]);

    const page = await auditor.get(`/systems/${sysId}/assessments/${aid}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Máy chủ web chưa vá lỗ hổng CVE-2025-1234');
    expect(page.text).toContain('Báo cáo kiểm tra, đánh giá 2026.pdf');
  });

  it('still answers 404 for every other system and for another system\u2019s assessment ids', async () => {
    const admin = await login(app, 'admin');
    const engaged = await createSystem(admin, 'HT-01', fx.org.deptA2);
    const other = await createSystem(admin, 'HT-02', fx.org.deptA1);
    engage(engaged);
    const otherAid = await createAssessment(admin, other, assessmentFields(fx.org.provider), { bytes: PDF, name: 'r.pdf' });
    const auditor = await login(app, 'auditor');
    const ownAid = await createAssessment(auditor, engaged, assessmentFields(fx.org.provider));

    for (const url of [
      `/systems/${other}`, `/systems/${other}/assessments`, `/systems/${other}/assessments/new`, `/systems/${other}/assessments/${otherAid}`,
      `/systems/${other}/assessments/${otherAid}/edit`, `/systems/${other}/assessments/${otherAid}/report`,
      // the engaged system's path with the other system's assessment id
      `/systems/${engaged}/assessments/${otherAid}`, `/systems/${engaged}/assessments/${otherAid}/report`, `/systems/${engaged}/assessments/${otherAid}/edit`,
    ]) {
      expect((await auditor.get(url)).status, url).toBe(404);
    }
    const before = { a: assessmentRows(), f: findingRows(), audit: auditEntries(db).length };
    expect((await multipart(auditor, `/systems/${other}/assessments`, assessmentFields(fx.org.provider))).status).toBe(404);
    expect((await multipart(auditor, `/systems/${other}/assessments/${otherAid}/edit`, assessmentFields(fx.org.provider, { reportRef: 'x' }))).status).toBe(404);
    expect((await multipart(auditor, `/systems/${engaged}/assessments/${otherAid}/edit`, assessmentFields(fx.org.provider, { reportRef: 'x' }))).status).toBe(404);
    expect((await auditor.post(`/systems/${other}/assessments/${otherAid}/findings`, findingFields())).status).toBe(404);
    expect((await auditor.post(`/systems/${engaged}/assessments/${otherAid}/findings`, findingFields())).status).toBe(404);
    expect(assessmentRows()).toEqual(before.a);
    expect(findingRows()).toEqual(before.f);
    expect(auditEntries(db)).toHaveLength(before.audit);
    expect(ownAid).toBeGreaterThan(otherAid);
  });

  it('cannot name another assessor, nor change an assessment another assessor recorded', async () => {
    const admin = await login(app, 'admin');
    const sysId = await createSystem(admin, 'HT-01', fx.org.deptA2);
    engage(sysId);
    const byAgency = await createAssessment(admin, sysId, assessmentFields(fx.org.deptA1));
    const auditor = await login(app, 'auditor');
    const before = auditEntries(db).length;

    const res = await multipart(auditor, `/systems/${sysId}/assessments`, assessmentFields(fx.org.deptA2), { bytes: PDF, name: 'r.pdf' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Đánh giá viên chỉ được ghi nhận lượt kiểm tra, đánh giá do tổ chức của mình thực hiện.');
    expect(assessmentRows()).toHaveLength(1);
    expect(filesOnDisk()).toEqual([]);

    // they can read it, but not change it or its findings
    expect((await auditor.get(`/systems/${sysId}/assessments/${byAgency}`)).status).toBe(200);
    expect((await auditor.get(`/systems/${sysId}/assessments/${byAgency}/edit`)).status).toBe(403);
    expect((await multipart(auditor, `/systems/${sysId}/assessments/${byAgency}/edit`, assessmentFields(fx.org.provider))).status).toBe(403);
    expect((await auditor.post(`/systems/${sysId}/assessments/${byAgency}/findings`, findingFields())).status).toBe(403);
    expect(assessmentRows()[0]!.assessorId).toBe(fx.org.deptA1);
    expect(findingRows()).toHaveLength(0);
    expect(auditEntries(db)).toHaveLength(before);
  });
});

describe('permissions', () => {
  it('a viewer may read but gets 403 on every write', async () => {
    const admin = await login(app, 'admin');
    const sysId = await createSystem(admin, 'HT-01', fx.org.deptA2);
    const aid = await createAssessment(admin, sysId, assessmentFields(fx.org.provider));
    await admin.post(`/systems/${sysId}/assessments/${aid}/findings`, findingFields());
    const fid = findingRows()[0]!.id;
    const viewer = await login(app, 'viewer');
    const before = { a: assessmentRows(), f: findingRows(), audit: auditEntries(db).length };

    expect((await viewer.get(`/systems/${sysId}/assessments`)).status).toBe(200);
    expect((await viewer.get(`/systems/${sysId}/assessments/${aid}`)).status).toBe(200);
    expect((await viewer.get(`/systems/${sysId}/assessments/new`)).status).toBe(403);
    expect((await viewer.get(`/systems/${sysId}/assessments/${aid}/edit`)).status).toBe(403);
    expect((await viewer.get(`/systems/${sysId}/assessments/${aid}/findings/${fid}/edit`)).status).toBe(403);
    expect((await multipart(viewer, `/systems/${sysId}/assessments`, assessmentFields(fx.org.provider), { bytes: PDF, name: 'r.pdf' })).status).toBe(403);
    expect((await multipart(viewer, `/systems/${sysId}/assessments/${aid}/edit`, assessmentFields(fx.org.provider, { reportRef: 'x' }))).status).toBe(403);
    expect((await viewer.post(`/systems/${sysId}/assessments/${aid}/findings`, findingFields())).status).toBe(403);
    expect((await viewer.post(`/systems/${sysId}/assessments/${aid}/findings/${fid}/edit`, findingFields({ status: 'in_progress' }))).status).toBe(403);
    expect(assessmentRows()).toEqual(before.a);
    expect(findingRows()).toEqual(before.f);
    expect(auditEntries(db)).toHaveLength(before.audit);
    expect(filesOnDisk()).toEqual([]);
  });

  it('a decommissioned system accepts no new assessment', async () => {
    const admin = await login(app, 'admin');
    const sysId = await createSystem(admin, 'HT-01', fx.org.deptA2);
    db.update(systems).set({ lifecycleStatus: 'decommissioned', decommissionedAt: yesterday }).where(eq(systems.id, sysId)).run();
    expect((await admin.get(`/systems/${sysId}/assessments/new`)).status).toBe(409);
    const res = await multipart(admin, `/systems/${sysId}/assessments`, assessmentFields(fx.org.provider), { bytes: PDF, name: 'r.pdf' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('không thể ghi nhận lượt kiểm tra, đánh giá mới');
    expect(assessmentRows()).toHaveLength(0);
    expect(filesOnDisk()).toEqual([]);
  });
});

describe('report files', () => {
  it('accepts a PNG renamed .pdf as a PNG, by its content', async () => {
    const admin = await login(app, 'admin');
    const sysId = await createSystem(admin, 'HT-01', fx.org.deptA2);
    const aid = await createAssessment(admin, sysId, assessmentFields(fx.org.provider), { bytes: PNG, name: 'scan.pdf', type: 'application/pdf' });
    expect(assessmentRows()[0]).toMatchObject({ id: aid, fileName: 'scan.pdf', fileMime: 'image/png', fileSize: PNG.length, fileSha256: sha(PNG) });
    expect(filesOnDisk()).toEqual([`${sha(PNG).slice(0, 2)}/${sha(PNG)}`]);
    const dl = await admin.get(`/systems/${sysId}/assessments/${aid}/report`).buffer(true);
    expect(dl.headers['content-type']).toBe('image/png');
    expect(dl.headers['content-disposition']).toContain(`filename*=UTF-8''scan.pdf.png`);
  });

  it.each([
    ['an executable', EXE, 'report.pdf', 'application/pdf'],
    ['a text file', Buffer.from('Đây là tệp văn bản, không phải PDF.\n'), 'report.pdf', 'application/pdf'],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'report.png', 'image/png'],
  ])('rejects %s renamed to a PDF or image with 422; nothing written', async (_label, bytes, name, type) => {
    const admin = await login(app, 'admin');
    const sysId = await createSystem(admin, 'HT-01', fx.org.deptA2);
    const before = auditEntries(db).length;
    const res = await multipart(admin, `/systems/${sysId}/assessments`, assessmentFields(fx.org.provider), { bytes, name, type });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Chỉ chấp nhận tệp PDF, PNG hoặc JPEG');
    expect(res.text).toContain('value="15/BC-KD"'); // the user's values are kept
    expect(assessmentRows()).toHaveLength(0);
    expect(auditEntries(db)).toHaveLength(before);
    expect(filesOnDisk()).toEqual([]);
  });

  it('answers 413 over the size limit and writes nothing', async () => {
    ({ app, db, fx, uploadDir } = await build({ UPLOAD_MAX_MB: '1' }));
    const admin = await login(app, 'admin');
    const sysId = await createSystem(admin, 'HT-01', fx.org.deptA2);
    const before = auditEntries(db).length;
    const big = Buffer.concat([PDF, Buffer.alloc(Math.round(1.2 * 1024 * 1024), 0x20)]);
    const res = await multipart(admin, `/systems/${sysId}/assessments`, assessmentFields(fx.org.provider), { bytes: big, name: 'big.pdf' });
    expect(res.status).toBe(413);
    expect(assessmentRows()).toHaveLength(0);
    expect(auditEntries(db)).toHaveLength(before);
    expect(filesOnDisk()).toEqual([]);
  });

  it('answers 403 to a multipart POST without the CSRF token and writes nothing', async () => {
    const admin = await login(app, 'admin');
    const sysId = await createSystem(admin, 'HT-01', fx.org.deptA2);
    const aid = await createAssessment(admin, sysId, assessmentFields(fx.org.provider));
    const before = { a: assessmentRows(), audit: auditEntries(db).length };
    const create = await multipart(admin, `/systems/${sysId}/assessments`, assessmentFields(fx.org.provider), { bytes: PDF, name: 'r.pdf' }, { csrf: false });
    expect(create.status).toBe(403);
    const edit = await multipart(admin, `/systems/${sysId}/assessments/${aid}/edit`, assessmentFields(fx.org.provider), { bytes: PDF, name: 'r.pdf' }, { csrf: false });
    expect(edit.status).toBe(403);
    // a multipart body on a route that is not an upload route is checked globally and fails too
    const finding = await admin.agent.post(`/systems/${sysId}/assessments/${aid}/findings`).field('_csrf', admin.csrf).field('title', 'x');
    expect(finding.status).toBe(403);
    expect(assessmentRows()).toEqual(before.a);
    expect(findingRows()).toHaveLength(0);
    expect(auditEntries(db)).toHaveLength(before.audit);
    expect(filesOnDisk()).toEqual([]);
  });

  it('downloads for the auditor, the owner and the admin; 404 for another province and after the engagement is revoked', async () => {
    const admin = await login(app, 'admin');
    const sysId = await createSystem(admin, 'HT-01', fx.org.deptA2);
    const engagementId = engage(sysId);
    const auditor = await login(app, 'auditor');
    const aid = await createAssessment(auditor, sysId, assessmentFields(fx.org.provider), { bytes: PDF, name: 'Báo cáo "quý" 4.pdf' });
    const row = assessmentRows()[0]!;

    for (const who of [auditor, await login(app, 'owner'), admin]) {
      const res = await who.get(`/systems/${sysId}/assessments/${aid}/report`).buffer(true);
      expect(res.status).toBe(200);
      expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
      expect(sha(res.body as Buffer)).toBe(row.fileSha256);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="Bao cao _quy_ 4.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20_qu%C3%BD_%204.pdf`,
      );
    }
    const adminB = await login(app, 'adminb');
    expect((await adminB.get(`/systems/${sysId}/assessments/${aid}/report`)).status).toBe(404);
    expect((await adminB.get(`/systems/${sysId}/assessments/${aid}`)).status).toBe(404);

    db.update(engagements).set({ revokedAt: new Date().toISOString() }).where(eq(engagements.id, engagementId)).run();
    expect((await auditor.get(`/systems/${sysId}/assessments/${aid}/report`)).status).toBe(404);
    expect((await auditor.get(`/systems/${sysId}/assessments`)).status).toBe(404);
  });

  it('answers 404 (and logs) when the stored file no longer matches its SHA-256', async () => {
    const logged = vi.fn();
    ({ app, db, fx, uploadDir } = await build({}, logged));
    const admin = await login(app, 'admin');
    const sysId = await createSystem(admin, 'HT-01', fx.org.deptA2);
    const aid = await createAssessment(admin, sysId, assessmentFields(fx.org.provider), { bytes: PDF, name: 'r.pdf' });
    writeFileSync(join(uploadDir, assessmentRows()[0]!.fileStoredAs!), '%PDF-1.7 tampered');
    const res = await admin.get(`/systems/${sysId}/assessments/${aid}/report`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('text/html');
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('sha-mismatch') }));
  });

  it('replaces the file on edit, keeps it when none is sent, and audits the change', async () => {
    const admin = await login(app, 'admin');
    const sysId = await createSystem(admin, 'HT-01', fx.org.deptA2);
    const aid = await createAssessment(admin, sysId, assessmentFields(fx.org.provider), { bytes: PDF, name: 'v1.pdf' });

    let res = await multipart(admin, `/systems/${sysId}/assessments/${aid}/edit`, assessmentFields(fx.org.provider, { reportRef: '16/BC-KD' }));
    expect(res.status).toBe(303);
    expect(assessmentRows()[0]).toMatchObject({ reportRef: '16/BC-KD', fileName: 'v1.pdf', fileSha256: sha(PDF) });
    expect(auditOf('assessment').at(-1)!.changes).toEqual({ reportRef: ['15/BC-KD', '16/BC-KD'] });

    res = await multipart(admin, `/systems/${sysId}/assessments/${aid}/edit`, assessmentFields(fx.org.provider, { reportRef: '16/BC-KD' }), { bytes: PNG, name: 'v2.png', type: 'image/png' });
    expect(res.status).toBe(303);
    expect(assessmentRows()[0]).toMatchObject({ fileName: 'v2.png', fileMime: 'image/png', fileSha256: sha(PNG) });
    const last = auditOf('assessment').at(-1)!;
    expect(last).toMatchObject({ action: 'update', entityId: aid, systemId: sysId });
    expect(last.changes).toEqual({ fileName: ['v1.pdf', 'v2.png'], fileSha256: [sha(PDF), sha(PNG)] });
    expect(filesOnDisk()).toHaveLength(2); // content-addressed: the earlier report stays for the history

    // an unchanged form writes nothing
    const count = auditEntries(db).length;
    res = await multipart(admin, `/systems/${sysId}/assessments/${aid}/edit`, assessmentFields(fx.org.provider, { reportRef: '16/BC-KD' }));
    expect(res.status).toBe(303);
    expect(auditEntries(db)).toHaveLength(count);
  });
});

describe('validation', () => {
  let admin: Session;
  let sysId: number;
  beforeEach(async () => {
    admin = await login(app, 'admin');
    sysId = await createSystem(admin, 'HT-01', fx.org.deptA2);
  });

  it.each([
    ['performed in the future', { performedDate: tomorrow }, 'Ngày này chưa đến.'],
    ['reported before performed', { reportedDate: shift(lastMonth, -1) }, 'Ngày báo cáo không thể trước ngày thực hiện.'],
    ['performed without a result', { result: '' }, 'Đã có ngày thực hiện thì phải chọn kết quả.'],
    ['a period that ends before it starts', { periodFrom: lastMonth, periodTo: shift(lastMonth, -10) }, 'Ngày kết thúc kỳ đánh giá không thể trước ngày bắt đầu.'],
    ['an unknown kind', { kind: 'weekly' }, 'Vui lòng chọn một giá trị trong danh sách.'],
  ])('rejects %s with 422 and writes nothing', async (_label, extra, message) => {
    const before = auditEntries(db).length;
    const res = await multipart(admin, `/systems/${sysId}/assessments`, assessmentFields(fx.org.provider, extra), { bytes: PDF, name: 'r.pdf' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(res.text).toContain('Vui lòng chọn lại tệp báo cáo');
    expect(assessmentRows()).toHaveLength(0);
    expect(auditEntries(db)).toHaveLength(before);
    expect(filesOnDisk()).toEqual([]);
  });

  it('drops the test box when there is neither scanning nor penetration testing', async () => {
    await createAssessment(admin, sysId, assessmentFields(fx.org.provider, { scopePentest: '', testBox: 'white' }));
    expect(assessmentRows()[0]).toMatchObject({ scopePentest: false, testBox: null });
  });

  it('checks finding dates and closures: due and closed not before the assessment, accepted needs a reason', async () => {
    const aid = await createAssessment(admin, sysId, assessmentFields(fx.org.provider));
    const url = `/systems/${sysId}/assessments/${aid}/findings`;
    const before = auditEntries(db).length;
    for (const [extra, message] of [
      [{ status: 'accepted', closedDate: today }, 'Chấp nhận rủi ro thì phải nêu lý do.'],
      [{ status: 'fixed' }, 'Tồn tại đã khắc phục hoặc được chấp nhận rủi ro thì phải có ngày hoàn thành.'],
      [{ status: 'fixed', closedDate: shift(lastMonth, -1) }, 'Ngày hoàn thành không thể trước ngày thực hiện kiểm tra, đánh giá.'],
      [{ dueDate: shift(lastMonth, -1) }, 'Hạn khắc phục không thể trước ngày thực hiện kiểm tra, đánh giá.'],
      [{ severity: 'urgent' }, 'Vui lòng chọn một giá trị trong danh sách.'],
      [{ title: '' }, 'Vui lòng nhập thông tin này.'],
    ] as const) {
      const res = await admin.post(url, findingFields(extra));
      expect(res.status, JSON.stringify(extra)).toBe(422);
      expect(res.text).toContain(message);
    }
    expect(findingRows()).toHaveLength(0);
    expect(auditEntries(db)).toHaveLength(before);

    expect((await admin.post(url, findingFields({ status: 'accepted', closedDate: today, acceptedReason: 'Hệ thống sẽ thay thế trong quý tới' }))).status).toBe(303);
    expect(findingRows()[0]).toMatchObject({ status: 'accepted', closedDate: today, acceptedReason: 'Hệ thống sẽ thay thế trong quý tới' });
  });

  it('records no finding on an assessment that has not been performed', async () => {
    const aid = await createAssessment(admin, sysId, assessmentFields(fx.org.provider, { performedDate: '', result: '', plannedDate: tomorrow }));
    expect((await admin.post(`/systems/${sysId}/assessments/${aid}/findings`, findingFields())).status).toBe(409);
    expect(findingRows()).toHaveLength(0);
  });
});

describe('findings and the overdue rule (ASM-06)', () => {
  it('flags open findings past their due date; due today or fixed is not overdue', async () => {
    const admin = await login(app, 'admin');
    const sysId = await createSystem(admin, 'HT-01', fx.org.deptA2);
    const aid = await createAssessment(admin, sysId, assessmentFields(fx.org.provider));
    const url = `/systems/${sysId}/assessments/${aid}/findings`;
    await admin.post(url, findingFields({ title: 'Hạn hôm qua', dueDate: yesterday, severity: 'critical' }));
    await admin.post(url, findingFields({ title: 'Hạn hôm nay', dueDate: today, status: 'in_progress' }));
    await admin.post(url, findingFields({ title: 'Đã khắc phục', dueDate: yesterday, status: 'fixed', closedDate: today }));
    expect(findingRows()).toHaveLength(3);
    expect(auditOf('finding')).toHaveLength(3);

    const actor = loadActor(db, fx.user.owner)!;
    const open = openFindingsOf(db, actor, sysId);
    expect(open.map((f) => [f.title, f.overdue])).toEqual([['Hạn hôm qua', true], ['Hạn hôm nay', false]]);
    expect(open[0]!.assessment).toMatchObject({ id: aid, kind: 'periodic', performedDate: lastMonth, assessorName: 'Công ty TNHH Kiểm định An toàn' });
    expect(isOverdue({ status: 'fixed', dueDate: yesterday }, today)).toBe(false);
    expect(isOverdue({ status: 'accepted', dueDate: yesterday }, today)).toBe(false);
    expect(isOverdue({ status: 'in_progress', dueDate: yesterday }, today)).toBe(true);
    expect(isOverdue({ status: 'open', dueDate: today }, today)).toBe(false);
    expect(() => openFindingsOf(db, loadActor(db, fx.user.adminB)!, sysId)).toThrow('not found');

    // the detail page and the list show it
    const page = await admin.get(`/systems/${sysId}/assessments/${aid}`);
    expect(page.text.match(/>Quá hạn</g)).toHaveLength(1);
    const list = await admin.get(`/systems/${sysId}/assessments`);
    expect(list.text).toContain('1 quá hạn');

    // the system-page partial
    const partial = fileURLToPath(new URL('../../views/partials/findings-table.ejs', import.meta.url));
    const html = await ejs.renderFile(partial, { findings: open, systemId: sysId, today, t: translator('vi'), fmtDate: formatDate, locale: 'vi' });
    expect(html.match(/Quá hạn/g)).toHaveLength(1);
    expect(html).toContain(formatDate(yesterday));
    expect(html).toContain(`/systems/${sysId}/assessments/${aid}#findings`);
    expect(html).not.toContain('Đã khắc phục');

    // closing the overdue one takes it off the list, with one audit entry
    const overdue = findingRows()[0]!;
    const edit = await admin.post(`${url}/${overdue.id}/edit`, findingFields({ title: 'Hạn hôm qua', dueDate: yesterday, severity: 'critical', status: 'fixed', closedDate: today, evidenceNote: 'Biên bản nghiệm thu' }));
    expect(edit.status).toBe(303);
    expect(db.select().from(findings).where(and(eq(findings.id, overdue.id))).get()).toMatchObject({ status: 'fixed', closedDate: today, evidenceNote: 'Biên bản nghiệm thu' });
    expect(auditOf('finding').at(-1)).toMatchObject({ action: 'update', entityId: overdue.id, systemId: sysId });
    expect(auditOf('finding').at(-1)!.changes).toEqual({ status: ['open', 'fixed'], closedDate: [null, today], evidenceNote: [null, 'Biên bản nghiệm thu'] });
    expect(openFindingsOf(db, actor, sysId).map((f) => f.title)).toEqual(['Hạn hôm nay']);
  });
});

describe('a finding’s requirement is one of the system’s checklist items', () => {
  type Item = { id: string; levels: number[]; title_vi: string };
  const items14423 = JSON.parse(readFileSync(new URL('../../src/domain/catalog/tcvn-14423-2026-items.json', import.meta.url), 'utf8')) as Item[];
  const at3 = items14423.filter((i) => i.levels.includes(3));

  async function levelledSystem() {
    const admin = await login(app, 'admin');
    const sysId = await createSystem(admin, 'HT-03', fx.org.deptA2);
    db.insert(levelDecisions).values({
      systemId: sysId, regime: 'nd331', answers: DEFAULT_ANSWERS, computedLevel: 1, proposedLevel: 3, proposalReason: 'Dịch vụ công trực tuyến',
      dossierStatus: 'approved', approvalNumber: '9/QĐ-UBND', approvalDate: '2026-10-01', approvingBody: 'UBND tỉnh',
    }).run();
    const aid = await createAssessment(admin, sysId, assessmentFields(fx.org.provider));
    return { admin, sysId, aid, url: `/systems/${sysId}/assessments/${aid}/findings` };
  }
  const options = (html: string) => [...html.matchAll(/<option value="([^"]*)"[^>]*>/g)].map((m) => m[1]!);
  const requirementSelect = (html: string) => /<select id="f-requirementId"[\s\S]*?<\/select>/.exec(html)![0];

  it('offers exactly the items of the system’s level, with their ids, and no text box', async () => {
    const { admin, sysId, aid } = await levelledSystem();
    const page = await admin.get(`/systems/${sysId}/assessments/${aid}`);
    const select = requirementSelect(page.text);
    expect(options(select)).toEqual(['', ...at3.map((i) => i.id)]);
    expect(select).toContain(`RISK-01 — ${at3[0]!.title_vi}`);
    expect(select).toContain('<optgroup label="Quản lý rủi ro an ninh mạng">');
    expect(page.text).not.toMatch(/<input[^>]+name="requirementId"/);
  });

  it('records a chosen item; refuses typed text or an item of another level (422, nothing written)', async () => {
    const { admin, sysId, aid, url } = await levelledSystem();
    const before = auditEntries(db).length;
    for (const bad of ['1.2.3', 'NET-43', 'M.POL.1', 'risk-01']) {
      const res = await admin.post(url, findingFields({ requirementId: bad }));
      expect(res.status, bad).toBe(422);
      expect(res.text).toContain('Hãy chọn một yêu cầu trong danh mục của hệ thống.');
    }
    expect(findingRows()).toHaveLength(0);
    expect(auditEntries(db).length).toBe(before);
    expect((await admin.post(url, findingFields({ requirementId: 'RISK-01' }))).status).toBe(303);
    expect(findingRows()[0]).toMatchObject({ requirementId: 'RISK-01' });
    const page = await admin.get(`/systems/${sysId}/assessments/${aid}`);
    expect(page.text).toContain(`<span class="code">RISK-01</span> <span class="small">${at3[0]!.title_vi}</span>`);
  });

  it('keeps a free-text value recorded earlier: shown and selected, saved unchanged, never typed anew', async () => {
    const { admin, aid, url, sysId } = await levelledSystem();
    const fid = db.insert(findings).values({ assessmentId: aid, systemId: sysId, title: 'Mật khẩu yếu', severity: 'medium', requirementId: '1.2.3', dueDate: tomorrow, status: 'open' }).returning().get().id;
    const form = await admin.get(`${url}/${fid}/edit`);
    expect(form.status).toBe(200);
    expect(requirementSelect(form.text)).toContain('<option value="1.2.3" selected>1.2.3 (đã ghi trước đây, ngoài danh mục hiện tại)</option>');
    const keep = await admin.post(`${url}/${fid}/edit`, findingFields({ title: 'Mật khẩu yếu', severity: 'medium', requirementId: '1.2.3', status: 'in_progress' }));
    expect(keep.status).toBe(303);
    expect(db.select().from(findings).where(eq(findings.id, fid)).get()).toMatchObject({ requirementId: '1.2.3', status: 'in_progress' });
    expect((await admin.post(`${url}/${fid}/edit`, findingFields({ title: 'Mật khẩu yếu', severity: 'medium', requirementId: '4.5.6' }))).status).toBe(422);
    expect((await admin.post(`${url}/${fid}/edit`, findingFields({ title: 'Mật khẩu yếu', severity: 'medium', requirementId: 'IAM-01' }))).status).toBe(303);
    expect(db.select().from(findings).where(eq(findings.id, fid)).get()!.requirementId).toBe('IAM-01');
  });
});

describe('words', () => {
  it('every kind, result, test box, severity and status has a word in Vietnamese and English', () => {
    const keys = [
      ...ASSESSMENT_KINDS.map((v) => `assessment.kind.${v}`),
      ...ASSESSMENT_RESULTS.map((v) => `assessment.result.${v}`),
      ...TEST_BOXES.map((v) => `assessment.testBox.${v}`),
      ...SEVERITIES.map((v) => `finding.severity.${v}`),
      ...FINDING_STATUSES.map((v) => `finding.status.${v}`),
      'audit.entity.assessment', 'audit.entity.finding',
    ];
    for (const k of keys) {
      expect(dictionaries.vi[k], k).toBeTruthy();
      expect(dictionaries.en[k], k).toBeTruthy();
    }
  });
});
