// The daily job: one digest per user of what falls due (in their language, for exactly the systems they
// may see, as their role sees them), and the certificate-expiry notices. Run by the in-process scheduler
// at DIGEST_TIME and by `npm run reminders`; running it twice on one day sends nothing twice.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { addDays } from '../../domain/dates.js';
import { formatDate, todayIso } from '../../i18n/format.js';
import { translate, translator, type Locale } from '../../i18n/index.js';
import { actorFor, type Actor } from '../access/index.js';
import { DUE_WINDOW_DAYS, evaluate, type DueItem } from '../evaluation/index.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import {
  activeRecipients, cancelWaiting, certificatesExpiring, digestStateOf, enqueue, localeOf, recordDigestRun, senderOf, wants,
  redactOldMessages, type DigestLine, type DigestSection, type MailPayload, type Recipient,
} from '../mail/index.js';
import { accountById } from '../users/users.service.js';

/** How far ahead the digest looks. */
export const DIGEST_DAYS = 30;
/** Lines shown per section; the rest are counted and the calendar page has them. */
const LINES_PER_SECTION = 40;


/**
 * What falls due for an actor, from the one due list (docs/rules.md §8): what is overdue on `from`, and what
 * falls due from `from` to `to` — exactly what the dashboard, the calendar and the feed list for that window.
 */
export function dueItemsFor(db: Db, actor: Actor, engine: EngineConfig, from: string, to: string): DueItem[] {
  if (to > addDays(from, DUE_WINDOW_DAYS)) throw new RangeError(`the digest looks at most ${DUE_WINDOW_DAYS} days ahead`);
  return evaluate(db, actor, { asOf: from }, engine).due({ from, to });
}

type SectionKey = DigestSection['key'];

function sectionOf(i: DueItem): SectionKey {
  if (i.overdue) return 'overdue';
  if (i.days <= 1) return 'tomorrow';
  if (i.days <= 7) return 'week';
  return 'month';
}

/** What a digest says, independent of the day it is read: items by their id, date and section. */
export function digestHash(items: readonly DueItem[]): string {
  const key = items.map((i) => [i.uid, i.date, sectionOf(i)]).sort((a, b) => (a.join('|') < b.join('|') ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(key)).digest('hex');
}

const nameIn = (locale: Locale, o: { nameVi: string; nameEn: string | null }) => (locale === 'en' && o.nameEn ? o.nameEn : o.nameVi);

function line(i: DueItem, locale: Locale): DigestLine {
  const t = translator(locale);
  const shown = i.systems.slice(0, 5).map((s) => `${s.code} — ${nameIn(locale, s)}`);
  if (i.systems.length > 5) shown.push(t('cal.andMore', { n: i.systems.length - 5 }));
  const when = i.days < 0 ? t('cal.daysLate', { n: -i.days }) : i.days === 0 ? t('cal.today') : i.days === 1 ? t('mail.tomorrow') : t('cal.daysLeft', { n: i.days });
  return { date: formatDate(i.date), when, text: translate(locale, i.messageKey, i.params), systems: shown.join('; '), rule: `${i.rule} · ${i.citation}`, path: i.url };
}

/** The digest of a list of items for one reader: four sections, empty ones left out. */
export function digestPayload(items: readonly DueItem[], r: Pick<Recipient, 'fullName'>, locale: Locale, today: string, sender: string | null): MailPayload {
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

export function digestSubject(items: readonly DueItem[], locale: Locale, today: string): string {
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
  /** finished outbox messages cleared by the retention (OUTBOX_RETENTION_DAYS) */
  redacted: number;
}

/**
 * One user's digest for `today`: nothing when it already ran today, when nothing falls due, or when the
 * list is the one last sent and nothing is overdue. A pending digest of an earlier day is replaced.
 */
export function digestFor(db: Db, engine: EngineConfig, r: Recipient, today: string, now = new Date()): 'sent' | 'unchanged' | 'done' {
  const state = digestStateOf(db, r.id);
  const user = accountById(db, r.id);
  if (state?.lastRunDate === today || !user) return 'done';
  const items = dueItemsFor(db, actorFor(db, user), engine, today, addDays(today, DIGEST_DAYS));
  const hash = digestHash(items);
  const send = items.length > 0 && (hash !== state?.lastHash || items.some((i) => i.overdue));
  const locale = localeOf(r);
  return db.transaction((tx) => {
    let queued = false;
    if (send) {
      cancelWaiting(tx, r.id, 'digest', 'mail.cancel.superseded', now.toISOString());
      queued = enqueue(tx, {
        kind: 'digest', recipient: r, subject: digestSubject(items, locale, today),
        payload: digestPayload(items, r, locale, today, senderOf(db, r.organisationId, locale)), dedupeKey: `digest:${r.id}:${today}`,
      });
    }
    recordDigestRun(tx, { userId: r.id, lastRunDate: today, lastHash: hash, lastSentDate: queued ? today : (state?.lastSentDate ?? null) });
    return queued ? 'sent' : 'unchanged';
  });
}

/** One line for the log. */
export function describeDailyReport(r: DailyReport): string {
  return `reminders: ${r.digests} digests queued (${r.unchanged} unchanged, ${r.alreadyDone} already done today), ${r.certificateNotices} certificate notices, ${r.withoutEmail} users without an e-mail address, ${r.redacted} old messages cleared`;
}

/** The daily job for every active user, then the outbox's retention (`retentionDays`, 365 unless told). */
export function runDailyJob(db: Db, engine: EngineConfig, o: { today?: string; now?: Date; retentionDays?: number } = {}): DailyReport {
  const now = o.now ?? new Date();
  const today = o.today ?? todayIso(now);
  const report: DailyReport = { digests: 0, unchanged: 0, alreadyDone: 0, withoutEmail: 0, certificateNotices: 0, redacted: 0 };
  for (const r of activeRecipients(db)) {
    if (!r.email?.trim()) {
      report.withoutEmail += 1;
      continue;
    }
    if (!wants(r, 'digest')) continue;
    const outcome = digestFor(db, engine, r, today, now);
    if (outcome === 'sent') report.digests += 1;
    else if (outcome === 'unchanged') report.unchanged += 1;
    else report.alreadyDone += 1;
  }
  report.certificateNotices = db.transaction((tx) => certificatesExpiring(tx, today));
  report.redacted = redactOldMessages(db, o.retentionDays, now);
  return report;
}
