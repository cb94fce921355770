// The evaluation module's entry points in the shape the tests use: a fresh evaluation of a scope (nothing
// kept), and one system's or organisation's results.
import type { Db } from '../../src/db/client.js';
import type { EngineConfig, RuleResult } from '../../src/domain/rules/index.js';
import type { Actor } from '../../src/modules/access/index.js';
import {
  engineConfigFrom, evaluate, evaluateUncached, judgeOrganisationFor, judgeSystemFor, type Evaluation, type EvaluationOptions,
} from '../../src/modules/evaluation/index.js';
import { todayIso } from '../../src/i18n/format.js';

export { engineConfigFrom as engineConfig, type Evaluation };

/** Worked out now, kept nowhere. */
export function evaluateScope(db: Db, actor: Actor, o: EvaluationOptions, cfg: EngineConfig = engineConfigFrom()): Evaluation {
  return evaluateUncached(db, actor, o, cfg);
}

/** The evaluation the pages read (kept, brought up to date from the change log). */
export function evaluateScopeCached(db: Db, actor: Actor, o: EvaluationOptions, cfg: EngineConfig = engineConfigFrom()): Evaluation {
  return evaluate(db, actor, o, cfg);
}

export function evaluateSystemFor(db: Db, actor: Actor, systemId: number, asOf: string = todayIso(), cfg: EngineConfig = engineConfigFrom()): readonly RuleResult[] {
  return judgeSystemFor(db, actor, systemId, asOf, cfg).results;
}

export function evaluateOrganisationFor(db: Db, actor: Actor, organisationId: number, asOf: string = todayIso(), cfg: EngineConfig = engineConfigFrom()): readonly RuleResult[] {
  return judgeOrganisationFor(db, actor, organisationId, asOf, cfg).results;
}
