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
import { formRoute, type FormValues } from '../../web/form-route.js';
import { fieldErrors, parseForm } from '../../web/forms.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { answersForm, regulationForm, STEP_FORMS, wizardForm, type StepInput } from './levels.schemas.js';
import * as service from './levels.service.js';
import { getSystem } from '../access/index.js';

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

  const regimeOf = (values: FormValues): Regime => (values.regime === 'nd85' ? 'nd85' : 'nd331');

  /** The wizard: `intent=compute` only recomputes (200), `save` writes; answers that do not parse show the defaults. */
  const wizard = (load: (req: Request) => LevelDecisionRow | null) => formRoute({
    load,
    form: (values) => {
      const a = answersForm.safeParse(values);
      const w = wizardForm.safeParse(values);
      if (!a.success || !w.success) throw new ValidationError({ ...(a.success ? {} : fieldErrors(a.error)), ...(w.success ? {} : fieldErrors(w.error)) });
      return { proposal: { ...w.data, answers: a.data }, save: values.intent === 'save' };
    },
    save: (req, { proposal, save }, decision) => {
      if (!save) return { proposal, saved: null };
      const systemId = systemIdOf(req);
      return { proposal, saved: decision ? service.updateDraft(db, actorOf(req), systemId, decision.id, proposal) : service.createDecision(db, actorOf(req), systemId, proposal) };
    },
    done: (req, res, { proposal, saved }, decision) => {
      if (!saved) return renderWizard(req, res, 200, { decision, regime: proposal.regime, answers: proposal.answers, values: body(req), errors: {} });
      flash(req, decision ? 'flash.saved' : 'flash.created');
      res.redirect(303, `/systems/${systemIdOf(req)}/decisions/${saved.id}`);
    },
    invalid: (req, res, { values, errors, loaded: decision }) => {
      const answers = answersForm.safeParse(values);
      renderWizard(req, res, 422, { decision, regime: regimeOf(values), answers: answers.success ? answers.data : { ...DEFAULT_ANSWERS }, values, errors });
    },
  });

  r.get('/new', (req, res) => {
    const systemId = service.systemForProposal(db, actorOf(req), systemIdOf(req)).id;
    const regime: Regime = req.query.regime === 'nd85' ? 'nd85' : 'nd331';
    const answers = service.startingAnswers(db, actorOf(req), systemId, regime);
    renderWizard(req, res, 200, { decision: null, regime, answers, values: { regime }, errors: {} });
  });

  r.post('/', wizard((req) => {
    service.systemForProposal(db, actorOf(req), systemIdOf(req)); // 403 / 404 / 409 before the answers are read
    return null;
  }));

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

  const draftOf = (req: Request) => service.draftFor(db, actorOf(req), systemIdOf(req), idParam(req));

  r.get('/:id/edit', (req, res) => {
    const decision = draftOf(req);
    const answers = { ...DEFAULT_ANSWERS, ...(decision.answers as Partial<LevelAnswers>) };
    renderWizard(req, res, 200, {
      decision, regime: decision.regime, answers,
      values: { regime: decision.regime, proposedLevel: String(decision.proposedLevel), proposalReason: decision.proposalReason },
      errors: {},
    });
  });

  r.post('/:id/edit', wizard(draftOf));

  const decisionOf = (req: Request) => service.getDecision(db, actorOf(req), systemIdOf(req), idParam(req));
  const toDecision = (_: unknown, req: Request, decision: LevelDecisionRow) => `/systems/${systemIdOf(req)}/decisions/${decision.id}`;

  r.post('/:id/steps/:step', formRoute({
    load: (req) => {
      const decision = decisionOf(req);
      const step = req.params.step as string;
      // own keys only: "toString" or "__proto__" are in every object but are not steps
      if (!Object.hasOwn(STEP_FORMS, step)) throw new NotFoundError('step');
      return { decision, step: step as Step };
    },
    form: (values, _req, { step }) => ({ step, data: parseForm(STEP_FORMS[step], values) }) as StepInput,
    // a rejection ends the dossier: it must be confirmed
    confirm: (_values, { step }) => (step === 'reject' ? 'v.confirm' : null),
    save: (req, input, { decision }) => service.stepDecision(db, actorOf(req), systemIdOf(req), decision.id, input),
    done: { flash: 'flash.saved', to: (_, req, { decision }) => toDecision(_, req, decision) },
    invalid: (req, res, { values, errors, loaded: { decision, step } }) => renderDecision(req, res, 422, decision, step, values, errors),
  }));

  r.post('/:id/regulation', formRoute({
    load: decisionOf,
    form: regulationForm,
    save: (req, data, decision) => service.recordRegulation(db, actorOf(req), systemIdOf(req), decision.id, data),
    done: { flash: 'flash.saved', to: toDecision },
    invalid: (req, res, { values, errors, loaded: decision }) => renderDecision(req, res, 422, decision, null, values, errors),
  }));

  return r;
}
