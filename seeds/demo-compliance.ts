// Demo data for the gap engine's own records: baseline checklist answers (CHK-01), annual reports
// (REP-01), self-inspection notices (LVL-07) and domestic-product notes (PLN-01) — with both complete
// and missing cases, so every one of these rules shows "ok" somewhere and a gap somewhere.
//
// Deliberate gaps as of 24/11/2026:
// - CHK-01: BS-HTTT-001 (≈ 80 % met, some partly/not met), BS-HTTT-003 (half not assessed); every
//   levelled system without answers. Fully met: BS-HTTT-020, BS-HTTT-031, BHT-HTTT-004.
// - REP-01: the 2025 report of BS-SXD, BS-XTL and BHTDLS-CDKS was never recorded.
// - LVL-07: BHT-HTTT-001 notified on 05/10/2026 (late), BHT-HTTT-002 not at all.
// - PLN-01: level ≥ 3 systems without a note (about half of them).
import { eq } from 'drizzle-orm';
import { annualReports, checklistAnswers, selfInspectionNotices } from '../src/db/schema/compliance.js';
import { levelDecisions } from '../src/db/schema/level-decisions.js';
import { decisionInForce } from '../src/domain/timeline.js';
import { todayIso } from '../src/i18n/format.js';
import { systems } from '../src/db/schema/systems.js';
import { applicableItems, catalogueFor } from '../src/domain/catalog/index.js';
import type { DemoIds, SeedTx } from './demo-protection.js';

export interface ComplianceSeedCounts {
  checklistAnswers: number;
  annualReports: number;
  notices: number;
  domesticNotes: number;
}

const REPORTED_2025: ReadonlyArray<[string, string, string | null, string]> = [
  ['UBND-BS', '2025-12-18', '2025-12-24', '412/BC-UBND'],
  ['BS-SKHCN', '2025-12-17', '2025-12-22', '198/BC-SKHCN'],
  ['BS-TTCDS', '2025-12-16', '2025-12-22', '77/BC-TTCĐS'],
  ['BS-SYT', '2025-12-19', '2025-12-25', '305/BC-SYT'],
  ['BS-BVDK', '2025-12-19', '2025-12-24', '89/BC-BVĐK'],
  ['BS-STC', '2025-12-18', '2025-12-23', '221/BC-STC'],
  ['BS-SGDDT', '2025-12-20', '2025-12-25', '154/BC-SGDĐT'],
  ['BS-SNNMT', '2025-12-18', '2025-12-24', '133/BC-SNNMT'],
  ['BS-SNV', '2025-12-17', '2025-12-23', '96/BC-SNV'],
  ['BS-VPUB', '2025-12-18', '2025-12-24', '58/BC-VP'],
  ['BS-PDH', '2025-12-19', '2025-12-25', '41/BC-UBND'],
  ['BHTDLS', '2025-12-19', '2025-12-23', '1025/BC-BHTDLS'],
  ['BHTDLS-CATHTS', '2025-12-15', '2025-12-22', '312/BC-CATHTS'],
  ['BHTDLS-TTDL', '2025-12-16', '2025-12-22', '87/BC-TTDL'],
  ['BHTDLS-VP', '2025-12-17', '2025-12-23', '45/BC-VP'],
];

const NOTICES_2026: ReadonlyArray<[string, string, string]> = [
  ['BHT-HTTT-003', '2026-09-18', '215/TB-CATHTS'],
  ['BHT-HTTT-004', '2026-09-22', '221/TB-CATHTS'],
  ['BHT-HTTT-006', '2026-09-25', '230/TB-CATHTS'],
  ['BHT-HTTT-001', '2026-10-05', '241/TB-CATHTS'], // after 1 Oct: late
];

const DOMESTIC = 'Tường lửa và hệ thống giám sát do doanh nghiệp trong nước cung cấp (sản phẩm “Make in Viet Nam”); phần mềm phòng chống mã độc trong nước cài đặt trên toàn bộ máy chủ.';
const DOMESTIC_SYSTEMS = ['BS-HTTT-001', 'BS-HTTT-006', 'BS-HTTT-009', 'BS-HTTT-020', 'BS-HTTT-031', 'BHT-HTTT-001', 'BHT-HTTT-003', 'BHT-HTTT-004', 'BHT-HTTT-006', 'BHT-HTTT-016'];

/** How the answers of a system are spread: share met, then partly, not met, n/a; the rest not assessed. */
const CHECKLISTS: ReadonlyArray<[string, { met: number; partly: number; notMet: number; na: number }]> = [
  ['BS-HTTT-020', { met: 1, partly: 0, notMet: 0, na: 0 }],
  ['BS-HTTT-031', { met: 1, partly: 0, notMet: 0, na: 0 }],
  ['BHT-HTTT-004', { met: 1, partly: 0, notMet: 0, na: 0 }],
  ['BS-HTTT-001', { met: 0.8, partly: 0.1, notMet: 0.05, na: 0.05 }],
  ['BS-HTTT-003', { met: 0.4, partly: 0.05, notMet: 0.05, na: 0 }],
];

export function seedCompliance(tx: SeedTx, ids: DemoIds): ComplianceSeedCounts {
  const need = (m: ReadonlyMap<string, number>, code: string) => {
    const id = m.get(code);
    if (id === undefined) throw new Error(`demo-compliance: unknown code ${code}`);
    return id;
  };
  const admin = ids.users.get('admin') ?? null;
  const counts: ComplianceSeedCounts = { checklistAnswers: 0, annualReports: 0, notices: 0, domesticNotes: 0 };

  for (const [code, shares] of CHECKLISTS) {
    const systemId = need(ids.systems, code);
    const approved = decisionInForce(tx.select().from(levelDecisions).where(eq(levelDecisions.systemId, systemId)).all(), todayIso());
    if (!approved) throw new Error(`demo-compliance: ${code} has no approved level`);
    const items = applicableItems(approved.regime, approved.proposedLevel);
    const n = items.length;
    const cut = (share: number) => Math.round(share * n);
    const bounds = { met: cut(shares.met), partly: cut(shares.met + shares.partly), notMet: cut(shares.met + shares.partly + shares.notMet), na: cut(shares.met + shares.partly + shares.notMet + shares.na) };
    items.forEach((item, i) => {
      const status = i < bounds.met ? 'met' : i < bounds.partly ? 'partly_met' : i < bounds.notMet ? 'not_met' : i < bounds.na ? 'not_applicable' : null;
      if (!status) return;
      const note =
        status === 'met' ? `Biên bản kiểm tra nội bộ số ${10 + (i % 40)}/BB-ATTT` :
        status === 'partly_met' ? 'Đã triển khai một phần; hoàn thiện trong quý I/2027' :
        status === 'not_met' ? 'Chưa có kinh phí triển khai' :
        'Hệ thống không sử dụng mạng không dây';
      tx.insert(checklistAnswers).values({ systemId, catalogue: catalogueFor(approved.regime), itemId: item.id, status, note, setBy: admin, setAt: '2026-10-20T03:00:00.000Z' }).run();
      counts.checklistAnswers += 1;
    });
  }

  for (const [code, internal, authority, reference] of REPORTED_2025) {
    tx.insert(annualReports).values({ organisationId: need(ids.organisations, code), year: 2025, internalDate: internal, authorityDate: authority, reference }).run();
    counts.annualReports += 1;
  }

  for (const [code, sent, reference] of NOTICES_2026) {
    tx.insert(selfInspectionNotices).values({ systemId: need(ids.systems, code), year: 2026, sentDate: sent, reference }).run();
    counts.notices += 1;
  }

  for (const code of DOMESTIC_SYSTEMS) {
    tx.update(systems).set({ domesticProductsNote: DOMESTIC }).where(eq(systems.id, need(ids.systems, code))).run();
    counts.domesticNotes += 1;
  }
  return counts;
}
