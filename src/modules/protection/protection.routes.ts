// The four layers of one system: GET the page; POST a new record for a layer (history is kept).
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { ASSESSOR_KINDS, CONNECTION_STATUSES, MONITORING_CENTRES, MONITORING_MODES } from '../../db/schema/protection.js';
import { ValidationError, type FieldErrors } from '../../domain/errors.js';
import { PROTECTION_CITATIONS, type IndependenceIssue } from '../../domain/protection.js';
import { fieldErrors } from '../../web/forms.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { layer1Form, layer2Form, layer3Form, layer4Form } from './protection.schemas.js';
import * as service from './protection.service.js';

type Layer = 'layer1' | 'layer2' | 'layer3' | 'layer4';

export function protectionRouter(db: Db): Router {
  const r = Router({ mergeParams: true });
  const systemIdOf = (req: Request) => idParam(req, 'systemId');

  function render(req: Request, res: Response, status: number, open: Layer | null, values: Record<string, unknown>, errors: FieldErrors, warning: IndependenceIssue[] = []) {
    const actor = actorOf(req);
    res.status(status).render('protection/index', {
      ...service.protectionView(db, actor, systemIdOf(req)),
      ...service.choices(db, actor),
      open, values, errors, warning,
      citations: PROTECTION_CITATIONS,
      modes: MONITORING_MODES, assessorKinds: ASSESSOR_KINDS, centres: MONITORING_CENTRES, connectionStatuses: CONNECTION_STATUSES,
    });
  }

  r.get('/', (req, res) => render(req, res, 200, null, {}, {}));

  /** One handler per layer: parse, record, redirect; a bad form re-renders the page with that layer open. */
  function post<S extends z.ZodType>(layer: Layer, schema: S, record: (req: Request, data: z.infer<S>) => void) {
    r.post(`/${layer}`, (req, res) => {
      const values = body(req);
      try {
        const parsed = schema.safeParse(values);
        if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
        record(req, parsed.data);
      } catch (err) {
        if (err instanceof service.IndependenceWarning) return render(req, res, 422, layer, values, {}, err.issues);
        if (!(err instanceof ValidationError)) throw err;
        return render(req, res, 422, layer, values, err.fields);
      }
      flash(req, 'flash.saved');
      res.redirect(303, `/systems/${systemIdOf(req)}/protection#${layer}`);
    });
  }

  post('layer1', layer1Form, (req, d) => service.recordLayer1(db, actorOf(req), systemIdOf(req), d));
  post('layer2', layer2Form, (req, d) => service.recordLayer2(db, actorOf(req), systemIdOf(req), d));
  post('layer3', layer3Form, (req, d) => service.recordEngagement(db, actorOf(req), systemIdOf(req), d));
  post('layer4', layer4Form, (req, d) => service.recordLayer4(db, actorOf(req), systemIdOf(req), d));

  r.post('/layer3/:id/revoke', (req, res) => {
    service.revokeEngagement(db, actorOf(req), systemIdOf(req), idParam(req));
    flash(req, 'prot.revoked');
    res.redirect(303, `/systems/${systemIdOf(req)}/protection#layer3`);
  });

  return r;
}
