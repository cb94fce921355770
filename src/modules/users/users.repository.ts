import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { sessions, users, type UserRow } from '../../db/schema/users.js';
import { rowsOf } from '../../db/rows.js';

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

export const { find: findUser, insert: insertUser, update: updateUser } = rowsOf(users);

export function deleteSessionsOf(tx: Tx, userId: number): number {
  return tx.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
}

export function deleteSessionsOfExcept(tx: Tx, userId: number, keepSid: string): number {
  return tx.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.sid, keepSid))).run().changes;
}
