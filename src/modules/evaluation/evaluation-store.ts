// The evaluation of every system and organisation in the database as of one date, kept in memory and
// brought up to date change by change from the change log SQLite writes (change-log.ts): only the systems a
// change touches are evaluated again, and the organisations whose figures it touches. A change it cannot
// place (an organisation or provider changed, a table it does not know, a very long tail) rebuilds everything.
// Nothing is kept from inside a transaction: its writes may still be rolled back.
//
// A rebuild (the first build of a date, or after such a change) is the one whole-database pass: with worker
// threads (useWorkers: the server on a database file) it runs in one of them, on its own connection and one
// snapshot of the data, and comes back in batches the main thread reads between requests; until it lands
// the store answers with what it had (`refreshing`), and once it has landed it applies the changes written
// meanwhile. Without workers (a database in memory: the tests, the CLIs) it runs here, at once.
import type { Db } from '../../db/client.js';
import { judgeOrganisation, judgeSystem, type EngineConfig, type ResultPool, type SystemFacts } from '../../domain/rules/index.js';
import { dataVersion, pruneChangeLog } from '../../db/change-log.js';
import { attachPool, poolOf, type Pool } from '../../db/worker-pool.js';
import { changesSince } from './change-log.js';
import { entryOfOrganisation, entryOfSystem, type OrganisationEntry, type SystemEntry } from './entries.js';
import { loadFacts, loadOrganisationsFacts } from './facts.repository.js';
import { BatchReader, BatchWriter, type EncodedBatch } from './store-codec.js';

/** Systems loaded and evaluated per batch when everything is rebuilt: bounds the facts held at once. */
const BATCH = 1_000;

/** The ids of every system as the lists sort them (SQLite NOCASE), then id. */
function nameOrder(db: Db): number[] {
  return db.$client.prepare<[], number>('SELECT id FROM systems ORDER BY name_vi COLLATE NOCASE, id').pluck().all();
}

function judgeEntry(f: SystemFacts, asOf: string, config: EngineConfig, pool: ResultPool): SystemEntry {
  return entryOfSystem(f, asOf, judgeSystem(f, asOf, config, pool));
}

function judgeOrganisations(db: Db, asOf: string, config: EngineConfig, ids?: readonly number[]): OrganisationEntry[] {
  return loadOrganisationsFacts(db, ids)
    .filter((f) => f.systemCount > 0)
    .map((f) => entryOfOrganisation(f, judgeOrganisation(f, asOf, config)));
}

export interface Built {
  /** the newest change the build reflects */
  upTo: number;
  /** every system's id in the lists' order */
  order: number[];
}

/**
 * Every system evaluated (by batches of ids, handed to `systems` as they are ready) and every organisation
 * that owns or operates one; on one snapshot of the data when `db` is not inside a transaction already.
 */
export function buildAll(
  db: Db, asOf: string, config: EngineConfig, pool: ResultPool,
  take: { systems: (entries: SystemEntry[]) => void; organisations: (entries: OrganisationEntry[]) => void },
): Built {
  const run = (): Built => {
    const upTo = dataVersion(db);
    const order = nameOrder(db);
    const ids = [...order].sort((a, b) => a - b);
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      take.systems(loadFacts(db, { idRange: [batch[0]!, batch.at(-1)!] }, asOf, () => false).systems.map((f) => judgeEntry(f, asOf, config, pool)));
    }
    take.organisations(judgeOrganisations(db, asOf, config));
    return { upTo, order };
  };
  return db.$client.inTransaction ? run() : db.$client.transaction(run)();
}

/** The worker thread's part of a rebuild (the job `evaluation.build`): each batch sent encoded as it is ready. */
export function buildInWorker(db: Db, args: { asOf: string; config: EngineConfig }, send: (batch: EncodedBatch) => void): Built {
  const writer = new BatchWriter();
  return buildAll(db, args.asOf, args.config, new Map(), {
    systems: (entries) => send(writer.batch(entries)),
    organisations: (entries) => send(writer.batch([], entries)),
  });
}

// ---- off the main thread: the pool of a database, when it has one ----

/** What to do when a rebuild fails in a worker (it is then done here), per database. */
const onErrorOf = new WeakMap<Db, (err: unknown) => void>();

/** From now on, this database's rebuilds (and other heavy work) run in `pool`'s worker threads (the server does this). */
export function useWorkers(db: Db, pool: Pool, onError: (err: unknown) => void = () => {}): void {
  attachPool(db, pool);
  onErrorOf.set(db, onError);
}

export class EvaluationStore {
  /** Bumped on every change applied: what is derived from the store (a scope's view) is valid for one version. */
  version = 0;
  /** Full rebuilds so far (the first build included): what a change that could not be placed costs. */
  rebuilds = 0;
  /** The newest change log id the store reflects. */
  seen = -1;
  /** When the store last caught up with the change log (ms since the epoch); 0 before it was first built. */
  syncedAt = 0;
  /** How long the last rebuild took (ms), from the request to its landing. */
  lastBuildMs = 0;
  private bySystem = new Map<number, SystemEntry>();
  /** every system, by name as the lists sort (SQLite NOCASE), then id */
  private ordered: SystemEntry[] = [];
  /** the organisations that own or operate a system, by Vietnamese name, then id */
  private organisationEntries: OrganisationEntry[] = [];
  /** equal results of different systems, kept once (emptied on a rebuild) */
  private pool: ResultPool = new Map();
  /** a rebuild under way in a worker thread; until it lands the store answers with what it has */
  private rebuilding: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    readonly asOf: string,
    readonly config: EngineConfig,
  ) {}

  /** Whether the store holds an evaluation (false only before its first build has landed). */
  get built(): boolean {
    return this.seen >= 0;
  }

  /** Whether a rebuild is under way: what the store answers may be older than the data. */
  get refreshing(): boolean {
    return this.rebuilding !== null;
  }

  /** Resolves once the rebuild under way (if any) has landed and the store has caught up. */
  async settled(): Promise<void> {
    while (this.rebuilding) await this.rebuilding;
  }

  /** Applies the changes written since the last call; cheap when there are none. */
  sync(): void {
    if (this.rebuilding) return;
    if (this.seen < 0) return this.rebuild();
    const impact = changesSince(this.db, this.seen);
    if (impact.upTo === this.seen) {
      this.syncedAt = Date.now();
      return;
    }
    if (impact.rebuild) return this.rebuild();
    this.seen = impact.upTo;
    this.syncedAt = Date.now();
    if (!impact.systems.size && !impact.organisations) return; // e.g. a user or a token: nothing the rules read
    const organisations = new Set<number>();
    if (impact.systems.size) {
      const ids = [...impact.systems].sort((a, b) => a - b);
      // a system's owner and operator, before and after: their counts of systems may change
      for (const id of ids) this.ownersOf(id, organisations);
      this.refreshSystems(ids);
      for (const id of ids) this.ownersOf(id, organisations);
    }
    if (impact.organisations) this.refreshOrganisations();
    else if (organisations.size) this.refreshOrganisations([...organisations]);
    this.version += 1;
  }

  get(systemId: number): SystemEntry | undefined {
    return this.bySystem.get(systemId);
  }

  get systems(): readonly SystemEntry[] {
    return this.ordered;
  }

  get organisations(): readonly OrganisationEntry[] {
    return this.organisationEntries;
  }

  private ownersOf(systemId: number, into: Set<number>): void {
    const e = this.bySystem.get(systemId);
    if (e) into.add(e.system.ownerId).add(e.system.operatorId);
  }

  private rebuild(): void {
    const pool = poolOf(this.db);
    if (!pool) return this.rebuildHere();
    const started = Date.now();
    const reader = new BatchReader();
    const bySystem = new Map<number, SystemEntry>();
    let organisations: OrganisationEntry[] = [];
    this.rebuilding = pool
      .run<Built>('evaluation.build', { asOf: this.asOf, config: this.config }, (piece) => {
        const batch = reader.read(piece as EncodedBatch);
        for (const e of batch.systems) bySystem.set(e.system.id, e);
        if (batch.organisations.length) organisations = batch.organisations;
      })
      .then(
        (built) => {
          this.install(bySystem, built, organisations, started);
          this.rebuilding = null;
          this.sync(); // what was written while it was built
        },
        (err: unknown) => {
          this.rebuilding = null;
          onErrorOf.get(this.db)?.(err);
          this.rebuildHere();
        },
      );
  }

  /** The rebuild in this thread. */
  private rebuildHere(): void {
    const started = Date.now();
    const bySystem = new Map<number, SystemEntry>();
    let organisations: OrganisationEntry[] = [];
    const pool: ResultPool = new Map();
    const built = buildAll(this.db, this.asOf, this.config, pool, {
      systems: (entries) => {
        for (const e of entries) bySystem.set(e.system.id, e);
      },
      organisations: (entries) => (organisations = entries),
    });
    this.install(bySystem, built, organisations, started, pool);
  }

  private install(bySystem: Map<number, SystemEntry>, built: Built, organisations: OrganisationEntry[], started: number, pool: ResultPool = new Map()): void {
    this.bySystem = bySystem;
    this.ordered = built.order.flatMap((id) => bySystem.get(id) ?? []);
    this.organisationEntries = organisations;
    this.pool = pool;
    this.seen = built.upTo;
    this.syncedAt = started;
    this.lastBuildMs = Date.now() - started;
    this.rebuilds += 1;
    this.version += 1;
    if (!this.db.$client.readonly) pruneChangeLog(this.db);
  }

  /** Loads and evaluates the systems `ids` (ascending). */
  private load(ids: readonly number[]): void {
    const found = new Set<number>();
    for (const f of loadFacts(this.db, { visibility: { systemIds: ids } }, this.asOf, () => false).systems) {
      this.bySystem.set(f.id, judgeEntry(f, this.asOf, this.config, this.pool));
      found.add(f.id);
    }
    for (const id of ids) if (!found.has(id)) this.bySystem.delete(id);
  }

  private refreshSystems(ids: number[]): void {
    const before = ids.map((id) => this.bySystem.get(id)?.system.nameVi);
    for (let i = 0; i < ids.length; i += BATCH) this.load(ids.slice(i, i + BATCH));
    // a new, renamed or removed system moves in the name order; otherwise the order keeps its ids
    const moved = ids.some((id, i) => this.bySystem.get(id)?.system.nameVi !== before[i]);
    this.ordered = moved ? nameOrder(this.db).flatMap((id) => this.bySystem.get(id) ?? []) : this.ordered.map((e) => this.bySystem.get(e.system.id)!);
  }

  /**
   * The organisation rules of the organisations `ids` (all when not given: a drill, a budget or a report
   * changed) again; one that owns or operates no system any more leaves.
   */
  private refreshOrganisations(ids?: number[]): void {
    if (!ids) {
      this.organisationEntries = judgeOrganisations(this.db, this.asOf, this.config);
      return;
    }
    const gone = new Set(ids);
    const fresh = judgeOrganisations(this.db, this.asOf, this.config, ids);
    this.organisationEntries = [...this.organisationEntries.filter((e) => !gone.has(e.organisation.id)), ...fresh].sort(
      (a, b) => a.organisation.nameVi.localeCompare(b.organisation.nameVi, 'vi') || a.organisation.id - b.organisation.id,
    );
  }
}

// ---- one store per database, date and configuration ----

/** Stores kept per database: today's, and one other date being looked at. */
const STORES_PER_DB = 2;
const stores = new WeakMap<Db, Map<string, EvaluationStore>>();

const keyOf = (asOf: string, config: EngineConfig) => JSON.stringify([asOf, config]);

function storesOf(db: Db): Map<string, EvaluationStore> {
  let kept = stores.get(db);
  if (!kept) stores.set(db, (kept = new Map()));
  return kept;
}

/**
 * The store of a date and configuration, brought up to date; created when missing (least recently used
 * evicted). With worker threads a new store is not built yet when this returns (`built`, `settled()`).
 */
export function storeFor(db: Db, asOf: string, config: EngineConfig): EvaluationStore {
  const byKey = storesOf(db);
  const key = keyOf(asOf, config);
  let store = byKey.get(key);
  if (store) byKey.delete(key);
  else store = new EvaluationStore(db, asOf, config);
  byKey.set(key, store); // most recently used last
  if (byKey.size > STORES_PER_DB) {
    // the oldest store leaves, unless it is the only one built while the new one builds (it answers meanwhile)
    const oldest = byKey.keys().next().value!;
    if (store.built || byKey.get(oldest) !== servedMeanwhile(byKey, config)) byKey.delete(oldest);
  }
  store.sync();
  return store;
}

/** The newest built store of a configuration (the one answering while another date's first build runs). */
function servedMeanwhile(byKey: Map<string, EvaluationStore>, config: EngineConfig): EvaluationStore | undefined {
  let found: EvaluationStore | undefined;
  for (const s of byKey.values()) if (s.built && keyOf('', s.config) === keyOf('', config) && (!found || s.asOf > found.asOf)) found = s;
  return found;
}

/**
 * The store to answer from for a date: its own once built; while its first build runs (at start, after
 * midnight) the newest other built store of the configuration; undefined when there is none yet.
 */
export function servingStore(db: Db, asOf: string, config: EngineConfig): EvaluationStore | undefined {
  const store = storeFor(db, asOf, config);
  return store.built ? store : servedMeanwhile(storesOf(db), config);
}

/** The store of a date and configuration if one is kept and built (brought up to date), else undefined: never builds one. */
export function existingStore(db: Db, asOf: string, config: EngineConfig): EvaluationStore | undefined {
  const store = storesOf(db).get(keyOf(asOf, config));
  store?.sync();
  return store?.built ? store : undefined;
}

/** The store of a date and configuration as it is, without catching up (how old it is). */
export function peekStore(db: Db, asOf: string, config: EngineConfig): EvaluationStore | undefined {
  return storesOf(db).get(keyOf(asOf, config));
}
