import { createHash, randomBytes } from 'node:crypto';
import { groupBy } from '../../domain/collections.js';
import type { Db } from '../../db/client.js';
import {
  addDays, assessmentCadence, CADENCE_CITATIONS, cadenceInputFor, cadenceKindFor, cycleContaining, daysBetween, DEFAULT_CADENCE, levelInForce,
  type CadenceConfig, type CadenceInput, type CadenceKind, type CadenceResult, type Cycle, type LevelPeriod,
} from '../../domain/cadence.js';
import { NotFoundError } from '../../domain/errors.js';
import { PROTECTION_CITATIONS } from '../../domain/protection.js';
import { formatDate, todayIso } from '../../i18n/format.js';
import { translate, type Locale } from '../../i18n/index.js';
import type { Actor } from '../auth/actor.js';
import { actorFor } from '../auth/auth.service.js';
import { audit } from '../audit/audit.service.js';
import { visibility } from '../systems/systems.service.js';
import { findUser } from '../users/users.repository.js';
import { icsCalendar, type IcsEvent } from './ics.js';
import * as repo from './calendar.repository.js';

/** How far ahead the calendar looks; anything already overdue is shown too. */
export const WINDOW_DAYS = 90;

export const ITEM_KINDS = ['assessment', 'report', 'monitoring', 'licence', 'fixed'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

// The fixed yearly dates of RULES.md §7.4 that have no cadence of their own: data, with their citation.
const FIXED_RULES = Object.freeze({
  // Law 116/2025/QH15 Art 11.1.b: level 5 and national-security-important systems notify BCA of the
  // yearly self-inspection before 1 October
  'LVL-07': { month: 10, day: 1, citation: 'Luật An ninh mạng số 116/2025/QH15, Điều 11 khoản 1 điểm b' },
  // Decree 331 Art 35–36, Circular 12/2022 Art 13: reporting period 15 Dec → 14 Dec; the security unit and
  // the operator report to the owner by 20 Dec, the owner to the authority by 25 Dec
  'REP-01': { month: 12, day: 25, internalDay: 20, citation: 'Nghị định 331/2026/NĐ-CP, Điều 35–36; Thông tư 12/2022/TT-BTTTT, Điều 13' },
});

export interface SystemRef {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
}

export interface ProviderRef {
  id: number;
  nameVi: string;
  nameEn: string | null;
}

export interface CalendarItem {
  /** stable: the same duty on the same date keeps its id (the .ics UID) */
  uid: string;
  kind: ItemKind;
  /** the due date; for an overdue item, the day it became due */
  date: string;
  overdue: boolean;
  /** due within the due-soon window */
  soon: boolean;
  /** days from today to `date` (negative when overdue) */
  days: number;
  rule: string;
  citation: string;
  /** i18n key of what is due, and its parameters (dates already dd/mm/yyyy) */
  what: string;
  params: Record<string, string | number>;
  /** the systems it concerns (empty: the whole scope) */
  systems: SystemRef[];
  provider: ProviderRef | null;
}

export interface CalendarOptions {
  dueSoonDays: number;
  today?: string;
  /** an organisation subtree (owner or operator in it) */
  orgIds?: readonly number[] | undefined;
  kind?: ItemKind | undefined;
}

const KIND_ORDER: Record<ItemKind, number> = { assessment: 0, report: 1, monitoring: 2, licence: 3, fixed: 4 };
const dayMonth = (iso: string) => formatDate(iso).slice(0, 5);

/** The first `month`/`day` on or after `today`. */
function nextOccurrence(today: string, month: number, day: number): string {
  const year = Number(today.slice(0, 4));
  const on = (y: number) => `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return on(year) >= today ? on(year) : on(year + 1);
}

/** Remembers results by the input's JSON (inputs are small plain data). */
function memo(f: (input: CadenceInput) => CadenceResult): (input: CadenceInput) => CadenceResult {
  const seen = new Map<string, CadenceResult>();
  return (input) => {
    const key = JSON.stringify(input);
    let r = seen.get(key);
    if (r === undefined) seen.set(key, (r = f(input)));
    return r;
  };
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const ref = (s: repo.CalendarSystem): SystemRef => ({ id: s.id, code: s.code, nameVi: s.nameVi, nameEn: s.nameEn });

/** In operation on `date`: live (not a stale planned date) and not yet decommissioned. */
function liveOn(s: repo.CalendarSystem, date: string): boolean {
  const live = s.lifecycleStatus === 'in_operation' || s.lifecycleStatus === 'decommissioned';
  return live && s.goLiveDate !== null && s.goLiveDate <= date && (s.decommissionedAt === null || date < s.decommissionedAt);
}

/**
 * Everything due for the systems the actor may see: overdue items first, then by date, up to
 * WINDOW_DAYS ahead. Each table is read once for the whole scope.
 */
export function calendarItems(db: Db, actor: Actor, o: CalendarOptions): CalendarItem[] {
  const today = o.today ?? todayIso();
  const horizon = addDays(today, WINDOW_DAYS);
  const cfg: CadenceConfig = { ...DEFAULT_CADENCE, dueSoonDays: o.dueSoonDays };
  const scope: repo.CalendarScope = { visibility: visibility(db, actor), orgIds: o.orgIds };
  const wanted = (k: ItemKind) => o.kind === undefined || o.kind === k;
  const inWindow = (d: string) => d >= today && d <= horizon;

  const systems = repo.scopedSystems(db, scope);
  if (!systems.length) return [];
  const byId = new Map(systems.map((s) => [s.id, s]));
  const rank = new Map(systems.map((s, n) => [s.id, n])); // by name, from SQL
  const byRank = (a: SystemRef, b: SystemRef) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0);
  const current = systems.filter((s) => s.decommissionedAt === null || s.decommissionedAt > today);
  const items: CalendarItem[] = [];
  const push = (i: Omit<CalendarItem, 'soon' | 'days'> & Partial<Pick<CalendarItem, 'soon' | 'days'>>) => {
    i.days = daysBetween(today, i.date);
    i.soon = !i.overdue && i.days <= o.dueSoonDays;
    items.push(i as CalendarItem);
  };

  const levels = groupBy(repo.approvedLevels(db, scope), (r) => r.systemId);
  const levelsOf = (id: number): LevelPeriod[] => (levels.get(id) ?? []).map((r) => ({ level: r.level, from: r.approvalDate! }));

  // (a) assessments (ASM-01/02) and (b) their results to the authority
  if (wanted('assessment') || wanted('report')) {
    const done = groupBy(repo.performedAssessments(db, scope), (r) => r.systemId);
    // systems with the same history get the same answer: worth remembering with thousands of systems
    const cadenceOf = memo((input: CadenceInput) => assessmentCadence(input, cfg));
    const cycles = new Map<string, Cycle>();
    const cycleEnding = (end: string, kind: CadenceKind): Cycle => {
      const key = `${kind}:${end}`;
      let c = cycles.get(key);
      if (c === undefined) cycles.set(key, (c = cycleContaining(end, kind, cfg)));
      return c;
    };
    for (const s of systems) {
      const lv = levelsOf(s.id);
      // a system that never held a level owing assessments is n/a: skip the computation
      if (!lv.some((p) => cadenceKindFor(p.level, cfg) !== null)) continue;
      const c = cadenceOf(
        cadenceInputFor(
          { ...s, approved: (levels.get(s.id) ?? []).map((r) => ({ level: r.level, approvalDate: r.approvalDate })), performed: (done.get(s.id) ?? []).map((a) => a.performedDate) },
          today,
        ),
      );
      if (c.state === 'n/a' || c.rule === null || c.kind === null) continue;
      const rule = c.rule;
      const citation = CADENCE_CITATIONS[rule];
      if (wanted('assessment')) {
        // the missed cycle's own dates tell yearly from half-yearly (it may differ from today's after a level change)
        if (c.state === 'gap' && c.overdueSince !== null && c.missedCycle !== null) {
          push({
            uid: `asm-${s.id}-${c.overdueSince}@capdo`, kind: 'assessment', date: c.overdueSince, overdue: true, rule, citation,
            what: 'cal.what.assessmentOverdue', params: { from: formatDate(c.missedCycle.start), to: formatDate(c.missedCycle.end) },
            systems: [ref(s)], provider: null,
          });
        } else if (c.nextDue !== null && inWindow(c.nextDue)) {
          const cycle = cycleEnding(c.nextDue, c.kind);
          push({
            uid: `asm-${s.id}-${c.nextDue}@capdo`, kind: 'assessment', date: c.nextDue, overdue: false, rule, citation,
            what: `cal.what.assessment.${c.kind}`, params: { from: formatDate(cycle.start), to: formatDate(cycle.end) },
            systems: [ref(s)], provider: null,
          });
        }
      }
      if (wanted('report') && c.reportDeadline !== null && inWindow(c.reportDeadline)) {
        const cycle = cycleEnding(c.reportDeadline, c.kind);
        const reported = (done.get(s.id) ?? []).some(
          (a) => a.reportedDate !== null && a.performedDate! >= cycle.start && a.performedDate! <= cycle.end,
        );
        if (!reported) {
          push({
            uid: `rep-${s.id}-${c.reportDeadline}@capdo`, kind: 'report', date: c.reportDeadline, overdue: false, rule, citation,
            what: 'cal.what.report', params: { day: dayMonth(c.reportDeadline), from: formatDate(cycle.start), to: formatDate(cycle.end) },
            systems: [ref(s)], provider: null,
          });
        }
      }
    }
  }

  // (c) layer-2 contracts and (d) the licences of the providers working on these systems
  if (wanted('monitoring') || wanted('licence')) {
    const monitoring = repo.latestMonitoring(db, scope).filter((m) => m.mode === 'provider' && m.providerId !== null);
    const engaged = wanted('licence') ? repo.currentEngagements(db, scope, today) : [];
    const providers = new Map(
      repo.providersByIds(db, [...new Set([...monitoring.map((m) => m.providerId!), ...engaged.map((e) => e.assessorId)])]).map((p) => [p.id, p]),
    );
    const providerRef = (id: number): ProviderRef | null => {
      const p = providers.get(id);
      return p ? { id: p.id, nameVi: p.nameVi, nameEn: p.nameEn } : null;
    };
    const isCurrent = (id: number) => {
      const s = byId.get(id);
      return s !== undefined && (s.decommissionedAt === null || s.decommissionedAt > today);
    };

    if (wanted('monitoring')) {
      for (const m of monitoring) {
        const s = byId.get(m.systemId);
        if (!s || !isCurrent(s.id) || m.endDate === null) continue;
        const ended = m.endDate < today;
        // an ended contract is a gap only while the system runs; a coming end is worth knowing either way
        if (ended ? !liveOn(s, today) : !inWindow(m.endDate)) continue;
        push({
          uid: `l2-${s.id}-${m.endDate}@capdo`, kind: 'monitoring', date: m.endDate, overdue: ended, rule: 'L4-2',
          citation: PROTECTION_CITATIONS['L4-2'], what: ended ? 'cal.what.monitoringEnded' : 'cal.what.monitoringEnds',
          params: { contract: m.contractNumber ?? '' }, systems: [ref(s)], provider: providerRef(m.providerId!),
        });
      }
    }

    if (wanted('licence')) {
      // provider → the systems it works on, and as what (layer 2 monitoring, layer 3 assessment)
      const work = new Map<number, { systems: Map<number, SystemRef>; rules: Set<'L4-2' | 'L4-3'> }>();
      const note = (providerId: number, systemId: number, rule: 'L4-2' | 'L4-3') => {
        const s = byId.get(systemId);
        if (!s || !isCurrent(systemId)) return;
        const w = work.get(providerId) ?? { systems: new Map(), rules: new Set() };
        w.systems.set(s.id, ref(s));
        w.rules.add(rule);
        work.set(providerId, w);
      };
      for (const m of monitoring) if (m.endDate === null || m.endDate >= today) note(m.providerId!, m.systemId, 'L4-2');
      for (const e of engaged) note(e.assessorId, e.systemId, 'L4-3');
      for (const [providerId, w] of work) {
        const p = providers.get(providerId);
        if (!p || p.licenceExpires === null) continue;
        const expired = p.licenceExpires < today;
        if (!expired && !inWindow(p.licenceExpires)) continue;
        const rules = [...w.rules].sort();
        push({
          uid: `lic-${p.id}-${p.licenceExpires}@capdo`, kind: 'licence', date: p.licenceExpires, overdue: expired,
          rule: rules.join(', '), citation: rules.map((r) => PROTECTION_CITATIONS[r]).join('; '),
          what: expired ? 'cal.what.licenceExpired' : 'cal.what.licenceExpires', params: { licence: p.licenceNumber ?? '' },
          systems: [...w.systems.values()].sort(byRank), provider: providerRef(p.id),
        });
      }
    }
  }

  // (e) the fixed yearly dates, for the scope the actor answers for
  if (wanted('fixed') && current.length) {
    const lvl07 = FIXED_RULES['LVL-07'];
    const notice = nextOccurrence(today, lvl07.month, lvl07.day);
    const important = current.filter((s) => liveOn(s, today) && (s.nationalSecurityImportant || levelInForce(levelsOf(s.id), today) === 5));
    if (important.length && inWindow(notice)) {
      push({
        uid: `lvl07-${notice}@capdo`, kind: 'fixed', date: notice, overdue: false, rule: 'LVL-07', citation: lvl07.citation,
        what: 'cal.what.lvl07', params: { day: dayMonth(notice), count: important.length }, systems: important.map(ref), provider: null,
      });
    }
    // the annual report is the state body's; an assessor's company has none to send
    if (actor.role !== 'auditor') {
      const rep = FIXED_RULES['REP-01'];
      const toAuthority = nextOccurrence(today, rep.month, rep.day);
      const internal = `${toAuthority.slice(0, 4)}-12-${String(rep.internalDay).padStart(2, '0')}`;
      const year = Number(toAuthority.slice(0, 4));
      const period = { from: formatDate(`${year - 1}-12-15`), to: formatDate(`${year}-12-14`) };
      for (const [date, what, uid] of [
        [internal, 'cal.what.rep01Internal', `rep01-internal-${internal}@capdo`],
        [toAuthority, 'cal.what.rep01', `rep01-${toAuthority}@capdo`],
      ] as const) {
        if (!inWindow(date)) continue;
        push({
          uid, kind: 'fixed', date, overdue: false, rule: 'REP-01', citation: rep.citation, what,
          params: { day: dayMonth(date), ...period }, systems: [], provider: null,
        });
      }
    }
  }

  return items.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      cmp(a.date, b.date) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.systems[0] && b.systems[0] ? byRank(a.systems[0], b.systems[0]) : a.systems.length - b.systems.length) ||
      cmp(a.uid, b.uid),
  );
}

const nameIn = (locale: Locale, o: { nameVi: string; nameEn: string | null }) => (locale === 'en' && o.nameEn ? o.nameEn : o.nameVi);

/** What is due, in words: the one place the page and the feed take their text from. */
export function describeItem(item: CalendarItem, locale: Locale): string {
  const provider = item.provider ? nameIn(locale, item.provider) : translate(locale, 'cal.unknownProvider');
  const text = translate(locale, item.what, { ...item.params, provider });
  const contract = item.params.contract ? translate(locale, 'cal.contractNo', { number: item.params.contract }) : '';
  const licence = item.params.licence ? translate(locale, 'cal.licenceNo', { number: item.params.licence }) : '';
  return [text, contract, licence].filter(Boolean).join(' · ');
}

// ---- the page ----

export interface MonthGroup {
  key: string; // yyyy-mm
  year: number;
  month: number;
  items: CalendarItem[];
}

export interface CalendarSummary {
  overdue: number;
  soon: number;
  total: number;
}

export function summarise(items: readonly CalendarItem[]): CalendarSummary {
  return { overdue: items.filter((i) => i.overdue).length, soon: items.filter((i) => i.soon).length, total: items.length };
}

/** Overdue items in one group, the rest by month, in the order given. */
export function groupByMonth(items: readonly CalendarItem[]): { overdue: CalendarItem[]; months: MonthGroup[] } {
  const overdue: CalendarItem[] = [];
  const months: MonthGroup[] = [];
  for (const i of items) {
    if (i.overdue) {
      overdue.push(i);
      continue;
    }
    const key = i.date.slice(0, 7);
    let g = months[months.length - 1];
    if (!g || g.key !== key) {
      g = { key, year: Number(key.slice(0, 4)), month: Number(key.slice(5, 7)), items: [] };
      months.push(g);
    }
    g.items.push(i);
  }
  return { overdue, months };
}

// ---- the feed and its token ----

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes, base64url

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function feedToken(db: Db, actor: Actor): { createdAt: string } | null {
  const row = repo.tokenOf(db, actor.id);
  return row ? { createdAt: row.createdAt } : null;
}

/** Creates the actor's feed token, replacing any earlier one; only its SHA-256 is kept. Returns the token. */
export function createFeedToken(db: Db, actor: Actor): string {
  const token = randomBytes(32).toString('base64url');
  db.transaction((tx) => {
    const replaced = repo.tokenOf(tx, actor.id) !== undefined;
    const row = repo.putToken(tx, actor.id, hashToken(token));
    audit(tx, actor, {
      action: replaced ? 'update' : 'create', entityType: 'calendar_token', entityId: row.id, organisationId: actor.organisationId,
      summary: actor.username,
    });
  });
  return token;
}

/** Deletes the actor's feed token (its URL answers 404 from now on); false when there was none. */
export function revokeFeedToken(db: Db, actor: Actor): boolean {
  return db.transaction((tx) => {
    const row = repo.tokenOf(tx, actor.id);
    if (!row) return false;
    repo.deleteToken(tx, actor.id);
    audit(tx, actor, { action: 'delete', entityType: 'calendar_token', entityId: row.id, organisationId: actor.organisationId, summary: actor.username });
    return true;
  });
}

/** An event's title, in Vietnamese: what, and for whom (the system, or the provider). */
function feedSummary(i: CalendarItem): string {
  const what = i.kind === 'fixed' ? describeItem(i, 'vi') : translate('vi', `cal.ics.${i.kind}`);
  const who = i.kind === 'licence' ? i.provider?.nameVi : i.systems.length === 1 ? i.systems[0]?.nameVi : undefined;
  const text = who && i.kind !== 'fixed' ? `${what}: ${who}` : what;
  return i.overdue ? translate('vi', 'cal.ics.overdue', { text }) : text;
}

export interface FeedOptions {
  dueSoonDays: number;
  /** scheme and host, e.g. https://capdo.example.gov.vn; without it events carry no URL */
  baseUrl?: string | undefined;
  today?: string;
  now?: Date;
}

/** The .ics text for a token, built for its owner's visibility. An unknown token or an inactive user: not found. */
export function feedFor(db: Db, token: string, o: FeedOptions): string {
  if (!TOKEN_SHAPE.test(token)) throw new NotFoundError('calendar feed');
  const row = repo.tokenByHash(db, hashToken(token));
  const user = row ? findUser(db, row.userId) : undefined;
  if (!user || !user.active) throw new NotFoundError('calendar feed');
  const actor = actorFor(db, user);
  const items = calendarItems(db, actor, { dueSoonDays: o.dueSoonDays, ...(o.today ? { today: o.today } : {}) });
  const events: IcsEvent[] = items.map((i) => {
    const first = i.systems.length === 1 ? i.systems[0] : undefined;
    const lines = [
      describeItem(i, 'vi'),
      ...i.systems.slice(0, 20).map((s) => `${s.code} — ${s.nameVi}`),
      i.systems.length > 20 ? translate('vi', 'cal.andMore', { n: i.systems.length - 20 }) : '',
      `${i.rule}: ${i.citation}`,
    ];
    return {
      uid: i.uid,
      date: i.date,
      summary: feedSummary(i),
      description: lines.filter(Boolean).join('\n'),
      url: o.baseUrl ? (first ? `${o.baseUrl}/systems/${first.id}` : `${o.baseUrl}/calendar`) : undefined,
      categories: [i.rule],
    };
  });
  return icsCalendar({ name: translate('vi', 'cal.ics.name', { user: user.fullName }), events, stamp: o.now ?? new Date() });
}
