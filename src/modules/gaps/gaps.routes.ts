// GET /gaps: every gap of the user's subtree, filtered, as of any date.
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { RULE_IDS, type EngineConfig } from '../../domain/rules/index.js';
import { parseDateInput, todayIso } from '../../i18n/format.js';
import { paginate } from '../../web/pagination.js';
import { actorOf } from '../../web/request.js';
import { organisationTree } from '../organisations/organisations.service.js';
import { evaluateAway, gapUrl, SEVERITIES, type GapRow } from '../evaluation/index.js';
import { subtreeIds } from '../access/index.js';
import { idFilter } from '../../web/forms.js';

const query = z.object({
  org: idFilter,
  level: z.enum(['1', '2', '3', '4', '5', 'none']).optional().catch(undefined),
  rule: z.string().max(20).optional().catch(undefined),
  severity: z.enum(SEVERITIES).optional().catch(undefined),
  system: idFilter,
  q: z.string().max(200).optional().catch(undefined),
  state: z.enum(['gap', 'due_soon']).optional().catch(undefined),
  asOf: z.string().max(20).optional().catch(undefined),
  group: z.enum(['system']).optional().catch(undefined),
  page: z.string().optional().catch(undefined),
});

const subjectKey = (row: GapRow) => (row.system ? `s${row.system.id}` : `o${row.organisation!.id}`);

function groupBySubject(rows: GapRow[]): GapRow[] {
  const order = new Map<string, number>();
  rows.forEach((r) => { if (!order.has(subjectKey(r))) order.set(subjectKey(r), order.size); });
  return rows.map((r, i) => ({ r, i })).sort((a, b) => order.get(subjectKey(a.r))! - order.get(subjectKey(b.r))! || a.i - b.i).map((x) => x.r);
}

const PER_PAGE = 50;
/** Pages of the plain list worked out from its first rows (beyond them, the whole list is sorted). */
const HEAD_PAGES = 20;

export function gapsRouter(db: Db, cfg: EngineConfig): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const actor = actorOf(req);
    const q = query.parse(req.query);
    const parsedAsOf = q.asOf ? parseDateInput(q.asOf) : null;
    const asOf = parsedAsOf ?? todayIso();
    const orgIds = q.org !== undefined && actor.scope.has(q.org) ? subtreeIds(db, q.org) : undefined;
    const ev = await evaluateAway(db, actor, { asOf, orgIds }, cfg);
    const rule = q.rule && (RULE_IDS as readonly string[]).includes(q.rule) ? q.rule : undefined;
    const filter = { rule, severity: q.severity, state: q.state, level: q.level, systemId: q.system, q: q.q?.trim() || undefined };
    // the first pages of the plain list come from the first rows alone (no sort of every row after a write);
    // grouped (each system's or organisation's gaps together, in the list's order of first appearance), one
    // system's, or a deep page: the whole list
    const asked = paginate(q.page, Number.MAX_SAFE_INTEGER, PER_PAGE).page;
    const whole = q.group === 'system' || q.system !== undefined || asked > HEAD_PAGES;
    const found = whole ? ev.gapRows(filter) : null;
    const rows = found ? (q.group === 'system' ? groupBySubject(found) : found) : ev.gapHead(filter, asked * PER_PAGE).rows;
    const total = found ? found.length : ev.gapHead(filter, asked * PER_PAGE).total;
    const systemName = found && q.system !== undefined ? found.find((g) => g.system?.id === q.system)?.system ?? null : null;
    const page = paginate(q.page, total, PER_PAGE);
    res.render('gaps/index', {
      rows: rows.slice(page.offset, page.offset + page.perPage).map((row) => ({ ...row, url: gapUrl(row) })),
      page, q: { ...q, rule }, asOf, grouped: q.group === 'system', filterSystem: systemName, asOfError: Boolean(q.asOf && !parsedAsOf),
      ruleIds: RULE_IDS, severities: SEVERITIES, tree: organisationTree(db, actor),
      filtered: Boolean(q.org || q.level || rule || q.severity || q.state || q.system || q.q),
      staleSince: ev.staleness && new Date(ev.staleness.since).toISOString(),
    });
  });
  return r;
}
