import { Router, type Request } from 'express';
import type { Db } from '../../db/client.js';
import { DOSSIER_STATUSES } from '../../db/schema/level-decisions.js';
import { HOSTINGS, LIFECYCLE_STATUSES, PRIORITY_SECTORS, SEPARATIONS, SYSTEM_TYPES } from '../../db/schema/systems.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { fieldErrors } from '../../web/forms.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { organisationTree, selectableAgencies } from '../organisations/organisations.service.js';
import { decommissionForm, systemForm, systemListQuery } from './systems.schemas.js';
import * as service from './systems.service.js';
import { getSystem, subtreeIds } from '../access/index.js';

const ENUMS = { systemTypes: SYSTEM_TYPES, lifecycles: LIFECYCLE_STATUSES, hostings: HOSTINGS, separations: SEPARATIONS, sectors: PRIORITY_SECTORS };

export function systemsRouter(db: Db): Router {
  const r = Router();

  const formLocals = (req: Request) => ({ ...ENUMS, agencies: selectableAgencies(db, actorOf(req)) });

  r.get('/', (req, res) => {
    const actor = actorOf(req);
    const q = systemListQuery.parse(req.query);
    const { rows, page } = service.listSystems(db, actor, q, (id) => subtreeIds(db, id));
    const filtered = Boolean(q.q || q.org || q.level || q.status || q.sector || q.dossier);
    res.render('systems/index', { rows, page, q, filtered, tree: organisationTree(db, actor), ...ENUMS, dossierStatuses: DOSSIER_STATUSES });
  });

  // "/new" before "/:id"
  r.get('/new', (req, res) => {
    const actor = actorOf(req);
    const values = { lifecycleStatus: 'planned', hosting: 'own_premises', separation: 'logical', stateFunded: true, operatorId: actor.organisationId };
    res.render('systems/form', { ...formLocals(req), system: null, values, errors: {} });
  });

  r.post('/', (req, res) => {
    const values = body(req);
    try {
      const parsed = systemForm.safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      const s = service.createSystem(db, actorOf(req), parsed.data);
      flash(req, 'flash.created');
      res.redirect(303, `/systems/${s.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422).render('systems/form', { ...formLocals(req), system: null, values, errors: err.fields });
    }
  });

  r.get('/:id/edit', (req, res) => {
    const system = getSystem(db, actorOf(req), idParam(req));
    if (system.lifecycleStatus === 'decommissioned') throw new ConflictError('system.decommissioned');
    res.render('systems/form', { ...formLocals(req), system, values: system, errors: {} });
  });

  r.post('/:id', (req, res) => {
    const actor = actorOf(req);
    const system = getSystem(db, actor, idParam(req));
    const values = body(req);
    try {
      const parsed = systemForm.safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      service.updateSystem(db, actor, system.id, parsed.data);
      flash(req, 'flash.saved');
      res.redirect(303, `/systems/${system.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422).render('systems/form', { ...formLocals(req), system, values, errors: err.fields });
    }
  });

  r.get('/:id/decommission', (req, res) => {
    const system = getSystem(db, actorOf(req), idParam(req));
    if (system.lifecycleStatus === 'decommissioned') throw new ConflictError('system.decommissioned');
    res.render('systems/decommission', { system, values: {}, errors: {} });
  });

  r.post('/:id/decommission', (req, res) => {
    const actor = actorOf(req);
    const system = getSystem(db, actor, idParam(req));
    const values = body(req);
    try {
      const parsed = decommissionForm.safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      if (!values.confirm) throw new ValidationError({ confirm: 'v.required' });
      service.decommissionSystem(db, actor, system.id, parsed.data.decommissionedAt, parsed.data.reason);
      flash(req, 'flash.saved');
      res.redirect(303, `/systems/${system.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422).render('systems/decommission', { system, values, errors: err.fields });
    }
  });

  return r;
}
