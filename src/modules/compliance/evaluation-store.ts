// The evaluation of every system and organisation in the database as of one date, kept in memory and
// brought up to date write by write. Every change the app makes appends to the audit trail in the same
// transaction (the CLIs' too); the store reads the entries it has not seen yet and re-evaluates only the
// systems they touch (a layer, an assessment, an operator's certificate → the systems that person is
// assigned to), and the organisation rules, which are cheap. A change it cannot place (an organisation or
// provider renamed or moved, an entity type it does not know, a very long tail) rebuilds everything.
// Writes made outside the app (a seed, a test's raw INSERT) must call resetEvaluationStores().
import { asc, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { dataVersion } from '../../db/data-version.js';
import { systems } from '../../db/schema/systems.js';
import { evaluateOrganisation, evaluateSystem, standing, type EngineConfig, type ResultPool, type RuleResult, type SystemFacts } from '../../domain/rules/index.js';
import { loadAllOrganisationFacts, loadFacts } from './facts.repository.js';
import type { EvaluatedOrganisation, EvaluatedSystem } from './compliance.service.js';

export interface SystemEntry {
  readonly system: EvaluatedSystem;
  readonly results: RuleResult[];
}

export interface OrganisationEntry {
  readonly organisation: EvaluatedOrganisation;
  readonly results: RuleResult[];
}

/** Systems loaded and evaluated per batch when everything is rebuilt: bounds the facts held at once. */
const BATCH = 2_000;
/** A longer tail of unseen audit entries is cheaper to replay as one rebuild. */
const MAX_TAIL = 5_000;

/** Audit entity types that never change what the rules read. */
const IRRELEVANT = new Set(['user', 'api_token', 'calendar_token', 'mail_preferences', 'mail_outbox']);
/** Entity types whose entries carry the system they belong to (system_id); entity_id for 'system'. */
const OF_A_SYSTEM = new Set([
  'system', 'level_decision', 'layer1', 'layer2', 'layer4', 'engagement', 'assessment', 'finding', 'checklist',
  'self_inspection_notice', 'assignment',
]);
/** Entity types of a person: the systems the person is assigned to (through the row's operator). */
const OF_A_PERSON: Record<string, string> = {
  operator: 'SELECT system_id FROM operator_assignments WHERE operator_id = ?',
  certificate: 'SELECT a.system_id FROM operator_assignments a JOIN certificates c ON c.operator_id = a.operator_id WHERE c.id = ?',
  knowledge_update: 'SELECT a.system_id FROM operator_assignments a JOIN knowledge_updates k ON k.operator_id = a.operator_id WHERE k.id = ?',
};
/** Entity types of an organisation's own readiness: a system's when system_id is set, else only the organisation rules. */
const OF_AN_ORGANISATION = new Set(['drill', 'budget', 'annual_report']);

type Tail = { entityType: string; entityId: number | null; systemId: number | null; changes: string | null };

/** The systems a record left, from its audited change of systemId ([before, after]). */
function movedFrom(e: Tail): number[] {
  if (e.changes === null || !e.changes.includes('"systemId"')) return [];
  const change = (JSON.parse(e.changes) as Record<string, unknown>).systemId;
  return Array.isArray(change) ? change.filter((v): v is number => typeof v === 'number') : [];
}

export class EvaluationStore {
  /** Bumped on every change applied: what is derived from the store (a scope's view) is valid for one version. */
  version = 0;
  /** Full rebuilds so far (the first build included): what a write could not be placed costs. */
  rebuilds = 0;
  private seen = -1;
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

  /** Applies the audit entries written since the last call; cheap when there are none. */
  sync(): void {
    const c = this.db.$client;
    const newest = dataVersion(this.db);
    if (newest === this.seen) return;
    if (this.seen < 0) return this.rebuild(newest);
    const tail = c
      .prepare<[number, number], Tail>(
        `SELECT entity_type AS entityType, entity_id AS entityId, system_id AS systemId, changes FROM audit_log WHERE id > ? AND id <= ? ORDER BY id LIMIT ${MAX_TAIL + 1}`,
      )
      .all(this.seen, newest);
    if (tail.length > MAX_TAIL) return this.rebuild(newest);
    const dirty = new Set<number>();
    let organisationsChanged = false;
    for (const e of tail) {
      if (IRRELEVANT.has(e.entityType)) continue;
      // a record moved from one system to another (a drill, a budget): the system it left changes too
      for (const id of movedFrom(e)) dirty.add(id);
      if (OF_A_SYSTEM.has(e.entityType)) {
        const id = e.systemId ?? (e.entityType === 'system' ? e.entityId : null);
        if (id === null) return this.rebuild(newest);
        dirty.add(id);
      } else if (e.entityType in OF_A_PERSON) {
        if (e.entityId === null) return this.rebuild(newest);
        for (const r of c.prepare<[number], { system_id: number }>(OF_A_PERSON[e.entityType]!).all(e.entityId)) dirty.add(r.system_id);
      } else if (OF_AN_ORGANISATION.has(e.entityType)) {
        if (e.systemId !== null) dirty.add(e.systemId);
        organisationsChanged = true;
      } else {
        // an organisation or provider (names, tree, kind: independence and scopes), or something unknown
        return this.rebuild(newest);
      }
    }
    if (dirty.size) this.refreshSystems([...dirty]);
    if (dirty.size || organisationsChanged) {
      this.evaluateOrganisations();
      this.version += 1;
    }
    this.seen = newest;
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
    return {
      system: {
        id: f.id, code: f.code, nameVi: f.nameVi, nameEn: f.nameEn, ownerId: f.ownerId, operatorId: f.operatorId, lifecycleStatus: f.lifecycleStatus,
        ...standing(f.decisions, this.asOf),
      },
      results: evaluateSystem(f, this.asOf, this.config, this.pool),
    };
  }

  private nameOrder(): number[] {
    return this.db.select({ id: systems.id }).from(systems).orderBy(sql`${systems.nameVi} COLLATE NOCASE`, asc(systems.id)).all().map((r) => r.id);
  }

  private rebuild(newest: number): void {
    this.rebuilds += 1;
    this.bySystem.clear();
    this.pool = new Map();
    const order = this.nameOrder();
    const ids = [...order].sort((a, b) => a - b);
    for (let i = 0; i < ids.length; i += BATCH) this.load(ids.slice(i, i + BATCH), true);
    this.ordered = order.flatMap((id) => this.bySystem.get(id) ?? []);
    this.evaluateOrganisations();
    this.seen = newest;
    this.version += 1;
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
    this.organisationEntries = loadAllOrganisationFacts(this.db).map((f) => ({
      organisation: { id: f.id, code: f.code, nameVi: f.nameVi, nameEn: f.nameEn },
      results: evaluateOrganisation(f, this.asOf, this.config),
    }));
  }
}

// ---- one store per database, date and configuration ----

/** Stores kept per database: today's, and one other date being looked at. */
const STORES_PER_DB = 2;
const stores = new WeakMap<Db, { generation: number; byKey: Map<string, EvaluationStore> }>();
/** Bumped by resetEvaluationStores(): stores of an older generation are dropped when next asked for. */
let generation = 0;

const keyOf = (asOf: string, config: EngineConfig) => JSON.stringify([asOf, config]);

function storesOf(db: Db): Map<string, EvaluationStore> {
  let kept = stores.get(db);
  if (!kept || kept.generation !== generation) stores.set(db, (kept = { generation, byKey: new Map() }));
  return kept.byKey;
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

/** Forgets every store (after writes made outside the app, which leave no audit entry). */
export function resetEvaluationStores(): void {
  generation += 1;
}
