import { and, asc, desc, eq, getTableColumns, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { organisations } from '../../db/schema/organisations.js';
import {
  certificates, knowledgeUpdates, operatorAssignments, operators,
  type AssignmentRow, type CertificateRow, type KnowledgeUpdateRow, type OperatorRow,
} from '../../db/schema/people.js';
import { systems } from '../../db/schema/systems.js';
import { visibleCondition, type Visibility } from '../access/index.js';
import { countRows, ownedRowsOf, rowsOf, rowsWithSystemNames, updateRow, type WithSystemNames } from '../../db/rows.js';

const inList = (col: SQL, ids: readonly number[]) => (ids.length ? sql`${col} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql`0`);

// ---- people ----

export interface OperatorFilter {
  orgIds: readonly number[];
  q?: string | undefined; // already folded
}

function operatorWhere(f: OperatorFilter): SQL {
  const conds: SQL[] = [inList(sql`${operators.organisationId}`, f.orgIds)];
  for (const word of (f.q ?? '').split(' ').filter(Boolean)) {
    const escaped = word.replace(/[\\%_]/g, (c) => `\\${c}`);
    conds.push(sql`${operators.searchText} LIKE ${`%${escaped}%`} ESCAPE '\\'`);
  }
  return and(...conds)!;
}

export type ListedOperator = OperatorRow & { organisationName: string; organisationNameEn: string | null };

export function listOperators(db: Db, f: OperatorFilter, limit: number, offset: number): ListedOperator[] {
  return db
    .select({ ...getTableColumns(operators), organisationName: organisations.nameVi, organisationNameEn: organisations.nameEn })
    .from(operators)
    .innerJoin(organisations, eq(organisations.id, operators.organisationId))
    .where(operatorWhere(f))
    .orderBy(sql`${operators.fullName} COLLATE NOCASE`, asc(operators.id))
    .limit(limit)
    .offset(offset)
    .all();
}

export function countOperators(db: Db, f: OperatorFilter): number {
  return countRows(db, operators, operatorWhere(f));
}

export const { find: findOperator, insert: insertOperator, update: updateOperator } = rowsOf(operators);

// ---- certificates and knowledge updates (by person, one query for many people) ----

export function certificatesOf(db: Tx, operatorIds: readonly number[]): CertificateRow[] {
  if (!operatorIds.length) return [];
  return db.select().from(certificates).where(inArray(certificates.operatorId, [...operatorIds])).orderBy(desc(certificates.issueDate), desc(certificates.id)).all();
}

export function updatesOf(db: Tx, operatorIds: readonly number[]): KnowledgeUpdateRow[] {
  if (!operatorIds.length) return [];
  return db.select().from(knowledgeUpdates).where(inArray(knowledgeUpdates.operatorId, [...operatorIds])).orderBy(desc(knowledgeUpdates.date), desc(knowledgeUpdates.id)).all();
}

export function operatorsOf(db: Tx, organisationId: number): OperatorRow[] {
  return db.select().from(operators).where(eq(operators.organisationId, organisationId)).all();
}

/** The certificate an issuing body gave this number (void entries left out: they were mistakes). */
export function findCertificateByNumber(db: Tx, issuer: string, number: string): CertificateRow | undefined {
  return db.select().from(certificates)
    .where(and(eq(certificates.issuer, issuer), eq(certificates.number, number), ne(certificates.status, 'void'))).get();
}

/** A certificate of this person (another person's id is simply not found); a new one; a change to one. */
export const { find: findCertificate, insert: insertCertificate, update: updateCertificate } = ownedRowsOf(certificates, certificates.operatorId);

export const { insert: insertUpdate } = rowsOf(knowledgeUpdates);

// ---- assignments ----

export type PersonAssignment = WithSystemNames<AssignmentRow>;

/** A person's assignments with the system's code and names, newest first. */
export function assignmentsOfOperator(db: Tx, operatorId: number): PersonAssignment[] {
  return rowsWithSystemNames(db, operatorAssignments, eq(operatorAssignments.operatorId, operatorId), [desc(operatorAssignments.fromDate), desc(operatorAssignments.id)]);
}

export type SystemAssignment = AssignmentRow & { fullName: string; position: string | null; organisationId: number };

/** The assignments of many systems with the person's name, in one query. */
export function assignmentsOfSystems(db: Tx, systemIds: readonly number[]): SystemAssignment[] {
  if (!systemIds.length) return [];
  return db
    .select({ ...getTableColumns(operatorAssignments), fullName: operators.fullName, position: operators.position, organisationId: operators.organisationId })
    .from(operatorAssignments)
    .innerJoin(operators, eq(operators.id, operatorAssignments.operatorId))
    .where(inArray(operatorAssignments.systemId, [...systemIds]))
    .orderBy(sql`${operators.fullName} COLLATE NOCASE`, asc(operatorAssignments.id))
    .all();
}

/** An assignment of this person (another person's id is simply not found); a new one. */
export const { find: findAssignment, insert: insertAssignment } = ownedRowsOf(operatorAssignments, operatorAssignments.operatorId);

/** The person's assignments to one system (to refuse an overlapping one). */
export function assignmentsToSystem(db: Tx, operatorId: number, systemId: number): AssignmentRow[] {
  return db.select().from(operatorAssignments).where(and(eq(operatorAssignments.operatorId, operatorId), eq(operatorAssignments.systemId, systemId))).all();
}

export function endAssignment(tx: Tx, id: number, toDate: string): AssignmentRow {
  return updateRow(tx, operatorAssignments, id, { toDate });
}

// ---- systems ----

export interface SystemChoice {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
}

/** Systems a person may be assigned to: visible to the actor and not decommissioned. */
export function assignableSystems(db: Db, v: Visibility): SystemChoice[] {
  return db
    .select({ id: systems.id, code: systems.code, nameVi: systems.nameVi, nameEn: systems.nameEn })
    .from(systems)
    .where(and(visibleCondition(v), ne(systems.lifecycleStatus, 'decommissioned')))
    .orderBy(sql`${systems.nameVi} COLLATE NOCASE`, asc(systems.id))
    .all();
}

/** Which of `ids` the actor may see (decommissioned systems included). */
export function visibleSystemIds(db: Db, v: Visibility, ids: readonly number[]): number[] {
  if (!ids.length) return [];
  return db.select({ id: systems.id }).from(systems).where(and(visibleCondition(v), inArray(systems.id, [...ids]))).all().map((r) => r.id);
}

export interface RosterSystem extends SystemChoice {
  level: number;
  operatorOrgId: number;
  operatorOrgName: string;
  operatorOrgNameEn: string | null;
}

export interface RosterFilter {
  visibility: Visibility;
  /** the levels in force today (the level column), or null for any: the caller then judges another day's level */
  levels: readonly number[] | null;
  orgIds?: readonly number[] | undefined; // owner or operator in these
  /** not decommissioned on this day (default: not decommissioned now) */
  liveOn?: string | undefined;
}

/**
 * Visible systems in operation or coming (on `liveOn`, else now), whose level in force today is one of
 * `levels`: by that level, highest first, then by name. With `levels` null, every level, by name; `level`
 * is then today's level (or null), for the caller to replace with the day's.
 */
export function rosterSystems(db: Db, f: RosterFilter): (Omit<RosterSystem, 'level'> & { level: number | null })[] {
  const conds: SQL[] = [visibleCondition(f.visibility)];
  conds.push(f.liveOn === undefined ? ne(systems.lifecycleStatus, 'decommissioned') : sql`(${systems.lifecycleStatus} <> 'decommissioned' OR ${systems.decommissionedAt} > ${f.liveOn})`);
  if (f.levels) conds.push(sql`${systems.levelInForce} IN (${sql.join(f.levels.map((l) => sql`${l}`), sql`, `)})`);
  if (f.orgIds) conds.push(sql`(${inList(sql`${systems.ownerId}`, f.orgIds)} OR ${inList(sql`${systems.operatorId}`, f.orgIds)})`);
  return db
    .select({
      id: systems.id, code: systems.code, nameVi: systems.nameVi, nameEn: systems.nameEn,
      level: sql<number | null>`${systems.levelInForce}`, operatorOrgId: systems.operatorId, operatorOrgName: organisations.nameVi, operatorOrgNameEn: organisations.nameEn,
    })
    .from(systems)
    .innerJoin(organisations, eq(organisations.id, systems.operatorId))
    .where(and(...conds))
    .orderBy(...(f.levels ? [desc(systems.levelInForce)] : []), sql`${systems.nameVi} COLLATE NOCASE`, asc(systems.id))
    .all();
}

