// The one evaluation of the rule pack (src/domain/rules): for one system, one organisation, or every
// system the actor may see (optionally an organisation subtree), as of any date. The facts are loaded
// once per table for the whole scope (facts.repository.ts); the rules themselves are pure.
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { LifecycleStatus } from '../../db/schema/systems.js';
import { NotFoundError } from '../../domain/errors.js';
import {
  engineConfig as resolveConfig, evaluateOrganisation, evaluateSystem, standing,
  type EngineConfig, type Regime, type RuleResult,
} from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import type { Actor } from '../auth/actor.js';
import { getOrganisation } from '../organisations/organisations.service.js';
import { getSystem, visibility } from '../systems/systems.service.js';
import { loadFacts, loadOrganisationFacts } from './facts.repository.js';

export interface EvaluatedSystem {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  ownerId: number;
  operatorId: number;
  lifecycleStatus: LifecycleStatus;
  /** the approved level in force as of the evaluation date */
  level: number | null;
  regime: Regime;
}

export interface EvaluatedOrganisation {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
}

export interface Evaluation {
  asOf: string;
  systems: Array<{ system: EvaluatedSystem; results: RuleResult[] }>;
  organisations: Array<{ organisation: EvaluatedOrganisation; results: RuleResult[] }>;
}

/** The engine's configuration from the app's: the due-soon window and the ct14 overlay switch (CT14_OVERLAY). */
export function engineConfig(config: Partial<Pick<Config, 'dueSoonDays' | 'ct14Overlay'>> = {}): EngineConfig {
  return resolveConfig({
    ...(config.dueSoonDays !== undefined ? { dueSoonDays: config.dueSoonDays } : {}),
    ...(config.ct14Overlay !== undefined ? { ct14: config.ct14Overlay } : {}),
  });
}

/**
 * Every system the actor may see (narrowed to owners or operators in `orgIds` when given), and the
 * organisations in the actor's subtree (and in `orgIds`) that own or operate one of them. Auditors see
 * the systems they are engaged on and no organisation.
 */
export function evaluateScope(db: Db, actor: Actor, o: { asOf?: string; orgIds?: readonly number[] }, cfg?: Partial<EngineConfig>): Evaluation {
  return evaluateNow(db, actor, o.asOf ?? todayIso(), o.orgIds, resolveConfig(cfg));
}

/**
 * evaluateScope for the pages that show a whole subtree (dashboard, gaps, API): every change the app
 * makes appends to the audit trail in the same transaction (the CLI's too), so the newest audit id is a
 * version of everything the rules read; an evaluation is reused until the next write or another date.
 * Writes made outside the app (a seed, a test's raw INSERT) must call resetEvaluationCache().
 */
export function evaluateScopeCached(db: Db, actor: Actor, o: { asOf?: string; orgIds?: readonly number[] }, cfg?: Partial<EngineConfig>): Evaluation {
  const asOf = o.asOf ?? todayIso();
  const config = resolveConfig(cfg);
  const version = db.$client.prepare<[], { v: number | null }>('SELECT max(id) AS v FROM audit_log').get()?.v ?? 0;
  const key = JSON.stringify([version, asOf, actor.role === 'auditor', actor.organisationId, o.orgIds ?? null, config]);
  const cached = cache.get(key);
  if (cached && cached.db === db) {
    cache.delete(key); // most recently used last
    cache.set(key, cached);
    return cached.evaluation;
  }
  const evaluation = evaluateNow(db, actor, asOf, o.orgIds, config);
  cache.set(key, { db, evaluation });
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return evaluation;
}

export function resetEvaluationCache(): void {
  cache.clear();
}

const CACHE_SIZE = 32;
const cache = new Map<string, { db: Db; evaluation: Evaluation }>();

function evaluateNow(db: Db, actor: Actor, asOf: string, orgIds: readonly number[] | undefined, config: EngineConfig): Evaluation {
  const o = { orgIds };
  const only = o.orgIds ? new Set(o.orgIds) : null;
  const keep = (id: number) => actor.role !== 'auditor' && actor.scope.has(id) && (only === null || only.has(id));
  const facts = loadFacts(db, { visibility: visibility(db, actor), orgIds: o.orgIds }, asOf, keep);
  return {
    asOf,
    systems: facts.systems.map((f) => ({
      system: {
        id: f.id, code: f.code, nameVi: f.nameVi, nameEn: f.nameEn, ownerId: f.ownerId, operatorId: f.operatorId, lifecycleStatus: f.lifecycleStatus,
        ...standing(f.decisions, asOf),
      },
      results: evaluateSystem(f, asOf, config),
    })),
    organisations: facts.organisations.map((f) => ({
      organisation: { id: f.id, code: f.code, nameVi: f.nameVi, nameEn: f.nameEn },
      results: evaluateOrganisation(f, asOf, config),
    })),
  };
}

/** Every system rule for one system the actor may see (404 otherwise). */
export function evaluateSystemFor(db: Db, actor: Actor, systemId: number, asOf: string = todayIso(), cfg?: Partial<EngineConfig>): RuleResult[] {
  getSystem(db, actor, systemId);
  const facts = loadFacts(db, { visibility: { systemIds: [systemId] } }, asOf, () => false).systems[0];
  if (!facts) throw new NotFoundError('system');
  return evaluateSystem(facts, asOf, resolveConfig(cfg));
}

/** The organisation rules (DRL-01, BUD-01, REP-01) for one organisation of the actor's subtree (404 otherwise). */
export function evaluateOrganisationFor(db: Db, actor: Actor, organisationId: number, asOf: string = todayIso(), cfg?: Partial<EngineConfig>): RuleResult[] {
  getOrganisation(db, actor, organisationId);
  const facts = loadOrganisationFacts(db, organisationId);
  if (!facts) throw new NotFoundError('organisation');
  return evaluateOrganisation(facts, asOf, resolveConfig(cfg));
}
