// The daily job: one digest per user of what falls due (in their language, for exactly the systems they
// may see, as their role sees them), and the certificate-expiry notices. Run by the in-process scheduler
// at DIGEST_TIME and by `npm run reminders`; running it twice on one day sends nothing twice.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { formatDate, todayIso } from '../../i18n/format.js';
import { translate, translator, type Locale } from '../../i18n/index.js';
import type { Actor } from '../auth/actor.js';
import { actorFor } from '../auth/auth.service.js';
import { calendarItems, describeItem, type CalendarItem } from '../calendar/calendar.service.js';
import type { DigestLine, DigestSection, MailPayload } from './mail-render.js';
import * as repo from './mail.repository.js';
import { certificatesExpiring, senderOf } from './notices.service.js';
import { enqueue, localeOf, wants, type Recipient } from './outbox.service.js';

/** How far ahead the digest looks. */
export const DIGEST_DAYS = 30;
/** Lines shown per section; the rest are counted and the calendar page has them. */
const LINES_PER_SECTION = 40;

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The single list of what falls due for an actor: what is overdue on `from`, and what falls due from
 * `from` to `to` (at most 90 days on). Every reminder reads its items through this one function.
 */
export function dueItemsFor(db: Db, actor: Actor, from: string, to: string): CalendarItem[] {
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  return calendarItems(db, actor, { dueSoonDays: days, today: from }).filter((i) => i.overdue || i.date <= to);
}

type SectionKey = DigestSection['key'];

function sectionOf(i: CalendarItem): SectionKey {
  if (i.overdue) return 'overdue';
  if (i.days <= 1) return 'tomorrow';
  if (i.days <= 7) return 'week';
  return 'month';
}

/** What a digest says, independent of the day it is read: items by their id, date and section. */
export function digestHash(items: readonly CalendarItem[]): string {
  const key = items.map((i) => [i.uid, i.date, sectionOf(i)]).sort((a, b) => (a.join('|') < b.join('|') ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(key)).digest('hex');
}

const nameIn = (locale: Locale, o: { nameVi: string; nameEn: string | null }) => (locale === 'en' && o.nameEn ? o.nameEn : o.nameVi);

function line(i: CalendarItem, locale: Locale): DigestLine {
  const t = translator(locale);
  const shown = i.systems.slice(0, 5).map((s) => `${s.code} — ${nameIn(locale, s)}`);
  if (i.systems.length > 5) shown.push(t('cal.andMore', { n: i.systems.length - 5 }));
  const when = i.days < 0 ? t('cal.daysLate', { n: -i.days }) : i.days === 0 ? t('cal.today') : i.days === 1 ? t('mail.tomorrow') : t('cal.daysLeft', { n: i.days });
  const path = i.systems.length === 1 ? `/systems/${i.systems[0]!.id}` : i.provider && i.kind === 'licence' ? `/providers/${i.provider.id}` : '/calendar';
  return { date: formatDate(i.date), when, text: describeItem(i, locale), systems: shown.join('; '), rule: `${i.rule} · ${i.citation}`, path };
}

/** The digest of a list of items for one reader: four sections, empty ones left out. */
export function digestPayload(items: readonly CalendarItem[], r: Pick<Recipient, 'fullName'>, locale: Locale, today: string, sender: string | null): MailPayload {
  const t = translator(locale);
  const sections: DigestSection[] = [];
  for (const key of ['overdue', 'tomorrow', 'week', 'month'] as const) {
    const mine = items.filter((i) => sectionOf(i) === key);
    if (!mine.length) continue;
    sections.push({ key, title: t(`mail.digest.section.${key}`), lines: mine.slice(0, LINES_PER_SECTION).map((i) => line(i, locale)), more: Math.max(0, mine.length - LINES_PER_SECTION) });
  }
  return {
    sender,
    heading: t('mail.digest.heading', { days: DIGEST_DAYS }),
    greeting: t('mail.greeting', { name: r.fullName }),
    paragraphs: [t('mail.digest.intro', { date: formatDate(today), days: DIGEST_DAYS })],
    facts: [],
    sections,
    link: { path: '/calendar', label: t('mail.digest.link') },
    reason: t('mail.digest.reason'),
  };
}

export function digestSubject(items: readonly CalendarItem[], locale: Locale, today: string): string {
  const overdue = items.filter((i) => i.overdue).length;
  const due = items.length - overdue;
  const params = { date: formatDate(today), overdue, due, days: DIGEST_DAYS };
  return translate(locale, overdue ? 'mail.digest.subjectOverdue' : 'mail.digest.subject', params);
}

export interface DailyReport {
  digests: number;
  /** nothing changed since the last digest and nothing is overdue, or nothing falls due */
  unchanged: number;
  /** the job had already run for them today */
  alreadyDone: number;
  /** active users who receive nothing: no e-mail address */
  withoutEmail: number;
  certificateNotices: number;
}

/**
 * One user's digest for `today`: nothing when it already ran today, when nothing falls due, or when the
 * list is the one last sent and nothing is overdue. A pending digest of an earlier day is replaced.
 */
export function digestFor(db: Db, r: Recipient, today: string, now = new Date()): 'sent' | 'unchanged' | 'done' {
  const state = repo.digestStateOf(db, r.id);
  const user = repo.userById(db, r.id);
  if (state?.lastRunDate === today || !user) return 'done';
  const items = dueItemsFor(db, actorFor(db, user), today, addDays(today, DIGEST_DAYS));
  const hash = digestHash(items);
  const send = items.length > 0 && (hash !== state?.lastHash || items.some((i) => i.overdue));
  const locale = localeOf(r);
  return db.transaction((tx) => {
    let queued = false;
    if (send) {
      repo.cancelPending(tx, r.id, 'digest', 'mail.cancel.superseded', now.toISOString());
      queued = enqueue(tx, {
        kind: 'digest', recipient: r, subject: digestSubject(items, locale, today),
        payload: digestPayload(items, r, locale, today, senderOf(db, r.organisationId, locale)), dedupeKey: `digest:${r.id}:${today}`,
      });
    }
    repo.putDigestState(tx, { userId: r.id, lastRunDate: today, lastHash: hash, lastSentDate: queued ? today : (state?.lastSentDate ?? null) });
    return queued ? 'sent' : 'unchanged';
  });
}

/** One line for the log. */
export function describeDailyReport(r: DailyReport): string {
  return `reminders: ${r.digests} digests queued (${r.unchanged} unchanged, ${r.alreadyDone} already done today), ${r.certificateNotices} certificate notices, ${r.withoutEmail} users without an e-mail address`;
}

/** The daily job for every active user. */
export function runDailyJob(db: Db, o: { today?: string; now?: Date } = {}): DailyReport {
  const now = o.now ?? new Date();
  const today = o.today ?? todayIso(now);
  const report: DailyReport = { digests: 0, unchanged: 0, alreadyDone: 0, withoutEmail: 0, certificateNotices: 0 };
  for (const r of repo.activeUsers(db)) {
    if (!r.email?.trim()) {
      report.withoutEmail += 1;
      continue;
    }
    if (!wants(r, 'digest')) continue;
    const outcome = digestFor(db, r, today, now);
    if (outcome === 'sent') report.digests += 1;
    else if (outcome === 'unchanged') report.unchanged += 1;
    else report.alreadyDone += 1;
  }
  report.certificateNotices = db.transaction((tx) => certificatesExpiring(tx, today));
  return report;
}
