// GET /organisations/:id — an organisation's page: its place in the tree, its units, and the cards of the
// features it answers for (drills and budgets, annual reports); and its delete form, which comes back to it.
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import type { FieldErrors } from '../../domain/errors.js';
import { formRoute } from '../../web/form-route.js';
import { actorOf, idParam } from '../../web/request.js';
import { assertCan } from '../access/index.js';
import { deleteOrganisation, getOrganisation, organisationDetail } from '../organisations/organisations.service.js';
import { organisationReadiness } from '../readiness/readiness.service.js';
import { reportsOf } from '../submissions/submissions.service.js';

export function organisationPageRouter(db: Db): Router {
  const r = Router();

  /** The organisation's page; `errors` are the delete form's. */
  const show = (req: Request, res: Response, errors: FieldErrors = {}) => {
    const actor = actorOf(req);
    const detail = organisationDetail(db, actor, idParam(req));
    res.render('organisations/show', { ...detail, readiness: organisationReadiness(db, actor, detail.org.id), reports: reportsOf(db, actor, detail.org.id), errors });
  };

  r.get('/:id', (req, res) => show(req, res));

  // cannot be undone: the box must be ticked (checked here, not only by the browser)
  r.post('/:id/delete', formRoute({
    load: (req) => {
      const org = getOrganisation(db, actorOf(req), idParam(req));
      assertCan(actorOf(req), 'organisation.write');
      return org;
    },
    form: () => null,
    confirm: 'v.confirm',
    save: (req, _data, org) => deleteOrganisation(db, actorOf(req), org.id),
    done: {
      flash: (_, org) => ({ key: 'flash.deleted', params: { name: org.nameVi } }),
      to: (_, _req, org) => (org.parentId ? `/organisations/${org.parentId}` : '/organisations'),
    },
    invalid: (req, res, { errors }) => show(req, res, errors),
    conflict: (_req, org) => `/organisations/${org.id}`,
  }));

  return r;
}
