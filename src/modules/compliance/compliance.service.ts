// The one evaluation of the rule pack (src/domain/rules): for one system, one organisation, or every
// system the actor may see (optionally an organisation subtree), as of any date. The facts are loaded
// once per table for the whole scope (facts.repository.ts); the rules themselves are pure.
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { resetDataMemos } from '../../db/data-version.js';
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
import { existingStore, resetEvaluationStores, storeFor, type EvaluationStore } from './evaluation-store.js';
import { loadFacts, loadOrganisationFacts, scopeSystemIds } from './facts.repository.js';

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
 * evaluateScope for the pages that show a whole subtree (dashboard, gaps, API), from the evaluation
 * store (evaluation-store.ts): every system of the database evaluated once as of the date and kept up to
 * date write by write through the audit trail. The actor's view of it (the systems they may see, in the
 * list order) is kept until the store changes.
 */
export function evaluateScopeCached(db: Db, actor: Actor, o: { asOf?: string; orgIds?: readonly number[] }, cfg?: Partial<EngineConfig>): Evaluation {
  // inside a transaction the audit trail may hold entries that are rolled back: nothing is kept from there
  if (db.$client.inTransaction) return evaluateScope(db, actor, o, cfg);
  return scopeView(db, actor, o, cfg).evaluation;
}

/**
 * Something derived from the actor's scope (the dashboard's counters), computed once per version of the
 * evaluation store: valid as long as no write changes what the rules read, which includes the systems'
 * levels, statuses and dossiers.
 */
export function memoForScope<T>(db: Db, actor: Actor, name: string, compute: () => T, cfg?: Partial<EngineConfig>): T {
  if (db.$client.inTransaction) return compute();
  const memo = scopeView(db, actor, {}, cfg).memo;
  if (!memo.has(name)) memo.set(name, compute());
  return memo.get(name) as T;
}

/** Forgets every kept evaluation: for writes made outside the app (a seed, a test's raw INSERT), which leave no audit entry. */
export function resetEvaluationCache(): void {
  resetEvaluationStores();
  resetDataMemos();
}

interface ScopeView {
  evaluation: Evaluation;
  memo: Map<string, unknown>;
}

const VIEWS_PER_STORE = 16;
const views = new WeakMap<EvaluationStore, Map<string, ScopeView>>();

function scopeView(db: Db, actor: Actor, o: { asOf?: string; orgIds?: readonly number[] }, cfg?: Partial<EngineConfig>): ScopeView {
  const asOf = o.asOf ?? todayIso();
  const store = storeFor(db, asOf, resolveConfig(cfg));
  let byKey = views.get(store);
  if (!byKey) views.set(store, (byKey = new Map()));
  const key = JSON.stringify([store.version, actor.role === 'auditor', actor.organisationId, o.orgIds ?? null]);
  let view = byKey.get(key);
  if (view) {
    byKey.delete(key); // most recently used last
  } else {
    for (const k of byKey.keys()) if (!k.startsWith(`[${store.version},`)) byKey.delete(k); // an older version's
    view = { evaluation: viewOf(db, actor, store, o.orgIds), memo: new Map() };
  }
  byKey.set(key, view);
  if (byKey.size > VIEWS_PER_STORE) byKey.delete(byKey.keys().next().value!);
  return view;
}

/** The actor's part of the store: the systems they may see (narrowed to `orgIds`) and their owners and operators in scope. */
function viewOf(db: Db, actor: Actor, store: EvaluationStore, orgIds: readonly number[] | undefined): Evaluation {
  const visible = new Set(scopeSystemIds(db, { visibility: visibility(db, actor), orgIds }));
  const systems = store.systems.filter((e) => visible.has(e.system.id));
  const concerned = new Set<number>();
  for (const { system } of systems) concerned.add(system.ownerId).add(system.operatorId);
  const only = orgIds ? new Set(orgIds) : null;
  const keep = (id: number) => actor.role !== 'auditor' && actor.scope.has(id) && (only === null || only.has(id)) && concerned.has(id);
  return { asOf: store.asOf, systems, organisations: store.organisations.filter((e) => keep(e.organisation.id)) };
}

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
  const config = resolveConfig(cfg);
  const kept = db.$client.inTransaction ? undefined : existingStore(db, asOf, config)?.get(systemId);
  if (kept) return kept.results;
  const facts = loadFacts(db, { visibility: { systemIds: [systemId] } }, asOf, () => false).systems[0];
  if (!facts) throw new NotFoundError('system');
  return evaluateSystem(facts, asOf, config);
}

/** The organisation rules (DRL-01, BUD-01, REP-01) for one organisation of the actor's subtree (404 otherwise). */
export function evaluateOrganisationFor(db: Db, actor: Actor, organisationId: number, asOf: string = todayIso(), cfg?: Partial<EngineConfig>): RuleResult[] {
  getOrganisation(db, actor, organisationId);
  const facts = loadOrganisationFacts(db, organisationId);
  if (!facts) throw new NotFoundError('organisation');
  return evaluateOrganisation(facts, asOf, resolveConfig(cfg));
}
