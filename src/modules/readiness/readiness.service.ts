// Drills and security budgets of an organisation or a system, and the two rules they feed (DRL-01,
// BUD-01). Writes need 'system.write' and an organisation in the actor's subtree.
import type { Db } from '../../db/client.js';
import type { Organisation } from '../../db/schema/organisations.js';
import type { BudgetRow, DrillRow } from '../../db/schema/people.js';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { READINESS_CITATIONS, budgetRule, budgetState, drillRule, securityPercent, type ReadinessResult } from '../../domain/readiness.js';
import { todayIso } from '../../i18n/format.js';
import { paginate, type Page } from '../../web/pagination.js';
import { assertCan, type Actor, findVisibleSystem, getSystem, subtreeIds } from '../access/index.js';
import { audit, diff, updateAudited, updateAuditedIn } from '../audit/audit.service.js';
import { levelsOf } from '../levels/levels.service.js';
import { getOrganisation, organisationTree, findOrganisation } from '../organisations/organisations.service.js';
import * as repo from './readiness.repository.js';
import type { BudgetAmounts, BudgetInput, DrillInput } from './readiness.schemas.js';

export const DRILL_FIELDS = ['organisationId', 'systemId', 'date', 'kind', 'scenario', 'participants', 'organiser', 'result', 'lessons'] as const;
export const BUDGET_FIELDS = ['organisationId', 'systemId', 'year', 'itBudget', 'securitySpending', 'note'] as const;
const AMOUNT_FIELDS = ['itBudget', 'securitySpending', 'note'] as const;
export const FIRST_BUDGET_YEAR = 2015;

export type DrillView = repo.DrillListRow;
export type BudgetView = repo.BudgetListRow & { percent: number | null; state: 'ok' | 'gap' | 'n/a' };

/** A rule's result with its legal citation, as the pages show it. */
export type CitedResult = ReadinessResult & { citation: string };
const cite = (r: ReadinessResult): CitedResult => ({ ...r, citation: READINESS_CITATIONS[r.rule] });

/** What the readiness card on a system or organisation page shows. */
export interface Readiness {
  drills: DrillView[];
  budgets: BudgetView[];
  rules: CitedResult[];
}

const withRatio = (b: repo.BudgetListRow): BudgetView => ({ ...b, percent: securityPercent(b), state: budgetState(b) });

/** A system's own drills and budgets; DRL-01 by its approved level, BUD-01 by its own figures. */
export function systemReadiness(db: Db, actor: Actor, systemId: number, asOf = todayIso()): Readiness {
  const system = getSystem(db, actor, systemId);
  const drills = repo.listDrills(db, { systemId });
  const budgets = repo.listBudgets(db, { systemId }).map(withRatio);
  let rules: ReadinessResult[] = [
    drillRule('system', levelsOf(db, systemId, asOf).level, drills.map((d) => d.date), asOf),
    budgetRule('system', budgets, asOf),
  ];
  if (system.decommissionedAt !== null && system.decommissionedAt <= asOf) {
    rules = rules.map((r): ReadinessResult => ({ rule: r.rule, scope: r.scope, state: 'n/a', severity: null, dueDate: null, detail: 'ready.decommissioned' }));
  }
  return { drills, budgets, rules: rules.map(cite) };
}

/** An organisation's drills (its own and its systems') and budgets; BUD-01 by its own figures (not its systems'). */
export function organisationReadiness(db: Db, actor: Actor, organisationId: number, asOf = todayIso()): Readiness {
  getOrganisation(db, actor, organisationId);
  const drills = repo.listDrills(db, { orgIds: [organisationId] });
  const budgets = repo.listBudgets(db, { orgIds: [organisationId] }).map(withRatio);
  return {
    drills,
    budgets,
    rules: [
      drillRule('organisation', null, drills.map((d) => d.date), asOf),
      budgetRule('organisation', budgets.filter((b) => b.systemId === null), asOf),
    ].map(cite),
  };
}

// ---- the /readiness page ----

/** Agencies in the actor's subtree, in tree order: the organisations that hold drills and budgets. */
function agenciesOf(db: Db, actor: Actor): Organisation[] {
  return organisationTree(db, actor).map((n) => n.org).filter((o) => o.kind === 'agency');
}

export interface OrganisationStatus {
  org: Organisation;
  drill: CitedResult;
  budget: CitedResult;
}

export interface ReadinessIndex {
  organisations: Organisation[];
  /** the organisation filtered on (its subtree is listed), when it is in the actor's subtree */
  org: number | null;
  statuses: OrganisationStatus[];
  drills: DrillView[];
  page: Page;
  budgets: BudgetView[];
}

export function readinessIndex(db: Db, actor: Actor, q: { org: number | null; page?: string | undefined }, asOf = todayIso()): ReadinessIndex {
  const organisations = agenciesOf(db, actor);
  // an organisation outside the actor's subtree is ignored rather than revealed
  const org = q.org !== null && organisations.some((o) => o.id === q.org) ? q.org : null;
  const shown = org === null ? organisations : organisations.filter((o) => subtreeIds(db, org).includes(o.id));
  const orgIds = shown.map((o) => o.id);
  const page = paginate(q.page, repo.countDrills(db, { orgIds }));
  const budgets = repo.listBudgets(db, { orgIds }).map(withRatio);
  const dates = repo.drillDatesOf(db, orgIds);
  const statuses = shown.map((o) => ({
    org: o,
    drill: cite(drillRule('organisation', null, dates.filter((d) => d.organisationId === o.id).map((d) => d.date), asOf)),
    budget: cite(budgetRule('organisation', budgets.filter((b) => b.organisationId === o.id && b.systemId === null), asOf)),
  }));
  return { organisations, org, statuses, drills: repo.listDrills(db, { orgIds }, { limit: page.perPage, offset: page.offset }), page, budgets };
}

export interface SystemOption {
  id: number;
  label: string;
  /** the label with the English name, where the system has one */
  labelEn: string | null;
}

/** What the forms offer: agencies of the actor's subtree, and the systems they own or operate. */
export function choices(db: Db, actor: Actor, org: number | null = null): { organisations: Organisation[]; systems: SystemOption[] } {
  const organisations = agenciesOf(db, actor);
  const ids = org !== null && actor.scope.has(org) ? [org] : organisations.map((o) => o.id);
  const systems = repo.systemsOf(db, ids).map((s) => ({ id: s.id, label: `${s.code} · ${s.nameVi}`, labelEn: s.nameEn ? `${s.code} · ${s.nameEn}` : null }));
  return { organisations, systems };
}

/** The organisation a new record of a system defaults to: its operator, else its owner, when in the actor's subtree. */
export function defaultOrganisationFor(db: Db, actor: Actor, systemId: number | null): number | null {
  const s = systemId === null ? undefined : findVisibleSystem(db, actor, systemId);
  if (!s) return null;
  return [s.operatorId, s.ownerId].find((id) => actor.scope.has(id)) ?? null;
}

// ---- writes ----

/** Drills and budgets are written by those who write systems (owners, admins). */
export function assertWriter(actor: Actor): void {
  assertCan(actor, 'system.write');
}

function fail(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/** The organisation must be an agency in the actor's subtree; the system one the actor sees, owned or operated by it. */
function checkOwner(db: Db, actor: Actor, organisationId: number, systemId: number | null, errors: FieldErrors): void {
  const org = findOrganisation(db, organisationId);
  if (!org || org.kind !== 'agency' || !actor.scope.has(org.id)) {
    errors.organisationId = 'v.choose';
    return;
  }
  if (systemId === null) return;
  const s = findVisibleSystem(db, actor, systemId);
  if (!s) errors.systemId = 'v.choose';
  else if (s.ownerId !== organisationId && s.operatorId !== organisationId) errors.systemId = 'ready.v.systemOfOrg';
}

/** A drill of the actor's subtree, for editing; another subtree's answers exactly like a missing one. */
export function getDrill(db: Db, actor: Actor, id: number): DrillRow {
  assertCan(actor, 'system.write');
  const d = repo.findDrill(db, id);
  if (!d || !actor.scope.has(d.organisationId)) throw new NotFoundError('drill');
  return d;
}

function checkDrill(db: Db, actor: Actor, input: DrillInput, today: string): void {
  const errors: FieldErrors = {};
  checkOwner(db, actor, input.organisationId, input.systemId, errors);
  if (input.date > today) errors.date = 'v.future';
  fail(errors);
}

const drillSummary = (d: { date: string; scenario: string }) => `${d.date} · ${d.scenario.slice(0, 120)}`;

export function createDrill(db: Db, actor: Actor, input: DrillInput, today = todayIso()): DrillRow {
  assertCan(actor, 'system.write');
  checkDrill(db, actor, input, today);
  return db.transaction((tx) => {
    const row = repo.insertDrill(tx, input);
    audit(tx, actor, {
      action: 'create', entityType: 'drill', entityId: row.id, systemId: row.systemId, organisationId: row.organisationId,
      summary: drillSummary(row), changes: diff(null, row, DRILL_FIELDS),
    });
    return row;
  });
}

export function updateDrill(db: Db, actor: Actor, id: number, input: DrillInput, today = todayIso()): DrillRow {
  const before = getDrill(db, actor, id);
  checkDrill(db, actor, input, today);
  return updateAudited(db, actor, before, {
    changes: diff(before, input, DRILL_FIELDS),
    write: (tx) => repo.updateDrill(tx, id, input),
    entry: (row) => ({ entityType: 'drill', entityId: id, systemId: row.systemId ?? before.systemId, organisationId: row.organisationId, summary: drillSummary(row) }),
  });
}

/** A budget row of the actor's subtree, for editing. */
export function getBudget(db: Db, actor: Actor, id: number): BudgetRow & { organisationName: string; systemName: string | null } {
  assertCan(actor, 'system.write');
  const b = repo.findBudget(db, id);
  if (!b || !actor.scope.has(b.organisationId)) throw new NotFoundError('budget');
  const s = b.systemId === null ? undefined : findVisibleSystem(db, actor, b.systemId);
  return { ...b, organisationName: findOrganisation(db, b.organisationId)?.nameVi ?? '', systemName: s ? `${s.code} · ${s.nameVi}` : null };
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
const budgetSummary = (b: { year: number }, orgName: string, systemName: string | null) => `${b.year} · ${systemName ?? orgName}`;

/**
 * Records a year's figures. There is one row per organisation (or system) and year: when the year is
 * already recorded, its row is updated (and audited as an update) instead of failing on the unique index.
 */
export function saveBudget(db: Db, actor: Actor, input: BudgetInput, today = todayIso()): { row: BudgetRow; created: boolean } {
  assertCan(actor, 'system.write');
  const errors: FieldErrors = {};
  checkOwner(db, actor, input.organisationId, input.systemId, errors);
  const maxYear = Number(today.slice(0, 4)) + 1;
  if (input.year < FIRST_BUDGET_YEAR || input.year > maxYear) errors.year = 'ready.v.year';
  fail(errors);
  const orgName = findOrganisation(db, input.organisationId)?.nameVi ?? '';
  const systemName = input.systemId === null ? null : (findVisibleSystem(db, actor, input.systemId)?.code ?? null);
  try {
    return db.transaction((tx) => {
      const existing = repo.findBudgetByKey(tx, input.organisationId, input.systemId, input.year);
      if (existing) {
        const row = updateAuditedIn(tx, actor, {
          changes: diff(existing, input, AMOUNT_FIELDS),
          write: () => repo.updateBudget(tx, existing.id, { itBudget: input.itBudget, securitySpending: input.securitySpending, note: input.note }),
          entry: (b) => ({ entityType: 'budget', entityId: b.id, systemId: b.systemId, organisationId: b.organisationId, summary: budgetSummary(b, orgName, systemName) }),
        });
        return { row: row ?? existing, created: false };
      }
      const row = repo.insertBudget(tx, input);
      audit(tx, actor, {
        action: 'create', entityType: 'budget', entityId: row.id, systemId: row.systemId, organisationId: row.organisationId,
        summary: budgetSummary(row, orgName, systemName), changes: diff(null, row, BUDGET_FIELDS),
      });
      return { row, created: true };
    });
  } catch (err) {
    // another request recorded the same year in between (another process on the same file)
    if (isUniqueViolation(err)) throw new ConflictError('ready.budgetTaken');
    throw err;
  }
}

export function updateBudget(db: Db, actor: Actor, id: number, input: BudgetAmounts): BudgetRow {
  const before = getBudget(db, actor, id);
  return updateAudited(db, actor, before, {
    changes: diff(before, input, AMOUNT_FIELDS),
    write: (tx) => repo.updateBudget(tx, id, input),
    entry: (b) => ({ entityType: 'budget', entityId: id, systemId: b.systemId, organisationId: b.organisationId, summary: budgetSummary(b, before.organisationName, before.systemName) }),
  });
}
