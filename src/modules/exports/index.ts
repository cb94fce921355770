// Exports of the registers as CSV (UTF-8 with BOM) and Excel: systems, gaps as of a date, the operator
// roster and the audit log; only what the user may see, formula injection guarded in both formats.
export { exportsRouter } from './exports.routes.js';
export { auditTable, gapsTable, rosterTable, systemsTable, type Table } from './exports.service.js';
