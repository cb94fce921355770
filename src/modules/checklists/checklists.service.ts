// A system's baseline checklist (docs/rules.md §6): the catalogue items of its level and regime, with an answer
// per item. Answers are stored per catalogue and item, never per level, so a level change keeps them and
// only recomputes which apply. TCVN 11930 items are grouped by area and group; TCVN 14423 items under the
// outline's headings, where an answer given to a whole group (before the catalogue had items) stays visible.
import type { Db } from '../../db/client.js';
import type { SystemRow } from '../../db/schema/systems.js';
import {
  AREAS, applicableItems, cadencesAt, catalogueFor, catalogueGroups, checklistStats, conditionOf, findGroup, findItem, groupSection,
  itemCitation, levelNote, UNVERIFIED,
  type Area, type Bilingual, type CatalogueGroup, type CatalogueId, type CatalogueItem, type ChecklistStats, type ChecklistStatus, type CitationPart,
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
  /** the item's citation at the checklist's level */
  citation: CitationPart[];
  condition: Bilingual | null;
  /** what the level asks of this item in particular (TCVN 11930 level notes, TCVN 14423 highlights) */
  levelNote: Bilingual | null;
  cadences: ReturnType<typeof cadencesAt>;
}

export interface ChecklistGroup {
  /** the outline group's id (TCVN 14423), or the group's name (TCVN 11930) */
  id: string;
  group: string;
  groupVi: string;
  /** TCVN 14423: the heading's clause at the level, e.g. "5.10" */
  section: string | null;
  /** TCVN 14423: what the level adds in this group */
  highlight: Bilingual | null;
  /** an answer given earlier to the whole group (read-only: the items are answered now) */
  earlier: repo.AnswerWithAuthor | null;
  rows: ChecklistRow[];
}

/** TCVN 11930: one section per area; TCVN 14423 does not split by area: one section (area null) of outline headings. */
export interface ChecklistSection {
  area: Area | null;
  groups: ChecklistGroup[];
}

/** An answer for an item outside the current checklist (another level or regime): shown, never counted. */
export interface KeptAnswer {
  answer: repo.AnswerWithAuthor;
  item: CatalogueItem | undefined;
  /** the answer was given to a whole TCVN 14423 group that does not apply at the current level */
  group: CatalogueGroup | undefined;
}

/** The checklist of one catalogue at one level, from the stored answers (no I/O). */
export interface ChecklistContent {
  catalogue: CatalogueId;
  unverified: boolean;
  stats: ChecklistStats;
  /** every applicable row, whatever the filter */
  all: ChecklistRow[];
  rows: ChecklistRow[]; // after the filter
  sections: ChecklistSection[]; // the filtered rows, by area → group (TCVN 11930) or outline heading (TCVN 14423)
  kept: KeptAnswer[];
}

export interface ChecklistView extends ChecklistBasis {
  system: SystemRow;
  catalogue: CatalogueId | null;
  unverified: boolean;
  stats: ChecklistStats | null;
  rows: ChecklistRow[]; // after the filter
  sections: ChecklistSection[];
  kept: KeptAnswer[];
}

function matches(filter: ChecklistFilter, status: ChecklistStatus): boolean {
  if (filter === 'not_met') return status === 'not_met' || status === 'partly_met';
  if (filter === 'not_assessed') return status === 'not_assessed';
  return true;
}

const keptOf = (catalogue: CatalogueId, answer: repo.AnswerWithAuthor): KeptAnswer => ({
  answer,
  item: findItem(catalogue, answer.itemId),
  group: findItem(catalogue, answer.itemId) ? undefined : findGroup(catalogue, answer.itemId),
});

/** Rows of a catalogue at a level with the stored answers (all catalogues' answers may be passed: others are kept). */
export function checklistContent(regime: Regime, level: number, answers: readonly repo.AnswerWithAuthor[], filter: ChecklistFilter = 'all'): ChecklistContent {
  const catalogue = catalogueFor(regime);
  const items = applicableItems(regime, level);
  const ids = new Set(items.map((i) => i.id));
  const current = new Map(answers.filter((a) => a.catalogue === catalogue).map((a) => [a.itemId, a]));
  const all: ChecklistRow[] = items.map((item) => {
    const answer = current.get(item.id);
    return {
      item, answer, status: answer?.status ?? 'not_assessed',
      citation: itemCitation(catalogue, item, level), condition: conditionOf(item), levelNote: levelNote(item, level), cadences: cadencesAt(item, level),
    };
  });
  const rows = all.filter((r) => matches(filter, r.status));

  const outline = catalogueGroups(catalogue);
  const onHeadings = new Set<string>();
  let sections: ChecklistSection[];
  if (outline.length) {
    // every heading with items at the level (a group may start at a higher level than some of its items: DEV-03 at 2)
    const groups = outline
      .map((g): ChecklistGroup => {
        // an answer keyed by the group's id is an answer to the whole group, unless an item has the same id (A.PHYS)
        const earlier = !ids.has(g.id) ? (current.get(g.id) ?? null) : null;
        if (earlier) onHeadings.add(g.id);
        return {
          id: g.id, group: g.group, groupVi: g.group_vi, section: groupSection(g, level), highlight: levelNote(g, level), earlier,
          rows: rows.filter((r) => r.item.group_id === g.id),
        };
      })
      .filter((g) => g.rows.length);
    sections = groups.length ? [{ area: null, groups }] : [];
  } else {
    sections = AREAS.map((area) => {
      const groups = new Map<string, ChecklistGroup>();
      for (const r of rows.filter((x) => x.item.area === area)) {
        const g = groups.get(r.item.group) ?? { id: r.item.group, group: r.item.group, groupVi: r.item.group_vi, section: null, highlight: null, earlier: null, rows: [] };
        g.rows.push(r);
        groups.set(r.item.group, g);
      }
      return { area, groups: [...groups.values()] };
    }).filter((a) => a.groups.length);
  }
  return {
    catalogue, unverified: UNVERIFIED[catalogue], all, rows, sections,
    stats: checklistStats(items, current.values()),
    kept: answers
      .filter((a) => a.catalogue !== catalogue || (!ids.has(a.itemId) && !onHeadings.has(a.itemId)))
      .map((a) => keptOf(a.catalogue, a)),
  };
}

function build(db: Db, system: SystemRow, filter: ChecklistFilter): ChecklistView {
  const basis = basisOf(db, system.id);
  const answers = repo.answersOf(db, system.id);
  if (basis.level === null || basis.regime === null) {
    return {
      ...basis, system, catalogue: null, unverified: false, stats: null, rows: [], sections: [],
      kept: answers.map((a) => keptOf(a.catalogue, a)),
    };
  }
  const c = checklistContent(basis.regime, basis.level, answers, filter);
  return { ...basis, system, catalogue: c.catalogue, unverified: c.unverified, stats: c.stats, rows: c.rows, sections: c.sections, kept: c.kept };
}

export function checklistView(db: Db, actor: Actor, systemId: number, filter: ChecklistFilter = 'all'): ChecklistView {
  return build(db, getSystem(db, actor, systemId), filter);
}

/** Every stored answer of a system the actor may see (every catalogue). */
export function systemAnswers(db: Db, actor: Actor, systemId: number): repo.AnswerWithAuthor[] {
  getSystem(db, actor, systemId);
  return repo.answersOf(db, systemId);
}

export type ChecklistSummary = ChecklistBasis & { catalogue: CatalogueId | null; unverified: boolean; stats: ChecklistStats | null };

/** The system page's card: which checklist applies and CHK-01's numbers (null stats when there is no level). */
export function checklistSummary(db: Db, actor: Actor, systemId: number): ChecklistSummary {
  const { level, regime, provisional, catalogue, unverified, stats } = checklistView(db, actor, systemId);
  return { level, regime, provisional, catalogue, unverified, stats };
}

/** The items of a system's checklist (its level and regime), for a choice such as a finding's requirement; [] without a level. */
export function checklistItems(db: Db, actor: Actor, systemId: number): { catalogue: CatalogueId | null; level: number | null; items: CatalogueItem[] } {
  getSystem(db, actor, systemId);
  const { level, regime } = basisOf(db, systemId);
  if (level === null || regime === null) return { catalogue: null, level: null, items: [] };
  return { catalogue: catalogueFor(regime), level, items: applicableItems(regime, level) };
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

/** One answer to write: its status and note, and the old items it was carried from (a confirmed transition proposal). */
export interface AnswerWrite extends Answer {
  itemId: string;
  carriedFrom?: string | null;
}

/**
 * Writes answers of one catalogue in one transaction, with one audit entry whose changes are item id →
 * [before, after] (after names the old items when carried). Rows equal to the stored answer are skipped.
 * The caller has checked the actor and the items. Returns how many items changed.
 */
export function writeAnswers(
  db: Db, actor: Actor, system: SystemRow, catalogue: CatalogueId, writes: readonly AnswerWrite[], summary: string, now = new Date().toISOString(),
): number {
  const stored = new Map(repo.answersOf(db, system.id).filter((a) => a.catalogue === catalogue).map((a) => [a.itemId, a]));
  const changed = writes.flatMap((w) => {
    const s = stored.get(w.itemId);
    const before: Answer = { status: s?.status ?? 'not_assessed', note: s?.note ?? null };
    const carriedFrom = w.carriedFrom ?? null;
    if (w.status === before.status && w.note === before.note && carriedFrom === (s?.carriedFrom ?? null)) return [];
    const after = carriedFrom ? { status: w.status, note: w.note, carriedFrom } : { status: w.status, note: w.note };
    return [{ itemId: w.itemId, before, after, carriedFrom }];
  });
  if (!changed.length) return 0;
  db.transaction((tx) => {
    for (const c of changed) {
      repo.saveAnswer(tx, { systemId: system.id, catalogue, itemId: c.itemId, status: c.after.status, note: c.after.note, carriedFrom: c.carriedFrom, setBy: actor.id, setAt: now });
    }
    audit(tx, actor, {
      action: 'update', entityType: 'checklist', entityId: system.id, systemId: system.id, organisationId: system.operatorId,
      summary: `${catalogue} · ${summary}${changed.length}`,
      changes: Object.fromEntries(changed.map((c) => [c.itemId, [c.before, c.after]])),
    });
  });
  return changed.length;
}

/**
 * Saves the rows of the fast form that changed, for a checklist of a given regime and level. Items outside
 * that checklist are ignored (a form opened before a level change); "not applicable" needs its reason in
 * the note. Returns how many items changed.
 */
export function saveChecklistAt(
  db: Db, actor: Actor, systemId: number, at: { regime: Regime; level: number }, edits: ReadonlyMap<string, ChecklistEdit>, now = new Date().toISOString(),
): number {
  const system = writableSystem(db, actor, systemId);
  const catalogue = catalogueFor(at.regime);
  const applicable = new Set(applicableItems(at.regime, at.level).map((i) => i.id));
  const stored = new Map(repo.answersOf(db, systemId).filter((a) => a.catalogue === catalogue).map((a) => [a.itemId, a]));

  const errors: FieldErrors = {};
  const writes: AnswerWrite[] = [];
  for (const [itemId, edit] of edits) {
    if (!applicable.has(itemId)) continue;
    const s = stored.get(itemId);
    const before: Answer = { status: s?.status ?? 'not_assessed', note: s?.note ?? null };
    const after: Answer = { status: edit.status ?? before.status, note: edit.note !== undefined ? edit.note : before.note };
    if (after.status === 'not_applicable' && !after.note) errors[itemId] = 'chk.v.reasonRequired';
    // an edit that changes nothing keeps a carried answer's origin
    else if (after.status !== before.status || after.note !== before.note) writes.push({ itemId, ...after });
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return writeAnswers(db, actor, system, catalogue, writes, '', now);
}

/** The checklist page's form: the system's own checklist (its basis). */
export function saveChecklist(db: Db, actor: Actor, systemId: number, edits: ReadonlyMap<string, ChecklistEdit>, now = new Date().toISOString()): number {
  writableSystem(db, actor, systemId);
  const { level, regime } = basisOf(db, systemId);
  if (level === null || regime === null) throw new ConflictError('chk.noLevel');
  return saveChecklistAt(db, actor, systemId, { regime, level }, edits, now);
}
