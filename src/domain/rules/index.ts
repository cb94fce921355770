// The rule pack and its engine (RULES.md §5): every rule as data plus a small pure function, evaluated
// for a system or an organisation as of a date. Pages, exports and reports read results from here only.
export * from './types.js';
export {
  GO_LIVE_RULES_FROM, PACK_VERSION, RULE_PACK, RULES_BY_ID, TRANSITION, sameName,
  type OrganisationContext, type PackRule, type SystemContext,
} from './pack.js';
export {
  DEFAULT_ENGINE_CONFIG, approvedAsOf, emptySummary, engineConfig, evaluateOrganisation, evaluateSystem, standing, summarise, systemContext,
  type Flagged, type ResultPool, type Summary,
} from './engine.js';
