// The baseline checklist of one system, mounted at /systems/:systemId/checklist.
//   GET  /   the checklist (?show=all|not_met|not_assessed), the whole table being one form
//   POST /   the fast form: status[<itemId>] and note[<itemId>] for any number of items
import { Router, type Request, type Response } from 'express';
import { CHECKLIST_STATUSES } from '../../db/schema/compliance.js';
import type { Db } from '../../db/client.js';
import { ValidationError, type FieldErrors } from '../../domain/errors.js';
import { formRoute } from '../../web/form-route.js';
import { actorOf, idParam } from '../../web/request.js';
import { checklistQuery, FILTERS, NOTE_MAX, parseChecklistForm, type ChecklistForm } from './checklists.schemas.js';
import { evidenceService } from '../evidence/index.js';
import * as service from './checklists.service.js';

export function checklistsRouter(db: Db, windowDays: number): Router {
  const r = Router({ mergeParams: true });
  const systemIdOf = (req: Request) => idParam(req, 'systemId');

  function render(req: Request, res: Response, status: number, values: ChecklistForm['values'], errors: FieldErrors) {
    const { show } = checklistQuery.parse(req.query);
    const view = service.checklistView(db, actorOf(req), systemIdOf(req), show);
    res.status(status).render('checklists/index', {
      ...view,
      // each item's evidence, beside its answer (the evidence library)
      evidenceByItem: view.catalogue ? evidenceService.evidenceByItem(db, actorOf(req), view.system.id, view.catalogue, undefined, windowDays) : new Map(),
      show, filters: FILTERS, statuses: CHECKLIST_STATUSES, noteMax: NOTE_MAX, values, errors,
    });
  }

  r.get('/', (req, res) => render(req, res, 200, { status: {}, note: {} }, {}));

  r.post('/', formRoute({
    load: (req) => service.writableSystem(db, actorOf(req), systemIdOf(req)), // 403 / 404 before reading the form
    form: (values) => {
      const form = parseChecklistForm(values);
      if (Object.keys(form.errors).length) throw new ValidationError(form.errors);
      return form.edits;
    },
    save: (req, edits, system) => service.saveChecklist(db, actorOf(req), system.id, edits),
    done: {
      flash: (n) => ({ key: n ? 'chk.saved' : 'chk.unchanged', params: { n } }),
      to: (_, req, system) => {
        const { show } = checklistQuery.parse(req.query);
        return `/systems/${system.id}/checklist${show === 'all' ? '' : `?show=${show}`}`;
      },
    },
    invalid: (req, res, { values, errors }) => render(req, res, 422, parseChecklistForm(values).values, errors),
  }));

  return r;
}
