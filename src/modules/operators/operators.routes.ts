// People who operate systems: the list, the readiness roster, a person's page with their certificates,
// knowledge updates and assignments. Every write re-renders its form with messages (422) or redirects (303).
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { ASSIGNMENT_ROLES, CERTIFICATE_KINDS, CERTIFICATE_STATUSES, type OperatorRow } from '../../db/schema/people.js';
import type { FieldErrors } from '../../domain/errors.js';
import { PEOPLE_CITATIONS, PEOPLE_RULES_CONFIG } from '../../domain/people.js';
import { can } from '../../domain/permissions.js';
import { formRoute, recordForms, type FormRoute, type FormValues } from '../../web/form-route.js';
import { paginate } from '../../web/pagination.js';
import { actorOf, idParam } from '../../web/request.js';
import { assertCan } from '../access/index.js';
import { organisationTree } from '../organisations/organisations.service.js';
import { assignmentForm, certificateForm, endAssignmentForm, operatorForm, operatorListQuery, rosterQuery, updateForm, voidCertificateForm } from './operators.schemas.js';
import * as service from './operators.service.js';

const ENUMS = { kinds: CERTIFICATE_KINDS, statuses: CERTIFICATE_STATUSES, roles: ASSIGNMENT_ROLES };

/**
 * Recording that a certificate is suspended or revoked takes it out of the staffing rules (HR-01…03):
 * the box must be ticked when the status becomes one of those, not when other details are corrected.
 */
function statusConfirmation(values: FormValues, stored: string | null): string | null {
  const status = values.status;
  return (status === 'suspended' || status === 'revoked') && status !== stored ? 'op.v.confirmStatus' : null;
}

/** Systems per page of the roster. */
const ROSTER_PAGE = 50;

export function operatorsRouter(db: Db): Router {
  const r = Router();

  r.get('/', (req, res) => {
    const actor = actorOf(req);
    const q = operatorListQuery.parse(req.query);
    const { rows, page } = service.listOperators(db, actor, q);
    res.render('operators/index', { rows, page, q, filtered: Boolean(q.q || q.org), tree: organisationTree(db, actor) });
  });

  // fixed paths before "/:id"
  r.get('/roster', async (req, res) => {
    const actor = actorOf(req);
    const q = rosterQuery.parse(req.query);
    const rows = await service.rosterRowsAway(db, actor, q);
    // a province has thousands of systems: the page shows them by pages, the roster export has them all
    const page = paginate(req.query.page, rows.length, ROSTER_PAGE);
    res.render('operators/roster', {
      rows: rows.slice(page.offset, page.offset + page.perPage), page, total: rows.length, problems: rows.filter((r) => r.problem).length,
      q, filtered: Boolean(q.org || q.level || q.problems), tree: organisationTree(db, actor),
      levels: PEOPLE_RULES_CONFIG.levels, citations: PEOPLE_CITATIONS,
    });
  });

  // ---- the person ----

  const formLocals = (req: Request) => ({ organisations: service.organisationChoices(db, actorOf(req)) });

  const writer = (req: Request) => assertCan(actorOf(req), 'system.write');
  const visible = (req: Request) => service.getOperator(db, actorOf(req), idParam(req));

  // the person's form (new and edit); "/new" before "/:id"
  recordForms(r, {
    guard: writer,
    find: visible,
    // the stored national ID is never sent back to the browser: blank keeps it
    initial: (req, operator) => (operator ? { ...operator, nationalId: undefined } : { organisationId: actorOf(req).organisationId }),
    form: operatorForm,
    create: (req, data) => service.createOperator(db, actorOf(req), data),
    update: (req, operator, data) => service.updateOperator(db, actorOf(req), operator.id, data),
    to: (o) => `/operators/${o.id}`,
    render: (req, res, { values, errors, loaded: operator }) => res.render('operators/form', {
      ...formLocals(req), operator, values, errors, ...(operator ? { maskedNationalId: service.maskNationalId(operator.nationalId) } : {}),
    }),
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

  /** A write on the person page: on a bad form, the page again with that form (`open`) showing the values and messages. */
  function write<L extends { operator: OperatorRow }, T>(path: string, open: (req: Request) => string, anchor: string, spec: Pick<FormRoute<L, T, unknown>, 'load' | 'form' | 'confirm' | 'save'>) {
    r.post(path, formRoute({
      ...spec,
      done: { flash: 'flash.saved', to: (_, _req, { operator }) => `/operators/${operator.id}#${anchor}` },
      invalid: (req, res, { values, errors }) => show(req, res, 422, open(req), values, errors),
    }));
  }

  // whom (404 out of scope), then who may write (403), before what was written
  const person = (req: Request) => {
    const operator = visible(req);
    writer(req);
    return { operator };
  };
  const certificate = (req: Request) => {
    const { operator } = person(req);
    return { operator, certificate: service.getCertificate(db, actorOf(req), operator.id, idParam(req, 'cid')) };
  };

  write('/:id/certificates', () => 'certificate-new', 'certificates', {
    load: person,
    form: certificateForm,
    confirm: (values) => statusConfirmation(values, null),
    save: (req, data, { operator }) => service.addCertificate(db, actorOf(req), operator.id, data),
  });
  write('/:id/certificates/:cid', (req) => `certificate-${idParam(req, 'cid')}`, 'certificates', {
    load: certificate,
    form: certificateForm,
    confirm: (values, { certificate: c }) => statusConfirmation(values, c.status),
    save: (req, data, { operator, certificate: c }) => service.updateCertificate(db, actorOf(req), operator.id, c.id, data),
  });
  write('/:id/certificates/:cid/void', (req) => `void-${idParam(req, 'cid')}`, 'certificates', {
    load: certificate,
    form: voidCertificateForm,
    confirm: 'v.confirm',
    save: (req, data, { operator, certificate: c }) => service.voidCertificate(db, actorOf(req), operator.id, c.id, data.reason),
  });
  write('/:id/updates', () => 'update', 'updates', {
    load: person,
    form: updateForm,
    save: (req, data, { operator }) => service.addKnowledgeUpdate(db, actorOf(req), operator.id, data),
  });
  write('/:id/assignments', () => 'assignment', 'assignments', {
    load: person,
    form: assignmentForm,
    save: (req, data, { operator }) => service.assignOperator(db, actorOf(req), operator.id, data),
  });
  write('/:id/assignments/:aid/end', (req) => `end-${idParam(req, 'aid')}`, 'assignments', {
    load: person,
    form: endAssignmentForm,
    confirm: 'v.confirm',
    save: (req, data, { operator }) => service.endAssignment(db, actorOf(req), operator.id, idParam(req, 'aid'), data.toDate),
  });

  return r;
}
