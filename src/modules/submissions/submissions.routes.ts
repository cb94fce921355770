// POST /organisations/:id/annual-reports and POST /systems/:id/notices; the forms live on those pages, and
// come back on a page of their own, with the values typed and the errors (422), when something is wrong.
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { ConflictError } from '../../domain/errors.js';
import { formRoute, type FormState } from '../../web/form-route.js';
import { intInRange, optDate, optText, reqDate } from '../../web/forms.js';
import { actorOf, idParam } from '../../web/request.js';
import { getOrganisation } from '../organisations/organisations.service.js';
import * as service from './submissions.service.js';
import { getSystem } from '../access/index.js';

const year = intInRange(2015, 2100);
const reportForm = z.object({ year, internalDate: optDate, authorityDate: optDate, reference: optText(100) });
const noticeForm = z.object({ year, sentDate: reqDate, reference: optText(100) });

export function submissionsRouter(db: Db): Router {
  const r = Router();

  /** The form on a page of its own, with the values typed and the messages, and a link back. */
  const again = (res: Response, { values, errors }: FormState<number>, kind: 'report' | 'notice', action: string, back: { href: string; label: string }) =>
    res.render('submissions/form', { kind, action, back, values, errors });

  r.post('/organisations/:id/annual-reports', formRoute({
    load: (req) => idParam(req),
    form: reportForm,
    save: (req, data, id) => service.recordAnnualReport(db, actorOf(req), id, data),
    done: { flash: 'flash.saved', to: (_, _req, id) => `/organisations/${id}#reports` },
    invalid: (req, res, failure) => {
      const org = getOrganisation(db, actorOf(req), failure.loaded);
      again(res, failure, 'report', `/organisations/${org.id}/annual-reports`, { href: `/organisations/${org.id}#reports`, label: org.nameVi });
    },
  }));

  r.post('/systems/:id/notices', formRoute({
    load: (req) => idParam(req),
    form: noticeForm,
    save: (req, data, id) => service.recordNotice(db, actorOf(req), id, data),
    done: { flash: 'flash.saved', to: (_, _req, id) => `/systems/${id}#notices` },
    // a notice of that year already recorded is a mistake in the year field
    refusal: (err) => (err instanceof ConflictError ? { year: 'sub.v.noticeExists' } : null),
    invalid: (req, res, failure) => {
      const system = getSystem(db, actorOf(req), failure.loaded);
      again(res, failure, 'notice', `/systems/${system.id}/notices`, { href: `/systems/${system.id}#notices`, label: system.nameVi });
    },
  }));

  return r;
}
