// The one list of what falls due (docs/rules.md §8): every dated duty of a scope between two dates, from
// the evaluation's obligations — assessments and their reports, annual reports, notices, transition
// deadlines, contract ends, provider licences, certificates, knowledge updates, drills, findings. The
// dashboard, the calendar page, the .ics feed, the exports, the API and the reminders read it; nothing else
// decides what is due.
//
// A national scope has about 100 000 such duties, and every write makes a new evaluation: what one entry
// contributes to a window is kept with the entry (entries are immutable and outlive the evaluations that
// did not touch them), the order compares plain strings and numbers, and the dashboard takes only its
// first items and the counts (`dueHead`) without building and sorting the whole list.
import { daysBetween } from '../../domain/dates.js';
import { obligationOrderKey, type Obligation, type ObligationKind } from '../../domain/rules/index.js';
import type { EvaluatedOrganisation, EvaluatedSystem, OrganisationEntry, SystemEntry } from './entries.js';
import { FirstK } from './first-k.js';
import { fixUrl, type Scope } from './gaps.js';

export interface SystemRef {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
}

export interface DueItem extends Omit<Obligation, 'key' | 'shared' | 'dueDate'> {
  /** stable: the same duty on the same date keeps it (the .ics UID) */
  uid: string;
  /** the due date; for an overdue duty, the day it was missed */
  date: string;
  overdue: boolean;
  /** inside its rule's due-soon window */
  soon: boolean;
  /** days from the evaluation date to `date` (negative when overdue) */
  days: number;
  /** the systems it concerns (a provider's licence or a person's certificate may concern several); empty for an organisation's */
  systems: SystemRef[];
  organisation: EvaluatedOrganisation | null;
  /** where to act */
  url: string;
}

/** How far ahead the lists of what falls due look (the dashboard, the calendar, the .ics feed). */
export const DUE_WINDOW_DAYS = 90;

export interface DueWindow {
  /** first day (inclusive); duties missed before it (overdue) are always listed */
  from: string;
  /** last day (inclusive) */
  to: string;
  /** only these kinds */
  kinds?: readonly ObligationKind[] | undefined;
}

export interface DueCounts {
  overdue: number;
  soon: number;
  total: number;
}

/** One duty of one entry inside a window, with what listing it needs; kept with the entry. */
interface Pick {
  readonly o: Obligation;
  readonly uid: string;
  /** the list order up to ties (obligationOrderKey) */
  readonly sortKey: string;
  readonly system: EvaluatedSystem | null;
  readonly organisation: EvaluatedOrganisation | null;
  /** the item, made once for a duty of one system or organisation (a shared one is made per list: its systems vary) */
  item?: DueItem;
}

const windowKey = (asOf: string, w: DueWindow) => `${asOf}|${w.from}|${w.to}|${w.kinds?.join(',') ?? ''}`;

/** An entry's duties inside a window: its own (sorted as the list sorts them, with their counts) and the shared ones. */
interface EntryPicks {
  own: readonly Pick[];
  shared: readonly Pick[];
  counts: DueCounts;
}
const picksKept = new WeakMap<SystemEntry | OrganisationEntry, { key: string; picks: EntryPicks }>();

const byKeyThenUid = (a: Pick, b: Pick) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);

/** An entry's duties inside the window (and every overdue one), kept with the entry for the last window asked (`key`: windowKey). */
function picksOf(entry: SystemEntry | OrganisationEntry, w: DueWindow, key: string): EntryPicks {
  const kept = picksKept.get(entry);
  if (kept?.key === key) return kept.picks;
  const system = 'system' in entry ? entry.system : null;
  const organisation = 'organisation' in entry ? entry.organisation : null;
  const own: Pick[] = [];
  const shared: Pick[] = [];
  const counts: DueCounts = { overdue: 0, soon: 0, total: 0 };
  for (const o of entry.obligations) {
    const inWindow = o.state === 'gap' ? o.dueDate <= w.to : o.dueDate >= w.from && o.dueDate <= w.to;
    if (!inWindow || (w.kinds && !w.kinds.includes(o.kind))) continue;
    // a system's shared duty (a licence, a certificate) is listed once, whoever names it
    const uid = system ? (o.shared ? `${o.key}@capdo` : `${o.key}-s${system.id}@capdo`) : `${o.key}-o${organisation!.id}@capdo`;
    const p: Pick = { o, uid, sortKey: obligationOrderKey(o), system, organisation };
    if (o.shared) shared.push(p);
    else {
      own.push(p);
      count(counts, o);
    }
  }
  const picks = { own: own.sort(byKeyThenUid), shared, counts };
  picksKept.set(entry, { key, picks });
  return picks;
}

function count(c: DueCounts, o: Obligation): void {
  c.total += 1;
  if (o.state === 'gap') c.overdue += 1;
  else if (o.state === 'due_soon') c.soon += 1;
}

/** Each entry's picks with its place in the scope (ties on a day follow the lists' order): systems, then organisations. */
function* entriesOf(ev: Scope, w: DueWindow): Generator<{ picks: EntryPicks; rank: number; system: EvaluatedSystem | null }> {
  const key = windowKey(ev.asOf, w);
  let rank = 0;
  for (const e of ev.systems) yield { picks: picksOf(e, w, key), rank: rank++, system: e.system };
  for (const e of ev.organisations) yield { picks: picksOf(e, w, key), rank: rank++, system: null };
}

/** One pick where the list has it: its entry's place in the scope. */
interface Ranked {
  p: Pick;
  rank: number;
}

/** The list order: by date, then most severe, overdue first (obligationOrderKey); then the lists' order, then the UID. */
const byListOrder = (a: Ranked, b: Ranked): number =>
  (a.p.sortKey < b.p.sortKey ? -1 : a.p.sortKey > b.p.sortKey ? 1 : 0) || a.rank - b.rank || (a.p.uid < b.p.uid ? -1 : a.p.uid > b.p.uid ? 1 : 0);

const refOf = (s: EvaluatedSystem): SystemRef => ({ id: s.id, code: s.code, nameVi: s.nameVi, nameEn: s.nameEn });

/** A pick as a list item; `others`: the other systems a shared duty concerns, in the lists' order. */
function itemOf(p: Pick, others: readonly EvaluatedSystem[], asOf: string): DueItem {
  if (p.item) return p.item;
  const { key: _key, shared, dueDate, ...rest } = p.o;
  const item: DueItem = {
    ...rest, uid: p.uid, date: dueDate, overdue: p.o.state === 'gap', soon: p.o.state === 'due_soon', days: daysBetween(asOf, dueDate),
    systems: p.system ? [p.system, ...others.filter((s) => s !== p.system)].map(refOf) : [], organisation: p.organisation, url: fixUrl(p.o.fix, p),
  };
  if (!shared) p.item = item;
  return item;
}

/** The systems of each shared duty named in `uids`, in the lists' order (the first one included). */
function systemsNaming(ev: Scope, w: DueWindow, uids: ReadonlySet<string>): Map<string, EvaluatedSystem[]> {
  const out = new Map<string, EvaluatedSystem[]>();
  if (!uids.size) return out;
  for (const { picks, system } of entriesOf(ev, w)) {
    for (const p of picks.shared) {
      if (!system || !uids.has(p.uid)) continue;
      const list = out.get(p.uid) ?? [];
      if (!list.includes(system)) list.push(system);
      out.set(p.uid, list);
    }
  }
  return out;
}

/** Every duty of the scope due between `from` and `to`, and every overdue one; by date, then severity. */
export function dueList(ev: Scope, w: DueWindow): DueItem[] {
  const list: Ranked[] = [];
  const seen = new Set<string>();
  for (const { picks, rank } of entriesOf(ev, w)) {
    for (const p of picks.own) list.push({ p, rank });
    for (const p of picks.shared) {
      if (seen.has(p.uid)) continue;
      seen.add(p.uid);
      list.push({ p, rank });
    }
  }
  const systems = systemsNaming(ev, w, seen);
  return list.sort(byListOrder).map((r) => itemOf(r.p, systems.get(r.p.uid) ?? [], ev.asOf));
}

/**
 * The first `n` items of `dueList` and the counts of the whole list, without building and sorting the whole
 * list: each entry's own duties are counted and sorted once (kept with the entry), so a new evaluation
 * walks each entry's first duties only; shared ones (a certificate, a licence) are counted once each.
 */
export function dueHead(ev: Scope, w: DueWindow, n: number): { items: DueItem[]; counts: DueCounts } {
  const best = new FirstK<Ranked>(n, byListOrder);
  const counts: DueCounts = { overdue: 0, soon: 0, total: 0 };
  const seen = new Set<string>();
  for (const { picks, rank } of entriesOf(ev, w)) {
    counts.total += picks.counts.total;
    counts.overdue += picks.counts.overdue;
    counts.soon += picks.counts.soon;
    // own duties in the list's order: the first that does not get in ends the entry's turn
    for (const p of picks.own) if (!best.offer({ p, rank })) break;
    for (const p of picks.shared) {
      if (seen.has(p.uid)) continue;
      seen.add(p.uid);
      count(counts, p.o);
      best.offer({ p, rank });
    }
  }
  const systems = systemsNaming(ev, w, new Set(best.items.filter((r) => r.p.o.shared).map((r) => r.p.uid)));
  return { items: best.items.map((r) => itemOf(r.p, systems.get(r.p.uid) ?? [], ev.asOf)), counts };
}

/** The counts the dashboard and the calendar show above the list. */
export function dueCounts(items: readonly DueItem[]): DueCounts {
  let overdue = 0;
  let soon = 0;
  for (const i of items) {
    if (i.overdue) overdue += 1;
    else if (i.soon) soon += 1;
  }
  return { overdue, soon, total: items.length };
}
