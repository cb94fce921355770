import type { Db } from '../../db/client.js';
import type { Actor } from '../auth/actor.js';
import { insertAudit, type AuditInsert, type Tx } from './audit.repository.js';

type Plain = Record<string, unknown>;

/** The fields whose value changed, as field → [before, after]; unchanged fields are left out. */
export function diff(before: Plain | null, after: Plain | null, fields: readonly string[]): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const f of fields) {
    const b = before?.[f] ?? null;
    const a = after?.[f] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) out[f] = [b, a];
  }
  return out;
}

/** Appends one entry for a change the actor made, inside the caller's transaction. */
export function audit(
  tx: Tx,
  actor: Actor | null,
  entry: Omit<AuditInsert, 'actorId' | 'actorName' | 'ip'>,
): void {
  insertAudit(tx, { ...entry, actorId: actor?.id ?? null, actorName: actor?.username ?? null, ip: actor?.ip ?? null });
}

/** Entries with no signed-in actor yet (failed logins): the name typed is kept. */
export function auditAnonymous(db: Db, username: string, ip: string | undefined, entry: Omit<AuditInsert, 'actorId' | 'actorName' | 'ip'>): void {
  insertAudit(db, { ...entry, actorId: null, actorName: username, ip: ip ?? null });
}
