import type { Db } from '../../db/client.js';
import type { LevelDecisionRow } from '../../db/schema/level-decisions.js';
import { canStep, isPending, type Step } from '../../domain/dossier.js';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { DEFAULT_ANSWERS, determineMinimumLevel, type LevelAnswers, type LevelResult, type Regime } from '../../domain/level-criteria.js';
import { todayIso } from '../../i18n/format.js';
import { assertCan, type Actor } from '../auth/actor.js';
import { audit, diff } from '../audit/audit.service.js';
import * as notices from '../mail/notices.service.js';
import { getSystem } from '../systems/systems.service.js';
import * as repo from './levels.repository.js';
import type { StepInput } from './levels.schemas.js';

const AUDITED = [
  'regime', 'answers', 'computedLevel', 'proposedLevel', 'proposalReason', 'dossierStatus', 'submittedDate', 'appraisalBody',
  'appraisalDate', 'appraisalRef', 'approvalNumber', 'approvalDate', 'approvingBody', 'regulationNumber', 'regulationDate', 'rejectionReason',
] as const;

export interface LevelState {
  decisions: LevelDecisionRow[]; // newest first
  approved: LevelDecisionRow | undefined; // the one in force
  pending: LevelDecisionRow | undefined; // a proposal under way (draft/submitted/appraised)
}

/** The decision in force is the most recently approved one; history is every row. */
export function levelState(decisions: LevelDecisionRow[]): LevelState {
  const approved = decisions
    .filter((d) => d.dossierStatus === 'approved')
    .sort((a, b) => (b.approvalDate ?? '').localeCompare(a.approvalDate ?? '') || b.id - a.id)[0];
  const pending = decisions.find((d) => isPending(d.dossierStatus));
  return { decisions, approved, pending };
}

export function systemLevels(db: Db, actor: Actor, systemId: number): LevelState {
  getSystem(db, actor, systemId);
  return levelState(repo.decisionsOf(db, systemId));
}

export function getDecision(db: Db, actor: Actor, systemId: number, id: number): LevelDecisionRow {
  getSystem(db, actor, systemId);
  const d = repo.findDecision(db, systemId, id);
  if (!d) throw new NotFoundError('decision');
  return d;
}

/** The answers a new wizard starts from: the latest decision's, or defaults from the system's type. */
export function startingAnswers(db: Db, actor: Actor, systemId: number): LevelAnswers {
  const s = getSystem(db, actor, systemId);
  const latest = repo.decisionsOf(db, systemId)[0];
  if (latest) return { ...DEFAULT_ANSWERS, ...(latest.answers as Partial<LevelAnswers>) };
  return { ...DEFAULT_ANSWERS, systemType: s.systemType, nationalSecurityImportant: s.nationalSecurityImportant };
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

/** Re-determination adds a new decision; earlier ones stay as history. */
export function createDecision(db: Db, actor: Actor, systemId: number, p: Proposal): LevelDecisionRow {
  assertCan(actor, 'decision.write');
  const s = getSystem(db, actor, systemId);
  if (s.lifecycleStatus === 'decommissioned') throw new ConflictError('system.decommissioned');
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

/** A draft's answers can still change; a submitted dossier cannot. */
export function updateDraft(db: Db, actor: Actor, systemId: number, id: number, p: Proposal): LevelDecisionRow {
  assertCan(actor, 'decision.write');
  const before = getDecision(db, actor, systemId, id);
  if (before.dossierStatus !== 'draft') throw new ConflictError('level.notDraft');
  const { result, proposedLevel } = checkProposal(p);
  const next = { regime: p.regime, answers: p.answers, computedLevel: result.minimumLevel, proposedLevel, proposalReason: p.proposalReason };
  const changes = diff(before, next, AUDITED);
  if (!Object.keys(changes).length) return before;
  const s = getSystem(db, actor, systemId);
  return db.transaction((tx) => {
    const d = repo.updateDecision(tx, id, next);
    audit(tx, actor, { action: 'update', entityType: 'level_decision', entityId: id, systemId, organisationId: s.operatorId, summary: `${p.regime} → ${proposedLevel}`, changes });
    return d;
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
  const changes = diff(before, input, ['regulationNumber', 'regulationDate']);
  if (!Object.keys(changes).length) return before;
  const s = getSystem(db, actor, systemId);
  return db.transaction((tx) => {
    const d = repo.updateDecision(tx, id, input);
    audit(tx, actor, { action: 'update', entityType: 'level_decision', entityId: id, systemId, organisationId: s.operatorId, summary: input.regulationNumber, changes });
    return d;
  });
}
