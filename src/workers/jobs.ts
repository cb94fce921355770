// The jobs a worker thread runs (pool.ts): each takes plain data and answers plain data, reading the
// database through the thread's own read-only connection.
import { buildInWorker } from '../modules/evaluation/evaluation-store.js';
import { evaluateInWorker, type ScopeJob } from '../modules/evaluation/evaluation.service.js';
import { annualReport, type AnnualReportJob } from '../modules/annual-report/annual-report.service.js';
import { reportFile, type ReportFileJob } from '../modules/annual-report/annual-report.files.js';
import { rosterRows, type RosterJob } from '../modules/operators/operators.service.js';
import type { EngineConfig } from '../domain/rules/index.js';
import type { JobContext, JobTable } from './pool.js';

export const JOBS: JobTable = {
  /** every system and organisation evaluated as of a date, sent back in batches (store-codec.ts) */
  'evaluation.build': (ctx: JobContext, args: { asOf: string; config: EngineConfig }) => buildInWorker(ctx.db, args, (batch) => ctx.send(batch)),
  /** an actor's scope evaluated as of another date (evaluateAway), sent back in batches */
  'evaluation.scope': (ctx: JobContext, args: ScopeJob) => evaluateInWorker(ctx.db, args, (batch) => ctx.send(batch)),
  /** an organisation's annual report (annualReportAway) */
  'annual-report': (ctx: JobContext, a: AnnualReportJob) => annualReport(ctx.db, a.actor, a.orgId, a.year, a.engine, a.today),
  /** an organisation's annual report as a PDF or Word file (reportFileAway) */
  'annual-report.file': (ctx: JobContext, a: ReportFileJob) => reportFile(ctx.db, a),
  /** the operators' roster (rosterRowsAway) */
  roster: (ctx: JobContext, a: RosterJob) => rosterRows(ctx.db, a.actor, a.filters, a.asOf),
};
