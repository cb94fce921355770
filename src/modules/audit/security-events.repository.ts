import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { securityEvents, type SecurityEventRow } from '../../db/schema/security.js';

export type SecurityEventInsert = Omit<typeof securityEvents.$inferInsert, 'id' | 'at'>;

export function insertSecurityEvent(db: Db, event: SecurityEventInsert): void {
  db.insert(securityEvents).values(event).run();
}

export interface SecurityEventFilter {
  organisationIds: ReadonlySet<number>;
  actor?: string;
  entityType?: string;
  /** UTC instants: from inclusive, to exclusive */
  fromUtc?: string;
  toUtc?: string;
}

function where(f: SecurityEventFilter): SQL | undefined {
  const ids = [...f.organisationIds];
  const conds: SQL[] = [ids.length ? inArray(securityEvents.organisationId, ids) : sql`0`];
  if (f.actor) conds.push(eq(securityEvents.actorName, f.actor));
  if (f.entityType) conds.push(eq(securityEvents.entityType, f.entityType));
  if (f.fromUtc) conds.push(gte(securityEvents.at, f.fromUtc));
  if (f.toUtc) conds.push(lt(securityEvents.at, f.toUtc));
  return and(...conds);
}

export function listSecurityEvents(db: Db, f: SecurityEventFilter, limit: number, offset: number): { rows: SecurityEventRow[]; total: number } {
  const w = where(f);
  const rows = db.select().from(securityEvents).where(w).orderBy(desc(securityEvents.id)).limit(limit).offset(offset).all();
  const total = db.select({ n: sql<number>`count(*)` }).from(securityEvents).where(w).get()?.n ?? 0;
  return { rows, total };
}
