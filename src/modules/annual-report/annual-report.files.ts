// The annual report's files (PDF and Word): made whole in a worker thread when the server has them — the
// report of a province reads every system, and laying out its tables in a PDF takes seconds — and sent
// from the bytes the worker hands back, so the event loop keeps answering others meanwhile. Without a pool
// (the tests, a database in memory) the same function runs here.
import type { Db } from '../../db/client.js';
import { offThread } from '../../db/worker-pool.js';
import { translator, type Locale } from '../../i18n/index.js';
import { collectPdf } from '../print/pdf.js';
import { getOrganisation } from '../organisations/organisations.service.js';
import { reportDocument } from './annual-report.document.js';
import { annualReportPdf, pdfFileName } from './annual-report.pdf.js';
import { annualReport, documentContext, type AnnualReportJob } from './annual-report.service.js';

export interface ReportFileJob extends AnnualReportJob {
  format: 'pdf' | 'docx';
  locale: Locale;
}

export interface ReportFile {
  fileName: string;
  bytes: Uint8Array;
}

/** The report's file, made here (the worker's job `annual-report.file`, or the main thread without a pool). */
export async function reportFile(db: Db, job: ReportFileJob): Promise<ReportFile> {
  const report = annualReport(db, job.actor, job.orgId, job.year, job.engine, job.today);
  const t = translator(job.locale);
  const document = reportDocument(report, t, job.locale, documentContext(db, report));
  if (job.format === 'pdf') return { fileName: pdfFileName(report.organisation.code, job.year), bytes: await collectPdf(await annualReportPdf(document, t)) };
  const { docxFileName, writeAnnualReportDocx } = await import('./annual-report.docx.js'); // docx is loaded on first use
  return { fileName: docxFileName(report.organisation.code, job.year), bytes: await writeAnnualReportDocx(document) };
}

/** The report's file, made in a worker thread when there is a pool; the organisation is checked to be in scope first. */
export async function reportFileAway(db: Db, job: ReportFileJob): Promise<ReportFile> {
  getOrganisation(db, job.actor, job.orgId);
  return offThread(db, 'annual-report.file', job, () => reportFile(db, job));
}
