// Drills and security budgets: the /readiness page with both forms, and the edit pages.
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { DRILL_KINDS } from '../../db/schema/people.js';
import type { FieldErrors } from '../../domain/errors.js';
import { READINESS_CITATIONS } from '../../domain/readiness.js';
import { formatNumber, todayIso } from '../../i18n/format.js';
import { formPage, formRoute } from '../../web/form-route.js';
import { actorOf, body, idParam } from '../../web/request.js';
import { budgetAmountsForm, budgetForm, drillForm, indexQuery, safeBack } from './readiness.schemas.js';
import * as service from './readiness.service.js';

type Form = 'drill' | 'budget';

/** Where to go after a save: back to the system or organisation page the user came from, else the list. */
function after(req: Request, organisationId: number, anchor: string): string {
  return safeBack(body(req).back) ?? `/readiness?org=${organisationId}#${anchor}`;
}

export function readinessRouter(db: Db): Router {
  const r = Router();

  function renderIndex(req: Request, res: Response, status: number, open: Form | null, values: Record<string, unknown>, errors: FieldErrors) {
    const actor = actorOf(req);
    const q = indexQuery.parse(req.query);
    const data = service.readinessIndex(db, actor, q);
    const defaults = {
      organisationId: data.org ?? service.defaultOrganisationFor(db, actor, q.system) ?? (actor.scope.has(actor.organisationId) ? actor.organisationId : ''),
      systemId: q.system ?? '',
      year: Number(todayIso().slice(0, 4)),
      back: q.back ?? '',
    };
    res.status(status).render('readiness/index', {
      ...data, ...service.choices(db, actor, data.org),
      open: open ?? q.form ?? null, values, errors, defaults, kinds: DRILL_KINDS, citations: READINESS_CITATIONS,
    });
  }

  r.get('/', (req, res) => renderIndex(req, res, 200, null, {}, {}));

  const writer = (req: Request) => service.assertWriter(actorOf(req));

  r.post('/drills', formRoute({
    load: writer,
    form: drillForm,
    save: (req, data) => service.createDrill(db, actorOf(req), data),
    done: { flash: 'ready.drillSaved', to: (d, req) => after(req, d.organisationId, 'drills') },
    invalid: (req, res, { values, errors }) => renderIndex(req, res, 422, 'drill', values, errors),
  }));

  formPage(r, {
    page: '/drills/:id/edit',
    action: '/drills/:id/edit',
    load: (req) => service.getDrill(db, actorOf(req), idParam(req)), // 403/404 before validating
    initial: (req, drill) => ({ ...drill, back: safeBack(req.query.back) ?? '' }),
    form: drillForm,
    save: (req, data, drill) => service.updateDrill(db, actorOf(req), drill.id, data),
    done: { flash: 'flash.saved', to: (d, req) => after(req, d.organisationId, 'drills') },
    render: (req, res, { values, errors, loaded: drill }) => res.render('readiness/drill-form', { drill, ...service.choices(db, actorOf(req)), values, errors, kinds: DRILL_KINDS }),
  });

  // one row per organisation (or system) and year: posting a recorded year updates it
  r.post('/budgets', formRoute({
    load: writer,
    form: budgetForm,
    save: (req, data) => service.saveBudget(db, actorOf(req), data),
    done: {
      flash: ({ row, created }) => ({ key: created ? 'ready.budgetSaved' : 'ready.budgetUpdated', params: { year: String(row.year) } }),
      to: ({ row }, req) => after(req, row.organisationId, 'budgets'),
    },
    invalid: (req, res, { values, errors }) => renderIndex(req, res, 422, 'budget', values, errors),
  }));

  formPage(r, {
    page: '/budgets/:id/edit',
    action: '/budgets/:id/edit',
    load: (req) => service.getBudget(db, actorOf(req), idParam(req)), // 403/404 before validating
    // amounts shown with Vietnamese thousands dots whatever the page language: the form reads them back
    initial: (req, b) => ({ itBudget: formatNumber(b.itBudget, 'vi'), securitySpending: formatNumber(b.securitySpending, 'vi'), note: b.note, back: safeBack(req.query.back) ?? '' }),
    form: budgetAmountsForm,
    save: (req, data, budget) => service.updateBudget(db, actorOf(req), budget.id, data),
    done: { flash: 'flash.saved', to: (b, req) => after(req, b.organisationId, 'budgets') },
    render: (_req, res, { values, errors, loaded: budget }) => res.render('readiness/budget-form', { budget, values, errors }),
  });

  return r;
}
