// The move to Decree 331, per organisation and per system.
//   GET  /transition                              every moving system of the scope (?org=), most at risk first
//   GET  /transition.xlsx                         the same table, and each system's work list
//   GET  /systems/:systemId/transition            one system's workspace (?show=work|all)
//   POST /systems/:systemId/transition/confirm    confirm carried proposals (ticked rows, one row, or all)
//   POST /systems/:systemId/transition/checklist  save answers of the new checklist (the work list's form)
//   GET  /systems/:systemId/transition/print      the A4 plan
//   GET  /systems/:systemId/transition.xlsx       the plan as a spreadsheet
import { Router, type Request, type Response } from 'express';
import { CHECKLIST_STATUSES } from '../../db/schema/compliance.js';
import type { Db } from '../../db/client.js';
import { ValidationError, type FieldErrors } from '../../domain/errors.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import type { Locale, T } from '../../i18n/index.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { sendXlsx } from '../../web/xlsx.js';
import { NOTE_MAX, parseChecklistForm, type ChecklistForm } from '../checklists/checklists.schemas.js';
import { organisationTree } from '../organisations/organisations.service.js';
import { orgQuery, parseConfirmForm, workspaceQuery } from './transition.schemas.js';
import * as service from './transition.service.js';
import { organisationSheets, planSheets } from './transition.sheets.js';

const lang = (res: Response) => ({ t: res.locals.t as T, locale: res.locals.locale as Locale });
/** A file name from a system code: ASCII only. */
const safe = (code: string) => code.replace(/[^A-Za-z0-9._-]+/g, '-');

export function transitionRouter(db: Db, engine: EngineConfig): Router {
  const r = Router();

  // ---- an organisation ----

  r.get('/transition', (req, res) => {
    const actor = actorOf(req);
    const q = orgQuery.parse(req.query);
    res.render('transition/index', { data: service.organisationTransition(db, actor, q.org, engine), q, tree: organisationTree(db, actor) });
  });

  r.get('/transition.xlsx', async (req, res) => {
    const q = orgQuery.parse(req.query);
    const data = service.organisationTransition(db, actorOf(req), q.org, engine);
    await sendXlsx(res, `chuyen-doi-nd331-${todayIso()}.xlsx`, organisationSheets(data, lang(res)));
  });

  // ---- one system ----

  const base = (id: number) => `/systems/${id}/transition`;

  interface Forms {
    confirm: { ticked: string[]; errors: FieldErrors };
    work: { values: ChecklistForm['values']; errors: FieldErrors };
  }
  const blank: Forms = { confirm: { ticked: [], errors: {} }, work: { values: { status: {}, note: {} }, errors: {} } };

  function renderPlan(req: Request, res: Response, status: number, forms: Forms) {
    const systemId = idParam(req, 'systemId');
    const { show } = workspaceQuery.parse(req.query);
    const plan = service.systemPlan(db, actorOf(req), systemId, engine);
    res.status(status).render('transition/show', { plan, systemId, show, forms, statuses: CHECKLIST_STATUSES, noteMax: NOTE_MAX });
  }

  r.get('/systems/:systemId/transition', (req, res) => renderPlan(req, res, 200, blank));

  r.post('/systems/:systemId/transition/confirm', (req, res) => {
    const systemId = idParam(req, 'systemId');
    service.writableMove(db, actorOf(req), systemId, engine); // 403 / 404 / 409 before reading the form
    const form = parseConfirmForm(body(req));
    try {
      const n = service.confirmProposals(db, actorOf(req), systemId, form.which, engine);
      flash(req, n ? 'tr.confirmed' : 'tr.confirmedNone', { n });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderPlan(req, res, 422, { ...blank, confirm: { ticked: form.ticked, errors: err.fields } });
    }
    res.redirect(303, `${base(systemId)}#proposals`);
  });

  r.post('/systems/:systemId/transition/checklist', (req, res) => {
    const systemId = idParam(req, 'systemId');
    const actor = actorOf(req);
    const form = parseChecklistForm(body(req));
    const { show } = workspaceQuery.parse(req.query);
    service.writableMove(db, actor, systemId, engine); // 403 / 404 / 409 before reading the form
    try {
      if (Object.keys(form.errors).length) throw new ValidationError(form.errors);
      const n = service.saveWork(db, actor, systemId, form.edits, engine);
      flash(req, n ? 'chk.saved' : 'chk.unchanged', { n });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderPlan(req, res, 422, { ...blank, work: { values: form.values, errors: err.fields } });
    }
    res.redirect(303, `${base(systemId)}${show === 'all' ? '?show=all' : ''}#work`);
  });

  r.get('/systems/:systemId/transition/print', (req, res) => {
    const plan = service.systemPlan(db, actorOf(req), idParam(req, 'systemId'), engine);
    if (!plan) return res.redirect(303, base(idParam(req, 'systemId')));
    res.render('transition/print', { plan, printedAt: new Date().toISOString() });
  });

  r.get('/systems/:systemId/transition.xlsx', async (req, res) => {
    const plan = service.systemPlan(db, actorOf(req), idParam(req, 'systemId'), engine);
    if (!plan) return res.redirect(303, base(idParam(req, 'systemId')));
    await sendXlsx(res, `ke-hoach-nd331-${safe(plan.system.code)}-${plan.asOf}.xlsx`, planSheets(plan, lang(res)));
  });

  return r;
}
