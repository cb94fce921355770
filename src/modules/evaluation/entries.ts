// What the evaluation keeps of one system or organisation: who it is (as the lists show it), and what the
// engine said of it as of the date — every rule, every dated duty, and the assessment cadence.
import type { CadenceResult } from '../../domain/cadence.js';
import type { Regime } from '../../domain/level-criteria.js';
import { decisionInForce, lifecycleOn, regimeOn, type LifecycleStatus } from '../../domain/timeline.js';
import type { Judgement, Obligation, OrganisationFacts, RuleResult, SystemFacts, SystemJudgement } from '../../domain/rules/index.js';

export interface EvaluatedSystem {
  readonly id: number;
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string | null;
  readonly ownerId: number;
  readonly operatorId: number;
  readonly securityUnitId: number | null;
  /** on the evaluation date, by the timeline */
  readonly lifecycleStatus: LifecycleStatus;
  /** the level in force on the evaluation date (timeline.ts), or null */
  readonly level: number | null;
  readonly regime: Regime;
  /** the newest decision's dossier status (the proposal under way, or the last one), or null without any */
  readonly dossierStatus: string | null;
  readonly nationalSecurityImportant: boolean;
}

export interface EvaluatedOrganisation {
  readonly id: number;
  readonly code: string;
  readonly nameVi: string;
  readonly nameEn: string | null;
}

export interface SystemEntry {
  readonly system: EvaluatedSystem;
  readonly results: readonly RuleResult[];
  readonly obligations: readonly Obligation[];
  readonly cadence: CadenceResult;
}

export interface OrganisationEntry {
  readonly organisation: EvaluatedOrganisation;
  readonly results: readonly RuleResult[];
  readonly obligations: readonly Obligation[];
}

export function entryOfSystem(f: SystemFacts, asOf: string, j: SystemJudgement): SystemEntry {
  let newest: SystemFacts['decisions'][number] | null = null;
  for (const d of f.decisions) if (newest === null || d.id > newest.id) newest = d;
  return Object.freeze({
    system: Object.freeze({
      id: f.id, code: f.code, nameVi: f.nameVi, nameEn: f.nameEn, ownerId: f.ownerId, operatorId: f.operatorId, securityUnitId: f.securityUnitId,
      lifecycleStatus: lifecycleOn(f, asOf), level: decisionInForce(f.decisions, asOf)?.proposedLevel ?? null, regime: regimeOn(f.decisions, asOf),
      dossierStatus: newest?.dossierStatus ?? null, nationalSecurityImportant: f.nationalSecurityImportant,
    }),
    results: Object.freeze(j.results),
    obligations: Object.freeze(j.obligations),
    cadence: j.cadence,
  });
}

export function entryOfOrganisation(f: OrganisationFacts, j: Judgement): OrganisationEntry {
  return Object.freeze({
    organisation: Object.freeze({ id: f.id, code: f.code, nameVi: f.nameVi, nameEn: f.nameEn }),
    results: Object.freeze(j.results),
    obligations: Object.freeze(j.obligations),
  });
}

