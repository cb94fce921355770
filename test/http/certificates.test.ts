// Certificates that cannot lie: a number is unique per issuing body, a certificate expires after it is
// issued, a wrong entry is voided with a reason (audited) and never counts again, and a certificate's page
// never says valid and expired at once.
import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { certificates } from '../../src/db/schema/people.js';
import { systems } from '../../src/db/schema/systems.js';
import { addDays } from '../../src/domain/cadence.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { formatDate, todayIso } from '../../src/i18n/format.js';
import { loadActor } from '../../src/modules/auth/auth.service.js';
import { reconcileLevelsInForce } from '../../src/modules/levels/levels.service.js';
import { systemOperators } from '../../src/modules/operators/index.js';
import { auditEntries, lastAudit, login, makeApp, type Session } from '../helpers/app.js';

let ctx: Awaited<ReturnType<typeof makeApp>>;
let systemId: number;
const today = todayIso();
const dmy = (iso: string) => formatDate(iso);
const CUC = 'Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao';

beforeEach(async () => {
  ctx = await makeApp();
  systemId = ctx.db.insert(systems).values({
    code: 'A-CSDL-YT', nameVi: 'Cơ sở dữ liệu y tế tỉnh', ownerId: ctx.fx.org.provA, operatorId: ctx.fx.org.deptA2,
    systemType: 'public_service', lifecycleStatus: 'in_operation', goLiveDate: '2024-01-01',
  }).returning().get().id;
  ctx.db.insert(levelDecisions).values({
    systemId, regime: 'nd331', answers: { ...DEFAULT_ANSWERS, systemType: 'public_service' }, computedLevel: 3, proposedLevel: 3,
    dossierStatus: 'approved', approvalNumber: '3/QĐ-UBND', approvalDate: '2026-01-05', approvingBody: 'UBND tỉnh',
  }).run();
  reconcileLevelsInForce(ctx.db);
});

const certForm = (extra: Record<string, string> = {}) => ({
  kind: 'national_in_depth', name: 'Chứng nhận kiến thức, kỹ năng chuyên sâu về an ninh mạng', number: 'ANM-2025-0142',
  issuer: CUC, issueDate: dmy(addDays(today, -400)), expiryDate: dmy(addDays(today, 700)),
  status: 'valid', statusDate: '', statusReason: '', ...extra,
});

async function person(s: Session, fullName: string): Promise<number> {
  const res = await s.post('/operators', { fullName, organisationId: String(ctx.fx.org.deptA2), position: '', email: '', phone: '', nationalId: '' });
  expect(res.status).toBe(303);
  return Number(/\/operators\/(\d+)$/.exec(res.headers.location!)![1]);
}
const certsOf = (operatorId: number) => ctx.db.select().from(certificates).where(eq(certificates.operatorId, operatorId)).all();
const hr01 = () => systemOperators(ctx.db, loadActor(ctx.db, ctx.fx.user.owner)!, systemId, today).hr.find((r) => r.rule === 'HR-01')!;
/** One certificate's block on a person's page. */
const block = (html: string, certId: number) => {
  const start = html.indexOf(`id="certificate-${certId}"`);
  expect(start).toBeGreaterThan(-1);
  const next = html.indexOf('class="step', start + 10);
  return html.slice(start, next === -1 ? html.indexOf('</section>', start) : next);
};

describe('certificate numbers', () => {
  it('are unique per issuing body: the same number from the same body is refused, from another body accepted', async () => {
    const s = await login(ctx.app, 'owner');
    const an = await person(s, 'Nguyễn Văn An');
    const binh = await person(s, 'Trần Thị Bình');
    expect((await s.post(`/operators/${an}/certificates`, certForm())).status).toBe(303);

    const before = auditEntries(ctx.db).length;
    let res = await s.post(`/operators/${binh}/certificates`, certForm());
    expect(res.status).toBe(422);
    expect(res.text).toContain('Cơ quan cấp này đã cấp một chứng nhận khác mang số hiệu này');
    expect(res.text).toContain('value="ANM-2025-0142"'); // the user's values come back
    expect(certsOf(binh)).toHaveLength(0);
    expect(auditEntries(ctx.db)).toHaveLength(before);

    // the same number from another body is another certificate
    res = await s.post(`/operators/${binh}/certificates`, certForm({ kind: 'international', name: 'CISSP', issuer: 'ISC2' }));
    expect(res.status).toBe(303);
    // editing one into another's number is refused too; editing it in place is not
    const cissp = certsOf(binh)[0]!;
    res = await s.post(`/operators/${binh}/certificates/${cissp.id}`, certForm());
    expect(res.status).toBe(422);
    expect(res.text).toContain('Cơ quan cấp này đã cấp một chứng nhận khác mang số hiệu này');
    const mine = certsOf(an)[0]!;
    expect((await s.post(`/operators/${an}/certificates/${mine.id}`, certForm({ name: 'Chứng nhận chuyên sâu an ninh mạng' }))).status).toBe(303);
  });

  it('are unique in the database too (a write that skipped the form is refused)', () => {
    const row = (operatorId: number) => ({ operatorId, kind: 'other' as const, name: 'X', number: 'N-1', issuer: 'Cục A', issueDate: '2025-01-01' });
    const op = ctx.db.$client.prepare("INSERT INTO operators (full_name, organisation_id, search_text) VALUES ('A', ?, 'a')").run(ctx.fx.org.deptA2).lastInsertRowid as number;
    ctx.db.insert(certificates).values(row(op)).run();
    expect(() => ctx.db.insert(certificates).values(row(op)).run()).toThrow(/UNIQUE/);
    ctx.db.insert(certificates).values({ ...row(op), issuer: 'Cục B' }).run();
  });
});

describe('a certificate expires after it is issued', () => {
  it('refuses an expiry on or before the issue date', async () => {
    const s = await login(ctx.app, 'owner');
    const an = await person(s, 'Nguyễn Văn An');
    for (const expiry of [addDays(today, -400), addDays(today, -401)]) {
      const res = await s.post(`/operators/${an}/certificates`, certForm({ expiryDate: dmy(expiry) }));
      expect(res.status).toBe(422);
      expect(res.text).toContain('Ngày hết hạn phải sau ngày cấp.');
    }
    expect(certsOf(an)).toHaveLength(0);
    expect((await s.post(`/operators/${an}/certificates`, certForm({ expiryDate: dmy(addDays(today, -399)) }))).status).toBe(303);
  });
});

describe('voiding a certificate entered by mistake', () => {
  it('needs a reason and the confirmation; is audited; never counts again; frees the number; cannot be edited after', async () => {
    const s = await login(ctx.app, 'owner');
    const an = await person(s, 'Nguyễn Văn An');
    expect((await s.post(`/operators/${an}/certificates`, certForm())).status).toBe(303);
    expect((await s.post(`/operators/${an}/assignments`, { systemId: String(systemId), role: 'administrator', fromDate: dmy(addDays(today, -300)), toDate: '' })).status).toBe(303);
    const cert = certsOf(an)[0]!;
    expect(hr01().state).toBe('ok');

    const url = `/operators/${an}/certificates/${cert.id}/void`;
    const viewer = await login(ctx.app, 'viewer'); // (signing in is audited too)
    const before = auditEntries(ctx.db).length;
    let res = await s.post(url, { reason: '', confirm: '1' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Vui lòng nhập thông tin này.');
    res = await s.post(url, { reason: 'Nhập nhầm người' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('value="Nhập nhầm người"');
    expect(certsOf(an)[0]!.status).toBe('valid');
    expect(auditEntries(ctx.db)).toHaveLength(before);
    expect((await viewer.post(url, { reason: 'x', confirm: '1' })).status).toBe(403);

    res = await s.post(url, { reason: 'Nhập nhầm người: chứng nhận của ông Nguyễn Văn Ân', confirm: '1' });
    expect(res.status).toBe(303);
    expect(certsOf(an)[0]).toMatchObject({ status: 'void', statusDate: today, statusReason: 'Nhập nhầm người: chứng nhận của ông Nguyễn Văn Ân' });
    expect(auditEntries(ctx.db)).toHaveLength(before + 1);
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'state', entityType: 'certificate', entityId: cert.id, actorId: ctx.fx.user.owner });
    expect(lastAudit(ctx.db)!.changes).toMatchObject({ status: ['valid', 'void'], statusReason: [null, 'Nhập nhầm người: chứng nhận của ông Nguyễn Văn Ân'] });

    // it no longer counts: the system has no certified operator
    expect(hr01().state).not.toBe('ok');
    // it stays on the record, marked void with its reason, without forms
    const page = await s.get(`/operators/${an}`);
    const html = block(page.text, cert.id);
    expect(html).toContain('Đã huỷ (nhập nhầm)');
    expect(html).toContain('Nhập nhầm người: chứng nhận của ông Nguyễn Văn Ân');
    expect(page.text).not.toContain(`action="/operators/${an}/certificates/${cert.id}`);
    expect(page.text).toContain('Chưa có chứng nhận'); // the person's readiness

    // a void certificate cannot change, nor be voided twice
    expect((await s.post(`/operators/${an}/certificates/${cert.id}`, certForm())).status).toBe(409);
    expect((await s.post(url, { reason: 'lần nữa', confirm: '1' })).status).toBe(409);
    // its number is free for the correct entry
    expect((await s.post(`/operators/${an}/certificates`, certForm())).status).toBe(303);
    expect(certsOf(an).map((c) => c.status).sort()).toEqual(['valid', 'void']);

    // the history says it in words
    const history = await (await login(ctx.app, 'admin')).get('/audit?entity=certificate');
    expect(history.text).toContain('Đã huỷ do nhập nhầm');
  });
});

describe('a certificate shows one state', () => {
  it('an expired certificate is "expired", never also "valid"', async () => {
    const s = await login(ctx.app, 'owner');
    const an = await person(s, 'Nguyễn Văn An');
    expect((await s.post(`/operators/${an}/certificates`, certForm({ issueDate: dmy(addDays(today, -1200)), expiryDate: dmy(addDays(today, -30)) }))).status).toBe(303);
    const cert = certsOf(an)[0]!;
    const html = block((await s.get(`/operators/${an}`)).text, cert.id);
    expect(html).toContain('Đã hết hạn');
    expect(html).not.toMatch(/Còn hiệu lực|>Hiệu lực</);
    // in English too
    await s.post('/lang', { lang: 'en' });
    const en = block((await s.get(`/operators/${an}`)).text, cert.id);
    expect(en).toContain('Expired');
    expect(en).not.toMatch(/\bValid\b/);
  });
});
