// A system's baseline checklist (RULES §6): the catalogue items of its level and regime, with an answer
// per item. Answers are stored per catalogue and item, never per level, so a level change keeps them and
// only recomputes which apply.
import type { Db } from '../../db/client.js';
import type { SystemRow } from '../../db/schema/systems.js';
import {
  AREAS, applicableItems, catalogueFor, checklistStats, findItem, UNVERIFIED,
  type Area, type CatalogueId, type CatalogueItem, type ChecklistStats, type ChecklistStatus,
} from '../../domain/catalog/index.js';
import { ConflictError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import type { Regime } from '../../domain/level-criteria.js';
import { assertCan, type Actor, getSystem } from '../access/index.js';
import { audit } from '../audit/audit.service.js';
import { levelsOf } from '../levels/levels.service.js';
import * as repo from './checklists.repository.js';
import type { ChecklistEdit, ChecklistFilter } from './checklists.schemas.js';

/** The level the checklist is built for: the approved one, else the pending proposal's (provisional), else none. */
export interface ChecklistBasis {
  level: number | null;
  regime: Regime | null;
  provisional: boolean;
}

export function basisOf(db: Db, systemId: number): ChecklistBasis {
  const { approved, pending } = levelsOf(db, systemId);
  if (approved) return { level: approved.proposedLevel, regime: approved.regime, provisional: false };
  if (pending) return { level: pending.proposedLevel, regime: pending.regime, provisional: true };
  return { level: null, regime: null, provisional: false };
}

export interface ChecklistRow {
  item: CatalogueItem;
  status: ChecklistStatus; // 'not_assessed' when there is no answer yet
  answer: repo.AnswerWithAuthor | undefined;
}

export interface ChecklistGroup {
  group: string;
  groupVi: string;
  rows: ChecklistRow[];
}

/** An answer for an item outside the current checklist (another level or regime): shown, never counted. */
export interface KeptAnswer {
  answer: repo.AnswerWithAuthor;
  item: CatalogueItem | undefined;
}

export interface ChecklistView extends ChecklistBasis {
  system: SystemRow;
  catalogue: CatalogueId | null;
  unverified: boolean;
  stats: ChecklistStats | null;
  rows: ChecklistRow[]; // after the filter
  areas: Array<{ area: Area; groups: ChecklistGroup[] }>; // the filtered rows, by area → group, in catalogue order
  kept: KeptAnswer[];
}

function matches(filter: ChecklistFilter, status: ChecklistStatus): boolean {
  if (filter === 'not_met') return status === 'not_met' || status === 'partly_met';
  if (filter === 'not_assessed') return status === 'not_assessed';
  return true;
}

function build(db: Db, system: SystemRow, filter: ChecklistFilter): ChecklistView {
  const basis = basisOf(db, system.id);
  const answers = repo.answersOf(db, system.id);
  if (basis.level === null || basis.regime === null) {
    return {
      ...basis, system, catalogue: null, unverified: false, stats: null, rows: [], areas: [],
      kept: answers.map((answer) => ({ answer, item: findItem(answer.catalogue, answer.itemId) })),
    };
  }
  const catalogue = catalogueFor(basis.regime);
  const items = applicableItems(basis.regime, basis.level);
  const ids = new Set(items.map((i) => i.id));
  const current = new Map(answers.filter((a) => a.catalogue === catalogue).map((a) => [a.itemId, a]));
  const all: ChecklistRow[] = items.map((item) => {
    const answer = current.get(item.id);
    return { item, answer, status: answer?.status ?? 'not_assessed' };
  });
  const rows = all.filter((r) => matches(filter, r.status));
  const areas = AREAS.map((area) => {
    const groups = new Map<string, ChecklistGroup>();
    for (const r of rows.filter((x) => x.item.area === area)) {
      const g = groups.get(r.item.group) ?? { group: r.item.group, groupVi: r.item.group_vi, rows: [] };
      g.rows.push(r);
      groups.set(r.item.group, g);
    }
    return { area, groups: [...groups.values()] };
  }).filter((a) => a.groups.length);
  return {
    ...basis, system, catalogue, unverified: UNVERIFIED[catalogue], rows, areas,
    stats: checklistStats(items, current.values()),
    kept: answers
      .filter((a) => a.catalogue !== catalogue || !ids.has(a.itemId))
      .map((answer) => ({ answer, item: findItem(answer.catalogue, answer.itemId) })),
  };
}

export function checklistView(db: Db, actor: Actor, systemId: number, filter: ChecklistFilter = 'all'): ChecklistView {
  return build(db, getSystem(db, actor, systemId), filter);
}

export type ChecklistSummary = ChecklistBasis & { catalogue: CatalogueId | null; unverified: boolean; stats: ChecklistStats | null };

/** The system page's card: which checklist applies and CHK-01's numbers (null stats when there is no level). */
export function checklistSummary(db: Db, actor: Actor, systemId: number): ChecklistSummary {
  const { level, regime, provisional, catalogue, unverified, stats } = checklistView(db, actor, systemId);
  return { level, regime, provisional, catalogue, unverified, stats };
}

/** Owners and admins (403 otherwise), on a system they see (404 otherwise) that is not decommissioned (409). */
export function writableSystem(db: Db, actor: Actor, systemId: number): SystemRow {
  assertCan(actor, 'system.write');
  const system = getSystem(db, actor, systemId);
  if (system.lifecycleStatus === 'decommissioned') throw new ConflictError('system.decommissioned');
  return system;
}

interface Answer {
  status: ChecklistStatus;
  note: string | null;
}

/**
 * Saves the rows of the fast form that changed, with one audit entry for the request whose changes are
 * item id → [before, after]. Items outside the current checklist are ignored (a form opened before a level
 * change); "not applicable" needs its reason in the note. Returns how many items changed.
 */
export function saveChecklist(db: Db, actor: Actor, systemId: number, edits: ReadonlyMap<string, ChecklistEdit>, now = new Date().toISOString()): number {
  const system = writableSystem(db, actor, systemId);
  const { level, regime } = basisOf(db, systemId);
  if (level === null || regime === null) throw new ConflictError('chk.noLevel');
  const catalogue = catalogueFor(regime);
  const applicable = new Set(applicableItems(regime, level).map((i) => i.id));
  const stored = new Map(repo.answersOf(db, systemId).filter((a) => a.catalogue === catalogue).map((a) => [a.itemId, a]));

  const errors: FieldErrors = {};
  const changed: Array<{ itemId: string; before: Answer; after: Answer }> = [];
  for (const [itemId, edit] of edits) {
    if (!applicable.has(itemId)) continue;
    const s = stored.get(itemId);
    const before: Answer = { status: s?.status ?? 'not_assessed', note: s?.note ?? null };
    const after: Answer = { status: edit.status ?? before.status, note: edit.note !== undefined ? edit.note : before.note };
    if (after.status === 'not_applicable' && !after.note) errors[itemId] = 'chk.v.reasonRequired';
    else if (after.status !== before.status || after.note !== before.note) changed.push({ itemId, before, after });
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  if (!changed.length) return 0;

  db.transaction((tx) => {
    for (const c of changed) repo.saveAnswer(tx, { systemId, catalogue, itemId: c.itemId, ...c.after, setBy: actor.id, setAt: now });
    audit(tx, actor, {
      action: 'update', entityType: 'checklist', entityId: systemId, systemId, organisationId: system.operatorId,
      summary: `${catalogue} · ${changed.length}`,
      changes: Object.fromEntries(changed.map((c) => [c.itemId, [c.before, c.after]])),
    });
  });
  return changed.length;
}
