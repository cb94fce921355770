// Demo data for the evidence library: evidence held in the document management systems of the province
// and the ministry (links, no files: the demo has no upload directory), attached to checklist items of
// several systems and to a layer record.
//
// As of 24/11/2026:
// - the province's information security regulation backs the first checklist item of BS-HTTT-001,
//   BS-HTTT-020 and BS-HTTT-031 at once (one evidence item, three systems); the ministry's its own on
//   BHT-HTTT-004;
// - the firewall configuration review of BS-HTTT-031 expired on 31/10/2026: the item it backs no longer
//   counts as met, so CHK-01 turns from "ok" to a gap for BS-HTTT-031 (a deliberate gap);
// - the monitoring contract of the first system under a provider's layer 2 contract is scanned, valid to
//   the contract's end.
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { checklistAnswers } from '../src/db/schema/compliance.js';
import { evidenceItems, evidenceLinks } from '../src/db/schema/evidence.js';
import { levelDecisions } from '../src/db/schema/level-decisions.js';
import { layer2Monitoring } from '../src/db/schema/protection.js';
import { systems } from '../src/db/schema/systems.js';
import { applicableItems, catalogueFor } from '../src/domain/catalog/index.js';
import { fold } from '../src/domain/text.js';
import { decisionInForce } from '../src/domain/timeline.js';
import { DEMO_TODAY, type DemoIds, type SeedTx } from './demo-protection.js';

export interface EvidenceSeedCounts {
  evidenceItems: number;
  evidenceLinks: number;
}

interface DemoEvidence {
  owner: string;
  title: string;
  description: string;
  validFrom: string;
  validUntil: string | null;
  url: string;
  /** checklist items: system code and the index of the item among the system's applicable items */
  items: ReadonlyArray<[string, number]>;
}

const EVIDENCE: readonly DemoEvidence[] = [
  {
    owner: 'UBND-BS', title: 'Quyết định 112/QĐ-UBND ban hành Quy chế bảo đảm an toàn thông tin mạng tỉnh Bình Sơn',
    description: 'Quy chế áp dụng cho mọi cơ quan, đơn vị thuộc tỉnh; bản ký số lưu trên hệ thống quản lý văn bản.',
    validFrom: '2024-03-01', validUntil: null, url: 'https://vanban.binhson.example.gov.vn/qd-112-qd-ubnd',
    items: [['BS-HTTT-001', 0], ['BS-HTTT-020', 0], ['BS-HTTT-031', 0]],
  },
  {
    owner: 'BS-VPUB', title: 'Biên bản kiểm tra cấu hình tường lửa năm 2025',
    description: 'Kiểm tra cấu hình tường lửa vùng máy chủ; cần kiểm tra lại trước khi biên bản hết hiệu lực.',
    validFrom: '2025-06-01', validUntil: '2026-10-31', url: 'https://vanban.binhson.example.gov.vn/bb-kiem-tra-tuong-lua-2025',
    items: [['BS-HTTT-031', 1]],
  },
  {
    owner: 'BHTDLS', title: 'Quy chế bảo đảm an toàn thông tin của Bộ',
    description: 'Quyết định ban hành quy chế; bản lưu tại Văn phòng Bộ.',
    validFrom: '2025-01-15', validUntil: null, url: 'https://vanban.bo.example.gov.vn/quy-che-attt',
    items: [['BHT-HTTT-004', 0]],
  },
];

export function seedEvidence(tx: SeedTx, ids: DemoIds): EvidenceSeedCounts {
  const need = (m: ReadonlyMap<string, number>, code: string) => {
    const id = m.get(code);
    if (id === undefined) throw new Error(`demo-evidence: unknown code ${code}`);
    return id;
  };
  const admin = ids.users.get('admin') ?? null;
  const counts: EvidenceSeedCounts = { evidenceItems: 0, evidenceLinks: 0 };
  const insertItem = (e: Omit<DemoEvidence, 'items'>) => {
    counts.evidenceItems += 1;
    return tx
      .insert(evidenceItems)
      .values({
        organisationId: need(ids.organisations, e.owner), title: e.title, description: e.description, validFrom: e.validFrom, validUntil: e.validUntil,
        url: e.url, searchText: fold(`${e.title} ${e.description}`), createdBy: admin, createdAt: `${e.validFrom}T02:00:00.000Z`, updatedAt: `${DEMO_TODAY}T02:00:00.000Z`,
      })
      .returning()
      .get().id;
  };

  for (const e of EVIDENCE) {
    const evidenceId = insertItem(e);
    for (const [code, index] of e.items) {
      const systemId = need(ids.systems, code);
      const d = decisionInForce(tx.select().from(levelDecisions).where(eq(levelDecisions.systemId, systemId)).all(), DEMO_TODAY);
      if (!d) throw new Error(`demo-evidence: ${code} has no approved level`);
      const catalogue = catalogueFor(d.regime);
      const item = applicableItems(d.regime, d.proposedLevel)[index];
      if (!item) throw new Error(`demo-evidence: ${code} has no item ${index}`);
      const answer = tx.select().from(checklistAnswers).where(and(eq(checklistAnswers.systemId, systemId), eq(checklistAnswers.itemId, item.id))).get();
      if (answer?.status !== 'met') throw new Error(`demo-evidence: ${code} ${item.id} is not answered met`);
      tx.insert(evidenceLinks).values({
        evidenceId, kind: 'checklist_item', targetKey: `checklist_item:${systemId}:${catalogue}:${item.id}`, catalogue, itemId: item.id, systemId, createdBy: admin,
      }).run();
      counts.evidenceLinks += 1;
    }
  }

  // the scan of a monitoring contract still running, for the layer 2 record it backs
  const contract = tx
    .select({ id: layer2Monitoring.id, systemId: layer2Monitoring.systemId, contractNumber: layer2Monitoring.contractNumber, startDate: layer2Monitoring.startDate, endDate: layer2Monitoring.endDate, operatorId: systems.operatorId })
    .from(layer2Monitoring)
    .innerJoin(systems, eq(systems.id, layer2Monitoring.systemId))
    .where(and(isNotNull(layer2Monitoring.contractNumber), isNotNull(layer2Monitoring.startDate), isNotNull(layer2Monitoring.endDate)))
    .orderBy(asc(layer2Monitoring.id))
    .all()
    .find((c) => c.endDate! > DEMO_TODAY && c.startDate! <= DEMO_TODAY);
  if (!contract) throw new Error('demo-evidence: no running layer 2 contract');
  const evidenceId = tx
    .insert(evidenceItems)
    .values({
      organisationId: contract.operatorId, title: `Hợp đồng giám sát, bảo vệ số ${contract.contractNumber} (bản scan)`,
      description: 'Bản scan hợp đồng đã ký và phụ lục phạm vi giám sát.', validFrom: contract.startDate!, validUntil: contract.endDate,
      url: 'https://vanban.binhson.example.gov.vn/hop-dong-giam-sat', searchText: fold(`Hợp đồng giám sát, bảo vệ số ${contract.contractNumber} bản scan`), createdBy: admin,
    })
    .returning()
    .get().id;
  counts.evidenceItems += 1;
  tx.insert(evidenceLinks).values({ evidenceId, kind: 'layer2', targetKey: `layer2:${contract.id}`, recordId: contract.id, systemId: contract.systemId, createdBy: admin }).run();
  counts.evidenceLinks += 1;
  return counts;
}
