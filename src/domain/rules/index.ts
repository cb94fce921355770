// The rule pack and its engine (docs/rules.md §7): every rule as data plus a small pure function, evaluated
// for a system or an organisation as of a date. Pages, exports and reports read results from here only.
export * from './types.js';
export {
  ANNUAL_REPORT, GO_LIVE_RULES_FROM, PACK_VERSION, RULE_PACK, RULES_BY_ID, SELF_INSPECTION_NOTICE, TRANSITION, reportDeadlines, sameName,
  type AssessmentJudgement, type OrganisationContext, type PackRule, type SystemContext,
} from './pack.js';
export {
  DEFAULT_ENGINE_CONFIG, assessmentIssues, emptySummary, engineConfig, evaluateOrganisation, evaluateSystem, judgeOrganisation,
  judgeSystem, standing, summarise, systemContext, type Flagged, type Judgement, type ResultPool, type Summary, type SystemJudgement,
} from './engine.js';
export { OBLIGATION_KINDS, compareObligations, obligationOrderKey, organisationObligations, systemObligations, type Obligation, type ObligationKind } from './obligations.js';
