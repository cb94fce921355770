// Uploaded files (assessment reports, evidence versions): checked by their bytes, stored by their SHA-256
// outside the database, read back only when they still match; and the sweep of files no row refers to.
export * from './stored-files.js';
export { GC_GRACE_MS, sweepUploads, type GcResult, type SweptFile } from './files-gc.service.js';
export { withStoredFiles } from './files.service.js';
