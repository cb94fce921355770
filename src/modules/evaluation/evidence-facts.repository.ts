// The evidence behind the claims the rules read (src/domain/evidence.ts), loaded in one query beside the
// other facts: the evidence attached to the scope's checklist items (with the answer's status), layer
// records and findings, and to the certificates of the people assigned to its systems. Kept apart from
// facts.repository.ts: loadFacts only asks this for a row's evidence.
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { checklistAnswers } from '../../db/schema/compliance.js';
import { evidenceItems, evidenceLinks } from '../../db/schema/evidence.js';
import { applicableItems, catalogueFor } from '../../domain/catalog/index.js';
import type { Regime } from '../../domain/level-criteria.js';
import type { EvidencedItem, EvidenceRef } from '../../domain/rules/index.js';

export interface EvidenceFacts {
  /** `row` with the evidence attached to the target `key` (`layer2|12`, `finding|3`, `certificate|7`), or the row itself when none is */
  attach<R extends object>(row: R, key: string): R;
  /** The items of a system's checklist (regime and level) answered met that have evidence attached. */
  metItems(systemId: number, regime: Regime, level: number): EvidencedItem[];
}

const applicableSets = new Map<string, Set<string>>();
function applicableSet(regime: Regime, level: number): Set<string> {
  const k = `${regime}|${level}`;
  let s = applicableSets.get(k);
  if (!s) applicableSets.set(k, (s = new Set(applicableItems(regime, level).map((i) => i.id))));
  return s;
}

/**
 * `systemIds`: a subquery of the scope's system ids; `operatorIds`: one of the people assigned to them.
 * Most rows have no evidence: the answer is cheap to ask for every row.
 */
export function loadEvidenceFacts(db: Db, systemIds: SQL, operatorIds: SQL): EvidenceFacts {
  const byTarget = new Map<string, EvidenceRef[]>();
  const metBySystem = new Map<number, { catalogue: string; itemId: string; key: string }[]>();
  const rows = db
    .select({
      kind: evidenceLinks.kind, recordId: evidenceLinks.recordId, systemId: evidenceLinks.systemId, catalogue: evidenceLinks.catalogue, itemId: evidenceLinks.itemId,
      status: checklistAnswers.status, id: evidenceItems.id, title: evidenceItems.title, validFrom: evidenceItems.validFrom, validUntil: evidenceItems.validUntil,
    })
    .from(evidenceLinks)
    .innerJoin(evidenceItems, eq(evidenceItems.id, evidenceLinks.evidenceId))
    .leftJoin(
      checklistAnswers,
      sql`${checklistAnswers.systemId} = ${evidenceLinks.systemId} AND ${checklistAnswers.catalogue} = ${evidenceLinks.catalogue} AND ${checklistAnswers.itemId} = ${evidenceLinks.itemId}`,
    )
    .where(
      sql`(${evidenceLinks.systemId} IN ${systemIds} AND ${evidenceLinks.kind} IN ('checklist_item', 'layer1', 'layer2', 'layer3', 'layer4', 'finding'))
        OR (${evidenceLinks.kind} = 'certificate' AND ${evidenceLinks.operatorId} IN ${operatorIds})`,
    )
    .orderBy(asc(evidenceItems.id))
    .all();
  for (const l of rows) {
    const key = l.kind === 'checklist_item' ? `c|${l.systemId}|${l.catalogue}|${l.itemId}` : `${l.kind}|${l.recordId}`;
    let refs = byTarget.get(key);
    if (!refs) {
      byTarget.set(key, (refs = []));
      if (l.kind === 'checklist_item' && l.status === 'met' && l.systemId !== null) {
        const list = metBySystem.get(l.systemId) ?? [];
        list.push({ catalogue: l.catalogue!, itemId: l.itemId!, key });
        metBySystem.set(l.systemId, list);
      }
    }
    refs.push({ id: l.id, title: l.title, validFrom: l.validFrom, validUntil: l.validUntil });
  }
  return {
    attach: (row, key) => {
      const evidence = byTarget.get(key);
      return evidence ? { ...row, evidence } : row;
    },
    metItems: (systemId, regime, level) => {
      const items = metBySystem.get(systemId);
      if (!items) return [];
      const catalogue = catalogueFor(regime);
      const applicable = applicableSet(regime, level);
      return items.filter((i) => i.catalogue === catalogue && applicable.has(i.itemId)).map((i) => ({ itemId: i.itemId, evidence: byTarget.get(i.key)! }));
    },
  };
}
