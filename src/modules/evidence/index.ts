// The evidence library (minh chứng): evidence items of an organisation with their files and versions or a
// link, attached to checklist items, layer records, certificates, drills, budgets, findings and assessments.
// Rules read it through the evaluation's facts (src/domain/evidence.ts); pages read it through this service.
export { checklistItemRouter, evidenceRouter, type EvidenceDeps } from './evidence.routes.js';
export * as evidenceService from './evidence.service.js';
export type { ItemEvidence, Target, TargetRef } from './evidence.service.js';
