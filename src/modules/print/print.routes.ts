// GET /systems/:systemId/print      the printable compliance checklist (HTML, A4, no app navigation)
// GET /systems/:systemId/print/pdf  the same sheet as a PDF (pdfkit; Decree 30/2020 layout, Tinos embedded), streamed
// Every role that may see the system may print it (read-only); another organisation's system is a 404.
import { Router } from 'express';
import type { Db } from '../../db/client.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import { translator, type Locale } from '../../i18n/index.js';
import { actorOf, idParam } from '../../web/request.js';
import { paperFileName } from '../../web/paper-files.js';
import { sendPdf, sheetPdf } from './pdf.js';
import { printData, printSheet } from './print.service.js';

/** danh-muc-kiem-tra_BS-HTTT-001_2026-12-03.pdf: what it is, the system, the day */
const fileName = (code: string, asOf: string) => paperFileName('danh-muc-kiem-tra', code, asOf, 'pdf');

export function printRouter(db: Db, engine: EngineConfig): Router {
  const r = Router({ mergeParams: true });

  r.get('/', (req, res) => {
    const locale = res.locals.locale as Locale;
    const data = printData(db, actorOf(req), idParam(req, 'systemId'), engine, todayIso());
    res.render('print/checklist', { sheet: printSheet(data, translator(locale), locale), systemId: data.system.id });
  });

  r.get('/pdf', async (req, res) => {
    const locale = res.locals.locale as Locale;
    const t = translator(locale);
    const asOf = todayIso();
    const data = printData(db, actorOf(req), idParam(req, 'systemId'), engine, asOf);
    await sendPdf(res, fileName(data.system.code, asOf), await sheetPdf(printSheet(data, t, locale), t));
  });

  return r;
}
