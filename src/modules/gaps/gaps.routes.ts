// GET /gaps: every gap of the user's subtree, filtered, as of any date.
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { RULE_IDS, type EngineConfig } from '../../domain/rules/index.js';
import { parseDateInput, todayIso } from '../../i18n/format.js';
import { paginate } from '../../web/pagination.js';
import { actorOf } from '../../web/request.js';
import { subtreeIds } from '../organisations/organisations.repository.js';
import { organisationTree } from '../organisations/organisations.service.js';
import { evaluate, fixUrl, gapRows, SEVERITY_ORDER } from './gaps.service.js';

const query = z.object({
  org: z.string().regex(/^\d{1,9}$/).transform(Number).optional().catch(undefined),
  level: z.enum(['1', '2', '3', '4', '5', 'none']).optional().catch(undefined),
  rule: z.string().max(20).optional().catch(undefined),
  severity: z.enum(SEVERITY_ORDER).optional().catch(undefined),
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
    const ev = evaluate(db, actor, asOf, cfg, orgIds);
    const rule = q.rule && (RULE_IDS as readonly string[]).includes(q.rule) ? q.rule : undefined;
    const rows = gapRows(ev, { rule, severity: q.severity, state: q.state, level: q.level });
    const page = paginate(q.page, rows.length, 50);
    res.render('gaps/index', {
      rows: rows.slice(page.offset, page.offset + page.perPage).map((row) => ({ ...row, url: fixUrl(row) })),
      page, q: { ...q, rule }, asOf, asOfError: Boolean(q.asOf && !parsedAsOf),
      ruleIds: RULE_IDS, severities: SEVERITY_ORDER, tree: organisationTree(db, actor),
      filtered: Boolean(q.org || q.level || rule || q.severity || q.state),
    });
  });
  return r;
}
