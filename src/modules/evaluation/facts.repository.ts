// The facts the rule pack reads, for every system of a scope and the organisations that own or operate
// them: each table is read ONCE for the whole scope (the systems are selected in SQL and every other table
// is joined to them by a sub-select, never by a list of ids or a query per system), then grouped in Maps.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { groupBy } from '../../domain/collections.js';
import type { Db } from '../../db/client.js';
import { assessments, findings } from '../../db/schema/assessments.js';
import { annualReports, checklistAnswers, selfInspectionNotices } from '../../db/schema/compliance.js';
import { levelDecisions } from '../../db/schema/level-decisions.js';
import { organisations } from '../../db/schema/organisations.js';
import { budgets, certificates, drills, knowledgeUpdates, operatorAssignments, operators } from '../../db/schema/people.js';
import { engagements, layer1Designations, layer2Monitoring, layer4Connections } from '../../db/schema/protection.js';
import { systems } from '../../db/schema/systems.js';
import { applicableItems, CATALOGUE_IDS, catalogueFor, catalogueItems, statsFromCounts, type ChecklistStats } from '../../domain/catalog/index.js';
import type { LevelAnswers, Regime } from '../../domain/level-criteria.js';
import type { DecisionFacts, EvidencedItem, OrganisationFacts, OrgFacts, SystemFacts } from '../../domain/rules/index.js';
import { decisionInForce } from '../../domain/timeline.js';
import { vietnamDayOfTimestamp } from '../../domain/dates.js';
import { visibleCondition, type Visibility } from '../access/index.js';
import { organisationIndex } from '../organisations/organisations.service.js';
import { loadEvidenceFacts } from './evidence-facts.repository.js';

/**
 * The systems evaluated: what the reader may see (every system when no visibility is given), optionally
 * narrowed to owners or operators in `orgIds` and to a range of ids (a batch of a full evaluation).
 */
export interface FactsScope {
  visibility?: Visibility | undefined;
  orgIds?: readonly number[] | undefined;
  /** ids from..to, both included */
  idRange?: readonly [number, number] | undefined;
}

const inList = (col: SQL, ids: readonly number[]) => (ids.length ? sql`${col} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql`0`);

function scopeCondition(s: FactsScope): SQL {
  const conds = [s.visibility ? visibleCondition(s.visibility) : sql`1`];
  if (s.orgIds) conds.push(sql`(${inList(sql`${systems.ownerId}`, s.orgIds)} OR ${inList(sql`${systems.operatorId}`, s.orgIds)})`);
  if (s.idRange) conds.push(sql`${systems.id} BETWEEN ${s.idRange[0]} AND ${s.idRange[1]}`);
  return and(...conds)!;
}

/** The ids of the scope's systems. */
export function scopeSystemIds(db: Db, s: FactsScope): number[] {
  return db.select({ id: systems.id }).from(systems).where(scopeCondition(s)).all().map((r) => r.id);
}

const scopedSystemIds = (s: FactsScope) => sql`(SELECT ${systems.id} FROM ${systems} WHERE ${scopeCondition(s)})`;
/** The owners and operators of the scope's systems: the organisations evaluated beside them. */
const scopedOrganisationIds = (s: FactsScope) =>
  sql`(SELECT ${systems.ownerId} FROM ${systems} WHERE ${scopeCondition(s)} UNION SELECT ${systems.operatorId} FROM ${systems} WHERE ${scopeCondition(s)})`;

// ---- organisations: read whole (organisations.service organisationIndex), the independence checks need any provider and its group ----

/** Organisations as the evaluation lists them: by Vietnamese name, then id. */
const byName = (a: { nameVi: string; id: number }, b: { nameVi: string; id: number }) => a.nameVi.localeCompare(b.nameVi, 'vi') || a.id - b.id;

// ---- the checklist (CHK-01): counted in SQL, per system and level ----

// Every catalogue item with its levels as a bit mask (bit L for level L), in a table of the connection's
// own (TEMP: not in the database file, gone with the connection), made on first use: the answers are
// joined to it to be counted per level.
const ITEM_ROWS = CATALOGUE_IDS.flatMap((c) => catalogueItems(c).map((i) => [c, i.id, i.levels.reduce((m, l) => m | (1 << l), 0)] as const));

function ensureItemsTable(db: Db): void {
  const c = db.$client;
  c.exec('CREATE TEMP TABLE IF NOT EXISTS catalogue_levels (catalogue TEXT NOT NULL, item_id TEXT NOT NULL, levels INTEGER NOT NULL, PRIMARY KEY (catalogue, item_id)) WITHOUT ROWID');
  if (c.prepare<[], { n: number }>('SELECT count(*) AS n FROM temp.catalogue_levels').get()!.n === ITEM_ROWS.length) return;
  const insert = c.prepare('INSERT OR REPLACE INTO temp.catalogue_levels (catalogue, item_id, levels) VALUES (?, ?, ?)');
  c.transaction(() => {
    c.exec('DELETE FROM temp.catalogue_levels');
    for (const row of ITEM_ROWS) insert.run(...row);
  })();
}

// The answers of the items of a level, counted in one number per level: met + partly met × 2^10 +
// not met × 2^20 + not applicable × 2^30 (a catalogue has fewer than 1 024 items).
const PACKED_STATUS = `CASE a.status WHEN 'met' THEN 1 WHEN 'partly_met' THEN 1024 WHEN 'not_met' THEN 1048576 WHEN 'not_applicable' THEN 1073741824 ELSE 0 END`;
const LEVEL_COLUMNS = sql.raw([1, 2, 3, 4, 5].map((l) => `sum(${PACKED_STATUS} * ((i.levels >> ${l}) & 1))`).join(', '));

function unpack(applicable: number, packed: number): ChecklistStats {
  const field = (shift: number) => Math.floor(packed / 2 ** shift) % 1024;
  return statsFromCounts(applicable, { met: field(0), partlyMet: field(10), notMet: field(20), notApplicable: field(30) });
}

/** The number of applicable items of a regime and level, computed once per pair. */
function applicableCount(): (regime: Regime, level: number) => number {
  const cache = new Map<string, number>();
  return (regime, level) => {
    const key = `${regime}:${level}`;
    let n = cache.get(key);
    if (n === undefined) cache.set(key, (n = applicableItems(regime, level).length));
    return n;
  };
}

// ---- the load ----

export interface LoadedFacts {
  systems: SystemFacts[];
  organisations: OrganisationFacts[];
}

/**
 * Facts of every system in the scope (ordered by name) and of the organisations that own or operate them
 * and pass `keepOrganisation`. The checklist statistics are those of the level in force as of `asOf`.
 * One query per table, whatever the number of systems.
 */
export function loadFacts(db: Db, scope: FactsScope, asOf: string, keepOrganisation: (id: number) => boolean): LoadedFacts {
  const ids = scopedSystemIds(scope);
  const orgIds = scopedOrganisationIds(scope);
  const orgs = organisationIndex(db);

  const systemRows = db
    .select({
      id: systems.id, code: systems.code, nameVi: systems.nameVi, nameEn: systems.nameEn, ownerId: systems.ownerId, operatorId: systems.operatorId,
      securityUnitId: systems.securityUnitId, lifecycleStatus: systems.lifecycleStatus, goLiveDate: systems.goLiveDate, decommissionedAt: systems.decommissionedAt,
      stateFunded: systems.stateFunded, nationalSecurityImportant: systems.nationalSecurityImportant, domesticProductsNote: systems.domesticProductsNote,
    })
    .from(systems)
    .where(scopeCondition(scope))
    .orderBy(sql`${systems.nameVi} COLLATE NOCASE`, asc(systems.id))
    .all();

  const decisions = groupBy(
    db
      .select({
        systemId: levelDecisions.systemId, id: levelDecisions.id, regime: levelDecisions.regime, answers: levelDecisions.answers,
        proposedLevel: levelDecisions.proposedLevel, dossierStatus: levelDecisions.dossierStatus, appraisalBody: levelDecisions.appraisalBody,
        appraisalDate: levelDecisions.appraisalDate, approvalDate: levelDecisions.approvalDate, regulationNumber: levelDecisions.regulationNumber,
        regulationDate: levelDecisions.regulationDate,
      })
      .from(levelDecisions)
      .where(sql`${levelDecisions.systemId} IN ${ids}`)
      .all(),
    (r) => r.systemId,
  );

  const layer1 = groupBy(
    db
      .select({ systemId: layer1Designations.systemId, id: layer1Designations.id, securityUnitId: layer1Designations.securityUnitId, decisionNumber: layer1Designations.decisionNumber, decisionDate: layer1Designations.decisionDate })
      .from(layer1Designations)
      .where(sql`${layer1Designations.systemId} IN ${ids}`)
      .all(),
    (r) => r.systemId,
  );
  const layer2 = groupBy(
    db
      .select({
        systemId: layer2Monitoring.systemId, id: layer2Monitoring.id, mode: layer2Monitoring.mode, providerId: layer2Monitoring.providerId,
        contractNumber: layer2Monitoring.contractNumber, startDate: layer2Monitoring.startDate, endDate: layer2Monitoring.endDate, createdAt: layer2Monitoring.createdAt,
      })
      .from(layer2Monitoring)
      .where(sql`${layer2Monitoring.systemId} IN ${ids}`)
      .all(),
    (r) => r.systemId,
  );
  const layer3 = groupBy(
    db
      .select({
        systemId: engagements.systemId, id: engagements.id, assessorKind: engagements.assessorKind, assessorId: engagements.assessorId,
        contractNumber: engagements.contractNumber, startDate: engagements.startDate, endDate: engagements.endDate, revokedAt: engagements.revokedAt,
        createdAt: engagements.createdAt,
      })
      .from(engagements)
      .where(sql`${engagements.systemId} IN ${ids}`)
      .all(),
    (r) => r.systemId,
  );
  const layer4 = groupBy(
    db
      .select({ systemId: layer4Connections.systemId, id: layer4Connections.id, status: layer4Connections.status, connectionDate: layer4Connections.connectionDate })
      .from(layer4Connections)
      .where(sql`${layer4Connections.systemId} IN ${ids}`)
      .all(),
    (r) => r.systemId,
  );

  const performed = groupBy(
    db
      .select({ systemId: assessments.systemId, id: assessments.id, performedDate: assessments.performedDate, reportedDate: assessments.reportedDate, assessorId: assessments.assessorId })
      .from(assessments)
      .where(sql`${assessments.performedDate} IS NOT NULL AND ${assessments.systemId} IN ${ids}`)
      .all(),
    (r) => r.systemId,
  );
  const findingRows = groupBy(
    db
      .select({ systemId: findings.systemId, id: findings.id, title: findings.title, severity: findings.severity, status: findings.status, dueDate: findings.dueDate, closedDate: findings.closedDate })
      .from(findings)
      .where(sql`${findings.dueDate} IS NOT NULL AND ${findings.systemId} IN ${ids}`)
      .all(),
    (r) => r.systemId,
  );

  // people: the assignments of the scope's systems, and the certificates and updates of the people assigned
  const assigned = sql`(SELECT ${operatorAssignments.operatorId} FROM ${operatorAssignments} WHERE ${operatorAssignments.systemId} IN ${ids})`;
  const assignments = groupBy(
    db
      .select({
        systemId: operatorAssignments.systemId, operatorId: operatorAssignments.operatorId, fullName: operators.fullName,
        role: operatorAssignments.role, fromDate: operatorAssignments.fromDate, toDate: operatorAssignments.toDate,
      })
      .from(operatorAssignments)
      .innerJoin(operators, eq(operators.id, operatorAssignments.operatorId))
      .where(sql`${operatorAssignments.systemId} IN ${ids}`)
      .orderBy(asc(operatorAssignments.id))
      .all(),
    (r) => r.systemId,
  );
  const certs = groupBy(
    db
      .select({ operatorId: certificates.operatorId, id: certificates.id, kind: certificates.kind, status: certificates.status, issueDate: certificates.issueDate, expiryDate: certificates.expiryDate, statusDate: certificates.statusDate })
      .from(certificates)
      .where(sql`${certificates.operatorId} IN ${assigned}`)
      .all(),
    (r) => r.operatorId,
  );
  const updates = groupBy(
    db
      .select({ operatorId: knowledgeUpdates.operatorId, date: knowledgeUpdates.date })
      .from(knowledgeUpdates)
      .where(sql`${knowledgeUpdates.operatorId} IN ${assigned}`)
      .all(),
    (r) => r.operatorId,
  );

  // drills and budgets: a system's own, and every one of the organisations evaluated
  const drillRows = db
    .select({ organisationId: drills.organisationId, systemId: drills.systemId, date: drills.date })
    .from(drills)
    .where(sql`${drills.systemId} IN ${ids} OR ${drills.organisationId} IN ${orgIds}`)
    .all();
  const budgetRows = db
    .select({ organisationId: budgets.organisationId, systemId: budgets.systemId, year: budgets.year, itBudget: budgets.itBudget, securitySpending: budgets.securitySpending })
    .from(budgets)
    .where(sql`${budgets.systemId} IN ${ids} OR ${budgets.organisationId} IN ${orgIds}`)
    .all();
  const notices = groupBy(
    db
      .select({ systemId: selfInspectionNotices.systemId, year: selfInspectionNotices.year, sentDate: selfInspectionNotices.sentDate })
      .from(selfInspectionNotices)
      .where(sql`${selfInspectionNotices.systemId} IN ${ids}`)
      .all(),
    (r) => r.systemId,
  );
  // per system and catalogue: [system, catalogue, level 1 counts, …, level 5 counts]
  ensureItemsTable(db);
  const answerCounts = new Map<string, number[]>();
  for (const r of db.values<[number, string, number, number, number, number, number]>(
    sql`SELECT a.system_id, a.catalogue, ${LEVEL_COLUMNS} FROM ${checklistAnswers} a JOIN temp.catalogue_levels i ON i.catalogue = a.catalogue AND i.item_id = a.item_id WHERE a.system_id IN ${ids} GROUP BY a.system_id, a.catalogue`,
  )) {
    answerCounts.set(`${r[0]}|${r[1]}`, [r[2], r[3], r[4], r[5], r[6]]);
  }
  const reports = groupBy(
    db
      .select({ organisationId: annualReports.organisationId, year: annualReports.year, internalDate: annualReports.internalDate, authorityDate: annualReports.authorityDate })
      .from(annualReports)
      .where(sql`${annualReports.organisationId} IN ${orgIds}`)
      .all(),
    (r) => r.organisationId,
  );

  // the evidence behind the claims (evidence-facts.repository.ts)
  const evidence = loadEvidenceFacts(db, ids, assigned);

  const systemDrills = groupBy(drillRows.filter((d) => d.systemId !== null), (d) => d.systemId!);
  const orgDrills = groupBy(drillRows, (d) => d.organisationId);
  const systemBudgets = groupBy(budgetRows.filter((b) => b.systemId !== null), (b) => b.systemId!);
  const orgBudgets = groupBy(budgetRows.filter((b) => b.systemId === null), (b) => b.organisationId);
  const applicable = applicableCount();
  const unknownOrg = (id: number): OrgFacts => ({ id, parentId: null, kind: 'agency', nameVi: '', nameEn: null, licenceExpires: null, ancestors: [] });
  const orgRef = (id: number): OrgFacts => orgs.get(id) ?? unknownOrg(id);

  const systemFacts = systemRows.map((s): SystemFacts => {
    const ds: DecisionFacts[] = (decisions.get(s.id) ?? []).map((d) => ({
      id: d.id, regime: d.regime, answers: (d.answers ?? null) as Partial<LevelAnswers> | null, proposedLevel: d.proposedLevel,
      dossierStatus: d.dossierStatus, appraisalBody: d.appraisalBody, appraisalDate: d.appraisalDate, approvalDate: d.approvalDate,
      regulationNumber: d.regulationNumber, regulationDate: d.regulationDate,
    }));
    const inForce = decisionInForce(ds, asOf);
    let checklist: SystemFacts['checklist'] = null;
    let evidenced: EvidencedItem[] = [];
    if (inForce) {
      const counts = answerCounts.get(`${s.id}|${catalogueFor(inForce.regime)}`);
      checklist = unpack(applicable(inForce.regime, inForce.proposedLevel), counts?.[inForce.proposedLevel - 1] ?? 0);
      evidenced = evidence.metItems(s.id, inForce.regime, inForce.proposedLevel);
    }
    const operator = orgRef(s.operatorId);
    // explicit properties, no spreads: with 20 000 systems, spreading row objects costs more than the queries
    return {
      id: s.id, code: s.code, nameVi: s.nameVi, nameEn: s.nameEn, ownerId: s.ownerId, operatorId: s.operatorId, securityUnitId: s.securityUnitId,
      lifecycleStatus: s.lifecycleStatus, goLiveDate: s.goLiveDate, decommissionedAt: s.decommissionedAt,
      stateFunded: s.stateFunded, nationalSecurityImportant: s.nationalSecurityImportant, domesticProductsNote: s.domesticProductsNote,
      operator,
      owner: orgRef(s.ownerId),
      decisions: ds,
      layer1: (layer1.get(s.id) ?? []).map((l) => evidence.attach({ id: l.id, securityUnitId: l.securityUnitId, decisionNumber: l.decisionNumber, decisionDate: l.decisionDate }, `layer1|${l.id}`)),
      layer2: (layer2.get(s.id) ?? []).map((l) => evidence.attach({
        id: l.id, mode: l.mode, providerId: l.providerId, provider: l.providerId === null ? null : orgRef(l.providerId),
        contractNumber: l.contractNumber, startDate: l.startDate, endDate: l.endDate, recordedOn: vietnamDayOfTimestamp(l.createdAt),
      }, `layer2|${l.id}`)),
      layer3: (layer3.get(s.id) ?? []).map((l) => evidence.attach({
        id: l.id, assessorKind: l.assessorKind, assessorId: l.assessorId, assessor: orgRef(l.assessorId),
        contractNumber: l.contractNumber, startDate: l.startDate, endDate: l.endDate, revokedAt: l.revokedAt, recordedOn: vietnamDayOfTimestamp(l.createdAt),
      }, `layer3|${l.id}`)),
      layer4: (layer4.get(s.id) ?? []).map((l) => evidence.attach({ id: l.id, status: l.status, connectionDate: l.connectionDate }, `layer4|${l.id}`)),
      assessments: (performed.get(s.id) ?? []).map((a) => ({ id: a.id, performedDate: a.performedDate!, reportedDate: a.reportedDate, assessor: orgRef(a.assessorId) })),
      findings: (findingRows.get(s.id) ?? []).map((f) => evidence.attach({ id: f.id, title: f.title, severity: f.severity, status: f.status, dueDate: f.dueDate, closedDate: f.closedDate }, `finding|${f.id}`)),
      people: (assignments.get(s.id) ?? []).map((a) => ({
        operatorId: a.operatorId,
        fullName: a.fullName,
        assignment: { role: a.role, fromDate: a.fromDate, toDate: a.toDate },
        certificates: (certs.get(a.operatorId) ?? []).map((c) => evidence.attach(c, `certificate|${c.id}`)),
        updates: updates.get(a.operatorId) ?? [],
      })),
      drills: (systemDrills.get(s.id) ?? []).map((d) => d.date),
      budgets: (systemBudgets.get(s.id) ?? []).map((b) => ({ year: b.year, itBudget: b.itBudget, securitySpending: b.securitySpending })),
      notices: (notices.get(s.id) ?? []).map((n) => ({ year: n.year, sentDate: n.sentDate })),
      checklist,
      ...(evidenced.length ? { evidence: { checklist: evidenced } } : {}),
    };
  });

  // the organisations: owners and operators of the systems, each once, in the order they first appear
  const systemCount = new Map<number, number>();
  for (const s of systemRows) {
    for (const id of new Set([s.ownerId, s.operatorId])) systemCount.set(id, (systemCount.get(id) ?? 0) + 1);
  }
  const organisationFacts = [...systemCount.keys()]
    .filter(keepOrganisation)
    .flatMap((id): OrganisationFacts[] => {
      const o = orgs.get(id);
      if (!o) return [];
      return [{
        id, code: o.code, nameVi: o.nameVi, nameEn: o.nameEn, systemCount: systemCount.get(id) ?? 0,
        drills: (orgDrills.get(id) ?? []).map((d) => d.date),
        budgets: (orgBudgets.get(id) ?? []).map(({ year, itBudget, securitySpending }) => ({ year, itBudget, securitySpending })),
        annualReports: (reports.get(id) ?? []).map(({ year, internalDate, authorityDate }) => ({ year, internalDate, authorityDate })),
      }];
    })
    .sort(byName);

  return { systems: systemFacts, organisations: organisationFacts };
}

/** The facts of one organisation, whatever systems the reader may see (its own page). */
export function loadOrganisationFacts(db: Db, organisationId: number): OrganisationFacts | null {
  const o = db
    .select({ id: organisations.id, code: organisations.code, nameVi: organisations.nameVi, nameEn: organisations.nameEn })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
    .get();
  if (!o) return null;
  const systemCount =
    db
      .select({ n: sql<number>`count(*)` })
      .from(systems)
      .where(sql`${systems.ownerId} = ${organisationId} OR ${systems.operatorId} = ${organisationId}`)
      .get()?.n ?? 0;
  return {
    ...o,
    systemCount,
    drills: db.select({ date: drills.date }).from(drills).where(eq(drills.organisationId, organisationId)).all().map((d) => d.date),
    budgets: db
      .select({ year: budgets.year, itBudget: budgets.itBudget, securitySpending: budgets.securitySpending })
      .from(budgets)
      .where(sql`${budgets.organisationId} = ${organisationId} AND ${budgets.systemId} IS NULL`)
      .all(),
    annualReports: db
      .select({ year: annualReports.year, internalDate: annualReports.internalDate, authorityDate: annualReports.authorityDate })
      .from(annualReports)
      .where(eq(annualReports.organisationId, organisationId))
      .all(),
  };
}

/**
 * The facts of every organisation that owns or operates a system (the organisations the evaluation
 * covers), by Vietnamese name then id; one query per table.
 */
export function loadAllOrganisationFacts(db: Db): OrganisationFacts[] {
  const counts = db.$client
    .prepare<[], { id: number; n: number }>(
      'SELECT org AS id, count(*) AS n FROM (SELECT id AS sid, owner_id AS org FROM systems UNION SELECT id, operator_id FROM systems) GROUP BY org',
    )
    .all();
  const orgs = organisationIndex(db);
  const orgDrills = groupBy(db.select({ organisationId: drills.organisationId, date: drills.date }).from(drills).all(), (d) => d.organisationId);
  const orgBudgets = groupBy(
    db
      .select({ organisationId: budgets.organisationId, year: budgets.year, itBudget: budgets.itBudget, securitySpending: budgets.securitySpending })
      .from(budgets)
      .where(sql`${budgets.systemId} IS NULL`)
      .all(),
    (b) => b.organisationId,
  );
  const reports = groupBy(
    db.select({ organisationId: annualReports.organisationId, year: annualReports.year, internalDate: annualReports.internalDate, authorityDate: annualReports.authorityDate }).from(annualReports).all(),
    (r) => r.organisationId,
  );
  return counts
    .flatMap(({ id, n }): OrganisationFacts[] => {
      const o = orgs.get(id);
      if (!o) return [];
      return [{
        id, code: o.code, nameVi: o.nameVi, nameEn: o.nameEn, systemCount: n,
        drills: (orgDrills.get(id) ?? []).map((d) => d.date),
        budgets: (orgBudgets.get(id) ?? []).map(({ year, itBudget, securitySpending }) => ({ year, itBudget, securitySpending })),
        annualReports: (reports.get(id) ?? []).map(({ year, internalDate, authorityDate }) => ({ year, internalDate, authorityDate })),
      }];
    })
    .sort(byName);
}

