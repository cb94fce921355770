import { Router } from 'express';
import type { Db } from '../../db/client.js';
import type { Locale, T } from '../../i18n/index.js';
import { PROVIDER_SERVICES } from '../../db/schema/organisations.js';
import { recordForms } from '../../web/form-route.js';
import { actorOf, idParam } from '../../web/request.js';
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

  // the directory's form (new and edit): admins only; "/new" before "/:id"
  recordForms(r, {
    guard: (req) => assertCan(actorOf(req), 'provider.write'),
    // another organisation's record: 403 on the form and on the POST, before the body is read
    find: (req) => service.editableProvider(db, actorOf(req), idParam(req)),
    initial: (_req, provider) => ({ ...provider, licensedServices: provider?.licensedServices ?? [] }),
    form: providerForm,
    create: (req, data) => service.createProvider(db, actorOf(req), data),
    update: (req, provider, data) => service.updateProvider(db, actorOf(req), provider.id, data),
    to: (saved) => `/providers/${saved.id}`,
    render: (_req, res, { values, errors, loaded: provider }) => {
      // a bad form comes back with the ticked services kept (one ticked box arrives as a string)
      const services = values.licensedServices === undefined ? [] : ([] as unknown[]).concat(values.licensedServices);
      res.render('providers/form', { ...formLocals(provider), provider, values: { ...values, licensedServices: services }, errors });
    },
  });

  r.get('/:id', (req, res) => {
    res.render('providers/show', service.providerDetail(db, actorOf(req), idParam(req), { t: res.locals.t as T, locale: res.locals.locale as Locale }));
  });

  return r;
}
