import { Router, type Request } from 'express';
import type { Db } from '../../db/client.js';
import { PROVIDER_SERVICES } from '../../db/schema/organisations.js';
import { ValidationError } from '../../domain/errors.js';
import { fieldErrors } from '../../web/forms.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { assertCan } from '../access/index.js';
import { providerForm } from './providers.schemas.js';
import * as service from './providers.service.js';

export function providersRouter(db: Db): Router {
  const r = Router();
  const formLocals = (provider: { id: number } | null) => ({
    services: PROVIDER_SERVICES,
    parents: service.listProviders(db).filter((p) => !provider || p.id !== provider.id),
  });

  r.get('/', (_req, res) => {
    const rows = service.listProviders(db).map((p) => ({ p, licence: service.licenceState(p) }));
    res.render('providers/index', { rows, byId: new Map(rows.map((r) => [r.p.id, r.p])) });
  });

  r.get('/new', (req, res) => {
    assertCan(actorOf(req), 'provider.write');
    res.render('providers/form', { ...formLocals(null), provider: null, values: { licensedServices: [] }, errors: {} });
  });

  function save(req: Request, res: Parameters<Parameters<typeof r.post>[1]>[1], provider: { id: number } | null) {
    const values = body(req);
    try {
      const parsed = providerForm.safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      const saved = provider ? service.updateProvider(db, actorOf(req), provider.id, parsed.data) : service.createProvider(db, actorOf(req), parsed.data);
      flash(req, provider ? 'flash.saved' : 'flash.created');
      res.redirect(303, `/providers/${saved.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const services = values.licensedServices === undefined ? [] : ([] as unknown[]).concat(values.licensedServices);
      res.status(422).render('providers/form', { ...formLocals(provider), provider, values: { ...values, licensedServices: services }, errors: err.fields });
    }
  }

  r.post('/', (req, res) => save(req, res, null));

  r.get('/:id', (req, res) => {
    res.render('providers/show', service.providerDetail(db, actorOf(req), idParam(req)));
  });

  r.get('/:id/edit', (req, res) => {
    assertCan(actorOf(req), 'provider.write');
    const provider = service.getProvider(db, idParam(req));
    res.render('providers/form', { ...formLocals(provider), provider, values: { ...provider, licensedServices: provider.licensedServices ?? [] }, errors: {} });
  });

  r.post('/:id', (req, res) => save(req, res, service.getProvider(db, idParam(req))));

  return r;
}
