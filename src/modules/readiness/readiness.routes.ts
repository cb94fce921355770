// Drills and security budgets: the /readiness page with both forms, and the edit pages.
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { DRILL_KINDS } from '../../db/schema/people.js';
import { ValidationError, type FieldErrors } from '../../domain/errors.js';
import { READINESS_CITATIONS } from '../../domain/readiness.js';
import { formatNumber, todayIso } from '../../i18n/format.js';
import { fieldErrors } from '../../web/forms.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
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

  r.post('/drills', (req, res) => {
    service.assertWriter(actorOf(req));
    const values = body(req);
    try {
      const parsed = drillForm.safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      const d = service.createDrill(db, actorOf(req), parsed.data);
      flash(req, 'ready.drillSaved');
      res.redirect(303, after(req, d.organisationId, 'drills'));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderIndex(req, res, 422, 'drill', values, err.fields);
    }
  });

  function renderDrill(req: Request, res: Response, status: number, values: Record<string, unknown>, errors: FieldErrors) {
    const actor = actorOf(req);
    const drill = service.getDrill(db, actor, idParam(req));
    res.status(status).render('readiness/drill-form', { drill, ...service.choices(db, actor), values, errors, kinds: DRILL_KINDS });
  }

  r.get('/drills/:id/edit', (req, res) => {
    const drill = service.getDrill(db, actorOf(req), idParam(req));
    renderDrill(req, res, 200, { ...drill, back: safeBack(req.query.back) ?? '' }, {});
  });

  r.post('/drills/:id/edit', (req, res) => {
    const values = body(req);
    try {
      service.getDrill(db, actorOf(req), idParam(req)); // 403/404 before validating
      const parsed = drillForm.safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      const d = service.updateDrill(db, actorOf(req), idParam(req), parsed.data);
      flash(req, 'flash.saved');
      res.redirect(303, after(req, d.organisationId, 'drills'));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderDrill(req, res, 422, values, err.fields);
    }
  });

  // one row per organisation (or system) and year: posting a recorded year updates it
  r.post('/budgets', (req, res) => {
    service.assertWriter(actorOf(req));
    const values = body(req);
    try {
      const parsed = budgetForm.safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      const { row, created } = service.saveBudget(db, actorOf(req), parsed.data);
      flash(req, created ? 'ready.budgetSaved' : 'ready.budgetUpdated', { year: String(row.year) });
      res.redirect(303, after(req, row.organisationId, 'budgets'));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderIndex(req, res, 422, 'budget', values, err.fields);
    }
  });

  function renderBudget(req: Request, res: Response, status: number, values: Record<string, unknown>, errors: FieldErrors) {
    const budget = service.getBudget(db, actorOf(req), idParam(req));
    res.status(status).render('readiness/budget-form', { budget, values, errors });
  }

  r.get('/budgets/:id/edit', (req, res) => {
    const b = service.getBudget(db, actorOf(req), idParam(req));
    // amounts shown with Vietnamese thousands dots whatever the page language: the form reads them back
    const values = { itBudget: formatNumber(b.itBudget, 'vi'), securitySpending: formatNumber(b.securitySpending, 'vi'), note: b.note, back: safeBack(req.query.back) ?? '' };
    renderBudget(req, res, 200, values, {});
  });

  r.post('/budgets/:id/edit', (req, res) => {
    const values = body(req);
    try {
      service.getBudget(db, actorOf(req), idParam(req)); // 403/404 before validating
      const parsed = budgetAmountsForm.safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      const b = service.updateBudget(db, actorOf(req), idParam(req), parsed.data);
      flash(req, 'flash.saved');
      res.redirect(303, after(req, b.organisationId, 'budgets'));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderBudget(req, res, 422, values, err.fields);
    }
  });

  return r;
}
