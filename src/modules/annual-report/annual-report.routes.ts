// GET /organisations/:orgId/annual-report?year=YYYY — the organisation's annual report (REP-01) for
// the period 15 Dec (Y−1) – 14 Dec (Y), on screen; &print=1 gives the bare document to print.
// Without a year (or with one out of range: not 4 digits, before 2015, or a period not yet begun) it
// shows the period containing today (from 15 Dec: the one ending next 14 Dec) and says so.
// GET …/annual-report/pdf?year=YYYY — the same report as a PDF (annual-report.pdf.ts), same year rules.
// The submission is recorded by POST /organisations/:id/annual-reports (src/modules/submissions).
import { Router } from 'express';
import type { Db } from '../../db/client.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import { translator, type Locale } from '../../i18n/index.js';
import { actorOf, idParam } from '../../web/request.js';
import { pdfFileName, writeAnnualReport } from './annual-report.pdf.js';
import { FIRST_REPORT_YEAR, annualReport, defaultYear, parseYear } from './annual-report.service.js';

export function annualReportRouter(db: Db, engine: EngineConfig): Router {
  const r = Router({ mergeParams: true });

  r.get('/', (req, res) => {
    const actor = actorOf(req);
    const orgId = idParam(req, 'orgId');
    const today = todayIso();
    const raw = req.query.year;
    const parsed = parseYear(raw, today);
    const year = parsed ?? defaultYear(today);
    const report = annualReport(db, actor, orgId, year, engine, today);
    const years: number[] = [];
    for (let y = defaultYear(today); y >= FIRST_REPORT_YEAR; y -= 1) years.push(y);
    const print = req.query.print === '1';
    res.render(print ? 'annual-report/print' : 'annual-report/show', {
      report, years, yearInvalid: raw !== undefined && parsed === null,
      base: `/organisations/${orgId}/annual-report`,
    });
  });

  r.get('/pdf', async (req, res) => {
    const locale = res.locals.locale as Locale;
    const today = todayIso();
    const year = parseYear(req.query.year, today) ?? defaultYear(today);
    const report = annualReport(db, actorOf(req), idParam(req, 'orgId'), year, engine, today);
    const pdf = await writeAnnualReport(report, translator(locale), locale);
    res
      .status(200)
      .type('application/pdf')
      .set('Content-Disposition', `attachment; filename="${pdfFileName(report.organisation.code, year)}"`)
      .set('Cache-Control', 'private, no-store')
      .send(pdf);
  });

  return r;
}
