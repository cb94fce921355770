// POST /organisations/:id/annual-reports and POST /systems/:id/notices; the forms live on those pages, and
// come back on a page of their own, with the values typed and the errors (422), when something is wrong.
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { fieldErrors, intInRange, optDate, optText, reqDate } from '../../web/forms.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { getOrganisation } from '../organisations/organisations.service.js';
import * as service from './submissions.service.js';
import { getSystem } from '../access/index.js';

const year = intInRange(2015, 2100);
const reportForm = z.object({ year, internalDate: optDate, authorityDate: optDate, reference: optText(100) });
const noticeForm = z.object({ year, sentDate: reqDate, reference: optText(100) });

export function submissionsRouter(db: Db): Router {
  const r = Router();

  r.post('/organisations/:id/annual-reports', (req, res) => {
    const id = idParam(req);
    const values = body(req);
    try {
      const parsed = reportForm.safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      service.recordAnnualReport(db, actorOf(req), id, parsed.data);
      flash(req, 'flash.saved');
      res.redirect(303, `/organisations/${id}#reports`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const org = getOrganisation(db, actorOf(req), id);
      res.status(422).render('submissions/form', {
        kind: 'report', action: `/organisations/${id}/annual-reports`, back: { href: `/organisations/${id}#reports`, label: org.nameVi }, values, errors: err.fields,
      });
    }
  });

  r.post('/systems/:id/notices', (req, res) => {
    const id = idParam(req);
    const values = body(req);
    try {
      const parsed = noticeForm.safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      service.recordNotice(db, actorOf(req), id, parsed.data);
      flash(req, 'flash.saved');
      res.redirect(303, `/systems/${id}#notices`);
    } catch (err) {
      // a notice of that year already recorded is a mistake in the year field
      const fields = err instanceof ValidationError ? err.fields : err instanceof ConflictError ? { year: 'sub.v.noticeExists' } : null;
      if (!fields) throw err;
      const system = getSystem(db, actorOf(req), id);
      res.status(422).render('submissions/form', {
        kind: 'notice', action: `/systems/${id}/notices`, back: { href: `/systems/${id}#notices`, label: system.nameVi }, values, errors: fields,
      });
    }
  });

  return r;
}
