// The four layers of one system: GET the page; POST a new record for a layer (history is kept).
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { ASSESSOR_KINDS, CONNECTION_STATUSES, MONITORING_CENTRES, MONITORING_MODES } from '../../db/schema/protection.js';
import type { FieldErrors } from '../../domain/errors.js';
import { PROTECTION_CITATIONS, type IndependenceIssue } from '../../domain/protection.js';
import { formRoute } from '../../web/form-route.js';
import { actorOf, idParam } from '../../web/request.js';
import { layer1Form, layer2Form, layer3Form, layer4Form } from './protection.schemas.js';
import * as service from './protection.service.js';

type Layer = 'layer1' | 'layer2' | 'layer3' | 'layer4';
/** The form shown again: a layer's, or the revocation of the layer-3 engagement. */
type Form = Layer | 'revoke';

export function protectionRouter(db: Db): Router {
  const r = Router({ mergeParams: true });
  const systemIdOf = (req: Request) => idParam(req, 'systemId');

  function render(req: Request, res: Response, status: number, open: Form | null, values: Record<string, unknown>, errors: FieldErrors, warning: IndependenceIssue[] = []) {
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
  function post<T>(layer: Layer, schema: z.ZodType<T>, record: (req: Request, data: T) => void) {
    r.post(`/${layer}`, formRoute({
      form: schema,
      save: record,
      done: { flash: 'flash.saved', to: (_, req) => `/systems/${systemIdOf(req)}/protection#${layer}` },
      // an assessor that breaks independence: the warning, and a box to record it anyway
      refusal: (err) => (err instanceof service.IndependenceWarning ? {} : null),
      invalid: (req, res, { values, errors, error }) =>
        render(req, res, 422, layer, values, errors, error instanceof service.IndependenceWarning ? error.issues : []),
    }));
  }

  post('layer1', layer1Form, (req, d) => service.recordLayer1(db, actorOf(req), systemIdOf(req), d));
  post('layer2', layer2Form, (req, d) => service.recordLayer2(db, actorOf(req), systemIdOf(req), d));
  post('layer3', layer3Form, (req, d) => service.recordEngagement(db, actorOf(req), systemIdOf(req), d));
  post('layer4', layer4Form, (req, d) => service.recordLayer4(db, actorOf(req), systemIdOf(req), d));

  // ending an engagement takes the assessor's access away at once: the box must be ticked
  r.post('/layer3/:id/revoke', formRoute({
    load: (req) => service.revocableEngagement(db, actorOf(req), systemIdOf(req), idParam(req)).engagement,
    form: () => null,
    confirm: 'v.confirm',
    save: (req, _data, engagement) => service.revokeEngagement(db, actorOf(req), systemIdOf(req), engagement.id),
    done: { flash: 'prot.revoked', to: (_, req) => `/systems/${systemIdOf(req)}/protection#layer3` },
    invalid: (req, res, { errors }) => render(req, res, 422, 'revoke', {}, { revoke: errors.confirm ?? 'v.confirm' }),
  }));

  return r;
}
