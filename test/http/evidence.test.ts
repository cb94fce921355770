// The evidence library over HTTP: upload (several files at once, by their bytes), versions, attaching
// from both sides (a checklist item, a record, several systems at once), detaching, deleting with
// confirmation, who sees and writes what, and the rules reading it (CHK-01 "met, not evidenced", an expiry
// turning a claim into a gap on the right day). Every write is checked in the database, on disk and in
// the audit trail.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { checklistAnswers } from '../../src/db/schema/compliance.js';
import { evidenceFiles, evidenceFileVersions, evidenceItems, evidenceLinks } from '../../src/db/schema/evidence.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { budgets, drills } from '../../src/db/schema/people.js';
import { engagements, layer1Designations, layer2Monitoring } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { addDays } from '../../src/domain/dates.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { todayIso } from '../../src/i18n/format.js';
import { loadActor } from '../../src/modules/auth/auth.service.js';
import { DEFAULT_LIMITS } from '../../src/web/middleware.js';
import { auditEntries, login, seedFixture, testConfig, type App, type Fixture, type Session } from '../helpers/app.js';
import { evaluateSystemFor } from '../helpers/evaluation.js';

let app: App;
let db: Db;
let fx: Fixture;
let uploadDir: string;
let sysA: number; // operated by Sở Y tế (deptA2), level 3 under Decree 85
let sysB: number; // operated by Sở Khoa học (deptA1), level 3
const dirs: string[] = [];

const PDF = Buffer.from('%PDF-1.7\n% quyết định giao đơn vị chuyên trách\n%%EOF\n', 'utf8');
const PDF2 = Buffer.from('%PDF-1.7\n% quyết định sửa đổi\n%%EOF\n', 'utf8');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0')]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\0\x03\0\0\0'), Buffer.alloc(120, 0x41)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const today = todayIso();
const ITEM = 'M.POL.1';

function addSystem(code: string, operatorId: number): number {
  const id = db
    .insert(systems)
    .values({ code, nameVi: `Hệ thống ${code}`, ownerId: fx.org.provA, operatorId, systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '2021-01-01', searchText: searchTextFor({ code, nameVi: `Hệ thống ${code}` }) })
    .returning()
    .get().id;
  db.insert(levelDecisions).values({
    systemId: id, regime: 'nd85', answers: DEFAULT_ANSWERS, computedLevel: 3, proposedLevel: 3, dossierStatus: 'approved',
    approvalNumber: '3/QĐ-UBND', approvalDate: '2022-06-01', approvingBody: 'UBND tỉnh',
  }).run();
  return id;
}

beforeEach(async () => {
  db = openDatabase(':memory:');
  migrateDatabase(db);
  fx = await seedFixture(db);
  uploadDir = mkdtempSync(join(tmpdir(), 'capdo-evidence-'));
  dirs.push(uploadDir);
  app = createApp({
    config: testConfig({ UPLOAD_DIR: uploadDir, UPLOAD_MAX_MB: '1' }), db,
    limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000, postsPerIp: 100_000 }, log: () => {},
  });
  sysA = addSystem('A-HSCV', fx.org.deptA2);
  sysB = addSystem('B-CONG', fx.org.deptA1);
});

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const filesOnDisk = () => readdirSync(uploadDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
const items = () => db.select().from(evidenceItems).orderBy(asc(evidenceItems.id)).all();
const links = () => db.select().from(evidenceLinks).orderBy(asc(evidenceLinks.id)).all();
const versions = () => db.select().from(evidenceFileVersions).orderBy(asc(evidenceFileVersions.id)).all();
const auditOf = (entityType: string) => auditEntries(db).filter((e) => e.entityType === entityType);

interface Upload { bytes: Buffer; name: string }

function multipart(s: Session, url: string, fields: Record<string, string>, files: Upload[] = [], opts: { csrf?: boolean } = {}) {
  let req = s.agent.post(url);
  if (opts.csrf !== false) req = req.field('_csrf', s.csrf);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const f of files) req = req.attach('files', f.bytes, { filename: f.name, contentType: 'application/octet-stream' });
  return req;
}

const fields = (extra: Record<string, string> = {}): Record<string, string> => ({
  title: 'Quyết định 125/QĐ-SYT giao đơn vị chuyên trách', description: 'Bản ký số', organisationId: String(fx.org.deptA2),
  validFrom: '01/01/2025', validUntil: '', url: '', ...extra,
});

async function create(s: Session, extra: Record<string, string> = {}, files: Upload[] = [{ bytes: PDF, name: 'Quyết định 125.pdf' }]): Promise<number> {
  const res = await multipart(s, '/evidence', fields(extra), files);
  expect(res.status, [...res.text.matchAll(/field-error"[^>]*>([^<]*)/g)].map((m) => m[1]).join(" | ")).toBe(303);
  const m = /^\/evidence\/(\d+)$/.exec(res.headers.location ?? '');
  if (!m) return items().at(-1)!.id;
  return Number(m[1]);
}

describe('uploading evidence', () => {
  it('stores several files at once by their content, with one audit entry, and serves them back', async () => {
    const owner = await login(app, 'owner');
    const id = await create(owner, {}, [{ bytes: PDF, name: 'Quyết định 125.pdf' }, { bytes: PNG, name: 'ảnh cấu hình.png' }]);
    expect(items()).toEqual([expect.objectContaining({ id, organisationId: fx.org.deptA2, title: 'Quyết định 125/QĐ-SYT giao đơn vị chuyên trách', validFrom: '2025-01-01', validUntil: null, createdBy: fx.user.owner })]);
    expect(versions().map((v) => [v.fileName, v.version, v.mime, v.sha256])).toEqual([
      ['Quyết định 125.pdf', 1, 'application/pdf', sha(PDF)],
      ['ảnh cấu hình.png', 1, 'image/png', sha(PNG)],
    ]);
    expect(filesOnDisk()).toBe(2);
    const [entry] = auditOf('evidence');
    expect(entry).toMatchObject({ action: 'create', entityId: id, organisationId: fx.org.deptA2, actorName: 'owner' });
    expect(entry!.changes).toMatchObject({ title: [null, 'Quyết định 125/QĐ-SYT giao đơn vị chuyên trách'], files: [null, ['Quyết định 125.pdf (v1)', 'ảnh cấu hình.png (v1)']] });

    const page = await owner.get(`/evidence/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Quyết định 125.pdf');
    const viewer = await login(app, 'viewer');
    const dl = await viewer.get(`/evidence/${id}/versions/${versions()[0]!.id}`).buffer(true);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(dl.body as Buffer, PDF)).toBe(0);
  });

  it('accepts a link instead of files, and lists it in the library with filters and paging', async () => {
    const owner = await login(app, 'owner');
    await create(owner, { title: 'Hợp đồng giám sát SOC 2025', url: 'https://vanban.example.gov.vn/hd-soc', validUntil: addDays(today, 10).split('-').reverse().join('/') }, []);
    await create(owner, { title: 'Biên bản diễn tập 2024', validFrom: '01/01/2024', validUntil: '31/12/2024' });
    const list = await owner.get('/evidence');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Hợp đồng giám sát SOC 2025');
    expect(list.text).toContain('Biên bản diễn tập 2024');
    const expired = await owner.get('/evidence?state=expired');
    expect(expired.text).toContain('Biên bản diễn tập 2024');
    expect(expired.text).not.toContain('Hợp đồng giám sát SOC 2025');
    const ending = await owner.get('/evidence?state=ending');
    expect(ending.text).toContain('Hợp đồng giám sát SOC 2025');
    expect(ending.text).not.toContain('Biên bản diễn tập 2024');
    // search ignores case and diacritics
    const found = await owner.get('/evidence?q=bien+ban+dien+tap');
    expect(found.text).toContain('Biên bản diễn tập 2024');
    expect(found.text).not.toContain('Hợp đồng giám sát SOC 2025');
    for (let i = 0; i < 26; i++) db.insert(evidenceItems).values({ organisationId: fx.org.deptA2, title: `Minh chứng số ${i}`, validFrom: '2025-01-01', url: 'https://x.example/', searchText: `minh chung so ${i}` }).run();
    const page2 = await owner.get('/evidence?page=2');
    expect(page2.status).toBe(200);
    expect(page2.text).toContain('2/2');
  });

  it('adds a version of a file, and more files at once (a same-named file becomes its next version)', async () => {
    const owner = await login(app, 'owner');
    const id = await create(owner);
    const fileId = db.select().from(evidenceFiles).get()!.id;
    const res = await multipart(owner, `/evidence/${id}/files/${fileId}/versions`, {}, [{ bytes: PDF2, name: 'QĐ sửa đổi.pdf' }]);
    expect(res.status).toBe(303);
    const more = await multipart(owner, `/evidence/${id}/files`, {}, [{ bytes: PDF, name: 'Quyết định 125.pdf' }, { bytes: PNG, name: 'sơ đồ.png' }]);
    expect(more.status).toBe(303);
    expect(versions().map((v) => [v.fileId === fileId, v.version, v.fileName])).toEqual([
      [true, 1, 'Quyết định 125.pdf'], [true, 2, 'QĐ sửa đổi.pdf'], [true, 3, 'Quyết định 125.pdf'], [false, 1, 'sơ đồ.png'],
    ]);
    expect(filesOnDisk()).toBe(3); // content-addressed: the same PDF twice is one file
    const page = await owner.get(`/evidence/${id}`);
    expect(page.text).toContain('v3');
    expect(auditOf('evidence').filter((e) => e.action === 'update')).toHaveLength(2);
  });
});

describe('bad input writes nothing', () => {
  it('answers 422 with the values and field messages, with no row and no file', async () => {
    const owner = await login(app, 'owner');
    const cases: [Record<string, string>, Upload[], string][] = [
      [{ title: '' }, [{ bytes: PDF, name: 'a.pdf' }], 'Vui lòng nhập thông tin này.'],
      [{}, [{ bytes: EXE, name: 'virus.pdf' }], 'Chỉ chấp nhận tệp PDF, PNG hoặc JPEG'],
      [{}, [{ bytes: PDF, name: 'a.pdf' }, { bytes: EXE, name: 'b.pdf' }], 'Chỉ chấp nhận tệp PDF, PNG hoặc JPEG'],
      [{}, [], 'Hãy đính kèm ít nhất một tệp hoặc nhập đường dẫn'],
      [{ url: 'javascript:alert(1)' }, [], 'Đường dẫn phải là địa chỉ http:// hoặc https://'],
      [{ validFrom: '01/06/2025', validUntil: '01/01/2025' }, [{ bytes: PDF, name: 'a.pdf' }], 'Ngày hết hiệu lực phải sau ngày có hiệu lực.'],
      [{ validFrom: '31/02/2025' }, [{ bytes: PDF, name: 'a.pdf' }], 'Ngày không hợp lệ'],
      [{ organisationId: String(fx.org.provB) }, [{ bytes: PDF, name: 'a.pdf' }], 'Vui lòng chọn một giá trị trong danh sách.'],
    ];
    for (const [extra, files, message] of cases) {
      const res = await multipart(owner, '/evidence', fields({ title: 'Quyết định <b>thử</b>', ...extra }), files);
      expect(res.status, JSON.stringify(extra)).toBe(422);
      expect(res.text).toContain(message);
      if (extra.title === undefined) expect(res.text).toContain('Quyết định &lt;b&gt;thử&lt;/b&gt;');
    }
    expect(items()).toHaveLength(0);
    expect(versions()).toHaveLength(0);
    expect(filesOnDisk()).toBe(0);
    expect(auditOf('evidence')).toHaveLength(0);
  });

  it('refuses a file over the limit (413), too many files (413), no CSRF token (403), a bad id (404)', async () => {
    const owner = await login(app, 'owner');
    const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    expect((await multipart(owner, '/evidence', fields(), [{ bytes: big, name: 'big.pdf' }])).status).toBe(413);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ bytes: Buffer.concat([PDF, Buffer.from(String(i))]), name: `${i}.pdf` }));
    expect((await multipart(owner, '/evidence', fields(), eleven)).status).toBe(413);
    expect((await multipart(owner, '/evidence', fields(), [{ bytes: PDF, name: 'a.pdf' }], { csrf: false })).status).toBe(403);
    expect(items()).toHaveLength(0);
    expect(filesOnDisk()).toBe(0);
    const id = await create(owner);
    for (const url of ['/evidence/abc', '/evidence/0', `/evidence/${id}/versions/999`, '/evidence/for/nothing/1', `/evidence/for/layer2/999`, `/systems/${sysA}/checklist/items/NOPE-1`]) {
      expect((await owner.get(url)).status, url).toBe(404);
    }
    const fileId = db.select().from(evidenceFiles).get()!.id;
    const none = await multipart(owner, `/evidence/${id}/files/${fileId}/versions`, {}, []);
    expect(none.status).toBe(422);
    expect(none.text).toContain('Hãy chọn tệp cần tải lên.');
    const edit = await owner.post(`/evidence/${id}/edit`, { ...fields({ title: '', url: 'ftp://x' }) });
    expect(edit.status).toBe(422);
    expect(items()[0]!.title).toBe('Quyết định 125/QĐ-SYT giao đơn vị chuyên trách');
    expect(versions()).toHaveLength(1);
  });
});

describe('attaching and detaching', () => {
  it('from a checklist item: upload new attaches it, attach existing, detach — each audited under the system', async () => {
    const owner = await login(app, 'admin');
    const page = await owner.get(`/systems/${sysA}/checklist/items/${ITEM}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/evidence/new?system=${sysA}&amp;item=${ITEM}`);
    const form = await owner.get(`/evidence/new?system=${sysA}&item=${ITEM}`);
    expect(form.text).toContain('name="attachItemId" value="M.POL.1"');

    const res = await multipart(owner, '/evidence', fields({ attachSystemId: String(sysA), attachItemId: ITEM }), [{ bytes: PDF, name: 'qd.pdf' }]);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/systems/${sysA}/checklist/items/${ITEM}`);
    const [e] = items();
    expect(links()).toEqual([expect.objectContaining({ evidenceId: e!.id, kind: 'checklist_item', systemId: sysA, catalogue: 'tcvn-11930-2017', itemId: ITEM })]);
    expect(auditOf('evidence_link')).toEqual([expect.objectContaining({ action: 'create', systemId: sysA })]);
    expect((await owner.get(`/systems/${sysA}/checklist/items/${ITEM}`)).text).toContain(e!.title);
    expect((await owner.get(`/systems/${sysA}/checklist`)).text).toContain('Minh chứng (1)');

    // attach existing to the same item of the other system, from that item's page
    const other = await owner.get(`/systems/${sysB}/checklist/items/${ITEM}`);
    expect(other.text).toContain(`action="/evidence/${e!.id}/links/checklist"`);
    const back = `/systems/${sysB}/checklist/items/${ITEM}`;
    const attach = await owner.post(`/evidence/${e!.id}/links/checklist`, { itemId: ITEM, systemIds: String(sysB), back });
    expect(attach.status).toBe(303);
    expect(attach.headers.location).toBe(back);
    expect(links().map((l) => l.systemId)).toEqual([sysA, sysB]);
    // a foreign "back" is ignored
    const again = await owner.post(`/evidence/${e!.id}/links/checklist`, { itemId: ITEM, systemIds: String(sysB), back: 'https://evil.example/' });
    expect(again.headers.location).toBe(`/evidence/${e!.id}#links`);
    expect(links()).toHaveLength(2);

    const detach = await owner.post(`/evidence/${e!.id}/links/${links()[1]!.id}/delete`, { back });
    expect(detach.status).toBe(303);
    expect(detach.headers.location).toBe(back);
    expect(links().map((l) => l.systemId)).toEqual([sysA]);
    expect(auditOf('evidence_link').map((a) => [a.action, a.systemId])).toEqual([['create', sysA], ['create', sysB], ['delete', sysB]]);
  });

  it('from the evidence page: one item to the same checklist item of several systems in one step, and to a layer record', async () => {
    const admin = await login(app, 'admin');
    const id = await create(admin, { organisationId: String(fx.org.provA), title: 'Quy chế an toàn thông tin của tỉnh' });
    const panel = await admin.get(`/evidence/${id}?kind=checklist_item&item=${ITEM}`);
    expect(panel.text).toContain(`value="${sysA}"`);
    expect(panel.text).toContain(`value="${sysB}"`);
    const res = await admin.post(`/evidence/${id}/links/checklist`, { itemId: ITEM, systemIds: [String(sysA), String(sysB)] });
    expect(res.status).toBe(303);
    expect(links().map((l) => [l.systemId, l.itemId])).toEqual([[sysA, ITEM], [sysB, ITEM]]);

    // an item not in a system's checklist: 422, nothing attached
    const bad = await admin.post(`/evidence/${id}/links/checklist`, { itemId: 'ZZ-99', systemIds: [String(sysA)] });
    expect(bad.status).toBe(422);
    const none = await admin.post(`/evidence/${id}/links/checklist`, { itemId: ITEM });
    expect(none.status).toBe(422);
    expect(none.text).toContain('Hãy chọn ít nhất một hệ thống.');

    const l2 = db.insert(layer2Monitoring).values({ systemId: sysA, mode: 'provider', providerId: fx.org.monitor, contractNumber: '07/2025/HĐ-GS', startDate: '2025-01-01', endDate: '2027-12-31' }).returning().get().id;
    const search = await admin.get(`/evidence/${id}?kind=layer2`);
    expect(search.text).toContain('07/2025/HĐ-GS');
    expect((await admin.post(`/evidence/${id}/links`, { kind: 'layer2', recordId: String(l2) })).status).toBe(303);
    expect(links().at(-1)).toMatchObject({ kind: 'layer2', recordId: l2, systemId: sysA });
    const target = await admin.get(`/evidence/for/layer2/${l2}`);
    expect(target.status).toBe(200);
    expect(target.text).toContain('Quy chế an toàn thông tin của tỉnh');
    // a record that does not exist: a message on the form, nothing written
    const missing = await admin.post(`/evidence/${id}/links`, { kind: 'layer2', recordId: '9999' });
    expect(missing.status).toBe(422);
    expect(links()).toHaveLength(3);
  });

  it('deleting an attached item asks first, then removes it and its links while the trail keeps them', async () => {
    const owner = await login(app, 'owner');
    const id = await create(owner, { attachSystemId: String(sysA), attachItemId: ITEM });
    const refused = await owner.post(`/evidence/${id}/delete`, {});
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('hãy đánh dấu ô xác nhận trước khi xóa');
    expect(items()).toHaveLength(1);
    const res = await owner.post(`/evidence/${id}/delete`, { confirm: '1' });
    expect(res.status).toBe(303);
    expect(items()).toHaveLength(0);
    expect(links()).toHaveLength(0);
    expect(versions()).toHaveLength(0);
    expect(filesOnDisk()).toBe(1); // left for npm run gc-files
    const deleted = auditOf('evidence').find((e) => e.action === 'delete')!;
    expect(deleted.changes).toMatchObject({ title: ['Quyết định 125/QĐ-SYT giao đơn vị chuyên trách', null], links: [[`checklist_item:${sysA}:tcvn-11930-2017:${ITEM}`], null] });
    expect(auditOf('evidence_link').map((a) => [a.action, a.systemId])).toEqual([['create', sysA], ['delete', sysA]]);
    // an item attached to nothing asks too (a deletion cannot be undone)
    const lone = await create(owner);
    expect((await owner.post(`/evidence/${lone}/delete`, {})).status).toBe(422);
    expect((await owner.post(`/evidence/${lone}/delete`, { confirm: '1' })).status).toBe(303);
  });
});

describe('who sees and writes evidence', () => {
  it('answers 404 to another tenant for the item, its file and its pages; 403 to a viewer writing', async () => {
    const owner = await login(app, 'owner');
    const id = await create(owner, { attachSystemId: String(sysA), attachItemId: ITEM });
    const v = versions()[0]!.id;
    const link = links()[0]!.id;
    const fileId = db.select().from(evidenceFiles).get()!.id;
    const adminB = await login(app, 'adminb');
    for (const url of [`/evidence/${id}`, `/evidence/${id}/edit`, `/evidence/${id}/versions/${v}`, `/systems/${sysA}/checklist/items/${ITEM}`]) {
      expect((await adminB.get(url)).status, url).toBe(404);
    }
    expect((await adminB.get('/evidence')).text).not.toContain('Quyết định 125/QĐ-SYT');
    expect((await adminB.post(`/evidence/${id}/edit`, fields({ organisationId: String(fx.org.provB) }))).status).toBe(404);
    expect((await adminB.post(`/evidence/${id}/delete`, { confirm: '1' })).status).toBe(404);
    expect((await adminB.post(`/evidence/${id}/links/${link}/delete`, {})).status).toBe(404);
    expect((await multipart(adminB, `/evidence/${id}/files`, {}, [{ bytes: PNG, name: 'x.png' }])).status).toBe(404);

    const viewer = await login(app, 'viewer');
    expect((await viewer.get(`/evidence/${id}`)).status).toBe(200);
    expect((await viewer.get('/evidence/new')).status).toBe(403);
    expect((await multipart(viewer, '/evidence', fields({ organisationId: String(fx.org.provA) }))).status).toBe(403);
    expect((await viewer.post(`/evidence/${id}/links/${link}/delete`, {})).status).toBe(403);
    expect((await viewer.post(`/evidence/${id}/delete`, { confirm: '1' })).status).toBe(403);
    expect((await multipart(viewer, `/evidence/${id}/files/${fileId}/versions`, {}, [{ bytes: PDF2, name: 'x.pdf' }])).status).toBe(403);

    // the owner of another department sees it only through what it is attached to
    const ownerA1 = await login(app, 'owner1');
    expect((await ownerA1.get(`/evidence/${id}`)).status).toBe(404);
    expect(items()).toHaveLength(1);
    expect(links()).toHaveLength(1);
    expect(versions()).toHaveLength(1);
  });

  it('auditors read the evidence of systems they are engaged on and attach their own there, nothing else', async () => {
    const owner = await login(app, 'owner');
    const attached = await create(owner, { attachSystemId: String(sysA), attachItemId: ITEM });
    const unattached = await create(owner, { title: 'Kế hoạch ứng phó sự cố' });
    const auditor = await login(app, 'auditor');
    expect((await auditor.get(`/evidence/${attached}`)).status).toBe(404);

    db.insert(engagements).values({ systemId: sysA, assessorKind: 'provider', assessorId: fx.org.provider }).run();
    expect((await auditor.get(`/evidence/${attached}`)).status).toBe(200);
    expect((await auditor.get(`/evidence/${attached}/versions/${versions()[0]!.id}`)).status).toBe(200);
    expect((await auditor.get(`/evidence/${unattached}`)).status).toBe(404);
    // someone else's evidence: read, not attach or detach
    expect((await auditor.post(`/evidence/${attached}/links/checklist`, { itemId: 'M.POL.2', systemIds: String(sysA) })).status).toBe(403);
    expect((await auditor.post(`/evidence/${attached}/links/${links()[0]!.id}/delete`, {})).status).toBe(403);

    // their own, attached to the engaged system; not to another system
    const res = await multipart(auditor, '/evidence', fields({ organisationId: String(fx.org.provider), title: 'Biên bản kiểm tra cấu hình', attachSystemId: String(sysA), attachItemId: 'M.POL.2' }), [{ bytes: PNG, name: 'cau-hinh.png' }]);
    expect(res.status).toBe(303);
    const own = items().at(-1)!;
    expect(own.organisationId).toBe(fx.org.provider);
    expect(links().at(-1)).toMatchObject({ evidenceId: own.id, systemId: sysA, itemId: 'M.POL.2' });
    const elsewhere = await auditor.post(`/evidence/${own.id}/links/checklist`, { itemId: ITEM, systemIds: String(sysB) });
    expect(elsewhere.status).toBe(422);
    expect(links().filter((l) => l.systemId === sysB)).toHaveLength(0);
  });
});

describe('drills and budgets on a system page', () => {
  it('an engaged auditor reads the evidence behind the system’s own drill and budget, not the organisation’s', async () => {
    const drill = (systemId: number | null) =>
      db.insert(drills).values({ organisationId: fx.org.deptA2, systemId, date: '2026-03-10', kind: 'tabletop', scenario: 'Mã độc tống tiền', participants: 8 }).returning().get().id;
    const ownDrill = drill(sysA);
    const orgDrill = drill(null);
    const budget = db.insert(budgets).values({ organisationId: fx.org.deptA2, systemId: sysA, year: 2026, itBudget: 1000, securitySpending: 100 }).returning().get().id;
    const admin = await login(app, 'admin');
    const id = await create(admin, { title: 'Biên bản diễn tập' });
    for (const [kind, recordId] of [['drill', ownDrill], ['drill', orgDrill], ['budget', budget]] as const) {
      expect((await admin.post(`/evidence/${id}/links`, { kind, recordId: String(recordId) })).status).toBe(303);
    }
    expect(links().map((l) => [l.kind, l.systemId])).toEqual([['drill', sysA], ['drill', null], ['budget', sysA]]);

    const auditor = await login(app, 'auditor');
    expect((await auditor.get(`/evidence/for/drill/${ownDrill}`)).status).toBe(404);
    expect((await auditor.get(`/evidence/${id}`)).status).toBe(404);
    db.insert(engagements).values({ systemId: sysA, assessorKind: 'provider', assessorId: fx.org.provider }).run();
    // the links on the system page lead somewhere: the drill's and the budget's evidence, and the item itself
    const page = await auditor.get(`/systems/${sysA}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/evidence/for/drill/${ownDrill}`);
    for (const url of [`/evidence/for/drill/${ownDrill}`, `/evidence/for/budget/${budget}`, `/evidence/${id}`]) {
      const res = await auditor.get(url);
      expect(res.status, url).toBe(200);
      expect(res.text).toContain('Biên bản diễn tập');
    }
    // the organisation's own drill is not on any page the auditor sees: it stays hidden, and counted apart
    expect((await auditor.get(`/evidence/for/drill/${orgDrill}`)).status).toBe(404);
    // reading is not attaching: another organisation's evidence stays theirs
    expect((await auditor.post(`/evidence/${id}/links/${links()[0]!.id}/delete`, {})).status).toBe(403);
    // an auditor engaged elsewhere sees none of it
    db.delete(engagements).run();
    expect((await auditor.get(`/evidence/for/budget/${budget}`)).status).toBe(404);
    expect((await auditor.get(`/evidence/${id}`)).status).toBe(404);
  });
});

describe('the rules read evidence', () => {
  const answer = (systemId: number, itemId: string, status: 'met' | 'not_met') =>
    db.insert(checklistAnswers).values({ systemId, catalogue: 'tcvn-11930-2017', itemId, status, setBy: fx.user.owner }).run();

  it('CHK-01 counts items marked met without evidence apart', async () => {
    answer(sysA, ITEM, 'met');
    answer(sysA, 'M.POL.2', 'met');
    answer(sysA, 'M.POL.3', 'met');
    const admin = loadActor(db, fx.user.admin)!;
    const before = evaluateSystemFor(db, admin, sysA).find((r) => r.rule === 'CHK-01')!;
    expect(before.params).toMatchObject({ met: 3, notEvidenced: 3 });
    const owner = await login(app, 'owner');
    await create(owner, { attachSystemId: String(sysA), attachItemId: ITEM });
    const after = evaluateSystemFor(db, admin, sysA).find((r) => r.rule === 'CHK-01')!;
    expect(after.params).toMatchObject({ met: 3, notEvidenced: 2 });
  });

  it('an expired evidence item turns its claim into a gap the day after it ends', async () => {
    answer(sysA, ITEM, 'met');
    db.insert(layer1Designations).values({ systemId: sysA, securityUnitId: fx.org.deptA2, decisionNumber: '12/QĐ-SYT', decisionDate: '2024-01-01' }).run();
    const l1 = db.select().from(layer1Designations).get()!.id;
    const owner = await login(app, 'owner');
    const id = await create(owner, { validFrom: '01/01/2024', validUntil: '30/06/2026', attachSystemId: String(sysA), attachItemId: ITEM });
    const admin = await login(app, 'admin');
    expect((await admin.post(`/evidence/${id}/links`, { kind: 'layer1', recordId: String(l1) })).status).toBe(303);
    const actor = loadActor(db, fx.user.admin)!;
    const on = (asOf: string, rule: string) => evaluateSystemFor(db, actor, sysA, asOf).find((r) => r.rule === rule)!;
    expect(on('2026-05-01', 'L4-1')).toMatchObject({ state: 'ok' });
    expect(on('2026-06-30', 'L4-1')).toMatchObject({ state: 'due_soon', messageKey: 'rule.L4-1.msg.evidenceEnding' });
    expect(on('2026-07-01', 'L4-1')).toMatchObject({ state: 'gap', messageKey: 'rule.L4-1.msg.evidenceExpired', params: { date: '2026-06-30' } });
    expect(on('2026-06-30', 'CHK-01').params).toMatchObject({ expired: 0, ending: 1 });
    expect(on('2026-07-01', 'CHK-01')).toMatchObject({ state: 'gap', messageKey: 'rule.CHK-01.msg.evidenceExpired', params: { expired: 1, met: 0 } });
  });
});

describe('the role × action matrix of the evidence routes', () => {
  type Role = 'admin' | 'owner' | 'owner1' | 'viewer' | 'auditor' | 'adminb';
  const ROLES: Role[] = ['admin', 'owner', 'owner1', 'viewer', 'auditor', 'adminb'];
  interface Setup { id: number; versionId: number; fileId: number; linkId: number; layer2: number }

  /** Evidence of Sở Y tế on a checklist item of its system, and a layer 2 record of that system. */
  async function prepare(): Promise<Setup> {
    const owner = await login(app, 'owner');
    const id = await create(owner, { attachSystemId: String(sysA), attachItemId: ITEM });
    const layer2 = db.insert(layer2Monitoring).values({ systemId: sysA, mode: 'provider', providerId: fx.org.monitor, contractNumber: '01/HĐ', startDate: '2025-01-01', endDate: '2027-01-01' }).returning().get().id;
    return { id, versionId: versions()[0]!.id, fileId: db.select().from(evidenceFiles).get()!.id, linkId: links()[0]!.id, layer2 };
  }
  const snapshot = () => JSON.stringify([items(), links(), versions(), auditEntries(db).filter((a) => a.action !== 'login').length]);

  const ACTIONS: { name: string; writes: boolean; run: (s: Session, x: Setup) => Promise<{ status: number }>; expect: Record<Role, number> }[] = [
    { name: 'GET the library', writes: false, run: (s) => s.get('/evidence'), expect: { admin: 200, owner: 200, owner1: 200, viewer: 200, auditor: 200, adminb: 200 } },
    { name: 'GET the item', writes: false, run: (s, x) => s.get(`/evidence/${x.id}`), expect: { admin: 200, owner: 200, owner1: 404, viewer: 200, auditor: 404, adminb: 404 } },
    { name: 'GET a version', writes: false, run: (s, x) => s.get(`/evidence/${x.id}/versions/${x.versionId}`), expect: { admin: 200, owner: 200, owner1: 404, viewer: 200, auditor: 404, adminb: 404 } },
    { name: 'GET the checklist item page', writes: false, run: (s) => s.get(`/systems/${sysA}/checklist/items/${ITEM}`), expect: { admin: 200, owner: 200, owner1: 404, viewer: 200, auditor: 404, adminb: 404 } },
    { name: 'GET a record’s evidence page', writes: false, run: (s, x) => s.get(`/evidence/for/layer2/${x.layer2}`), expect: { admin: 200, owner: 200, owner1: 404, viewer: 200, auditor: 404, adminb: 404 } },
    { name: 'GET the new form', writes: false, run: (s) => s.get('/evidence/new'), expect: { admin: 200, owner: 200, owner1: 200, viewer: 403, auditor: 200, adminb: 200 } },
    { name: 'GET the edit form', writes: false, run: (s, x) => s.get(`/evidence/${x.id}/edit`), expect: { admin: 200, owner: 200, owner1: 404, viewer: 403, auditor: 404, adminb: 404 } },
    { name: 'POST an edit', writes: true, run: (s, x) => s.post(`/evidence/${x.id}/edit`, fields({ title: 'Quyết định 125/QĐ-SYT (bản sửa)' })), expect: { admin: 303, owner: 303, owner1: 404, viewer: 403, auditor: 404, adminb: 404 } },
    { name: 'POST more files', writes: true, run: (s, x) => multipart(s, `/evidence/${x.id}/files`, {}, [{ bytes: PNG, name: 'anh.png' }]), expect: { admin: 303, owner: 303, owner1: 404, viewer: 403, auditor: 404, adminb: 404 } },
    { name: 'POST a version', writes: true, run: (s, x) => multipart(s, `/evidence/${x.id}/files/${x.fileId}/versions`, {}, [{ bytes: PDF2, name: 'v2.pdf' }]), expect: { admin: 303, owner: 303, owner1: 404, viewer: 403, auditor: 404, adminb: 404 } },
    { name: 'POST attach to a record', writes: true, run: (s, x) => s.post(`/evidence/${x.id}/links`, { kind: 'layer2', recordId: String(x.layer2) }), expect: { admin: 303, owner: 303, owner1: 404, viewer: 403, auditor: 404, adminb: 404 } },
    { name: 'POST attach to several systems', writes: true, run: (s, x) => s.post(`/evidence/${x.id}/links/checklist`, { itemId: 'M.POL.2', systemIds: String(sysA) }), expect: { admin: 303, owner: 303, owner1: 404, viewer: 403, auditor: 404, adminb: 404 } },
    { name: 'POST detach', writes: true, run: (s, x) => s.post(`/evidence/${x.id}/links/${x.linkId}/delete`, {}), expect: { admin: 303, owner: 303, owner1: 404, viewer: 403, auditor: 404, adminb: 404 } },
    { name: 'POST delete', writes: true, run: (s, x) => s.post(`/evidence/${x.id}/delete`, { confirm: '1' }), expect: { admin: 303, owner: 303, owner1: 404, viewer: 403, auditor: 404, adminb: 404 } },
  ];

  for (const action of ACTIONS) {
    it(`${action.name}: ${ROLES.map((r) => `${r} ${action.expect[r]}`).join(', ')}`, async () => {
      for (const role of ROLES) {
        // a fresh setup for each write: one role's success must not hide another's refusal
        db.delete(evidenceLinks).run();
        db.delete(evidenceFileVersions).run();
        db.delete(evidenceFiles).run();
        db.delete(evidenceItems).run();
        db.delete(layer2Monitoring).run();
        const x = await prepare();
        const s = await login(app, role === 'owner1' ? 'owner1' : role);
        const before = snapshot();
        const res = await action.run(s, x);
        expect(res.status, `${role}: ${action.name}`).toBe(action.expect[role]);
        if (res.status >= 400 || !action.writes) expect(snapshot(), `${role} wrote on ${action.name}`).toBe(before);
        else expect(snapshot(), `${role} wrote nothing on ${action.name}`).not.toBe(before);
      }
    });
  }
});
