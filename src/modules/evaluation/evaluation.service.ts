// The one evaluation of the rule pack: `evaluate` returns an immutable evaluation of what an actor may see
// (optionally one organisation's subtree) as of a date, with its gap rows, summary, counters and due list.
// Today's comes from the store (every system, kept up to date from the change log); another date's is
// worked out for the actor's scope only, so its cost follows what the actor may see. Which systems the
// actor may see is read fresh on every call (access module); only the evaluation itself is kept.
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { dataVersion } from '../../db/change-log.js';
import { NotFoundError } from '../../domain/errors.js';
import { engineConfig, judgeOrganisation, judgeSystem, type EngineConfig } from '../../domain/rules/index.js';
import { fold, todayIso } from '../../i18n/format.js';
import { getSystem, visibility, type Actor } from '../access/index.js';
import { dueCounts, dueHead, dueList, type DueCounts, type DueItem, type DueWindow } from './due-list.js';
import { entryOfOrganisation, entryOfSystem, type EvaluatedSystem, type OrganisationEntry, type SystemEntry } from './entries.js';
import { existingStore, peekStore, servingStore, storeFor, type EvaluationStore } from './evaluation-store.js';
import { poolOf } from '../../db/worker-pool.js';
import { BatchReader, BatchWriter, type EncodedBatch } from './store-codec.js';
import { loadFacts, loadOrganisationFacts, loadScopeOrganisationsFacts, scopeSystemIds, type FactsScope } from './facts.repository.js';
import { counters, gapHead, gapRows, gapSummary, type Counters, type GapFilter, type GapRow, type GapSummary } from './gaps.js';

/** The engine's configuration from the app's: the due-soon window and the ct14 overlay switch (CT14_OVERLAY). */
export function engineConfigFrom(config: Partial<Pick<Config, 'dueSoonDays' | 'ct14Overlay'>> = {}): EngineConfig {
  return engineConfig({
    ...(config.dueSoonDays !== undefined ? { dueSoonDays: config.dueSoonDays } : {}),
    ...(config.ct14Overlay !== undefined ? { ct14: config.ct14Overlay } : {}),
  });
}

/**
 * Set on an evaluation answered while a new one is being worked out off the main thread (after an
 * organisation or provider change, or just after midnight): the data it reflects is older than the tables.
 */
export interface Staleness {
  /** when the evaluation answered last caught up with the data (ms since the epoch) */
  since: number;
}

/** An evaluation of a scope as of a date. Immutable; what is derived from it is worked out once. */
export class Evaluation {
  private readonly derived = new Map<string, unknown>();

  constructor(
    readonly asOf: string,
    readonly systems: readonly SystemEntry[],
    readonly organisations: readonly OrganisationEntry[],
    /** null when the evaluation reflects the data as it is now */
    readonly staleness: Staleness | null = null,
  ) {
    Object.freeze(this.systems);
    Object.freeze(this.organisations);
  }

  private once<T>(key: string, make: () => T): T {
    if (!this.derived.has(key)) this.derived.set(key, make());
    return this.derived.get(key) as T;
  }

  /** Every gap and due-soon result, filtered (gaps first, most severe first). */
  gapRows(f: GapFilter = {}): GapRow[] {
    return this.once(`rows:${JSON.stringify(f)}`, () => gapRows(this, { ...f, q: f.q ? fold(f.q) : undefined }, fold));
  }

  /** The first `k` gap rows of a filter (a page of the gaps list) and how many there are, without sorting them all. */
  gapHead(f: GapFilter, k: number): { rows: GapRow[]; total: number } {
    const key = JSON.stringify(f);
    if (this.derived.has(`rows:${key}`)) {
      const all = this.gapRows(f);
      return { rows: all.slice(0, k), total: all.length };
    }
    return this.once(`head:${k}:${key}`, () => gapHead(this, { ...f, q: f.q ? fold(f.q) : undefined }, k, fold));
  }

  /** The dashboard's gap numbers. */
  gapSummary(): GapSummary {
    return this.once('summary', () => gapSummary(this));
  }

  /** The dashboard's counts of systems. */
  counters(): Counters {
    return this.once('counters', () => counters(this));
  }

  /** What falls due between two dates, and everything overdue (docs/rules.md §8). */
  due(w: DueWindow): DueItem[] {
    return this.once(`due:${JSON.stringify(w)}`, () => dueList(this, w));
  }

  /** The first `n` items of `due(w)` and the counts of the whole list (the dashboard), without the whole list. */
  dueHead(w: DueWindow, n: number): { items: DueItem[]; counts: DueCounts } {
    return this.once(`dueHead:${n}:${JSON.stringify(w)}`, () => dueHead(this, w, n));
  }

  dueCounts(w: DueWindow): DueCounts {
    return this.once(`dueCounts:${JSON.stringify(w)}`, () => (this.derived.has(`due:${JSON.stringify(w)}`) ? dueCounts(this.due(w)) : this.dueHead(w, 0).counts));
  }
}

export interface EvaluationOptions {
  /** default: today in Vietnam */
  asOf?: string | undefined;
  /** only systems owned or operated by these organisations (a subtree picked on a page) */
  orgIds?: readonly number[] | undefined;
}

interface View {
  storeVersion: number;
  ids: readonly number[];
  evaluation: Evaluation;
}

// one kept view per store and scope (the organisations or, for an auditor, the systems the actor may see, read
// fresh on every call) and organisation filter: reused while the store has not moved
const VIEWS_PER_STORE = 32;
const views = new WeakMap<EvaluationStore, Map<string, View>>();
// evaluations of other dates, per database: a few, keyed by date, scope and data version; bounded in number
// and in entries (a national scope is 20 000 of them, about 80 MB)
const OTHER_DATES = 8;
const OTHER_SYSTEMS = 40_000;
const others = new WeakMap<Db, Map<string, { ids: readonly number[]; evaluation: Evaluation }>>();

/**
 * THE entry point: the evaluation of every system the actor may see (narrowed to owners or operators in
 * `orgIds`), and of the organisations of the actor's subtree that own or operate one of them. Auditors see
 * the systems they are engaged on and no organisation.
 */
export function evaluate(db: Db, actor: Actor, o: EvaluationOptions, cfg: EngineConfig): Evaluation {
  const asOf = o.asOf ?? todayIso();
  const scope: FactsScope = { visibility: visibility(db, actor), orgIds: o.orgIds };
  const keepOrganisation = organisationFilter(actor, o.orgIds);
  // inside a transaction its writes may be rolled back: nothing is kept from there
  if (db.$client.inTransaction) return fresh(db, scope, asOf, keepOrganisation, cfg);
  // a worker thread's read-only connection keeps no store: it answers one job's scope
  if (asOf === todayIso() && !db.$client.readonly) {
    // today's store; while it is (re)built in a worker thread, what it had, or yesterday's (just after
    // midnight); before any has been built (the first minute after start) the actor's scope worked out here
    const store = servingStore(db, asOf, cfg);
    if (store) return viewOfStore(db, store, scope, keepOrganisation);
    return fresh(db, scope, asOf, keepOrganisation, cfg);
  }
  const ids = scopeSystemIds(db, scope);
  const key = otherKey(actor, asOf, o.orgIds, cfg, dataVersion(db));
  return keptOther(db, key, ids) ?? keepOther(db, key, ids, fresh(db, scope, asOf, keepOrganisation, cfg));
}

/**
 * The same evaluation as `evaluate`; another date's (a whole-scope pass) is worked out in a worker thread
 * when the database has a pool, so the event loop keeps answering, and kept as `evaluate` keeps it: a route
 * awaits this first, then the services it calls find the evaluation kept (unless data changed meanwhile).
 */
export async function evaluateAway(db: Db, actor: Actor, o: EvaluationOptions, cfg: EngineConfig): Promise<Evaluation> {
  const asOf = o.asOf ?? todayIso();
  const pool = poolOf(db);
  if (!pool || asOf === todayIso() || db.$client.inTransaction) return evaluate(db, actor, o, cfg);
  const scope: FactsScope = { visibility: visibility(db, actor), orgIds: o.orgIds };
  const ids = scopeSystemIds(db, scope);
  const kept = keptOther(db, otherKey(actor, asOf, o.orgIds, cfg, dataVersion(db)), ids);
  if (kept) return kept;
  const reader = new BatchReader();
  const systems: SystemEntry[] = [];
  let organisations: OrganisationEntry[] = [];
  const job: ScopeJob = { asOf, config: cfg, scope, keep: organisationKeep(actor, o.orgIds) };
  const { upTo } = await pool.run<{ upTo: number }>('evaluation.scope', job, (piece) => {
    const batch = reader.read(piece as EncodedBatch);
    for (const e of batch.systems) systems.push(e);
    if (batch.organisations.length) organisations = batch.organisations;
  });
  return keepOther(db, otherKey(actor, asOf, o.orgIds, cfg, upTo), ids, new Evaluation(asOf, systems, organisations));
}

/** What a worker thread needs to evaluate an actor's scope as of a date: plain data. */
export interface ScopeJob {
  asOf: string;
  config: EngineConfig;
  scope: FactsScope;
  keep: OrganisationKeep;
}

/**
 * The worker's part of `evaluateAway`: what `fresh` gives, on one snapshot, loaded and evaluated by batches
 * of systems in the lists' order (so the facts of a national scope are never all held at once), each batch
 * sent as it is ready, then the organisations.
 */
export function evaluateInWorker(db: Db, job: ScopeJob, send: (batch: EncodedBatch) => void): { upTo: number } {
  return db.$client.transaction(() => {
    const upTo = dataVersion(db);
    const writer = new BatchWriter();
    const ids = scopeSystemIds(db, job.scope, 'name');
    for (let i = 0; i < ids.length; i += SENT_PER_BATCH) {
      const facts = loadFacts(db, { visibility: { systemIds: ids.slice(i, i + SENT_PER_BATCH) } }, job.asOf, () => false).systems;
      send(writer.batch(facts.map((f) => entryOfSystem(f, job.asOf, judgeSystem(f, job.asOf, job.config)))));
    }
    const organisations = loadScopeOrganisationsFacts(db, job.scope, keeper(job.keep));
    send(writer.batch([], organisations.map((f) => entryOfOrganisation(f, judgeOrganisation(f, job.asOf, job.config)))));
    return { upTo };
  })();
}

/** Systems per message from a worker: the main thread reads each between requests. */
const SENT_PER_BATCH = 1_000;

// ---- evaluations of other dates, kept per database: a few, by date, scope and data version ----

const otherKey = (actor: Actor, asOf: string, orgIds: readonly number[] | undefined, cfg: EngineConfig, version: number) =>
  JSON.stringify([asOf, cfg, version, actor.role === 'auditor', actor.organisationId, orgIds ?? null]);

function keptOther(db: Db, key: string, ids: readonly number[]): Evaluation | undefined {
  const kept = others.get(db)?.get(key);
  return kept && sameIds(kept.ids, ids) ? kept.evaluation : undefined;
}

/** Keeps an evaluation of another date; the oldest leave beyond OTHER_DATES, or beyond OTHER_SYSTEMS entries in all. */
function keepOther(db: Db, key: string, ids: readonly number[], evaluation: Evaluation): Evaluation {
  let byKey = others.get(db);
  if (!byKey) others.set(db, (byKey = new Map()));
  byKey.delete(key);
  byKey.set(key, { ids, evaluation });
  let total = 0;
  for (const k of byKey.values()) total += k.evaluation.systems.length;
  for (const [k, v] of byKey) {
    if (byKey.size <= 1 || (byKey.size <= OTHER_DATES && total <= OTHER_SYSTEMS)) break;
    byKey.delete(k);
    total -= v.evaluation.systems.length;
  }
  return evaluation;
}

/** Two lists of system ids, both ascending (as scopeSystemIds gives them), are the same. */
function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Which organisations' own rules an evaluation keeps, as plain data (it crosses to a worker thread). */
interface OrganisationKeep {
  auditor: boolean;
  scope: readonly number[];
  orgIds: readonly number[] | null;
}

const organisationKeep = (actor: Actor, orgIds: readonly number[] | undefined): OrganisationKeep => ({
  auditor: actor.role === 'auditor', scope: [...actor.scope], orgIds: orgIds ?? null,
});

/** The actor's subtree (none for an auditor), narrowed to `orgIds`. */
function keeper(k: OrganisationKeep): (id: number) => boolean {
  const scope = new Set(k.scope);
  const only = k.orgIds ? new Set(k.orgIds) : null;
  return (id) => !k.auditor && scope.has(id) && (only === null || only.has(id));
}

const organisationFilter = (actor: Actor, orgIds: readonly number[] | undefined) => keeper(organisationKeep(actor, orgIds));

/**
 * The same evaluation as `evaluate`, worked out now from the tables and kept nowhere: what the kept one must
 * always equal (the differential test) and what the benchmark times as one pass.
 */
export function evaluateUncached(db: Db, actor: Actor, o: EvaluationOptions, cfg: EngineConfig): Evaluation {
  return fresh(db, { visibility: visibility(db, actor), orgIds: o.orgIds }, o.asOf ?? todayIso(), organisationFilter(actor, o.orgIds), cfg);
}

/** The evaluation of a scope worked out now (another date, or inside a transaction). */
function fresh(db: Db, scope: FactsScope, asOf: string, keepOrganisation: (id: number) => boolean, cfg: EngineConfig): Evaluation {
  const facts = loadFacts(db, scope, asOf, keepOrganisation);
  return new Evaluation(
    asOf,
    facts.systems.map((f) => entryOfSystem(f, asOf, judgeSystem(f, asOf, cfg))),
    facts.organisations.map((f) => entryOfOrganisation(f, judgeOrganisation(f, asOf, cfg))),
  );
}

/** Whether a system is in a scope, by its owner, operator and security unit (what scopeSystemIds asks SQL). */
function inScope(scope: FactsScope): (s: EvaluatedSystem) => boolean {
  const v = scope.visibility!;
  const only = scope.orgIds ? new Set(scope.orgIds) : null;
  const narrowed = (s: EvaluatedSystem) => only === null || only.has(s.ownerId) || only.has(s.operatorId);
  if ('systemIds' in v) {
    const ids = new Set(v.systemIds);
    return (s) => ids.has(s.id) && narrowed(s);
  }
  const orgs = new Set(v.orgIds);
  return (s) => (orgs.has(s.ownerId) || orgs.has(s.operatorId) || (s.securityUnitId !== null && orgs.has(s.securityUnitId))) && narrowed(s);
}

/**
 * The actor's part of the store: the systems they may see (in the lists' order) and their owners and
 * operators in scope. While the store is current (it has just caught up with the change log, so its rows
 * are the tables'), who sees what is read from its rows, and a view is reused while the store has not moved
 * and the scope is the same; while it is rebuilt or is yesterday's, the visible ids come from SQL.
 */
function viewOfStore(db: Db, store: EvaluationStore, scope: FactsScope, keepOrganisation: (id: number) => boolean): Evaluation {
  let byKey = views.get(store);
  if (!byKey) views.set(store, (byKey = new Map()));
  const current = !store.refreshing && store.asOf === todayIso();
  const v = scope.visibility!;
  const key = JSON.stringify(['systemIds' in v ? { systemIds: v.systemIds } : { orgIds: [...v.orgIds].sort((a, b) => a - b) }, scope.orgIds ?? null, current]);
  const ids = current ? [] : scopeSystemIds(db, scope);
  const kept = byKey.get(key);
  byKey.delete(key);
  if (kept && kept.storeVersion === store.version && sameIds(kept.ids, ids)) {
    byKey.set(key, kept);
    return kept.evaluation;
  }
  const visible = current ? inScope(scope) : ((set) => (s: EvaluatedSystem) => set.has(s.id))(new Set(ids));
  const systems = store.systems.filter((e) => visible(e.system));
  const concerned = new Set<number>();
  for (const { system } of systems) concerned.add(system.ownerId).add(system.operatorId);
  const staleness = current ? null : { since: store.syncedAt };
  const evaluation = new Evaluation(
    store.asOf, systems, store.organisations.filter((e) => keepOrganisation(e.organisation.id) && concerned.has(e.organisation.id)), staleness,
  );
  byKey.set(key, { storeVersion: store.version, ids, evaluation });
  if (byKey.size > VIEWS_PER_STORE) byKey.delete(byKey.keys().next().value!);
  return evaluation;
}

/** One system the actor may see (404 otherwise), as of a date: its rules, its duties, its cadence. */
export function judgeSystemFor(db: Db, actor: Actor, systemId: number, asOf: string, cfg: EngineConfig): SystemEntry {
  getSystem(db, actor, systemId);
  const kept = db.$client.inTransaction ? undefined : existingStore(db, asOf, cfg)?.get(systemId);
  if (kept) return kept;
  const facts = loadFacts(db, { visibility: { systemIds: [systemId] } }, asOf, () => false).systems[0];
  if (!facts) throw new NotFoundError('system');
  return entryOfSystem(facts, asOf, judgeSystem(facts, asOf, cfg));
}

/** The organisation rules (DRL-01, BUD-01, REP-01) and duties of one organisation of the actor's subtree (404 otherwise). */
export function judgeOrganisationFor(db: Db, actor: Actor, organisationId: number, asOf: string, cfg: EngineConfig): OrganisationEntry {
  if (actor.role === 'auditor' || !actor.scope.has(organisationId)) throw new NotFoundError('organisation');
  const facts = loadOrganisationFacts(db, organisationId);
  if (!facts) throw new NotFoundError('organisation');
  return entryOfOrganisation(facts, judgeOrganisation(facts, asOf, cfg));
}

/** Builds today's evaluation now (at start and after midnight), so that no user waits for it. */
export function warmEvaluation(db: Db, cfg: EngineConfig): void {
  storeFor(db, todayIso(), cfg);
}

/** How long ago today's evaluation last caught up with the data, in seconds (null before the first build): for /readyz. */
export function evaluationAge(db: Db, cfg: EngineConfig): number | null {
  const store = peekStore(db, todayIso(), cfg);
  return store?.built ? Math.round((Date.now() - store.syncedAt) / 1000) : null;
}
