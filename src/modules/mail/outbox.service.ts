// Writing messages into the outbox (always inside the caller's transaction) and the admins' view of it.
import { randomUUID } from 'node:crypto';
import { DEFAULT_OUTBOX_RETENTION_DAYS } from '../../config.js';
import type { Db } from '../../db/client.js';
import { MAIL_KINDS, OUTBOX_STATUSES, type MailKind, type OutboxRow, type OutboxStatus } from '../../db/schema/mail.js';
import { NotFoundError } from '../../domain/errors.js';
import { parseDateRange } from '../../i18n/format.js';
import type { Locale } from '../../i18n/index.js';
import { assertCan, type Actor } from '../access/index.js';
import { audit, auditAs } from '../audit/audit.service.js';
import type { Tx } from '../../db/client.js';
import type { MailPayload } from './mail-render.js';
import * as repo from './mail.repository.js';
import { preferencesFrom } from './preferences.service.js';

export type Recipient = repo.RecipientRow;

export interface NewMessage {
  kind: MailKind;
  recipient: Recipient;
  subject: string;
  payload: MailPayload;
  /** one message per key, ever: a job that runs twice does not write it twice */
  dedupeKey?: string;
}

// ---- the daily digest's bookkeeping (the reminders module runs the digest; the mail module keeps its state)

/** Every active user, with their mail choices: the daily digest's list. */
export const activeRecipients = (db: Db): Recipient[] => repo.activeUsers(db);

/** When the digest last ran for a user, what it said (a hash) and when one was last sent. */
export const digestStateOf = (db: Tx, userId: number) => repo.digestStateOf(db, userId);

/** Records today's digest run; a pending digest of an earlier day is cancelled when a new one is written. */
export function recordDigestRun(tx: Tx, row: { userId: number; lastRunDate: string; lastHash: string; lastSentDate: string | null }): void {
  repo.putDigestState(tx, row);
}

/** Cancels a user's messages of a kind still waiting (a newer digest supersedes the old one). */
export function cancelWaiting(tx: Tx, userId: number, kind: MailKind, reason: string, nowIso: string): number {
  return repo.cancelPending(tx, userId, kind, reason, nowIso);
}

/** The language a recipient reads mail in. */
export const localeOf = (r: Recipient): Locale => preferencesFrom(r.prefs).locale;

/** A recipient gets a kind of mail when they have an address and did not turn that kind off. */
export function wants(r: Recipient, kind: MailKind): boolean {
  return !!r.email?.trim() && preferencesFrom(r.prefs)[kind];
}

type Listener = () => void;
const listeners = new Set<Listener>();

/** Called after a message is written (the sender in server.ts listens, to deliver notices at once). */
export function onEnqueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Writes one message in the caller's transaction; nothing when the recipient has no address, turned the
 * kind off, or the dedupe key was used before. The listeners run after the current call stack, i.e.
 * after the transaction has committed (better-sqlite3 transactions are synchronous).
 */
export function enqueue(tx: Tx, m: NewMessage): boolean {
  if (!wants(m.recipient, m.kind)) return false;
  const row = repo.insertMessage(tx, {
    messageId: randomUUID(),
    kind: m.kind,
    userId: m.recipient.id,
    organisationId: m.recipient.organisationId,
    toAddress: m.recipient.email!.trim(),
    toName: m.recipient.fullName,
    locale: localeOf(m.recipient),
    subject: m.subject,
    payload: m.payload as unknown as Record<string, unknown>,
    dedupeKey: m.dedupeKey ?? null,
  });
  if (row) nudge();
  return row !== undefined;
}

/** Tells the sender there is something to deliver (after the current transaction has committed). */
function nudge(): void {
  if (listeners.size) setImmediate(() => listeners.forEach((l) => l()));
}

/** Messages waiting to be sent, everywhere (the reminders CLI reports it). */
export function pendingCount(db: Db): number {
  return repo.countPending(db);
}

// ---- the admins' page

export interface OutboxQuery {
  status?: OutboxStatus | undefined;
  kind?: MailKind | undefined;
  recipient?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface ParsedOutboxQuery {
  filter: Omit<repo.OutboxFilter, 'organisationIds'>;
  values: Record<'status' | 'kind' | 'recipient' | 'from' | 'to', string>;
  errors: Record<string, string>;
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.normalize('NFC').trim().slice(0, max) : '');
/** Vietnam is UTC+7 all year: a day starts at 17:00 UTC the day before. */
const dayStartUtc = (iso: string) => new Date(`${iso}T00:00:00+07:00`).toISOString();
const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The outbox page's query string → a filter; an unknown status or kind is ignored, a bad date is reported on its field. */
export function parseOutboxQuery(q: Record<string, unknown>): ParsedOutboxQuery {
  const values = { status: text(q.status, 20), kind: text(q.kind, 20), recipient: text(q.recipient, 200), from: text(q.from, 20), to: text(q.to, 20) };
  const errors: Record<string, string> = {};
  const filter: ParsedOutboxQuery['filter'] = {};
  if ((OUTBOX_STATUSES as readonly string[]).includes(values.status)) filter.status = values.status as OutboxStatus;
  else values.status = '';
  if ((MAIL_KINDS as readonly string[]).includes(values.kind)) filter.kind = values.kind as MailKind;
  else values.kind = '';
  if (values.recipient) filter.recipient = values.recipient.toLowerCase();
  const dates = parseDateRange(values, errors, 'outbox.v.range');
  if (dates.from) filter.fromUtc = dayStartUtc(dates.from);
  if (dates.to) filter.toUtc = dayStartUtc(nextDay(dates.to));
  return { filter, values, errors };
}

export function listOutbox(db: Db, actor: Actor, filter: ParsedOutboxQuery['filter'], limit: number, offset: number) {
  assertCan(actor, 'outbox.read');
  return repo.listMessages(db, { ...filter, organisationIds: [...actor.scope] }, limit, offset);
}

export function outboxSummary(db: Db, actor: Actor) {
  assertCan(actor, 'outbox.read');
  const ids = [...actor.scope];
  return { byStatus: repo.countByStatus(db, ids), withoutEmail: repo.usersWithoutEmail(db, ids, 100) };
}

/** One message of the admin's subtree; another organisation's answers 404. */
export function outboxMessage(db: Db, actor: Actor, id: number): OutboxRow {
  assertCan(actor, 'outbox.read');
  const row = repo.findMessage(db, id);
  if (!row || row.organisationId === null || !actor.scope.has(row.organisationId)) throw new NotFoundError('message');
  return row;
}

/**
 * A message that failed (or was cancelled) is tried again from its first attempt; audited. One whose
 * content was cleared by the retention has nothing left to send: it stays as it is.
 */
export function retryMessage(db: Db, actor: Actor, id: number, now = new Date()): OutboxRow {
  const before = outboxMessage(db, actor, id);
  if ((before.status !== 'failed' && before.status !== 'cancelled') || before.redactedAt !== null) return before;
  return db.transaction((tx) => {
    const after = repo.requeueMessage(tx, id, now.toISOString());
    audit(tx, actor, {
      action: 'retry', entityType: 'mail_outbox', entityId: id, organisationId: before.organisationId, summary: `${before.toAddress} · ${before.subject}`,
      changes: { status: [before.status, after.status], attempts: [before.attempts, 0] },
    });
    nudge();
    return after;
  });
}

/**
 * The outbox's retention: finished messages untouched for `days` days lose their recipient, subject and
 * text (personal data kept no longer than needed); one audit entry per organisation says how many.
 * Run by the daily job; returns how many messages were cleared.
 */
export function redactOldMessages(db: Tx, days = DEFAULT_OUTBOX_RETENTION_DAYS, now = new Date()): number {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  return db.transaction((tx) => {
    let total = 0;
    for (const { organisationId, n } of repo.redactFinishedBefore(tx, cutoff, now.toISOString())) {
      total += n;
      auditAs(tx, 'system', {
        action: 'redact', entityType: 'mail_outbox', entityId: null, organisationId, summary: `${n} · ${days}`,
      });
    }
    return total;
  });
}
