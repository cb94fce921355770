// The audit log (admins only): filters, pages of 50 newest first, and the same rows as CSV. Only
// entries about organisations in the admin's subtree are shown. `kind=security` lists the security events
// (writes the subtree's users were refused) with the same filters, on the page and as CSV.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { assertCan } from '../access/index.js';
import { todayIso } from '../../i18n/format.js';
import { sendCsv } from '../../web/csv.js';
import { paginate } from '../../web/pagination.js';
import { actorOf, langOf } from '../../web/request.js';
import { auditCsvColumns, auditEntityTypes, inWords, listAuditEntries, parseAuditQuery, type ParsedAuditQuery } from './audit.service.js';
import { listSecurityEventsFor, securityEventColumns } from './security-events.service.js';

const PER_PAGE = 50;
const CSV_MAX_ROWS = 50_000;

type Parsed = ParsedAuditQuery;

/** Query string → filter, for the page, its CSV and the XLSX export (one parser). */
function parseFilter(req: Request): Parsed {
  return parseAuditQuery(actorOf(req).scope, req.query as Record<string, unknown>);
}

/** The CSV of every entry matching the page's filters (at most 50 000), through the one export writer. */
export function auditCsvHandler(db: Db): RequestHandler {
  return async (req, res) => {
    assertCan(actorOf(req), 'audit.read');
    const parsed = parseFilter(req);
    // a file with a silently widened date range would mislead: the page explains the bad date instead
    if (Object.keys(parsed.errors).length) return renderPage(db, req, res, parsed, 422);
    if (parsed.kind === 'security') {
      const { rows } = listSecurityEventsFor(db, actorOf(req), parsed.filter, CSV_MAX_ROWS, 0);
      const { header, cells } = securityEventColumns(rows, langOf(res).t);
      await sendCsv(res, `security-events-${todayIso()}.csv`, header, cells);
      return;
    }
    const { rows } = listAuditEntries(db, actorOf(req), parsed.filter, CSV_MAX_ROWS, 0);
    // in the reader's language, local times, a readable change column; the last column keeps the changes as recorded
    const { header, cells } = auditCsvColumns(inWords(db, actorOf(req), rows, langOf(res)), langOf(res).t);
    await sendCsv(res, `audit-${todayIso()}.csv`, header, cells);
  };
}

function renderPage(db: Db, req: Request, res: Response, { kind, filter, values, errors }: Parsed, status = 200): void {
  const list = kind === 'security' ? listSecurityEventsFor : listAuditEntries;
  const { total } = list(db, actorOf(req), filter, 0, 0);
  const page = paginate(req.query.page, total, PER_PAGE);
  const view = { page, values, errors, entityTypes: auditEntityTypes(db), csvPath: CSV_PATH };
  if (kind === 'security') {
    const { rows } = listSecurityEventsFor(db, actorOf(req), filter, page.perPage, page.offset);
    return res.status(status).render('audit/index', { ...view, rows: [], events: rows });
  }
  const { rows } = listAuditEntries(db, actorOf(req), filter, page.perPage, page.offset);
  res.status(status).render('audit/index', { ...view, rows: inWords(db, actorOf(req), rows, langOf(res)), events: null });
}

// app.ts mounts auditCsvHandler at /audit.csv, beside this router
const CSV_PATH = '/audit.csv';

export function auditRouter(db: Db): Router {
  const r = Router();

  r.get('/', (req, res) => {
    assertCan(actorOf(req), 'audit.read');
    renderPage(db, req, res, parseFilter(req));
  });

  return r;
}
