import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { auditLog, type AuditRow } from '../../db/schema/audit.js';
import { organisations } from '../../db/schema/organisations.js';
import { systems } from '../../db/schema/systems.js';


export interface AuditInsert {
  actorId: number | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: number | null;
  systemId?: number | null;
  organisationId?: number | null;
  summary?: string | null;
  changes?: Record<string, [unknown, unknown]> | null;
  ip?: string | null;
}

export function insertAudit(tx: Tx, entry: AuditInsert): void {
  tx.insert(auditLog).values(entry).run();
}

export interface AuditFilter {
  actor?: string;
  entityType?: string;
  from?: string; // yyyy-mm-dd, Vietnam time
  to?: string; // inclusive
  /** limit to entries about these organisations (filed under one of them, or moving a system from or to one) */
  organisationIds?: ReadonlySet<number>;
  /** with them, the entries about these providers, wherever filed (the providers the organisations' systems use) */
  providerIds?: readonly number[];
}

function vnDayStartUtc(isoDate: string): string {
  // Vietnam is UTC+7 all year
  return new Date(`${isoDate}T00:00:00+07:00`).toISOString();
}

function where(f: AuditFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.actor) conds.push(eq(auditLog.actorName, f.actor));
  if (f.entityType) conds.push(eq(auditLog.entityType, f.entityType));
  if (f.from) conds.push(gte(auditLog.at, vnDayStartUtc(f.from)));
  if (f.to) {
    const next = new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    conds.push(lt(auditLog.at, vnDayStartUtc(next)));
  }
  if (f.organisationIds) {
    const ids = [...f.organisationIds];
    if (!ids.length) conds.push(sql`0`);
    else {
      const list = sql.join(ids.map((i) => sql`${i}`), sql`, `);
      // a system changing hands is shown on both sides: the owners and operators before and after
      const side = (path: string) => sql`json_extract(${auditLog.changes}, ${path}) IN (${list})`;
      const providers = f.providerIds?.length
        ? sql` OR (${auditLog.entityType} = 'provider' AND ${auditLog.entityId} IN (${sql.join(f.providerIds.map((i) => sql`${i}`), sql`, `)}))`
        : sql``;
      conds.push(sql`(${auditLog.organisationId} IN (${list})
        OR (${auditLog.entityType} = 'system' AND (instr(${auditLog.changes}, '"ownerId"') > 0 OR instr(${auditLog.changes}, '"operatorId"') > 0)
          AND (${side('$.ownerId[0]')} OR ${side('$.ownerId[1]')} OR ${side('$.operatorId[0]')} OR ${side('$.operatorId[1]')}))${providers})`);
    }
  }
  return conds.length ? and(...conds) : undefined;
}

export function listAudit(db: Db, f: AuditFilter, limit: number, offset: number): { rows: AuditRow[]; total: number } {
  const w = where(f);
  const rows = db.select().from(auditLog).where(w).orderBy(desc(auditLog.id)).limit(limit).offset(offset).all();
  const total = db.select({ n: sql<number>`count(*)` }).from(auditLog).where(w).get()?.n ?? 0;
  return { rows, total };
}

export function systemHistory(db: Db, systemId: number, limit = 100, offset = 0): AuditRow[] {
  return db.select().from(auditLog).where(eq(auditLog.systemId, systemId)).orderBy(desc(auditLog.id)).limit(limit).offset(offset).all();
}

export function countSystemHistory(db: Db, systemId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(auditLog).where(eq(auditLog.systemId, systemId)).get()?.n ?? 0;
}

/** The entries about one entity, newest first (an account's page shows its own history). */
export function entityHistory(db: Db, entityType: string, entityId: number, limit = 50): AuditRow[] {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}

/** The entity types that occur in the trail (the audit page's filter options). */
export function auditEntityTypes(db: Db): string[] {
  return db
    .selectDistinct({ t: auditLog.entityType })
    .from(auditLog)
    .orderBy(auditLog.entityType)
    .all()
    .map((r) => r.t);
}

// The names an entry's ids stand for, to show the trail in words. Read here, beside the trail, because
// the organisations and systems modules write their changes through this one (a module loop otherwise);
// only names and the fields that decide who may open them are read.

/** `ids` in slices of 500 (bound parameters per IN (…)). */
function sliced<R>(ids: readonly number[], read: (part: number[]) => R[]): R[] {
  const out: R[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...read(ids.slice(i, i + 500)));
  return out;
}

export function organisationNames(db: Db, ids: readonly number[]) {
  return sliced(ids, (part) => db
    .select({ id: organisations.id, nameVi: organisations.nameVi, nameEn: organisations.nameEn, kind: organisations.kind })
    .from(organisations)
    .where(inArray(organisations.id, part))
    .all());
}

export function systemNames(db: Db, ids: readonly number[]) {
  return sliced(ids, (part) => db
    .select({
      id: systems.id, code: systems.code, nameVi: systems.nameVi, nameEn: systems.nameEn,
      ownerId: systems.ownerId, operatorId: systems.operatorId, securityUnitId: systems.securityUnitId,
    })
    .from(systems)
    .where(inArray(systems.id, part))
    .all());
}
