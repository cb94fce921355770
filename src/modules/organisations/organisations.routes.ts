import { Router } from 'express';
import type { Db } from '../../db/client.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { fieldErrors } from '../../web/forms.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { organisationForm } from './organisations.schemas.js';
import * as service from './organisations.service.js';

export function organisationsRouter(db: Db): Router {
  const r = Router();

  const formLocals = (req: Parameters<Parameters<typeof r.get>[1]>[0]) => ({
    parents: service.organisationTree(db, actorOf(req)),
  });

  r.get('/', (req, res) => {
    res.render('organisations/index', { tree: service.organisationTree(db, actorOf(req)) });
  });

  // "/new" before "/:id"
  r.get('/new', (req, res) => {
    const parentId = typeof req.query.parent === 'string' ? req.query.parent : String(actorOf(req).organisationId);
    res.render('organisations/form', { ...formLocals(req), org: null, values: { kind: 'agency', parentId }, errors: {} });
  });

  r.post('/', (req, res) => {
    const actor = actorOf(req);
    const values = body(req);
    const parsed = organisationForm.safeParse(values);
    try {
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      const org = service.createOrganisation(db, actor, parsed.data);
      flash(req, 'flash.created');
      res.redirect(303, `/organisations/${org.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422).render('organisations/form', { ...formLocals(req), org: null, values, errors: err.fields });
    }
  });

  r.get('/:id/edit', (req, res) => {
    const org = service.getOrganisation(db, actorOf(req), idParam(req));
    res.render('organisations/form', { ...formLocals(req), org, values: org, errors: {} });
  });

  r.post('/:id', (req, res) => {
    const actor = actorOf(req);
    const org = service.getOrganisation(db, actor, idParam(req));
    const values = body(req);
    const parsed = organisationForm.safeParse(values);
    try {
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      service.updateOrganisation(db, actor, org.id, parsed.data);
      flash(req, 'flash.saved');
      res.redirect(303, `/organisations/${org.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422).render('organisations/form', { ...formLocals(req), org, values, errors: err.fields });
    }
  });

  r.post('/:id/delete', (req, res) => {
    const id = idParam(req);
    const org = service.getOrganisation(db, actorOf(req), id);
    try {
      service.deleteOrganisation(db, actorOf(req), id);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      flash(req, err.messageKey, err.params, 'error');
      return res.redirect(303, `/organisations/${id}`);
    }
    flash(req, 'flash.deleted', { name: org.nameVi });
    res.redirect(303, org.parentId ? `/organisations/${org.parentId}` : '/organisations');
  });

  return r;
}
