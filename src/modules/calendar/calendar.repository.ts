// The calendar's own table: each user's private feed token (only its hash).
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { calendarTokens } from '../../db/schema/assessments.js';
import { users } from '../../db/schema/users.js';

// ---- feed tokens ----

export function tokenOf(db: Tx, userId: number) {
  return db.select().from(calendarTokens).where(eq(calendarTokens.userId, userId)).get();
}

/** The account behind a feed token (whatever its state: the caller checks it is active). */
export function ownerOfToken(db: Db, tokenHash: string) {
  return db
    .select({ id: users.id, username: users.username, fullName: users.fullName, role: users.role, organisationId: users.organisationId, active: users.active })
    .from(calendarTokens)
    .innerJoin(users, eq(users.id, calendarTokens.userId))
    .where(eq(calendarTokens.tokenHash, tokenHash))
    .get();
}

/** One token per user: a new one replaces the old (whose URL stops working at once). */
export function putToken(tx: Tx, userId: number, tokenHash: string) {
  return tx
    .insert(calendarTokens)
    .values({ userId, tokenHash })
    .onConflictDoUpdate({ target: calendarTokens.userId, set: { tokenHash, createdAt: new Date().toISOString() } })
    .returning()
    .get();
}

export function deleteToken(tx: Tx, userId: number): number {
  return tx.delete(calendarTokens).where(eq(calendarTokens.userId, userId)).run().changes;
}
