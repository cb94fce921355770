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

const query = z.object({
  org: z.string().regex(/^\d{1,9}$/).transform(Number).optional().catch(undefined),
  level: z.enum(['1', '2', '3', '4', '5', 'none']).optional().catch(undefined),
  rule: z.string().max(20).optional().catch(undefined),
  severity: z.enum(SEVERITIES).optional().catch(undefined),
  system: z.string().regex(/^\d{1,9}$/).transform(Number).optional().catch(undefined),
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
    const found = ev.gapRows({ rule, severity: q.severity, state: q.state, level: q.level, systemId: q.system, q: q.q?.trim() || undefined });
    // grouped: each system's (or organisation's) gaps together, in the list's order of first appearance
    const rows = q.group === 'system' ? groupBySubject(found) : found;
    const systemName = q.system !== undefined ? found.find((g) => g.system?.id === q.system)?.system ?? null : null;
    const page = paginate(q.page, rows.length, 50);
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
