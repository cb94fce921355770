// The baseline checklist of each system (docs/rules.md §6, CHK-01): the catalogue items of its level under its
// regime, a status and evidence note per item, filled in many at a time; the numbers feed the system page.
export { checklistsRouter } from './checklists.routes.js';
export { checklistSummary, type ChecklistSummary } from './checklists.service.js';
