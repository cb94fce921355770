// GET /gaps: every gap of the user's subtree, filtered, as of any date.
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { RULE_IDS, type EngineConfig } from '../../domain/rules/index.js';
import { parseDateInput, todayIso } from '../../i18n/format.js';
import { paginate } from '../../web/pagination.js';
import { actorOf } from '../../web/request.js';
import { organisationTree } from '../organisations/organisations.service.js';
import { evaluate, gapUrl, SEVERITIES } from '../evaluation/index.js';
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
  page: z.string().optional().catch(undefined),
});

export function gapsRouter(db: Db, cfg: EngineConfig): Router {
  const r = Router();
  r.get('/', (req, res) => {
    const actor = actorOf(req);
    const q = query.parse(req.query);
    const parsedAsOf = q.asOf ? parseDateInput(q.asOf) : null;
    const asOf = parsedAsOf ?? todayIso();
    const orgIds = q.org !== undefined && actor.scope.has(q.org) ? subtreeIds(db, q.org) : undefined;
    const ev = evaluate(db, actor, { asOf, orgIds }, cfg);
    const rule = q.rule && (RULE_IDS as readonly string[]).includes(q.rule) ? q.rule : undefined;
    const rows = ev.gapRows({ rule, severity: q.severity, state: q.state, level: q.level, systemId: q.system, q: q.q?.trim() || undefined });
    const page = paginate(q.page, rows.length, 50);
    res.render('gaps/index', {
      rows: rows.slice(page.offset, page.offset + page.perPage).map((row) => ({ ...row, url: gapUrl(row) })),
      page, q: { ...q, rule }, asOf, asOfError: Boolean(q.asOf && !parsedAsOf),
      ruleIds: RULE_IDS, severities: SEVERITIES, tree: organisationTree(db, actor),
      filtered: Boolean(q.org || q.level || rule || q.severity || q.state || q.system || q.q),
      staleSince: ev.staleness && new Date(ev.staleness.since).toISOString(),
    });
  });
  return r;
}
