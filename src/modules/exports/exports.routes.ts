// GET /exports/<table>.csv|.xlsx: the systems register, the gaps as of a date, what falls due (the
// calendar's list), the operator roster (CSV and Excel) and the audit log (Excel; its CSV is /audit.csv). The same query string as the page each
// comes from; only what the user may see. CSV through src/web/csv.ts, XLSX through src/web/xlsx.ts, both
// streamed as they are written.
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import type { Locale, T } from '../../i18n/index.js';
import { formatDate, todayIso } from '../../i18n/format.js';
import { sendCsv, type CsvValue } from '../../web/csv.js';
import { actorOf } from '../../web/request.js';
import { sendXlsx } from '../../web/xlsx.js';
import { assertCan } from '../access/index.js';
import { calendarQuery } from '../calendar/calendar.schemas.js';
import { rosterQuery } from '../operators/operators.schemas.js';
import { systemListQuery } from '../systems/systems.schemas.js';
import { auditFilter, auditTable, dueTable, gapsAsOf, gapsQuery, gapsTable, rosterTable, systemsTable, type Lang, type Table } from './exports.service.js';

type Format = 'csv' | 'xlsx';

const langOf = (res: Response): Lang => ({ t: res.locals.t as T, locale: res.locals.locale as Locale });

/** Sends one table in the asked format; `base` is the ASCII file name without extension. */
async function send(res: Response, format: Format, base: string, table: Table): Promise<void> {
  const filename = `${base}.${format}`;
  if (format === 'xlsx') return sendXlsx(res, filename, [table]);
  // a CSV has no date type: its dates are dd/mm/yyyy text
  const cell = (c: Table['columns'][number], v: unknown) => (c.date && typeof v === 'string' ? formatDate(v) : v) as CsvValue;
  const cells = function* () {
    for (const row of table.rows) yield table.columns.map((c) => cell(c, row[c.key]));
  };
  await sendCsv(res, filename, table.columns.map((c) => c.header), cells());
}

export function exportsRouter(db: Db, engine: EngineConfig): Router {
  const r = Router({ mergeParams: true });

  for (const format of ['csv', 'xlsx'] as const) {
    r.get(`/systems.${format}`, async (req: Request, res: Response) => {
      const q = systemListQuery.parse(req.query);
      await send(res, format, `he-thong-thong-tin-${todayIso()}`, systemsTable(db, actorOf(req), q, engine, langOf(res)));
    });

    r.get(`/gaps.${format}`, async (req: Request, res: Response) => {
      const q = gapsQuery.parse(req.query);
      await send(res, format, `ton-tai-${gapsAsOf(q)}`, await gapsTable(db, actorOf(req), q, engine, langOf(res)));
    });

    r.get(`/due.${format}`, async (req: Request, res: Response) => {
      const q = calendarQuery.parse(req.query);
      await send(res, format, `viec-den-han-${todayIso()}`, dueTable(db, actorOf(req), q, engine, langOf(res)));
    });

    r.get(`/roster.${format}`, async (req: Request, res: Response) => {
      const q = rosterQuery.parse(req.query);
      await send(res, format, `can-bo-van-hanh-${todayIso()}`, rosterTable(db, actorOf(req), q, langOf(res)));
    });
  }

  // the audit log's CSV is /audit.csv (audit.routes.ts); this is its Excel twin, admins only
  r.get('/audit.xlsx', async (req: Request, res: Response) => {
    const actor = actorOf(req);
    assertCan(actor, 'audit.read');
    const { kind, filter, invalid } = auditFilter(actor, req.query as Record<string, unknown>);
    // a bad date: back to the page, which says what is wrong, rather than a file with a widened range
    if (invalid) return res.redirect(303, `/audit?${new URLSearchParams(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string')).toString()}`);
    const name = kind === 'security' ? `su-kien-an-ninh-${todayIso()}` : `nhat-ky-thao-tac-${todayIso()}`;
    await send(res, 'xlsx', name, auditTable(db, actorOf(req), kind, filter, langOf(res)));
  });

  return r;
}
