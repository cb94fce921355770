import { and, asc, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db, Tx } from '../../db/client.js';
import { organisations } from '../../db/schema/organisations.js';
import { systems, type SystemRow } from '../../db/schema/systems.js';
import { visibleCondition, type Visibility } from '../access/index.js';
import { countRows, findByCode, rowsOf } from '../../db/rows.js';

const owner = alias(organisations, 'owner');
const operator = alias(organisations, 'operator');

/** The level in force today: the column the levels module keeps in step with the timeline (never decided in SQL). */
export const approvedLevelSql = sql<number | null>`${systems.levelInForce}`;
/** The dossier status of the newest decision (pending or not). */
export const latestDossierSql = sql<string | null>`(SELECT d.dossier_status FROM level_decisions d WHERE d.system_id = ${systems.id} ORDER BY d.id DESC LIMIT 1)`;

const inList = (col: SQL | typeof systems.ownerId, ids: readonly number[]) =>
  ids.length ? sql`${col} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql`0`;

export interface ListFilter {
  visibility: Visibility;
  q?: string | undefined; // already folded
  orgIds?: readonly number[] | undefined; // owner or operator in these
  level?: string | undefined; // '1'..'5' | 'none'
  status?: string | undefined;
  sector?: string | undefined;
  dossier?: string | undefined;
}

export type ListedSystem = SystemRow & {
  approvedLevel: number | null;
  dossierStatus: string | null;
  ownerName: string;
  operatorName: string;
};

function listWhere(f: ListFilter): SQL {
  const conds: SQL[] = [visibleCondition(f.visibility)];
  if (f.q) {
    for (const word of f.q.split(' ').filter(Boolean)) {
      const escaped = word.replace(/[\\%_]/g, (c) => `\\${c}`);
      conds.push(sql`${systems.searchText} LIKE ${`%${escaped}%`} ESCAPE '\\'`);
    }
  }
  if (f.orgIds) conds.push(sql`(${inList(sql`${systems.ownerId}`, f.orgIds)} OR ${inList(sql`${systems.operatorId}`, f.orgIds)})`);
  if (f.level === 'none') conds.push(sql`${approvedLevelSql} IS NULL`);
  else if (f.level) conds.push(sql`${approvedLevelSql} = ${Number(f.level)}`);
  if (f.status) conds.push(eq(systems.lifecycleStatus, f.status as SystemRow['lifecycleStatus']));
  if (f.sector === 'none') conds.push(sql`${systems.prioritySector} IS NULL`);
  else if (f.sector) conds.push(sql`${systems.prioritySector} = ${f.sector}`);
  if (f.dossier === 'none') conds.push(sql`${latestDossierSql} IS NULL`);
  else if (f.dossier) conds.push(sql`${latestDossierSql} = ${f.dossier}`);
  return and(...conds)!;
}

const SORT_COLUMNS: Record<string, SQL> = {
  name: sql`${systems.nameVi} COLLATE NOCASE`,
  code: sql`${systems.code}`,
  level: sql`coalesce(${approvedLevelSql}, 0)`,
  status: sql`${systems.lifecycleStatus}`,
  goLive: sql`coalesce(${systems.goLiveDate}, '')`,
  updated: sql`${systems.updatedAt}`,
};

export function listSystems(
  db: Db,
  f: ListFilter,
  sort: string,
  dir: 'asc' | 'desc',
  limit: number,
  offset: number,
): ListedSystem[] {
  const order = SORT_COLUMNS[sort] ?? SORT_COLUMNS.name!;
  return db
    .select({
      ...getTableColumns(systems),
      approvedLevel: approvedLevelSql,
      dossierStatus: latestDossierSql,
      ownerName: owner.nameVi,
      operatorName: operator.nameVi,
    })
    .from(systems)
    .innerJoin(owner, eq(owner.id, systems.ownerId))
    .innerJoin(operator, eq(operator.id, systems.operatorId))
    .where(listWhere(f))
    .orderBy(dir === 'desc' ? desc(order) : asc(order), asc(systems.id))
    .limit(limit)
    .offset(offset)
    .all();
}

export function countSystems(db: Db, f: ListFilter): number {
  return countRows(db, systems, listWhere(f));
}

export function findSystemByCode(db: Tx, code: string): SystemRow | undefined {
  return findByCode(db, systems, code);
}

export const { find: findSystem, insert: insertSystem, update: updateSystem } = rowsOf(systems);
