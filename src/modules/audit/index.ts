// The audit trail: every change is appended in the same transaction as the change itself (append-only
// in the database); admins read it, filtered to their organisation subtree, on /audit and as CSV.
export { auditCsvHandler, auditRouter } from './audit.routes.js';
export { audit, auditAnonymous, diff } from './audit.service.js';
