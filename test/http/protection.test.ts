import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { engagements, layer2Monitoring } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { auditEntries, lastAudit, login, makeApp } from '../helpers/app.js';

let ctx: Awaited<ReturnType<typeof makeApp>>;
let systemId: number;
let soc: number;
let group: number;
let sisterA: number;
let sisterB: number;

beforeEach(async () => {
  ctx = await makeApp();
  const provider = (code: string, nameVi: string, parentId: number | null = null) =>
    ctx.db.insert(organisations).values({ code, nameVi, kind: 'provider', parentId, searchText: searchTextFor({ code, nameVi }) }).returning().get().id;
  soc = provider('SOC-1', 'Công ty Giám sát Sao Mai');
  group = provider('GRP', 'Tập đoàn Hồng Lĩnh');
  sisterA = provider('GRP-A', 'Công ty An ninh mạng Hồng Lĩnh', group);
  sisterB = provider('GRP-B', 'Công ty Đánh giá Hồng Lĩnh', group);
  systemId = ctx.db
    .insert(systems)
    .values({ code: 'A-DVC', nameVi: 'Cổng dịch vụ công', ownerId: ctx.fx.org.provA, operatorId: ctx.fx.org.deptA2, systemType: 'public_service', lifecycleStatus: 'in_operation', goLiveDate: '2024-01-01' })
    .returning()
    .get().id;
  ctx.db.insert(levelDecisions).values({ systemId, regime: 'nd331', answers: { ...DEFAULT_ANSWERS, systemType: 'public_service', handlesAdministrativeProcedures: true }, computedLevel: 3, proposedLevel: 3, dossierStatus: 'approved', approvalNumber: '1/QĐ-UBND', approvalDate: '2026-09-01', approvingBody: 'UBND tỉnh' }).run();
});

const url = (p = '') => `/systems/${systemId}/protection${p}`;

describe('the four layers', () => {
  it('shows all four missing at first, then in place once recorded, with one audit entry per record', async () => {
    const s = await login(ctx.app, 'owner');
    let page = await s.get(`/systems/${systemId}`);
    expect(page.text.match(/layer-missing/g)?.length).toBeGreaterThanOrEqual(4);

    const before = auditEntries(ctx.db).length;
    expect((await s.post(url('/layer1'), { securityUnitId: String(ctx.fx.org.deptA1), decisionNumber: '12/QĐ-SYT', decisionDate: '01/02/2024' })).status).toBe(303);
    expect((await s.post(url('/layer2'), { mode: 'provider', providerId: String(soc), contractNumber: 'HĐ-01/2026', startDate: '01/01/2026', endDate: '31/12/2026', socName: 'SOC Sao Mai' })).status).toBe(303);
    expect((await s.post(url('/layer3'), { assessorKind: 'provider', assessorId: String(sisterB), contractNumber: 'HĐ-DG-01', startDate: '01/03/2026', endDate: '28/02/2027' })).status).toBe(303);
    expect((await s.post(url('/layer4'), { centre: 'bca_ncsc', status: 'connected', connectionDate: '15/09/2026' })).status).toBe(303);
    expect(auditEntries(ctx.db).length).toBe(before + 4);
    expect(lastAudit(ctx.db)).toMatchObject({ entityType: 'layer4', action: 'create', systemId });

    page = await s.get(`/systems/${systemId}`);
    expect(page.text.match(/class="layer layer-in_place"/g)?.length).toBe(4);
    expect(page.text).not.toContain('ASM-03');
  });

  it('flags engaging the monitoring provider, or its sister company, as critical (ASM-03) and asks to confirm', async () => {
    const s = await login(ctx.app, 'owner');
    await s.post(url('/layer2'), { mode: 'provider', providerId: String(sisterA), contractNumber: 'HĐ-GS', startDate: '01/01/2026' });
    const n = ctx.db.select().from(engagements).all().length;
    for (const assessor of [sisterA, sisterB, group]) {
      const res = await s.post(url('/layer3'), { assessorKind: 'provider', assessorId: String(assessor), contractNumber: 'HĐ-DG' });
      expect(res.status).toBe(422);
      expect(res.text).toContain('ASM-03');
      expect(res.text).toContain('nghiêm trọng');
    }
    expect(ctx.db.select().from(engagements).all().length).toBe(n);
    // confirmed: recorded, and still flagged on the system page
    const ok = await s.post(url('/layer3'), { assessorKind: 'provider', assessorId: String(sisterB), contractNumber: 'HĐ-DG', startDate: '01/02/2026', acknowledge: '1' });
    expect(ok.status).toBe(303);
    const page = await s.get(`/systems/${systemId}`);
    expect(page.text).toContain('ASM-03');
    expect(page.text).toContain('công ty con của cùng một công ty mẹ');
  });

  it('flags the operator assessing itself (ASM-04) under Decree 331', async () => {
    const s = await login(ctx.app, 'owner');
    const res = await s.post(url('/layer3'), { assessorKind: 'in_house', assessorId: String(ctx.fx.org.deptA2) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('ASM-04');
  });

  it('derives expired from the contract’s end date', async () => {
    const s = await login(ctx.app, 'owner');
    await s.post(url('/layer2'), { mode: 'provider', providerId: String(soc), contractNumber: 'HĐ-2024', startDate: '01/01/2024', endDate: '31/12/2024' });
    const page = await s.get(url());
    expect(page.text).toContain('Hết hiệu lực');
  });

  it('validates each layer (422, nothing written)', async () => {
    const s = await login(ctx.app, 'owner');
    const n = ctx.db.select().from(layer2Monitoring).all().length;
    let res = await s.post(url('/layer2'), { mode: 'provider', providerId: '', contractNumber: '', startDate: '01/01/2026', endDate: '01/01/2025' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Ngày kết thúc không thể trước ngày bắt đầu.');
    res = await s.post(url('/layer2'), { mode: 'provider', providerId: String(ctx.fx.org.deptA1), contractNumber: 'X', startDate: '01/01/2026' });
    expect(res.status).toBe(422); // an agency is not a provider
    expect(ctx.db.select().from(layer2Monitoring).all().length).toBe(n);
    res = await s.post(url('/layer4'), { centre: 'bca_ncsc', status: 'connected' });
    expect(res.text).toContain('Đã kết nối thì cần có ngày kết nối.');
    res = await s.post(url('/layer1'), { securityUnitId: String(ctx.fx.org.provB), decisionNumber: '1', decisionDate: '01/01/2026' });
    expect(res.status).toBe(422);
  });

  it('gives the engaged provider’s auditors access, and takes it back when revoked', async () => {
    const owner = await login(ctx.app, 'owner');
    const auditor = await login(ctx.app, 'auditor');
    expect((await auditor.get(`/systems/${systemId}`)).status).toBe(404);
    await owner.post(url('/layer3'), { assessorKind: 'provider', assessorId: String(ctx.fx.org.provider), contractNumber: 'HĐ-KD-1', startDate: '01/01/2026' });
    expect((await auditor.get(`/systems/${systemId}`)).status).toBe(200);
    expect((await auditor.get('/systems')).text).toContain('Cổng dịch vụ công');
    // an auditor cannot change the layers
    expect((await auditor.post(url('/layer4'), { centre: 'bca_ncsc', status: 'not_connected' })).status).toBe(403);
    const e = ctx.db.select().from(engagements).get()!;
    expect((await owner.post(url(`/layer3/${e.id}/revoke`), { confirm: '1' })).status).toBe(303);
    expect(ctx.db.select().from(engagements).where(eq(engagements.id, e.id)).get()!.revokedAt).not.toBeNull();
    expect((await auditor.get(`/systems/${systemId}`)).status).toBe(404);
  });

  it.each(['viewer', 'adminb'])('refuses %s', async (who) => {
    const s = await login(ctx.app, who);
    const res = await s.post(url('/layer4'), { centre: 'bca_ncsc', status: 'not_connected' });
    expect([403, 404]).toContain(res.status);
    expect(res.status).toBe(who === 'viewer' ? 403 : 404);
  });
});

describe('providers', () => {
  const form = (extra: Record<string, string | string[]> = {}) => ({
    code: 'NCC-MOI', nameVi: 'Công ty Cổ phần An toàn số', taxCode: '0101234567', licensedServices: ['monitoring', 'assessment'],
    licenceNumber: '15/GP-CATTT', licenceIssued: '01/01/2024', licenceExpires: '31/12/2028', parentId: '', ...extra,
  });

  it('lets an admin add a provider with licence and group, audited', async () => {
    const s = await login(ctx.app, 'admin');
    const res = await s.post('/providers', form({ parentId: String(group) }));
    expect(res.status).toBe(303);
    const p = ctx.db.select().from(organisations).where(eq(organisations.code, 'NCC-MOI')).get()!;
    expect(p).toMatchObject({ kind: 'provider', parentId: group, licensedServices: ['monitoring', 'assessment'], licenceExpires: '2028-12-31', taxCode: '0101234567' });
    expect(lastAudit(ctx.db)).toMatchObject({ entityType: 'provider', action: 'create', entityId: p.id });
    const page = await s.get(`/providers/${group}`);
    expect(page.text).toContain('Công ty Cổ phần An toàn số');
  });

  it('validates (422, nothing written)', async () => {
    const s = await login(ctx.app, 'admin');
    const n = ctx.db.select().from(organisations).all().length;
    const res = await s.post('/providers', form({ taxCode: '12ab', licensedServices: ['hacking'], licenceExpires: '01/01/2020', parentId: String(ctx.fx.org.provA) }));
    expect(res.status).toBe(422);
    expect(ctx.db.select().from(organisations).all().length).toBe(n);
  });

  it('is read by everyone and written by admins only', async () => {
    for (const who of ['owner', 'viewer', 'auditor']) {
      const s = await login(ctx.app, who);
      expect((await s.get('/providers')).status).toBe(200);
      expect((await s.post('/providers', form())).status).toBe(403);
    }
    const s = await login(ctx.app, 'owner');
    expect((await s.get(`/providers/${ctx.fx.org.deptA1}`)).status).toBe(404); // an agency is not a provider
  });
});
