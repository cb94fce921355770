// The move to Decree 331 by 1 Jul 2027, per system and per organisation: which systems move (levelled under
// Decree 85, or still to be approved under it), their re-determination under Decree 331, the new checklist
// with the old answers carried across the crosswalk as proposals that the user confirms (audited), the
// work list, what else changes, and the progress with the days left.
import type { Db } from '../../db/client.js';
import type { ChecklistAnswerRow } from '../../db/schema/compliance.js';
import type { LevelDecisionRow } from '../../db/schema/level-decisions.js';
import type { SystemRow } from '../../db/schema/systems.js';
import { memoByVersion } from '../../db/data-version.js';
import { daysBetween } from '../../domain/cadence.js';
import { catalogueFor, type ChecklistStatus } from '../../domain/catalog/index.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import type { Level, LevelAnswers } from '../../domain/level-criteria.js';
import { independenceIssues } from '../../domain/protection.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import {
  byRisk, daysLeft, LAYER4_CENTRES, levelImpact, moveAnswers, onWorkList, pendingProposal, TRANSITION, transitionItems, transitionProgress,
  type AnswerMove, type LevelImpact, type NewAnswer, type StoredAnswer, type TransitionItem, type TransitionProgress,
} from '../../domain/transition.js';
import { todayIso } from '../../i18n/format.js';
import { getSystem, subtreeIds, visibility, type Actor } from '../access/index.js';
import {
  checklistContent, saveChecklistAt, systemAnswers, writableSystem, writeAnswers, type ChecklistContent, type ChecklistSection,
} from '../checklists/checklists.service.js';
import type { ChecklistEdit } from '../checklists/checklists.schemas.js';
import { levelState, systemLevels } from '../levels/levels.service.js';
import { organisationIndex } from '../organisations/organisations.service.js';
import { protectionView } from '../protection/protection.service.js';
import * as repo from './transition.repository.js';

const OLD = catalogueFor('nd85');
const NEW = catalogueFor('nd331');

/** Why and from where a system moves; null when it does not (already under Decree 331, or no Decree 85 level). */
export interface MoveBasis {
  /** the Decree 85 level in force, or the one proposed under Decree 85 and not yet approved */
  oldLevel: Level;
  /** the level the Decree 331 checklist is built for: a pending Decree 331 proposal's, else the kept level */
  targetLevel: Level;
  /** the target comes from a proposal not yet approved */
  provisional: boolean;
  /** the Decree 85 decision the move starts from (approved, or pending approval) */
  nd85: LevelDecisionRow;
  /** a Decree 331 re-determination under way */
  pendingNd331: LevelDecisionRow | null;
  /** the Decree 85 level must still be approved, by 1 Jan 2027 */
  approveBy: string | null;
}

/** Still under construction on 1 Jul 2026: not live yet, or live only after that day (as LVL-06 reads it). */
function underConstructionOnTransition(s: Pick<SystemRow, 'lifecycleStatus' | 'goLiveDate'>): boolean {
  if (s.lifecycleStatus === 'under_construction' || s.lifecycleStatus === 'planned') return true;
  return s.goLiveDate !== null && s.goLiveDate > TRANSITION.constructionOn;
}

/**
 * A system levelled under Decree 85 moves from that level; a system still under construction on 1 Jul 2026
 * with a Decree 85 dossier under way moves from its proposed level, once approved by 1 Jan 2027.
 */
export function moveBasis(decisions: LevelDecisionRow[], system: Pick<SystemRow, 'lifecycleStatus' | 'goLiveDate'>): MoveBasis | null {
  const { approved, pending } = levelState(decisions);
  if (approved) {
    if (approved.regime !== 'nd85') return null;
    const pendingNd331 = pending?.regime === 'nd331' ? pending : null;
    return {
      oldLevel: approved.proposedLevel as Level, targetLevel: (pendingNd331?.proposedLevel ?? approved.proposedLevel) as Level,
      provisional: pendingNd331 !== null, nd85: approved, pendingNd331, approveBy: null,
    };
  }
  if (pending?.regime === 'nd85' && underConstructionOnTransition(system)) {
    return { oldLevel: pending.proposedLevel as Level, targetLevel: pending.proposedLevel as Level, provisional: true, nd85: pending, pendingNd331: null, approveBy: TRANSITION.approveNd85By };
  }
  return null;
}

const oldAnswersOf = (answers: readonly Pick<ChecklistAnswerRow, 'catalogue' | 'itemId' | 'status' | 'note'>[]): Map<string, StoredAnswer> =>
  new Map(answers.filter((a) => a.catalogue === OLD).map((a) => [a.itemId, { status: a.status, note: a.note }]));
const newAnswersOf = (answers: readonly Pick<ChecklistAnswerRow, 'catalogue' | 'itemId' | 'status' | 'carriedFrom'>[]): Map<string, NewAnswer> =>
  new Map(answers.filter((a) => a.catalogue === NEW).map((a) => [a.itemId, { status: a.status, carriedFrom: a.carriedFrom }]));

// ---- one system ----

export interface Layer4Check {
  /** the centre the current layer-4 record connects to, if any */
  centre: 'bca_ncsc' | 'provincial' | 'mic_ncsc' | null;
  /** connected (or connecting) to a centre of the Decree 331 regime */
  ok: boolean;
}

export interface SystemPlan {
  system: SystemRow;
  basis: MoveBasis;
  asOf: string;
  /** 1 Jul 2027 */
  deadline: string;
  daysLeft: number;
  items: TransitionItem[];
  answers: Map<string, NewAnswer>;
  progress: TransitionProgress;
  /** items whose proposal waits for confirmation */
  proposals: TransitionItem[];
  /** items still to do */
  work: TransitionItem[];
  /** the new checklist at the target level, with every stored answer */
  checklist: ChecklistContent;
  /** the work list's rows, grouped as the checklist */
  workSections: ChecklistSection[];
  move: AnswerMove;
  /** Decree 85 at the old level → Decree 331 at the target level */
  impact: LevelImpact;
  /** … and to the Decree 331 minimum level, when the answers imply a higher one */
  raise: LevelImpact | null;
  layer4: Layer4Check;
  /** the current assessor is the operator itself: ASM-04 once under Decree 331 */
  selfAssessed: boolean;
}

function filterSections(sections: readonly ChecklistSection[], keep: (itemId: string) => boolean): ChecklistSection[] {
  return sections
    .map((s) => ({ ...s, groups: s.groups.map((g) => ({ ...g, earlier: g.earlier, rows: g.rows.filter((r) => keep(r.item.id)) })).filter((g) => g.rows.length) }))
    .filter((s) => s.groups.length);
}

function planOf(system: SystemRow, basis: MoveBasis, answers: readonly ChecklistAnswerRow[], asOf: string, cfg: EngineConfig): Omit<SystemPlan, 'checklist' | 'workSections' | 'layer4' | 'selfAssessed'> {
  const items = transitionItems(basis.oldLevel, basis.targetLevel, oldAnswersOf(answers));
  const news = newAnswersOf(answers);
  const move = moveAnswers(basis.nd85.answers as Partial<LevelAnswers>);
  const opts = { asOf, cfg, nationalSecurityImportant: system.nationalSecurityImportant };
  const impact = levelImpact({ regime: 'nd85', level: basis.oldLevel }, { regime: 'nd331', level: basis.targetLevel }, opts);
  const raise = move.nd331.minimumLevel > basis.targetLevel
    ? levelImpact({ regime: 'nd85', level: basis.oldLevel }, { regime: 'nd331', level: move.nd331.minimumLevel }, opts)
    : null;
  return {
    system, basis, asOf, deadline: TRANSITION.meetNd331By, daysLeft: daysLeft(asOf), items, answers: news, progress: transitionProgress(items, news),
    proposals: items.filter((t) => pendingProposal(t, news.get(t.item.id))),
    work: items.filter((t) => onWorkList(t, news.get(t.item.id))),
    move, impact, raise,
  };
}

/** The system's move, or null when it does not move (already under Decree 331, or not levelled under Decree 85). */
export function systemPlan(db: Db, actor: Actor, systemId: number, cfg: EngineConfig, asOf = todayIso()): SystemPlan | null {
  const system = getSystem(db, actor, systemId);
  const basis = moveBasis(systemLevels(db, actor, systemId).decisions, system);
  if (!basis || system.lifecycleStatus === 'decommissioned') return null;
  const answers = systemAnswers(db, actor, systemId);
  const plan = planOf(system, basis, answers, asOf, cfg);
  const checklist = checklistContent('nd331', basis.targetLevel, answers);
  const work = new Set(plan.work.map((t) => t.item.id));

  const protection = protectionView(db, actor, systemId, asOf);
  const l4 = protection.current.layer4;
  const centre = l4 && l4.status !== 'not_connected' ? l4.centre : null;
  const l3 = protection.current.layer3;
  const orgs = organisationIndex(db);
  const assessor = l3 ? orgs.get(l3.assessorId) : undefined;
  const operator = orgs.get(system.operatorId);
  const owner = orgs.get(system.ownerId);
  const selfAssessed = !!assessor && !!operator && !!owner && independenceIssues({
    level: Math.max(basis.targetLevel, 3), regime: 'nd331', assessorKind: l3!.assessorKind, monitoring: null, assessor, operator, owner,
  }).some((i) => i.rule === 'ASM-04');

  return {
    ...plan, checklist, workSections: filterSections(checklist.sections, (id) => work.has(id)),
    layer4: { centre, ok: centre !== null && LAYER4_CENTRES.nd331.includes(centre) }, selfAssessed,
  };
}

/** The system page's card: the move's progress, or null. */
export function transitionSummary(db: Db, actor: Actor, systemId: number, cfg: EngineConfig, asOf = todayIso()): Pick<SystemPlan, 'basis' | 'progress' | 'daysLeft' | 'deadline'> | null {
  const system = getSystem(db, actor, systemId);
  const basis = moveBasis(systemLevels(db, actor, systemId).decisions, system);
  if (!basis || system.lifecycleStatus === 'decommissioned') return null;
  const { progress, daysLeft: left, deadline } = planOf(system, basis, systemAnswers(db, actor, systemId), asOf, cfg);
  return { basis, progress, daysLeft: left, deadline };
}

/** The plan of a system that moves; 409 (conflict) for one that does not. */
function requirePlan(db: Db, actor: Actor, systemId: number, cfg: EngineConfig): SystemPlan {
  const plan = systemPlan(db, actor, systemId, cfg);
  if (!plan) throw new ConflictError('tr.notMoving');
  return plan;
}

/** Owners and admins (403), on a system they see (404), not decommissioned and moving (409). */
export function writableMove(db: Db, actor: Actor, systemId: number, cfg: EngineConfig): SystemPlan {
  writableSystem(db, actor, systemId);
  return requirePlan(db, actor, systemId, cfg);
}

/**
 * Confirms proposals: each becomes the item's Decree 331 answer, with the old items it was carried from,
 * in one transaction with one audit entry. Only proposals still waiting are confirmed; `'all'` confirms
 * every one. Returns how many items were written.
 */
export function confirmProposals(db: Db, actor: Actor, systemId: number, which: readonly string[] | 'all', cfg: EngineConfig, now = new Date().toISOString()): number {
  const system = writableSystem(db, actor, systemId);
  const plan = requirePlan(db, actor, systemId, cfg);
  const wanted = which === 'all' ? null : new Set(which);
  if (wanted && !wanted.size) throw new ValidationError({ confirm: 'tr.v.chooseProposal' });
  const chosen = plan.proposals.filter((t) => !wanted || wanted.has(t.item.id));
  if (!chosen.length) return 0;
  return writeAnswers(db, actor, system, NEW, chosen.map((t) => ({
    itemId: t.item.id, status: t.proposal!.status, note: t.proposal!.note, carriedFrom: t.proposal!.from.join(' '),
  })), 'crosswalk · ', now);
}

/** Saves the work list's form: answers of the Decree 331 checklist at the target level. */
export function saveWork(db: Db, actor: Actor, systemId: number, edits: ReadonlyMap<string, ChecklistEdit>, cfg: EngineConfig): number {
  writableSystem(db, actor, systemId);
  const plan = requirePlan(db, actor, systemId, cfg);
  return saveChecklistAt(db, actor, systemId, { regime: 'nd331', level: plan.basis.targetLevel }, edits);
}

// ---- an organisation ----

export interface OrgRow {
  system: SystemRow;
  basis: MoveBasis;
  level: Level;
  progress: TransitionProgress;
  /** days to the due date (a system whose Decree 85 approval is due first counts to 1 Jan 2027) */
  daysLeft: number;
  /** the minimum level the Decree 85 answers imply under Decree 331 */
  nd331Minimum: Level;
  /** what the system still owes first: approval under Decree 85 by 1 Jan 2027, else the measures by 1 Jul 2027 */
  dueDate: string;
}

export interface OrgTransition {
  asOf: string;
  deadline: string;
  daysLeft: number;
  rows: OrgRow[];
  byStage: Record<TransitionProgress['stage'], number>;
}

/** Every moving system the actor sees (optionally under one organisation of their subtree), most at risk first. */
export function organisationTransition(db: Db, actor: Actor, orgId: number | undefined, cfg: EngineConfig, asOf = todayIso()): OrgTransition {
  // an organisation outside the actor's subtree is ignored rather than revealed
  const org = orgId !== undefined && actor.scope.has(orgId) ? orgId : undefined;
  return memoByVersion(db, `transition:${actor.id}:${org ?? ''}:${asOf}:${cfg.ct14 ? 1 : 0}`, () => {
    const data = repo.candidateRows(db, visibility(db, actor), org === undefined ? undefined : subtreeIds(db, org));
    const rows: OrgRow[] = [];
    for (const system of data.systems) {
      const basis = moveBasis(data.decisions.get(system.id) ?? [], system);
      if (!basis) continue;
      const answers = data.answers.get(system.id) ?? [];
      const items = transitionItems(basis.oldLevel, basis.targetLevel, oldAnswersOf(answers));
      const progress = transitionProgress(items, newAnswersOf(answers));
      const due = basis.approveBy ?? TRANSITION.meetNd331By;
      rows.push({
        system, basis, level: basis.targetLevel, progress, daysLeft: daysBetween(asOf, due), dueDate: due,
        nd331Minimum: moveAnswers(basis.nd85.answers as Partial<LevelAnswers>).nd331.minimumLevel,
      });
    }
    rows.sort((a, b) => byRisk({ ...a, workLeft: a.progress.workLeft }, { ...b, workLeft: b.progress.workLeft }) || a.system.nameVi.localeCompare(b.system.nameVi, 'vi'));
    const byStage = { not_started: 0, in_progress: 0, done: 0 };
    for (const r of rows) byStage[r.progress.stage] += 1;
    return { asOf, deadline: TRANSITION.meetNd331By, daysLeft: daysLeft(asOf), rows, byStage };
  });
}

export type { ChecklistStatus };
