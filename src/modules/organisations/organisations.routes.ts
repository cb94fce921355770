import { Router, type Request } from 'express';
import type { Db } from '../../db/client.js';
import { recordForms } from '../../web/form-route.js';
import { actorOf, idParam } from '../../web/request.js';
import { assertCan } from '../access/index.js';
import { organisationForm } from './organisations.schemas.js';
import * as service from './organisations.service.js';

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
    guard: (req) => assertCan(actorOf(req), 'organisation.write'),
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

  // the organisation's own page (GET /:id) and its delete form are the page module's (pages/organisation-page.routes.ts)

  return r;
}
