// Import from Excel (three sheets: systems with their level decision, operators with certificates,
// past assessments) or CSV (systems only): validate every row, preview, then write all in one transaction.
export { importsRouter, type ImportsDeps } from './imports.routes.js';
export { confirmImport, previewImport, readImportFile, validateImport, type ImportPayload, type Problem, type Summary } from './imports.service.js';
export { templateBuffer } from './template.js';
import { COLUMNS } from './imports.schemas.js';
export { systemAsFiled } from './imports.schemas.js';
/** The import's systems sheet columns: the systems export writes them first, so that it imports back. */
export const IMPORT_SYSTEM_COLUMNS = COLUMNS.He_thong;
