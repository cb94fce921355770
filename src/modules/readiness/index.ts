// Readiness: incident-response drills (diễn tập) and the yearly IT budget with its security share, per
// organisation and per system, and the rules they feed — DRL-01 (a drill every 12 months) and BUD-01
// (security ≥ 10 % of IT spending).
export { readinessRouter } from './readiness.routes.js';
export * as readinessService from './readiness.service.js';
