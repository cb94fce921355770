// The baseline checklist of one system, mounted at /systems/:systemId/checklist.
//   GET  /   the checklist (?show=all|not_met|not_assessed), the whole table being one form
//   POST /   the fast form: status[<itemId>] and note[<itemId>] for any number of items
import { Router, type Request, type Response } from 'express';
import { CHECKLIST_STATUSES } from '../../db/schema/compliance.js';
import type { Db } from '../../db/client.js';
import { ValidationError, type FieldErrors } from '../../domain/errors.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { checklistQuery, FILTERS, NOTE_MAX, parseChecklistForm, type ChecklistForm } from './checklists.schemas.js';
import * as service from './checklists.service.js';

export function checklistsRouter(db: Db): Router {
  const r = Router({ mergeParams: true });
  const systemIdOf = (req: Request) => idParam(req, 'systemId');

  function render(req: Request, res: Response, status: number, values: ChecklistForm['values'], errors: FieldErrors) {
    const { show } = checklistQuery.parse(req.query);
    res.status(status).render('checklists/index', {
      ...service.checklistView(db, actorOf(req), systemIdOf(req), show),
      show, filters: FILTERS, statuses: CHECKLIST_STATUSES, noteMax: NOTE_MAX, values, errors,
    });
  }

  r.get('/', (req, res) => render(req, res, 200, { status: {}, note: {} }, {}));

  r.post('/', (req, res) => {
    const actor = actorOf(req);
    const systemId = systemIdOf(req);
    service.writableSystem(db, actor, systemId); // 403 / 404 before reading the form
    const form = parseChecklistForm(body(req));
    try {
      if (Object.keys(form.errors).length) throw new ValidationError(form.errors);
      const n = service.saveChecklist(db, actor, systemId, form.edits);
      flash(req, n ? 'chk.saved' : 'chk.unchanged', { n });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return render(req, res, 422, form.values, err.fields);
    }
    const { show } = checklistQuery.parse(req.query);
    res.redirect(303, `/systems/${systemId}/checklist${show === 'all' ? '' : `?show=${show}`}`);
  });

  return r;
}
