import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './users.js';
import { serialId, stampedAt, stamps } from './columns.js';

/** What a message is about; each kind is also a preference a user can turn off. */
export const MAIL_KINDS = ['digest', 'finding', 'dossier', 'certificate', 'engagement'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * pending → sending (claimed by one sender) → sent | pending again (retry) | failed (gave up);
 * cancelled: a digest replaced by a newer one before it went out, or a kind the recipient turned off.
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * The durable outbox: a message is a row written in the same transaction as the event that caused it,
 * and a sender delivers it later. No foreign keys on the recipient: like the audit trail, the record of
 * what was sent outlives the account.
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: serialId(),
    /** the left part of the Message-ID header; the same on every attempt, so a re-sent copy is recognisable */
    messageId: text('message_id').notNull().unique(),
    kind: text('kind', { enum: MAIL_KINDS }).notNull(),
    userId: integer('user_id'),
    /** the recipient's organisation when the message was written: which admins see it */
    organisationId: integer('organisation_id'),
    toAddress: text('to_address').notNull(),
    toName: text('to_name').notNull(),
    locale: text('locale', { enum: ['vi', 'en'] }).notNull(),
    subject: text('subject').notNull(),
    /** what the templates need, already in the recipient's language (see mail-render.ts) */
    payload: text('payload', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    /** one message per event and recipient (a certificate's expiry, a day's digest) even if the job runs twice */
    dedupeKey: text('dedupe_key').unique(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: stampedAt('next_attempt_at'),
    claimedAt: text('claimed_at'),
    /** host:pid of the process sending it: a claim of a process that died is taken back at once */
    claimedBy: text('claimed_by'),
    lastError: text('last_error'),
    serverResponse: text('server_response'),
    sentAt: text('sent_at'),
    /** when its recipient, subject, text and server answers were cleared, OUTBOX_RETENTION_DAYS after it was finished */
    redactedAt: text('redacted_at'),
    ...stamps(),
  },
  (t) => [
    index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('mail_outbox_org_idx').on(t.organisationId, t.createdAt),
    index('mail_outbox_user_idx').on(t.userId, t.kind, t.status),
  ],
);

/** What a user wants to receive (no row: everything, in the default language). */
export const mailPreferences = sqliteTable('mail_preferences', {
  userId: integer('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  digest: integer('digest', { mode: 'boolean' }).notNull().default(true),
  finding: integer('finding', { mode: 'boolean' }).notNull().default(true),
  dossier: integer('dossier', { mode: 'boolean' }).notNull().default(true),
  certificate: integer('certificate', { mode: 'boolean' }).notNull().default(true),
  engagement: integer('engagement', { mode: 'boolean' }).notNull().default(true),
  locale: text('locale', { enum: ['vi', 'en'] }),
  updatedAt: stampedAt('updated_at'),
});

/** The daily digest's memory per user: which day it last ran, and the hash of what it listed then. */
export const mailDigestState = sqliteTable('mail_digest_state', {
  userId: integer('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  lastRunDate: text('last_run_date').notNull(),
  lastHash: text('last_hash').notNull(),
  lastSentDate: text('last_sent_date'),
});

export type OutboxRow = typeof mailOutbox.$inferSelect;
export type MailPreferencesRow = typeof mailPreferences.$inferSelect;
