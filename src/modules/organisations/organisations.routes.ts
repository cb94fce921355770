import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import type { FieldErrors } from '../../domain/errors.js';
import { formRoute, recordForms } from '../../web/form-route.js';
import { assertCan } from '../auth/actor.js';
import { actorOf, idParam } from '../../web/request.js';
import { organisationForm } from './organisations.schemas.js';
import * as service from './organisations.service.js';
import { organisationReadiness } from '../readiness/readiness.service.js';
import { reportsOf } from '../submissions/submissions.service.js';

export function organisationsRouter(db: Db): Router {
  const r = Router();

  const formLocals = (req: Request) => ({
    parents: service.organisationTree(db, actorOf(req)),
  });

  r.get('/', (req, res) => {
    res.render('organisations/index', { tree: service.organisationTree(db, actorOf(req)) });
  });

  const visible = (req: Request) => service.getOrganisation(db, actorOf(req), idParam(req));

  recordForms(r, {
    find: visible,
    initial: (req, org) => (org ? { ...org } : {
      kind: 'agency', parentId: typeof req.query.parent === 'string' ? req.query.parent : String(actorOf(req).organisationId),
    }),
    form: organisationForm,
    create: (req, data) => service.createOrganisation(db, actorOf(req), data),
    update: (req, org, data) => service.updateOrganisation(db, actorOf(req), org.id, data),
    to: (o) => `/organisations/${o.id}`,
    render: (req, res, { values, errors, loaded: org }) => res.render('organisations/form', { ...formLocals(req), org, values, errors }),
  });

  /** The organisation's page; `errors` are the delete form's. */
  const show = (req: Request, res: Response, errors: FieldErrors = {}) => {
    const actor = actorOf(req);
    const detail = service.organisationDetail(db, actor, idParam(req));
    res.render('organisations/show', { ...detail, readiness: organisationReadiness(db, actor, detail.org.id), reports: reportsOf(db, actor, detail.org.id), errors });
  };

  r.get('/:id', (req, res) => show(req, res));

  // cannot be undone: the box must be ticked (checked here, not only by the browser)
  r.post('/:id/delete', formRoute({
    load: (req) => {
      const org = visible(req);
      assertCan(actorOf(req), 'organisation.write');
      return org;
    },
    form: () => null,
    confirm: 'v.confirm',
    save: (req, _data, org) => service.deleteOrganisation(db, actorOf(req), org.id),
    done: {
      flash: (_, org) => ({ key: 'flash.deleted', params: { name: org.nameVi } }),
      to: (_, _req, org) => (org.parentId ? `/organisations/${org.parentId}` : '/organisations'),
    },
    invalid: (req, res, { errors }) => show(req, res, errors),
    conflict: (_req, org) => `/organisations/${org.id}`,
  }));

  return r;
}
