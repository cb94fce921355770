// Evaluation: the rule pack applied to the registry's facts — one immutable evaluation per scope and date,
// with its gap rows, counters and the one list of what falls due — kept up to date from the change log.
export {
  Evaluation, engineConfigFrom, evaluate, evaluateAway, evaluateUncached, evaluationAge, judgeOrganisationFor, judgeSystemFor, warmEvaluation, type EvaluationOptions, type Staleness,
} from './evaluation.service.js';
export { useWorkers } from './evaluation-store.js';
export type { EvaluatedOrganisation, EvaluatedSystem, OrganisationEntry, SystemEntry } from './entries.js';
export { fixUrl, gapUrl, systemState, SEVERITIES, type Counters, type GapFilter, type GapRow, type GapSummary, type Severity } from './gaps.js';
export { DUE_WINDOW_DAYS, dueCounts, type DueItem, type DueWindow, type SystemRef } from './due-list.js';
