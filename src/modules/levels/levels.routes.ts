// The level wizard and the dossier steps of one system's level decisions.
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import type { LevelDecisionRow } from '../../db/schema/level-decisions.js';
import { authorities, canStep, isPending, STEPS, type Step } from '../../domain/dossier.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import {
  DEFAULT_ANSWERS, determineMinimumLevel, ICS_GRADES, REGIMES, SCOPES, SECRET_GRADES, SYSTEM_TYPES, type LevelAnswers, type Regime,
} from '../../domain/level-criteria.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { fieldErrors } from '../../web/forms.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { getSystem } from '../systems/systems.service.js';
import { answersForm, regulationForm, STEP_FORMS, wizardForm, type StepInput } from './levels.schemas.js';
import * as service from './levels.service.js';

const CHOICES = { regimes: REGIMES, systemTypes: SYSTEM_TYPES, secretGrades: SECRET_GRADES, scopes: SCOPES, icsGrades: ICS_GRADES };

export function levelsRouter(db: Db, engine: EngineConfig): Router {
  const r = Router({ mergeParams: true });
  const systemIdOf = (req: Request) => idParam(req, 'systemId');

  function renderWizard(req: Request, res: Response, status: number, o: {
    decision: LevelDecisionRow | null; regime: Regime; answers: LevelAnswers; values: Record<string, unknown>; errors: FieldErrors;
  }) {
    const actor = actorOf(req);
    const system = getSystem(db, actor, systemIdOf(req));
    const result = determineMinimumLevel(o.regime, o.answers);
    // the impact of the level about to be proposed (the one chosen, else the minimum) against the level in force
    const chosen = Number(o.values.proposedLevel);
    const level = Number.isInteger(chosen) && chosen >= result.minimumLevel && chosen <= 5 ? chosen : result.minimumLevel;
    res.status(status).render('levels/wizard', {
      ...CHOICES, system, ...o, result,
      move: service.regimeMove(db, actor, system.id, o.regime),
      impact: service.proposalImpact(db, actor, system.id, { regime: o.regime, level }, engine),
    });
  }

  /** Parses the wizard; `intent=compute` only recomputes, `save` writes. */
  function handleWizard(req: Request, res: Response, decision: LevelDecisionRow | null) {
    const actor = actorOf(req);
    const systemId = systemIdOf(req);
    const values = body(req);
    const regime: Regime = values.regime === 'nd85' ? 'nd85' : 'nd331';
    const a = answersForm.safeParse(values);
    const w = wizardForm.safeParse(values);
    const errors: FieldErrors = { ...(a.success ? {} : fieldErrors(a.error)), ...(w.success ? {} : fieldErrors(w.error)) };
    const answers = a.success ? a.data : { ...DEFAULT_ANSWERS };
    if (!a.success || !w.success || values.intent !== 'save') {
      return renderWizard(req, res, Object.keys(errors).length ? 422 : 200, { decision, regime, answers, values, errors });
    }
    try {
      const proposal = { regime: w.data.regime, answers, proposedLevel: w.data.proposedLevel, proposalReason: w.data.proposalReason };
      const d = decision
        ? service.updateDraft(db, actor, systemId, decision.id, proposal)
        : service.createDecision(db, actor, systemId, proposal);
      flash(req, decision ? 'flash.saved' : 'flash.created');
      res.redirect(303, `/systems/${systemId}/decisions/${d.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderWizard(req, res, 422, { decision, regime, answers, values, errors: err.fields });
    }
  }

  r.get('/new', (req, res) => {
    const systemId = systemIdOf(req);
    const regime: Regime = req.query.regime === 'nd85' ? 'nd85' : 'nd331';
    const answers = service.startingAnswers(db, actorOf(req), systemId, regime);
    renderWizard(req, res, 200, { decision: null, regime, answers, values: { regime }, errors: {} });
  });

  r.post('/', (req, res) => handleWizard(req, res, null));

  function renderDecision(req: Request, res: Response, status: number, decision: LevelDecisionRow, step: Step | null, values: Record<string, unknown>, errors: FieldErrors) {
    const actor = actorOf(req);
    const system = getSystem(db, actor, systemIdOf(req));
    const steps = (Object.keys(STEPS) as Step[]).filter((s) => canStep(decision.dossierStatus, s));
    // a proposal under way: what it would change against the level in force
    const impact = isPending(decision.dossierStatus) ? service.proposalImpact(db, actor, system.id, { regime: decision.regime, level: decision.proposedLevel }, engine) : null;
    res.status(status).render('levels/show', {
      system, decision, steps, step, values, errors, impact,
      result: determineMinimumLevel(decision.regime, decision.answers as LevelAnswers),
      who: authorities(decision.proposedLevel as 1, decision.regime),
      ...CHOICES,
    });
  }

  r.get('/:id', (req, res) => {
    const decision = service.getDecision(db, actorOf(req), systemIdOf(req), idParam(req));
    renderDecision(req, res, 200, decision, null, {}, {});
  });

  r.get('/:id/edit', (req, res) => {
    const decision = service.getDecision(db, actorOf(req), systemIdOf(req), idParam(req));
    const answers = { ...DEFAULT_ANSWERS, ...(decision.answers as Partial<LevelAnswers>) };
    renderWizard(req, res, 200, {
      decision, regime: decision.regime, answers,
      values: { regime: decision.regime, proposedLevel: String(decision.proposedLevel), proposalReason: decision.proposalReason },
      errors: {},
    });
  });

  r.post('/:id/edit', (req, res) => {
    const decision = service.getDecision(db, actorOf(req), systemIdOf(req), idParam(req));
    handleWizard(req, res, decision);
  });

  r.post('/:id/steps/:step', (req, res) => {
    const actor = actorOf(req);
    const systemId = systemIdOf(req);
    const decision = service.getDecision(db, actor, systemId, idParam(req));
    const step = req.params.step as string;
    // own keys only: "toString" or "__proto__" are in every object but are not steps
    if (!Object.hasOwn(STEP_FORMS, step)) throw new NotFoundError('step');
    const values = body(req);
    try {
      const parsed = STEP_FORMS[step as Step].safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      if (step === 'reject' && !values.confirm) throw new ValidationError({ confirm: 'v.required' });
      service.stepDecision(db, actor, systemId, decision.id, { step, data: parsed.data } as StepInput);
      flash(req, 'flash.saved');
      res.redirect(303, `/systems/${systemId}/decisions/${decision.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderDecision(req, res, 422, decision, step as Step, values, err.fields);
    }
  });

  r.post('/:id/regulation', (req, res) => {
    const actor = actorOf(req);
    const systemId = systemIdOf(req);
    const decision = service.getDecision(db, actor, systemId, idParam(req));
    const values = body(req);
    try {
      const parsed = regulationForm.safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      service.recordRegulation(db, actor, systemId, decision.id, parsed.data);
      flash(req, 'flash.saved');
      res.redirect(303, `/systems/${systemId}/decisions/${decision.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      renderDecision(req, res, 422, decision, null, values, err.fields);
    }
  });

  return r;
}
