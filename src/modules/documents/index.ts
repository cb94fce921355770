// The papers Capdo writes for its users, in the layout of Decree 30/2020/NĐ-CP: a decision's level dossier
// and its approval decision as Word files; the shared national header and wording (official.ts) and the
// Word helper (docx-kit.ts) that the annual report's Word file uses too.
export { documentsRouter } from './documents.routes.js';
export { paperData, type PaperData } from './documents.service.js';
