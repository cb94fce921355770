import { Router, type Request } from 'express';
import type { Db } from '../../db/client.js';
import { DOSSIER_STATUSES } from '../../db/schema/level-decisions.js';
import { HOSTINGS, LIFECYCLE_STATUSES, PRIORITY_SECTORS, SEPARATIONS, SYSTEM_TYPES } from '../../db/schema/systems.js';
import { ConflictError } from '../../domain/errors.js';
import { formPage, recordForms } from '../../web/form-route.js';
import { actorOf, idParam } from '../../web/request.js';
import { assertCan, getSystem, subtreeIds } from '../access/index.js';
import { organisationTree, selectableAgencies } from '../organisations/organisations.service.js';
import { decommissionForm, systemForm, systemListQuery } from './systems.schemas.js';
import * as service from './systems.service.js';

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

  /** A system the actor can see and that is still in use (a decommissioned one is kept as it was: 409). */
  const editable = (req: Request) => {
    const system = getSystem(db, actorOf(req), idParam(req));
    if (system.lifecycleStatus === 'decommissioned') throw new ConflictError('system.decommissioned');
    return system;
  };

  // the register form (new and edit); "/new" before "/:id"
  recordForms(r, {
    guard: (req) => assertCan(actorOf(req), 'system.write'),
    find: editable,
    initial: (req, system) => (system ? { ...system } : {
      lifecycleStatus: 'planned', hosting: 'own_premises', separation: 'logical', stateFunded: true, operatorId: actorOf(req).organisationId,
    }),
    form: systemForm,
    create: (req, data) => service.createSystem(db, actorOf(req), data),
    update: (req, system, data) => service.updateSystem(db, actorOf(req), system.id, data),
    to: (s) => `/systems/${s.id}`,
    render: (req, res, { values, errors, loaded: system }) =>
      res.render('systems/form', { ...formLocals(req), system, values, errors, ownershipLocked: !!system && !actorOf(req).scope.has(system.ownerId) }),
  });

  formPage(r, {
    page: '/:id/decommission',
    action: '/:id/decommission',
    load: (req) => {
      const system = editable(req);
      assertCan(actorOf(req), 'system.write');
      return system;
    },
    initial: () => ({}),
    form: decommissionForm,
    confirm: 'v.confirm',
    save: (req, data, system) => service.decommissionSystem(db, actorOf(req), system.id, data.decommissionedAt, data.reason),
    done: { flash: 'flash.saved', to: (_, _req, system) => `/systems/${system.id}` },
    render: (_req, res, { values, errors, loaded: system }) => res.render('systems/decommission', { system, values, errors }),
  });

  // GET /:id, the system's page, is the page module's (pages/system-page.routes.ts)

  return r;
}
