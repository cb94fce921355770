// The evaluation of every system and organisation in the database as of one date, kept in memory and
// brought up to date change by change from the change log SQLite writes (change-log.ts): only the systems a
// change touches are evaluated again, and the organisation rules, which are cheap. A change it cannot place
// (an organisation or provider changed, a table it does not know, a very long tail) rebuilds everything.
// Nothing is kept from inside a transaction: its writes may still be rolled back.
import { asc, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { systems } from '../../db/schema/systems.js';
import { judgeOrganisation, judgeSystem, type EngineConfig, type ResultPool, type SystemFacts } from '../../domain/rules/index.js';
import { dataVersion, pruneChangeLog } from '../../db/change-log.js';
import { changesSince } from './change-log.js';
import { entryOfOrganisation, entryOfSystem, type OrganisationEntry, type SystemEntry } from './entries.js';
import { loadAllOrganisationFacts, loadFacts } from './facts.repository.js';

/** Systems loaded and evaluated per batch when everything is rebuilt: bounds the facts held at once. */
const BATCH = 2_000;

export class EvaluationStore {
  /** Bumped on every change applied: what is derived from the store (a scope's view) is valid for one version. */
  version = 0;
  /** Full rebuilds so far (the first build included): what a change that could not be placed costs. */
  rebuilds = 0;
  /** The newest change log id the store reflects. */
  seen = -1;
  /** When the store last caught up (ms since the epoch). */
  syncedAt = 0;
  private readonly bySystem = new Map<number, SystemEntry>();
  /** every system, by name as the lists sort (SQLite NOCASE), then id */
  private ordered: SystemEntry[] = [];
  /** the organisations that own or operate a system, by Vietnamese name, then id */
  private organisationEntries: OrganisationEntry[] = [];
  /** equal results of different systems, kept once (emptied on a rebuild) */
  private pool: ResultPool = new Map();

  constructor(
    private readonly db: Db,
    readonly asOf: string,
    readonly config: EngineConfig,
  ) {}

  /** Applies the changes written since the last call; cheap when there are none. */
  sync(): void {
    this.syncedAt = Date.now();
    if (this.seen < 0) return this.rebuild(dataVersion(this.db));
    const impact = changesSince(this.db, this.seen);
    if (impact.upTo === this.seen) return;
    if (impact.rebuild) return this.rebuild(impact.upTo);
    this.seen = impact.upTo;
    if (!impact.systems.size && !impact.organisations) return; // e.g. a user or a token: nothing the rules read
    if (impact.systems.size) this.refreshSystems([...impact.systems].sort((a, b) => a - b));
    this.evaluateOrganisations();
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

  private entryOf(f: SystemFacts): SystemEntry {
    return entryOfSystem(f, this.asOf, judgeSystem(f, this.asOf, this.config, this.pool));
  }

  private nameOrder(): number[] {
    return this.db.select({ id: systems.id }).from(systems).orderBy(sql`${systems.nameVi} COLLATE NOCASE`, asc(systems.id)).all().map((r) => r.id);
  }

  private rebuild(upTo: number): void {
    this.rebuilds += 1;
    this.bySystem.clear();
    this.pool = new Map();
    const order = this.nameOrder();
    const ids = [...order].sort((a, b) => a - b);
    for (let i = 0; i < ids.length; i += BATCH) this.load(ids.slice(i, i + BATCH), true);
    this.ordered = order.flatMap((id) => this.bySystem.get(id) ?? []);
    this.evaluateOrganisations();
    this.seen = upTo;
    this.version += 1;
    pruneChangeLog(this.db);
  }

  /** Loads and evaluates the systems `ids` (ascending); `all` when they are every system from the first to the last. */
  private load(ids: readonly number[], all = false): void {
    const found = new Set<number>();
    const scope = all ? { idRange: [ids[0]!, ids.at(-1)!] as const } : { visibility: { systemIds: ids } };
    for (const f of loadFacts(this.db, scope, this.asOf, () => false).systems) {
      this.bySystem.set(f.id, this.entryOf(f));
      found.add(f.id);
    }
    for (const id of ids) if (!found.has(id)) this.bySystem.delete(id);
  }

  private refreshSystems(ids: number[]): void {
    const before = ids.map((id) => this.bySystem.get(id)?.system.nameVi);
    for (let i = 0; i < ids.length; i += BATCH) this.load(ids.slice(i, i + BATCH));
    // a new, renamed or removed system moves in the name order; otherwise the order keeps its ids
    const moved = ids.some((id, i) => this.bySystem.get(id)?.system.nameVi !== before[i]);
    this.ordered = moved ? this.nameOrder().flatMap((id) => this.bySystem.get(id) ?? []) : this.ordered.map((e) => this.bySystem.get(e.system.id)!);
  }

  private evaluateOrganisations(): void {
    this.organisationEntries = loadAllOrganisationFacts(this.db).map((f) => entryOfOrganisation(f, judgeOrganisation(f, this.asOf, this.config)));
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

/** The store of a date and configuration, up to date; created and built when missing (least recently used evicted). */
export function storeFor(db: Db, asOf: string, config: EngineConfig): EvaluationStore {
  const byKey = storesOf(db);
  const key = keyOf(asOf, config);
  let store = byKey.get(key);
  if (store) byKey.delete(key);
  else store = new EvaluationStore(db, asOf, config);
  byKey.set(key, store); // most recently used last
  if (byKey.size > STORES_PER_DB) byKey.delete(byKey.keys().next().value!);
  store.sync();
  return store;
}

/** The store of a date and configuration if one is kept (brought up to date), else undefined: never builds one. */
export function existingStore(db: Db, asOf: string, config: EngineConfig): EvaluationStore | undefined {
  const store = storesOf(db).get(keyOf(asOf, config));
  store?.sync();
  return store;
}

/** The store of a date and configuration as it is, without catching up (how old it is). */
export function peekStore(db: Db, asOf: string, config: EngineConfig): EvaluationStore | undefined {
  return storesOf(db).get(keyOf(asOf, config));
}
