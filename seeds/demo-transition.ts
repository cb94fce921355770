// Demo data for the move to Decree 331 by 1 Jul 2027: a dozen more province systems levelled under Decree
// 85/2016, at different stages of the move as of 24/11/2026 — with their layers, their TCVN 11930 answers,
// and (for those under way) TCVN 14423 answers confirmed from the proposals the crosswalk carries, each
// confirmation in the audit trail as the app writes it.
//
// Stages (the transition workspace, /transition):
//   not started  BS-HTTT-041 (no answers at all), BS-HTTT-042 (every old item met: 103 proposals wait),
//                BS-HTTT-043 (old checklist 70 % met), BS-HTTT-044 (no answers; layer 4 still to MIC's centre)
//   under way    BS-HTTT-045 (users threshold: level 3 under Decree 85, level 2 under Decree 331 unless it
//                handles administrative procedures), BS-HTTT-046, BS-HTTT-047, BS-HTTT-048 (raised to level 4:
//                BCA appraises after the move), BS-HTTT-049 — about half the proposals confirmed, some new items done
//   done         BS-HTTT-050, BS-HTTT-051, BS-HTTT-052 — every TCVN 14423 item met or not applicable
// And BS-HTTT-001 (level 3 under Decree 331) keeps two answers given to whole groups when the TCVN 14423
// checklist listed only its 19 groups: they show, read-only, on those groups' headings.
import { and, eq, sql } from 'drizzle-orm';
import { auditLog } from '../src/db/schema/audit.js';
import { assessments } from '../src/db/schema/assessments.js';
import { checklistAnswers } from '../src/db/schema/compliance.js';
import { drills, operatorAssignments } from '../src/db/schema/people.js';
import { engagements, layer1Designations, layer2Monitoring, layer4Connections } from '../src/db/schema/protection.js';
import { applicableItems, type ChecklistStatus } from '../src/domain/catalog/index.js';
import { DEFAULT_ANSWERS, determineMinimumLevel, type Level, type LevelAnswers } from '../src/domain/level-criteria.js';
import { transitionItems } from '../src/domain/transition.js';
import { PROVINCE_ROOT_CODE, type DemoDecision, type DemoSystem } from './demo-data.js';
import type { DemoIds, SeedTx } from './demo-protection.js';

const ans = (facts: Partial<LevelAnswers>): LevelAnswers => ({ ...DEFAULT_ANSWERS, ...facts });
const SO_TTTT = 'Sở Thông tin và Truyền thông tỉnh Bình Sơn';
const BO_TTTT = 'Bộ Thông tin và Truyền thông (Cục An toàn thông tin)';
const UBND = 'Ủy ban nhân dân tỉnh Bình Sơn';
const BS = { ownerCode: PROVINCE_ROOT_CODE, securityUnitCode: 'BS-SKHCN', stateFunded: true, nationalSecurityImportant: false } as const;

/** An approved Decree 85 decision: level 1–2 approved by the security unit, 3 by the province after its appraisal, 4 after MIC's. */
function nd85(level: Level, answers: LevelAnswers, o: { year: number; n: number; proposed?: Level; reason?: string }): DemoDecision {
  if (determineMinimumLevel('nd85', answers).minimumLevel !== level) throw new Error(`demo-transition: answers of decision ${o.n} do not give level ${level}`);
  const y = o.year;
  const approving = level <= 2 ? SO_TTTT : UBND;
  return {
    regime: 'nd85', answers, ...(o.proposed ? { proposedLevel: o.proposed, proposalReason: o.reason } : {}),
    dossierStatus: 'approved', draftedOn: `${y}-02-10`, submittedDate: `${y}-03-02`,
    appraisalBody: (o.proposed ?? level) >= 4 ? BO_TTTT : SO_TTTT, appraisalDate: `${y}-03-30`, appraisalRef: `${o.n}/STTTT-ATTT`,
    approvalNumber: `${o.n + 400}/QĐ-${(o.proposed ?? level) <= 2 ? 'STTTT' : 'UBND'}`, approvalDate: `${y}-04-20`, approvingBody: (o.proposed ?? level) <= 2 ? SO_TTTT : approving,
    regulationNumber: `${o.n + 20}/QĐ-ATTT`, regulationDate: `${y}-04-06`,
  };
}

type Stage = 'not_started' | 'under_way' | 'done';

interface TransitionDemo {
  system: DemoSystem;
  stage: Stage;
  /** share of the TCVN 11930 items answered "met" (the rest partly met); 0: no old answers */
  oldMet: number;
  /** the centre layer 4 connects to */
  centre: 'mic_ncsc' | 'bca_ncsc' | 'provincial';
  /** an independent assessment performed this cycle (every level 3–4 system has one) */
  assessed?: string;
}

type SystemFacts = Omit<DemoSystem, keyof typeof BS | 'hosting' | 'separation' | 'lifecycleStatus'> & Partial<Pick<DemoSystem, 'hosting' | 'separation' | 'ownerCode'>>;
const sys = (s: SystemFacts): DemoSystem => ({
  ...BS, hosting: 'own_premises', separation: 'logical', lifecycleStatus: 'in_operation', ...s,
});

export const TRANSITION_DEMO: readonly TransitionDemo[] = [
  {
    stage: 'not_started', oldMet: 0, centre: 'mic_ncsc',
    system: sys({
      code: 'BS-HTTT-041', nameVi: 'Phần mềm quản lý hồ sơ cán bộ, công chức, viên chức tỉnh Bình Sơn', nameEn: 'Bình Sơn Civil Servant Records',
      description: 'Quản lý hồ sơ, quá trình công tác, đào tạo và đánh giá của khoảng 21.000 cán bộ, công chức, viên chức trong tỉnh.',
      operatorCode: 'BS-SNV', systemType: 'internal', prioritySector: null, goLiveDate: '2020-06-15',
      decisions: [nd85(2, ans({ infoPrivate: true, infoPersonal: true }), { year: 2020, n: 211 })],
    }),
  },
  {
    stage: 'not_started', oldMet: 1, centre: 'mic_ncsc', assessed: '2026-05-12',
    system: sys({
      code: 'BS-HTTT-042', nameVi: 'Cổng dịch vụ công trực tuyến ngành giáo dục tỉnh Bình Sơn', nameEn: 'Bình Sơn Education Online Public Services',
      description: 'Tiếp nhận hồ sơ trực tuyến toàn trình: chuyển trường, cấp bản sao văn bằng, đăng ký dự thi; kết nối Cổng dịch vụ công quốc gia.',
      operatorCode: 'BS-SGDDT', systemType: 'public_service', prioritySector: null, goLiveDate: '2021-09-01', hosting: 'hired_dc',
      decisions: [nd85(3, ans({ systemType: 'public_service', infoPersonal: true, onlinePublicServiceLevel3: true, users: 8_500 }), { year: 2021, n: 377 })],
    }),
  },
  {
    stage: 'not_started', oldMet: 0.7, centre: 'mic_ncsc',
    system: sys({
      code: 'BS-HTTT-043', nameVi: 'Phần mềm quản lý tài sản công tỉnh Bình Sơn', nameEn: 'Bình Sơn Public Assets Management',
      description: 'Theo dõi tài sản công của các cơ quan, đơn vị trong tỉnh; lập báo cáo kê khai và đề xuất xử lý tài sản.',
      operatorCode: 'BS-STC', systemType: 'internal', prioritySector: 'finance', goLiveDate: '2019-12-02',
      decisions: [nd85(2, ans({ infoPrivate: true }), { year: 2019, n: 158 })],
    }),
  },
  {
    stage: 'not_started', oldMet: 0, centre: 'mic_ncsc', assessed: '2026-04-07',
    system: sys({
      code: 'BS-HTTT-044', nameVi: 'Hệ thống quan trắc môi trường tự động tỉnh Bình Sơn', nameEn: 'Bình Sơn Automatic Environmental Monitoring',
      description: 'Thu nhận số liệu từ 36 trạm quan trắc nước thải, khí thải tự động và điều khiển lấy mẫu từ xa tại các khu công nghiệp.',
      operatorCode: 'BS-SNNMT', systemType: 'industrial_control', prioritySector: 'natural_resources', goLiveDate: '2021-03-15',
      decisions: [nd85(3, ans({ systemType: 'industrial_control', icsWorksGrade: 'II_IV', scope: 'sector_or_province' }), { year: 2020, n: 402 })],
    }),
  },
  {
    stage: 'under_way', oldMet: 1, centre: 'provincial', assessed: '2026-08-20',
    system: sys({
      code: 'BS-HTTT-045', nameVi: 'Hệ thống thông tin đặt lịch khám chữa bệnh trực tuyến tỉnh Bình Sơn', nameEn: 'Bình Sơn Online Medical Appointments',
      description: 'Người dân đặt lịch khám, nhận kết quả xét nghiệm và thanh toán viện phí trực tuyến tại 14 bệnh viện tuyến tỉnh và huyện.',
      operatorCode: 'BS-SYT', systemType: 'public_service', prioritySector: 'health', goLiveDate: '2021-05-10', hosting: 'cloud',
      decisions: [nd85(3, ans({ systemType: 'public_service', infoPersonal: true, users: 45_000 }), { year: 2021, n: 296 })],
    }),
  },
  {
    stage: 'under_way', oldMet: 1, centre: 'bca_ncsc', assessed: '2026-07-14',
    system: sys({
      code: 'BS-HTTT-046', nameVi: 'Hệ thống một cửa điện tử phường Đông Hải', nameEn: 'Đông Hải Ward One-Stop Shop',
      description: 'Tiếp nhận và trả kết quả thủ tục hành chính cấp phường, trực tuyến và tại bộ phận một cửa.',
      operatorCode: 'BS-PDH', ownerCode: 'BS-PDH', systemType: 'public_service', prioritySector: null, goLiveDate: '2020-10-01',
      decisions: [nd85(3, ans({ systemType: 'public_service', infoPersonal: true, onlinePublicServiceLevel3: true, users: 3_200 }), { year: 2020, n: 355 })],
    }),
  },
  {
    stage: 'under_way', oldMet: 0.85, centre: 'provincial',
    system: sys({
      code: 'BS-HTTT-047', nameVi: 'Hệ thống quản lý văn bản và điều hành Sở Tài chính', nameEn: 'Department of Finance Document Management',
      description: 'Quản lý văn bản đến, văn bản đi, hồ sơ công việc và ký số của Sở Tài chính và các đơn vị trực thuộc.',
      operatorCode: 'BS-STC', systemType: 'internal', prioritySector: 'finance', goLiveDate: '2019-09-16',
      decisions: [nd85(2, ans({ infoPrivate: true, infoPersonal: true }), { year: 2019, n: 143 })],
    }),
  },
  {
    stage: 'under_way', oldMet: 1, centre: 'provincial', assessed: '2026-09-25',
    system: sys({
      code: 'BS-HTTT-048', nameVi: 'Trung tâm dữ liệu dùng chung tỉnh Bình Sơn', nameEn: 'Bình Sơn Shared Data Centre',
      description: 'Hạ tầng máy chủ, lưu trữ và điện toán đám mây dùng chung cho các sở, ngành và UBND cấp xã; chạy 24/7.',
      operatorCode: 'BS-TTCDS', systemType: 'infrastructure', prioritySector: null, goLiveDate: '2022-03-01',
      decisions: [nd85(3, ans({ systemType: 'infrastructure', scope: 'sector_or_province', needs24x7: true }), {
        year: 2021, n: 488, proposed: 4,
        reason: 'Hạ tầng dùng chung của toàn tỉnh, vận hành 24/7; sự cố làm ngừng đồng thời các hệ thống của nhiều sở, ngành nên đề xuất cấp độ 4.',
      })],
    }),
  },
  {
    stage: 'under_way', oldMet: 0.9, centre: 'bca_ncsc',
    system: sys({
      code: 'BS-HTTT-049', nameVi: 'Hệ thống thư điện tử công vụ tỉnh Bình Sơn', nameEn: 'Bình Sơn Official Email',
      description: 'Thư điện tử công vụ của khoảng 9.000 tài khoản cán bộ, công chức các cơ quan nhà nước trong tỉnh.',
      operatorCode: 'BS-TTCDS', systemType: 'internal', prioritySector: null, goLiveDate: '2019-05-20', hosting: 'own_premises',
      decisions: [nd85(2, ans({ infoPrivate: true, infoPersonal: true, scope: 'sector_or_province' }), { year: 2019, n: 121 })],
    }),
  },
  {
    stage: 'done', oldMet: 1, centre: 'bca_ncsc',
    system: sys({
      code: 'BS-HTTT-050', nameVi: 'Phần mềm quản lý hộ tịch xã Tân Lập', nameEn: 'Tân Lập Commune Civil Registry',
      description: 'Đăng ký khai sinh, kết hôn, khai tử và cấp bản sao trích lục hộ tịch của xã Tân Lập.',
      operatorCode: 'BS-XTL', ownerCode: 'BS-XTL', systemType: 'internal', prioritySector: null, goLiveDate: '2020-02-17',
      decisions: [nd85(2, ans({ infoPrivate: true, infoPersonal: true }), { year: 2019, n: 187 })],
    }),
  },
  {
    stage: 'done', oldMet: 1, centre: 'provincial',
    system: sys({
      code: 'BS-HTTT-051', nameVi: 'Hệ thống sổ điểm, học bạ số tỉnh Bình Sơn', nameEn: 'Bình Sơn Digital School Records',
      description: 'Sổ điểm điện tử và học bạ số của các trường trung học phổ thông trong tỉnh.',
      operatorCode: 'BS-SGDDT', systemType: 'internal', prioritySector: null, goLiveDate: '2021-08-16',
      decisions: [nd85(2, ans({ infoPersonal: true }), { year: 2021, n: 264 })],
    }),
  },
  {
    stage: 'done', oldMet: 1, centre: 'bca_ncsc', assessed: '2026-06-18',
    system: sys({
      code: 'BS-HTTT-052', nameVi: 'Hệ thống hội nghị truyền hình trực tuyến tỉnh Bình Sơn', nameEn: 'Bình Sơn Video Conferencing',
      description: 'Hội nghị truyền hình từ Ủy ban nhân dân tỉnh đến các sở, ngành và Ủy ban nhân dân cấp xã.',
      operatorCode: 'BS-VPUB', systemType: 'infrastructure', prioritySector: null, goLiveDate: '2020-04-01',
      decisions: [nd85(3, ans({ systemType: 'infrastructure', scope: 'sector_or_province' }), { year: 2020, n: 233 })],
    }),
  },
];

/** The systems, for seeds/demo.ts to insert with the others. */
export const TRANSITION_SYSTEMS: readonly DemoSystem[] = TRANSITION_DEMO.map((d) => d.system);

export interface TransitionSeedCounts {
  transitionSystems: number;
  transitionAnswers: number;
}

/** The counts of the protection and people seeds, which the rows added here are counted into. */
interface SharedCounts {
  protection: { layer1: number; layer2: number; engagements: number; layer4: number; assessments: number };
  people: { assignments: number; drills: number };
}

const stamp = (date: string, hour = 2): string => `${date}T${String(hour).padStart(2, '0')}:00:00.000Z`;

/**
 * Certified province staff who can administer the new level 3–4 systems: a valid national in-depth
 * certificate good for a year, and a knowledge update in the last 12 months (so HR-01…03 hold).
 */
function certifiedStaff(tx: SeedTx, asOf: string): number[] {
  return tx
    .all<{ id: number }>(sql`SELECT o.id FROM operators o
        WHERE EXISTS (SELECT 1 FROM certificates c WHERE c.operator_id = o.id AND c.kind = 'national_in_depth' AND c.status = 'valid' AND c.expiry_date > date(${asOf}, '+1 year'))
          AND EXISTS (SELECT 1 FROM knowledge_updates k WHERE k.operator_id = o.id AND k.date > date(${asOf}, '-10 months'))
          AND o.organisation_id IN (SELECT id FROM organisations WHERE code LIKE 'BS-%')
        ORDER BY o.id`)
    .map((r) => r.id);
}

/** Layers, assessments, operators and checklist answers of the transition systems, with the audit entries of the confirmations. */
export function seedTransition(tx: SeedTx, ids: DemoIds, shared: SharedCounts): TransitionSeedCounts {
  const need = (m: ReadonlyMap<string, number>, code: string): number => {
    const id = m.get(code);
    if (id === undefined) throw new Error(`demo-transition: unknown code ${code}`);
    return id;
  };
  const admin = need(ids.users, 'admin');
  const counts: TransitionSeedCounts = { transitionSystems: 0, transitionAnswers: 0 };
  const staff = certifiedStaff(tx, '2026-11-24');
  if (!staff.length) throw new Error('demo-transition: no certified province staff to assign');

  // answers given to whole groups before the catalogue had items
  const first = need(ids.systems, 'BS-HTTT-001');
  for (const [group, status, note] of [
    ['G.HR', 'partly_met', 'Đã phân công cán bộ vận hành; chưa tách đơn vị bảo vệ (rà soát 09/2026)'],
    ['G.SUP', 'not_met', 'Chưa có quy trình quản lý nhà cung cấp'],
  ] as const) {
    tx.insert(checklistAnswers).values({ systemId: first, catalogue: 'tcvn-14423-2026', itemId: group, status, note, setBy: admin, setAt: stamp('2026-09-15') }).run();
    counts.transitionAnswers += 1;
  }

  TRANSITION_DEMO.forEach((d, index) => {
    const s = d.system;
    const systemId = need(ids.systems, s.code);
    const operatorId = need(ids.organisations, s.operatorCode);
    const decision = s.decisions.at(-1)!;
    const level = decision.proposedLevel ?? determineMinimumLevel('nd85', decision.answers).minimumLevel;
    counts.transitionSystems += 1;

    // the four layers: the province's designation, its SOC, an independent assessor, the national connection
    tx.insert(layer1Designations).values({ systemId, securityUnitId: need(ids.organisations, 'BS-SKHCN'), decisionNumber: '486/QĐ-UBND', decisionDate: '2025-03-18', createdAt: stamp('2025-03-18'), updatedAt: stamp('2025-03-18') }).run();
    tx.insert(layer2Monitoring).values({ systemId, mode: 'self', startDate: '2023-07-01', socName: 'SOC tỉnh Bình Sơn (Trung tâm Chuyển đổi số)', focalPointNotified: '2023-07-10', createdAt: stamp('2023-07-01'), updatedAt: stamp('2023-07-01') }).run();
    tx.insert(engagements).values({
      systemId, assessorKind: 'provider', assessorId: need(ids.organisations, 'NCC-SAOVIET'), contractNumber: `${30 + index}/2026/HĐ-SV-BS`,
      startDate: '2026-01-15', endDate: '2027-12-31', createdAt: stamp('2026-01-15'), updatedAt: stamp('2026-01-15'),
    }).run();
    const connected = d.centre === 'mic_ncsc' ? '2021-11-08' : '2026-10-05';
    tx.insert(layer4Connections).values({ systemId, centre: d.centre, status: 'connected', connectionDate: connected, createdAt: stamp(connected), updatedAt: stamp(connected) }).run();
    shared.protection.layer1 += 1;
    shared.protection.layer2 += 1;
    shared.protection.engagements += 1;
    shared.protection.layer4 += 1;
    if (level >= 3 && !d.assessed) throw new Error(`demo-transition: ${s.code} is level ${level}: give it this cycle's assessment`);
    if (level >= 3) {
      tx.insert(operatorAssignments).values({ operatorId: staff[index % staff.length]!, systemId, role: 'administrator', fromDate: '2026-01-05', createdAt: stamp('2026-01-05'), updatedAt: stamp('2026-01-05') }).run();
      shared.people.assignments += 1;
    }
    if (level >= 4) {
      tx.insert(drills).values({
        organisationId: operatorId, systemId, date: '2026-06-25', kind: 'technical',
        scenario: 'Mất kết nối cụm lưu trữ chính; chuyển tải sang cụm dự phòng và khôi phục dịch vụ cho các hệ thống dùng chung',
        participants: 18, organiser: 'Trung tâm Chuyển đổi số tỉnh', result: 'Đạt. Chuyển sang cụm dự phòng trong 41 phút.',
        lessons: 'Cần tự động hóa bước kiểm tra toàn vẹn dữ liệu sau khi chuyển tải.', createdAt: stamp('2026-06-25'), updatedAt: stamp('2026-06-25'),
      }).run();
      shared.people.drills += 1;
    }
    if (d.assessed) {
      shared.protection.assessments += 1;
      tx.insert(assessments).values({
        systemId, assessorId: need(ids.organisations, 'NCC-SAOVIET'), kind: 'periodic', periodFrom: '2025-12-15', periodTo: '2026-12-14',
        plannedDate: d.assessed, performedDate: d.assessed, scopeCompliance: true, scopeScanning: true, testBox: 'grey', result: 'passed',
        reportRef: `${50 + index}/BC-SV`, reportedDate: d.assessed, createdBy: admin, createdAt: stamp(d.assessed), updatedAt: stamp(d.assessed),
      }).run();
    }

    // the old checklist (TCVN 11930 at the Decree 85 level)
    const old = applicableItems('nd85', level);
    const metCut = Math.round(d.oldMet * old.length);
    const oldAnswers = new Map<string, { status: ChecklistStatus; note: string | null }>();
    if (d.oldMet > 0) {
      old.forEach((item, i) => {
        const status: ChecklistStatus = i < metCut ? 'met' : 'partly_met';
        const note = status === 'met' ? `Biên bản kiểm tra nội bộ số ${12 + (i % 30)}/BB-ATTT` : 'Đang hoàn thiện, dự kiến xong trong quý II/2027';
        oldAnswers.set(item.id, { status, note });
        tx.insert(checklistAnswers).values({ systemId, catalogue: 'tcvn-11930-2017', itemId: item.id, status, note, setBy: admin, setAt: stamp('2025-11-20') }).run();
        counts.transitionAnswers += 1;
      });
    }
    if (d.stage === 'not_started') return;

    // the new checklist: proposals confirmed (half of them while under way, all when done), then new items answered
    const items = transitionItems(level, level, oldAnswers);
    const proposals = items.filter((t) => t.proposal);
    const confirmed = d.stage === 'done' ? proposals : proposals.filter((_, i) => i % 2 === 0);
    const day = d.stage === 'done' ? '2026-10-28' : '2026-11-18';
    const write = (itemId: string, status: ChecklistStatus, note: string | null, carriedFrom: string | null, at: string) => {
      tx.insert(checklistAnswers).values({ systemId, catalogue: 'tcvn-14423-2026', itemId, status, note, carriedFrom, setBy: admin, setAt: at }).run();
      counts.transitionAnswers += 1;
    };
    const carried: Record<string, [unknown, unknown]> = {};
    for (const t of confirmed) {
      write(t.item.id, t.proposal!.status, t.proposal!.note, t.proposal!.from.join(' '), stamp(day, 3));
      carried[t.item.id] = [{ status: 'not_assessed', note: null }, { status: t.proposal!.status, note: t.proposal!.note, carriedFrom: t.proposal!.from.join(' ') }];
    }
    tx.insert(auditLog).values({
      at: stamp(day, 3), actorId: admin, actorName: 'admin', action: 'update', entityType: 'checklist', entityId: systemId, systemId, organisationId: operatorId,
      summary: `tcvn-14423-2026 · crosswalk · ${confirmed.length}`, changes: carried,
    }).run();

    // the work: when done, every item is met (a partial one now fully); under way, the first new items
    const confirmedIds = new Map(confirmed.map((t) => [t.item.id, t.proposal!.status]));
    const work = items.filter((t) => d.stage === 'done' ? confirmedIds.get(t.item.id) !== 'met' : !confirmedIds.has(t.item.id) && t.kind === 'new');
    const done = d.stage === 'done' ? work : work.slice(0, Math.ceil(work.length / 3));
    const direct: Record<string, [unknown, unknown]> = {};
    done.forEach((t, i) => {
      const na = d.stage === 'done' && t.item.condition !== undefined;
      const status: ChecklistStatus = na ? 'not_applicable' : 'met';
      const note = na ? 'Hệ thống không có thành phần này' : `Biên bản nghiệm thu số ${60 + (i % 25)}/BB-ATTT-2026`;
      const before = confirmedIds.has(t.item.id) ? { status: confirmedIds.get(t.item.id), note: confirmed.find((c) => c.item.id === t.item.id)!.proposal!.note } : { status: 'not_assessed', note: null };
      if (confirmedIds.has(t.item.id)) {
        tx.update(checklistAnswers).set({ status, note, carriedFrom: null, setAt: stamp(day, 4) })
          .where(and(eq(checklistAnswers.systemId, systemId), eq(checklistAnswers.catalogue, 'tcvn-14423-2026'), eq(checklistAnswers.itemId, t.item.id))).run();
      } else {
        write(t.item.id, status, note, null, stamp(day, 4));
      }
      direct[t.item.id] = [before, { status, note }];
    });
    if (done.length) {
      tx.insert(auditLog).values({
        at: stamp(day, 4), actorId: admin, actorName: 'admin', action: 'update', entityType: 'checklist', entityId: systemId, systemId, organisationId: operatorId,
        summary: `tcvn-14423-2026 · ${done.length}`, changes: direct,
      }).run();
    }
  });
  return counts;
}
