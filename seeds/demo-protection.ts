// Demo data of the protection side, as of 24/11/2026: provider licences, the four layers of the demo
// systems (layer 1 designations, layer 2 monitoring, layer 3 engagements, layer 4 connections),
// assessments and their findings. Inserted by seeds/demo.ts inside its single transaction.
//
// Cycles as of 24/11/2026: yearly 15/12/2025 → 14/12/2026 (levels 3–4); half-year 15/06/2026 → 14/12/2026
// (level 5). 20 days to the end of both, so a system with no assessment in the current cycle is `due_soon`.
//
// Deliberate gaps a reviewer should find:
//   ASM-03  assessor not independent of the layer-2 provider: BHT-HTTT-007 (monitored by NCC-HL-ANM,
//           assessed by its sister NCC-HL-DG); BS-HTTT-012 (NCC-SAOVIET both monitors and assesses).
//   ASM-04  nd331 system assessed in-house by its own operator: BS-HTTT-009 (Sở KH&CN runs and assesses it).
//   ASM-05  level 5 assessed in-house: BHT-HTTT-001 (Cục An toàn hệ thống số since 02/11/2026).
//   ASM-01  gap (nothing in the current or previous yearly cycle, overdue since 14/12/2025): BS-HTTT-019,
//           BS-HTTT-023 (no assessor ever engaged), BS-HTTT-035 (engagement ended in 2025), BHT-HTTT-012.
//           due_soon (assessed in the previous cycle, or live since 11/2026, nothing yet this cycle):
//           BS-HTTT-009, BS-HTTT-020, BS-HTTT-026, BHT-HTTT-016.
//   ASM-02  level 5 without an assessment in 15/06–14/12/2026 (due_soon): BHT-HTTT-002.
//   ASM-06  open findings past their due date: BS-HTTT-001 (critical CVE due 30/09/2026; high 2FA due
//           31/10/2026), BS-HTTT-012, BS-HTTT-019 (two, since 2024/2025), BS-HTTT-021, BS-HTTT-035, BHT-HTTT-008.
//   L4-1    no layer 1 on a level-3 system: BS-HTTT-026.
//   L4-2    monitoring contract ended in 2025 and not renewed: BS-HTTT-019 (31/08/2025), BHT-HTTT-012 (31/12/2025);
//           BS-HTTT-036 (under construction) has its contract starting only on 01/12/2026.
//   L4-3    no assessor engaged: BS-HTTT-023; engagement ended and revoked: BS-HTTT-035.
//   L4-4    level 4 never connected: BHT-HTTT-008 (not_connected); still in progress: BS-HTTT-009, BS-HTTT-035.
//   Licences: NCC-SAOVIET's expires 31/01/2027 (within 90 days); NCC-HL-DG's expired on 15/10/2026 (its
//           engagements run on; its last assessment was performed before the expiry).
//   Who keeps each provider's record: the province keeps Sao Việt and Trường An, the ministry the Hồng
//           Lĩnh group; the province uses both groups, so `admin` edits the first two and only reads (and
//           sees the changes of) the Hồng Lĩnh companies.
//
// The seven precisions of the timeline (docs/rules.md §5, §8, §3), one system each at least:
//   (1) timeline      BHT-HTTT-019: level 4 missed the cycle ending 14/12/2025, raised to 5 on 12/01/2026 —
//                        ASM-01 gap for the missed level-4 cycle, ASM-02 gap for the half-year ending 14/06/2026
//                        (the one the approval fell in), nothing owed before it.
//   (2) only independent assessments count: BHT-HTTT-001 (in-house at level 5), BS-HTTT-012 (the monitoring
//                        provider itself), BHT-HTTT-007 and BS-HTTT-053 (same group): recorded and shown, flagged
//                        by ASM-03/05, and the cycle stays unmet (ASM-01/02).
//   (3) group chains  BS-HTTT-053: assessed by NCC-HL-DG-MT, a grand-subsidiary of the group whose NCC-HL-ANM
//                        monitors it (BHT-HTTT-007: by a sister company).
//   (4) self-monitoring BS-HTTT-009: monitored by its own operator Sở KH&CN, assessed by Sở KH&CN (ASM-03).
//   (5) due soon up to the due date: every organisation without its 2026 annual report is REP-01 due soon
//                        (from 20/11); ASM-01 due soon 20 days before 14/12/2026.
//   (6) one list of what falls due: the dashboard, the calendar, the .ics feed, the exports, the API and the
//                        reminders all read it.
//   (7) international links: BHT-HTTT-018, levelled 4 in 09/2026; the criteria give 5 (LVL-03 gap).
import { eq } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import { assessments, findings, type ASSESSMENT_KINDS, type ASSESSMENT_RESULTS, type FINDING_STATUSES, type SEVERITIES, type TEST_BOXES } from '../src/db/schema/assessments.js';
import { organisations, type PROVIDER_SERVICES } from '../src/db/schema/organisations.js';
import {
  engagements,
  layer1Designations,
  layer2Monitoring,
  layer4Connections,
  type CONNECTION_STATUSES,
  type MONITORING_CENTRES,
} from '../src/db/schema/protection.js';

/** The transaction seeds/demo.ts runs in. */
export type SeedTx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Ids of what seeds/demo.ts inserted, by code (organisations, systems) and username (users). */
export interface DemoIds {
  organisations: ReadonlyMap<string, number>;
  systems: ReadonlyMap<string, number>;
  users: ReadonlyMap<string, number>;
}

export interface ProtectionSeedCounts {
  /** providers given a tax code and licence */
  providers: number;
  layer1: number;
  layer2: number;
  engagements: number;
  layer4: number;
  assessments: number;
  findings: number;
}

/** The day the demo data describes; nothing performed, reported, closed or connected after it. */
export const DEMO_TODAY = '2026-11-24';

type Service = (typeof PROVIDER_SERVICES)[number];
type Centre = (typeof MONITORING_CENTRES)[number];
type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];
type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
type Result = (typeof ASSESSMENT_RESULTS)[number];
type TestBox = (typeof TEST_BOXES)[number];
type Severity = (typeof SEVERITIES)[number];
type FindingStatus = (typeof FINDING_STATUSES)[number];

// ---------------------------------------------------------------------------------------------------
// Providers: tax code, licensed services, licence (Giấy phép kinh doanh sản phẩm, dịch vụ ATTT mạng)
// ---------------------------------------------------------------------------------------------------

interface ProviderDetails {
  /** the organisation that keeps the record (its admins edit it) */
  keptBy: string;
  taxCode: string;
  licensedServices: Service[];
  licenceNumber: string | null;
  licenceIssued: string | null;
  licenceExpires: string | null;
}

const PROVIDERS: Readonly<Record<string, ProviderDetails>> = {
  // expires within 90 days of 24/11/2026
  'NCC-SAOVIET': {
    keptBy: 'UBND-BS',
    taxCode: '0312456789',
    licensedServices: ['monitoring', 'incident_response', 'assessment', 'penetration_testing'],
    licenceNumber: '18/GP-CATTT',
    licenceIssued: '2017-01-31',
    licenceExpires: '2027-01-31',
  },
  'NCC-TRUONGAN': {
    keptBy: 'UBND-BS',
    taxCode: '0106789123',
    licensedServices: ['assessment', 'penetration_testing', 'consulting'],
    licenceNumber: '125/GP-CATTT',
    licenceIssued: '2021-03-18',
    licenceExpires: '2031-03-18',
  },
  'NCC-HONGLINH': {
    keptBy: 'BHTDLS',
    taxCode: '0100234567',
    licensedServices: ['consulting'],
    licenceNumber: '64/GP-CATTT',
    licenceIssued: '2018-09-05',
    licenceExpires: '2028-09-05',
  },
  'NCC-HL-ANM': {
    keptBy: 'BHTDLS',
    taxCode: '0108345612',
    licensedServices: ['monitoring', 'incident_response'],
    licenceNumber: '97/GP-CATTT',
    licenceIssued: '2019-05-20',
    licenceExpires: '2029-05-20',
  },
  'NCC-HL-DG-MT': {
    keptBy: 'BHTDLS',
    taxCode: '0401882345',
    licensedServices: ['assessment', 'penetration_testing'],
    licenceNumber: '132/GP-CATTT',
    licenceIssued: '2023-06-12',
    licenceExpires: '2033-06-12',
  },
  // expired on 15/10/2026
  'NCC-HL-DG': {
    keptBy: 'BHTDLS',
    taxCode: '0108345620',
    licensedServices: ['assessment', 'penetration_testing'],
    licenceNumber: '41/GP-CATTT',
    licenceIssued: '2016-10-15',
    licenceExpires: '2026-10-15',
  },
};

// ---------------------------------------------------------------------------------------------------
// Layer 1 — on-site force: the designated security unit and the designation decision
// ---------------------------------------------------------------------------------------------------

interface DemoLayer1 {
  system: string;
  securityUnit: string;
  decisionNumber: string;
  decisionDate: string;
}

/** Quyết định of the province designating Sở KH&CN as the security unit after the merger of 1/3/2025. */
const BS_DESIGNATION = { securityUnit: 'BS-SKHCN', decisionNumber: '486/QĐ-UBND', decisionDate: '2025-03-18' } as const;
/** Quyết định of the ministry designating Cục An toàn hệ thống số for its systems. */
const BHT_DESIGNATION = { securityUnit: 'BHTDLS-CATHTS', decisionNumber: '215/QĐ-BHTDLS', decisionDate: '2025-03-05' } as const;

const LAYER1: readonly DemoLayer1[] = [
  // province, level 3+ (BS-HTTT-026 has none: L4-1)
  ...['BS-HTTT-001', 'BS-HTTT-005', 'BS-HTTT-006', 'BS-HTTT-012', 'BS-HTTT-019', 'BS-HTTT-020', 'BS-HTTT-023', 'BS-HTTT-031', 'BS-HTTT-035'].map(
    (system) => ({ system, ...BS_DESIGNATION }),
  ),
  { system: 'BS-HTTT-009', securityUnit: 'BS-SKHCN', decisionNumber: '2251/QĐ-UBND', decisionDate: '2026-10-09' },
  { system: 'BS-HTTT-021', securityUnit: 'BS-SKHCN', decisionNumber: '2298/QĐ-UBND', decisionDate: '2026-10-21' },
  { system: 'BS-HTTT-036', securityUnit: 'BS-SKHCN', decisionNumber: '2402/QĐ-UBND', decisionDate: '2026-10-28' },
  // province, lower levels (several have none)
  ...['BS-HTTT-002', 'BS-HTTT-003', 'BS-HTTT-004', 'BS-HTTT-010', 'BS-HTTT-014', 'BS-HTTT-016', 'BS-HTTT-018', 'BS-HTTT-030', 'BS-HTTT-032'].map(
    (system) => ({ system, ...BS_DESIGNATION }),
  ),
  { system: 'BS-HTTT-008', securityUnit: 'BS-SKHCN', decisionNumber: '2205/QĐ-UBND', decisionDate: '2026-10-02' },
  // ministry
  ...['BHT-HTTT-002', 'BHT-HTTT-003', 'BHT-HTTT-004', 'BHT-HTTT-006', 'BHT-HTTT-007', 'BHT-HTTT-008', 'BHT-HTTT-012', 'BHT-HTTT-016'].map(
    (system) => ({ system, ...BHT_DESIGNATION }),
  ),
  { system: 'BHT-HTTT-001', securityUnit: 'BHTDLS-CATHTS', decisionNumber: '1498/QĐ-BHTDLS', decisionDate: '2026-10-31' },
  { system: 'BHT-HTTT-005', securityUnit: 'BHTDLS-CATHTS', decisionNumber: '1377/QĐ-BHTDLS', decisionDate: '2026-09-14' },
  ...['BHT-HTTT-009', 'BHT-HTTT-010', 'BHT-HTTT-011'].map((system) => ({ system, ...BHT_DESIGNATION })),
  // the systems of docs/rules.md §5 (seeds/demo-data.ts says what each shows)
  { system: 'BS-HTTT-053', ...BS_DESIGNATION },
  ...['BHT-HTTT-018', 'BHT-HTTT-019'].map((system) => ({ system, ...BHT_DESIGNATION })),
];

// ---------------------------------------------------------------------------------------------------
// Layer 2 — monitoring and protection: a provider (SOC) under contract, or the owner itself.
// Oldest first; the record in force is the one with the latest start date.
// ---------------------------------------------------------------------------------------------------

interface DemoLayer2 {
  system: string;
  mode: 'self' | 'provider';
  provider?: string;
  contractNumber?: string;
  startDate?: string;
  endDate?: string;
  socName: string;
  focalPointNotified?: string;
}

const SOC_SAOVIET = 'SOC Sao Việt – Trung tâm Giám sát an ninh mạng Sao Việt (TP. Hồ Chí Minh)';
const SOC_HONGLINH = 'HL-SOC – Trung tâm Giám sát an ninh mạng Hồng Lĩnh (Hà Nội)';

/** The province's yearly SOC contract with Sao Việt, for the systems its Digital Transformation Centre runs and a few more. */
const saoViet2025 = (system: string): DemoLayer2 => ({
  system, mode: 'provider', provider: 'NCC-SAOVIET', contractNumber: '21/2025/HĐ-GSATTT',
  startDate: '2025-01-01', endDate: '2025-12-31', socName: SOC_SAOVIET, focalPointNotified: '2025-01-06',
});
const saoViet2026 = (system: string): DemoLayer2 => ({
  system, mode: 'provider', provider: 'NCC-SAOVIET', contractNumber: '15/2026/HĐ-GSATTT',
  startDate: '2026-01-01', endDate: '2026-12-31', socName: SOC_SAOVIET, focalPointNotified: '2026-01-07',
});
/** The ministry's two-year SOC contract with Hồng Lĩnh. */
const hongLinhBo = (system: string): DemoLayer2 => ({
  system, mode: 'provider', provider: 'NCC-HL-ANM', contractNumber: '36/2025/HĐ-BHTDLS-HLANM',
  startDate: '2025-07-01', endDate: '2027-06-30', socName: SOC_HONGLINH, focalPointNotified: '2025-07-08',
});

const LAYER2: readonly DemoLayer2[] = [
  // province: history, then the contracts in force
  ...['BS-HTTT-001', 'BS-HTTT-005', 'BS-HTTT-006', 'BS-HTTT-035'].map(saoViet2025),
  ...['BS-HTTT-001', 'BS-HTTT-003', 'BS-HTTT-004', 'BS-HTTT-005', 'BS-HTTT-006', 'BS-HTTT-014', 'BS-HTTT-020', 'BS-HTTT-035'].map(saoViet2026),
  {
    system: 'BS-HTTT-009', mode: 'self', startDate: '2026-11-02',
    socName: 'Trung tâm Giám sát an toàn thông tin tỉnh Bình Sơn (Sở Khoa học và Công nghệ)', focalPointNotified: '2026-11-05',
  },
  // the hospital hired one company for monitoring and assessment (ASM-03)
  {
    system: 'BS-HTTT-012', mode: 'provider', provider: 'NCC-SAOVIET', contractNumber: '02/2025/HĐ-BVĐK-SV',
    startDate: '2025-01-01', endDate: '2026-12-31', socName: SOC_SAOVIET, focalPointNotified: '2025-01-10',
  },
  // ended 31/08/2025 and not renewed (L4-2 expired)
  {
    system: 'BS-HTTT-019', mode: 'provider', provider: 'NCC-SAOVIET', contractNumber: '07/2023/HĐ-GSATTT-SGDĐT',
    startDate: '2023-09-01', endDate: '2025-08-31', socName: SOC_SAOVIET, focalPointNotified: '2023-09-12',
  },
  ...['BS-HTTT-021', 'BS-HTTT-023'].map((system): DemoLayer2 => ({
    system, mode: 'provider', provider: 'NCC-HL-ANM', contractNumber: '08/2026/HĐ-HLANM-SNNMT',
    startDate: '2026-01-15', endDate: '2027-01-14', socName: SOC_HONGLINH, focalPointNotified: '2026-01-20',
  })),
  {
    system: 'BS-HTTT-026', mode: 'provider', provider: 'NCC-HL-ANM', contractNumber: '19/2025/HĐ-HLANM-SXD',
    startDate: '2025-03-01', endDate: '2027-02-28', socName: SOC_HONGLINH,
  },
  {
    system: 'BS-HTTT-031', mode: 'self', startDate: '2020-01-02',
    socName: 'Tổ giám sát an toàn thông tin – Văn phòng UBND tỉnh (mạng riêng, không kết nối Internet)',
  },
  // under construction: the contract starts on 01/12/2026, two weeks before go-live
  {
    system: 'BS-HTTT-036', mode: 'provider', provider: 'NCC-SAOVIET', contractNumber: '33/2026/HĐ-GSATTT',
    startDate: '2026-12-01', endDate: '2027-11-30', socName: SOC_SAOVIET,
  },
  // province, lower levels
  { system: 'BS-HTTT-002', mode: 'self', startDate: '2019-10-01', socName: 'Tổ quản trị Cổng thông tin – Văn phòng UBND tỉnh' },
  { system: 'BS-HTTT-016', mode: 'self', startDate: '2020-11-02', socName: 'Tổ giám sát an toàn thông tin – Sở Tài chính' },
  {
    system: 'BS-HTTT-018', mode: 'provider', provider: 'NCC-HL-ANM', contractNumber: '05/2026/HĐ-HLANM-SGDĐT',
    startDate: '2026-03-01', endDate: '2027-02-28', socName: SOC_HONGLINH, focalPointNotified: '2026-03-09',
  },
  { system: 'BS-HTTT-032', mode: 'self', startDate: '2022-02-07', socName: 'Tổ vận hành – Trung tâm Chuyển đổi số tỉnh' },

  // ministry
  ...['BHT-HTTT-001', 'BHT-HTTT-002', 'BHT-HTTT-006', 'BHT-HTTT-007', 'BHT-HTTT-008', 'BHT-HTTT-010', 'BHT-HTTT-011'].map(hongLinhBo),
  {
    system: 'BHT-HTTT-003', mode: 'provider', provider: 'NCC-SAOVIET', contractNumber: '12/2026/HĐ-BHTDLS-SV',
    startDate: '2026-01-01', endDate: '2026-12-31', socName: SOC_SAOVIET, focalPointNotified: '2026-01-08',
  },
  { system: 'BHT-HTTT-004', mode: 'self', startDate: '2020-03-02', socName: 'SOC Bộ – Cục An toàn hệ thống số (phân vùng mạng mật)' },
  // ended 31/12/2025 and not renewed (L4-2 expired)
  {
    system: 'BHT-HTTT-012', mode: 'provider', provider: 'NCC-SAOVIET', contractNumber: '40/2023/HĐ-BHTDLS-SV',
    startDate: '2023-01-01', endDate: '2025-12-31', socName: SOC_SAOVIET, focalPointNotified: '2023-01-09',
  },
  { system: 'BHT-HTTT-016', mode: 'self', startDate: '2022-06-01', socName: 'SOC Bộ – Cục An toàn hệ thống số', focalPointNotified: '2022-06-10' },
  { system: 'BHT-HTTT-009', mode: 'self', startDate: '2019-09-03', socName: 'SOC Bộ – Cục An toàn hệ thống số' },

  // the systems of docs/rules.md §5: BS-HTTT-053 is monitored by the Hồng Lĩnh group (its grand-subsidiary assesses it)
  {
    system: 'BS-HTTT-053', mode: 'provider', provider: 'NCC-HL-ANM', contractNumber: '02/2026/HĐ-HLANM-TTCĐS',
    startDate: '2026-02-01', endDate: '2027-01-31', socName: SOC_HONGLINH, focalPointNotified: '2026-02-06',
  },
  ...['BHT-HTTT-018', 'BHT-HTTT-019'].map((system): DemoLayer2 => ({
    system, mode: 'provider', provider: 'NCC-SAOVIET', contractNumber: '12/2026/HĐ-BHTDLS-SV',
    startDate: '2026-01-01', endDate: '2026-12-31', socName: SOC_SAOVIET, focalPointNotified: '2026-01-08',
  })),
];

// ---------------------------------------------------------------------------------------------------
// Layer 3 — engagements of assessors (also what gives an assessor's auditors access)
// ---------------------------------------------------------------------------------------------------

interface DemoEngagement {
  system: string;
  kind: 'provider' | 'in_house';
  assessor: string;
  /** a contract; for an in-house assessor, the decision assigning the task */
  contractNumber: string;
  startDate: string;
  endDate: string | null;
  revokedAt?: string;
}

const truongAnBS = (system: string): DemoEngagement => ({
  system, kind: 'provider', assessor: 'NCC-TRUONGAN', contractNumber: '12/2025/HĐ-ĐGATTT', startDate: '2025-02-10', endDate: '2027-02-09',
});
const truongAnBo = (system: string): DemoEngagement => ({
  system, kind: 'provider', assessor: 'NCC-TRUONGAN', contractNumber: '18/2025/HĐ-BHTDLS-TA', startDate: '2025-04-01', endDate: '2027-03-31',
});

const ENGAGEMENTS: readonly DemoEngagement[] = [
  // Trường An (the demo auditor's company)
  ...['BS-HTTT-001', 'BS-HTTT-005', 'BS-HTTT-021', 'BS-HTTT-026', 'BS-HTTT-031'].map(truongAnBS),
  { system: 'BS-HTTT-036', kind: 'provider', assessor: 'NCC-TRUONGAN', contractNumber: '31/2026/HĐ-ĐGATTT', startDate: '2026-09-01', endDate: '2027-08-31' },
  // ended in 02/2025 and not renewed (L4-3, and ASM-01 gap)
  {
    system: 'BS-HTTT-035', kind: 'provider', assessor: 'NCC-TRUONGAN', contractNumber: '05/2023/HĐ-ĐGATTT',
    startDate: '2023-03-01', endDate: '2025-02-28', revokedAt: '2025-03-05',
  },
  ...['BHT-HTTT-002', 'BHT-HTTT-004', 'BHT-HTTT-006', 'BHT-HTTT-008'].map(truongAnBo),
  // the ministry switched to an in-house assessor after the nd331 approval of 30/10/2026 (ASM-05)
  {
    system: 'BHT-HTTT-001', kind: 'provider', assessor: 'NCC-TRUONGAN', contractNumber: '03/2024/HĐ-BHTDLS-TA',
    startDate: '2024-04-01', endDate: '2026-06-30', revokedAt: '2026-11-02',
  },
  { system: 'BHT-HTTT-001', kind: 'in_house', assessor: 'BHTDLS-CATHTS', contractNumber: '1520/QĐ-BHTDLS', startDate: '2026-11-02', endDate: null },
  // engaged in 09/2026 after a year without an assessor: the assessment is only planned (ASM-01 gap)
  { system: 'BHT-HTTT-012', kind: 'provider', assessor: 'NCC-TRUONGAN', contractNumber: '27/2026/HĐ-BHTDLS-TA', startDate: '2026-09-15', endDate: '2027-09-14' },
  { system: 'BHT-HTTT-005', kind: 'provider', assessor: 'NCC-TRUONGAN', contractNumber: '29/2026/HĐ-BHTDLS-TA', startDate: '2026-10-01', endDate: '2027-09-30' },
  {
    system: 'BHT-HTTT-017', kind: 'provider', assessor: 'NCC-TRUONGAN', contractNumber: '08/2022/HĐ-BHTDLS-TA',
    startDate: '2022-04-01', endDate: '2024-06-30', revokedAt: '2024-07-01',
  },

  // Hồng Lĩnh assessment (its licence expired on 15/10/2026)
  { system: 'BS-HTTT-006', kind: 'provider', assessor: 'NCC-HL-DG', contractNumber: '06/2025/HĐ-HLĐG', startDate: '2025-05-01', endDate: '2027-04-30' },
  { system: 'BS-HTTT-019', kind: 'provider', assessor: 'NCC-HL-DG', contractNumber: '14/2024/HĐ-HLĐG-SGDĐT', startDate: '2024-04-01', endDate: '2026-12-31' },
  { system: 'BS-HTTT-020', kind: 'provider', assessor: 'NCC-HL-DG', contractNumber: '09/2025/HĐ-HLĐG-SNNMT', startDate: '2025-09-01', endDate: '2026-12-31' },
  { system: 'BHT-HTTT-003', kind: 'provider', assessor: 'NCC-HL-DG', contractNumber: '22/2025/HĐ-BHTDLS-HLĐG', startDate: '2025-07-01', endDate: '2027-06-30' },
  // monitored by its sister company NCC-HL-ANM (ASM-03)
  { system: 'BHT-HTTT-007', kind: 'provider', assessor: 'NCC-HL-DG', contractNumber: '11/2024/HĐ-BHTDLS-HLĐG', startDate: '2024-01-15', endDate: '2026-12-31' },
  { system: 'BHT-HTTT-016', kind: 'provider', assessor: 'NCC-HL-DG', contractNumber: '17/2025/HĐ-BHTDLS-HLĐG', startDate: '2025-10-01', endDate: '2026-12-31' },

  // Sao Việt assesses the hospital system it also monitors (ASM-03)
  { system: 'BS-HTTT-012', kind: 'provider', assessor: 'NCC-SAOVIET', contractNumber: '02/2025/HĐ-BVĐK-SV', startDate: '2025-01-01', endDate: '2026-12-31' },

  // the province's SOC system is assessed by Sở KH&CN, which also operates it (ASM-04)
  { system: 'BS-HTTT-009', kind: 'in_house', assessor: 'BS-SKHCN', contractNumber: '158/QĐ-SKHCN', startDate: '2026-10-20', endDate: null },

  // the systems of docs/rules.md §5
  { system: 'BS-HTTT-053', kind: 'provider', assessor: 'NCC-TRUONGAN', contractNumber: '05/2025/HĐ-TTCĐS-TA', startDate: '2025-03-01', endDate: '2025-12-31' },
  { system: 'BS-HTTT-053', kind: 'provider', assessor: 'NCC-HL-DG-MT', contractNumber: '04/2026/HĐ-TTCĐS-HLMT', startDate: '2026-03-01', endDate: '2027-02-28' },
  { system: 'BHT-HTTT-018', kind: 'provider', assessor: 'NCC-TRUONGAN', contractNumber: '31/2026/HĐ-BHTDLS-TA', startDate: '2026-03-01', endDate: '2027-02-28' },
  { system: 'BHT-HTTT-019', kind: 'provider', assessor: 'NCC-TRUONGAN', contractNumber: '19/2024/HĐ-BHTDLS-TA', startDate: '2024-08-01', endDate: '2027-07-31' },
];

// ---------------------------------------------------------------------------------------------------
// Layer 4 — connection to the national monitoring system. Oldest first: the last record is in force.
// ---------------------------------------------------------------------------------------------------

interface DemoLayer4 {
  system: string;
  centre: Centre;
  status: ConnectionStatus;
  connectionDate?: string;
}

const mic = (system: string, connectionDate: string): DemoLayer4 => ({ system, centre: 'mic_ncsc', status: 'connected', connectionDate });
const bca = (system: string, connectionDate: string): DemoLayer4 => ({ system, centre: 'bca_ncsc', status: 'connected', connectionDate });

const LAYER4: readonly DemoLayer4[] = [
  // nd331 systems: connected to MIC's NCSC before, moved to BCA's National Cybersecurity Centre
  mic('BS-HTTT-001', '2020-05-20'),
  bca('BS-HTTT-001', '2026-11-12'),
  mic('BS-HTTT-021', '2022-03-15'),
  bca('BS-HTTT-021', '2026-11-18'),
  mic('BHT-HTTT-001', '2021-03-10'),
  bca('BHT-HTTT-001', '2026-11-10'),
  { system: 'BS-HTTT-009', centre: 'bca_ncsc', status: 'in_progress' },
  // nd85 systems: MIC's NCSC
  mic('BS-HTTT-005', '2020-11-10'),
  mic('BS-HTTT-006', '2021-08-02'),
  mic('BS-HTTT-012', '2022-01-10'),
  mic('BS-HTTT-019', '2023-08-01'),
  mic('BS-HTTT-020', '2023-02-15'),
  mic('BS-HTTT-023', '2022-09-12'),
  mic('BS-HTTT-026', '2024-05-06'),
  mic('BS-HTTT-031', '2020-04-01'),
  { system: 'BS-HTTT-035', centre: 'mic_ncsc', status: 'in_progress' },
  mic('BHT-HTTT-002', '2023-09-05'),
  mic('BHT-HTTT-003', '2022-06-01'),
  mic('BHT-HTTT-004', '2020-05-04'),
  mic('BHT-HTTT-006', '2020-12-01'),
  mic('BHT-HTTT-007', '2024-03-01'),
  // level 4, never connected (L4-4)
  { system: 'BHT-HTTT-008', centre: 'mic_ncsc', status: 'not_connected' },
  mic('BHT-HTTT-012', '2021-07-01'),
  mic('BHT-HTTT-016', '2022-08-01'),
  // under construction: through the provincial centre
  { system: 'BS-HTTT-036', centre: 'provincial', status: 'in_progress' },
  // lower levels
  mic('BS-HTTT-002', '2020-06-15'),
  { system: 'BS-HTTT-004', centre: 'mic_ncsc', status: 'in_progress' },
  { system: 'BS-HTTT-008', centre: 'provincial', status: 'connected', connectionDate: '2026-10-20' },
  mic('BHT-HTTT-009', '2020-02-10'),
  mic('BHT-HTTT-010', '2019-09-20'),
  mic('BHT-HTTT-011', '2020-06-01'),
  bca('BHT-HTTT-011', '2026-10-26'),
  // the systems of docs/rules.md §5
  mic('BS-HTTT-053', '2022-04-18'),
  bca('BHT-HTTT-018', '2026-10-12'),
  mic('BHT-HTTT-019', '2021-06-01'),
];

// ---------------------------------------------------------------------------------------------------
// Assessments and findings
// ---------------------------------------------------------------------------------------------------

interface DemoFinding {
  title: string;
  severity: Severity;
  requirementId?: string;
  remediationPlan: string;
  dueDate: string;
  status: FindingStatus;
  acceptedReason?: string;
  closedDate?: string;
  evidenceNote?: string;
}

type Scope = 'compliance' | 'effectiveness' | 'scanning' | 'pentest';

interface DemoAssessment {
  system: string;
  assessor: string;
  kind: AssessmentKind;
  /** the cycle the assessment answers for */
  period?: readonly [string, string];
  plannedDate?: string;
  performedDate?: string;
  scope: readonly Scope[];
  testBox?: TestBox;
  result?: Result;
  reportRef?: string;
  reportedDate?: string;
  /** true when the assessor was not engaged on the system (an ad hoc check by the security unit) */
  notEngaged?: boolean;
  /** for a planned assessment, the day it was recorded */
  recordedOn?: string;
  findings?: readonly DemoFinding[];
}

const Y2024 = ['2023-12-15', '2024-12-14'] as const;
const Y2025 = ['2024-12-15', '2025-12-14'] as const;
const Y2026 = ['2025-12-15', '2026-12-14'] as const;
const H2_2025 = ['2025-06-15', '2025-12-14'] as const;
const H1_2026 = ['2025-12-15', '2026-06-14'] as const;
const H2_2026 = ['2026-06-15', '2026-12-14'] as const;

const ASSESSMENTS: readonly DemoAssessment[] = [
  // ---- province ----
  {
    system: 'BS-HTTT-001', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2025, performedDate: '2025-09-16',
    scope: ['compliance', 'scanning'], testBox: 'grey', result: 'passed_with_findings', reportRef: 'BC-31/2025/TA', reportedDate: '2025-10-02',
    findings: [
      {
        title: 'Chưa áp dụng chính sách khóa tài khoản sau nhiều lần đăng nhập sai trên Cổng dịch vụ công',
        severity: 'medium', requirementId: 'T.APP.1',
        remediationPlan: 'Cấu hình khóa tài khoản 15 phút sau 5 lần đăng nhập sai liên tiếp; bổ sung CAPTCHA ở trang đăng nhập.',
        dueDate: '2025-11-30', status: 'fixed', closedDate: '2025-11-20',
        evidenceNote: 'Biên bản kiểm tra lại ngày 20/11/2025 của Trường An: chính sách khóa tài khoản hoạt động đúng.',
      },
    ],
  },
  {
    system: 'BS-HTTT-001', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2026, performedDate: '2026-09-22',
    scope: ['compliance', 'effectiveness', 'scanning', 'pentest'], testBox: 'grey', result: 'passed_with_findings',
    reportRef: 'BC-45/2026/TA', reportedDate: '2026-10-08',
    findings: [
      {
        title: 'Máy chủ web Cổng dịch vụ công chưa vá lỗ hổng CVE-2024-4577 (PHP-CGI thực thi mã từ xa)',
        severity: 'critical',
        remediationPlan: 'Nâng cấp PHP lên 8.3.8 trở lên trên cả hai máy chủ web; trong thời gian chờ, chặn tham số "-d" bằng luật WAF.',
        dueDate: '2026-09-30', status: 'open',
      },
      {
        title: 'Chưa bật xác thực hai yếu tố cho tài khoản quản trị Hệ thống một cửa điện tử',
        severity: 'high',
        remediationPlan: 'Bật xác thực hai yếu tố (OTP qua ứng dụng) cho 14 tài khoản quản trị; thu hồi tài khoản quản trị dùng chung.',
        dueDate: '2026-10-31', status: 'in_progress',
      },
      {
        title: 'Nhật ký truy cập ứng dụng chỉ lưu 30 ngày, chưa đủ 3 tháng theo yêu cầu cấp độ 3',
        severity: 'medium',
        remediationPlan: 'Chuyển nhật ký về hệ thống giám sát tập trung của tỉnh, cấu hình lưu trữ tối thiểu 6 tháng.',
        dueDate: '2026-12-15', status: 'open',
      },
      {
        title: 'Trang đăng nhập hiển thị phiên bản phần mềm máy chủ web',
        severity: 'low',
        remediationPlan: 'Tắt tiêu đề Server và X-Powered-By trên máy chủ web.',
        dueDate: '2026-10-15', status: 'fixed', closedDate: '2026-10-02',
        evidenceNote: 'Ảnh chụp tiêu đề phản hồi HTTP sau khi cấu hình, do Trung tâm Chuyển đổi số gửi ngày 02/10/2026.',
      },
    ],
  },
  {
    system: 'BS-HTTT-005', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2025, performedDate: '2025-08-12',
    scope: ['compliance', 'scanning'], testBox: 'black', result: 'passed', reportRef: 'BC-27/2025/TA', reportedDate: '2025-08-29',
  },
  {
    system: 'BS-HTTT-005', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2026, performedDate: '2026-08-18',
    scope: ['compliance', 'scanning'], testBox: 'grey', result: 'passed_with_findings', reportRef: 'BC-38/2026/TA', reportedDate: '2026-09-04',
    findings: [
      {
        title: 'Chứng thư số SSL của cổng API kết nối NDXP sắp hết hạn, chưa có quy trình theo dõi gia hạn',
        severity: 'medium', requirementId: 'T.APP.4',
        remediationPlan: 'Gia hạn chứng thư số; đưa ngày hết hạn các chứng thư vào lịch giám sát và cảnh báo trước 30 ngày.',
        dueDate: '2026-09-30', status: 'fixed', closedDate: '2026-09-10',
        evidenceNote: 'Chứng thư số mới hiệu lực đến 09/2027; quy trình QT-07/TTCĐS ban hành ngày 10/09/2026.',
      },
      {
        title: 'Chưa giới hạn tần suất gọi API (rate limiting) đối với các hệ thống kết nối',
        severity: 'low',
        remediationPlan: 'Áp dụng giới hạn tần suất tại thiết bị cân bằng tải.',
        dueDate: '2026-10-31', status: 'accepted', closedDate: '2026-09-15',
        acceptedReason: 'Giới hạn tần suất đã áp dụng tại thiết bị cân bằng tải phía trước LGSP; rủi ro còn lại được chấp nhận theo biên bản họp ngày 15/09/2026.',
      },
    ],
  },
  {
    system: 'BS-HTTT-006', assessor: 'NCC-HL-DG', kind: 'periodic', period: Y2025, performedDate: '2025-07-08',
    scope: ['compliance', 'effectiveness'], result: 'passed', reportRef: 'BC-64/2025/HLĐG', reportedDate: '2025-07-25',
  },
  {
    system: 'BS-HTTT-006', assessor: 'NCC-HL-DG', kind: 'periodic', period: Y2026, performedDate: '2026-07-14',
    scope: ['compliance', 'effectiveness', 'scanning'], testBox: 'white', result: 'passed_with_findings',
    reportRef: 'BC-71/2026/HLĐG', reportedDate: '2026-07-31',
    findings: [
      {
        title: 'Hệ thống điều hòa chính xác phòng máy chủ không cảnh báo từ xa khi nhiệt độ vượt ngưỡng',
        severity: 'high',
        remediationPlan: 'Kết nối cảm biến nhiệt độ, độ ẩm vào hệ thống giám sát; gửi cảnh báo SMS cho cán bộ trực.',
        dueDate: '2026-08-31', status: 'fixed', closedDate: '2026-08-20',
        evidenceNote: 'Nhật ký thử nghiệm cảnh báo ngày 20/08/2026; cảnh báo đến 3 cán bộ trực trong 1 phút.',
      },
      {
        title: 'Máy chủ ảo hóa VMware ESXi chưa vá lỗ hổng CVE-2025-22224',
        severity: 'medium', requirementId: 'T.SRV.4',
        remediationPlan: 'Cập nhật bản vá ESXi theo từng cụm máy chủ trong các đợt bảo trì cuối tuần.',
        dueDate: '2026-12-20', status: 'in_progress',
      },
    ],
  },
  // planned by Sở KH&CN itself (ASM-04)
  {
    system: 'BS-HTTT-009', assessor: 'BS-SKHCN', kind: 'periodic', period: Y2026, plannedDate: '2026-12-08',
    scope: ['compliance', 'effectiveness'], recordedOn: '2026-10-22',
  },
  {
    system: 'BS-HTTT-012', assessor: 'NCC-SAOVIET', kind: 'periodic', period: Y2025, performedDate: '2025-10-14',
    scope: ['compliance', 'scanning'], testBox: 'grey', result: 'passed_with_findings', reportRef: 'BC-11/2025/SV-ĐG', reportedDate: '2025-10-30',
    findings: [
      {
        title: 'Máy chủ ứng dụng HIS còn mở dịch vụ Telnet',
        severity: 'low', requirementId: 'T.SRV.2',
        remediationPlan: 'Tắt dịch vụ Telnet, chỉ quản trị qua SSH từ vùng quản trị.',
        dueDate: '2025-11-15', status: 'fixed', closedDate: '2025-10-28',
        evidenceNote: 'Kết quả quét lại cổng dịch vụ ngày 28/10/2025.',
      },
    ],
  },
  {
    system: 'BS-HTTT-012', assessor: 'NCC-SAOVIET', kind: 'periodic', period: Y2026, performedDate: '2026-10-06',
    scope: ['compliance', 'scanning', 'pentest'], testBox: 'grey', result: 'passed_with_findings',
    reportRef: 'BC-08/2026/SV-ĐG', reportedDate: '2026-10-21',
    findings: [
      {
        title: 'Máy trạm khoa Khám bệnh dùng hệ điều hành Windows 7 đã hết hỗ trợ',
        severity: 'high', requirementId: 'M.OPS.4',
        remediationPlan: 'Thay thế máy trạm trong dự án bệnh án điện tử (EMR).',
        dueDate: '2026-12-31', status: 'accepted', closedDate: '2026-10-20',
        acceptedReason: 'Máy trạm điều khiển thiết bị chẩn đoán hình ảnh, nhà sản xuất chỉ hỗ trợ Windows 7; đã cô lập trong VLAN riêng, chặn Internet. Thay thế trong dự án EMR năm 2027.',
      },
      {
        title: 'Chưa có bản sao lưu cơ sở dữ liệu HIS ngoài trụ sở bệnh viện',
        severity: 'medium', requirementId: 'T.DAT.3',
        remediationPlan: 'Sao lưu hằng tuần lên Trung tâm dữ liệu tỉnh; thử khôi phục mỗi quý.',
        dueDate: '2026-11-15', status: 'open',
      },
      {
        title: 'Nhân viên quầy tiếp đón dùng chung một tài khoản HIS',
        severity: 'low', requirementId: 'T.APP.2',
        remediationPlan: 'Cấp tài khoản riêng cho từng nhân viên tiếp đón.',
        dueDate: '2026-10-31', status: 'fixed', closedDate: '2026-10-12',
        evidenceNote: 'Danh sách 9 tài khoản cá nhân được cấp ngày 12/10/2026; tài khoản dùng chung đã khóa.',
      },
    ],
  },
  // last assessed in 06/2024 (ASM-01 gap); its findings are still open
  {
    system: 'BS-HTTT-019', assessor: 'NCC-HL-DG', kind: 'periodic', period: Y2024, performedDate: '2024-06-10',
    scope: ['compliance', 'scanning'], testBox: 'black', result: 'failed', reportRef: 'BC-37/2024/HLĐG', reportedDate: '2024-06-28',
    findings: [
      {
        title: 'Chức năng nộp hồ sơ tuyển sinh cho phép tải lên tệp tin không kiểm tra định dạng (có thể tải lên web shell)',
        severity: 'critical', requirementId: 'T.APP.6',
        remediationPlan: 'Chỉ chấp nhận tệp PDF, JPG; kiểm tra nội dung tệp phía máy chủ; lưu tệp ngoài thư mục web.',
        dueDate: '2024-06-20', status: 'fixed', closedDate: '2024-06-19',
        evidenceNote: 'Bản vá phiên bản 2.4.1 của nhà thầu; Hồng Lĩnh kiểm tra lại ngày 19/06/2024.',
      },
      {
        title: 'Cơ sở dữ liệu thí sinh lưu số định danh cá nhân chưa được mã hóa',
        severity: 'high', requirementId: 'T.DAT.2',
        remediationPlan: 'Mã hóa cột số định danh cá nhân và số điện thoại; giới hạn quyền truy vấn trực tiếp cơ sở dữ liệu.',
        dueDate: '2025-06-30', status: 'in_progress',
      },
      {
        title: 'Chưa có kế hoạch ứng phó sự cố cho đợt cao điểm tuyển sinh',
        severity: 'medium', requirementId: 'M.OPS.8',
        remediationPlan: 'Xây dựng kế hoạch ứng phó sự cố, phân công trực 24/7 trong thời gian tuyển sinh.',
        dueDate: '2024-09-30', status: 'open',
      },
    ],
  },
  // assessed in the previous cycle only (ASM-01 due soon)
  {
    system: 'BS-HTTT-020', assessor: 'NCC-HL-DG', kind: 'periodic', period: Y2025, performedDate: '2025-10-21',
    scope: ['compliance', 'effectiveness'], result: 'passed_with_findings', reportRef: 'BC-98/2025/HLĐG', reportedDate: '2025-11-07',
    findings: [
      {
        title: 'Bộ điều khiển PLC trạm bơm dùng mật khẩu mặc định của nhà sản xuất',
        severity: 'high', requirementId: 'T.NET.6',
        remediationPlan: 'Đổi mật khẩu tất cả bộ điều khiển PLC, lưu mật khẩu trong két niêm phong.',
        dueDate: '2025-11-15', status: 'fixed', closedDate: '2025-11-03',
        evidenceNote: 'Biên bản đổi mật khẩu 6 bộ điều khiển ngày 03/11/2025, có xác nhận của Sở Nông nghiệp và Môi trường.',
      },
      {
        title: 'Tủ điều khiển tại trạm bơm không có khóa và sổ theo dõi ra vào',
        severity: 'medium',
        remediationPlan: 'Lắp khóa tủ điều khiển, lập sổ theo dõi ra vào.',
        dueDate: '2026-03-31', status: 'accepted', closedDate: '2025-11-15',
        acceptedReason: 'Trạm bơm nằm trong khu vực có bảo vệ trực 24/7 và camera giám sát; thay tủ điều khiển trong dự án cải tạo năm 2027.',
      },
    ],
  },
  {
    system: 'BS-HTTT-021', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2025, performedDate: '2025-08-19',
    scope: ['compliance', 'effectiveness'], result: 'passed', reportRef: 'BC-29/2025/TA', reportedDate: '2025-09-05',
  },
  {
    system: 'BS-HTTT-021', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2026, performedDate: '2026-08-25',
    scope: ['compliance', 'effectiveness', 'scanning'], testBox: 'grey', result: 'passed_with_findings',
    reportRef: 'BC-40/2026/TA', reportedDate: '2026-09-11',
    findings: [
      {
        title: 'Máy trạm HMI tại nhà điều hành đập chính cho phép truy cập từ xa bằng phần mềm TeamViewer',
        severity: 'critical', requirementId: 'D.MEAS.VPN',
        remediationPlan: 'Gỡ phần mềm truy cập từ xa; nhà thầu bảo trì truy cập qua VPN có xác thực hai yếu tố và được ghi nhật ký.',
        dueDate: '2026-09-05', status: 'fixed', closedDate: '2026-09-04',
        evidenceNote: 'Biên bản gỡ phần mềm ngày 04/09/2026; kết quả quét lại không còn kết nối ra ngoài từ máy trạm HMI.',
      },
      {
        title: 'Tường lửa giữa vùng SCADA và mạng văn phòng cho phép mọi kết nối từ dải 10.20.0.0/16',
        severity: 'high', requirementId: 'D.MEAS.FW',
        remediationPlan: 'Thu hẹp luật tường lửa: chỉ cho phép máy chủ lịch sử (historian) đẩy dữ liệu một chiều ra vùng văn phòng.',
        dueDate: '2026-10-15', status: 'open',
      },
      {
        title: 'Chưa có quy trình ứng cứu sự cố riêng cho hệ thống điều khiển công nghiệp',
        severity: 'medium', requirementId: 'M.OPS.8',
        remediationPlan: 'Xây dựng quy trình ứng cứu sự cố cho SCADA, diễn tập cùng nhà thầu vận hành trong quý IV/2026.',
        dueDate: '2026-12-31', status: 'in_progress',
      },
    ],
  },
  // assessed in the previous cycle only (ASM-01 due soon); the next one is planned
  {
    system: 'BS-HTTT-026', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2025, performedDate: '2025-06-24',
    scope: ['compliance', 'scanning'], testBox: 'black', result: 'passed_with_findings', reportRef: 'BC-21/2025/TA', reportedDate: '2025-07-10',
    findings: [
      {
        title: 'Cơ sở dữ liệu hồ sơ cấp phép đặt chung vùng mạng với máy chủ web',
        severity: 'medium', requirementId: 'D.ZONE.DB',
        remediationPlan: 'Chuyển máy chủ cơ sở dữ liệu sang vùng máy chủ nội bộ, chỉ mở cổng cơ sở dữ liệu cho máy chủ ứng dụng.',
        dueDate: '2025-10-31', status: 'fixed', closedDate: '2025-10-30',
        evidenceNote: 'Sơ đồ mạng cập nhật ngày 30/10/2025 và bảng luật tường lửa mới.',
      },
    ],
  },
  {
    system: 'BS-HTTT-026', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2026, plannedDate: '2026-12-04',
    scope: ['compliance', 'scanning'], testBox: 'black', recordedOn: '2026-11-09',
  },
  {
    system: 'BS-HTTT-031', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2025, performedDate: '2025-06-10',
    scope: ['compliance', 'effectiveness'], result: 'passed', reportRef: 'BC-18/2025/TA', reportedDate: '2025-06-27',
  },
  {
    system: 'BS-HTTT-031', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2026, performedDate: '2026-06-16',
    scope: ['compliance', 'effectiveness'], result: 'passed_with_findings', reportRef: 'BC-24/2026/TA', reportedDate: '2026-07-03',
    findings: [
      {
        title: 'Máy trạm soạn thảo tài liệu mật chưa vô hiệu hóa cổng USB',
        severity: 'high', requirementId: 'M.OPS.4',
        remediationPlan: 'Vô hiệu hóa cổng USB bằng chính sách nhóm; chỉ dùng thiết bị lưu trữ đã đăng ký cho máy tính soạn thảo mật.',
        dueDate: '2026-07-15', status: 'fixed', closedDate: '2026-07-01',
        evidenceNote: 'Biên bản kiểm tra 12 máy trạm ngày 01/07/2026.',
      },
      {
        title: 'Phòng máy chủ chưa có sổ theo dõi người ra vào',
        severity: 'medium',
        remediationPlan: 'Lập sổ theo dõi ra vào; lắp khóa từ có ghi nhật ký.',
        dueDate: '2026-07-31', status: 'fixed', closedDate: '2026-07-10',
        evidenceNote: 'Sổ theo dõi ra vào mở từ ngày 10/07/2026; khóa từ đã lắp đặt.',
      },
    ],
  },
  // engagement ended in 02/2025: last assessed in 11/2024 (ASM-01 gap)
  {
    system: 'BS-HTTT-035', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2024, performedDate: '2024-11-20',
    scope: ['compliance', 'scanning', 'pentest'], testBox: 'grey', result: 'passed_with_findings',
    reportRef: 'BC-52/2024/TA', reportedDate: '2024-12-06',
    findings: [
      {
        title: 'Máy chủ xác thực tập trung chưa vá lỗ hổng CVE-2024-1132 (Keycloak)',
        severity: 'high', requirementId: 'T.SRV.4',
        remediationPlan: 'Nâng cấp Keycloak lên phiên bản 24.0.3 trở lên.',
        dueDate: '2025-01-15', status: 'fixed', closedDate: '2025-01-10',
        evidenceNote: 'Nhật ký nâng cấp ngày 10/01/2025 do Trung tâm Chuyển đổi số cung cấp.',
      },
      {
        title: 'Chưa bật xác thực hai yếu tố cho tài khoản quản trị hệ thống SSO',
        severity: 'medium', requirementId: 'T.SRV.1',
        remediationPlan: 'Bật xác thực hai yếu tố cho tài khoản quản trị realm và tài khoản quản trị máy chủ.',
        dueDate: '2025-03-31', status: 'open',
      },
    ],
  },
  // under construction: pre-operation assessment, findings due before go-live on 15/12/2026
  {
    system: 'BS-HTTT-036', assessor: 'NCC-TRUONGAN', kind: 'pre_operation', performedDate: '2026-11-10',
    scope: ['compliance', 'scanning', 'pentest'], testBox: 'grey', result: 'passed_with_findings', reportRef: 'BC-51/2026/TA',
    findings: [
      {
        title: 'Chưa cấu hình sao lưu định kỳ cho máy ảo quản lý nền tảng đám mây',
        severity: 'high', requirementId: 'T.DAT.3',
        remediationPlan: 'Cấu hình sao lưu hằng ngày máy ảo quản lý, lưu 30 bản; thử khôi phục trước khi vận hành.',
        dueDate: '2026-12-10', status: 'open',
      },
      {
        title: 'Chưa bật xác thực hai yếu tố cho tài khoản quản trị nền tảng đám mây',
        severity: 'medium', requirementId: 'D.MEAS.PAM',
        remediationPlan: 'Đưa tài khoản quản trị vào hệ thống quản lý tài khoản đặc quyền, bật xác thực hai yếu tố.',
        dueDate: '2026-12-12', status: 'in_progress',
      },
      {
        title: 'Tài liệu quy trình vận hành chưa cập nhật theo kiến trúc triển khai thực tế',
        severity: 'low',
        remediationPlan: 'Nhà thầu cập nhật tài liệu vận hành và bàn giao trước nghiệm thu.',
        dueDate: '2026-12-14', status: 'open',
      },
    ],
  },
  // level 2: an ad hoc check by the security unit after a defacement attempt
  {
    system: 'BS-HTTT-002', assessor: 'BS-SKHCN', kind: 'ad_hoc', performedDate: '2026-03-09', notEngaged: true,
    scope: ['scanning', 'pentest'], testBox: 'black', result: 'passed_with_findings', reportRef: 'BC-07/2026/SKHCN',
    findings: [
      {
        title: 'Trình quản lý nội dung (CMS) chưa cập nhật bản vá, tồn tại lỗ hổng tải tệp tin tùy ý',
        severity: 'high', requirementId: 'T.APP.6',
        remediationPlan: 'Cập nhật CMS lên phiên bản mới nhất; rà soát, xóa tệp lạ trong thư mục tải lên.',
        dueDate: '2026-03-20', status: 'fixed', closedDate: '2026-03-18',
        evidenceNote: 'Văn phòng UBND tỉnh báo cáo ngày 18/03/2026; Sở KH&CN quét lại không còn lỗ hổng.',
      },
      {
        title: 'Chưa cấu hình các tiêu đề bảo mật HTTP (Content-Security-Policy, HSTS)',
        severity: 'low',
        remediationPlan: 'Bổ sung tiêu đề bảo mật trên máy chủ web của Cổng thông tin.',
        dueDate: '2026-12-31', status: 'open',
      },
    ],
  },

  // ---- ministry ----
  // level 5, both halves assessed; in-house since 02/11/2026 (ASM-05)
  {
    system: 'BHT-HTTT-001', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: H2_2025, performedDate: '2025-11-18',
    scope: ['compliance', 'effectiveness', 'scanning'], testBox: 'grey', result: 'passed', reportRef: 'BC-49/2025/TA', reportedDate: '2025-12-05',
  },
  {
    system: 'BHT-HTTT-001', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: H1_2026, performedDate: '2026-04-21',
    scope: ['compliance', 'effectiveness', 'scanning', 'pentest'], testBox: 'grey', result: 'passed_with_findings',
    reportRef: 'BC-16/2026/TA', reportedDate: '2026-05-08',
    findings: [
      {
        title: 'Tài khoản dịch vụ kết nối cơ sở dữ liệu được cấp quyền quản trị toàn hệ thống',
        severity: 'high', requirementId: 'T.SRV.2',
        remediationPlan: 'Tách tài khoản dịch vụ theo từng ứng dụng, chỉ cấp quyền đọc/ghi trên lược đồ cần thiết.',
        dueDate: '2026-06-15', status: 'fixed', closedDate: '2026-05-29',
        evidenceNote: 'Bảng phân quyền mới ngày 29/05/2026; Trường An kiểm tra lại từ xa cùng ngày.',
      },
    ],
  },
  {
    system: 'BHT-HTTT-001', assessor: 'BHTDLS-CATHTS', kind: 'periodic', period: H2_2026, performedDate: '2026-11-17',
    scope: ['compliance', 'effectiveness'], result: 'passed_with_findings', reportRef: 'BC-03/2026/CATHTS', reportedDate: '2026-11-20',
    findings: [
      {
        title: 'Sơ đồ mạng chưa cập nhật sau khi bổ sung cụm máy chủ phân tích dữ liệu',
        severity: 'low',
        remediationPlan: 'Cập nhật sơ đồ mạng và danh mục tài sản, trình Cục An toàn hệ thống số.',
        dueDate: '2026-12-31', status: 'open',
      },
    ],
  },
  // level 5, nothing yet in 15/06–14/12/2026 (ASM-02 due soon)
  {
    system: 'BHT-HTTT-002', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: H2_2025, performedDate: '2025-11-25',
    scope: ['compliance', 'effectiveness'], result: 'passed', reportRef: 'BC-50/2025/TA', reportedDate: '2025-12-10',
  },
  {
    system: 'BHT-HTTT-002', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: H1_2026, performedDate: '2026-05-12',
    scope: ['compliance', 'effectiveness', 'scanning'], testBox: 'grey', result: 'passed_with_findings',
    reportRef: 'BC-19/2026/TA', reportedDate: '2026-05-29',
    findings: [
      {
        title: 'Diễn tập chuyển sang hệ thống dự phòng chưa đạt thời gian khôi phục (RTO) 4 giờ theo thiết kế',
        severity: 'medium', requirementId: 'D.MEAS.DRLINK',
        remediationPlan: 'Tự động hóa kịch bản chuyển đổi; nâng băng thông đường truyền đồng bộ; diễn tập lại trong tháng 12/2026.',
        dueDate: '2026-12-31', status: 'in_progress',
      },
    ],
  },
  {
    system: 'BHT-HTTT-002', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: H2_2026, plannedDate: '2026-12-03',
    scope: ['compliance', 'effectiveness'], recordedOn: '2026-11-02',
  },
  {
    system: 'BHT-HTTT-003', assessor: 'NCC-HL-DG', kind: 'periodic', period: H2_2025, performedDate: '2025-11-10',
    scope: ['compliance', 'effectiveness'], result: 'passed', reportRef: 'BC-104/2025/HLĐG', reportedDate: '2025-11-28',
  },
  {
    system: 'BHT-HTTT-003', assessor: 'NCC-HL-DG', kind: 'periodic', period: H1_2026, performedDate: '2026-05-19',
    scope: ['compliance', 'scanning'], testBox: 'black', result: 'passed_with_findings', reportRef: 'BC-47/2026/HLĐG', reportedDate: '2026-06-05',
    findings: [
      {
        title: 'Giao diện quản trị thiết bị định tuyến biên (BGP) truy cập được từ Internet',
        severity: 'critical', requirementId: 'D.ZONE.DEVMGMT',
        remediationPlan: 'Chỉ cho phép quản trị từ vùng quản trị thiết bị qua máy chủ trung gian (jump host).',
        dueDate: '2026-05-26', status: 'fixed', closedDate: '2026-05-22',
        evidenceNote: 'Danh sách kiểm soát truy cập mới trên 4 thiết bị định tuyến; quét lại từ Internet ngày 22/05/2026.',
      },
    ],
  },
  {
    system: 'BHT-HTTT-003', assessor: 'NCC-HL-DG', kind: 'periodic', period: H2_2026, performedDate: '2026-09-29',
    scope: ['compliance', 'effectiveness'], result: 'passed', reportRef: 'BC-88/2026/HLĐG', reportedDate: '2026-10-14',
  },
  {
    system: 'BHT-HTTT-004', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: H2_2025, performedDate: '2025-11-04',
    scope: ['compliance', 'effectiveness'], result: 'passed', reportRef: 'BC-47/2025/TA', reportedDate: '2025-11-21',
  },
  {
    system: 'BHT-HTTT-004', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: H1_2026, performedDate: '2026-04-14',
    scope: ['compliance', 'effectiveness'], result: 'passed', reportRef: 'BC-14/2026/TA', reportedDate: '2026-04-30',
  },
  {
    system: 'BHT-HTTT-004', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: H2_2026, performedDate: '2026-10-20',
    scope: ['compliance', 'effectiveness'], result: 'passed_with_findings', reportRef: 'BC-48/2026/TA', reportedDate: '2026-11-05',
    findings: [
      {
        title: 'Chưa rà soát định kỳ danh sách người dùng có quyền truy cập tài liệu Tuyệt mật',
        severity: 'medium', requirementId: 'M.HR.2',
        remediationPlan: 'Rà soát danh sách hằng quý, lập biên bản có xác nhận của Chánh Văn phòng Bộ.',
        dueDate: '2026-12-20', status: 'open',
      },
      {
        title: 'Nhật ký in ấn tài liệu chưa được đối soát hằng tháng',
        severity: 'low', requirementId: 'T.SRV.3',
        remediationPlan: 'Đối soát nhật ký in ấn với sổ đăng ký tài liệu mật vào ngày làm việc cuối mỗi tháng.',
        dueDate: '2026-11-30', status: 'fixed', closedDate: '2026-11-16',
        evidenceNote: 'Biên bản đối soát tháng 10/2026 lập ngày 16/11/2026.',
      },
    ],
  },
  // under construction (level 5 proposed): design review before go-live
  {
    system: 'BHT-HTTT-005', assessor: 'NCC-TRUONGAN', kind: 'pre_operation', performedDate: '2026-10-27',
    scope: ['compliance'], result: 'passed_with_findings', reportRef: 'BC-49/2026/TA',
    findings: [
      {
        title: 'Thiết kế chưa tách vùng mạng điều khiển (OT) khỏi vùng quản trị của trạm cập bờ',
        severity: 'high', requirementId: 'D.ZONE.MGMT',
        remediationPlan: 'Điều chỉnh thiết kế kỹ thuật: bổ sung tường lửa công nghiệp và vùng trung gian giữa OT và vùng quản trị.',
        dueDate: '2027-03-31', status: 'open',
      },
      {
        title: 'Thiết kế chưa có phương án thu thập nhật ký thiết bị điều khiển về hệ thống giám sát tập trung',
        severity: 'medium', requirementId: 'D.MEAS.SIEM',
        remediationPlan: 'Bổ sung bộ thu thập nhật ký tại trạm và kết nối về SOC Bộ trong hồ sơ thiết kế.',
        dueDate: '2027-03-31', status: 'open',
      },
    ],
  },
  {
    system: 'BHT-HTTT-006', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2025, performedDate: '2025-06-03',
    scope: ['compliance', 'effectiveness'], result: 'passed', reportRef: 'BC-16/2025/TA', reportedDate: '2025-06-20',
  },
  {
    system: 'BHT-HTTT-006', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2026, performedDate: '2026-06-09',
    scope: ['compliance', 'effectiveness', 'scanning'], testBox: 'white', result: 'passed', reportRef: 'BC-22/2026/TA', reportedDate: '2026-06-26',
  },
  {
    system: 'BHT-HTTT-007', assessor: 'NCC-HL-DG', kind: 'periodic', period: Y2025, performedDate: '2025-07-15',
    scope: ['compliance', 'scanning'], testBox: 'grey', result: 'passed_with_findings', reportRef: 'BC-67/2025/HLĐG', reportedDate: '2025-08-01',
    findings: [
      {
        title: 'Dữ liệu sao lưu trên băng từ chưa được mã hóa',
        severity: 'medium', requirementId: 'T.DAT.3',
        remediationPlan: 'Bật mã hóa trên thư viện băng từ.',
        dueDate: '2025-12-31', status: 'accepted', closedDate: '2025-09-10',
        acceptedReason: 'Băng từ cất trong két tại kho lưu trữ có kiểm soát ra vào; mã hóa khi thay thư viện băng từ năm 2027 (biên bản chấp nhận rủi ro số 12/BB-CĐKS).',
      },
    ],
  },
  {
    system: 'BHT-HTTT-007', assessor: 'NCC-HL-DG', kind: 'periodic', period: Y2026, performedDate: '2026-07-21',
    scope: ['compliance', 'scanning', 'pentest'], testBox: 'grey', result: 'passed_with_findings',
    reportRef: 'BC-74/2026/HLĐG', reportedDate: '2026-08-07',
    findings: [
      {
        title: 'Lỗ hổng SQL Injection tại chức năng tra cứu kết quả đăng kiểm',
        severity: 'critical', requirementId: 'T.APP.6',
        remediationPlan: 'Sửa mã nguồn dùng truy vấn tham số hóa; bổ sung luật WAF trong thời gian chờ bản sửa.',
        dueDate: '2026-08-07', status: 'fixed', closedDate: '2026-08-05',
        evidenceNote: 'Bản sửa phiên bản 3.2.7 triển khai ngày 05/08/2026; kiểm thử lại không còn khai thác được.',
      },
    ],
  },
  {
    system: 'BHT-HTTT-008', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2025, performedDate: '2025-10-07',
    scope: ['compliance', 'effectiveness'], result: 'passed', reportRef: 'BC-35/2025/TA', reportedDate: '2025-10-24',
  },
  {
    system: 'BHT-HTTT-008', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2026, performedDate: '2026-10-13',
    scope: ['compliance', 'scanning', 'pentest'], testBox: 'grey', result: 'passed_with_findings',
    reportRef: 'BC-46/2026/TA', reportedDate: '2026-10-30',
    findings: [
      {
        title: 'Cổng quản trị thiết bị mạng lõi mở ra mạng truyền dẫn của các đơn vị',
        severity: 'critical', requirementId: 'D.ZONE.DEVMGMT',
        remediationPlan: 'Chặn truy cập cổng quản trị ngoài vùng quản trị thiết bị.',
        dueDate: '2026-10-20', status: 'fixed', closedDate: '2026-10-18',
        evidenceNote: 'Cấu hình danh sách kiểm soát truy cập ngày 18/10/2026; Trường An xác nhận lại ngày 19/10/2026.',
      },
      {
        title: 'Thiết bị chuyển mạch lõi chạy phiên bản NX-OS có lỗ hổng CVE-2024-20399',
        severity: 'high', requirementId: 'T.NET.6',
        remediationPlan: 'Nâng cấp NX-OS theo khuyến cáo của hãng trong đợt bảo trì có kế hoạch.',
        dueDate: '2026-11-13', status: 'open',
      },
    ],
  },
  // engaged in 09/2026 after two cycles without an assessment (ASM-01 gap)
  {
    system: 'BHT-HTTT-012', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2026, plannedDate: '2026-12-10',
    scope: ['compliance', 'scanning', 'pentest'], testBox: 'grey', recordedOn: '2026-09-20',
  },
  // assessed in the previous cycle only (ASM-01 due soon)
  {
    system: 'BHT-HTTT-016', assessor: 'NCC-HL-DG', kind: 'periodic', period: Y2025, performedDate: '2025-11-12',
    scope: ['compliance', 'effectiveness'], result: 'passed_with_findings', reportRef: 'BC-101/2025/HLĐG', reportedDate: '2025-11-28',
    findings: [
      {
        title: 'Chưa đồng bộ thời gian (NTP) giữa các bộ thu thập nhật ký và máy chủ SIEM',
        severity: 'low', requirementId: 'T.NET.3',
        remediationPlan: 'Cấu hình tất cả bộ thu thập nhật ký đồng bộ với máy chủ NTP nội bộ.',
        dueDate: '2025-12-31', status: 'fixed', closedDate: '2025-12-05',
        evidenceNote: 'Ảnh chụp cấu hình NTP trên 7 bộ thu thập, ngày 05/12/2025.',
      },
    ],
  },
  // decommissioned 30/06/2024: its last assessment, for the history
  {
    system: 'BHT-HTTT-017', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: ['2022-12-15', '2023-12-14'], performedDate: '2023-10-17',
    scope: ['compliance'], result: 'passed', reportRef: 'BC-33/2023/TA', reportedDate: '2023-11-03',
  },
  // ---- the systems of docs/rules.md §5 ----
  // BS-HTTT-053: last cycle by Trường An (independent); this cycle only by the group's grand-subsidiary
  {
    system: 'BS-HTTT-053', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2025, performedDate: '2025-06-17',
    scope: ['compliance', 'effectiveness'], result: 'passed', reportRef: 'BC-27/2025/TA', reportedDate: '2025-07-02',
  },
  {
    system: 'BS-HTTT-053', assessor: 'NCC-HL-DG-MT', kind: 'periodic', period: Y2026, performedDate: '2026-08-18',
    scope: ['compliance', 'scanning'], testBox: 'grey', result: 'passed', reportRef: 'BC-09/2026/HLMT', reportedDate: '2026-09-04',
  },
  // BHT-HTTT-018: assessed by Trường An before it went live (its gap is the level: LVL-03)
  {
    system: 'BHT-HTTT-018', assessor: 'NCC-TRUONGAN', kind: 'pre_operation', period: Y2026, performedDate: '2026-10-06',
    scope: ['compliance', 'effectiveness', 'scanning'], testBox: 'grey', result: 'passed', reportRef: 'BC-41/2026/TA', reportedDate: '2026-10-12',
  },
  // BHT-HTTT-019: assessed in the 2024 cycle at level 4, nothing in the 2025 cycle, nothing since the raise to 5;
  // the next one is planned for December
  {
    system: 'BHT-HTTT-019', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: Y2024, performedDate: '2024-10-08',
    scope: ['compliance', 'effectiveness'], result: 'passed', reportRef: 'BC-29/2024/TA', reportedDate: '2024-10-25',
  },
  {
    system: 'BHT-HTTT-019', assessor: 'NCC-TRUONGAN', kind: 'periodic', period: H2_2026, plannedDate: '2026-12-07', recordedOn: '2026-11-12',
    scope: ['compliance', 'effectiveness', 'scanning'],
  },
];

// ---------------------------------------------------------------------------------------------------
// Checks and inserts
// ---------------------------------------------------------------------------------------------------

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A yyyy-mm-dd date as the timestamp the app stores (09:00 in Vietnam). */
const stamp = (date: string): string => `${date}T02:00:00.000Z`;

function fail(where: string, message: string): never {
  throw new Error(`demo protection data, ${where}: ${message}`);
}

/** A past (or today's) yyyy-mm-dd date, or undefined. */
function past(where: string, name: string, value: string | undefined | null): void {
  if (value === undefined || value === null) return;
  if (!ISO_DATE.test(value)) fail(where, `${name} is not yyyy-mm-dd: ${value}`);
  if (value > DEMO_TODAY) fail(where, `${name} ${value} is after ${DEMO_TODAY}`);
}

function date(where: string, name: string, value: string | undefined | null): void {
  if (value !== undefined && value !== null && !ISO_DATE.test(value)) fail(where, `${name} is not yyyy-mm-dd: ${value}`);
}

/** The assessor of a performed (or planned) assessment is the one engaged on the system at that time. */
function engagedOn(a: DemoAssessment, on: string): boolean {
  return ENGAGEMENTS.some(
    (e) =>
      e.system === a.system &&
      e.assessor === a.assessor &&
      e.startDate <= on &&
      (e.endDate === null || on <= e.endDate) &&
      (e.revokedAt === undefined || on < e.revokedAt),
  );
}

function checkAssessment(a: DemoAssessment, where: string): void {
  past(where, 'performedDate', a.performedDate);
  past(where, 'reportedDate', a.reportedDate);
  past(where, 'recordedOn', a.recordedOn);
  date(where, 'plannedDate', a.plannedDate);
  if (a.performedDate === undefined && a.plannedDate === undefined) fail(where, 'neither planned nor performed');
  if ((a.performedDate === undefined) !== (a.result === undefined)) fail(where, 'a result goes with a performed date');
  if (a.reportedDate !== undefined && (a.performedDate === undefined || a.reportedDate < a.performedDate)) fail(where, 'reported before performed');
  if (a.testBox !== undefined && !a.scope.includes('scanning') && !a.scope.includes('pentest')) fail(where, 'a test box needs scanning or pentest');
  if (a.period !== undefined && a.period[1] < a.period[0]) fail(where, 'period ends before it starts');
  const on = a.performedDate ?? a.plannedDate ?? '';
  if (!a.notEngaged && !engagedOn(a, on)) fail(where, `${a.assessor} is not engaged on ${on}`);
  if (a.findings?.length && a.performedDate === undefined) fail(where, 'findings on an assessment not performed');
  for (const f of a.findings ?? []) {
    const fw = `${where}, finding "${f.title}"`;
    date(fw, 'dueDate', f.dueDate);
    past(fw, 'closedDate', f.closedDate);
    const closed = f.status === 'fixed' || f.status === 'accepted';
    if (closed !== (f.closedDate !== undefined)) fail(fw, 'a closed date goes with fixed or accepted only');
    if (closed && a.performedDate !== undefined && f.closedDate !== undefined && f.closedDate < a.performedDate) fail(fw, 'closed before found');
    if ((f.status === 'accepted') !== (f.acceptedReason !== undefined)) fail(fw, 'an accepted reason goes with accepted only');
    if ((f.status === 'fixed') !== (f.evidenceNote !== undefined)) fail(fw, 'evidence goes with fixed only');
  }
}

/**
 * Inserts the demo protection data into the transaction of seedDemo: provider details, the four layers,
 * assessments and findings. Synchronous; throws (rolling the transaction back) on inconsistent data.
 */
export function seedProtection(tx: SeedTx, ids: DemoIds): ProtectionSeedCounts {
  const org = (code: string, where: string): number => ids.organisations.get(code) ?? fail(where, `unknown organisation ${code}`);
  const sys = (code: string, where: string): number => ids.systems.get(code) ?? fail(where, `unknown system ${code}`);
  const user = (username: string): number | null => ids.users.get(username) ?? null;
  const counts: ProtectionSeedCounts = { providers: 0, layer1: 0, layer2: 0, engagements: 0, layer4: 0, assessments: 0, findings: 0 };

  for (const [code, { keptBy, ...p }] of Object.entries(PROVIDERS)) {
    date(code, 'licenceIssued', p.licenceIssued);
    date(code, 'licenceExpires', p.licenceExpires);
    if (!/^\d{10}$/.test(p.taxCode)) fail(code, 'a tax code has 10 digits');
    tx.update(organisations).set({ ...p, managedBy: org(keptBy, code) }).where(eq(organisations.id, org(code, code))).run();
    counts.providers += 1;
  }

  for (const l of LAYER1) {
    const where = `layer 1 of ${l.system}`;
    past(where, 'decisionDate', l.decisionDate);
    tx.insert(layer1Designations)
      .values({
        systemId: sys(l.system, where),
        securityUnitId: org(l.securityUnit, where),
        decisionNumber: l.decisionNumber,
        decisionDate: l.decisionDate,
        createdAt: stamp(l.decisionDate),
        updatedAt: stamp(l.decisionDate),
      })
      .run();
    counts.layer1 += 1;
  }

  for (const l of LAYER2) {
    const where = `layer 2 of ${l.system}`;
    date(where, 'startDate', l.startDate);
    date(where, 'endDate', l.endDate);
    past(where, 'focalPointNotified', l.focalPointNotified);
    if ((l.mode === 'provider') !== (l.provider !== undefined)) fail(where, 'a provider goes with mode provider only');
    if (l.startDate !== undefined && l.endDate !== undefined && l.endDate < l.startDate) fail(where, 'ends before it starts');
    const recorded = l.startDate !== undefined && l.startDate < DEMO_TODAY ? l.startDate : '2026-11-16';
    tx.insert(layer2Monitoring)
      .values({
        systemId: sys(l.system, where),
        mode: l.mode,
        providerId: l.provider === undefined ? null : org(l.provider, where),
        contractNumber: l.contractNumber ?? null,
        startDate: l.startDate ?? null,
        endDate: l.endDate ?? null,
        socName: l.socName,
        focalPointNotified: l.focalPointNotified ?? null,
        createdAt: stamp(recorded),
        updatedAt: stamp(recorded),
      })
      .run();
    counts.layer2 += 1;
  }

  for (const e of ENGAGEMENTS) {
    const where = `engagement of ${e.assessor} on ${e.system}`;
    past(where, 'startDate', e.startDate);
    date(where, 'endDate', e.endDate);
    past(where, 'revokedAt', e.revokedAt);
    if (e.endDate !== null && e.endDate < e.startDate) fail(where, 'ends before it starts');
    tx.insert(engagements)
      .values({
        systemId: sys(e.system, where),
        assessorKind: e.kind,
        assessorId: org(e.assessor, where),
        contractNumber: e.contractNumber,
        startDate: e.startDate,
        endDate: e.endDate,
        revokedAt: e.revokedAt ?? null,
        createdAt: stamp(e.startDate),
        updatedAt: stamp(e.revokedAt ?? e.startDate),
      })
      .run();
    counts.engagements += 1;
  }

  for (const l of LAYER4) {
    const where = `layer 4 of ${l.system}`;
    past(where, 'connectionDate', l.connectionDate);
    if ((l.status === 'connected') !== (l.connectionDate !== undefined)) fail(where, 'a connection date goes with connected only');
    const recorded = l.connectionDate ?? '2026-11-16';
    tx.insert(layer4Connections)
      .values({
        systemId: sys(l.system, where),
        centre: l.centre,
        status: l.status,
        connectionDate: l.connectionDate ?? null,
        createdAt: stamp(recorded),
        updatedAt: stamp(recorded),
      })
      .run();
    counts.layer4 += 1;
  }

  for (const a of ASSESSMENTS) {
    const where = `assessment of ${a.system} by ${a.assessor} (${a.performedDate ?? `planned ${a.plannedDate ?? '?'}`})`;
    checkAssessment(a, where);
    const systemId = sys(a.system, where);
    // an assessor's own auditor records Trường An's work; the side's admin records the rest
    const author = a.assessor === 'NCC-TRUONGAN' ? 'auditor' : a.system.startsWith('BHT-') ? 'admin.bo' : 'admin';
    const created = a.performedDate ?? a.recordedOn ?? fail(where, 'a planned assessment needs recordedOn');
    const updated = a.reportedDate ?? created;
    const row = tx
      .insert(assessments)
      .values({
        systemId,
        assessorId: org(a.assessor, where),
        kind: a.kind,
        periodFrom: a.period?.[0] ?? null,
        periodTo: a.period?.[1] ?? null,
        plannedDate: a.plannedDate ?? null,
        performedDate: a.performedDate ?? null,
        scopeCompliance: a.scope.includes('compliance'),
        scopeEffectiveness: a.scope.includes('effectiveness'),
        scopeScanning: a.scope.includes('scanning'),
        scopePentest: a.scope.includes('pentest'),
        testBox: a.testBox ?? null,
        result: a.result ?? null,
        reportRef: a.reportRef ?? null,
        reportedDate: a.reportedDate ?? null,
        createdBy: user(author),
        createdAt: stamp(created),
        updatedAt: stamp(updated),
      })
      .returning({ id: assessments.id })
      .get();
    counts.assessments += 1;

    for (const f of a.findings ?? []) {
      tx.insert(findings)
        .values({
          assessmentId: row.id,
          systemId,
          title: f.title,
          severity: f.severity,
          requirementId: f.requirementId ?? null,
          remediationPlan: f.remediationPlan,
          dueDate: f.dueDate,
          status: f.status,
          acceptedReason: f.acceptedReason ?? null,
          closedDate: f.closedDate ?? null,
          evidenceNote: f.evidenceNote ?? null,
          createdAt: stamp(created),
          updatedAt: stamp(f.closedDate ?? created),
        })
        .run();
      counts.findings += 1;
    }
  }

  return counts;
}
