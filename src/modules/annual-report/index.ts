// The annual report of an organisation (REP-01): the page and the plain data a PDF writer can reuse.
export { annualReportRouter } from './annual-report.routes.js';
export * as annualReportService from './annual-report.service.js';
export { annualReport, defaultYear, parseYear, periodOf, type AnnualReport, type Period } from './annual-report.service.js';
