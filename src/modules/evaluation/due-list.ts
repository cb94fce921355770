// The one list of what falls due (docs/rules.md §8): every dated duty of a scope between two dates, from
// the evaluation's obligations — assessments and their reports, annual reports, notices, transition
// deadlines, contract ends, provider licences, certificates, knowledge updates, drills, findings. The
// dashboard, the calendar page, the .ics feed, the exports, the API and the reminders read it; nothing else
// decides what is due.
import { daysBetween } from '../../domain/dates.js';
import { compareObligations, type Obligation, type ObligationKind } from '../../domain/rules/index.js';
import type { EvaluatedOrganisation, EvaluatedSystem } from './entries.js';
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

const refOf = (s: EvaluatedSystem): SystemRef => ({ id: s.id, code: s.code, nameVi: s.nameVi, nameEn: s.nameEn });

export interface DueWindow {
  /** first day (inclusive); duties missed before it (overdue) are always listed */
  from: string;
  /** last day (inclusive) */
  to: string;
  /** only these kinds */
  kinds?: readonly ObligationKind[] | undefined;
}

/** Every duty of the scope due between `from` and `to`, and every overdue one; by date, then severity. */
export function dueList(ev: Scope, w: DueWindow): DueItem[] {
  const wanted = (o: Obligation) =>
    (o.state === 'gap' ? o.dueDate <= w.to : o.dueDate >= w.from && o.dueDate <= w.to) && (!w.kinds || w.kinds.includes(o.kind));
  const items = new Map<string, DueItem>();
  const order = new Map<string, number>(); // the list order of the first system named: ties on the same day follow it
  const add = (o: Obligation, uid: string, system: EvaluatedSystem | null, organisation: EvaluatedOrganisation | null, rank: number) => {
    const seen = items.get(uid);
    if (seen) {
      if (system && !seen.systems.some((s) => s.id === system.id)) seen.systems.push(refOf(system));
      return;
    }
    const { key: _key, shared: _shared, dueDate, ...rest } = o;
    items.set(uid, {
      ...rest, uid, date: dueDate, overdue: o.state === 'gap', soon: o.state === 'due_soon', days: daysBetween(ev.asOf, dueDate),
      systems: system ? [refOf(system)] : [], organisation, url: fixUrl(o.fix, { system, organisation }),
    });
    order.set(uid, rank);
  };
  ev.systems.forEach((e, rank) => {
    for (const o of e.obligations) if (wanted(o)) add(o, o.shared ? `${o.key}@capdo` : `${o.key}-s${e.system.id}@capdo`, e.system, null, rank);
  });
  ev.organisations.forEach((e, rank) => {
    for (const o of e.obligations) if (wanted(o)) add(o, `${o.key}-o${e.organisation.id}@capdo`, null, e.organisation, ev.systems.length + rank);
  });
  return [...items.values()].sort((a, b) => compareObligations({ ...a, dueDate: a.date }, { ...b, dueDate: b.date }) || order.get(a.uid)! - order.get(b.uid)! || a.uid.localeCompare(b.uid));
}

/** The counts the dashboard and the calendar show above the list. */
export function dueCounts(items: readonly DueItem[]): { overdue: number; soon: number; total: number } {
  let overdue = 0;
  let soon = 0;
  for (const i of items) {
    if (i.overdue) overdue += 1;
    else if (i.soon) soon += 1;
  }
  return { overdue, soon, total: items.length };
}
