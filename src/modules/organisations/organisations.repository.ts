import { asc, eq, sql } from 'drizzle-orm';
import { memoByVersion } from '../../db/data-version.js';
import type { Db, Tx } from '../../db/client.js';
import { organisations, type NewOrganisation, type Organisation } from '../../db/schema/organisations.js';
import { systems } from '../../db/schema/systems.js';
import { users } from '../../db/schema/users.js';
import { insertRow, updateRow } from '../../db/rows.js';

export function allOrganisations(db: Db): Organisation[] {
  return db.select().from(organisations).orderBy(asc(organisations.nameVi)).all();
}

export function findOrganisation(db: Tx, id: number): Organisation | undefined {
  return memoByVersion(db, `organisation:${id}`, () => db.select().from(organisations).where(eq(organisations.id, id)).get());
}

export function findOrganisationByCode(db: Tx, code: string): Organisation | undefined {
  return db.select().from(organisations).where(sql`lower(${organisations.code}) = lower(${code})`).get();
}

export function insertOrganisation(tx: Tx, row: NewOrganisation): Organisation {
  return insertRow(tx, organisations, row);
}

export function updateOrganisation(tx: Tx, id: number, row: Partial<NewOrganisation>): Organisation {
  return updateRow(tx, organisations, id, row);
}

export function deleteOrganisation(tx: Tx, id: number): void {
  tx.delete(organisations).where(eq(organisations.id, id)).run();
}

export function dependants(tx: Tx, id: number): { children: number; systems: number; users: number } {
  const one = (q: { n: number } | undefined) => q?.n ?? 0;
  return {
    children: one(tx.select({ n: sql<number>`count(*)` }).from(organisations).where(eq(organisations.parentId, id)).get()),
    systems: one(
      tx
        .select({ n: sql<number>`count(*)` })
        .from(systems)
        .where(sql`${systems.ownerId} = ${id} OR ${systems.operatorId} = ${id} OR ${systems.securityUnitId} = ${id}`)
        .get(),
    ),
    users: one(tx.select({ n: sql<number>`count(*)` }).from(users).where(eq(users.organisationId, id)).get()),
  };
}
