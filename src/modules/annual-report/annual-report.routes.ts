// GET /organisations/:orgId/annual-report?year=YYYY — the organisation's annual report (REP-01) for
// the period 15 Dec (Y−1) – 14 Dec (Y), on screen, its register of systems 50 a page (&page=N);
// &print=1 gives the bare document to print (the register up to the PDF's cap).
// Without a year (or with one out of range: not 4 digits, before 2015, or a period not yet begun) it
// shows the period containing today (from 15 Dec: the one ending next 14 Dec) and says so.
// GET …/annual-report/pdf?year=YYYY  — the same report as a PDF, streamed (annual-report.pdf.ts)
// GET …/annual-report/docx?year=YYYY — the same report as a Word file (annual-report.docx.ts)
// Both files come from one display model (annual-report.document.ts), long lists capped at DOC_ROWS.
// The submission is recorded by POST /organisations/:id/annual-reports (src/modules/submissions).
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import { translator, type Locale } from '../../i18n/index.js';
import { paginate } from '../../web/pagination.js';
import { actorOf, idParam } from '../../web/request.js';
import { sendBytes } from '../../web/download.js';
import { DOCX_TYPE } from '../../web/paper-files.js';
import { DOC_ROWS, reportDocument } from './annual-report.document.js';
import { reportFileAway } from './annual-report.files.js';
import { FIRST_REPORT_YEAR, annualReportAway, defaultYear, documentContext, parseYear } from './annual-report.service.js';

/** Systems per page of the register on screen. */
export const REGISTER_PAGE = 50;

export function annualReportRouter(db: Db, engine: EngineConfig): Router {
  const r = Router({ mergeParams: true });

  /** The report's PDF or Word file of the asked year (the default period when the year is missing or out of range). */
  async function sendFile(req: Request, res: Response, format: 'pdf' | 'docx') {
    const today = todayIso();
    const year = parseYear(req.query.year, today) ?? defaultYear(today);
    const file = await reportFileAway(db, { actor: actorOf(req), orgId: idParam(req, 'orgId'), year, engine, today, format, locale: res.locals.locale as Locale });
    await sendBytes(res, { type: format === 'pdf' ? 'application/pdf' : DOCX_TYPE, filename: file.fileName, cacheControl: 'private, no-store' }, file.bytes);
  }

  r.get('/', async (req, res) => {
    const actor = actorOf(req);
    const orgId = idParam(req, 'orgId');
    const today = todayIso();
    const raw = req.query.year;
    const parsed = parseYear(raw, today);
    const year = parsed ?? defaultYear(today);
    const report = await annualReportAway(db, actor, orgId, year, engine, today);
    const years: number[] = [];
    for (let y = defaultYear(today); y >= FIRST_REPORT_YEAR; y -= 1) years.push(y);
    const print = req.query.print === '1';
    // on screen the register goes by pages; the printed version holds what the PDF holds
    const page = print ? paginate('1', report.systems.length, DOC_ROWS) : paginate(req.query.page, report.systems.length, REGISTER_PAGE);
    const context = documentContext(db, report);
    const locale = res.locals.locale as Locale;
    res.render(print ? 'annual-report/print' : 'annual-report/show', {
      report, years, yearInvalid: raw !== undefined && parsed === null, page, print,
      register: report.systems.slice(page.offset, page.offset + page.perPage),
      doc: reportDocument(report, translator(locale), locale, context), context, docRows: DOC_ROWS,
      base: `/organisations/${orgId}/annual-report`,
    });
  });

  r.get('/pdf', (req, res) => sendFile(req, res, 'pdf'));
  r.get('/docx', (req, res) => sendFile(req, res, 'docx'));

  return r;
}
