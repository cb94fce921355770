// People who operate systems: the list, the readiness roster, a person's page with their certificates,
// knowledge updates and assignments. Every write re-renders its form with messages (422) or redirects (303).
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { ASSIGNMENT_ROLES, CERTIFICATE_KINDS, CERTIFICATE_STATUSES } from '../../db/schema/people.js';
import { ValidationError, type FieldErrors } from '../../domain/errors.js';
import { PEOPLE_CITATIONS, PEOPLE_RULES_CONFIG } from '../../domain/people.js';
import { can } from '../../domain/permissions.js';
import { fieldErrors } from '../../web/forms.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { assertCan } from '../access/index.js';
import { organisationTree } from '../organisations/organisations.service.js';
import { assignmentForm, certificateForm, endAssignmentForm, operatorForm, operatorListQuery, rosterQuery, updateForm } from './operators.schemas.js';
import * as service from './operators.service.js';

const ENUMS = { kinds: CERTIFICATE_KINDS, statuses: CERTIFICATE_STATUSES, roles: ASSIGNMENT_ROLES };

/** Parses a form or throws the per-field messages. */
function parse<S extends z.ZodType>(schema: S, values: Record<string, unknown>): z.infer<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
  return parsed.data;
}

export function operatorsRouter(db: Db): Router {
  const r = Router();

  r.get('/', (req, res) => {
    const actor = actorOf(req);
    const q = operatorListQuery.parse(req.query);
    const { rows, page } = service.listOperators(db, actor, q);
    res.render('operators/index', { rows, page, q, filtered: Boolean(q.q || q.org), tree: organisationTree(db, actor) });
  });

  // fixed paths before "/:id"
  r.get('/roster', (req, res) => {
    const actor = actorOf(req);
    const q = rosterQuery.parse(req.query);
    const rows = service.rosterRows(db, actor, q);
    res.render('operators/roster', {
      rows, q, filtered: Boolean(q.org || q.level || q.problems), tree: organisationTree(db, actor),
      levels: PEOPLE_RULES_CONFIG.levels, citations: PEOPLE_CITATIONS,
    });
  });

  // ---- the person ----

  const formLocals = (req: Request) => ({ organisations: service.organisationChoices(db, actorOf(req)) });

  r.get('/new', (req, res) => {
    const actor = actorOf(req);
    assertCan(actor, 'system.write');
    res.render('operators/form', { ...formLocals(req), operator: null, values: { organisationId: actor.organisationId }, errors: {} });
  });

  r.post('/', (req, res) => {
    assertCan(actorOf(req), 'system.write');
    const values = body(req);
    try {
      const o = service.createOperator(db, actorOf(req), parse(operatorForm, values));
      flash(req, 'flash.created');
      res.redirect(303, `/operators/${o.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422).render('operators/form', { ...formLocals(req), operator: null, values, errors: err.fields });
    }
  });

  /** The person page; `open` names the form to show again with the user's values and messages. */
  function show(req: Request, res: Response, status = 200, open: string | null = null, values: Record<string, unknown> = {}, errors: FieldErrors = {}) {
    const actor = actorOf(req);
    const detail = service.personDetail(db, actor, idParam(req));
    res.status(status).render('operators/show', {
      ...detail, ...ENUMS, open, values, errors,
      systems: can(actor.role, 'system.write') ? service.assignableSystems(db, actor) : [],
    });
  }

  r.get('/:id', (req, res) => show(req, res));

  r.get('/:id/edit', (req, res) => {
    const actor = actorOf(req);
    assertCan(actor, 'system.write');
    const operator = service.getOperator(db, actor, idParam(req));
    // the stored national ID is never sent back to the browser: blank keeps it
    const { nationalId: _id, ...values } = operator;
    res.render('operators/form', { ...formLocals(req), operator, maskedNationalId: service.maskNationalId(operator.nationalId), values, errors: {} });
  });

  r.post('/:id', (req, res) => {
    const actor = actorOf(req);
    assertCan(actor, 'system.write');
    const operator = service.getOperator(db, actor, idParam(req));
    const values = body(req);
    try {
      service.updateOperator(db, actor, operator.id, parse(operatorForm, values));
      flash(req, 'flash.saved');
      res.redirect(303, `/operators/${operator.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422).render('operators/form', { ...formLocals(req), operator, maskedNationalId: service.maskNationalId(operator.nationalId), values, errors: err.fields });
    }
  });

  /** A write on the person page: on a bad form, the page again with that form open. */
  function write(path: string, open: (req: Request) => string, anchor: string, run: (req: Request, values: Record<string, unknown>) => void) {
    r.post(path, (req, res) => {
      const actor = actorOf(req);
      // who may write, and whom, before what was written
      assertCan(actor, 'system.write');
      service.getOperator(db, actor, idParam(req));
      const values = body(req);
      try {
        run(req, values);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return show(req, res, 422, open(req), values, err.fields);
      }
      flash(req, 'flash.saved');
      res.redirect(303, `/operators/${idParam(req)}#${anchor}`);
    });
  }

  write('/:id/certificates', () => 'certificate-new', 'certificates', (req, v) =>
    service.addCertificate(db, actorOf(req), idParam(req), parse(certificateForm, v)));
  write('/:id/certificates/:cid', (req) => `certificate-${idParam(req, 'cid')}`, 'certificates', (req, v) => {
    const c = service.getCertificate(db, actorOf(req), idParam(req), idParam(req, 'cid'));
    service.updateCertificate(db, actorOf(req), c.operatorId, c.id, parse(certificateForm, v));
  });
  write('/:id/updates', () => 'update', 'updates', (req, v) =>
    service.addKnowledgeUpdate(db, actorOf(req), idParam(req), parse(updateForm, v)));
  write('/:id/assignments', () => 'assignment', 'assignments', (req, v) =>
    service.assignOperator(db, actorOf(req), idParam(req), parse(assignmentForm, v)));
  write('/:id/assignments/:aid/end', (req) => `end-${idParam(req, 'aid')}`, 'assignments', (req, v) =>
    service.endAssignment(db, actorOf(req), idParam(req), idParam(req, 'aid'), parse(endAssignmentForm, v).toDate));

  return r;
}
