// The outbox, the preferences and the digest state; and the few reads that find who should hear about
// an event (users of given organisations, the auditors of an assessment company, the systems a person runs).
import { and, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { mailDigestState, mailOutbox, mailPreferences, type MailKind, type MailPreferencesRow, type OutboxRow, type OutboxStatus } from '../../db/schema/mail.js';
import { organisations } from '../../db/schema/organisations.js';
import type { CertificateRow } from '../../db/schema/people.js';
import { users, type Role, type UserRow } from '../../db/schema/users.js';
import type { Tx } from '../../db/client.js';

const inList = (col: SQL, ids: readonly number[]) => (ids.length ? sql`${col} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql`0`);

// ---- the outbox

export type NewOutboxRow = typeof mailOutbox.$inferInsert;

/** Inserts a message; a second message with the same dedupe key is ignored (undefined). */
export function insertMessage(tx: Tx, row: NewOutboxRow): OutboxRow | undefined {
  return tx.insert(mailOutbox).values(row).onConflictDoNothing({ target: mailOutbox.dedupeKey }).returning().get();
}

/** Pending messages of one kind to one user are not wanted any more (replaced, or the kind turned off). */
export function cancelPending(tx: Tx, userId: number, kind: MailKind, reason: string, nowIso: string): number {
  return tx
    .update(mailOutbox)
    .set({ status: 'cancelled', lastError: reason, updatedAt: nowIso })
    .where(and(eq(mailOutbox.userId, userId), eq(mailOutbox.kind, kind), eq(mailOutbox.status, 'pending')))
    .run().changes;
}

/** Ids of the messages whose (next) attempt is due, oldest first. */
export function dueMessageIds(db: Db, nowIso: string, limit: number): number[] {
  return db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.status, 'pending'), sql`${mailOutbox.nextAttemptAt} <= ${nowIso}`))
    .orderBy(mailOutbox.nextAttemptAt, mailOutbox.id)
    .limit(limit)
    .all()
    .map((r) => r.id);
}

/**
 * Takes a pending message for one sender: the UPDATE succeeds for exactly one of several concurrent
 * senders (processes included). The attempt number it sets is the claim: only its holder may mark it.
 */
export function claimMessage(db: Db, id: number, claimant: string, nowIso: string): OutboxRow | undefined {
  return db
    .update(mailOutbox)
    .set({ status: 'sending', attempts: sql`${mailOutbox.attempts} + 1`, claimedAt: nowIso, claimedBy: claimant, updatedAt: nowIso })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'pending'), sql`${mailOutbox.nextAttemptAt} <= ${nowIso}`))
    .returning()
    .get();
}

const holding = (id: number, attempt: number) => and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'sending'), eq(mailOutbox.attempts, attempt));

/** Marks a claimed message sent, with the server's answer; false when the claim was lost meanwhile. */
export function markSent(db: Db, id: number, attempt: number, response: string, nowIso: string): boolean {
  return (
    db
      .update(mailOutbox)
      .set({ status: 'sent', sentAt: nowIso, serverResponse: response, lastError: null, claimedAt: null, claimedBy: null, updatedAt: nowIso })
      .where(holding(id, attempt))
      .run().changes === 1
  );
}

/** A failed attempt: back to pending for a later try, or failed for good (or cancelled: not to be sent at all). */
export function markAttemptFailed(
  db: Db, id: number, attempt: number, o: { error: string; response: string | null; retryAt: string | null; nowIso: string; status?: 'cancelled' },
): boolean {
  return (
    db
      .update(mailOutbox)
      .set({
        status: o.retryAt ? 'pending' : (o.status ?? 'failed'), nextAttemptAt: o.retryAt ?? sql`${mailOutbox.nextAttemptAt}`, lastError: o.error,
        serverResponse: o.response, claimedAt: null, claimedBy: null, updatedAt: o.nowIso,
      })
      .where(holding(id, attempt))
      .run().changes === 1
  );
}

export function userIsActive(db: Db, userId: number): boolean {
  return db.select({ active: users.active }).from(users).where(eq(users.id, userId)).get()?.active === true;
}

export function sendingMessages(db: Db): Pick<OutboxRow, 'id' | 'attempts' | 'claimedAt' | 'claimedBy'>[] {
  return db
    .select({ id: mailOutbox.id, attempts: mailOutbox.attempts, claimedAt: mailOutbox.claimedAt, claimedBy: mailOutbox.claimedBy })
    .from(mailOutbox)
    .where(eq(mailOutbox.status, 'sending'))
    .all();
}

/** Gives an abandoned claim back: the message is pending again and due now. */
export function releaseClaim(db: Db, id: number, attempt: number, note: string, nowIso: string): boolean {
  return (
    db
      .update(mailOutbox)
      .set({ status: 'pending', nextAttemptAt: nowIso, lastError: note, claimedAt: null, claimedBy: null, updatedAt: nowIso })
      .where(holding(id, attempt))
      .run().changes === 1
  );
}

export function findMessage(db: Tx, id: number): OutboxRow | undefined {
  return db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();
}

/** A failed or cancelled message is tried again from scratch. */
export function requeueMessage(tx: Tx, id: number, nowIso: string): OutboxRow {
  return tx
    .update(mailOutbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: nowIso, lastError: null, serverResponse: null, updatedAt: nowIso })
    .where(eq(mailOutbox.id, id))
    .returning()
    .get();
}

/**
 * Clears what a finished message (sent, failed, cancelled) says of its recipient — address, name, subject,
 * text, the server's answers — once it was last touched before `cutoffIso`. The row stays, with its kind,
 * status, dates and dedupe key, so the same event never sends it again. Returns how many were cleared,
 * by the organisation the message is filed under.
 */
export function redactFinishedBefore(tx: Tx, cutoffIso: string, nowIso: string): { organisationId: number | null; n: number }[] {
  const cleared = tx
    .update(mailOutbox)
    .set({ toAddress: '', toName: '', subject: '', payload: {}, lastError: null, serverResponse: null, redactedAt: nowIso, updatedAt: nowIso })
    .where(and(sql`${mailOutbox.status} IN ('sent', 'failed', 'cancelled')`, sql`${mailOutbox.redactedAt} IS NULL`, sql`${mailOutbox.updatedAt} < ${cutoffIso}`))
    .returning({ organisationId: mailOutbox.organisationId })
    .all();
  const byOrganisation = new Map<number | null, number>();
  for (const { organisationId } of cleared) byOrganisation.set(organisationId, (byOrganisation.get(organisationId) ?? 0) + 1);
  return [...byOrganisation].map(([organisationId, n]) => ({ organisationId, n }));
}

export interface OutboxFilter {
  organisationIds: readonly number[];
  status?: OutboxStatus;
  kind?: MailKind;
  /** part of the address or the name, lower case */
  recipient?: string;
  /** creation day range in Vietnam time, as UTC instants */
  fromUtc?: string;
  toUtc?: string;
}

function outboxWhere(f: OutboxFilter): SQL {
  const conds: SQL[] = [inList(sql`${mailOutbox.organisationId}`, f.organisationIds)];
  if (f.status) conds.push(eq(mailOutbox.status, f.status));
  if (f.kind) conds.push(eq(mailOutbox.kind, f.kind));
  if (f.recipient) {
    const like = `%${f.recipient.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(lower(${mailOutbox.toAddress}) LIKE ${like} ESCAPE '\\' OR lower(${mailOutbox.toName}) LIKE ${like} ESCAPE '\\')`);
  }
  if (f.fromUtc) conds.push(sql`${mailOutbox.createdAt} >= ${f.fromUtc}`);
  if (f.toUtc) conds.push(sql`${mailOutbox.createdAt} < ${f.toUtc}`);
  return and(...conds)!;
}

export type OutboxListRow = Omit<OutboxRow, 'payload'>;

export function listMessages(db: Db, f: OutboxFilter, limit: number, offset: number): { rows: OutboxListRow[]; total: number } {
  const w = outboxWhere(f);
  const { payload: _payload, ...columns } = getTableColumns(mailOutbox);
  const rows = db.select(columns).from(mailOutbox).where(w).orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id)).limit(limit).offset(offset).all();
  const total = db.select({ n: sql<number>`count(*)` }).from(mailOutbox).where(w).get()?.n ?? 0;
  return { rows, total };
}

export function countPending(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(mailOutbox).where(eq(mailOutbox.status, 'pending')).get()?.n ?? 0;
}

/** Messages per status within the organisations (the page's summary). */
export function countByStatus(db: Db, organisationIds: readonly number[]): Record<string, number> {
  const rows = db
    .select({ status: mailOutbox.status, n: sql<number>`count(*)` })
    .from(mailOutbox)
    .where(inList(sql`${mailOutbox.organisationId}`, organisationIds))
    .groupBy(mailOutbox.status)
    .all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

// ---- preferences and digest state

export function preferencesOf(db: Tx, userId: number): MailPreferencesRow | undefined {
  return db.select().from(mailPreferences).where(eq(mailPreferences.userId, userId)).get();
}

export function putPreferences(tx: Tx, userId: number, values: Omit<typeof mailPreferences.$inferInsert, 'userId'>, nowIso: string): MailPreferencesRow {
  const set = { ...values, updatedAt: nowIso };
  return tx.insert(mailPreferences).values({ userId, ...set }).onConflictDoUpdate({ target: mailPreferences.userId, set }).returning().get();
}

export function digestStateOf(db: Tx, userId: number) {
  return db.select().from(mailDigestState).where(eq(mailDigestState.userId, userId)).get();
}

export function putDigestState(tx: Tx, row: typeof mailDigestState.$inferInsert): void {
  const { userId: _userId, ...set } = row;
  tx.insert(mailDigestState).values(row).onConflictDoUpdate({ target: mailDigestState.userId, set }).run();
}

// ---- who hears about what

export function userById(db: Tx, id: number): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export interface RecipientRow {
  id: number;
  username: string;
  fullName: string;
  email: string | null;
  role: Role;
  organisationId: number;
  prefs: MailPreferencesRow | null;
}

const recipientColumns = {
  id: users.id, username: users.username, fullName: users.fullName, email: users.email, role: users.role, organisationId: users.organisationId,
};

function withPrefs(rows: Array<Omit<RecipientRow, 'prefs'> & { p: MailPreferencesRow | null }>): RecipientRow[] {
  return rows.map(({ p, ...u }) => ({ ...u, prefs: p }));
}

/** Active users whose organisation is one of these (exactly: not the units below, not the parents). */
export function activeUsersOf(db: Tx, organisationIds: readonly number[]): RecipientRow[] {
  return withPrefs(
    db
      .select({ ...recipientColumns, p: mailPreferences })
      .from(users)
      .leftJoin(mailPreferences, eq(mailPreferences.userId, users.id))
      .where(and(eq(users.active, true), inList(sql`${users.organisationId}`, organisationIds)))
      .orderBy(users.id)
      .all(),
  );
}

/** One active user, as a list (empty when inactive or unknown). */
export function activeUserById(db: Tx, userId: number): RecipientRow[] {
  return withPrefs(
    db
      .select({ ...recipientColumns, p: mailPreferences })
      .from(users)
      .leftJoin(mailPreferences, eq(mailPreferences.userId, users.id))
      .where(and(eq(users.active, true), eq(users.id, userId)))
      .all(),
  );
}

/** Every active user (the daily digest's list). */
export function activeUsers(db: Db): RecipientRow[] {
  return withPrefs(
    db
      .select({ ...recipientColumns, p: mailPreferences })
      .from(users)
      .leftJoin(mailPreferences, eq(mailPreferences.userId, users.id))
      .where(eq(users.active, true))
      .orderBy(users.id)
      .all(),
  );
}

export function organisationNames(db: Tx, ids: readonly number[]): Map<number, { kind: string; nameVi: string; nameEn: string | null }> {
  if (!ids.length) return new Map();
  const rows = db
    .select({ id: organisations.id, kind: organisations.kind, nameVi: organisations.nameVi, nameEn: organisations.nameEn })
    .from(organisations)
    .where(inList(sql`${organisations.id}`, ids))
    .all();
  return new Map(rows.map(({ id, ...o }) => [id, o]));
}

/** Active users in these organisations without an e-mail address (they receive nothing): the first `limit`, and how many. */
export function usersWithoutEmail(db: Db, organisationIds: readonly number[], limit: number) {
  const where = and(eq(users.active, true), sql`(${users.email} IS NULL OR trim(${users.email}) = '')`, inList(sql`${users.organisationId}`, organisationIds));
  const rows = db
    .select({ id: users.id, username: users.username, fullName: users.fullName, organisationId: users.organisationId })
    .from(users)
    .where(where)
    .orderBy(users.fullName, users.id)
    .limit(limit)
    .all();
  const total = db.select({ n: sql<number>`count(*)` }).from(users).where(where).get()?.n ?? 0;
  return { rows, total };
}

// ---- people and the systems they run (certificate notices)

export interface RunSystem {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  ownerId: number;
  securityUnitId: number | null;
  level: number;
}

/**
 * The systems of level 3–5 that a person is assigned to on `day`. The level is the one in force today:
 * `systems.level_in_force`, which the levels module keeps in step with the timeline (at approval, at
 * start, every minute and at midnight) — mail never works a level out on its own.
 */
export function levelThreeUpSystemsOf(db: Tx, operatorId: number, day: string): RunSystem[] {
  return db.all<RunSystem>(sql`
    SELECT DISTINCT s.id, s.code, s.name_vi AS nameVi, s.name_en AS nameEn, s.owner_id AS ownerId, s.security_unit_id AS securityUnitId, s.level_in_force AS level
    FROM operator_assignments a JOIN systems s ON s.id = a.system_id
    WHERE a.operator_id = ${operatorId} AND a.from_date <= ${day} AND (a.to_date IS NULL OR a.to_date >= ${day})
      AND s.lifecycle_status <> 'decommissioned' AND s.level_in_force BETWEEN 3 AND 5
    ORDER BY s.name_vi COLLATE NOCASE, s.id`);
}

export interface ExpiringCertificate {
  certificateId: number;
  operatorId: number;
  fullName: string;
  kind: CertificateRow['kind'];
  name: string;
  number: string;
  expiryDate: string;
}

/** Valid certificates of these kinds expiring in [from, to] whose holder runs a level 3–5 system (level in force today) on `from`. */
export function expiringCertificates(db: Tx, kinds: readonly string[], from: string, to: string): ExpiringCertificate[] {
  if (!kinds.length) return [];
  return db.all<ExpiringCertificate>(sql`
    SELECT c.id AS certificateId, o.id AS operatorId, o.full_name AS fullName, c.kind, c.name, c.number, c.expiry_date AS expiryDate
    FROM certificates c JOIN operators o ON o.id = c.operator_id
    WHERE c.status = 'valid' AND c.expiry_date BETWEEN ${from} AND ${to}
      AND c.kind IN (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})
      AND EXISTS (
        SELECT 1 FROM operator_assignments a JOIN systems s ON s.id = a.system_id
        WHERE a.operator_id = o.id AND a.from_date <= ${from} AND (a.to_date IS NULL OR a.to_date >= ${from})
          AND s.lifecycle_status <> 'decommissioned' AND s.level_in_force BETWEEN 3 AND 5)
    ORDER BY c.expiry_date, c.id`);
}
