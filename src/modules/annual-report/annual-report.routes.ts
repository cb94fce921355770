// GET /organisations/:orgId/annual-report?year=YYYY — the organisation's annual report (REP-01) for
// the period 15 Dec (Y−1) – 14 Dec (Y), on screen; &print=1 gives the bare document to print.
// Without a year (or with one out of range: not 4 digits, before 2015, or a period not yet begun) it
// shows the period containing today (from 15 Dec: the one ending next 14 Dec) and says so.
// The submission is recorded by POST /organisations/:id/annual-reports (src/modules/submissions).
import { Router } from 'express';
import type { Db } from '../../db/client.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import { actorOf, idParam } from '../../web/request.js';
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

  return r;
}
