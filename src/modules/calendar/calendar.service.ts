// The calendar (docs/rules.md §8): what falls due across the systems a user may see, read from the one
// due list of the evaluation — on a page, and as a private .ics feed for phones and Outlook.
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Tx } from '../../db/client.js';
import { addDays } from '../../domain/dates.js';
import { NotFoundError } from '../../domain/errors.js';
import { OBLIGATION_KINDS, type EngineConfig, type ObligationKind } from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import { translate, type Locale } from '../../i18n/index.js';
import { actorFor, type Actor } from '../access/index.js';
import { audit } from '../audit/audit.service.js';
import { DUE_WINDOW_DAYS, evaluate, type DueItem } from '../evaluation/index.js';
import { icsCalendar, type IcsEvent } from './ics.js';
import * as repo from './calendar.repository.js';

export const ITEM_KINDS = OBLIGATION_KINDS;
export type { DueItem as CalendarItem };

export interface CalendarOptions {
  today?: string | undefined;
  /** an organisation subtree (owner or operator in it) */
  orgIds?: readonly number[] | undefined;
  kind?: ObligationKind | undefined;
}

/** Everything due in the next DUE_WINDOW_DAYS, and everything overdue, for what the actor may see: the due list. */
export function calendarItems(db: Db, actor: Actor, engine: EngineConfig, o: CalendarOptions = {}): DueItem[] {
  const today = o.today ?? todayIso();
  const ev = evaluate(db, actor, { asOf: today, orgIds: o.orgIds }, engine);
  return ev.due({ from: today, to: addDays(today, DUE_WINDOW_DAYS), kinds: o.kind ? [o.kind] : undefined });
}

/** What is due, in words: the one place the page and the feed take their text from. */
export function describeItem(item: DueItem, locale: Locale): string {
  return translate(locale, item.messageKey, item.params);
}

// ---- the page ----

export interface MonthGroup {
  key: string; // yyyy-mm
  year: number;
  month: number;
  items: DueItem[];
}

/** Overdue items in one group, the rest by month, in the order given. */
export function groupByMonth(items: readonly DueItem[]): { overdue: DueItem[]; months: MonthGroup[] } {
  const overdue: DueItem[] = [];
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

/**
 * Ends a user's feed in the caller's transaction (a password reset, a deactivation): its address answers 404
 * from now on, audited as the actor's doing. False when the user had none.
 */
export function endFeedOf(tx: Tx, actor: Actor, user: { id: number; username: string; organisationId: number }): boolean {
  const row = repo.tokenOf(tx, user.id);
  if (!row) return false;
  repo.deleteToken(tx, user.id);
  audit(tx, actor, { action: 'delete', entityType: 'calendar_token', entityId: row.id, organisationId: user.organisationId, summary: user.username });
  return true;
}

/** An event's title, in Vietnamese: what, and for whom (the system, or the organisation). */
function feedSummary(i: DueItem): string {
  const what = describeItem(i, 'vi');
  const who = i.systems.length === 1 ? i.systems[0]!.nameVi : i.systems.length > 1 ? translate('vi', 'cal.nSystems', { n: i.systems.length }) : i.organisation?.nameVi;
  const text = who ? `${what}: ${who}` : what;
  return i.overdue ? translate('vi', 'cal.ics.overdue', { text }) : text;
}

export interface FeedOptions {
  /** scheme and host, e.g. https://capdo.example.gov.vn; without it events carry no URL */
  baseUrl?: string | undefined;
  today?: string;
  now?: Date;
}

/** The .ics text for a token, built for its owner's visibility. An unknown token or an inactive user: not found. */
export function feedFor(db: Db, engine: EngineConfig, token: string, o: FeedOptions): string {
  if (!TOKEN_SHAPE.test(token)) throw new NotFoundError('calendar feed');
  const user = repo.ownerOfToken(db, hashToken(token));
  if (!user || !user.active) throw new NotFoundError('calendar feed');
  const actor = actorFor(db, user);
  const items = calendarItems(db, actor, engine, o.today ? { today: o.today } : {});
  const events: IcsEvent[] = items.map((i) => {
    const lines = [
      describeItem(i, 'vi'),
      ...i.systems.slice(0, 20).map((s) => `${s.code} — ${s.nameVi}`),
      i.systems.length > 20 ? translate('vi', 'cal.andMore', { n: i.systems.length - 20 }) : '',
      i.organisation ? i.organisation.nameVi : '',
      `${i.rule}: ${i.citation}`,
    ];
    return {
      uid: i.uid,
      date: i.date,
      summary: feedSummary(i),
      description: lines.filter(Boolean).join('\n'),
      url: o.baseUrl ? `${o.baseUrl}${i.url}` : undefined,
      categories: [i.rule],
    };
  });
  return icsCalendar({ name: translate('vi', 'cal.ics.name', { user: user.fullName }), events, stamp: o.now ?? new Date() });
}

