import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Tx } from '../../db/client.js';
import { assessments, findings } from '../../db/schema/assessments.js';
import {
  evidenceFiles, evidenceFileVersions, evidenceItems, evidenceLinks,
  type EvidenceFileRow, type EvidenceLinkRow, type EvidenceRow, type EvidenceTargetKind, type EvidenceVersionRow,
} from '../../db/schema/evidence.js';
import { organisations } from '../../db/schema/organisations.js';
import { budgets, certificates, drills, operators } from '../../db/schema/people.js';
import { engagements, layer1Designations, layer2Monitoring, layer4Connections } from '../../db/schema/protection.js';
import { systems, type SystemRow } from '../../db/schema/systems.js';
import { visibleCondition, type Visibility } from '../access/index.js';
import { countRows, findOwnedRow, insertRow, rowsOf } from '../../db/rows.js';
import type { ListState } from './evidence.schemas.js';

// ---- who sees an evidence item ----

/** Targets that belong to one system: whoever sees the system sees them. */
export const SYSTEM_KINDS = ['checklist_item', 'layer1', 'layer2', 'layer3', 'layer4', 'finding', 'assessment'] as const satisfies readonly EvidenceTargetKind[];
/** What a system page shows with its evidence: the system's own records, and its own drills and budgets (link.system_id set). */
const SYSTEM_PAGE_KINDS = [...SYSTEM_KINDS, 'drill', 'budget'] as const satisfies readonly EvidenceTargetKind[];

/**
 * What a reader sees: evidence owned by an organisation of `owners`, or attached to a thing they see — a
 * system of `systems` (its checklist items, layers, findings, assessments, its own drills and budgets), a
 * drill or budget of an organisation of `organisations`, a certificate of a person of one of them.
 */
export interface EvidenceScope {
  owners: readonly number[];
  systems: Visibility;
  organisations: readonly number[];
}

const inList = (col: SQL, ids: readonly number[]) => (ids.length ? sql`${col} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql`0`);
const kinds = (ks: readonly string[]) => sql.join(ks.map((k) => sql`${k}`), sql`, `);

export function visibleWhere(s: EvidenceScope): SQL {
  return sql`(${inList(sql`${evidenceItems.organisationId}`, s.owners)}
    OR EXISTS (SELECT 1 FROM ${evidenceLinks} l JOIN ${systems} ON ${systems.id} = l.system_id
               WHERE l.evidence_id = ${evidenceItems.id} AND l.kind IN (${kinds(SYSTEM_PAGE_KINDS)}) AND ${visibleCondition(s.systems)})
    OR EXISTS (SELECT 1 FROM ${evidenceLinks} l WHERE l.evidence_id = ${evidenceItems.id} AND l.kind IN ('drill', 'budget') AND ${inList(sql`l.organisation_id`, s.organisations)})
    OR EXISTS (SELECT 1 FROM ${evidenceLinks} l JOIN ${operators} o ON o.id = l.operator_id
               WHERE l.evidence_id = ${evidenceItems.id} AND l.kind = 'certificate' AND ${inList(sql`o.organisation_id`, s.organisations)}))`;
}

// ---- the library ----

export type { ListState } from './evidence.schemas.js';

export interface ListFilter {
  scope: EvidenceScope;
  /** folded words, all of which the title or description must contain */
  q: string | null;
  orgIds: readonly number[] | null;
  state: ListState | null;
  today: string;
  /** the last day of the due-soon window */
  horizon: string;
}

export type ListedEvidence = EvidenceRow & { organisationName: string; organisationNameEn: string | null; files: number; links: number };

function listWhere(f: ListFilter): SQL {
  const conds: SQL[] = [visibleWhere(f.scope)];
  for (const word of (f.q ?? '').split(' ').filter(Boolean)) {
    const escaped = word.replace(/[\\%_]/g, (c) => `\\${c}`);
    conds.push(sql`${evidenceItems.searchText} LIKE ${`%${escaped}%`} ESCAPE '\\'`);
  }
  if (f.orgIds) conds.push(inList(sql`${evidenceItems.organisationId}`, f.orgIds));
  if (f.state === 'expired') conds.push(sql`${evidenceItems.validUntil} < ${f.today}`);
  else if (f.state === 'ending') conds.push(sql`${evidenceItems.validUntil} >= ${f.today} AND ${evidenceItems.validUntil} <= ${f.horizon}`);
  else if (f.state === 'valid') conds.push(sql`${evidenceItems.validFrom} <= ${f.today} AND (${evidenceItems.validUntil} IS NULL OR ${evidenceItems.validUntil} > ${f.horizon})`);
  else if (f.state === 'unattached') conds.push(sql`NOT EXISTS (SELECT 1 FROM ${evidenceLinks} l WHERE l.evidence_id = ${evidenceItems.id})`);
  return and(...conds)!;
}

export function countEvidence(db: Tx, f: ListFilter): number {
  return countRows(db, evidenceItems, listWhere(f));
}

/** A page of the library, the most recently changed first. */
export function listEvidence(db: Tx, f: ListFilter, limit: number, offset: number): ListedEvidence[] {
  return db
    .select({
      ...columns,
      organisationName: organisations.nameVi,
      organisationNameEn: organisations.nameEn,
      files: sql<number>`(SELECT count(*) FROM ${evidenceFiles} f WHERE f.evidence_id = ${evidenceItems.id})`,
      links: sql<number>`(SELECT count(*) FROM ${evidenceLinks} l WHERE l.evidence_id = ${evidenceItems.id})`,
    })
    .from(evidenceItems)
    .innerJoin(organisations, eq(organisations.id, evidenceItems.organisationId))
    .where(listWhere(f))
    .orderBy(desc(evidenceItems.updatedAt), desc(evidenceItems.id))
    .limit(limit)
    .offset(offset)
    .all();
}

const columns = {
  id: evidenceItems.id, organisationId: evidenceItems.organisationId, title: evidenceItems.title, description: evidenceItems.description,
  validFrom: evidenceItems.validFrom, validUntil: evidenceItems.validUntil, url: evidenceItems.url, searchText: evidenceItems.searchText,
  createdBy: evidenceItems.createdBy, createdAt: evidenceItems.createdAt, updatedAt: evidenceItems.updatedAt,
};

export const { find: findEvidence, insert: insertEvidence, update: updateEvidence } = rowsOf(evidenceItems);

/** The evidence item, when the reader sees it. */
export function findVisibleEvidence(db: Tx, id: number, scope: EvidenceScope): EvidenceRow | undefined {
  return db.select().from(evidenceItems).where(and(eq(evidenceItems.id, id), visibleWhere(scope))).get();
}

/** Evidence a reader sees whose title matches `q` (folded words), for "attach existing"; at most `limit`. */
export function searchVisible(db: Tx, scope: EvidenceScope, q: string | null, onlyOwners: readonly number[] | null, limit: number): ListedEvidence[] {
  const conds: SQL[] = [visibleWhere(scope)];
  for (const word of (q ?? '').split(' ').filter(Boolean)) {
    const escaped = word.replace(/[\\%_]/g, (c) => `\\${c}`);
    conds.push(sql`${evidenceItems.searchText} LIKE ${`%${escaped}%`} ESCAPE '\\'`);
  }
  if (onlyOwners) conds.push(inList(sql`${evidenceItems.organisationId}`, onlyOwners));
  return db
    .select({
      ...columns, organisationName: organisations.nameVi, organisationNameEn: organisations.nameEn,
      files: sql<number>`(SELECT count(*) FROM ${evidenceFiles} f WHERE f.evidence_id = ${evidenceItems.id})`,
      links: sql<number>`(SELECT count(*) FROM ${evidenceLinks} l WHERE l.evidence_id = ${evidenceItems.id})`,
    })
    .from(evidenceItems)
    .innerJoin(organisations, eq(organisations.id, evidenceItems.organisationId))
    .where(and(...conds))
    .orderBy(desc(evidenceItems.updatedAt), desc(evidenceItems.id))
    .limit(limit)
    .all();
}

/** Marks the item changed (a file added, a link made or removed): the library lists it first. */
export function touchEvidence(tx: Tx, id: number): void {
  tx.update(evidenceItems).set({ updatedAt: new Date().toISOString() }).where(eq(evidenceItems.id, id)).run();
}

/** Deletes the item with its links, files and versions (the stored bytes stay for `npm run gc-files`). */
export function deleteEvidence(tx: Tx, id: number): void {
  tx.delete(evidenceLinks).where(eq(evidenceLinks.evidenceId, id)).run();
  const files = tx.select({ id: evidenceFiles.id }).from(evidenceFiles).where(eq(evidenceFiles.evidenceId, id)).all().map((f) => f.id);
  if (files.length) tx.delete(evidenceFileVersions).where(inArray(evidenceFileVersions.fileId, files)).run();
  tx.delete(evidenceFiles).where(eq(evidenceFiles.evidenceId, id)).run();
  tx.delete(evidenceItems).where(eq(evidenceItems.id, id)).run();
}

// ---- files and their versions ----

export interface FileWithVersions extends EvidenceFileRow {
  /** newest first */
  versions: (EvidenceVersionRow & { uploadedByName: string | null })[];
}

export function filesOf(db: Tx, evidenceId: number): FileWithVersions[] {
  const files = db.select().from(evidenceFiles).where(eq(evidenceFiles.evidenceId, evidenceId)).orderBy(asc(evidenceFiles.id)).all();
  if (!files.length) return [];
  const versions = db
    .select({ v: evidenceFileVersions, uploadedByName: sql<string | null>`(SELECT full_name FROM users u WHERE u.id = ${evidenceFileVersions.uploadedBy})` })
    .from(evidenceFileVersions)
    .where(inArray(evidenceFileVersions.fileId, files.map((f) => f.id)))
    .orderBy(desc(evidenceFileVersions.version))
    .all();
  return files.map((f) => ({ ...f, versions: versions.filter((x) => x.v.fileId === f.id).map((x) => ({ ...x.v, uploadedByName: x.uploadedByName })) }));
}

export function fileCount(db: Tx, evidenceId: number): number {
  return countRows(db, evidenceFiles, eq(evidenceFiles.evidenceId, evidenceId));
}

export function findVersion(db: Tx, evidenceId: number, versionId: number): (EvidenceVersionRow & { evidenceId: number }) | undefined {
  return db
    .select({ v: evidenceFileVersions, evidenceId: evidenceFiles.evidenceId })
    .from(evidenceFileVersions)
    .innerJoin(evidenceFiles, eq(evidenceFiles.id, evidenceFileVersions.fileId))
    .where(and(eq(evidenceFileVersions.id, versionId), eq(evidenceFiles.evidenceId, evidenceId)))
    .all()
    .map((r) => ({ ...r.v, evidenceId: r.evidenceId }))[0];
}

export function findFile(db: Tx, evidenceId: number, fileId: number): EvidenceFileRow | undefined {
  return findOwnedRow(db, evidenceFiles, evidenceFiles.evidenceId, evidenceId, fileId);
}

export function insertFile(tx: Tx, evidenceId: number, name: string): EvidenceFileRow {
  return insertRow(tx, evidenceFiles, { evidenceId, name });
}

export function nextVersion(tx: Tx, fileId: number): number {
  return (tx.select({ n: sql<number | null>`max(${evidenceFileVersions.version})` }).from(evidenceFileVersions).where(eq(evidenceFileVersions.fileId, fileId)).get()?.n ?? 0) + 1;
}

export function insertVersion(tx: Tx, row: typeof evidenceFileVersions.$inferInsert): EvidenceVersionRow {
  return insertRow(tx, evidenceFileVersions, row);
}

/** How many versions point at a stored file (content-addressed files may be shared, with assessment reports too). */
export function versionReferences(db: Tx, sha256: string): number {
  return countRows(db, evidenceFileVersions, eq(evidenceFileVersions.sha256, sha256));
}

// ---- links ----

export function linksOf(db: Tx, evidenceId: number): EvidenceLinkRow[] {
  return db.select().from(evidenceLinks).where(eq(evidenceLinks.evidenceId, evidenceId)).orderBy(asc(evidenceLinks.id)).all();
}

export function findLink(db: Tx, evidenceId: number, linkId: number): EvidenceLinkRow | undefined {
  return findOwnedRow(db, evidenceLinks, evidenceLinks.evidenceId, evidenceId, linkId);
}

export function findLinkByKey(db: Tx, evidenceId: number, targetKey: string): EvidenceLinkRow | undefined {
  return db.select().from(evidenceLinks).where(and(eq(evidenceLinks.evidenceId, evidenceId), eq(evidenceLinks.targetKey, targetKey))).get();
}

export function insertLink(tx: Tx, row: typeof evidenceLinks.$inferInsert): EvidenceLinkRow {
  return insertRow(tx, evidenceLinks, row);
}

export function deleteLink(tx: Tx, id: number): void {
  tx.delete(evidenceLinks).where(eq(evidenceLinks.id, id)).run();
}

/** The evidence attached to one target, with the link, oldest attachment first. */
export function evidenceOfTarget(db: Tx, targetKey: string): { link: EvidenceLinkRow; evidence: EvidenceRow }[] {
  return db
    .select({ link: evidenceLinks, evidence: evidenceItems })
    .from(evidenceLinks)
    .innerJoin(evidenceItems, eq(evidenceItems.id, evidenceLinks.evidenceId))
    .where(eq(evidenceLinks.targetKey, targetKey))
    .orderBy(asc(evidenceLinks.id))
    .all();
}

/** The evidence attached to the checklist items of one system in one catalogue: item id → evidence, in attachment order. */
export function evidenceOfItems(db: Tx, systemId: number, catalogue: string): { itemId: string; link: EvidenceLinkRow; evidence: EvidenceRow }[] {
  return db
    .select({ link: evidenceLinks, evidence: evidenceItems })
    .from(evidenceLinks)
    .innerJoin(evidenceItems, eq(evidenceItems.id, evidenceLinks.evidenceId))
    .where(and(eq(evidenceLinks.systemId, systemId), eq(evidenceLinks.kind, 'checklist_item'), eq(evidenceLinks.catalogue, catalogue)))
    .orderBy(asc(evidenceLinks.id))
    .all()
    .map((r) => ({ itemId: r.link.itemId!, ...r }));
}

// ---- the things evidence is attached to ----

/** What a target is, as the evidence pages name it and the access checks read it. */
export interface TargetRow {
  kind: EvidenceTargetKind;
  id: number;
  systemId: number | null;
  organisationId: number | null;
  operatorId: number | null;
  /** the main words: a decision or contract number, a certificate, a scenario, a finding's title… */
  title: string | null;
  /** a second detail: the provider, assessor or person's name, the centre */
  detail: string | null;
  date: string | null;
  /** for findings: its assessment (the page it is on) */
  parentId: number | null;
}

type Finder = (db: Tx, where: SQL | null, limit: number) => TargetRow[];

type SystemRecordKind = Exclude<(typeof SYSTEM_KINDS)[number], 'checklist_item'>;

/**
 * A kind of record that belongs to one system, as a target: its table, its words, a second detail and a date,
 * the organisation the detail names (the security unit, the provider, the assessor) and, for findings, the parent.
 */
interface SystemRecordSource {
  table: SQLiteTable & { id: SQLiteColumn; systemId: SQLiteColumn };
  title: SQLiteColumn | SQL;
  detail: SQLiteColumn | SQL;
  date: SQLiteColumn | SQL;
  namedOrganisation?: SQLiteColumn;
  parentId?: SQLiteColumn;
}

const SYSTEM_RECORDS: Record<SystemRecordKind, SystemRecordSource> = {
  layer1: { table: layer1Designations, title: layer1Designations.decisionNumber, detail: organisations.nameVi, date: layer1Designations.decisionDate, namedOrganisation: layer1Designations.securityUnitId },
  // a self-operated layer 2 names no provider
  layer2: {
    table: layer2Monitoring, title: layer2Monitoring.contractNumber, detail: sql`CASE WHEN ${layer2Monitoring.mode} = 'self' THEN NULL ELSE ${organisations.nameVi} END`,
    date: layer2Monitoring.startDate, namedOrganisation: layer2Monitoring.providerId,
  },
  layer3: { table: engagements, title: engagements.contractNumber, detail: organisations.nameVi, date: engagements.startDate, namedOrganisation: engagements.assessorId },
  layer4: { table: layer4Connections, title: layer4Connections.centre, detail: layer4Connections.status, date: layer4Connections.connectionDate },
  finding: { table: findings, title: findings.title, detail: findings.status, date: findings.dueDate, parentId: findings.assessmentId },
  assessment: {
    table: assessments, title: assessments.reportRef, detail: organisations.nameVi, date: sql`coalesce(${assessments.performedDate}, ${assessments.plannedDate})`,
    namedOrganisation: assessments.assessorId,
  },
};

/** Records of one kind that belong to a system, joined with it (`where` may read its search text and visibility), newest first. */
function systemRecordFinder(kind: SystemRecordKind): Finder {
  const { table, title, detail, date, namedOrganisation, parentId } = SYSTEM_RECORDS[kind];
  return (db, where, limit) => {
    let q = db.select({ id: table.id, systemId: table.systemId, title, detail, date, ...(parentId ? { parentId } : {}) })
      .from(table).innerJoin(systems, eq(systems.id, table.systemId)).$dynamic();
    if (namedOrganisation) q = q.leftJoin(organisations, eq(organisations.id, namedOrganisation));
    const rows = q.where(where ?? sql`1`).orderBy(desc(table.id)).limit(limit).all() as (Pick<TargetRow, 'id' | 'systemId' | 'title' | 'detail' | 'date'> & { parentId?: number })[];
    return rows.map((r) => ({ kind, organisationId: null, operatorId: null, parentId: null, ...r }));
  };
}

const FINDERS: Record<Exclude<EvidenceTargetKind, 'checklist_item'>, { find: Finder }> = {
  layer1: { find: systemRecordFinder('layer1') },
  layer2: { find: systemRecordFinder('layer2') },
  layer3: { find: systemRecordFinder('layer3') },
  layer4: { find: systemRecordFinder('layer4') },
  finding: { find: systemRecordFinder('finding') },
  assessment: { find: systemRecordFinder('assessment') },
  certificate: {
    find: (db, where, limit) =>
      db.select({ id: certificates.id, operatorId: certificates.operatorId, organisationId: operators.organisationId, name: certificates.name, number: certificates.number, detail: operators.fullName, date: certificates.expiryDate })
        .from(certificates).innerJoin(operators, eq(operators.id, certificates.operatorId))
        .where(where ?? sql`1`).orderBy(desc(certificates.id)).limit(limit).all()
        .map(({ name, number, ...r }) => ({ kind: 'certificate', systemId: null, parentId: null, title: `${name} · ${number}`, ...r })),
  },
  drill: {
    find: (db, where, limit) =>
      db.select({ id: drills.id, organisationId: drills.organisationId, systemId: drills.systemId, title: drills.scenario, detail: organisations.nameVi, date: drills.date })
        .from(drills).innerJoin(organisations, eq(organisations.id, drills.organisationId))
        .where(where ?? sql`1`).orderBy(desc(drills.date), desc(drills.id)).limit(limit).all()
        .map((r) => ({ kind: 'drill', operatorId: null, parentId: null, ...r })),
  },
  budget: {
    find: (db, where, limit) =>
      db.select({ id: budgets.id, organisationId: budgets.organisationId, systemId: budgets.systemId, year: budgets.year, detail: organisations.nameVi })
        .from(budgets).innerJoin(organisations, eq(organisations.id, budgets.organisationId))
        .where(where ?? sql`1`).orderBy(desc(budgets.year), desc(budgets.id)).limit(limit).all()
        .map(({ year, ...r }) => ({ kind: 'budget', operatorId: null, parentId: null, title: String(year), date: null, ...r })),
  },
};

const ID_COLUMN: Record<Exclude<EvidenceTargetKind, 'checklist_item'>, SQL> = {
  layer1: sql`${layer1Designations.id}`, layer2: sql`${layer2Monitoring.id}`, layer3: sql`${engagements.id}`, layer4: sql`${layer4Connections.id}`,
  finding: sql`${findings.id}`, assessment: sql`${assessments.id}`, certificate: sql`${certificates.id}`, drill: sql`${drills.id}`, budget: sql`${budgets.id}`,
};

/** The records of one kind with these ids (any the caller's checks will then judge). */
export function targetsByIds(db: Tx, kind: Exclude<EvidenceTargetKind, 'checklist_item'>, ids: readonly number[]): TargetRow[] {
  if (!ids.length) return [];
  return FINDERS[kind].find(db, inList(ID_COLUMN[kind], ids), ids.length);
}

/**
 * Records of one kind a reader sees that match `q` (folded words on the system's, person's or organisation's
 * search text), newest first, at most `limit`: what the evidence page offers to attach to.
 */
export function searchTargets(db: Tx, kind: Exclude<EvidenceTargetKind, 'checklist_item'>, scope: EvidenceScope, q: string | null, limit: number): TargetRow[] {
  const words = (q ?? '').split(' ').filter(Boolean).map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const conds: SQL[] = [];
  if (kind === 'certificate' || kind === 'drill' || kind === 'budget') {
    const orgCol = kind === 'certificate' ? sql`${operators.organisationId}` : kind === 'drill' ? sql`${drills.organisationId}` : sql`${budgets.organisationId}`;
    conds.push(inList(orgCol, scope.organisations));
    const text = kind === 'certificate' ? sql`${operators.searchText}` : sql`${organisations.searchText}`;
    for (const w of words) conds.push(sql`${text} LIKE ${w} ESCAPE '\\'`);
  } else {
    conds.push(visibleCondition(scope.systems));
    for (const w of words) conds.push(sql`${systems.searchText} LIKE ${w} ESCAPE '\\'`);
  }
  return FINDERS[kind].find(db, and(...conds)!, limit);
}

// ---- systems, for labels and access ----

export type SystemBrief = Pick<SystemRow, 'id' | 'code' | 'nameVi' | 'nameEn' | 'ownerId' | 'operatorId' | 'securityUnitId' | 'lifecycleStatus'>;

export function systemsByIds(db: Tx, ids: readonly number[]): SystemBrief[] {
  if (!ids.length) return [];
  return db
    .select({
      id: systems.id, code: systems.code, nameVi: systems.nameVi, nameEn: systems.nameEn, ownerId: systems.ownerId, operatorId: systems.operatorId,
      securityUnitId: systems.securityUnitId, lifecycleStatus: systems.lifecycleStatus,
    })
    .from(systems)
    .where(inArray(systems.id, [...ids]))
    .all();
}

/** Systems a reader sees that match `q`, by name: the candidates for attaching to the same checklist item of several systems. */
export function searchSystems(db: Tx, v: Visibility, q: string | null, limit: number): SystemBrief[] {
  const conds: SQL[] = [visibleCondition(v), sql`${systems.lifecycleStatus} <> 'decommissioned'`];
  for (const word of (q ?? '').split(' ').filter(Boolean)) conds.push(sql`${systems.searchText} LIKE ${`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`);
  return db
    .select({
      id: systems.id, code: systems.code, nameVi: systems.nameVi, nameEn: systems.nameEn, ownerId: systems.ownerId, operatorId: systems.operatorId,
      securityUnitId: systems.securityUnitId, lifecycleStatus: systems.lifecycleStatus,
    })
    .from(systems)
    .where(and(...conds))
    .orderBy(sql`${systems.nameVi} COLLATE NOCASE`, asc(systems.id))
    .limit(limit)
    .all();
}
