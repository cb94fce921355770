// POST /organisations/:id/annual-reports and POST /systems/:id/notices; the forms live on those pages.
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { fieldErrors, intInRange, optDate, optText, reqDate } from '../../web/forms.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import * as service from './submissions.service.js';

const year = intInRange(2015, 2100);
const reportForm = z.object({ year, internalDate: optDate, authorityDate: optDate, reference: optText(100) });
const noticeForm = z.object({ year, sentDate: reqDate, reference: optText(100) });

export function submissionsRouter(db: Db): Router {
  const r = Router();

  r.post('/organisations/:id/annual-reports', (req, res) => {
    const id = idParam(req);
    try {
      const parsed = reportForm.safeParse(body(req));
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      service.recordAnnualReport(db, actorOf(req), id, parsed.data);
      flash(req, 'flash.saved');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      flash(req, 'sub.invalid', { field: Object.values(err.fields).map((k) => res.locals.t(k)).join(' ') }, 'error');
    }
    res.redirect(303, `/organisations/${id}#reports`);
  });

  r.post('/systems/:id/notices', (req, res) => {
    const id = idParam(req);
    try {
      const parsed = noticeForm.safeParse(body(req));
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      service.recordNotice(db, actorOf(req), id, parsed.data);
      flash(req, 'flash.saved');
    } catch (err) {
      if (err instanceof ConflictError) flash(req, err.messageKey, err.params, 'error');
      else if (err instanceof ValidationError) flash(req, 'sub.invalid', { field: Object.values(err.fields).map((k) => res.locals.t(k)).join(' ') }, 'error');
      else throw err;
    }
    res.redirect(303, `/systems/${id}#notices`);
  });

  return r;
}
