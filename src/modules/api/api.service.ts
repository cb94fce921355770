// The JSON API's side of the services: the read-only Actor behind a token, and the shapes it answers
// with (api.schemas.ts). Every read goes through the same services as the pages, so the API and the pages
// agree. Like every service it throws domain errors; only api.routes.ts turns them into HTTP.
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { ApiTokenRow } from '../../db/schema/compliance.js';
import type { DossierStatus, LevelDecisionRow } from '../../db/schema/level-decisions.js';
import type { SystemRow } from '../../db/schema/systems.js';
import { addDays, daysBetween } from '../../domain/dates.js';
import { ForbiddenError, ValidationError } from '../../domain/errors.js';
import type { EngineConfig, RuleResult } from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import { translate } from '../../i18n/index.js';
import { paginate } from '../../web/pagination.js';
import type { Actor } from '../access/index.js';
import { assessmentsService } from '../assessments/index.js';
import { DUE_WINDOW_DAYS, evaluate, evaluateAway, judgeSystemFor, type DueItem, type Evaluation } from '../evaluation/index.js';
import { systemLevels } from '../levels/levels.service.js';
import { systemOperators } from '../operators/index.js';
import { findSystems } from '../systems/systems.service.js';
import { getSystem, ancestorIds, subtreeIds } from '../access/index.js';
import { findOrganisation } from '../organisations/organisations.service.js';
import { jsonBody, type JsonBody } from './api.body.js';
import {
  MAX_DUE_DAYS, MAX_PER_PAGE, type AssessmentListBody, type Decision, type DecisionListBody, type DueListBody, type DueQuery, type OperatorListBody, type OrgRef, type ScopeGapsBody,
  type SystemBody, type SystemGapsBody, type SystemListBody, type SystemsQuery,
} from './api.schemas.js';

/** The read-only actor of a token: a viewer whose scope is the token's organisation's subtree. */
export function apiActor(db: Db, token: ApiTokenRow, ip?: string): Actor {
  const ancestors = ancestorIds(db, token.organisationId);
  const top = ancestors.length ? ancestors[ancestors.length - 1]! : token.organisationId;
  return {
    id: 0,
    username: `api:${token.name}`,
    fullName: token.name,
    role: 'viewer',
    organisationId: token.organisationId,
    scope: new Set(subtreeIds(db, token.organisationId)),
    ancestors: new Set(ancestors),
    reach: new Set(subtreeIds(db, top)),
    ...(ip ? { ip } : {}),
  };
}

/** An organisation filter: the organisation's subtree; one outside the actor's scope is forbidden. */
export function orgFilter(db: Db, actor: Actor, org: number | undefined): number[] | undefined {
  if (org === undefined) return undefined;
  if (!actor.scope.has(org)) throw new ForbiddenError('organisation outside the scope', 'org');
  return subtreeIds(db, org);
}

// ---- shapes ----

type Out<T extends z.ZodType> = z.output<T>;

const orgRef = (db: Db, id: number | null): Out<typeof OrgRef> | null => {
  if (id === null) return null;
  const o = findOrganisation(db, id);
  return o ? { id: o.id, code: o.code, nameVi: o.nameVi, nameEn: o.nameEn } : null;
};

function systemFields(s: SystemRow) {
  return {
    id: s.id, code: s.code, nameVi: s.nameVi, nameEn: s.nameEn, description: s.description,
    ownerId: s.ownerId, operatorId: s.operatorId, securityUnitId: s.securityUnitId,
    systemType: s.systemType, prioritySector: s.prioritySector, lifecycleStatus: s.lifecycleStatus, goLiveDate: s.goLiveDate,
    hosting: s.hosting, separation: s.separation, stateFunded: s.stateFunded, nationalSecurityImportant: s.nationalSecurityImportant,
    decommissionedAt: s.decommissionedAt, createdAt: s.createdAt, updatedAt: s.updatedAt,
  };
}

export function decisionDto(d: LevelDecisionRow): Out<typeof Decision> {
  return {
    id: d.id, regime: d.regime, computedLevel: d.computedLevel, proposedLevel: d.proposedLevel, proposalReason: d.proposalReason,
    dossierStatus: d.dossierStatus, submittedDate: d.submittedDate, appraisalBody: d.appraisalBody, appraisalDate: d.appraisalDate,
    appraisalRef: d.appraisalRef, approvalNumber: d.approvalNumber, approvalDate: d.approvalDate, approvingBody: d.approvingBody,
    regulationNumber: d.regulationNumber, regulationDate: d.regulationDate, rejectionReason: d.rejectionReason,
    answers: (d.answers ?? {}) as Record<string, unknown>, createdAt: d.createdAt, updatedAt: d.updatedAt,
  };
}

type OpenResult = RuleResult & { state: 'gap' | 'due_soon' };
const isOpen = (r: RuleResult): r is OpenResult => r.state === 'gap' || r.state === 'due_soon';

/** A rule result as JSON, with its message in Vietnamese (the `messageKey` and `params` let a client translate). */
export function resultDto(r: OpenResult) {
  return {
    rule: r.rule, state: r.state, severity: r.severity, dueDate: r.dueDate, citation: r.citation,
    messageKey: r.messageKey, params: r.params ?? {}, message: translate('vi', r.messageKey, r.params), fix: r.fix,
  };
}

// ---- reads ----

/** The systems list: the UI's filters, 100 a page (or `perPage`). */
export function listSystems(db: Db, actor: Actor, q: SystemsQuery): Out<typeof SystemListBody> {
  const { rows, page } = findSystems(
    db, actor, { q: q.q, orgIds: orgFilter(db, actor, q.org), level: q.level, status: q.status, sector: q.sector, dossier: q.dossier },
    q.sort ?? 'name', q.dir ?? 'asc', q.perPage ? Number(q.perPage) : MAX_PER_PAGE, q.page,
  );
  return {
    data: rows.map((r) => ({
      ...systemFields(r),
      approvedLevel: r.approvedLevel,
      dossierStatus: r.dossierStatus as DossierStatus | null,
      ownerName: r.ownerName,
      operatorName: r.operatorName,
    })),
    page: { page: page.page, pages: page.pages, total: page.total, perPage: page.perPage },
  };
}

export function systemDetail(db: Db, actor: Actor, id: number): Out<typeof SystemBody> {
  const s = getSystem(db, actor, id);
  const levels = systemLevels(db, actor, s.id);
  return {
    data: {
      ...systemFields(s),
      notes: s.notes,
      domesticProductsNote: s.domesticProductsNote,
      owner: orgRef(db, s.ownerId),
      operator: orgRef(db, s.operatorId),
      securityUnit: orgRef(db, s.securityUnitId),
      level: levels.approved?.proposedLevel ?? null,
      decision: levels.approved ? decisionDto(levels.approved) : null,
      pendingDecision: levels.pending ? decisionDto(levels.pending) : null,
    },
  };
}

export function systemDecisions(db: Db, actor: Actor, id: number): Out<typeof DecisionListBody> {
  const levels = systemLevels(db, actor, id);
  return { data: levels.decisions.map(decisionDto), current: levels.approved?.id ?? null };
}

export function systemAssessments(db: Db, actor: Actor, id: number): Out<typeof AssessmentListBody> {
  const today = todayIso();
  const { assessments } = assessmentsService.listAssessments(db, actor, id, today);
  return {
    data: assessments.map((a) => ({
      id: a.id, kind: a.kind, assessorId: a.assessorId, assessorName: a.assessorName, periodFrom: a.periodFrom, periodTo: a.periodTo,
      plannedDate: a.plannedDate, performedDate: a.performedDate,
      scope: { compliance: a.scopeCompliance, effectiveness: a.scopeEffectiveness, scanning: a.scopeScanning, pentest: a.scopePentest },
      testBox: a.testBox, result: a.result, reportRef: a.reportRef, reportedDate: a.reportedDate,
      report: a.fileName && a.fileMime && a.fileSize !== null && a.fileSha256
        ? { fileName: a.fileName, mime: a.fileMime, size: a.fileSize, sha256: a.fileSha256 }
        : null,
      openFindings: a.openFindings, overdueFindings: a.overdueFindings, createdAt: a.createdAt, updatedAt: a.updatedAt,
    })),
  };
}

export function systemPeople(db: Db, actor: Actor, id: number): Out<typeof OperatorListBody> {
  const asOf = todayIso();
  const { level, operators, hr } = systemOperators(db, actor, id, asOf);
  return {
    asOf,
    level,
    data: operators.map((o) => ({
      assignmentId: o.assignmentId, operatorId: o.operatorId, fullName: o.fullName, position: o.position, role: o.role,
      fromDate: o.fromDate, toDate: o.toDate, active: o.active, readiness: o.readiness, badges: o.badges,
    })),
    // HR-01..03 for this system's people, as on its page
    rules: hr.map((r) => ({
      rule: r.rule, state: r.state, severity: r.severity, dueDate: r.dueDate, citation: r.citation, operatorIds: r.operatorIds,
      messageKey: r.detail, params: r.params ?? {}, message: translate('vi', r.detail, r.params),
    })),
  };
}

/** A system's gaps and due-soon items as of a date (today when none): exactly what its page lists. */
export function systemGaps(db: Db, actor: Actor, id: number, asOf: string | undefined, engine: EngineConfig): Out<typeof SystemGapsBody> {
  const s = getSystem(db, actor, id);
  const day = asOf ?? todayIso();
  const results = judgeSystemFor(db, actor, s.id, day, engine).results.filter(isOpen);
  return { asOf: day, system: { id: s.id, code: s.code, nameVi: s.nameVi }, data: results.map(resultDto) };
}

export interface ScopeGapsQuery {
  asOf?: string | undefined;
  org?: number | undefined;
  page?: string | undefined;
  perPage?: string | undefined;
}

/**
 * Gaps of the scope (or an organisation subtree of it) as of a date (today when none): the systems with
 * open results, 100 a page (or `perPage`), and every organisation with open results; the summary counts
 * the whole scope. Each page is serialised once per evaluation (kept until the next write).
 */
export async function scopeGaps(db: Db, actor: Actor, q: ScopeGapsQuery, engine: EngineConfig): Promise<JsonBody> {
  const orgIds = orgFilter(db, actor, q.org);
  const ev = await evaluateAway(db, actor, { asOf: q.asOf ?? todayIso(), orgIds }, engine);
  let kept = scopeGapsBodies.get(ev);
  if (!kept) scopeGapsBodies.set(ev, (kept = { whole: scopeGapsOf(ev), pages: new Map() }));
  const { whole, pages } = kept;
  const page = paginate(q.page, whole.systems.length, q.perPage ? Number(q.perPage) : MAX_PER_PAGE);
  // only pages of the default size are kept: other sizes would let one client fill the memory with copies
  const keep = page.perPage === MAX_PER_PAGE;
  let json = keep ? pages.get(page.page) : undefined;
  if (json === undefined) {
    const info = { page: page.page, pages: page.pages, total: page.total, perPage: page.perPage };
    const body: Out<typeof ScopeGapsBody> = { ...whole, systems: whole.systems.slice(page.offset, page.offset + page.perPage), page: info };
    json = jsonBody(body, info);
    if (keep) pages.set(page.page, json);
  }
  return json;
}

// an evaluation is immutable and kept until the data changes (evaluation module): so are its answers
const scopeGapsBodies = new WeakMap<Evaluation, { whole: Omit<Out<typeof ScopeGapsBody>, 'page'>; pages: Map<number, JsonBody> }>();

function scopeGapsOf(ev: Evaluation): Omit<Out<typeof ScopeGapsBody>, 'page'> {
  const systems = ev.systems.flatMap(({ system: s, results }) => {
    const open = results.filter(isOpen);
    if (!open.length) return [];
    const { id, code, nameVi, nameEn, ownerId, operatorId, lifecycleStatus, level, regime } = s;
    return [{ system: { id, code, nameVi, nameEn, ownerId, operatorId, lifecycleStatus, level, regime }, results: open.map(resultDto) }];
  });
  const organisations = ev.organisations.flatMap(({ organisation: o, results }) => {
    const open = results.filter(isOpen);
    return open.length ? [{ organisation: { id: o.id, code: o.code, nameVi: o.nameVi, nameEn: o.nameEn }, results: open.map(resultDto) }] : [];
  });
  const all = [...systems, ...organisations].flatMap((x) => x.results);
  return {
    asOf: ev.asOf,
    summary: {
      systemsEvaluated: ev.systems.length,
      organisationsEvaluated: ev.organisations.length,
      gap: all.filter((r) => r.state === 'gap').length,
      dueSoon: all.filter((r) => r.state === 'due_soon').length,
    },
    systems,
    organisations,
  };
}

// ---- what falls due ----

const orgDto = (o: { id: number; code: string; nameVi: string; nameEn: string | null }) => ({ id: o.id, code: o.code, nameVi: o.nameVi, nameEn: o.nameEn });

function dueItemDto(i: DueItem) {
  return {
    uid: i.uid, date: i.date, kind: i.kind, rule: i.rule, state: i.state, overdue: i.overdue, soon: i.soon, days: i.days,
    severity: i.severity, citation: i.citation, messageKey: i.messageKey, params: { ...i.params }, message: translate('vi', i.messageKey, i.params),
    systems: i.systems.map(orgDto), organisation: i.organisation ? orgDto(i.organisation) : null, url: i.url,
  };
}

/**
 * The one due list (evaluation module) of the scope, or an organisation subtree of it, as of today: what
 * falls due from `from` (today) to `to` (90 days after `from`) and everything overdue, 100 a page.
 */
export function dueItems(db: Db, actor: Actor, q: DueQuery, engine: EngineConfig): Out<typeof DueListBody> {
  const today = todayIso();
  const from = q.from ?? today;
  const to = q.to ?? addDays(from, DUE_WINDOW_DAYS);
  if (to < from || daysBetween(from, to) > MAX_DUE_DAYS) throw new ValidationError({ to: 'api.error.dueRange' });
  const ev = evaluate(db, actor, { asOf: today, orgIds: orgFilter(db, actor, q.org) }, engine);
  const window = { from, to, kinds: q.kind };
  const items = ev.due(window);
  const page = paginate(q.page, items.length, q.perPage ? Number(q.perPage) : MAX_PER_PAGE);
  return {
    asOf: today,
    from,
    to,
    summary: ev.dueCounts(window),
    data: items.slice(page.offset, page.offset + page.perPage).map(dueItemDto),
    page: { page: page.page, pages: page.pages, total: page.total, perPage: page.perPage },
  };
}
