// GET /organisations/:id — an organisation's page: its place in the tree, its units, and the cards of the
// features it answers for (drills and budgets, annual reports).
import { Router } from 'express';
import type { Db } from '../../db/client.js';
import { actorOf, idParam } from '../../web/request.js';
import { organisationDetail } from '../organisations/organisations.service.js';
import { organisationReadiness } from '../readiness/readiness.service.js';
import { reportsOf } from '../submissions/submissions.service.js';

export function organisationPageRouter(db: Db): Router {
  const r = Router();
  r.get('/:id', (req, res) => {
    const actor = actorOf(req);
    const detail = organisationDetail(db, actor, idParam(req));
    res.render('organisations/show', { ...detail, readiness: organisationReadiness(db, actor, detail.org.id), reports: reportsOf(db, actor, detail.org.id) });
  });
  return r;
}
