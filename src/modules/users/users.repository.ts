import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { sessions, users, type UserRow } from '../../db/schema/users.js';

export function findUser(db: Tx, id: number): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function findUserByUsername(db: Tx, username: string): UserRow | undefined {
  return db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`).get();
}

export function usersIn(db: Db, orgIds: readonly number[]): UserRow[] {
  if (!orgIds.length) return [];
  return db
    .select()
    .from(users)
    .where(sql`${users.organisationId} IN (${sql.join(orgIds.map((i) => sql`${i}`), sql`, `)})`)
    .orderBy(asc(users.username))
    .all();
}

export function insertUser(tx: Tx, row: typeof users.$inferInsert): UserRow {
  return tx.insert(users).values(row).returning().get();
}

export function updateUser(tx: Tx, id: number, row: Partial<typeof users.$inferInsert>): UserRow {
  return tx.update(users).set({ ...row, updatedAt: new Date().toISOString() }).where(eq(users.id, id)).returning().get();
}

export function deleteSessionsOf(tx: Tx, userId: number): number {
  return tx.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
}

export function deleteSessionsOfExcept(tx: Tx, userId: number, keepSid: string): number {
  return tx.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.sid, keepSid))).run().changes;
}
