// History and audit in words: a system goes through every kind of change the registry records about a
// system (registered, edited, levelled through the whole dossier, the four layers, an assessment with a
// finding, its checklist, a notice, a drill, a budget, an operator's assignment, decommissioned), and
// the people and directory records change too. Its history page, the audit page and the audit CSV are
// then read as a user reads them: no dictionary key, no camelCase field name, no raw enum value, no ISO
// date, no bare id — in Vietnamese and in English.
import { beforeAll, describe, expect, it } from 'vitest';
import { ASSESSMENT_KINDS, ASSESSMENT_RESULTS, FINDING_STATUSES, SEVERITIES, TEST_BOXES } from '../../src/db/schema/assessments.js';
import { DOSSIER_STATUSES } from '../../src/db/schema/level-decisions.js';
import { ORGANISATION_KINDS, PROVIDER_SERVICES } from '../../src/db/schema/organisations.js';
import { ASSIGNMENT_ROLES, CERTIFICATE_KINDS, CERTIFICATE_STATUSES, DRILL_KINDS } from '../../src/db/schema/people.js';
import { ASSESSOR_KINDS, CONNECTION_STATUSES, MONITORING_CENTRES, MONITORING_MODES } from '../../src/db/schema/protection.js';
import { HOSTINGS, LIFECYCLE_STATUSES, PRIORITY_SECTORS, SEPARATIONS, SYSTEM_TYPES } from '../../src/db/schema/systems.js';
import { CHECKLIST_STATUSES } from '../../src/domain/catalog/index.js';
import { ICS_GRADES, REGIMES, SCOPES, SECRET_GRADES } from '../../src/domain/level-criteria.js';
import { auditEntries, login, makeApp, type Session } from '../helpers/app.js';

/** Every enum value a field of the trail can hold, as stored. */
const ENUM_VALUES = [
  ...ASSESSMENT_KINDS, ...ASSESSMENT_RESULTS, ...FINDING_STATUSES, ...SEVERITIES, ...TEST_BOXES, ...DOSSIER_STATUSES, ...ORGANISATION_KINDS,
  ...PROVIDER_SERVICES, ...ASSIGNMENT_ROLES, ...CERTIFICATE_KINDS, ...CERTIFICATE_STATUSES, ...DRILL_KINDS, ...ASSESSOR_KINDS,
  ...CONNECTION_STATUSES, ...MONITORING_CENTRES, ...MONITORING_MODES, ...HOSTINGS, ...LIFECYCLE_STATUSES, ...PRIORITY_SECTORS,
  ...SEPARATIONS, ...SYSTEM_TYPES, ...CHECKLIST_STATUSES, ...ICS_GRADES, ...REGIMES, ...SCOPES, ...SECRET_GRADES,
].filter((v) => v.length > 2); // "I" (a works grade) is a word of its own
// (the roles are left out: the fixture's usernames are "admin", "owner"…; a role shown is checked below)

/** The words in `text` that give away the developers' language. */
function leaks(text: string, locale: 'vi' | 'en'): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(?:audit|field|dossier|level|chk|prot|op|org|type|sector|lifecycle|hosting|separation)\.[a-zA-Z_.]+/g)) found.push(`key ${m[0]}`);
  for (const m of text.matchAll(/\b[a-z]+[A-Z][A-Za-z]*\b/g)) found.push(`camelCase ${m[0]}`);
  for (const m of text.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)) found.push(`ISO date ${m[0]}`);
  for (const m of text.matchAll(/\b[a-z]+_[a-z_]+\b/g)) found.push(`raw value ${m[0]}`);
  if (/mã số\)?\s*:?\s*\d|\(id\)/i.test(text)) found.push('a bare id');
  // in Vietnamese, an English enum value is a raw value; in English, only the snake_case ones are caught above
  if (locale === 'vi') {
    for (const v of ENUM_VALUES) if (new RegExp(`(^|[^\\p{L}\\d_])${v}($|[^\\p{L}\\d_])`, 'u').test(text)) found.push(`raw value ${v}`);
  }
  return found;
}

/** The text a page shows inside one element (`id` or class), tags removed. */
function textOf(html: string, start: RegExp, end = /<\/section>|<\/table>/): string {
  const i = html.search(start);
  if (i < 0) throw new Error(`no ${start} in the page`);
  const rest = html.slice(i);
  const j = rest.search(end);
  return rest
    .slice(0, j < 0 ? undefined : j)
    .replace(/<span class="visually-hidden">[^<]*<\/span>/g, '') // for screen readers ("→" read as "becomes")
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}

function postMultipart(s: Session, url: string, fields: Record<string, string>) {
  let req = s.agent.post(url).field('_csrf', s.csrf);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req;
}

let ctx: Awaited<ReturnType<typeof makeApp>>;
let admin: Session;
let systemId = 0;

async function ok(res: PromiseLike<{ status: number; text: string }>, what: string): Promise<void> {
  const r = await res;
  if (r.status !== 303 && r.status !== 201) throw new Error(`${what}: ${r.status} ${[...r.text.matchAll(/class="field-error"[^>]*>([^<]*)/g)].map((m) => m[1]).join(" | ")}`);
}

beforeAll(async () => {
  ctx = await makeApp();
  admin = await login(ctx.app, 'admin');
  const { org } = ctx.fx;
  const system = {
    code: 'A-DVC', nameVi: 'Cổng dịch vụ công tỉnh An Hòa', nameEn: 'An Hoa public service portal', ownerId: String(org.provA), operatorId: String(org.deptA1),
    systemType: 'public_service', lifecycleStatus: 'planned', hosting: 'own_premises', separation: 'logical', stateFunded: '1',
  };
  const created = await admin.post('/systems', system);
  systemId = Number(/\/systems\/(\d+)/.exec(created.headers.location ?? '')?.[1]);
  const sys = `/systems/${systemId}`;
  await ok(admin.post(sys, {
    ...system, lifecycleStatus: 'in_operation', goLiveDate: '01/03/2024', hosting: 'hired_dc', separation: 'physical', operatorId: String(org.deptA2),
    securityUnitId: String(org.deptA1), prioritySector: 'government_direction', nationalSecurityImportant: '1', description: 'Cổng một cửa của tỉnh',
  }), 'edit the system');

  // the dossier, from the wizard to the regulation
  const wizard = { regime: 'nd331', systemType: 'public_service', infoPublic: '1', infoPersonal: '1', stateSecret: 'none', scope: 'sector_or_province', icsWorksGrade: 'none', basicPdSubjects: '0', sensitivePdSubjects: '0', users: '0' };
  const draft = await admin.post(`${sys}/decisions`, { ...wizard, intent: 'save' });
  const decision = `${sys}/decisions/${/decisions\/(\d+)/.exec(draft.headers.location ?? '')?.[1]}`;
  await ok(admin.post(`${decision}/edit`, { ...wizard, handlesAdministrativeProcedures: '1', basicPdSubjects: '150000', intent: 'save' }), 'edit the draft');
  await ok(admin.post(`${decision}/steps/submit`, { submittedDate: '01/09/2026' }), 'submit');
  await ok(admin.post(`${decision}/steps/appraise`, { appraisalBody: 'Sở Khoa học và Công nghệ', appraisalDate: '10/09/2026', appraisalRef: '55/TĐ-SKHCN' }), 'appraise');
  await ok(admin.post(`${decision}/steps/approve`, { approvalNumber: '77/QĐ-UBND', approvalDate: '20/09/2026', approvingBody: 'Ủy ban nhân dân tỉnh An Hòa' }), 'approve');
  await ok(admin.post(`${decision}/regulation`, { regulationNumber: '12/QĐ-QC', regulationDate: '25/09/2026' }), 'regulation');

  // the four layers, and the end of an engagement
  await ok(admin.post(`${sys}/protection/layer1`, { securityUnitId: String(org.deptA1), decisionNumber: '12/QĐ-SKHCN', decisionDate: '01/02/2024' }), 'layer 1');
  await ok(admin.post(`${sys}/protection/layer2`, { mode: 'provider', providerId: String(org.monitor), contractNumber: 'HĐ-GS-01', startDate: '01/01/2026', endDate: '31/12/2026', socName: 'SOC Sao Mai', focalPointNotified: '05/01/2026' }), 'layer 2');
  await ok(admin.post(`${sys}/protection/layer3`, { assessorKind: 'provider', assessorId: String(org.provider), contractNumber: 'HĐ-DG-01', startDate: '01/03/2026', endDate: '28/02/2027' }), 'layer 3');
  await ok(admin.post(`${sys}/protection/layer4`, { centre: 'bca_ncsc', status: 'in_progress', connectionDate: '' }), 'layer 4');

  // an assessment, edited, with a finding that is then being fixed
  const asm = await postMultipart(admin, `${sys}/assessments`, { kind: 'periodic', assessorId: String(org.provider), performedDate: '01/10/2026', result: 'passed_with_findings', scopeCompliance: '1', scopeScanning: '1', testBox: 'grey', reportRef: 'BC-01' });
  const assessment = asm.headers.location ?? '';
  await ok(postMultipart(admin, `${assessment}/edit`, { kind: 'ad_hoc', assessorId: String(org.provider), performedDate: '02/10/2026', result: 'failed', scopePentest: '1', testBox: 'black', reportRef: 'BC-01', reportedDate: '03/10/2026' }), 'edit the assessment');
  await ok(admin.post(`${assessment}/findings`, { title: 'Chưa bật xác thực hai yếu tố', severity: 'high', status: 'open', dueDate: '31/12/2026' }), 'finding');
  const findingId = /findings\/(\d+)\/edit/.exec((await admin.get(assessment)).text)?.[1];
  await ok(admin.post(`${assessment}/findings/${findingId}/edit`, { title: 'Chưa bật xác thực hai yếu tố', severity: 'critical', status: 'in_progress', dueDate: '15/12/2026', remediationPlan: 'Bật xác thực hai yếu tố' }), 'edit the finding');

  // the checklist, a notice, a drill and a budget of the system, an operator assigned and then not
  await ok(admin.post(`${sys}/checklist`, { 'status[RISK-01]': 'met', 'note[RISK-01]': 'Quyết định 12/QĐ-SKHCN', 'status[RISK-02]': 'not_met', 'note[RISK-02]': '' }), 'checklist');
  await ok(admin.post(`${sys}/notices`, { year: '2026', sentDate: '15/09/2026', reference: '45/TB-SKHCN' }), 'notice');
  await ok(admin.post('/readiness/drills', { organisationId: String(org.deptA2), systemId: String(systemId), date: '01/04/2026', kind: 'technical', scenario: 'Tấn công từ chối dịch vụ', participants: '12' }), 'drill');
  await ok(admin.post('/readiness/budgets', { organisationId: String(org.deptA2), systemId: String(systemId), year: '2026', itBudget: '1.000.000.000', securitySpending: '120.000.000' }), 'budget');
  const person = await admin.post('/operators', { fullName: 'Lê Văn Hùng', organisationId: String(org.deptA2), position: 'Quản trị hệ thống' });
  const personUrl = person.headers.location ?? '';
  await ok(admin.post(`${personUrl}/assignments`, { systemId: String(systemId), role: 'administrator', fromDate: '01/01/2026' }), 'assignment');
  const assignmentId = /assignments\/(\d+)\/end/.exec((await admin.get(personUrl)).text)?.[1];
  await ok(admin.post(`${personUrl}/assignments/${assignmentId}/end`, { toDate: '30/11/2026', confirm: '1' }), 'end the assignment');
  await ok(admin.post(`${personUrl}/certificates`, { kind: 'national_in_depth', name: 'Chứng nhận chuyên sâu', number: 'CN-001', issuer: 'Cục An ninh mạng', issueDate: '01/01/2025', expiryDate: '01/01/2028', status: 'valid' }), 'certificate');
  await ok(admin.post(`${personUrl}/updates`, { date: '01/06/2026', programme: 'Cập nhật kiến thức an toàn thông tin', hours: '16' }), 'knowledge update');

  // the directory and the accounts
  await ok(admin.post('/providers', { code: 'CTY-MOI', nameVi: 'Công ty An ninh mạng Mới', licensedServices: 'monitoring', licenceNumber: 'GP-01', licenceExpires: '31/12/2027' }), 'provider');
  await ok(admin.post(`/organisations/${org.unitA21}`, { code: 'BV-A', nameVi: 'Bệnh viện Đa khoa tỉnh An Hòa', kind: 'agency', parentId: String(org.deptA2) }), 'organisation');
  await ok(admin.post(`/users/${ctx.fx.user.viewer}`, { fullName: 'Người xem đã đổi tên', role: 'owner', organisationId: String(org.deptA2) }), 'user');

  await ok(admin.post(`${sys}/decommission`, { decommissionedAt: '01/12/2026', reason: 'Thay bằng hệ thống mới', confirm: '1' }), 'decommission');
}, 120_000);

describe('the history of a system with every kind of change, in words', () => {
  it('records every kind of change about the system', () => {
    const kinds = new Set(auditEntries(ctx.db).filter((e) => e.systemId === systemId).map((e) => `${e.entityType}:${e.action}`));
    for (const k of [
      'system:create', 'system:update', 'system:state', 'level_decision:create', 'level_decision:update', 'level_decision:state', 'layer1:create',
      'layer2:create', 'engagement:create', 'layer4:create', 'assessment:create', 'assessment:update', 'finding:create', 'finding:update',
      'checklist:update', 'self_inspection_notice:create', 'drill:create', 'budget:create', 'assignment:create', 'assignment:state',
    ]) expect(kinds, k).toContain(k);
  });

  it.each(['vi', 'en'] as const)('reads as %s, with names for ids and the criteria answered', async (locale) => {
    admin.agent.jar.setCookie(`capdo_lang=${locale}`);
    const page = await admin.get(`/systems/${systemId}/history`);
    expect(page.status).toBe(200);
    const text = textOf(page.text, /<ol class="history">/, /<\/ol>\s*<\/section>/);
    expect(leaks(text, locale)).toEqual([]);
    // ids are names, linked; dates dd/mm/yyyy; the wizard's answers are criteria
    expect(text).toContain(locale === 'vi' ? 'Sở Y tế' : 'Sở Y tế');
    expect(page.text).toMatch(new RegExp(`<a href="/organisations/${ctx.fx.org.deptA2}">Sở Y tế</a>`));
    expect(text).toContain('01/03/2024');
    expect(text).toContain(locale === 'vi' ? 'Giải quyết thủ tục hành chính' : 'administrative procedures');
    expect(text).toContain(locale === 'vi' ? 'Thuê trung tâm dữ liệu' : 'Hired data centre');
    expect(text).toContain(locale === 'vi' ? 'Đã trình' : 'Submitted');
    expect(text).toMatch(locale === 'vi' ? /RISK-01 — .*Đáp ứng — Quyết định 12\/QĐ-SKHCN/ : /RISK-01 — .*Met — Quyết định 12\/QĐ-SKHCN/);
    expect(page.text).not.toMatch(/\{&#34;|\{"systemType"/); // no JSON on the page
  });

  it('shows the newest entries on the system page, with a link to the whole history', async () => {
    admin.agent.jar.setCookie('capdo_lang=vi');
    const page = await admin.get(`/systems/${systemId}`);
    const text = textOf(page.text, /<section class="card" id="history">/);
    expect(leaks(text, 'vi')).toEqual([]);
    expect(page.text).toContain(`href="/systems/${systemId}/history"`);
    expect(page.text.match(/<li>\s*<p class="history-head">/g)?.length).toBe(5);
  });
});

describe('the audit log in words', () => {
  it.each(['vi', 'en'] as const)('the page reads as %s', async (locale) => {
    admin.agent.jar.setCookie(`capdo_lang=${locale}`);
    let all = '';
    for (let p = 1; p <= 3; p++) {
      const page = await admin.get(`/audit?page=${p}`);
      expect(page.status).toBe(200);
      all += textOf(page.text, /<table class="data audit-table">/, /<\/table>/);
    }
    expect(leaks(all, locale)).toEqual([]);
    expect(all).toContain(locale === 'vi' ? 'Vai trò: Người xem → Chủ quản/vận hành' : 'Role: Viewer →');
    for (const entity of locale === 'vi' ? ['Nhà cung cấp', 'Chứng nhận', 'Cập nhật kiến thức', 'Cơ quan, đơn vị', 'Tài khoản'] : ['Provider', 'Certificate', 'Account']) {
      expect(all, entity).toContain(entity);
    }
  });

  it('the CSV is in the reader\'s language, with local times, a readable change column and the raw JSON last', async () => {
    admin.agent.jar.setCookie('capdo_lang=vi');
    const res = await admin.get('/audit.csv');
    expect(res.status).toBe(200);
    const lines = res.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('"Thời điểm (giờ Việt Nam)","Người thực hiện","Thao tác","Đối tượng","Mã số đối tượng","Mô tả","Nội dung thay đổi","Địa chỉ IP","Dữ liệu thay đổi gốc (JSON, dành cho máy)"');
    const edit = lines.find((l) => l.includes('Thuê trung tâm dữ liệu'))!;
    expect(edit).toMatch(/^"\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}","admin","Cập nhật","Hệ thống thông tin",/);
    expect(edit).toContain('Hạ tầng: Hạ tầng của cơ quan → Thuê trung tâm dữ liệu');
    expect(edit).toContain('Đơn vị vận hành: Sở Khoa học và Công nghệ → Sở Y tế');
    expect(edit).toContain('""hosting"":[""own_premises"",""hired_dc""]'); // the machine column keeps the record
    admin.agent.jar.setCookie('capdo_lang=en');
    const en = await admin.get('/audit.csv');
    expect(en.text.split('\r\n')[0]).toMatch(/^\uFEFF?"Time \(Viet Nam\)","User","Action","Record",/);
    expect(en.text).toContain('Hosting: Own premises → Hired data centre');
  });
});
