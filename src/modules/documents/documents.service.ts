// The data of a level decision's papers (the level dossier and the draft approval decision), read through
// the services of the pages they come from, so they answer to the same visibility: a decision of a system
// the actor may not see is a 404, like the decision page. Plain data, no i18n: the writers word it.
import type { Db } from '../../db/client.js';
import type { LevelDecisionRow } from '../../db/schema/level-decisions.js';
import type { Organisation } from '../../db/schema/organisations.js';
import {
  applicableItems, catalogueFor, checklistStats, UNVERIFIED,
  type CatalogueId, type CatalogueItem, type ChecklistStats, type ChecklistStatus,
} from '../../domain/catalog/index.js';
import { authorities } from '../../domain/dossier.js';
import { NotFoundError } from '../../domain/errors.js';
import { DEFAULT_ANSWERS, determineMinimumLevel, type Level, type LevelAnswers, type LevelResult } from '../../domain/level-criteria.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import type { Actor } from '../access/index.js';
import { checklistView } from '../checklists/checklists.service.js';
import { evidenceService, type ItemEvidence } from '../evidence/index.js';
import { getDecision, systemLevels } from '../levels/levels.service.js';
import { findOrganisation } from '../organisations/organisations.service.js';
import { printData, type PrintData } from '../print/print.service.js';

export interface PlanItem {
  item: CatalogueItem;
  status: ChecklistStatus;
  note: string | null;
  /** the evidence attached to the item in the system's checklist, validity as of the paper's date */
  evidence: readonly ItemEvidence[];
}

export interface PaperData {
  asOf: string;
  /** the system page's print data: the system, its organisations, the four layers (the same records as the checklist sheet) */
  print: PrintData;
  decision: LevelDecisionRow;
  /** the dossier version: the decision's place among the system's determinations (1 = the first), and how many there are */
  version: number;
  versions: number;
  answers: LevelAnswers;
  /** the criteria the answers meet, under the decision's regime, with the deciding articles */
  result: LevelResult;
  /** i18n keys of who appraises and who approves at the proposed level (Decree 331 Art 18; Decree 85 Art 12) */
  who: { appraiser: string; approver: string; article: string };
  owner: Organisation | undefined;
  operator: Organisation | undefined;
  operatorParent: Organisation | undefined;
  securityUnit: Organisation | undefined;
  /** who signs the approval: the security unit for levels 1–2, the owner for 3–5 */
  approver: Organisation | undefined;
  approverParent: Organisation | undefined;
  /** the security plan by requirement: the catalogue items of the proposed level under the decision's regime, with the answers */
  plan: { catalogue: CatalogueId; unverified: boolean; stats: ChecklistStats; items: PlanItem[] };
}

/**
 * Everything both papers need for one decision of a system the actor may see (404 otherwise, as on the
 * decision page). A rejected dossier has no papers (404).
 */
export function paperData(db: Db, actor: Actor, systemId: number, decisionId: number, engine: EngineConfig, asOf: string = todayIso()): PaperData {
  const decision = getDecision(db, actor, systemId, decisionId);
  if (decision.dossierStatus === 'rejected') throw new NotFoundError('decision');
  const print = printData(db, actor, systemId, engine, asOf);
  const history = [...systemLevels(db, actor, systemId).decisions].sort((a, b) => a.id - b.id);
  const answers = { ...DEFAULT_ANSWERS, ...(decision.answers as Partial<LevelAnswers>) };
  const level = decision.proposedLevel as Level;
  const org = (id: number | null | undefined) => (id === null || id === undefined ? undefined : (print.orgs.get(id) ?? findOrganisation(db, id)));
  const s = print.system;
  const operator = org(s.operatorId);
  const securityUnit = org(s.securityUnitId);
  const owner = org(s.ownerId);
  const approver = level <= 2 ? (securityUnit ?? owner) : owner;

  // every answer the system has, whatever level it was given at: the dossier's level may differ from the one in force
  const view = checklistView(db, actor, systemId, 'all');
  const catalogue = catalogueFor(decision.regime);
  const answered = new Map(
    [...view.rows.flatMap((r) => (r.answer ? [r.answer] : [])), ...view.kept.map((k) => k.answer)]
      .filter((a) => a.catalogue === catalogue)
      .map((a) => [a.itemId, a]),
  );
  const items = applicableItems(decision.regime, level);
  const evidence = evidenceService.evidenceByItem(db, actor, systemId, catalogue, asOf, engine.dueSoonDays);
  return {
    asOf,
    print,
    decision,
    version: history.findIndex((d) => d.id === decision.id) + 1,
    versions: history.length,
    answers,
    result: determineMinimumLevel(decision.regime, answers),
    who: authorities(level, decision.regime),
    owner, operator, securityUnit, approver,
    operatorParent: org(operator?.parentId),
    approverParent: org(approver?.parentId),
    plan: {
      catalogue,
      unverified: UNVERIFIED[catalogue],
      stats: checklistStats(items, answered.values()),
      items: items.map((item) => {
        const a = answered.get(item.id);
        return { item, status: a?.status ?? 'not_assessed', note: a?.note ?? null, evidence: evidence.get(item.id) ?? [] };
      }),
    },
  };
}
