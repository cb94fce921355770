// A batch of evaluated systems as a worker thread sends it to the main thread. Copying objects between
// threads is slow to read back (V8 rebuilds each one property by property: 70 ms for 2 000 systems), and
// copies would not share what the store shares (equal rule results, citation strings), so a batch goes as
// one flat array of numbers and strings, with tables of what repeats sent once: the strings that repeat
// (kinds, keys of messages, citations, parameters), the rule results and the cadences. The main thread
// reads it back into the same frozen entries the store builds itself.
import type { CadenceResult } from '../../domain/cadence.js';
import type { Obligation, RuleResult } from '../../domain/rules/index.js';
import type { EvaluatedSystem, OrganisationEntry, SystemEntry } from './entries.js';

type Cell = string | number | null;

export interface EncodedBatch {
  /** appended to the reader's table of strings */
  strings: string[];
  /** appended to the reader's table of rule results */
  results: RuleResult[];
  /** appended to the reader's table of cadences */
  cadences: CadenceResult[];
  /** the systems, one after the other (see `writeSystem`) */
  cells: Cell[];
  /** the organisations, as they are (a few hundred) */
  organisations: OrganisationEntry[];
}

/** Numbers for what repeats, on the sending side: each value gets the next number the first time it is seen. */
class Numbering<T> {
  private readonly seen = new Map<T, number>();
  fresh: T[] = [];
  of(v: T): number {
    let n = this.seen.get(v);
    if (n === undefined) {
      this.seen.set(v, (n = this.seen.size));
      this.fresh.push(v);
    }
    return n;
  }
  take(): T[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }
}

const NONE = -1;

export class BatchWriter {
  private readonly strings = new Numbering<string>();
  // results and cadences are numbered by identity: the engine shares equal ones (its pool, its caches)
  private readonly results = new Numbering<RuleResult>();
  private readonly cadences = new Numbering<CadenceResult>();

  private s(v: string | null): number {
    return v === null ? NONE : this.strings.of(v);
  }

  /** Entries (and organisations) as one batch, with the table entries they are the first to use. */
  batch(systems: readonly SystemEntry[], organisations: readonly OrganisationEntry[] = []): EncodedBatch {
    const cells: Cell[] = [];
    for (const e of systems) this.writeSystem(cells, e);
    return { strings: this.strings.take(), results: this.results.take(), cadences: this.cadences.take(), cells, organisations: [...organisations] };
  }

  private writeSystem(c: Cell[], e: SystemEntry): void {
    const y = e.system;
    c.push(y.id, y.code, y.nameVi, y.nameEn, y.ownerId, y.operatorId, y.securityUnitId, this.s(y.lifecycleStatus), y.level, this.s(y.regime), this.s(y.dossierStatus), y.nationalSecurityImportant ? 1 : 0);
    c.push(this.cadences.of(e.cadence), e.results.length);
    for (const r of e.results) c.push(this.results.of(r));
    c.push(e.obligations.length);
    for (const o of e.obligations) {
      c.push(o.key, o.shared ? 1 : 0, this.s(o.kind), this.s(o.rule), o.dueDate, this.s(o.state), this.s(o.severity), this.s(o.citation), this.s(o.messageKey), this.s(JSON.stringify(o.params)), this.s(o.fix));
    }
  }
}

export class BatchReader {
  private readonly strings: string[] = [];
  private readonly results: RuleResult[] = [];
  private readonly cadences: CadenceResult[] = [];
  /** parameters read once per distinct value, shared like the strings */
  private readonly params = new Map<number, Obligation['params']>();

  /** The entries of one batch (the tables carried over from the batches before). */
  read(b: EncodedBatch): { systems: SystemEntry[]; organisations: OrganisationEntry[] } {
    for (const s of b.strings) this.strings.push(s);
    for (const r of b.results) this.results.push(Object.freeze(r));
    for (const c of b.cadences) this.cadences.push(c);
    const systems: SystemEntry[] = [];
    const c = b.cells;
    const str = (i: number) => (c[i] === NONE ? null : this.strings[c[i] as number]!);
    let i = 0;
    while (i < c.length) {
      const system: EvaluatedSystem = Object.freeze({
        id: c[i] as number, code: c[i + 1] as string, nameVi: c[i + 2] as string, nameEn: c[i + 3] as string | null,
        ownerId: c[i + 4] as number, operatorId: c[i + 5] as number, securityUnitId: c[i + 6] as number | null,
        lifecycleStatus: str(i + 7) as EvaluatedSystem['lifecycleStatus'], level: c[i + 8] as number | null, regime: str(i + 9) as EvaluatedSystem['regime'],
        dossierStatus: str(i + 10), nationalSecurityImportant: c[i + 11] === 1,
      });
      const cadence = this.cadences[c[i + 12] as number]!;
      const nResults = c[i + 13] as number;
      i += 14;
      const results: RuleResult[] = new Array<RuleResult>(nResults);
      for (let k = 0; k < nResults; k++) results[k] = this.results[c[i + k] as number]!;
      i += nResults;
      const nObligations = c[i] as number;
      i += 1;
      const obligations: Obligation[] = new Array<Obligation>(nObligations);
      for (let k = 0; k < nObligations; k++, i += 11) {
        obligations[k] = Object.freeze({
          key: c[i] as string, shared: c[i + 1] === 1, kind: str(i + 2) as Obligation['kind'], rule: str(i + 3) as Obligation['rule'], dueDate: c[i + 4] as string,
          state: str(i + 5) as Obligation['state'], severity: str(i + 6) as Obligation['severity'], citation: str(i + 7)!, messageKey: str(i + 8)!,
          params: this.paramsAt(c[i + 9] as number), fix: str(i + 10) as Obligation['fix'],
        });
      }
      systems.push(Object.freeze({ system, results: Object.freeze(results), obligations: Object.freeze(obligations), cadence }));
    }
    return { systems, organisations: b.organisations };
  }

  private paramsAt(n: number): Obligation['params'] {
    let p = this.params.get(n);
    if (p === undefined) this.params.set(n, (p = JSON.parse(this.strings[n]!) as Obligation['params']));
    return p;
  }
}
