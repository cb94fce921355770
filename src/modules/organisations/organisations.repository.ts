import { asc, eq, sql } from 'drizzle-orm';
import { memoByVersion } from '../../db/data-version.js';
import type { Db, Tx } from '../../db/client.js';
import { organisations, type Organisation } from '../../db/schema/organisations.js';
import { systems } from '../../db/schema/systems.js';
import { users } from '../../db/schema/users.js';
import { countRows, findByCode, findRow, rowsOf } from '../../db/rows.js';

export function allOrganisations(db: Db): Organisation[] {
  return db.select().from(organisations).orderBy(asc(organisations.nameVi)).all();
}

export function findOrganisation(db: Tx, id: number): Organisation | undefined {
  return memoByVersion(db, `organisation:${id}`, () => findRow(db, organisations, id));
}

export function findOrganisationByCode(db: Tx, code: string): Organisation | undefined {
  return findByCode(db, organisations, code);
}

export const { insert: insertOrganisation, update: updateOrganisation } = rowsOf(organisations);

export function deleteOrganisation(tx: Tx, id: number): void {
  tx.delete(organisations).where(eq(organisations.id, id)).run();
}

export function dependants(tx: Tx, id: number): { children: number; systems: number; users: number } {
  return {
    children: countRows(tx, organisations, eq(organisations.parentId, id)),
    systems: countRows(tx, systems, sql`${systems.ownerId} = ${id} OR ${systems.operatorId} = ${id} OR ${systems.securityUnitId} = ${id}`),
    users: countRows(tx, users, eq(users.organisationId, id)),
  };
}
