// Demo data of the people side, as of 24/11/2026: the people who administer and operate the demo systems
// (operators), their assignments, certificates and knowledge updates (HR-01…HR-03), the incident-response
// drills of organisations and systems (DRL-01) and the IT budgets with their security spending (BUD-01).
// Inserted by seeds/demo.ts inside its single transaction, after seedProtection.
//
// Level 3–5 systems in operation: province BS-HTTT-001, -005, -006, -009, -012, -019, -020, -021, -023,
// -026, -031, -035; ministry BHT-HTTT-001…004, -006, -007, -008, -012, -016.
//
// Deliberate gaps a reviewer should find (as of 24/11/2026):
//   HR-01  BS-HTTT-021 (level 4): the only certified operator's in-depth certificate was revoked on
//          17/11/2026; the other operator holds only an ISA/IEC 62443 and a vendor SCADA certificate.
//          BS-HTTT-019 (level 3): both operators hold only international certificates (CEH, ISO/IEC 27001 LA).
//          BS-HTTT-026 (level 3): its only operator left on 16/10/2026; nobody assigned since.
//   HR-02  gap: BS-HTTT-012 — an operator's in-depth certificate expired on 28/09/2026 (HR-01 still met
//          by the head of IT). due_soon: BHT-HTTT-007 — an administrator's certificate expires on 07/01/2027.
//   HR-03  gap: BS-HTTT-005 (its administrator's last update was on 12/09/2025), BHT-HTTT-003 (its
//          administrator has no update recorded at all). due_soon: BHT-HTTT-016 (last update 05/12/2025).
//   DRL-01 organisations: BS-SXD (last drill 14/10/2025, overdue since 14/10/2026), BS-XTL (never);
//          due_soon: BS-SGDDT (last drill 10/12/2025). Systems (levels 4–5): BHT-HTTT-008 (last system
//          drill 18/06/2025); every other level 4–5 system in operation drilled in the last 12 months.
//   BUD-01 BS-SYT 2026 at 6 % (organisation); BS-HTTT-013 2026 at 8 % (EMR project); BS-SNNMT 2026 at
//          exactly 10 % (ok).
// Also shown: a suspended certificate (BS-HTTT-001, HR-01 still met by two others), a certificate voided
// as entered on the wrong person's record (Đặng Minh Quân's page), expired MIC
// certificates renewed with the Ministry of Public Security, assignments ended on decommissioned systems.
// Fully ok on HR-01…HR-03: BS-HTTT-001, -006, -009, -020, -023, -031, -035, BHT-HTTT-001, -002, -004,
// -006, -008, -012.
import {
  budgets,
  certificates,
  drills,
  knowledgeUpdates,
  operatorAssignments,
  operators,
  type ASSIGNMENT_ROLES,
  type CERTIFICATE_KINDS,
  type CERTIFICATE_RECORD_STATUSES,
  type DRILL_KINDS,
} from '../src/db/schema/people.js';
import { fold } from '../src/i18n/format.js';
import { DEMO_ORGANISATIONS, DEMO_SYSTEMS, MINISTRY_ROOT_CODE, PROVINCE_ROOT_CODE } from './demo-data.js';
import { DEMO_TODAY, type DemoIds, type SeedTx } from './demo-protection.js';

export interface PeopleSeedCounts {
  operators: number;
  assignments: number;
  certificates: number;
  knowledgeUpdates: number;
  drills: number;
  budgets: number;
}

type Role = (typeof ASSIGNMENT_ROLES)[number];
type CertificateKind = (typeof CERTIFICATE_KINDS)[number];
type CertificateStatus = (typeof CERTIFICATE_RECORD_STATUSES)[number];
type DrillKind = (typeof DRILL_KINDS)[number];

interface DemoAssignment {
  system: string;
  role: Role;
  from: string;
  to?: string;
}

interface DemoCertificate {
  kind: CertificateKind;
  name: string;
  number: string;
  issuer: string;
  issueDate: string;
  expiryDate: string | null;
  status?: CertificateStatus;
  statusDate?: string;
  statusReason?: string;
}

interface DemoUpdate {
  date: string;
  programme: string;
  hours: number;
  organiser: string;
}

interface DemoOperator {
  fullName: string;
  organisation: string;
  position: string;
  email: string;
  phone: string;
  /** CCCD, 12 digits; recorded for some people only */
  nationalId?: string;
  assignments: DemoAssignment[];
  certificates: DemoCertificate[];
  updates: DemoUpdate[];
}

const assign = (system: string, role: Role, from: string, to?: string): DemoAssignment => (to === undefined ? { system, role, from } : { system, role, from, to });

// ---------------------------------------------------------------------------------------------------
// Certificates
// ---------------------------------------------------------------------------------------------------

const IN_DEPTH = 'Chứng nhận bồi dưỡng kiến thức, kỹ năng chuyên sâu về an toàn, an ninh mạng';
/** Issues the in-depth certificates since the reorganisation of 1/3/2025 (numbers ANM-yyyy-nnnnn). */
const ISSUER_BCA = 'Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao – Bộ Công an';
/** Issued them before 1/3/2025 (numbers ATTT-yyyy-nnnnn). */
const ISSUER_MIC = 'Cục An toàn thông tin – Bộ Thông tin và Truyền thông';
const BCA_FROM = '2025-03-01';

/** A national in-depth certificate; the issuer follows from the number (ANM- Bộ Công an, ATTT- Bộ TT&TT). */
function inDepth(number: string, issueDate: string, expiryDate: string, change?: Pick<DemoCertificate, 'status' | 'statusDate' | 'statusReason'>): DemoCertificate {
  return { kind: 'national_in_depth', name: IN_DEPTH, number, issuer: number.startsWith('ANM-') ? ISSUER_BCA : ISSUER_MIC, issueDate, expiryDate, ...change };
}

const cissp = (number: string, issueDate: string, expiryDate: string): DemoCertificate => ({
  kind: 'international', name: 'CISSP – Certified Information Systems Security Professional', number, issuer: 'ISC2 (International Information System Security Certification Consortium)', issueDate, expiryDate,
});
const cism = (number: string, issueDate: string, expiryDate: string): DemoCertificate => ({
  kind: 'international', name: 'CISM – Certified Information Security Manager', number, issuer: 'ISACA', issueDate, expiryDate,
});
const ceh = (number: string, issueDate: string, expiryDate: string): DemoCertificate => ({
  kind: 'international', name: 'CEH – Certified Ethical Hacker', number, issuer: 'EC-Council', issueDate, expiryDate,
});
const oscp = (number: string, issueDate: string): DemoCertificate => ({
  kind: 'international', name: 'OSCP – Offensive Security Certified Professional', number, issuer: 'OffSec (Offensive Security)', issueDate, expiryDate: null,
});
const iso27001La = (number: string, issueDate: string): DemoCertificate => ({
  kind: 'international', name: 'ISO/IEC 27001:2022 Lead Auditor', number, issuer: 'BSI Group (khóa đào tạo được CQI và IRCA công nhận)', issueDate, expiryDate: null,
});
const other = (name: string, number: string, issuer: string, issueDate: string, expiryDate: string | null = null): DemoCertificate => ({
  kind: 'other', name, number, issuer, issueDate, expiryDate,
});

// ---------------------------------------------------------------------------------------------------
// Knowledge updates (bồi dưỡng, cập nhật kiến thức)
// ---------------------------------------------------------------------------------------------------

type Programme = Omit<DemoUpdate, 'date'>;
const SKHCN = 'Sở Khoa học và Công nghệ tỉnh Bình Sơn';
const CUC_ATHTS = 'Cục An toàn hệ thống số – Bộ Hạ tầng và Dữ liệu số';

const P = {
  bs2025: { programme: 'Bồi dưỡng cập nhật kiến thức an toàn thông tin năm 2025', hours: 24, organiser: SKHCN },
  bs2026: { programme: 'Bồi dưỡng cập nhật kiến thức an toàn thông tin năm 2026', hours: 24, organiser: SKHCN },
  anm2026: {
    programme: 'Cập nhật kiến thức, kỹ năng chuyên sâu về an ninh mạng theo Luật An ninh mạng năm 2025',
    hours: 40,
    organiser: ISSUER_BCA,
  },
  nd331Bs: {
    programme: 'Tập huấn triển khai Nghị định 331/2026/NĐ-CP và TCVN 14423:2026 về bảo vệ hệ thống thông tin theo cấp độ',
    hours: 8,
    organiser: SKHCN,
  },
  nd331Bo: {
    programme: 'Tập huấn triển khai Nghị định 331/2026/NĐ-CP và TCVN 14423:2026 về bảo vệ hệ thống thông tin theo cấp độ',
    hours: 8,
    organiser: CUC_ATHTS,
  },
  bo2025: { programme: 'Bồi dưỡng cập nhật kiến thức an toàn hệ thống số năm 2025', hours: 32, organiser: CUC_ATHTS },
  bo2026: { programme: 'Bồi dưỡng cập nhật kiến thức an toàn hệ thống số năm 2026', hours: 32, organiser: CUC_ATHTS },
  soc: {
    programme: 'Bồi dưỡng kỹ năng giám sát, phát hiện và ứng cứu sự cố an toàn thông tin mạng',
    hours: 40,
    organiser: 'Trung tâm Giám sát an toàn không gian mạng quốc gia',
  },
  ics: {
    programme: 'Bảo đảm an toàn hệ thống điều khiển công nghiệp (ICS/SCADA) trong lĩnh vực thủy lợi',
    hours: 16,
    organiser: 'Hiệp hội An ninh mạng quốc gia',
  },
  commune: {
    programme: 'Bồi dưỡng kỹ năng số và an toàn thông tin cho cán bộ, công chức cấp xã năm 2026',
    hours: 16,
    organiser: SKHCN,
  },
  health: {
    programme: 'An toàn thông tin và bảo vệ dữ liệu cá nhân trong hệ thống thông tin y tế',
    hours: 16,
    organiser: 'Cục Khoa học công nghệ và Đào tạo – Bộ Y tế',
  },
} as const satisfies Record<string, Programme>;

const up = (p: Programme, date: string): DemoUpdate => ({ ...p, date });

// ---------------------------------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------------------------------

const OPERATORS: readonly DemoOperator[] = [
  // ---- Trung tâm Chuyển đổi số tỉnh (BS-TTCDS) ----
  {
    fullName: 'Nguyễn Văn Hậu',
    organisation: 'BS-TTCDS',
    position: 'Trưởng phòng Hạ tầng và An toàn thông tin',
    email: 'haunv@binhson.gov.vn',
    phone: '0905 214 368',
    nationalId: '051084002317',
    assignments: [assign('BS-HTTT-006', 'security', '2021-06-01'), assign('BS-HTTT-001', 'security', '2022-05-03'), assign('BS-HTTT-035', 'security', '2023-01-03')],
    certificates: [
      inDepth('ATTT-2021-00418', '2021-08-20', '2024-08-19'),
      inDepth('ANM-2025-01234', '2025-08-15', '2028-08-14'),
      cissp('812457', '2023-04-10', '2026-12-31'),
    ],
    updates: [up(P.bs2025, '2025-09-12'), up(P.anm2026, '2026-05-22'), up(P.nd331Bs, '2026-09-17')],
  },
  {
    fullName: 'Trần Thị Thanh Hương',
    organisation: 'BS-TTCDS',
    position: 'Chuyên viên quản trị hệ thống',
    email: 'huongttt@binhson.gov.vn',
    phone: '0914 386 027',
    nationalId: '051189004582',
    assignments: [assign('BS-HTTT-001', 'administrator', '2020-03-16'), assign('BS-HTTT-032', 'administrator', '2022-02-07'), assign('BS-HTTT-053', 'administrator', '2021-10-01')],
    certificates: [inDepth('ANM-2025-01587', '2025-11-20', '2028-11-19')],
    updates: [up(P.bs2026, '2026-06-12'), up(P.nd331Bs, '2026-09-17')],
  },
  {
    // HR-03 gap on BS-HTTT-005: last update on 12/09/2025
    fullName: 'Lê Minh Tuấn',
    organisation: 'BS-TTCDS',
    position: 'Chuyên viên quản trị cơ sở dữ liệu',
    email: 'tuanlm@binhson.gov.vn',
    phone: '0935 702 419',
    assignments: [assign('BS-HTTT-005', 'administrator', '2020-09-01'), assign('BS-HTTT-032', 'operator', '2022-02-07')],
    certificates: [inDepth('ATTT-2024-00342', '2024-05-20', '2027-05-19')],
    updates: [up(P.bs2025, '2025-09-12')],
  },
  {
    fullName: 'Phạm Quang Huy',
    organisation: 'BS-TTCDS',
    position: 'Chuyên viên an toàn thông tin',
    email: 'huypq@binhson.gov.vn',
    phone: '0982 155 603',
    nationalId: '051092001846',
    assignments: [
      assign('BS-HTTT-006', 'administrator', '2021-06-01'),
      assign('BS-HTTT-005', 'security', '2022-03-01'),
      assign('BS-HTTT-036', 'administrator', '2026-03-02'),
    ],
    certificates: [inDepth('ANM-2026-00418', '2026-04-10', '2029-04-09'), ceh('ECC4619782035', '2024-11-08', '2027-11-07')],
    updates: [up(P.anm2026, '2026-05-22'), up(P.bs2026, '2026-06-12')],
  },
  {
    fullName: 'Võ Thị Ngọc Ánh',
    organisation: 'BS-TTCDS',
    position: 'Chuyên viên vận hành hệ thống',
    email: 'anhvtn@binhson.gov.vn',
    phone: '0976 340 812',
    assignments: [assign('BS-HTTT-004', 'administrator', '2019-08-01'), assign('BS-HTTT-035', 'administrator', '2023-01-03')],
    certificates: [inDepth('ANM-2025-02210', '2025-12-05', '2028-12-04')],
    updates: [up(P.bs2026, '2026-06-12'), up(P.nd331Bs, '2026-09-17')],
  },
  {
    fullName: 'Đặng Minh Quân',
    organisation: 'BS-TTCDS',
    position: 'Kỹ sư vận hành trung tâm dữ liệu',
    email: 'quandm@binhson.gov.vn',
    phone: '0918 627 450',
    assignments: [assign('BS-HTTT-006', 'operator', '2021-06-01'), assign('BS-HTTT-036', 'operator', '2026-03-02')],
    certificates: [
      other('VMware Certified Professional – Data Center Virtualization (VCP-DCV)', 'VMW-02918476', 'Broadcom (VMware)', '2023-07-14'),
      // entered on his record by mistake (it is Huỳnh Thị Mỹ Linh's), then voided: it never counted
      inDepth('ANM-2025-00936', '2025-07-04', '2028-07-03', {
        status: 'void',
        statusDate: '2026-09-02',
        statusReason: 'Nhập nhầm: đây là chứng nhận của bà Huỳnh Thị Mỹ Linh, đã ghi đúng vào hồ sơ của bà',
      }),
    ],
    updates: [up(P.bs2026, '2026-06-12')],
  },
  {
    // a suspended certificate: HR-01 on BS-HTTT-001 is still met by two others
    fullName: 'Huỳnh Thị Mỹ Linh',
    organisation: 'BS-TTCDS',
    position: 'Chuyên viên quản trị hệ thống',
    email: 'linhhtm@binhson.gov.vn',
    phone: '0868 213 945',
    assignments: [assign('BS-HTTT-001', 'operator', '2024-02-01')],
    certificates: [
      inDepth('ANM-2025-00936', '2025-07-04', '2028-07-03', {
        status: 'suspended',
        statusDate: '2026-08-20',
        statusReason: 'Tạm đình chỉ hiệu lực theo Công văn số 2156/ANM-P2 ngày 20/8/2026 trong thời gian xác minh việc để lộ tài khoản quản trị',
      }),
    ],
    updates: [up(P.bs2026, '2026-06-12')],
  },

  // ---- Sở Khoa học và Công nghệ (BS-SKHCN), the province's security unit ----
  {
    fullName: 'Nguyễn Thị Hồng Nhung',
    organisation: 'BS-SKHCN',
    position: 'Trưởng phòng An toàn thông tin',
    email: 'nhungnth@binhson.gov.vn',
    phone: '0903 518 274',
    nationalId: '051183000925',
    assignments: [assign('BS-HTTT-031', 'security', '2025-03-18'), assign('BS-HTTT-009', 'security', '2026-10-15')],
    certificates: [inDepth('ANM-2025-00871', '2025-06-20', '2028-06-19'), cism('2318845', '2022-10-03', '2028-01-31')],
    updates: [up(P.anm2026, '2026-05-22'), up(P.nd331Bs, '2026-09-17')],
  },
  {
    fullName: 'Lê Hoàng Phúc',
    organisation: 'BS-SKHCN',
    position: 'Chuyên viên giám sát an toàn thông tin (SOC)',
    email: 'phuclh@binhson.gov.vn',
    phone: '0937 460 198',
    assignments: [
      assign('BS-HTTT-011', 'administrator', '2019-07-01', '2025-03-31'),
      assign('BS-HTTT-010', 'administrator', '2020-04-01'),
      assign('BS-HTTT-009', 'administrator', '2026-10-15'),
    ],
    certificates: [inDepth('ANM-2026-00152', '2026-03-12', '2029-03-11'), oscp('OS-101-48213', '2022-08-26')],
    updates: [up(P.soc, '2026-03-27'), up(P.bs2026, '2026-06-12')],
  },
  {
    fullName: 'Bùi Văn Toàn',
    organisation: 'BS-SKHCN',
    position: 'Chuyên viên ứng cứu sự cố an toàn thông tin',
    email: 'toanbv@binhson.gov.vn',
    phone: '0962 073 551',
    assignments: [assign('BS-HTTT-009', 'operator', '2026-10-15')],
    certificates: [
      other(
        'Chứng nhận hoàn thành khóa đào tạo vận hành Trung tâm giám sát an toàn thông tin (SOC)',
        'SV-SOC-2026-0117',
        'Công ty Cổ phần Giám sát An ninh mạng Sao Việt',
        '2026-10-09',
      ),
    ],
    updates: [up(P.soc, '2026-03-27')],
  },

  // ---- Văn phòng UBND tỉnh (BS-VPUB) ----
  {
    fullName: 'Lê Văn Thịnh',
    organisation: 'BS-VPUB',
    position: 'Trưởng phòng Quản trị – Công nghệ thông tin',
    email: 'thinhlv@binhson.gov.vn',
    phone: '0905 861 302',
    nationalId: '051080003164',
    assignments: [assign('BS-HTTT-003', 'administrator', '2019-07-01'), assign('BS-HTTT-031', 'administrator', '2020-01-02')],
    certificates: [inDepth('ATTT-2020-01215', '2020-11-27', '2023-11-26'), inDepth('ANM-2025-01102', '2025-07-25', '2028-07-24')],
    updates: [up(P.anm2026, '2026-05-22'), up(P.nd331Bs, '2026-09-17')],
  },
  {
    fullName: 'Nguyễn Thị Phương',
    organisation: 'BS-VPUB',
    position: 'Chuyên viên quản trị mạng',
    email: 'phuongnt@binhson.gov.vn',
    phone: '0914 932 076',
    assignments: [
      assign('BS-HTTT-007', 'administrator', '2020-07-01'),
      assign('BS-HTTT-008', 'administrator', '2021-03-01'),
      assign('BS-HTTT-031', 'operator', '2022-04-01'),
    ],
    certificates: [inDepth('ATTT-2024-00981', '2024-10-15', '2027-10-14')],
    updates: [up(P.bs2026, '2026-06-12')],
  },
  {
    fullName: 'Trương Công Danh',
    organisation: 'BS-VPUB',
    position: 'Chuyên viên công nghệ thông tin',
    email: 'danhtc@binhson.gov.vn',
    phone: '0947 250 663',
    assignments: [assign('BS-HTTT-002', 'administrator', '2019-10-01'), assign('BS-HTTT-037', 'operator', '2023-03-01')],
    certificates: [],
    updates: [up(P.bs2026, '2026-06-12')],
  },

  // ---- Bệnh viện Đa khoa tỉnh (BS-BVDK) ----
  {
    fullName: 'Phan Văn Khải',
    organisation: 'BS-BVDK',
    position: 'Trưởng phòng Công nghệ thông tin',
    email: 'khaipv@binhson.gov.vn',
    phone: '0905 377 841',
    nationalId: '051086005230',
    assignments: [assign('BS-HTTT-012', 'administrator', '2021-08-02'), assign('BS-HTTT-013', 'administrator', '2025-06-02')],
    certificates: [inDepth('ANM-2025-01876', '2025-10-10', '2028-10-09')],
    updates: [up(P.health, '2026-04-17'), up(P.bs2026, '2026-06-12')],
  },
  {
    // HR-02 gap on BS-HTTT-012: in-depth certificate expired on 28/09/2026, not renewed
    fullName: 'Đoàn Thị Kim Yến',
    organisation: 'BS-BVDK',
    position: 'Kỹ sư quản trị hệ thống HIS',
    email: 'yendtk@binhson.gov.vn',
    phone: '0935 184 720',
    assignments: [assign('BS-HTTT-012', 'operator', '2021-08-02'), assign('BS-HTTT-014', 'administrator', '2025-12-01')],
    certificates: [inDepth('ATTT-2023-00765', '2023-09-29', '2026-09-28')],
    updates: [up(P.health, '2026-04-17')],
  },
  {
    fullName: 'Nguyễn Hữu Lộc',
    organisation: 'BS-BVDK',
    position: 'Kỹ thuật viên mạng',
    email: 'locnh@binhson.gov.vn',
    phone: '0974 605 338',
    assignments: [assign('BS-HTTT-014', 'operator', '2025-12-01')],
    certificates: [],
    updates: [up(P.health, '2026-04-17')],
  },

  // ---- Sở Tài chính (BS-STC) ----
  {
    fullName: 'Hoàng Thị Thu Trang',
    organisation: 'BS-STC',
    position: 'Chuyên viên phụ trách công nghệ thông tin',
    email: 'tranghtt@binhson.gov.vn',
    phone: '0912 047 596',
    assignments: [
      assign('BS-HTTT-039', 'administrator', '2020-06-01', '2025-09-30'),
      assign('BS-HTTT-016', 'administrator', '2020-11-02'),
      assign('BS-HTTT-017', 'administrator', '2021-04-01'),
    ],
    certificates: [other('Chứng chỉ ứng dụng công nghệ thông tin nâng cao', 'CNTT-NC-2019-03412', 'Trường Đại học Bình Sơn', '2019-05-18')],
    updates: [up(P.bs2026, '2026-06-12')],
  },

  // ---- Sở Giáo dục và Đào tạo (BS-SGDDT) ----
  {
    // HR-01 gap on BS-HTTT-019: international certificates only
    fullName: 'Đinh Quốc Bảo',
    organisation: 'BS-SGDDT',
    position: 'Chuyên viên quản trị hệ thống',
    email: 'baodq@binhson.gov.vn',
    phone: '0983 721 460',
    nationalId: '051091007712',
    assignments: [assign('BS-HTTT-018', 'administrator', '2022-09-05'), assign('BS-HTTT-019', 'administrator', '2023-05-15')],
    certificates: [ceh('ECC2846193057', '2024-06-14', '2027-06-13')],
    updates: [up(P.bs2026, '2026-06-12')],
  },
  {
    // HR-01 gap on BS-HTTT-019: international certificates only
    fullName: 'Mai Thị Hồng Vân',
    organisation: 'BS-SGDDT',
    position: 'Chuyên viên Văn phòng Sở, phụ trách an toàn thông tin',
    email: 'vanmth@binhson.gov.vn',
    phone: '0916 538 204',
    assignments: [assign('BS-HTTT-019', 'security', '2024-09-03')],
    certificates: [iso27001La('ENR-00735418', '2025-03-21')],
    updates: [up(P.bs2026, '2026-06-12'), up(P.nd331Bs, '2026-09-17')],
  },

  // ---- Sở Nông nghiệp và Môi trường (BS-SNNMT) ----
  {
    // HR-01 gap on BS-HTTT-021: the only certified operator, certificate revoked on 17/11/2026
    fullName: 'Trần Đức Mạnh',
    organisation: 'BS-SNNMT',
    position: 'Kỹ sư điều khiển tự động, phụ trách hệ thống SCADA',
    email: 'manhtd@binhson.gov.vn',
    phone: '0905 640 917',
    nationalId: '051087006048',
    assignments: [assign('BS-HTTT-021', 'administrator', '2021-10-01')],
    certificates: [
      inDepth('ANM-2025-00644', '2025-05-30', '2028-05-29', {
        status: 'revoked',
        statusDate: '2026-11-17',
        statusReason: 'Thu hồi theo Quyết định số 1127/QĐ-ANM-P5 ngày 17/11/2026: kết quả kiểm tra cuối khóa bị hủy do vi phạm quy chế kiểm tra',
      }),
      other('Chứng nhận đào tạo vận hành hệ thống SCADA SIMATIC WinCC', 'SIE-WCC-2021-0588', 'Siemens Việt Nam', '2021-09-17'),
    ],
    updates: [up(P.ics, '2026-08-14')],
  },
  {
    fullName: 'Lý Văn Cường',
    organisation: 'BS-SNNMT',
    position: 'Kỹ thuật viên vận hành SCADA',
    email: 'cuonglv@binhson.gov.vn',
    phone: '0967 418 235',
    assignments: [assign('BS-HTTT-021', 'operator', '2022-01-10'), assign('BS-HTTT-020', 'operator', '2022-11-01')],
    certificates: [
      {
        kind: 'international',
        name: 'ISA/IEC 62443 Cybersecurity Fundamentals Specialist',
        number: 'ISA-191845',
        issuer: 'ISA (International Society of Automation)',
        issueDate: '2024-04-26',
        expiryDate: '2027-04-25',
      },
      other('Chứng nhận đào tạo vận hành hệ thống SCADA SIMATIC WinCC', 'SIE-WCC-2022-0131', 'Siemens Việt Nam', '2022-02-25'),
    ],
    updates: [up(P.ics, '2026-08-14')],
  },
  {
    fullName: 'Nguyễn Thị Thu Thảo',
    organisation: 'BS-SNNMT',
    position: 'Chuyên viên quản trị hệ thống',
    email: 'thaontt@binhson.gov.vn',
    phone: '0918 306 472',
    assignments: [
      assign('BS-HTTT-022', 'administrator', '2020-12-01'),
      assign('BS-HTTT-023', 'administrator', '2022-06-01'),
      assign('BS-HTTT-020', 'administrator', '2022-11-01'),
      assign('BS-HTTT-038', 'administrator', '2026-09-15'),
    ],
    certificates: [inDepth('ANM-2025-01950', '2025-10-24', '2028-10-23')],
    updates: [up(P.bs2026, '2026-06-12'), up(P.ics, '2026-08-14')],
  },
  {
    fullName: 'Võ Minh Triết',
    organisation: 'BS-SNNMT',
    position: 'Chuyên viên quản lý cơ sở dữ liệu đất đai',
    email: 'trietvm@binhson.gov.vn',
    phone: '0945 812 609',
    assignments: [assign('BS-HTTT-023', 'operator', '2022-06-01')],
    certificates: [inDepth('ANM-2026-00587', '2026-06-26', '2029-06-25')],
    updates: [up(P.bs2026, '2026-06-12')],
  },

  // ---- Sở Xây dựng (BS-SXD) ----
  {
    // HR-01 gap on BS-HTTT-026: left on 16/10/2026 (transferred), nobody assigned since
    fullName: 'Lâm Quốc Việt',
    organisation: 'BS-SXD',
    position: 'Chuyên viên công nghệ thông tin',
    email: 'vietlq@binhson.gov.vn',
    phone: '0908 273 154',
    assignments: [assign('BS-HTTT-026', 'administrator', '2024-03-01', '2026-10-16'), assign('BS-HTTT-024', 'administrator', '2024-09-02', '2026-10-16')],
    certificates: [inDepth('ANM-2025-01433', '2025-09-05', '2028-09-04')],
    updates: [up(P.bs2026, '2026-06-12')],
  },
  {
    fullName: 'Phan Thị Ngọc Diệp',
    organisation: 'BS-SXD',
    position: 'Chuyên viên Phòng Hạ tầng kỹ thuật và Giao thông',
    email: 'diepptn@binhson.gov.vn',
    phone: '0939 567 021',
    assignments: [assign('BS-HTTT-024', 'operator', '2024-09-02'), assign('BS-HTTT-025', 'administrator', '2026-11-02')],
    certificates: [],
    updates: [up(P.bs2026, '2026-06-12')],
  },

  // ---- Sở Nội vụ (BS-SNV) ----
  {
    fullName: 'Vũ Thị Hạnh',
    organisation: 'BS-SNV',
    position: 'Chuyên viên quản trị hệ thống',
    email: 'hanhvt@binhson.gov.vn',
    phone: '0915 742 380',
    assignments: [assign('BS-HTTT-030', 'administrator', '2020-10-01'), assign('BS-HTTT-033', 'administrator', '2022-10-03')],
    certificates: [
      other('Chứng nhận bồi dưỡng kiến thức an toàn thông tin cơ bản', 'STTTT-BS-2022-0214', 'Sở Thông tin và Truyền thông tỉnh Bình Sơn', '2022-11-25'),
    ],
    updates: [up(P.bs2026, '2026-06-12')],
  },

  // ---- Ủy ban nhân dân xã Tân Lập (BS-XTL) ----
  {
    fullName: 'Hà Văn Sáng',
    organisation: 'BS-XTL',
    position: 'Công chức Văn hóa – Xã hội, phụ trách công nghệ thông tin',
    email: 'sanghv@binhson.gov.vn',
    phone: '0979 136 842',
    assignments: [assign('BS-HTTT-029', 'administrator', '2025-07-01')],
    certificates: [],
    updates: [up(P.commune, '2026-07-23')],
  },

  // ---- Trung tâm Dữ liệu quốc gia về hạ tầng (BHTDLS-TTDL) ----
  {
    fullName: 'Nguyễn Quang Trung',
    organisation: 'BHTDLS-TTDL',
    position: 'Trưởng phòng An toàn thông tin',
    email: 'trungnq@bhtdls.gov.vn',
    phone: '0913 205 847',
    nationalId: '001082009153',
    assignments: [
      assign('BHT-HTTT-006', 'security', '2020-10-01'),
      assign('BHT-HTTT-001', 'security', '2021-01-15'),
      assign('BHT-HTTT-008', 'security', '2021-09-01'),
      assign('BHT-HTTT-003', 'security', '2022-04-01'),
      assign('BHT-HTTT-002', 'security', '2023-07-03'),
      assign('BHT-HTTT-018', 'security', '2026-10-15'),
      assign('BHT-HTTT-019', 'security', '2021-04-01'),
    ],
    certificates: [
      inDepth('ATTT-2021-00087', '2021-03-26', '2024-03-25'),
      inDepth('ANM-2025-00312', '2025-04-18', '2028-04-17'),
      cissp('704219', '2019-12-11', '2028-12-31'),
      cism('2009154', '2020-06-30', '2027-01-31'),
    ],
    updates: [up(P.bo2026, '2026-04-10'), up(P.anm2026, '2026-05-22'), up(P.nd331Bo, '2026-09-24')],
  },
  {
    fullName: 'Phạm Thị Thu Hà',
    organisation: 'BHTDLS-TTDL',
    position: 'Chuyên viên quản trị cơ sở dữ liệu',
    email: 'haptt@bhtdls.gov.vn',
    phone: '0904 618 392',
    nationalId: '001188012476',
    assignments: [assign('BHT-HTTT-001', 'administrator', '2021-01-15'), assign('BHT-HTTT-002', 'administrator', '2023-07-03'), assign('BHT-HTTT-019', 'administrator', '2021-04-01')],
    certificates: [
      inDepth('ANM-2025-00457', '2025-05-09', '2028-05-08'),
      other('Oracle Database Administration 2019 Certified Professional', 'OC-2019-5532871', 'Oracle', '2020-02-14'),
    ],
    updates: [up(P.bo2026, '2026-04-10'), up(P.nd331Bo, '2026-09-24')],
  },
  {
    fullName: 'Đỗ Văn Kiên',
    organisation: 'BHTDLS-TTDL',
    position: 'Kỹ sư quản trị hệ thống',
    email: 'kiendv@bhtdls.gov.vn',
    phone: '0983 350 716',
    assignments: [assign('BHT-HTTT-010', 'administrator', '2019-04-01'), assign('BHT-HTTT-006', 'administrator', '2020-10-01')],
    certificates: [inDepth('ANM-2026-00061', '2026-01-23', '2029-01-22')],
    updates: [up(P.bo2026, '2026-04-10')],
  },
  {
    fullName: 'Lương Thị Minh Nguyệt',
    organisation: 'BHTDLS-TTDL',
    position: 'Kỹ sư mạng',
    email: 'nguyetltm@bhtdls.gov.vn',
    phone: '0936 047 825',
    assignments: [assign('BHT-HTTT-008', 'administrator', '2021-09-01'), assign('BHT-HTTT-003', 'operator', '2022-04-01'), assign('BHT-HTTT-018', 'administrator', '2026-10-15')],
    certificates: [inDepth('ATTT-2024-00503', '2024-06-21', '2027-06-20')],
    updates: [up(P.bo2026, '2026-04-10')],
  },
  {
    // HR-03 gap on BHT-HTTT-003: no knowledge update recorded
    fullName: 'Trịnh Xuân Bách',
    organisation: 'BHTDLS-TTDL',
    position: 'Kỹ sư vận hành kết nối hạ tầng số quốc tế',
    email: 'bachtx@bhtdls.gov.vn',
    phone: '0912 784 063',
    assignments: [assign('BHT-HTTT-003', 'administrator', '2022-04-01')],
    certificates: [inDepth('ANM-2025-01322', '2025-08-29', '2028-08-28')],
    updates: [],
  },
  {
    fullName: 'Cao Thị Lan Anh',
    organisation: 'BHTDLS-TTDL',
    position: 'Chuyên viên vận hành hệ thống',
    email: 'anhctl@bhtdls.gov.vn',
    phone: '0975 230 418',
    nationalId: '001193004861',
    assignments: [assign('BHT-HTTT-010', 'operator', '2020-03-02'), assign('BHT-HTTT-012', 'administrator', '2021-05-04')],
    certificates: [inDepth('ANM-2025-01764', '2025-10-03', '2028-10-02')],
    updates: [up(P.bo2026, '2026-04-10')],
  },
  {
    fullName: 'Kiều Văn Hưng',
    organisation: 'BHTDLS-TTDL',
    position: 'Kỹ sư hạ tầng trung tâm dữ liệu',
    email: 'hungkv@bhtdls.gov.vn',
    phone: '0904 951 276',
    assignments: [assign('BHT-HTTT-006', 'operator', '2022-08-01'), assign('BHT-HTTT-005', 'administrator', '2026-02-02')],
    certificates: [other('Cisco Certified Network Professional (CCNP) Security', 'CSCO13982641', 'Cisco Systems', '2023-05-19', '2026-05-18')],
    updates: [up(P.bo2026, '2026-04-10')],
  },
  {
    fullName: 'Tạ Minh Đức',
    organisation: 'BHTDLS-TTDL',
    position: 'Chuyên viên giám sát mạng truyền dẫn',
    email: 'ductm@bhtdls.gov.vn',
    phone: '0963 482 057',
    assignments: [assign('BHT-HTTT-008', 'operator', '2024-03-01')],
    certificates: [],
    updates: [up(P.bo2026, '2026-04-10'), up(P.soc, '2026-03-27')],
  },

  // ---- Văn phòng Bộ (BHTDLS-VP) ----
  {
    fullName: 'Nguyễn Thị Bích Thủy',
    organisation: 'BHTDLS-VP',
    position: 'Phó Trưởng phòng Cơ yếu – Công nghệ thông tin',
    email: 'thuyntb@bhtdls.gov.vn',
    phone: '0913 570 284',
    nationalId: '001181006392',
    assignments: [assign('BHT-HTTT-004', 'administrator', '2020-03-02')],
    certificates: [inDepth('ANM-2025-00098', '2025-03-28', '2028-03-27')],
    updates: [up(P.anm2026, '2026-05-22'), up(P.nd331Bo, '2026-09-24')],
  },
  {
    fullName: 'Lê Quốc Khánh',
    organisation: 'BHTDLS-VP',
    position: 'Chuyên viên quản trị hệ thống',
    email: 'khanhlq@bhtdls.gov.vn',
    phone: '0986 213 904',
    assignments: [
      assign('BHT-HTTT-009', 'administrator', '2019-09-03'),
      assign('BHT-HTTT-011', 'administrator', '2020-01-06'),
      assign('BHT-HTTT-004', 'operator', '2023-02-01'),
    ],
    certificates: [inDepth('ANM-2026-00233', '2026-03-20', '2029-03-19')],
    updates: [up(P.bo2026, '2026-04-10')],
  },

  // ---- Cục An toàn hệ thống số (BHTDLS-CATHTS), the ministry's security unit ----
  {
    fullName: 'Vũ Hoàng Nam',
    organisation: 'BHTDLS-CATHTS',
    position: 'Trưởng phòng Giám sát, ứng cứu sự cố',
    email: 'namvh@bhtdls.gov.vn',
    phone: '0903 416 728',
    nationalId: '001085011207',
    assignments: [
      assign('BHT-HTTT-016', 'administrator', '2022-06-01'),
      assign('BHT-HTTT-004', 'security', '2025-03-05'),
      assign('BHT-HTTT-007', 'security', '2025-03-05'),
    ],
    certificates: [inDepth('ANM-2025-00027', '2025-03-14', '2028-03-13'), oscp('OS-101-20674', '2021-11-05')],
    updates: [up(P.anm2026, '2026-05-22'), up(P.nd331Bo, '2026-09-24')],
  },
  {
    // HR-03 due_soon on BHT-HTTT-016: last update on 05/12/2025, counts through 05/12/2026
    fullName: 'Đặng Thu Trang',
    organisation: 'BHTDLS-CATHTS',
    position: 'Chuyên viên giám sát an toàn hệ thống số',
    email: 'trangdt@bhtdls.gov.vn',
    phone: '0968 305 142',
    assignments: [assign('BHT-HTTT-016', 'operator', '2023-03-01')],
    certificates: [inDepth('ANM-2025-00512', '2025-06-06', '2028-06-05')],
    updates: [up(P.bo2025, '2025-12-05')],
  },
  {
    fullName: 'Hoàng Minh Khôi',
    organisation: 'BHTDLS-CATHTS',
    position: 'Chuyên viên kiểm tra, đánh giá an toàn hệ thống số',
    email: 'khoihm@bhtdls.gov.vn',
    phone: '0934 627 081',
    assignments: [assign('BHT-HTTT-012', 'security', '2025-03-05'), assign('BHT-HTTT-002', 'security', '2025-03-05')],
    certificates: [
      inDepth('ANM-2025-00745', '2025-06-27', '2028-06-26'),
      iso27001La('ENR-00812093', '2024-09-13'),
      ceh('ECC5702814396', '2025-01-17', '2028-01-16'),
    ],
    updates: [up(P.bo2026, '2026-04-10'), up(P.nd331Bo, '2026-09-24')],
  },

  // ---- Cục Đăng kiểm số (BHTDLS-CDKS) ----
  {
    // HR-02 due_soon on BHT-HTTT-007: in-depth certificate expires on 07/01/2027
    fullName: 'Ngô Văn Phát',
    organisation: 'BHTDLS-CDKS',
    position: 'Trưởng phòng Hạ tầng số đăng kiểm',
    email: 'phatnv@bhtdls.gov.vn',
    phone: '0912 338 519',
    nationalId: '001079010528',
    assignments: [assign('BHT-HTTT-017', 'administrator', '2019-11-01', '2024-06-30'), assign('BHT-HTTT-007', 'administrator', '2024-01-02')],
    certificates: [inDepth('ATTT-2024-00019', '2024-01-08', '2027-01-07')],
    updates: [up(P.bo2026, '2026-04-10')],
  },
  {
    fullName: 'Dương Thị Hải Yến',
    organisation: 'BHTDLS-CDKS',
    position: 'Chuyên viên vận hành hệ thống',
    email: 'yendth@bhtdls.gov.vn',
    phone: '0977 104 635',
    assignments: [assign('BHT-HTTT-007', 'operator', '2024-01-02')],
    certificates: [inDepth('ANM-2026-00377', '2026-05-15', '2029-05-14')],
    updates: [up(P.bo2026, '2026-04-10'), up(P.nd331Bo, '2026-09-24')],
  },

  // ---- Vụ Kế hoạch – Tài chính (BHTDLS-VKHTC) ----
  {
    fullName: 'Đinh Thị Thanh Tâm',
    organisation: 'BHTDLS-VKHTC',
    position: 'Chuyên viên phụ trách hệ thống thông tin tài chính',
    email: 'tamdtt@bhtdls.gov.vn',
    phone: '0916 802 347',
    assignments: [assign('BHT-HTTT-013', 'administrator', '2022-03-01'), assign('BHT-HTTT-014', 'administrator', '2026-10-15')],
    certificates: [],
    updates: [up(P.bo2026, '2026-04-10')],
  },
];

// ---------------------------------------------------------------------------------------------------
// Drills (diễn tập): organisation-level (no system) and system drills
// ---------------------------------------------------------------------------------------------------

interface DemoDrill {
  organisation: string;
  /** a system drill; the organisation is the system's owner or operator */
  system?: string;
  date: string;
  kind: DrillKind;
  scenario: string;
  participants: number;
  organiser: string;
  result: string;
  lessons: string;
}

const DRILLS: readonly DemoDrill[] = [
  // ---- province ----
  {
    organisation: PROVINCE_ROOT_CODE,
    date: '2025-09-26',
    kind: 'tabletop',
    scenario: 'Tấn công mã độc tống tiền đồng thời vào nhiều hệ thống dùng chung của tỉnh; phối hợp giữa các sở, ngành và Công an tỉnh',
    participants: 62,
    organiser: 'Sở Khoa học và Công nghệ chủ trì, phối hợp Công an tỉnh',
    result: 'Đạt. Các đơn vị nắm được đầu mối báo cáo sự cố; thời gian báo cáo sự cố lên Đội ứng cứu sự cố tỉnh trung bình 52 phút.',
    lessons: 'Nhiều đơn vị chưa có danh bạ liên lạc dự phòng khi thư điện tử công vụ ngừng hoạt động; cần cập nhật kế hoạch ứng phó sự cố cấp tỉnh.',
  },
  {
    organisation: PROVINCE_ROOT_CODE,
    date: '2026-09-24',
    kind: 'live',
    scenario: 'Diễn tập thực chiến an toàn thông tin tỉnh Bình Sơn năm 2026: đội tấn công tìm và khai thác lỗ hổng trên các hệ thống dùng chung của tỉnh',
    participants: 85,
    organiser: 'Sở Khoa học và Công nghệ chủ trì, phối hợp Công an tỉnh và Công ty Cổ phần Giám sát An ninh mạng Sao Việt',
    result: 'Đội tấn công khai thác được 2 lỗ hổng mức cao trên Cổng thông tin điện tử; SOC tỉnh phát hiện 5/7 hành vi tấn công trong vòng 30 phút.',
    lessons: 'Cần rà soát cấu hình WAF của Cổng thông tin điện tử; bổ sung luật phát hiện tấn công dò quét mật khẩu cho SOC tỉnh.',
  },
  {
    organisation: 'BS-TTCDS',
    date: '2025-10-23',
    kind: 'technical',
    scenario: 'Tấn công từ chối dịch vụ (DDoS) vào Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)',
    participants: 18,
    organiser: 'Trung tâm Chuyển đổi số tỉnh',
    result: 'Đạt. Chuyển hướng lưu lượng qua dịch vụ chống DDoS của nhà mạng sau 40 phút.',
    lessons: 'Cần ký phụ lục hợp đồng kích hoạt chống DDoS tự động với nhà mạng.',
  },
  {
    organisation: 'BS-TTCDS',
    date: '2026-04-16',
    kind: 'technical',
    scenario: 'Tấn công mã độc tống tiền vào hệ thống một cửa điện tử (Hệ thống thông tin giải quyết thủ tục hành chính tỉnh)',
    participants: 24,
    organiser: 'Trung tâm Chuyển đổi số tỉnh, phối hợp Sở Khoa học và Công nghệ',
    result: 'Đạt. Phát hiện sau 18 phút, cô lập máy chủ bị nhiễm trong 45 phút, khôi phục dịch vụ từ bản sao lưu sau 4 giờ 10 phút (mục tiêu 6 giờ).',
    lessons: 'Bản sao lưu ngoại tuyến chỉ được kiểm tra khôi phục 6 tháng một lần; chuyển sang kiểm tra hằng quý. Cần mẫu thông báo gián đoạn dịch vụ cho người dân.',
  },
  {
    organisation: 'BS-SKHCN',
    date: '2026-10-29',
    kind: 'technical',
    scenario: 'Phát hiện và xử lý tấn công có chủ đích (APT) qua thư điện tử giả mạo, theo dõi bằng Hệ thống giám sát an toàn thông tin tập trung (SOC tỉnh)',
    participants: 16,
    organiser: 'Sở Khoa học và Công nghệ',
    result: 'SOC tỉnh phát hiện máy trạm bị nhiễm sau 26 phút; quy trình chuyển giao sự cố cho Đội ứng cứu sự cố tỉnh vận hành đúng.',
    lessons: 'Bổ sung kịch bản phản ứng tự động (SOAR) cô lập máy trạm; đào tạo thêm ca trực đêm.',
  },
  {
    organisation: 'BS-VPUB',
    date: '2026-05-21',
    kind: 'tabletop',
    scenario: 'Lộ lọt tài liệu nội bộ qua thiết bị lưu trữ di động và tài khoản thư điện tử công vụ bị chiếm đoạt',
    participants: 21,
    organiser: 'Văn phòng UBND tỉnh',
    result: 'Đạt. Xác định đúng quy trình báo cáo và thu hồi tài khoản.',
    lessons: 'Cần quy định rõ việc quản lý thiết bị lưu trữ di động trong quy chế bảo đảm an toàn thông tin của Văn phòng.',
  },
  {
    organisation: 'BS-VPUB',
    system: 'BS-HTTT-031',
    date: '2026-08-13',
    kind: 'technical',
    scenario: 'Phát hiện mã độc gián điệp trên máy trạm xử lý tài liệu mật; cô lập và khôi phục hệ thống thông tin xử lý tài liệu mật của UBND tỉnh',
    participants: 9,
    organiser: 'Văn phòng UBND tỉnh, phối hợp Công an tỉnh',
    result: 'Đạt. Cô lập máy trạm sau 22 phút; không có dữ liệu bị đưa ra ngoài.',
    lessons: 'Cập nhật danh mục phần mềm được phép cài đặt; bổ sung nhật ký truy cập thiết bị ngoại vi.',
  },
  {
    organisation: 'BS-SYT',
    date: '2026-07-09',
    kind: 'tabletop',
    scenario: 'Sự cố mã độc tống tiền mã hóa dữ liệu phần mềm quản lý bệnh viện; bảo đảm khám chữa bệnh liên tục bằng quy trình giấy',
    participants: 27,
    organiser: 'Sở Y tế',
    result: 'Đạt một phần: các khoa lâm sàng chuyển sang quy trình giấy trong 1 giờ; khoa Dược chưa có quy trình dự phòng.',
    lessons: 'Ban hành quy trình dự phòng cấp phát thuốc khi HIS ngừng hoạt động.',
  },
  {
    organisation: 'BS-BVDK',
    date: '2026-07-10',
    kind: 'technical',
    scenario: 'Khôi phục phần mềm quản lý bệnh viện (HIS) từ bản sao lưu sau sự cố mã độc tống tiền',
    participants: 14,
    organiser: 'Bệnh viện Đa khoa tỉnh Bình Sơn',
    result: 'Khôi phục sau 7 giờ 30 phút, vượt mục tiêu 4 giờ; mất dữ liệu 2 giờ giao dịch.',
    lessons: 'Cần sao lưu gia tăng mỗi giờ và máy chủ dự phòng nóng cho cơ sở dữ liệu HIS.',
  },
  {
    organisation: 'BS-STC',
    date: '2026-03-26',
    kind: 'tabletop',
    scenario: 'Thư điện tử giả mạo (phishing) chiếm đoạt tài khoản kế toán trên Hệ thống quản lý ngân sách và tài sản công',
    participants: 15,
    organiser: 'Sở Tài chính',
    result: 'Đạt. Khóa tài khoản và rà soát giao dịch trong 35 phút.',
    lessons: 'Bắt buộc xác thực hai yếu tố với tài khoản phê duyệt chi.',
  },
  {
    // DRL-01 due_soon: the last drill of Sở GD&ĐT, counts through 10/12/2026
    organisation: 'BS-SGDDT',
    date: '2025-12-10',
    kind: 'technical',
    scenario: 'Tấn công từ chối dịch vụ (DDoS) vào Hệ thống tuyển sinh đầu cấp trực tuyến trong thời gian cao điểm đăng ký',
    participants: 12,
    organiser: 'Sở Giáo dục và Đào tạo, phối hợp Trung tâm Chuyển đổi số tỉnh',
    result: 'Đạt một phần: dịch vụ gián đoạn 1 giờ 20 phút trước khi chuyển sang hạ tầng dự phòng.',
    lessons: 'Cần đưa hệ thống tuyển sinh vào dịch vụ chống DDoS của Trung tâm dữ liệu tỉnh trước kỳ tuyển sinh 2027.',
  },
  {
    organisation: 'BS-SNNMT',
    date: '2026-03-12',
    kind: 'tabletop',
    scenario: 'Mất kết nối điều khiển các trạm bơm tiêu và hồ chứa trong mùa mưa bão do sự cố an toàn thông tin',
    participants: 19,
    organiser: 'Sở Nông nghiệp và Môi trường',
    result: 'Đạt. Phân công rõ việc chuyển sang vận hành thủ công tại chỗ.',
    lessons: 'Cần danh sách trực vận hành thủ công và liên lạc vô tuyến dự phòng.',
  },
  {
    organisation: 'BS-SNNMT',
    system: 'BS-HTTT-021',
    date: '2025-06-19',
    kind: 'technical',
    scenario: 'Truy cập trái phép vào máy trạm kỹ thuật SCADA hồ chứa nước Sông Cái qua kết nối bảo trì từ xa của nhà thầu',
    participants: 8,
    organiser: 'Sở Nông nghiệp và Môi trường',
    result: 'Đạt. Ngắt kết nối bảo trì từ xa sau 15 phút.',
    lessons: 'Kết nối bảo trì từ xa chỉ mở theo phiếu yêu cầu, có thời hạn.',
  },
  {
    organisation: 'BS-SNNMT',
    system: 'BS-HTTT-021',
    date: '2026-06-18',
    kind: 'live',
    scenario: 'Tấn công vào hệ thống SCADA hồ chứa nước Sông Cái làm sai lệch lệnh đóng, mở cửa xả trước mùa lũ',
    participants: 11,
    organiser: 'Sở Nông nghiệp và Môi trường, phối hợp Sở Khoa học và Công nghệ và Công ty Cổ phần Giám sát An ninh mạng Sao Việt',
    result: 'Phát hiện lệnh bất thường sau 9 phút nhờ cảnh báo của SOC; chuyển sang vận hành thủ công đúng quy trình.',
    lessons: 'Tách mạng điều khiển khỏi mạng văn phòng bằng thiết bị tường lửa công nghiệp riêng; hạn chế tài khoản kỹ sư dùng chung.',
  },
  {
    // DRL-01 gap: Sở Xây dựng has not drilled since 14/10/2025
    organisation: 'BS-SXD',
    date: '2025-10-14',
    kind: 'tabletop',
    scenario: 'Thay đổi trái phép nội dung (deface) Hệ thống thông tin cấp giấy phép xây dựng và lộ lọt hồ sơ cấp phép',
    participants: 10,
    organiser: 'Sở Xây dựng',
    result: 'Đạt một phần: chưa xác định được đầu mối tiếp nhận sự cố ngoài giờ hành chính.',
    lessons: 'Cần chỉ định cán bộ trực sự cố và cập nhật kế hoạch ứng phó sự cố của Sở.',
  },
  {
    organisation: 'BS-SNV',
    date: '2026-08-27',
    kind: 'tabletop',
    scenario: 'Lộ lọt dữ liệu cá nhân của cán bộ, công chức, viên chức từ Phần mềm quản lý cán bộ',
    participants: 13,
    organiser: 'Sở Nội vụ',
    result: 'Đạt. Xác định đúng nghĩa vụ thông báo theo quy định về bảo vệ dữ liệu cá nhân.',
    lessons: 'Bổ sung quy trình thông báo vi phạm dữ liệu cá nhân trong 72 giờ.',
  },
  {
    organisation: 'BS-PDH',
    date: '2026-05-07',
    kind: 'tabletop',
    scenario: 'Chiếm quyền điều khiển hệ thống truyền thanh thông minh, phát nội dung sai lệch',
    participants: 9,
    organiser: 'Ủy ban nhân dân phường Đông Hải, phối hợp Sở Khoa học và Công nghệ',
    result: 'Đạt. Ngắt phát sóng và thông báo cải chính trong 20 phút.',
    lessons: 'Đổi mật khẩu mặc định của thiết bị thu phát; giao một công chức phụ trách.',
  },

  // ---- ministry ----
  {
    organisation: MINISTRY_ROOT_CODE,
    date: '2025-10-09',
    kind: 'tabletop',
    scenario: 'Sự cố gián đoạn Cơ sở dữ liệu quốc gia về hạ tầng số do tấn công có chủ đích; phối hợp giữa các đơn vị thuộc Bộ và Bộ Công an',
    participants: 48,
    organiser: 'Cục An toàn hệ thống số',
    result: 'Đạt. Phân định rõ vai trò điều phối của Cục An toàn hệ thống số.',
    lessons: 'Cần quy chế phối hợp với Cục A05 về chia sẻ chỉ dấu tấn công (IoC).',
  },
  {
    organisation: MINISTRY_ROOT_CODE,
    date: '2026-10-08',
    kind: 'live',
    scenario: 'Diễn tập thực chiến bảo đảm an toàn hệ thống số Bộ Hạ tầng và Dữ liệu số năm 2026 trên hạ tầng thật của các hệ thống cấp độ 4, 5',
    participants: 120,
    organiser: 'Cục An toàn hệ thống số, phối hợp Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao – Bộ Công an',
    result: 'Đội tấn công chiếm được 1 máy chủ ứng dụng ở vùng DMZ; không tiếp cận được vùng cơ sở dữ liệu. SOC Bộ phát hiện 9/11 hành vi.',
    lessons: 'Vá lỗ hổng thư viện ghi nhật ký trên máy chủ ứng dụng; rút ngắn thời gian phân tích cảnh báo của ca trực.',
  },
  {
    organisation: 'BHTDLS-VP',
    date: '2026-04-23',
    kind: 'tabletop',
    scenario: 'Lộ lọt văn bản điện tử có nội dung mật qua Hệ thống quản lý văn bản và điều hành của Bộ',
    participants: 22,
    organiser: 'Văn phòng Bộ',
    result: 'Đạt.',
    lessons: 'Rà soát phân quyền xem văn bản theo độ mật.',
  },
  {
    organisation: 'BHTDLS-VP',
    system: 'BHT-HTTT-004',
    date: '2026-09-17',
    kind: 'technical',
    scenario: 'Mã độc gián điệp trên máy trạm của Hệ thống thông tin xử lý tài liệu Tuyệt mật; kiểm tra khả năng phát hiện và cô lập trong mạng vật lý riêng',
    participants: 7,
    organiser: 'Văn phòng Bộ, phối hợp Cục An toàn hệ thống số',
    result: 'Đạt. Phát hiện qua kiểm tra toàn vẹn tệp sau 35 phút.',
    lessons: 'Tăng tần suất kiểm tra toàn vẹn; quy trình nạp dữ liệu qua thiết bị trung gian cần hai người ký.',
  },
  {
    organisation: 'BHTDLS-CATHTS',
    date: '2026-06-25',
    kind: 'technical',
    scenario: 'Tấn công chuỗi cung ứng qua bản cập nhật giả mạo của phần mềm giám sát; ứng cứu sự cố trên Hệ thống giám sát an toàn hệ thống số (SOC Bộ)',
    participants: 17,
    organiser: 'Cục An toàn hệ thống số',
    result: 'Đạt. Thu hồi bản cập nhật và khôi phục cảm biến sau 3 giờ.',
    lessons: 'Kiểm tra chữ ký số của mọi bản cập nhật trước khi triển khai.',
  },
  {
    organisation: 'BHTDLS-TTDL',
    date: '2026-03-19',
    kind: 'tabletop',
    scenario: 'Mất nguồn điện kéo dài tại Trung tâm Dữ liệu quốc gia về hạ tầng đồng thời với tấn công mã độc tống tiền',
    participants: 26,
    organiser: 'Trung tâm Dữ liệu quốc gia về hạ tầng',
    result: 'Đạt.',
    lessons: 'Cập nhật thứ tự ưu tiên khởi động lại các hệ thống cấp độ 5.',
  },
  {
    organisation: 'BHTDLS-TTDL',
    system: 'BHT-HTTT-001',
    date: '2025-05-15',
    kind: 'technical',
    scenario: 'Tấn công SQL injection đánh cắp dữ liệu Cơ sở dữ liệu quốc gia về hạ tầng số',
    participants: 12,
    organiser: 'Trung tâm Dữ liệu quốc gia về hạ tầng',
    result: 'Đạt. WAF chặn 96 % truy vấn tấn công.',
    lessons: 'Bổ sung giám sát truy vấn bất thường ở tầng cơ sở dữ liệu.',
  },
  {
    organisation: 'BHTDLS-TTDL',
    system: 'BHT-HTTT-001',
    date: '2026-05-14',
    kind: 'technical',
    scenario: 'Chiếm đoạt tài khoản quản trị cơ sở dữ liệu của Cơ sở dữ liệu quốc gia về hạ tầng số qua thư điện tử giả mạo',
    participants: 14,
    organiser: 'Trung tâm Dữ liệu quốc gia về hạ tầng, phối hợp Cục An toàn hệ thống số',
    result: 'Đạt. Phát hiện đăng nhập bất thường sau 11 phút; khóa tài khoản sau 19 phút.',
    lessons: 'Chuyển tài khoản quản trị sang hệ thống quản lý truy cập đặc quyền (PAM).',
  },
  {
    organisation: 'BHTDLS-TTDL',
    system: 'BHT-HTTT-002',
    date: '2026-08-20',
    kind: 'live',
    scenario: 'Chuyển đổi dự phòng thảm họa: dừng trung tâm chính và vận hành Cơ sở dữ liệu quốc gia về hạ tầng số từ trung tâm dự phòng',
    participants: 23,
    organiser: 'Trung tâm Dữ liệu quốc gia về hạ tầng',
    result: 'Chuyển đổi sau 2 giờ 40 phút (mục tiêu RTO 4 giờ); mất dữ liệu 6 phút (mục tiêu RPO 15 phút).',
    lessons: 'Tự động hóa bước chuyển DNS; bổ sung bài kiểm tra chuyển ngược về trung tâm chính.',
  },
  {
    organisation: 'BHTDLS-TTDL',
    system: 'BHT-HTTT-003',
    date: '2026-07-16',
    kind: 'technical',
    scenario: 'Chiếm quyền định tuyến (BGP hijacking) các tiền tố mạng của Hệ thống điều phối kết nối hạ tầng số quốc tế',
    participants: 10,
    organiser: 'Trung tâm Dữ liệu quốc gia về hạ tầng, phối hợp Trung tâm Internet Việt Nam',
    result: 'Đạt. Phát hiện qua giám sát định tuyến sau 14 phút; phối hợp nhà mạng lọc tuyến sai.',
    lessons: 'Triển khai ký số RPKI cho toàn bộ tiền tố.',
  },
  {
    organisation: 'BHTDLS-TTDL',
    system: 'BHT-HTTT-006',
    date: '2026-11-05',
    kind: 'technical',
    scenario: 'Mã độc tống tiền tấn công cụm máy chủ ảo hóa của Trung tâm Dữ liệu quốc gia về hạ tầng',
    participants: 15,
    organiser: 'Trung tâm Dữ liệu quốc gia về hạ tầng',
    result: 'Đạt. Cô lập cụm máy chủ sau 28 phút; khôi phục từ bản chụp bất biến.',
    lessons: 'Tách mạng quản trị ảo hóa khỏi mạng nghiệp vụ.',
  },
  {
    organisation: 'BHTDLS-TTDL',
    system: 'BHT-HTTT-018',
    date: '2026-10-08',
    kind: 'technical',
    scenario: 'Mất kết nối tuyến cáp quang biển chính tại trạm Nam Hải; chuyển lưu lượng Internet quốc tế sang tuyến dự phòng trước khi đưa hệ thống vào vận hành',
    participants: 12,
    organiser: 'Trung tâm Dữ liệu quốc gia về hạ tầng',
    result: 'Đạt. Chuyển toàn bộ lưu lượng sang tuyến dự phòng sau 6 phút; không mất phiên kết nối của khách hàng.',
    lessons: 'Bổ sung cảnh báo tự động khi độ trễ tuyến dự phòng vượt ngưỡng.',
  },
  {
    organisation: 'BHTDLS-TTDL',
    system: 'BHT-HTTT-019',
    date: '2026-03-19',
    kind: 'tabletop',
    scenario: 'Rò rỉ dữ liệu cấp phép tần số qua tài khoản quản trị bị đánh cắp; phối hợp Cục An toàn hệ thống số và Bộ Công an',
    participants: 14,
    organiser: 'Trung tâm Dữ liệu quốc gia về hạ tầng, phối hợp Cục An toàn hệ thống số',
    result: 'Đạt. Thu hồi tài khoản và khoanh vùng dữ liệu bị truy cập trong 35 phút.',
    lessons: 'Bắt buộc xác thực đa yếu tố cho mọi tài khoản quản trị cơ sở dữ liệu.',
  },
  {
    // DRL-01 gap (system): BHT-HTTT-008's last system drill
    organisation: 'BHTDLS-TTDL',
    system: 'BHT-HTTT-008',
    date: '2025-06-18',
    kind: 'technical',
    scenario: 'Tấn công từ chối dịch vụ vào thiết bị lõi của Mạng truyền dẫn dữ liệu chuyên dùng của Bộ',
    participants: 9,
    organiser: 'Trung tâm Dữ liệu quốc gia về hạ tầng',
    result: 'Đạt một phần: chuyển tuyến dự phòng sau 55 phút.',
    lessons: 'Cấu hình chuyển tuyến tự động; diễn tập lại trong năm 2026 (chưa thực hiện).',
  },
  {
    organisation: 'BHTDLS-CDKS',
    date: '2026-02-26',
    kind: 'tabletop',
    scenario: 'Lộ lọt dữ liệu đăng kiểm phương tiện và dữ liệu cá nhân chủ phương tiện',
    participants: 16,
    organiser: 'Cục Đăng kiểm số',
    result: 'Đạt.',
    lessons: 'Phân loại dữ liệu cá nhân nhạy cảm trong Hệ thống đăng kiểm số quốc gia.',
  },
  {
    organisation: 'BHTDLS-CDKS',
    system: 'BHT-HTTT-007',
    date: '2026-09-10',
    kind: 'technical',
    scenario: 'Tấn công SQL injection và chiếm đoạt khóa API của các trung tâm đăng kiểm trên Hệ thống đăng kiểm số quốc gia',
    participants: 13,
    organiser: 'Cục Đăng kiểm số, phối hợp Cục An toàn hệ thống số',
    result: 'Đạt. Thu hồi khóa API và chặn nguồn tấn công sau 40 phút.',
    lessons: 'Định kỳ xoay vòng khóa API; giới hạn tần suất gọi theo trung tâm.',
  },
  {
    organisation: 'BHTDLS-VKHTC',
    date: '2026-05-28',
    kind: 'tabletop',
    scenario: 'Thư điện tử giả mạo chỉ đạo của lãnh đạo Bộ yêu cầu chuyển tiền gấp (BEC)',
    participants: 11,
    organiser: 'Vụ Kế hoạch – Tài chính, phối hợp Cục An toàn hệ thống số',
    result: 'Đạt. Không có giao dịch nào được thực hiện.',
    lessons: 'Mọi yêu cầu chuyển tiền qua thư điện tử phải được xác nhận qua điện thoại.',
  },
];

// ---------------------------------------------------------------------------------------------------
// Budgets: IT budget and security spending of a year (VND), per organisation or per system/project
// ---------------------------------------------------------------------------------------------------

interface DemoBudget {
  organisation: string;
  system?: string;
  year: number;
  itBudget: number;
  securitySpending: number;
  note: string;
}

const BUDGETS: readonly DemoBudget[] = [
  // ---- province ----
  { organisation: PROVINCE_ROOT_CODE, year: 2025, itBudget: 52_400_000_000, securitySpending: 5_980_000_000, note: 'Quyết toán chi ứng dụng CNTT, chuyển đổi số toàn tỉnh năm 2025' },
  { organisation: PROVINCE_ROOT_CODE, year: 2026, itBudget: 58_750_000_000, securitySpending: 6_930_000_000, note: 'Dự toán chi ứng dụng CNTT, chuyển đổi số năm 2026 (Quyết định 3125/QĐ-UBND ngày 12/12/2025)' },
  { organisation: 'BS-SKHCN', year: 2025, itBudget: 9_850_000_000, securitySpending: 1_240_000_000, note: 'Bao gồm chi thuê dịch vụ giám sát an toàn thông tin' },
  { organisation: 'BS-SKHCN', year: 2026, itBudget: 12_400_000_000, securitySpending: 1_860_000_000, note: 'Bao gồm đầu tư SOC tỉnh giai đoạn 1' },
  { organisation: 'BS-TTCDS', year: 2025, itBudget: 18_600_000_000, securitySpending: 2_050_000_000, note: 'Vận hành Trung tâm dữ liệu tỉnh và các nền tảng dùng chung' },
  { organisation: 'BS-TTCDS', year: 2026, itBudget: 21_300_000_000, securitySpending: 2_640_000_000, note: 'Vận hành Trung tâm dữ liệu tỉnh và các nền tảng dùng chung' },
  { organisation: 'BS-VPUB', year: 2026, itBudget: 11_200_000_000, securitySpending: 1_450_000_000, note: 'Bao gồm nâng cấp hệ thống xử lý tài liệu mật' },
  { organisation: 'BS-SYT', year: 2025, itBudget: 16_200_000_000, securitySpending: 842_400_000, note: 'Chi CNTT ngành y tế tỉnh năm 2025' },
  // BUD-01 gap: 6 %
  { organisation: 'BS-SYT', year: 2026, itBudget: 18_500_000_000, securitySpending: 1_110_000_000, note: 'Chi CNTT ngành y tế tỉnh năm 2026; chi ATTT chưa bố trí đủ 10 %' },
  { organisation: 'BS-SGDDT', year: 2026, itBudget: 7_800_000_000, securitySpending: 860_000_000, note: 'Chi CNTT ngành giáo dục năm 2026' },
  { organisation: 'BS-SNNMT', year: 2025, itBudget: 20_500_000_000, securitySpending: 2_150_000_000, note: 'Bao gồm duy tu hệ thống SCADA thủy lợi' },
  // exactly 10 %: meets BUD-01
  { organisation: 'BS-SNNMT', year: 2026, itBudget: 24_000_000_000, securitySpending: 2_400_000_000, note: 'Bao gồm nâng cấp hệ thống SCADA hồ chứa nước Sông Cái' },
  { organisation: 'BS-TTCDS', system: 'BS-HTTT-001', year: 2026, itBudget: 4_850_000_000, securitySpending: 620_000_000, note: 'Duy trì, nâng cấp hệ thống một cửa điện tử năm 2026' },
  { organisation: 'BS-TTCDS', system: 'BS-HTTT-036', year: 2026, itBudget: 27_500_000_000, securitySpending: 3_100_000_000, note: 'Dự án đầu tư Nền tảng điện toán đám mây dùng chung tỉnh (giai đoạn 2026)' },
  { organisation: 'BS-SNNMT', system: 'BS-HTTT-021', year: 2026, itBudget: 6_200_000_000, securitySpending: 930_000_000, note: 'Nâng cấp SCADA hồ chứa nước Sông Cái, hạng mục tường lửa công nghiệp' },
  { organisation: 'BS-BVDK', system: 'BS-HTTT-013', year: 2025, itBudget: 4_500_000_000, securitySpending: 495_000_000, note: 'Dự án Bệnh án điện tử: khảo sát, thiết kế' },
  // BUD-01 gap: 8 %
  { organisation: 'BS-BVDK', system: 'BS-HTTT-013', year: 2026, itBudget: 12_000_000_000, securitySpending: 960_000_000, note: 'Dự án Bệnh án điện tử: triển khai; hạng mục ATTT bị cắt giảm khi điều chỉnh dự án' },

  // ---- ministry ----
  { organisation: MINISTRY_ROOT_CODE, year: 2025, itBudget: 47_600_000_000, securitySpending: 6_200_000_000, note: 'Quyết toán chi CNTT, chuyển đổi số của Bộ năm 2025' },
  { organisation: MINISTRY_ROOT_CODE, year: 2026, itBudget: 55_200_000_000, securitySpending: 7_900_000_000, note: 'Dự toán chi CNTT, chuyển đổi số của Bộ năm 2026' },
  { organisation: 'BHTDLS-TTDL', year: 2025, itBudget: 33_800_000_000, securitySpending: 4_120_000_000, note: 'Vận hành Trung tâm Dữ liệu quốc gia về hạ tầng' },
  { organisation: 'BHTDLS-TTDL', year: 2026, itBudget: 38_500_000_000, securitySpending: 5_100_000_000, note: 'Vận hành Trung tâm Dữ liệu quốc gia về hạ tầng' },
  { organisation: 'BHTDLS-CATHTS', year: 2026, itBudget: 9_600_000_000, securitySpending: 3_400_000_000, note: 'Vận hành SOC Bộ, kiểm tra đánh giá và diễn tập' },
  { organisation: 'BHTDLS-CDKS', year: 2026, itBudget: 16_800_000_000, securitySpending: 1_930_000_000, note: 'Vận hành Hệ thống đăng kiểm số quốc gia và hạ tầng của Cục' },
  { organisation: 'BHTDLS-TTDL', system: 'BHT-HTTT-001', year: 2026, itBudget: 14_300_000_000, securitySpending: 2_145_000_000, note: 'Duy trì, mở rộng Cơ sở dữ liệu quốc gia về hạ tầng số' },
  { organisation: 'BHTDLS-TTDL', system: 'BHT-HTTT-005', year: 2025, itBudget: 18_000_000_000, securitySpending: 2_160_000_000, note: 'Dự án SCADA trạm cập bờ cáp quang biển Nam Hải: thiết kế' },
  { organisation: 'BHTDLS-TTDL', system: 'BHT-HTTT-005', year: 2026, itBudget: 42_000_000_000, securitySpending: 5_460_000_000, note: 'Dự án SCADA trạm cập bờ cáp quang biển Nam Hải: thi công, lắp đặt' },
  { organisation: 'BHTDLS-CDKS', system: 'BHT-HTTT-007', year: 2026, itBudget: 6_500_000_000, securitySpending: 780_000_000, note: 'Duy trì Hệ thống đăng kiểm số quốc gia' },
];

// ---------------------------------------------------------------------------------------------------
// Checks and inserts
// ---------------------------------------------------------------------------------------------------

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[a-z0-9.]+@(binhson|bhtdls)\.gov\.vn$/;
const PHONE = /^[0-9+() .-]{6,40}$/;
/** A yyyy-mm-dd date as the timestamp the app stores (09:00 in Vietnam). */
const stamp = (date: string): string => `${date}T02:00:00.000Z`;

function fail(where: string, message: string): never {
  throw new Error(`demo people data, ${where}: ${message}`);
}

function date(where: string, name: string, value: string | null | undefined): void {
  if (value === undefined || value === null) return;
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) fail(where, `${name} is not a yyyy-mm-dd date: ${value}`);
}

/** A past (or today's) yyyy-mm-dd date. */
function past(where: string, name: string, value: string | null | undefined): void {
  date(where, name, value);
  if (value !== undefined && value !== null && value > DEMO_TODAY) fail(where, `${name} ${value} is after ${DEMO_TODAY}`);
}

const ORG = new Map(DEMO_ORGANISATIONS.map((o) => [o.code, o]));
const SYSTEM = new Map(DEMO_SYSTEMS.map((s) => [s.code, s]));

/** The code of an organisation's root (the province or the ministry). */
function rootOf(code: string): string {
  let current = code;
  for (let parent = ORG.get(current)?.parentCode; parent; parent = ORG.get(current)?.parentCode) current = parent;
  return current;
}

function agency(where: string, code: string): void {
  const o = ORG.get(code) ?? fail(where, `unknown organisation ${code}`);
  if (o.kind !== 'agency') fail(where, `${code} is not an agency`);
}

/** A system record (drill, budget) belongs to the system's owner or operator. */
function systemOfOrg(where: string, systemCode: string, orgCode: string): void {
  const s = SYSTEM.get(systemCode) ?? fail(where, `unknown system ${systemCode}`);
  if (s.ownerCode !== orgCode && s.operatorCode !== orgCode) fail(where, `${systemCode} is neither owned nor operated by ${orgCode}`);
}

function checkOperator(o: DemoOperator, seen: Set<string>, numbers: Set<string>): void {
  const where = `operator ${o.fullName}`;
  if (seen.has(o.fullName) || seen.has(o.email)) fail(where, 'duplicate name or email');
  seen.add(o.fullName).add(o.email);
  agency(where, o.organisation);
  const root = rootOf(o.organisation);
  if (!EMAIL.test(o.email) || !o.email.endsWith(root === MINISTRY_ROOT_CODE ? '@bhtdls.gov.vn' : '@binhson.gov.vn')) fail(where, `email ${o.email}`);
  if (!PHONE.test(o.phone)) fail(where, `phone ${o.phone}`);
  if (o.nationalId !== undefined && !/^\d{12}$/.test(o.nationalId)) fail(where, 'a national ID (CCCD) has 12 digits');

  o.assignments.forEach((a, i) => {
    const aw = `${where}, assignment to ${a.system}`;
    const s = SYSTEM.get(a.system) ?? fail(aw, 'unknown system');
    if (rootOf(s.ownerCode) !== root) fail(aw, 'the system belongs to another province or ministry');
    if (s.lifecycleStatus === 'planned') fail(aw, 'a planned system has no operators yet');
    past(aw, 'from', a.from);
    date(aw, 'to', a.to);
    if (a.to !== undefined && a.to < a.from) fail(aw, 'ends before it starts');
    if (s.decommissionedAt !== undefined && (a.to === undefined || a.to > s.decommissionedAt)) fail(aw, `runs past the decommissioning on ${s.decommissionedAt}`);
    // as the app refuses: one person's assignments to one system never overlap
    const clash = o.assignments.some(
      (b, j) => j !== i && b.system === a.system && (b.to === undefined || a.from <= b.to) && (a.to === undefined || b.from <= a.to),
    );
    if (clash) fail(aw, 'overlaps another assignment to the same system');
  });

  for (const c of o.certificates) {
    const cw = `${where}, certificate ${c.number}`;
    // unique per issuing body, as the app checks; a void entry (a mistake) frees its number
    const key = `${c.issuer}\u0000${c.number}`;
    if (c.status !== 'void') {
      if (numbers.has(key)) fail(cw, 'duplicate number');
      numbers.add(key);
    }
    past(cw, 'issueDate', c.issueDate);
    date(cw, 'expiryDate', c.expiryDate);
    if (c.expiryDate !== null && c.expiryDate <= c.issueDate) fail(cw, 'does not expire after it is issued');
    const status = c.status ?? 'valid';
    if (status === 'valid' && (c.statusDate !== undefined || c.statusReason !== undefined)) fail(cw, 'a valid certificate has no status date or reason');
    if (status !== 'valid') {
      if (c.statusDate === undefined || !c.statusReason) fail(cw, 'a suspension or revocation needs its date and reason');
      past(cw, 'statusDate', c.statusDate);
      if (c.statusDate < c.issueDate) fail(cw, 'status changed before issue');
    }
    if (c.kind === 'national_in_depth') {
      const m = /^(ANM|ATTT)-(\d{4})-\d{5}$/.exec(c.number) ?? fail(cw, 'an in-depth certificate is numbered ANM-yyyy-nnnnn or ATTT-yyyy-nnnnn');
      if (m[2] !== c.issueDate.slice(0, 4)) fail(cw, 'the number carries the year of issue');
      if ((m[1] === 'ANM') !== (c.issueDate >= BCA_FROM)) fail(cw, `issued by ${c.issuer} on ${c.issueDate}: the Ministry of Public Security issues them from ${BCA_FROM}`);
      if (c.expiryDate === null) fail(cw, 'an in-depth certificate has an expiry date');
    }
  }

  for (const u of o.updates) {
    const uw = `${where}, update of ${u.date}`;
    past(uw, 'date', u.date);
    if (!Number.isInteger(u.hours) || u.hours < 1 || u.hours > 1000) fail(uw, 'hours are 1–1000');
  }
}

function checkDrill(d: DemoDrill): void {
  const where = `drill of ${d.system ?? d.organisation} on ${d.date}`;
  agency(where, d.organisation);
  past(where, 'date', d.date);
  if (d.system !== undefined) systemOfOrg(where, d.system, d.organisation);
  if (!Number.isInteger(d.participants) || d.participants < 1) fail(where, 'participants');
}

function checkBudget(b: DemoBudget, seen: Set<string>): void {
  const where = `budget of ${b.system ?? b.organisation} for ${b.year}`;
  agency(where, b.organisation);
  if (b.system !== undefined) systemOfOrg(where, b.system, b.organisation);
  const key = `${b.organisation}|${b.system ?? ''}|${b.year}`;
  if (seen.has(key)) fail(where, 'one row per organisation or system and year');
  seen.add(key);
  if (!Number.isInteger(b.year) || b.year < 2015 || b.year > Number(DEMO_TODAY.slice(0, 4))) fail(where, 'year');
  for (const v of [b.itBudget, b.securitySpending]) if (!Number.isSafeInteger(v) || v < 0) fail(where, 'amounts are whole VND');
  if (b.securitySpending > b.itBudget) fail(where, 'security spending exceeds the IT budget');
}

/** Checks all of the people data before anything is written. */
function checkAll(): void {
  const names = new Set<string>();
  const numbers = new Set<string>();
  for (const o of OPERATORS) checkOperator(o, names, numbers);
  for (const d of DRILLS) checkDrill(d);
  const seen = new Set<string>();
  for (const b of BUDGETS) checkBudget(b, seen);
}

/** What the operator form stores as search text (src/modules/operators/operators.service.ts). */
const searchTextOf = (o: DemoOperator): string => fold([o.fullName, o.position, o.email, o.phone].filter(Boolean).join(' '));

/**
 * Inserts the demo people data into the transaction of seedDemo: operators with their assignments,
 * certificates and knowledge updates, drills and budgets. Synchronous; throws (rolling the transaction
 * back) on inconsistent data.
 */
export function seedPeople(tx: SeedTx, ids: DemoIds): PeopleSeedCounts {
  checkAll();
  const org = (code: string, where: string): number => ids.organisations.get(code) ?? fail(where, `unknown organisation ${code}`);
  const sys = (code: string, where: string): number => ids.systems.get(code) ?? fail(where, `unknown system ${code}`);
  const counts: PeopleSeedCounts = { operators: 0, assignments: 0, certificates: 0, knowledgeUpdates: 0, drills: 0, budgets: 0 };

  for (const o of OPERATORS) {
    const where = `operator ${o.fullName}`;
    // recorded when the earliest fact about the person was
    const first = [...o.assignments.map((a) => a.from), ...o.certificates.map((c) => c.issueDate), ...o.updates.map((u) => u.date)].sort()[0] ?? DEMO_TODAY;
    const row = tx
      .insert(operators)
      .values({
        fullName: o.fullName,
        organisationId: org(o.organisation, where),
        position: o.position,
        email: o.email,
        phone: o.phone,
        nationalId: o.nationalId ?? null,
        searchText: searchTextOf(o),
        createdAt: stamp(first),
        updatedAt: stamp(first),
      })
      .returning({ id: operators.id })
      .get();
    counts.operators += 1;

    for (const a of o.assignments) {
      const ended = a.to !== undefined && a.to <= DEMO_TODAY ? a.to : a.from;
      tx.insert(operatorAssignments)
        .values({
          operatorId: row.id,
          systemId: sys(a.system, where),
          role: a.role,
          fromDate: a.from,
          toDate: a.to ?? null,
          createdAt: stamp(a.from),
          updatedAt: stamp(ended),
        })
        .run();
      counts.assignments += 1;
    }

    for (const c of o.certificates) {
      tx.insert(certificates)
        .values({
          operatorId: row.id,
          kind: c.kind,
          name: c.name,
          number: c.number,
          issuer: c.issuer,
          issueDate: c.issueDate,
          expiryDate: c.expiryDate,
          status: c.status ?? 'valid',
          statusDate: c.statusDate ?? null,
          statusReason: c.statusReason ?? null,
          createdAt: stamp(c.issueDate),
          updatedAt: stamp(c.statusDate ?? c.issueDate),
        })
        .run();
      counts.certificates += 1;
    }

    for (const u of o.updates) {
      tx.insert(knowledgeUpdates)
        .values({ operatorId: row.id, date: u.date, programme: u.programme, hours: u.hours, organiser: u.organiser, createdAt: stamp(u.date), updatedAt: stamp(u.date) })
        .run();
      counts.knowledgeUpdates += 1;
    }
  }

  for (const d of DRILLS) {
    const where = `drill of ${d.system ?? d.organisation} on ${d.date}`;
    tx.insert(drills)
      .values({
        organisationId: org(d.organisation, where),
        systemId: d.system === undefined ? null : sys(d.system, where),
        date: d.date,
        kind: d.kind,
        scenario: d.scenario,
        participants: d.participants,
        organiser: d.organiser,
        result: d.result,
        lessons: d.lessons,
        createdAt: stamp(d.date),
        updatedAt: stamp(d.date),
      })
      .run();
    counts.drills += 1;
  }

  for (const b of BUDGETS) {
    const where = `budget of ${b.system ?? b.organisation} for ${b.year}`;
    // a year's figures are recorded early in the next year (final) or, for the current year, in October
    const recorded = b.year < Number(DEMO_TODAY.slice(0, 4)) ? `${b.year + 1}-01-20` : `${b.year}-10-15`;
    tx.insert(budgets)
      .values({
        organisationId: org(b.organisation, where),
        systemId: b.system === undefined ? null : sys(b.system, where),
        year: b.year,
        itBudget: b.itBudget,
        securitySpending: b.securitySpending,
        note: b.note,
        createdAt: stamp(recorded),
        updatedAt: stamp(recorded),
      })
      .run();
    counts.budgets += 1;
  }

  return counts;
}
