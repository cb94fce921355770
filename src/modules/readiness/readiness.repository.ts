import { and, asc, desc, eq, getTableColumns, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { organisations } from '../../db/schema/organisations.js';
import { budgets, drills, type BudgetRow, type DrillRow } from '../../db/schema/people.js';
import { systems, type SystemRow } from '../../db/schema/systems.js';
import { updateRow } from '../../db/rows.js';

/** Which records: of these organisations, or of one system. */
export type Owner = { orgIds: readonly number[] } | { systemId: number };

/** A record with the names the pages show next to it. */
export interface Named {
  organisationName: string;
  organisationNameEn: string | null;
  systemCode: string | null;
  systemName: string | null;
  systemNameEn: string | null;
}
export type DrillListRow = DrillRow & Named;
export type BudgetListRow = BudgetRow & Named;

const names = {
  organisationName: organisations.nameVi,
  organisationNameEn: organisations.nameEn,
  systemCode: systems.code,
  systemName: systems.nameVi,
  systemNameEn: systems.nameEn,
};

function ownedBy(table: typeof drills | typeof budgets, owner: Owner): SQL {
  if ('systemId' in owner) return eq(table.systemId, owner.systemId);
  return owner.orgIds.length ? inArray(table.organisationId, [...owner.orgIds]) : sql`0`;
}

// ---- drills ----

export function listDrills(db: Tx, owner: Owner, page?: { limit: number; offset: number }): DrillListRow[] {
  const q = db
    .select({ ...getTableColumns(drills), ...names })
    .from(drills)
    .innerJoin(organisations, eq(organisations.id, drills.organisationId))
    .leftJoin(systems, eq(systems.id, drills.systemId))
    .where(ownedBy(drills, owner))
    .orderBy(desc(drills.date), desc(drills.id));
  return page ? q.limit(page.limit).offset(page.offset).all() : q.all();
}

export function countDrills(db: Tx, owner: Owner): number {
  return db.select({ n: sql<number>`count(*)` }).from(drills).where(ownedBy(drills, owner)).get()?.n ?? 0;
}

/** Every drill date per organisation (organisation-level and system drills alike), for DRL-01. */
export function drillDatesOf(db: Tx, orgIds: readonly number[]): { organisationId: number; date: string }[] {
  return db.select({ organisationId: drills.organisationId, date: drills.date }).from(drills).where(ownedBy(drills, { orgIds })).all();
}

export function findDrill(db: Tx, id: number): DrillRow | undefined {
  return db.select().from(drills).where(eq(drills.id, id)).get();
}

export const insertDrill = (tx: Tx, row: typeof drills.$inferInsert): DrillRow => tx.insert(drills).values(row).returning().get();

export function updateDrill(tx: Tx, id: number, row: Partial<typeof drills.$inferInsert>): DrillRow {
  return updateRow(tx, drills, id, row);
}

// ---- budgets ----

/** Newest year first; within a year the organisation's own row before its systems'. */
export function listBudgets(db: Tx, owner: Owner): BudgetListRow[] {
  return db
    .select({ ...getTableColumns(budgets), ...names })
    .from(budgets)
    .innerJoin(organisations, eq(organisations.id, budgets.organisationId))
    .leftJoin(systems, eq(systems.id, budgets.systemId))
    .where(ownedBy(budgets, owner))
    .orderBy(desc(budgets.year), asc(organisations.nameVi), sql`${budgets.systemId} IS NOT NULL`, asc(systems.code), asc(budgets.id))
    .all();
}

export function findBudget(db: Tx, id: number): BudgetRow | undefined {
  return db.select().from(budgets).where(eq(budgets.id, id)).get();
}

/** The one row of an organisation (systemId null) or of a system, for a year. */
export function findBudgetByKey(db: Tx, organisationId: number, systemId: number | null, year: number): BudgetRow | undefined {
  return db
    .select()
    .from(budgets)
    .where(and(eq(budgets.organisationId, organisationId), systemId === null ? isNull(budgets.systemId) : eq(budgets.systemId, systemId), eq(budgets.year, year)))
    .get();
}

export const insertBudget = (tx: Tx, row: typeof budgets.$inferInsert): BudgetRow => tx.insert(budgets).values(row).returning().get();

export function updateBudget(tx: Tx, id: number, row: Partial<typeof budgets.$inferInsert>): BudgetRow {
  return updateRow(tx, budgets, id, row);
}

// ---- systems the forms offer ----

export type SystemChoice = Pick<SystemRow, 'id' | 'code' | 'nameVi' | 'nameEn' | 'ownerId' | 'operatorId'>;

/** Systems owned or operated by these organisations. */
export function systemsOf(db: Db, orgIds: readonly number[]): SystemChoice[] {
  if (!orgIds.length) return [];
  const ids = [...orgIds];
  return db
    .select({ id: systems.id, code: systems.code, nameVi: systems.nameVi, nameEn: systems.nameEn, ownerId: systems.ownerId, operatorId: systems.operatorId })
    .from(systems)
    .where(or(inArray(systems.ownerId, ids), inArray(systems.operatorId, ids)))
    .orderBy(asc(systems.code))
    .all();
}
