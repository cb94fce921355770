import { changesBetween, dataVersion, oldestChange } from '../../db/change-log.js';
import type { Db, Tx } from '../../db/client.js';
import type { LevelDecisionRow } from '../../db/schema/level-decisions.js';
import type { SystemRow } from '../../db/schema/systems.js';
import { canStep, isPending, type Step } from '../../domain/dossier.js';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { DEFAULT_ANSWERS, determineMinimumLevel, type Level, type LevelAnswers, type LevelResult, type Regime } from '../../domain/level-criteria.js';
import { decisionInForce, levelInForce, regimeOn } from '../../domain/timeline.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { isChange, levelImpact, moveAnswers, type AnswerMove, type LevelImpact } from '../../domain/transition.js';
import { todayIso } from '../../i18n/format.js';
import { assertCan, type Actor, getSystem, visibility, visibleCondition } from '../access/index.js';
import { can } from '../../domain/permissions.js';
import { audit, diff, updateAudited } from '../audit/audit.service.js';
import * as notices from '../mail/notices.service.js';
import * as repo from './levels.repository.js';
import type { StepInput } from './levels.schemas.js';

const AUDITED = [
  'regime', 'answers', 'computedLevel', 'proposedLevel', 'proposalReason', 'dossierStatus', 'submittedDate', 'appraisalBody',
  'appraisalDate', 'appraisalRef', 'approvalNumber', 'approvalDate', 'approvingBody', 'regulationNumber', 'regulationDate', 'rejectionReason',
] as const;

export interface LevelState {
  decisions: LevelDecisionRow[]; // newest first
  approved: LevelDecisionRow | undefined; // the one in force on the date asked (timeline.ts decisionInForce)
  pending: LevelDecisionRow | undefined; // a proposal under way (draft/submitted/appraised)
  /** the level in force (the approved decision's), and the regime the system is judged under */
  level: number | null;
  regime: Regime;
}

/** A system's decisions as of a date: the one in force by the timeline, the proposal under way, every row as history. */
export function levelState(decisions: LevelDecisionRow[], date: string = todayIso()): LevelState {
  const approved = decisionInForce(decisions, date) ?? undefined;
  const pending = decisions.find((d) => isPending(d.dossierStatus));
  return { decisions, approved, pending, level: approved?.proposedLevel ?? null, regime: regimeOn(decisions, date) };
}

/** The level decisions of a system as of a date, for a caller that has already checked the actor may see it. */
export function levelsOf(db: Tx, systemId: number, date: string = todayIso()): LevelState {
  return levelState(repo.decisionsOf(db, systemId), date);
}

/** The level decisions of a system the actor may see, as of a date (today by default). */
export function systemLevels(db: Db, actor: Actor, systemId: number, date: string = todayIso()): LevelState {
  getSystem(db, actor, systemId);
  return levelState(repo.decisionsOf(db, systemId), date);
}

/** What the register, the exports and the annual report show of a system's decisions as of a date. */
export interface DecisionRegister {
  /** the decision in force on the date (timeline.ts decisionInForce), if any */
  inForce: LevelDecisionRow | undefined;
  /** the newest decision of any status (a proposal under way, or the one in force) */
  latest: LevelDecisionRow | undefined;
  /** the dossier version of each decision, by id: 1 = the system's first determination */
  version: Map<number, number>;
}

/** The decisions of the given systems as of `date`, read in chunks (no query per system). */
export function decisionRegister(db: Db, systemIds: readonly number[], date: string = todayIso()): Map<number, DecisionRegister> {
  const bySystem = new Map<number, LevelDecisionRow[]>();
  for (const d of repo.decisionsOfSystems(db, systemIds)) {
    const list = bySystem.get(d.systemId);
    if (list) list.push(d);
    else bySystem.set(d.systemId, [d]);
  }
  const out = new Map<number, DecisionRegister>();
  for (const [id, list] of bySystem) {
    out.set(id, { inForce: decisionInForce(list, date) ?? undefined, latest: list.at(-1), version: new Map(list.map((d, i) => [d.id, i + 1])) });
  }
  return out;
}

/**
 * Keeps `systems.level_in_force` (the column the lists filter and sort on) in step with the timeline: called
 * in the same transaction as every approval, and for every system at start-up (which repairs any drift).
 * Approval dates are never in the future, so the level in force today stays right until the next approval.
 */
export function refreshLevelInForce(tx: Tx, systemId: number, today: string = todayIso()): void {
  const level = levelInForce(repo.decisionsOf(tx, systemId), today);
  if (repo.levelColumnOf(tx, systemId) !== level) repo.setLevelInForce(tx, systemId, level);
}

const columnSeen = new WeakMap<Db, { change: number; day: string }>();

/**
 * Brings the level column up to date with decisions written outside the app's own steps (a CLI, the sqlite3
 * shell, another process), as the change log tells, and with the day (a new day may bring an approval into
 * force). Cheap when nothing changed; the server runs it every minute and after midnight, never in a request.
 */
export function syncLevelColumn(db: Db, today: string = todayIso()): void {
  if (db.$client.inTransaction) return;
  const upTo = dataVersion(db);
  const seen = columnSeen.get(db);
  if (seen && seen.change === upTo && seen.day === today) return;
  if (!seen || seen.day !== today || oldestChange(db) > seen.change + 1) {
    reconcileLevelsInForce(db, today);
  } else {
    const ids = new Set(changesBetween(db, seen.change, upTo, 100_000, ['level_decisions']).flatMap((r) => (r.system_id === null ? [] : [r.system_id])));
    if (ids.size) db.transaction((tx) => ids.forEach((id) => refreshLevelInForce(tx, id, today)));
  }
  columnSeen.set(db, { change: dataVersion(db), day: today });
}

/** refreshLevelInForce for every system (start-up, after a bulk load); returns how many rows it corrected. */
export function reconcileLevelsInForce(db: Db, today: string = todayIso()): number {
  const byId = new Map<number, LevelDecisionRow[]>();
  for (const d of repo.allApprovedDecisions(db)) {
    const list = byId.get(d.systemId);
    if (list) list.push(d);
    else byId.set(d.systemId, [d]);
  }
  const wanted = repo.levelColumn(db).map((r) => ({ id: r.id, now: r.level, want: levelInForce(byId.get(r.id) ?? [], today) }));
  const wrong = wanted.filter((w) => w.now !== w.want);
  if (wrong.length) db.transaction((tx) => wrong.forEach((w) => repo.setLevelInForce(tx, w.id, w.want)));
  return wrong.length;
}

export function getDecision(db: Db, actor: Actor, systemId: number, id: number): LevelDecisionRow {
  getSystem(db, actor, systemId);
  const d = repo.findDecision(db, systemId, id);
  if (!d) throw new NotFoundError('decision');
  return d;
}

/**
 * The answers a new wizard starts from: the latest decision's, or defaults from the system's type. A Decree
 * 331 wizard after a Decree 85 decision starts from those answers read under Decree 331 (`moveAnswers`).
 */
export function startingAnswers(db: Db, actor: Actor, systemId: number, regime: Regime = 'nd331'): LevelAnswers {
  const s = getSystem(db, actor, systemId);
  const latest = repo.decisionsOf(db, systemId)[0];
  if (latest && latest.regime === 'nd85' && regime === 'nd331') return moveAnswers(latest.answers as Partial<LevelAnswers>).answers;
  if (latest) return { ...DEFAULT_ANSWERS, ...(latest.answers as Partial<LevelAnswers>) };
  return { ...DEFAULT_ANSWERS, systemType: s.systemType, nationalSecurityImportant: s.nationalSecurityImportant };
}

/** A Decree 331 wizard after a Decree 85 decision: what the move changes for the stored answers; null otherwise. */
export function regimeMove(db: Db, actor: Actor, systemId: number, regime: Regime): AnswerMove | null {
  getSystem(db, actor, systemId);
  const latestNd85 = repo.decisionsOf(db, systemId).find((d) => d.regime === 'nd85');
  const latest = repo.decisionsOf(db, systemId)[0];
  if (regime !== 'nd331' || !latestNd85 || latest?.regime !== 'nd85') return null;
  return moveAnswers(latestNd85.answers as Partial<LevelAnswers>);
}

/**
 * What a proposed level and regime would change against the level in force (rules, checklist items, who
 * appraises and approves, deadlines); null without an approved level or when nothing changes.
 */
export function proposalImpact(
  db: Db, actor: Actor, systemId: number, to: { regime: Regime; level: number }, cfg: EngineConfig, asOf = todayIso(),
): LevelImpact | null {
  const s = getSystem(db, actor, systemId);
  const { approved } = levelState(repo.decisionsOf(db, systemId));
  if (!approved) return null;
  const from = { regime: approved.regime, level: approved.proposedLevel as Level };
  const target = { regime: to.regime, level: to.level as Level };
  if (!isChange(from, target)) return null;
  return levelImpact(from, target, { asOf, cfg, nationalSecurityImportant: s.nationalSecurityImportant });
}

export interface Proposal {
  regime: Regime;
  answers: LevelAnswers;
  proposedLevel: number | null; // null: the computed minimum
  proposalReason: string | null;
}

function checkProposal(p: Proposal): { result: LevelResult; proposedLevel: number } {
  const result = determineMinimumLevel(p.regime, p.answers);
  const proposedLevel = p.proposedLevel ?? result.minimumLevel;
  const errors: FieldErrors = {};
  if (proposedLevel < result.minimumLevel) errors.proposedLevel = 'level.v.belowMinimum';
  if (proposedLevel > result.minimumLevel && !p.proposalReason) errors.proposalReason = 'level.v.reasonRequired';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { result, proposedLevel };
}

/**
 * The system a new proposal is for, when the actor may propose one now: 403 for a role that may not, 404
 * out of scope, 409 when the system is decommissioned or a proposal is already under way. The wizard's
 * page asks this too, so it is never shown to someone whose proposal would be refused.
 */
export function systemForProposal(db: Db, actor: Actor, systemId: number): SystemRow {
  assertCan(actor, 'decision.write');
  const s = getSystem(db, actor, systemId);
  if (s.lifecycleStatus === 'decommissioned') throw new ConflictError('system.decommissioned');
  if (levelState(repo.decisionsOf(db, systemId)).pending) throw new ConflictError('level.pendingExists');
  return s;
}

/** A draft the actor may still change: 404 out of scope, 403 for a role that may not, 409 once submitted. */
export function draftFor(db: Db, actor: Actor, systemId: number, id: number): LevelDecisionRow {
  const d = getDecision(db, actor, systemId, id);
  assertCan(actor, 'decision.write');
  if (d.dossierStatus !== 'draft') throw new ConflictError('level.notDraft');
  return d;
}

/** Re-determination adds a new decision; earlier ones stay as history. */
export function createDecision(db: Db, actor: Actor, systemId: number, p: Proposal): LevelDecisionRow {
  const s = systemForProposal(db, actor, systemId);
  const { result, proposedLevel } = checkProposal(p);
  return db.transaction((tx) => {
    if (levelState(repo.decisionsOf(tx, systemId)).pending) throw new ConflictError('level.pendingExists');
    const d = repo.insertDecision(tx, {
      systemId, regime: p.regime, answers: p.answers, computedLevel: result.minimumLevel, proposedLevel,
      proposalReason: p.proposalReason, createdBy: actor.id,
    });
    audit(tx, actor, {
      action: 'create', entityType: 'level_decision', entityId: d.id, systemId, organisationId: s.operatorId,
      summary: `${p.regime} → ${proposedLevel}`, changes: diff(null, d, AUDITED),
    });
    return d;
  });
}

/** An approved decision recorded from a file (the importer): the file carries the level, not the criteria answers. */
export interface ImportedDecision {
  regime: Regime;
  level: number;
  approvalNumber: string;
  approvalDate: string;
  approvingBody: string | null;
  regulationNumber: string | null;
  regulationDate: string | null;
}

/** Whether the system already has an approved decision with this number (an import never changes one). */
export function hasApprovedDecision(db: Tx, systemId: number, approvalNumber: string): boolean {
  return repo.decisionsOf(db, systemId).some((d) => d.dossierStatus === 'approved' && d.approvalNumber === approvalNumber);
}

/**
 * Records an approved decision from a file, with its audit entry, and keeps the level column in step, in
 * the caller's transaction. Stored with the default answers, computed level 1 and "Nhập từ tệp" as the reason.
 */
export function recordImportedDecision(tx: Tx, actor: Actor, system: { id: number; operatorId: number }, d: ImportedDecision, today = todayIso()): LevelDecisionRow {
  const row = repo.insertDecision(tx, {
    systemId: system.id, regime: d.regime, answers: DEFAULT_ANSWERS, computedLevel: 1, proposedLevel: d.level, proposalReason: 'Nhập từ tệp',
    dossierStatus: 'approved', approvalNumber: d.approvalNumber, approvalDate: d.approvalDate, approvingBody: d.approvingBody,
    regulationNumber: d.regulationNumber, regulationDate: d.regulationDate, createdBy: actor.id,
  });
  audit(tx, actor, {
    action: 'create', entityType: 'level_decision', entityId: row.id, systemId: system.id, organisationId: system.operatorId,
    summary: `${d.regime} → ${d.level}`, changes: diff(null, row, AUDITED),
  });
  refreshLevelInForce(tx, system.id, today);
  return row;
}

/** A draft's answers can still change; a submitted dossier cannot. */
export function updateDraft(db: Db, actor: Actor, systemId: number, id: number, p: Proposal): LevelDecisionRow {
  const before = draftFor(db, actor, systemId, id);
  const { result, proposedLevel } = checkProposal(p);
  const next = { regime: p.regime, answers: p.answers, computedLevel: result.minimumLevel, proposedLevel, proposalReason: p.proposalReason };
  const s = getSystem(db, actor, systemId);
  return updateAudited(db, actor, before, {
    changes: diff(before, next, AUDITED),
    write: (tx) => repo.updateDecision(tx, id, next),
    entry: () => ({ entityType: 'level_decision', entityId: id, systemId, organisationId: s.operatorId, summary: `${p.regime} → ${proposedLevel}` }),
  });
}

function checkDates(today: string, before: LevelDecisionRow, input: StepInput): void {
  const errors: FieldErrors = {};
  const notFuture = (field: string, v: string | null | undefined) => {
    if (v && v > today) errors[field] = 'v.future';
  };
  if (input.step === 'submit') notFuture('submittedDate', input.data.submittedDate);
  if (input.step === 'appraise') {
    notFuture('appraisalDate', input.data.appraisalDate);
    if (before.submittedDate && input.data.appraisalDate < before.submittedDate) errors.appraisalDate = 'level.v.beforeSubmitted';
  }
  if (input.step === 'approve') {
    notFuture('approvalDate', input.data.approvalDate);
    notFuture('regulationDate', input.data.regulationDate);
    const floor = before.appraisalDate ?? before.submittedDate;
    if (floor && input.data.approvalDate < floor) errors.approvalDate = 'level.v.beforeAppraisal';
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

const TO_STATUS: Record<Step, LevelDecisionRow['dossierStatus']> = {
  submit: 'submitted', appraise: 'appraised', approve: 'approved', reject: 'rejected',
};

export function stepDecision(db: Db, actor: Actor, systemId: number, id: number, input: StepInput, today = todayIso()): LevelDecisionRow {
  assertCan(actor, 'decision.write');
  const before = getDecision(db, actor, systemId, id);
  if (!canStep(before.dossierStatus, input.step)) throw new ConflictError('level.badStep');
  checkDates(today, before, input);
  const s = getSystem(db, actor, systemId);
  const next = { ...input.data, dossierStatus: TO_STATUS[input.step] };
  return db.transaction((tx) => {
    const d = repo.updateDecision(tx, id, next);
    if (d.dossierStatus === 'approved') refreshLevelInForce(tx, systemId, today);
    audit(tx, actor, {
      action: 'state', entityType: 'level_decision', entityId: id, systemId, organisationId: s.operatorId,
      summary: `${before.dossierStatus} → ${d.dossierStatus}`, changes: diff(before, d, AUDITED),
    });
    notices.dossierDecided(tx, actor, { system: s, decision: d });
    return d;
  });
}

/** The security regulation is often issued (or recorded) after the decision: it may be filled in later. */
export function recordRegulation(
  db: Db, actor: Actor, systemId: number, id: number, input: { regulationNumber: string; regulationDate: string }, today = todayIso(),
): LevelDecisionRow {
  assertCan(actor, 'decision.write');
  const before = getDecision(db, actor, systemId, id);
  if (before.dossierStatus === 'rejected') throw new ConflictError('level.badStep');
  if (input.regulationDate > today) throw new ValidationError({ regulationDate: 'v.future' });
  const s = getSystem(db, actor, systemId);
  return updateAudited(db, actor, before, {
    changes: diff(before, input, ['regulationNumber', 'regulationDate']),
    write: (tx) => repo.updateDecision(tx, id, input),
    entry: () => ({ entityType: 'level_decision', entityId: id, systemId, organisationId: s.operatorId, summary: input.regulationNumber }),
  });
}

/** The next step a dossier waits for: the submission of a draft, the appraisal of a submitted one, the approval of an appraised one. */
export const NEXT_STEP: Record<'draft' | 'submitted' | 'appraised', Step> = { draft: 'submit', submitted: 'appraise', appraised: 'approve' };

export type WaitingDossier = repo.PendingDecisionRow & { nextStep: Step };

/** "My work": the dossiers under way that the actor may move on (none for a role that may not write decisions). */
export function dossiersWaiting(db: Db, actor: Actor): WaitingDossier[] {
  if (!can(actor.role, 'decision.write')) return [];
  return repo.pendingDecisionsWhere(db, visibleCondition(visibility(db, actor)))
    .map((d) => ({ ...d, nextStep: NEXT_STEP[d.dossierStatus as keyof typeof NEXT_STEP] }));
}
