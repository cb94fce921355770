// People who administer or operate systems: their details, certificates, knowledge updates and assignments,
// and the HR-01…HR-03 readiness of systems derived from them (src/domain/people.ts).
import type { Db, Tx } from '../../db/client.js';
import { offThread } from '../../db/worker-pool.js';
import type { certificates, operators } from '../../db/schema/people.js';
import type { AssignmentRow, CertificateRow, KnowledgeUpdateRow, OperatorRow } from '../../db/schema/people.js';
import type { SystemRow } from '../../db/schema/systems.js';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import {
  PEOPLE_CITATIONS, PEOPLE_RULES_CONFIG, assignmentActive, certificateState, countsForHr01, evaluatePeople, personReadiness,
  type CertificateState, type PersonFacts, type Readiness, type RuleResult,
} from '../../domain/people.js';
import { fold, todayIso } from '../../i18n/format.js';
import { paginate } from '../../web/pagination.js';
import { assertCan, type Actor, getSystem, visibility, subtreeIds } from '../access/index.js';
import { audit, changesOf, diff, updateAudited, updateAuditedIn } from '../audit/audit.service.js';
import { decisionRegister, levelsOf } from '../levels/levels.service.js';
import { organisationTree, findOrganisation } from '../organisations/organisations.service.js';
import * as notices from '../mail/notices.service.js';
import * as repo from './operators.repository.js';
import type { AssignmentInput, CertificateInput, KnowledgeUpdateInput, OperatorInput, OperatorListQuery, RosterQuery } from './operators.schemas.js';

const OPERATOR_AUDITED = ['fullName', 'organisationId', 'position', 'email', 'phone'] as const; // + nationalId, masked
const CERTIFICATE_AUDITED = ['kind', 'name', 'number', 'issuer', 'issueDate', 'expiryDate', 'status', 'statusDate', 'statusReason'] as const;
const UPDATE_AUDITED = ['date', 'programme', 'hours', 'organiser'] as const;
const ASSIGNMENT_AUDITED = ['systemId', 'role', 'fromDate', 'toDate'] as const;

export type HrResult = RuleResult & { citation: string };

/** A national ID shows only its last four digits (and never its length). */
export function maskNationalId(id: string | null | undefined): string | null {
  return id ? `••••••••${id.slice(-4)}` : null;
}

/** The audit diff of a person; the national ID goes in masked, whatever changed. */
function operatorChanges(before: OperatorRow | null, after: OperatorRow): Record<string, [unknown, unknown]> {
  const changes = diff(before, after, OPERATOR_AUDITED);
  const was = before?.nationalId ?? null;
  if (was !== after.nationalId) changes.nationalId = [maskNationalId(was), maskNationalId(after.nationalId)];
  return changes;
}

const searchTextOf = (p: Pick<OperatorRow, 'fullName' | 'position' | 'email' | 'phone'>) =>
  fold([p.fullName, p.position, p.email, p.phone].filter(Boolean).join(' '));

function fail(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

const notFuture = (errors: FieldErrors, field: string, v: string | null, today: string) => {
  if (v && v > today) errors[field] = 'v.future';
};

// ---- who sees whom ----

/** People of the actor's subtree; auditors (assessment companies) see none. */
function peopleScope(actor: Actor): number[] {
  return actor.role === 'auditor' ? [] : [...actor.scope];
}

const canOpen = (actor: Actor, organisationId: number) => actor.role !== 'auditor' && actor.scope.has(organisationId);

export function getOperator(db: Db, actor: Actor, id: number): OperatorRow {
  const o = repo.findOperator(db, id);
  // another subtree's person answers exactly like a missing one
  if (!o || !canOpen(actor, o.organisationId)) throw new NotFoundError('operator');
  return o;
}

function writableOperator(db: Db, actor: Actor, id: number): OperatorRow {
  assertCan(actor, 'system.write');
  return getOperator(db, actor, id);
}

/** Agencies of the actor's subtree, in tree order: a person's organisation must stay visible to whoever records it. */
export function organisationChoices(db: Db, actor: Actor) {
  return organisationTree(db, actor).filter((n) => n.org.kind === 'agency');
}

export function assignableSystems(db: Db, actor: Actor): repo.SystemChoice[] {
  return repo.assignableSystems(db, visibility(db, actor));
}

// ---- the list and the person page ----

export function listOperators(db: Db, actor: Actor, q: OperatorListQuery, asOf = todayIso()) {
  const scope = peopleScope(actor);
  const filter: repo.OperatorFilter = {
    // an organisation outside the subtree is ignored rather than revealed
    orgIds: q.org !== undefined && scope.includes(q.org) ? subtreeIds(db, q.org) : scope,
    q: q.q ? fold(q.q) : undefined,
  };
  const page = paginate(q.page, repo.countOperators(db, filter));
  const people = repo.listOperators(db, filter, page.perPage, page.offset);
  const ids = people.map((p) => p.id);
  const certs = groupBy(repo.certificatesOf(db, ids), (c) => c.operatorId);
  const updates = groupBy(repo.updatesOf(db, ids), (u) => u.operatorId);
  const rows = people.map((p) => ({ person: p, readiness: personReadiness({ certificates: certs.get(p.id) ?? [], updates: updates.get(p.id) ?? [] }, asOf) }));
  return { rows, page };
}

export type ShownCertificate = CertificateRow & { state: CertificateState; counts: boolean };

export function personDetail(db: Db, actor: Actor, id: number, asOf = todayIso()) {
  const operator = getOperator(db, actor, id);
  const all = repo.assignmentsOfOperator(db, id);
  // a system the actor may not see is left out, not named
  const visible = new Set(repo.visibleSystemIds(db, visibility(db, actor), all.map((a) => a.systemId)));
  const assignments = all.filter((a) => visible.has(a.systemId)).map((a) => ({ ...a, active: assignmentActive(a, asOf) }));
  const certificates: ShownCertificate[] = repo.certificatesOf(db, [id]).map((c) => ({ ...c, state: certificateState(c, asOf), counts: countsForHr01(c) }));
  const updates = repo.updatesOf(db, [id]);
  return {
    operator,
    organisation: findOrganisation(db, operator.organisationId),
    maskedNationalId: maskNationalId(operator.nationalId),
    assignments,
    certificates,
    updates,
    readiness: personReadiness({ certificates, updates }, asOf),
  };
}

// ---- writes ----

function checkOrganisation(db: Db, actor: Actor, organisationId: number, errors: FieldErrors): void {
  if (!organisationChoices(db, actor).some((n) => n.org.id === organisationId)) errors.organisationId = 'v.choose';
}

// ---- row writers with their audit entries, in the caller's transaction (the forms, and the importer) ----

type OperatorFields = Omit<typeof operators.$inferInsert, 'id' | 'searchText' | 'createdAt' | 'updatedAt'>;
type CertificateFields = Omit<typeof certificates.$inferInsert, 'id' | 'operatorId' | 'createdAt' | 'updatedAt'>;

export function insertOperatorAudited(tx: Tx, actor: Actor, fields: OperatorFields): OperatorRow {
  const row = repo.insertOperator(tx, { ...fields, searchText: searchTextOf({ phone: null, position: null, email: null, ...fields }) });
  audit(tx, actor, { action: 'create', entityType: 'operator', entityId: row.id, organisationId: row.organisationId, summary: row.fullName, changes: operatorChanges(null, row) });
  return row;
}

/** What `fields` would change on a person (only the fields given are compared; the national ID masked). */
export function operatorChangesFor(before: OperatorRow, fields: Partial<OperatorFields>): Record<string, [unknown, unknown]> {
  const changes = changesOf(before, fields, OPERATOR_AUDITED);
  if ('nationalId' in fields && (fields.nationalId ?? null) !== before.nationalId) changes.nationalId = [maskNationalId(before.nationalId), maskNationalId(fields.nationalId ?? null)];
  return changes;
}

/** A change to a person is filed under their organisation: moving them to another, under the new one (the diff keeps the old id). */
const operatorEntry = (row: OperatorRow) => ({ entityType: 'operator', entityId: row.id, organisationId: row.organisationId, summary: row.fullName });

export function updateOperatorAudited(tx: Tx, actor: Actor, before: OperatorRow, fields: Partial<OperatorFields>): OperatorRow | null {
  return updateAuditedIn(tx, actor, {
    changes: operatorChangesFor(before, fields),
    write: () => repo.updateOperator(tx, before.id, { ...fields, searchText: searchTextOf({ ...before, ...fields }) }),
    entry: operatorEntry,
  });
}

/** A person of an organisation by name, ignoring case and diacritics (the importer matches people so). */
export function findOperatorByName(db: Tx, organisationId: number, fullName: string): OperatorRow | undefined {
  const key = fold(fullName);
  return repo.operatorsOf(db, organisationId).find((o) => fold(o.fullName) === key);
}

export function insertCertificateAudited(tx: Tx, actor: Actor, person: OperatorRow, fields: CertificateFields): CertificateRow {
  const row = repo.insertCertificate(tx, { operatorId: person.id, ...fields });
  audit(tx, actor, {
    action: 'create', entityType: 'certificate', entityId: row.id, organisationId: person.organisationId,
    summary: `${person.fullName} · ${row.name} ${row.number}`, changes: diff(null, row, CERTIFICATE_AUDITED),
  });
  return row;
}

export function certificateChangesFor(before: CertificateRow, fields: Partial<CertificateFields>): Record<string, [unknown, unknown]> {
  return changesOf(before, fields, CERTIFICATE_AUDITED);
}

/** Applies `fields` to a certificate; a change of status is logged as a state change. Null when nothing changes. */
export function updateCertificateAudited(tx: Tx, actor: Actor, person: OperatorRow, before: CertificateRow, fields: Partial<CertificateFields>): CertificateRow | null {
  const changes = certificateChangesFor(before, fields);
  return updateAuditedIn(tx, actor, {
    changes,
    write: () => repo.updateCertificate(tx, before.id, fields),
    entry: (row) => ({
      action: changes.status ? 'state' : 'update', entityType: 'certificate', entityId: before.id, organisationId: person.organisationId,
      summary: `${person.fullName} · ${row.name} ${row.number}${row.statusReason && changes.status ? ` — ${row.statusReason}` : ''}`,
    }),
  });
}

/** The certificate an issuing body gave this number (unique per issuer; void entries left out), whoever holds it (the caller checks). */
export function findCertificateByNumber(db: Tx, issuer: string, number: string): CertificateRow | undefined {
  return repo.findCertificateByNumber(db, issuer, number);
}

/** A number the issuing body already gave another certificate is a mistake (`exceptId`: the certificate being edited). */
function numberTaken(db: Tx, errors: FieldErrors, input: Pick<CertificateInput, 'issuer' | 'number'>, exceptId: number | null): void {
  const other = repo.findCertificateByNumber(db, input.issuer, input.number);
  if (other && other.id !== exceptId) errors.number = 'op.v.numberTaken';
}

export function findOperatorRow(db: Tx, id: number): OperatorRow | undefined {
  return repo.findOperator(db, id);
}

export function createOperator(db: Db, actor: Actor, input: OperatorInput): OperatorRow {
  assertCan(actor, 'system.write');
  const errors: FieldErrors = {};
  checkOrganisation(db, actor, input.organisationId, errors);
  fail(errors);
  const { clearNationalId: _clear, ...fields } = input;
  return db.transaction((tx) => insertOperatorAudited(tx, actor, fields));
}

export function updateOperator(db: Db, actor: Actor, id: number, input: OperatorInput): OperatorRow {
  const before = writableOperator(db, actor, id);
  const errors: FieldErrors = {};
  checkOrganisation(db, actor, input.organisationId, errors);
  fail(errors);
  // the edit form never shows the stored ID: blank keeps it, the checkbox removes it
  const nationalId = input.nationalId ?? (input.clearNationalId ? null : before.nationalId);
  const { clearNationalId: _clear, ...rest } = input;
  const fields = { ...rest, nationalId };
  return updateAudited(db, actor, before, {
    changes: operatorChanges(before, { ...before, ...fields }),
    write: (tx) => repo.updateOperator(tx, id, { ...fields, searchText: searchTextOf(fields) }),
    entry: operatorEntry,
  });
}

export function addCertificate(db: Db, actor: Actor, operatorId: number, input: CertificateInput, today = todayIso()): CertificateRow {
  const o = writableOperator(db, actor, operatorId);
  const errors: FieldErrors = {};
  notFuture(errors, 'issueDate', input.issueDate, today);
  notFuture(errors, 'statusDate', input.statusDate, today);
  numberTaken(db, errors, input, null);
  fail(errors);
  return db.transaction((tx) => insertCertificateAudited(tx, actor, o, input));
}

export function getCertificate(db: Db, actor: Actor, operatorId: number, id: number): CertificateRow {
  getOperator(db, actor, operatorId);
  const c = repo.findCertificate(db, operatorId, id);
  if (!c) throw new NotFoundError('certificate');
  return c;
}

/** Edits a certificate; a change of status (suspended, revoked, reinstated) is logged as a state change. */
export function updateCertificate(db: Db, actor: Actor, operatorId: number, id: number, input: CertificateInput, today = todayIso()): CertificateRow {
  const o = writableOperator(db, actor, operatorId);
  const before = getCertificate(db, actor, operatorId, id);
  if (before.status === 'void') throw new ConflictError('op.cert.isVoid');
  const errors: FieldErrors = {};
  notFuture(errors, 'issueDate', input.issueDate, today);
  notFuture(errors, 'statusDate', input.statusDate, today);
  numberTaken(db, errors, input, before.id);
  fail(errors);
  return db.transaction((tx) => {
    const row = updateCertificateAudited(tx, actor, o, before, input) ?? before;
    if (row.status === 'revoked' && before.status !== 'revoked') notices.certificateRevoked(tx, actor, { operator: o, certificate: row, before }, today);
    return row;
  });
}

/**
 * Voids a certificate entered by mistake (a wrong person, a made-up number): it stays on the record, struck
 * through with the reason, and never counts again; its number is free for the correct entry. Not for a
 * certificate the issuing body suspended or revoked (that is a status, with the body's date and reason).
 */
export function voidCertificate(db: Db, actor: Actor, operatorId: number, id: number, reason: string, today = todayIso()): CertificateRow {
  const o = writableOperator(db, actor, operatorId);
  const before = getCertificate(db, actor, operatorId, id);
  if (before.status === 'void') throw new ConflictError('op.cert.isVoid');
  return db.transaction((tx) => updateCertificateAudited(tx, actor, o, before, { status: 'void', statusDate: today, statusReason: reason }) ?? before);
}

export function addKnowledgeUpdate(db: Db, actor: Actor, operatorId: number, input: KnowledgeUpdateInput, today = todayIso()): KnowledgeUpdateRow {
  const o = writableOperator(db, actor, operatorId);
  const errors: FieldErrors = {};
  notFuture(errors, 'date', input.date, today);
  fail(errors);
  return db.transaction((tx) => {
    const row = repo.insertUpdate(tx, { operatorId, ...input });
    audit(tx, actor, {
      action: 'create', entityType: 'knowledge_update', entityId: row.id, organisationId: o.organisationId,
      summary: `${o.fullName} · ${row.programme}`, changes: diff(null, row, UPDATE_AUDITED),
    });
    return row;
  });
}

const overlaps = (a: Pick<AssignmentRow, 'fromDate' | 'toDate'>, b: Pick<AssignmentRow, 'fromDate' | 'toDate'>) =>
  (a.toDate === null || b.fromDate <= a.toDate) && (b.toDate === null || a.fromDate <= b.toDate);

export function assignOperator(db: Db, actor: Actor, operatorId: number, input: AssignmentInput, today = todayIso()): AssignmentRow {
  const o = writableOperator(db, actor, operatorId);
  const errors: FieldErrors = {};
  if (!assignableSystems(db, actor).some((s) => s.id === input.systemId)) errors.systemId = 'v.choose';
  else if (repo.assignmentsToSystem(db, operatorId, input.systemId).some((a) => overlaps(a, input))) errors.systemId = 'op.v.alreadyAssigned';
  // a start is a fact; a known end (a contract, a rotation) may lie ahead
  notFuture(errors, 'fromDate', input.fromDate, today);
  fail(errors);
  return db.transaction((tx) => {
    const row = repo.insertAssignment(tx, { operatorId, ...input });
    audit(tx, actor, {
      action: 'create', entityType: 'assignment', entityId: row.id, systemId: row.systemId, organisationId: o.organisationId,
      summary: o.fullName, changes: diff(null, row, ASSIGNMENT_AUDITED),
    });
    return row;
  });
}

export function endAssignment(db: Db, actor: Actor, operatorId: number, id: number, toDate: string, today = todayIso()): AssignmentRow {
  const o = writableOperator(db, actor, operatorId);
  const before = repo.findAssignment(db, operatorId, id);
  if (!before) throw new NotFoundError('assignment');
  getSystem(db, actor, before.systemId); // the system must be visible too
  if (before.toDate !== null && before.toDate < today) throw new ConflictError('op.alreadyEnded');
  if (toDate < before.fromDate) throw new ValidationError({ toDate: 'op.v.toBeforeFrom' });
  return db.transaction((tx) => {
    const row = repo.endAssignment(tx, id, toDate);
    audit(tx, actor, {
      action: 'state', entityType: 'assignment', entityId: id, systemId: row.systemId, organisationId: o.organisationId,
      summary: o.fullName, changes: diff(before, row, ['toDate']),
    });
    return row;
  });
}

// ---- readiness of systems ----

function groupBy<T>(rows: readonly T[], key: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}

interface Loaded {
  assignments: repo.SystemAssignment[];
  certs: Map<number, CertificateRow[]>;
  updates: Map<number, KnowledgeUpdateRow[]>;
}

/** Assignments of the systems and everything about their people: one query per table. */
function loadPeople(db: Db, systemIds: readonly number[]): Loaded {
  const assignments = repo.assignmentsOfSystems(db, systemIds);
  const ids = [...new Set(assignments.map((a) => a.operatorId))];
  return {
    assignments,
    certs: groupBy(repo.certificatesOf(db, ids), (c) => c.operatorId),
    updates: groupBy(repo.updatesOf(db, ids), (u) => u.operatorId),
  };
}

function factsOf(a: repo.SystemAssignment, l: Loaded): PersonFacts {
  return {
    operatorId: a.operatorId, fullName: a.fullName, assignment: { role: a.role, fromDate: a.fromDate, toDate: a.toDate },
    certificates: l.certs.get(a.operatorId) ?? [], updates: l.updates.get(a.operatorId) ?? [],
  };
}

const withCitations = (results: RuleResult[]): HrResult[] => results.map((r) => ({ ...r, citation: PEOPLE_CITATIONS[r.rule] }));
const isProblem = (r: RuleResult) => r.state === 'gap' || r.state === 'due_soon';

export interface Badge {
  key: string;
  params?: Record<string, string | number>;
  /** a CSS class of app.css */
  cls: string;
}

const CERT_CLASS: Record<CertificateState, string> = {
  valid: 'tag-ok', expiring: 'licence-expiring', expired: 'tag-warn', suspended: 'tag-warn', revoked: 'tag-warn', void: 'tag-off', none: 'tag-off',
};

function badgesOf(role: string, active: boolean, toDate: string | null, r: Readiness): Badge[] {
  const badges: Badge[] = [{ key: `op.role.${role}`, cls: '' }];
  if (!active) return [...badges, { key: 'op.assignment.endedOn', params: { date: toDate ?? '' }, cls: 'tag-off' }];
  badges.push({ key: `op.cert.${r.certificate}`, cls: CERT_CLASS[r.certificate] });
  badges.push(r.updateOk ? { key: 'op.update.ok', cls: 'tag-ok' } : { key: 'op.update.missing', cls: 'tag-warn' });
  return badges;
}

export interface SystemOperator {
  assignmentId: number;
  operatorId: number;
  fullName: string;
  position: string | null;
  role: AssignmentRow['role'];
  fromDate: string;
  toDate: string | null;
  active: boolean;
  readiness: Readiness;
  badges: Badge[];
  /** the person's page, or null when the actor may not open it */
  href: string | null;
}

/** The system page's operators (active first) and its HR-01…HR-03 results, with citations. */
export function systemOperators(db: Db, actor: Actor, systemId: number, asOf = todayIso()): { system: SystemRow; level: number | null; operators: SystemOperator[]; hr: HrResult[] } {
  const system = getSystem(db, actor, systemId);
  // a decommissioned system needs nobody any more: the rules are n/a
  const level = system.lifecycleStatus === 'decommissioned' ? null : levelsOf(db, systemId, asOf).level;
  const loaded = loadPeople(db, [systemId]);
  const operators = loaded.assignments
    .map((a): SystemOperator => {
      const f = factsOf(a, loaded);
      const readiness = personReadiness(f, asOf);
      const active = assignmentActive(a, asOf);
      return {
        assignmentId: a.id, operatorId: a.operatorId, fullName: a.fullName, position: a.position, role: a.role, fromDate: a.fromDate, toDate: a.toDate,
        active, readiness, badges: badgesOf(a.role, active, a.toDate, readiness), href: canOpen(actor, a.organisationId) ? `/operators/${a.operatorId}` : null,
      };
    })
    .sort((x, y) => Number(y.active) - Number(x.active) || (y.toDate ?? '').localeCompare(x.toDate ?? ''));
  const hr = withCitations(evaluatePeople(level, loaded.assignments.map((a) => factsOf(a, loaded)), asOf));
  return { system, level, operators, hr };
}

export interface RosterPerson {
  operatorId: number;
  fullName: string;
  role: AssignmentRow['role'];
  readiness: Readiness;
  href: string | null;
}

export interface RosterRow {
  system: repo.RosterSystem;
  people: RosterPerson[];
  hr: HrResult[];
  problem: boolean;
}

/**
 * The roster's systems as of a day other than today (an annual report of a past year): the level column is
 * today's, so the level in force that day comes from the timeline (docs/rules.md §5, the timeline), highest first.
 */
function rosterSystemsOn(db: Db, actor: Actor, levels: readonly number[], orgIds: readonly number[] | undefined, asOf: string): repo.RosterSystem[] {
  const candidates = repo.rosterSystems(db, { visibility: visibility(db, actor), levels: null, orgIds, liveOn: asOf });
  const register = decisionRegister(db, candidates.map((s) => s.id), asOf);
  return candidates
    .map((s) => ({ ...s, level: register.get(s.id)?.inForce?.proposedLevel ?? null }))
    .filter((s): s is repo.RosterSystem => s.level !== null && levels.includes(s.level))
    .sort((a, b) => b.level - a.level);
}

/**
 * Every level 3–5 system the actor can see (not decommissioned) with its active operators and their readiness.
 * Filters: an organisation's subtree (owner or operator), one level, only systems with a gap or something due soon.
 */
/**
 * `rosterRows` worked out in a worker thread when the server has them (a province's roster judges the people
 * of every system: seconds at national scale), so the event loop keeps answering others meanwhile.
 */
export async function rosterRowsAway(db: Db, actor: Actor, filters: RosterQuery, asOf = todayIso()): Promise<RosterRow[]> {
  return offThread(db, 'roster', { actor, filters, asOf } satisfies RosterJob, () => rosterRows(db, actor, filters, asOf));
}

/** What a worker thread needs to work out the roster: plain data. */
export interface RosterJob {
  actor: Actor;
  filters: RosterQuery;
  asOf: string;
}

export function rosterRows(db: Db, actor: Actor, filters: RosterQuery, asOf = todayIso()): RosterRow[] {
  const levels = filters.level !== undefined ? [filters.level] : PEOPLE_RULES_CONFIG.levels;
  const orgIds = filters.org !== undefined && actor.scope.has(filters.org) ? subtreeIds(db, filters.org) : undefined;
  const systems = asOf === todayIso()
    ? (repo.rosterSystems(db, { visibility: visibility(db, actor), levels, orgIds }) as repo.RosterSystem[])
    : rosterSystemsOn(db, actor, levels, orgIds, asOf);
  const loaded = loadPeople(db, systems.map((s) => s.id));
  const bySystem = groupBy(loaded.assignments, (a) => a.systemId);
  const rows = systems.map((system): RosterRow => {
    const assignments = bySystem.get(system.id) ?? [];
    const hr = withCitations(evaluatePeople(system.level, assignments.map((a) => factsOf(a, loaded)), asOf));
    const people = assignments
      .filter((a) => assignmentActive(a, asOf))
      .map((a) => ({
        operatorId: a.operatorId, fullName: a.fullName, role: a.role, readiness: personReadiness(factsOf(a, loaded), asOf),
        href: canOpen(actor, a.organisationId) ? `/operators/${a.operatorId}` : null,
      }));
    return { system, people, hr, problem: hr.some(isProblem) };
  });
  return filters.problems ? rows.filter((r) => r.problem) : rows;
}
