import { Router, type Request } from 'express';
import type { Db } from '../../db/client.js';
import { DOSSIER_STATUSES } from '../../db/schema/level-decisions.js';
import { HOSTINGS, LIFECYCLE_STATUSES, PRIORITY_SECTORS, SEPARATIONS, SYSTEM_TYPES } from '../../db/schema/systems.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { fieldErrors } from '../../web/forms.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { systemHistory } from '../audit/audit.repository.js';
import { findOrganisation, subtreeIds } from '../organisations/organisations.repository.js';
import { organisationTree, selectableAgencies } from '../organisations/organisations.service.js';
import { systemLevels } from '../levels/levels.service.js';
import { authorities } from '../../domain/dossier.js';
import { protectionView } from '../protection/protection.service.js';
import { assessmentsService, openFindingsOf } from '../assessments/index.js';
import { assessmentCadence, cadenceInputFor, CADENCE_CITATIONS, DEFAULT_CADENCE } from '../../domain/cadence.js';
import { todayIso } from '../../i18n/format.js';
import { evaluateSystemFor } from '../compliance/compliance.service.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { noticesOf } from '../submissions/submissions.service.js';
import { checklistSummary } from '../checklists/index.js';
import { transitionSummary } from '../transition/index.js';
import { fixUrl, SEVERITY_ORDER } from '../gaps/gaps.service.js';
import { systemOperators } from '../operators/index.js';
import { systemReadiness } from '../readiness/readiness.service.js';
import { decommissionForm, systemForm, systemListQuery } from './systems.schemas.js';
import * as service from './systems.service.js';

const ENUMS = { systemTypes: SYSTEM_TYPES, lifecycles: LIFECYCLE_STATUSES, hostings: HOSTINGS, separations: SEPARATIONS, sectors: PRIORITY_SECTORS };

export function systemsRouter(db: Db, engine: EngineConfig): Router {
  const dueSoonDays = engine.dueSoonDays;
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

  r.get('/:id', (req, res) => {
    const actor = actorOf(req);
    const system = service.getSystem(db, actor, idParam(req));
    const levels = systemLevels(db, actor, system.id);
    const org = (id: number | null) => (id === null ? undefined : findOrganisation(db, id));
    const inForce = levels.approved;
    const protection = protectionView(db, actor, system.id);
    const today = todayIso();
    const { assessments } = assessmentsService.listAssessments(db, actor, system.id, today);
    const approved = levels.decisions.filter((d) => d.dossierStatus === 'approved').map((d) => ({ level: d.proposedLevel, approvalDate: d.approvalDate }));
    const cadence = assessmentCadence(
      cadenceInputFor({ ...system, approved, performed: assessments.map((a) => a.performedDate) }, today),
      { ...DEFAULT_CADENCE, dueSoonDays },
    );
    const gaps = evaluateSystemFor(db, actor, system.id, today, engine)
      .filter((r) => r.state === 'gap' || r.state === 'due_soon')
      .map((result) => ({ result, url: fixUrl({ result, system: { ...system, level: inForce?.proposedLevel ?? null, regime: inForce?.regime ?? 'nd331' }, organisation: null }) }));
    res.render('systems/show', {
      gaps: gaps.sort((a, b) => (a.result.state === 'gap' ? 0 : 1) - (b.result.state === 'gap' ? 0 : 1) || SEVERITY_ORDER.indexOf(a.result.severity as 'low') - SEVERITY_ORDER.indexOf(b.result.severity as 'low')),
      checklist: checklistSummary(db, actor, system.id),
      transition: transitionSummary(db, actor, system.id, engine, today),
      notices: inForce?.proposedLevel === 5 || system.nationalSecurityImportant ? noticesOf(db, actor, system.id) : null,
      cadence,
      cadenceCitations: CADENCE_CITATIONS,
      assessments: assessments.slice(0, 5),
      assessmentCount: assessments.length,
      findings: openFindingsOf(db, actor, system.id, today),
      people: systemOperators(db, actor, system.id, today),
      readiness: systemReadiness(db, actor, system.id, today),
      layerStatuses: protection.statuses,
      independence: protection.independence,
      system,
      owner: org(system.ownerId),
      operator: org(system.operatorId),
      securityUnit: org(system.securityUnitId),
      levels,
      who: inForce ? authorities(inForce.proposedLevel as 1, inForce.regime) : null,
      history: systemHistory(db, system.id, 50),
    });
  });

  r.get('/:id/edit', (req, res) => {
    const system = service.getSystem(db, actorOf(req), idParam(req));
    if (system.lifecycleStatus === 'decommissioned') throw new ConflictError('system.decommissioned');
    res.render('systems/form', { ...formLocals(req), system, values: system, errors: {} });
  });

  r.post('/:id', (req, res) => {
    const actor = actorOf(req);
    const system = service.getSystem(db, actor, idParam(req));
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
    const system = service.getSystem(db, actorOf(req), idParam(req));
    if (system.lifecycleStatus === 'decommissioned') throw new ConflictError('system.decommissioned');
    res.render('systems/decommission', { system, values: {}, errors: {} });
  });

  r.post('/:id/decommission', (req, res) => {
    const actor = actorOf(req);
    const system = service.getSystem(db, actor, idParam(req));
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
