// The facts the rule pack reads, for every system of a scope and the organisations that own or operate
// them: each table is read ONCE for the whole scope (the systems are selected in SQL and every other table
// is joined to them by a sub-select, never by a query per system), then grouped in Maps. The statements are
// plain SQL prepared once per connection and scope shape, returning plain rows: a full evaluation reads
// some 300 000 rows, and building ORM objects for them cost more than SQLite takes to read them.
// CHK-01's counts come from checklist_tallies, which SQLite keeps per system and level (src/db/checklist-tallies.ts).
import type { Statement } from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { groupBy } from '../../domain/collections.js';
import type { Db } from '../../db/client.js';
import { unpackTally } from '../../db/checklist-tallies.js';
import { applicableItems, catalogueFor, statsFromCounts, type ChecklistStats } from '../../domain/catalog/index.js';
import type { LevelAnswers, Regime } from '../../domain/level-criteria.js';
import type { DecisionFacts, EvidencedItem, OrganisationFacts, OrgFacts, SystemFacts } from '../../domain/rules/index.js';
import { decisionInForce } from '../../domain/timeline.js';
import { vietnamDayOfTimestamp } from '../../domain/dates.js';
import type { Visibility } from '../access/index.js';
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

// ---- the scope as SQL: a condition on `systems` with its parameters; lists are passed as one JSON array ----

interface ScopeSql {
  /** what tells statements of different shapes apart (the statement cache's key) */
  shape: string;
  /** a condition on the table `systems` */
  where: string;
  params: (string | number)[];
}

const inJson = (col: string) => `${col} IN (SELECT value FROM json_each(?))`;

function scopeSql(s: FactsScope): ScopeSql {
  const conds: string[] = [];
  const params: (string | number)[] = [];
  const shape: string[] = [];
  if (s.visibility && 'systemIds' in s.visibility) {
    conds.push(inJson('systems.id'));
    params.push(JSON.stringify(s.visibility.systemIds));
    shape.push('sys');
  } else if (s.visibility) {
    const orgs = JSON.stringify(s.visibility.orgIds);
    conds.push(`(${inJson('systems.owner_id')} OR ${inJson('systems.operator_id')} OR ${inJson('systems.security_unit_id')})`);
    params.push(orgs, orgs, orgs);
    shape.push('org');
  }
  if (s.orgIds) {
    const orgs = JSON.stringify(s.orgIds);
    conds.push(`(${inJson('systems.owner_id')} OR ${inJson('systems.operator_id')})`);
    params.push(orgs, orgs);
    shape.push('only');
  }
  if (s.idRange) {
    conds.push('systems.id BETWEEN ? AND ?');
    params.push(s.idRange[0], s.idRange[1]);
    shape.push('range');
  }
  return { shape: shape.join('+') || 'all', where: conds.join(' AND ') || '1', params };
}

const statements = new WeakMap<Db['$client'], Map<string, Statement>>();

/** A statement prepared once per connection and text. */
function prepared<R>(db: Db, text: string): Statement<unknown[], R> {
  let byText = statements.get(db.$client);
  if (!byText) statements.set(db.$client, (byText = new Map()));
  let s = byText.get(text);
  if (!s) byText.set(text, (s = db.$client.prepare(text)));
  return s as Statement<unknown[], R>;
}

/** Rows of `table` (aliased `x`) belonging to the scope's systems; `columns` read from `x`. */
function ofScope<R>(db: Db, sc: ScopeSql, select: string, from: string, extra = '', order = 'x.system_id, x.id'): R[] {
  const inScope = sc.shape === 'range' ? 'x.system_id BETWEEN ? AND ?' : `x.system_id IN (SELECT systems.id FROM systems WHERE ${sc.where})`;
  return prepared<R>(db, `SELECT ${select} FROM ${from} WHERE ${inScope}${extra} ORDER BY ${order}`).all(...sc.params);
}

/** ofScope's rows grouped by their system. */
function bySystemOf<R extends { systemId: number }>(db: Db, sc: ScopeSql, select: string, from: string, extra = '', order?: string): Map<number, R[]> {
  return groupBy(ofScope<R>(db, sc, select, from, extra, order), (r) => r.systemId);
}

/** The ids of the scope's systems, ascending; or in the lists' order (by name, as loadFacts gives them). */
export function scopeSystemIds(db: Db, s: FactsScope, order: 'id' | 'name' = 'id'): number[] {
  const sc = scopeSql(s);
  return prepared<number>(db, `SELECT id FROM systems WHERE ${sc.where} ORDER BY ${order === 'id' ? 'id' : 'name_vi COLLATE NOCASE, id'}`).pluck().all(...sc.params);
}

/**
 * The organisations `loadFacts` gives for a scope (the owners and operators of its systems that pass
 * `keepOrganisation`, with their number of systems in the scope), without loading the systems' facts: for a
 * scope evaluated by batches of systems.
 */
export function loadScopeOrganisationsFacts(db: Db, scope: FactsScope, keepOrganisation: (id: number) => boolean): OrganisationFacts[] {
  const sc = scopeSql(scope);
  const rows = prepared<{ ownerId: number; operatorId: number }>(db, `SELECT owner_id AS ownerId, operator_id AS operatorId FROM systems WHERE ${sc.where}`).all(...sc.params);
  const systemCount = new Map<number, number>();
  for (const s of rows) {
    systemCount.set(s.ownerId, (systemCount.get(s.ownerId) ?? 0) + 1);
    if (s.operatorId !== s.ownerId) systemCount.set(s.operatorId, (systemCount.get(s.operatorId) ?? 0) + 1);
  }
  return loadOrganisationsFacts(db, [...systemCount.keys()].filter(keepOrganisation)).map((f) => ({ ...f, systemCount: systemCount.get(f.id)! }));
}

// ---- organisations: read whole (organisations.service organisationIndex), the independence checks need any provider and its group ----

/** Organisations as the evaluation lists them: by Vietnamese name, then id. */
const byName = (a: { nameVi: string; id: number }, b: { nameVi: string; id: number }) => a.nameVi.localeCompare(b.nameVi, 'vi') || a.id - b.id;

/** The number of applicable items of a regime and level, computed once per pair. */
const applicableCounts = new Map<string, number>();
function applicableCount(regime: Regime, level: number): number {
  const key = `${regime}:${level}`;
  let n = applicableCounts.get(key);
  if (n === undefined) applicableCounts.set(key, (n = applicableItems(regime, level).length));
  return n;
}

/** One packed tally (checklist_tallies) → the counts of CHK-01. */
function unpack(applicable: number, packed: number): ChecklistStats {
  return statsFromCounts(applicable, unpackTally(packed));
}

// ---- the rows ----

interface SystemRow {
  id: number; code: string; nameVi: string; nameEn: string | null; ownerId: number; operatorId: number; securityUnitId: number | null;
  lifecycleStatus: SystemFacts['lifecycleStatus']; goLiveDate: string | null; decommissionedAt: string | null;
  stateFunded: number; nationalSecurityImportant: number; domesticProductsNote: string | null;
}
interface DecisionRow extends Omit<DecisionFacts, 'answers'> { systemId: number; answers: string | null }
interface Layer1Row { systemId: number; id: number; securityUnitId: number | null; decisionNumber: string | null; decisionDate: string | null }
interface Layer2Row { systemId: number; id: number; mode: 'self' | 'provider'; providerId: number | null; contractNumber: string | null; startDate: string | null; endDate: string | null; createdAt: string }
interface Layer3Row { systemId: number; id: number; assessorKind: 'provider' | 'in_house'; assessorId: number; contractNumber: string | null; startDate: string | null; endDate: string | null; revokedAt: string | null; createdAt: string }
interface Layer4Row { systemId: number; id: number; status: 'connected' | 'in_progress' | 'not_connected'; connectionDate: string | null }
interface AssessmentRow { systemId: number; id: number; performedDate: string; reportedDate: string | null; assessorId: number }
interface FindingRow { systemId: number; id: number; title: string; severity: SystemFacts['findings'][number]['severity']; status: SystemFacts['findings'][number]['status']; dueDate: string | null; closedDate: string | null }
interface AssignmentRow { systemId: number; operatorId: number; fullName: string; role: SystemFacts['people'][number]['assignment']['role']; fromDate: string; toDate: string | null }
type CertificateRow = SystemFacts['people'][number]['certificates'][number] & { operatorId: number; id: number };
interface UpdateRow { operatorId: number; date: string }
interface DrillRow { organisationId: number; systemId: number | null; date: string }
interface BudgetRow { organisationId: number; systemId: number | null; year: number; itBudget: number; securitySpending: number }
interface NoticeRow { systemId: number; year: number; sentDate: string }
interface TallyRow { systemId: number; catalogue: string; l1: number; l2: number; l3: number; l4: number; l5: number }
interface ReportRow { organisationId: number; year: number; internalDate: string | null; authorityDate: string | null }

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
  const sc = scopeSql(scope);
  const orgs = organisationIndex(db);

  const systemRows = prepared<SystemRow>(
    db,
    `SELECT id, code, name_vi AS nameVi, name_en AS nameEn, owner_id AS ownerId, operator_id AS operatorId, security_unit_id AS securityUnitId,
            lifecycle_status AS lifecycleStatus, go_live_date AS goLiveDate, decommissioned_at AS decommissionedAt, state_funded AS stateFunded,
            national_security_important AS nationalSecurityImportant, domestic_products_note AS domesticProductsNote
       FROM systems WHERE ${sc.where} ORDER BY name_vi COLLATE NOCASE, id`,
  ).all(...sc.params);

  const decisions = bySystemOf<DecisionRow>(db, sc,
      `x.system_id AS systemId, x.id, x.regime, x.answers, x.proposed_level AS proposedLevel, x.dossier_status AS dossierStatus, x.appraisal_body AS appraisalBody,
       x.appraisal_date AS appraisalDate, x.approval_date AS approvalDate, x.regulation_number AS regulationNumber, x.regulation_date AS regulationDate`,
      'level_decisions x');
  const layer1 = bySystemOf<Layer1Row>(db, sc, 'x.system_id AS systemId, x.id, x.security_unit_id AS securityUnitId, x.decision_number AS decisionNumber, x.decision_date AS decisionDate', 'layer1_designations x');
  const layer2 = bySystemOf<Layer2Row>(db, sc,
      `x.system_id AS systemId, x.id, x.mode, x.provider_id AS providerId, x.contract_number AS contractNumber, x.start_date AS startDate, x.end_date AS endDate, x.created_at AS createdAt`,
      'layer2_monitoring x');
  const layer3 = bySystemOf<Layer3Row>(db, sc,
      `x.system_id AS systemId, x.id, x.assessor_kind AS assessorKind, x.assessor_id AS assessorId, x.contract_number AS contractNumber, x.start_date AS startDate,
       x.end_date AS endDate, x.revoked_at AS revokedAt, x.created_at AS createdAt`,
      'engagements x');
  const layer4 = bySystemOf<Layer4Row>(db, sc, 'x.system_id AS systemId, x.id, x.status, x.connection_date AS connectionDate', 'layer4_connections x');
  const performed = bySystemOf<AssessmentRow>(db, sc, 'x.system_id AS systemId, x.id, x.performed_date AS performedDate, x.reported_date AS reportedDate, x.assessor_id AS assessorId', 'assessments x', ' AND x.performed_date IS NOT NULL');
  const findingRows = bySystemOf<FindingRow>(db, sc, 'x.system_id AS systemId, x.id, x.title, x.severity, x.status, x.due_date AS dueDate, x.closed_date AS closedDate', 'findings x', ' AND x.due_date IS NOT NULL');

  // people: the assignments of the scope's systems, and the certificates and updates of the people assigned
  const assignments = bySystemOf<AssignmentRow>(db, sc,
      'x.system_id AS systemId, x.operator_id AS operatorId, o.full_name AS fullName, x.role, x.from_date AS fromDate, x.to_date AS toDate',
      'operator_assignments x JOIN operators o ON o.id = x.operator_id', '', 'x.id');
  const people = [...new Set([...assignments.values()].flatMap((rows) => rows.map((a) => a.operatorId)))];
  const peopleJson = JSON.stringify(people);
  const certs = groupBy(
    prepared<CertificateRow>(db,
      `SELECT operator_id AS operatorId, id, kind, status, issue_date AS issueDate, expiry_date AS expiryDate, status_date AS statusDate
         FROM certificates WHERE operator_id IN (SELECT value FROM json_each(?)) ORDER BY operator_id, id`).all(peopleJson),
    (r) => r.operatorId,
  );
  const updates = groupBy(
    prepared<UpdateRow>(db, 'SELECT operator_id AS operatorId, date FROM knowledge_updates WHERE operator_id IN (SELECT value FROM json_each(?)) ORDER BY operator_id, id').all(peopleJson),
    (r) => r.operatorId,
  );

  // drills and budgets: a system's own, and every one of the organisations evaluated
  const organisationIds = new Set<number>();
  for (const s of systemRows) organisationIds.add(s.ownerId).add(s.operatorId);
  const systemsJson = JSON.stringify(systemRows.map((s) => s.id));
  const orgsJson = JSON.stringify([...organisationIds]);
  const drillRows = prepared<DrillRow>(db,
    `SELECT organisation_id AS organisationId, system_id AS systemId, date FROM drills
      WHERE system_id IN (SELECT value FROM json_each(?)) OR organisation_id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(systemsJson, orgsJson);
  const budgetRows = prepared<BudgetRow>(db,
    `SELECT organisation_id AS organisationId, system_id AS systemId, year, it_budget AS itBudget, security_spending AS securitySpending FROM budgets
      WHERE system_id IN (SELECT value FROM json_each(?)) OR organisation_id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(systemsJson, orgsJson);
  const notices = bySystemOf<NoticeRow>(db, sc, 'x.system_id AS systemId, x.year, x.sent_date AS sentDate', 'self_inspection_notices x');
  const tallies = new Map(
    ofScope<TallyRow>(db, sc, 'x.system_id AS systemId, x.catalogue, x.l1, x.l2, x.l3, x.l4, x.l5', 'checklist_tallies x', '', 'x.system_id').map((r) => [`${r.systemId}|${r.catalogue}`, r]),
  );
  const reports = groupBy(
    prepared<ReportRow>(db,
      `SELECT organisation_id AS organisationId, year, internal_date AS internalDate, authority_date AS authorityDate FROM annual_reports
        WHERE organisation_id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(orgsJson),
    (r) => r.organisationId,
  );

  // the evidence behind the claims (evidence-facts.repository.ts)
  const evidence = loadEvidenceFacts(db, sql`(SELECT value FROM json_each(${systemsJson}))`, sql`(SELECT value FROM json_each(${peopleJson}))`);

  const systemDrills = groupBy(drillRows.filter((d) => d.systemId !== null), (d) => d.systemId!);
  const orgDrills = groupBy(drillRows, (d) => d.organisationId);
  const systemBudgets = groupBy(budgetRows.filter((b) => b.systemId !== null), (b) => b.systemId!);
  const orgBudgets = groupBy(budgetRows.filter((b) => b.systemId === null), (b) => b.organisationId);
  const unknownOrg = (id: number): OrgFacts => ({ id, parentId: null, kind: 'agency', nameVi: '', nameEn: null, licenceExpires: null, ancestors: [] });
  const orgRef = (id: number): OrgFacts => orgs.get(id) ?? unknownOrg(id);
  const none: never[] = [];

  const systemFacts = systemRows.map((s): SystemFacts => {
    const ds: DecisionFacts[] = (decisions.get(s.id) ?? none).map((d) => ({
      id: d.id, regime: d.regime, answers: d.answers === null ? null : (JSON.parse(d.answers) as Partial<LevelAnswers>), proposedLevel: d.proposedLevel,
      dossierStatus: d.dossierStatus, appraisalBody: d.appraisalBody, appraisalDate: d.appraisalDate, approvalDate: d.approvalDate,
      regulationNumber: d.regulationNumber, regulationDate: d.regulationDate,
    }));
    const inForce = decisionInForce(ds, asOf);
    let checklist: SystemFacts['checklist'] = null;
    let evidenced: EvidencedItem[] = [];
    if (inForce) {
      const tally = tallies.get(`${s.id}|${catalogueFor(inForce.regime)}`);
      const level = inForce.proposedLevel;
      const packed = tally ? [tally.l1, tally.l2, tally.l3, tally.l4, tally.l5][level - 1] ?? 0 : 0;
      checklist = unpack(applicableCount(inForce.regime, level), packed);
      evidenced = evidence.metItems(s.id, inForce.regime, inForce.proposedLevel);
    }
    // explicit properties, no spreads: with 20 000 systems, spreading row objects costs more than the queries
    return {
      id: s.id, code: s.code, nameVi: s.nameVi, nameEn: s.nameEn, ownerId: s.ownerId, operatorId: s.operatorId, securityUnitId: s.securityUnitId,
      lifecycleStatus: s.lifecycleStatus, goLiveDate: s.goLiveDate, decommissionedAt: s.decommissionedAt,
      stateFunded: s.stateFunded === 1, nationalSecurityImportant: s.nationalSecurityImportant === 1, domesticProductsNote: s.domesticProductsNote,
      operator: orgRef(s.operatorId),
      owner: orgRef(s.ownerId),
      decisions: ds,
      layer1: (layer1.get(s.id) ?? none).map((l) => evidence.attach({ id: l.id, securityUnitId: l.securityUnitId, decisionNumber: l.decisionNumber, decisionDate: l.decisionDate }, `layer1|${l.id}`)),
      layer2: (layer2.get(s.id) ?? none).map((l) => evidence.attach({
        id: l.id, mode: l.mode, providerId: l.providerId, provider: l.providerId === null ? null : orgRef(l.providerId),
        contractNumber: l.contractNumber, startDate: l.startDate, endDate: l.endDate, recordedOn: vietnamDayOfTimestamp(l.createdAt),
      }, `layer2|${l.id}`)),
      layer3: (layer3.get(s.id) ?? none).map((l) => evidence.attach({
        id: l.id, assessorKind: l.assessorKind, assessorId: l.assessorId, assessor: orgRef(l.assessorId),
        contractNumber: l.contractNumber, startDate: l.startDate, endDate: l.endDate, revokedAt: l.revokedAt, recordedOn: vietnamDayOfTimestamp(l.createdAt),
      }, `layer3|${l.id}`)),
      layer4: (layer4.get(s.id) ?? none).map((l) => evidence.attach({ id: l.id, status: l.status, connectionDate: l.connectionDate }, `layer4|${l.id}`)),
      assessments: (performed.get(s.id) ?? none).map((a) => ({ id: a.id, performedDate: a.performedDate, reportedDate: a.reportedDate, assessor: orgRef(a.assessorId) })),
      findings: (findingRows.get(s.id) ?? none).map((f) => evidence.attach({ id: f.id, title: f.title, severity: f.severity, status: f.status, dueDate: f.dueDate, closedDate: f.closedDate }, `finding|${f.id}`)),
      people: (assignments.get(s.id) ?? none).map((a) => ({
        operatorId: a.operatorId,
        fullName: a.fullName,
        assignment: { role: a.role, fromDate: a.fromDate, toDate: a.toDate },
        certificates: (certs.get(a.operatorId) ?? none).map((c) => evidence.attach(c, `certificate|${c.id}`)),
        updates: updates.get(a.operatorId) ?? none,
      })),
      drills: (systemDrills.get(s.id) ?? none).map((d) => d.date),
      budgets: (systemBudgets.get(s.id) ?? none).map((b) => ({ year: b.year, itBudget: b.itBudget, securitySpending: b.securitySpending })),
      notices: (notices.get(s.id) ?? none).map((n) => ({ year: n.year, sentDate: n.sentDate })),
      checklist,
      ...(evidenced.length ? { evidence: { checklist: evidenced } } : {}),
    };
  });

  // the organisations: owners and operators of the systems, each once
  const systemCount = new Map<number, number>();
  for (const s of systemRows) {
    systemCount.set(s.ownerId, (systemCount.get(s.ownerId) ?? 0) + 1);
    if (s.operatorId !== s.ownerId) systemCount.set(s.operatorId, (systemCount.get(s.operatorId) ?? 0) + 1);
  }
  const organisationFacts = [...systemCount.keys()]
    .filter(keepOrganisation)
    .flatMap((id): OrganisationFacts[] => {
      const o = orgs.get(id);
      if (!o) return [];
      return [{
        id, code: o.code, nameVi: o.nameVi, nameEn: o.nameEn, systemCount: systemCount.get(id) ?? 0,
        drills: (orgDrills.get(id) ?? none).map((d) => d.date),
        budgets: (orgBudgets.get(id) ?? none).map(({ year, itBudget, securitySpending }) => ({ year, itBudget, securitySpending })),
        annualReports: (reports.get(id) ?? none).map(({ year, internalDate, authorityDate }) => ({ year, internalDate, authorityDate })),
      }];
    })
    .sort(byName);

  return { systems: systemFacts, organisations: organisationFacts };
}

/** The facts of one organisation, whatever systems the reader may see (its own page). */
export function loadOrganisationFacts(db: Db, organisationId: number): OrganisationFacts | null {
  return loadOrganisationsFacts(db, [organisationId])[0] ?? null;
}

/**
 * The facts of the organisations `ids` (every organisation that owns or operates a system when not given:
 * the organisations the evaluation covers), by Vietnamese name then id; one query per table.
 */
export function loadOrganisationsFacts(db: Db, ids?: readonly number[]): OrganisationFacts[] {
  const only = ids ? JSON.stringify(ids) : null;
  const filter = (col: string) => (only ? ` WHERE ${col} IN (SELECT value FROM json_each(?))` : '');
  const args = only ? [only] : [];
  const orgs = organisationIndex(db);
  const counts = ids
    ? prepared<{ id: number; n: number }>(db,
      `SELECT o.value AS id, (SELECT count(*) FROM systems s WHERE s.owner_id = o.value OR s.operator_id = o.value) AS n FROM json_each(?) o`).all(only)
    : prepared<{ id: number; n: number }>(db,
      'SELECT org AS id, count(*) AS n FROM (SELECT id AS sid, owner_id AS org FROM systems UNION SELECT id, operator_id FROM systems) GROUP BY org').all();
  const orgDrills = groupBy(prepared<DrillRow>(db, `SELECT organisation_id AS organisationId, date FROM drills${filter('organisation_id')} ORDER BY id`).all(...args), (d) => d.organisationId);
  const orgBudgets = groupBy(
    prepared<BudgetRow>(db,
      `SELECT organisation_id AS organisationId, system_id AS systemId, year, it_budget AS itBudget, security_spending AS securitySpending FROM budgets${filter('organisation_id')} ORDER BY id`)
      .all(...args)
      .filter((b) => b.systemId === null),
    (b) => b.organisationId,
  );
  const reports = groupBy(
    prepared<ReportRow>(db,
      `SELECT organisation_id AS organisationId, year, internal_date AS internalDate, authority_date AS authorityDate FROM annual_reports${filter('organisation_id')} ORDER BY id`).all(...args),
    (r) => r.organisationId,
  );
  const none: never[] = [];
  return counts
    .flatMap(({ id, n }): OrganisationFacts[] => {
      const o = orgs.get(id);
      if (!o) return [];
      return [{
        id, code: o.code, nameVi: o.nameVi, nameEn: o.nameEn, systemCount: n,
        drills: (orgDrills.get(id) ?? none).map((d) => d.date),
        budgets: (orgBudgets.get(id) ?? none).map(({ year, itBudget, securitySpending }) => ({ year, itBudget, securitySpending })),
        annualReports: (reports.get(id) ?? none).map(({ year, internalDate, authorityDate }) => ({ year, internalDate, authorityDate })),
      }];
    })
    .sort(byName);
}

/** The facts of every organisation that owns or operates a system (the organisations the evaluation covers). */
export function loadAllOrganisationFacts(db: Db): OrganisationFacts[] {
  return loadOrganisationsFacts(db);
}
