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
const picksKept = new WeakMap<SystemEntry | OrganisationEntry, { key: string; picks: readonly Pick[] }>();

/** An entry's duties inside the window (and every overdue one), kept with the entry for the last window asked. */
function picksOf(
  entry: SystemEntry | OrganisationEntry, asOf: string, w: DueWindow,
  subject: { system: EvaluatedSystem | null; organisation: EvaluatedOrganisation | null }, uidOf: (o: Obligation) => string,
): readonly Pick[] {
  const key = windowKey(asOf, w);
  const kept = picksKept.get(entry);
  if (kept?.key === key) return kept.picks;
  const picks: Pick[] = [];
  for (const o of entry.obligations) {
    const inWindow = o.state === 'gap' ? o.dueDate <= w.to : o.dueDate >= w.from && o.dueDate <= w.to;
    if (inWindow && (!w.kinds || w.kinds.includes(o.kind))) picks.push({ o, uid: uidOf(o), sortKey: obligationOrderKey(o), ...subject });
  }
  picksKept.set(entry, { key, picks });
  return picks;
}

interface Candidates {
  /** every duty once: a shared duty (a licence, a certificate) where its first system names it */
  list: Pick[];
  /** the other systems a shared duty concerns */
  also: Map<string, Set<EvaluatedSystem>>;
  /** each system's and organisation's place in the scope: ties on a day follow the lists' order */
  rank: Map<EvaluatedSystem | EvaluatedOrganisation, number>;
}

function candidates(ev: Scope, w: DueWindow): Candidates {
  const list: Pick[] = [];
  const also = new Map<string, Set<EvaluatedSystem>>();
  const rank = new Map<EvaluatedSystem | EvaluatedOrganisation, number>();
  for (const e of ev.systems) {
    const s = e.system;
    rank.set(s, rank.size);
    for (const p of picksOf(e, ev.asOf, w, { system: s, organisation: null }, (o) => (o.shared ? `${o.key}@capdo` : `${o.key}-s${s.id}@capdo`))) {
      if (p.o.shared) {
        const others = also.get(p.uid);
        if (others) {
          if (s !== p.system) others.add(s);
          continue;
        }
        also.set(p.uid, new Set());
      }
      list.push(p);
    }
  }
  for (const e of ev.organisations) {
    const org = e.organisation;
    rank.set(org, rank.size);
    list.push(...picksOf(e, ev.asOf, w, { system: null, organisation: org }, (o) => `${o.key}-o${org.id}@capdo`));
  }
  return { list, also, rank };
}

const rankOf = (c: Candidates, p: Pick) => c.rank.get((p.system ?? p.organisation)!)!;

/** The list order: by date, then most severe, overdue first (obligationOrderKey); then the lists' order, then the UID. */
function byListOrder(c: Candidates): (a: Pick, b: Pick) => number {
  return (a, b) =>
    (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0) || rankOf(c, a) - rankOf(c, b) || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);
}

const refOf = (s: EvaluatedSystem): SystemRef => ({ id: s.id, code: s.code, nameVi: s.nameVi, nameEn: s.nameEn });

function itemOf(p: Pick, c: Candidates, asOf: string): DueItem {
  if (p.item) return p.item;
  const { key: _key, shared, dueDate, ...rest } = p.o;
  const systems = p.system ? [p.system, ...(c.also.get(p.uid) ?? [])].map(refOf) : [];
  const item: DueItem = {
    ...rest, uid: p.uid, date: dueDate, overdue: p.o.state === 'gap', soon: p.o.state === 'due_soon', days: daysBetween(asOf, dueDate),
    systems, organisation: p.organisation, url: fixUrl(p.o.fix, p),
  };
  if (!shared) p.item = item;
  return item;
}

/** Every duty of the scope due between `from` and `to`, and every overdue one; by date, then severity. */
export function dueList(ev: Scope, w: DueWindow): DueItem[] {
  const c = candidates(ev, w);
  return c.list.sort(byListOrder(c)).map((p) => itemOf(p, c, ev.asOf));
}

/** The first `n` items of `dueList` and the counts of the whole list, without building and sorting the whole list. */
export function dueHead(ev: Scope, w: DueWindow, n: number): { items: DueItem[]; counts: DueCounts } {
  const c = candidates(ev, w);
  const before = byListOrder(c);
  const best: Pick[] = [];
  const counts: DueCounts = { overdue: 0, soon: 0, total: c.list.length };
  for (const p of c.list) {
    if (p.o.state === 'gap') counts.overdue += 1;
    else if (p.o.state === 'due_soon') counts.soon += 1;
    if (best.length === n && (n === 0 || before(p, best[n - 1]!) >= 0)) continue;
    let at = best.length;
    while (at > 0 && before(p, best[at - 1]!) < 0) at -= 1;
    best.splice(at, 0, p);
    if (best.length > n) best.pop();
  }
  return { items: best.map((p) => itemOf(p, c, ev.asOf)), counts };
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
