// The JSON API's side of the services: the read-only Actor behind a token, and the shapes it answers
// with. Every read goes through the same services as the pages, so the API and the pages agree.
import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { ApiTokenRow } from '../../db/schema/compliance.js';
import type { LevelDecisionRow } from '../../db/schema/level-decisions.js';
import type { SystemRow } from '../../db/schema/systems.js';
import type { RuleResult } from '../../domain/rules/index.js';
import { fold, parseDateInput, todayIso } from '../../i18n/format.js';
import { translate } from '../../i18n/index.js';
import { paginate } from '../../web/pagination.js';
import type { Actor } from '../access/index.js';
import { assessmentsService } from '../assessments/index.js';
import { evaluateScopeCached, evaluateSystemFor, type Evaluation } from '../compliance/compliance.service.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { systemLevels } from '../levels/levels.service.js';
import { systemOperators } from '../operators/index.js';
import * as systemsRepo from '../systems/systems.repository.js';
import type { SystemListQuery } from '../systems/systems.schemas.js';
import { getSystem, visibility, ancestorIds, subtreeIds } from '../access/index.js';
import { findOrganisation } from '../organisations/organisations.service.js';

/** An error the API answers with: `{"error":{"code","message","field"?}}`. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'method_not_allowed' | 'conflict' | 'internal',
    message: string,
    public readonly field?: string,
  ) {
    super(message);
  }
}

export const API_PER_PAGE = 100;

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

/** An organisation filter: the organisation's subtree, or 403 when it is not in the actor's scope. */
export function orgFilter(db: Db, actor: Actor, org: number | undefined): number[] | undefined {
  if (org === undefined) return undefined;
  if (!actor.scope.has(org)) throw new ApiError(403, 'forbidden', 'the organisation is outside the token’s scope', 'org');
  return subtreeIds(db, org);
}

/** `asOf` as YYYY-MM-DD (today when absent); anything else is a 400. */
export function asOfParam(raw: unknown): string {
  if (raw === undefined) return todayIso();
  const iso = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? parseDateInput(raw) : null;
  if (!iso) throw new ApiError(400, 'bad_request', 'asOf must be a date as YYYY-MM-DD', 'asOf');
  return iso;
}

// ---- shapes ----

const orgRef = (db: Db, id: number | null) => {
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

export function decisionDto(d: LevelDecisionRow) {
  return {
    id: d.id, regime: d.regime, computedLevel: d.computedLevel, proposedLevel: d.proposedLevel, proposalReason: d.proposalReason,
    dossierStatus: d.dossierStatus, submittedDate: d.submittedDate, appraisalBody: d.appraisalBody, appraisalDate: d.appraisalDate,
    appraisalRef: d.appraisalRef, approvalNumber: d.approvalNumber, approvalDate: d.approvalDate, approvingBody: d.approvingBody,
    regulationNumber: d.regulationNumber, regulationDate: d.regulationDate, rejectionReason: d.rejectionReason,
    answers: d.answers, createdAt: d.createdAt, updatedAt: d.updatedAt,
  };
}

/** A rule result as JSON, with its message in Vietnamese (the `messageKey` and `params` let a client translate). */
export function resultDto(r: RuleResult) {
  return {
    rule: r.rule, state: r.state, severity: r.severity, dueDate: r.dueDate, citation: r.citation,
    messageKey: r.messageKey, params: r.params ?? {}, message: translate('vi', r.messageKey, r.params), fix: r.fix,
  };
}

const isOpen = (r: RuleResult) => r.state === 'gap' || r.state === 'due_soon';

// ---- reads ----

/** The systems list: the UI's filters (systemListQuery), 100 a page. */
export function listSystems(db: Db, actor: Actor, q: SystemListQuery) {
  const filter: systemsRepo.ListFilter = {
    visibility: visibility(db, actor),
    q: q.q ? fold(q.q) : undefined,
    orgIds: orgFilter(db, actor, q.org),
    level: q.level,
    status: q.status,
    sector: q.sector,
    dossier: q.dossier,
  };
  const total = systemsRepo.countSystems(db, filter);
  const page = paginate(q.page, total, API_PER_PAGE);
  const rows = systemsRepo.listSystems(db, filter, q.sort ?? 'name', q.dir ?? 'asc', page.perPage, page.offset);
  return {
    data: rows.map((r) => ({
      ...systemFields(r), approvedLevel: r.approvedLevel, dossierStatus: r.dossierStatus, ownerName: r.ownerName, operatorName: r.operatorName,
    })),
    page: { page: page.page, pages: page.pages, total: page.total, perPage: page.perPage },
  };
}

export function systemDetail(db: Db, actor: Actor, id: number) {
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

export function systemDecisions(db: Db, actor: Actor, id: number) {
  const levels = systemLevels(db, actor, id);
  return { data: levels.decisions.map(decisionDto), current: levels.approved?.id ?? null };
}

export function systemAssessments(db: Db, actor: Actor, id: number) {
  const today = todayIso();
  const { assessments } = assessmentsService.listAssessments(db, actor, id, today);
  return {
    data: assessments.map((a) => ({
      id: a.id, kind: a.kind, assessorId: a.assessorId, assessorName: a.assessorName, periodFrom: a.periodFrom, periodTo: a.periodTo,
      plannedDate: a.plannedDate, performedDate: a.performedDate,
      scope: { compliance: a.scopeCompliance, effectiveness: a.scopeEffectiveness, scanning: a.scopeScanning, pentest: a.scopePentest },
      testBox: a.testBox, result: a.result, reportRef: a.reportRef, reportedDate: a.reportedDate,
      report: a.fileName ? { fileName: a.fileName, mime: a.fileMime, size: a.fileSize, sha256: a.fileSha256 } : null,
      openFindings: a.openFindings, overdueFindings: a.overdueFindings, createdAt: a.createdAt, updatedAt: a.updatedAt,
    })),
  };
}

export function systemPeople(db: Db, actor: Actor, id: number) {
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

/** A system's gaps and due-soon items as of a date: exactly what its page lists. */
export function systemGaps(db: Db, actor: Actor, id: number, asOf: string, engine: EngineConfig) {
  const s = getSystem(db, actor, id);
  const results = evaluateSystemFor(db, actor, s.id, asOf, engine).filter(isOpen);
  return { asOf, system: { id: s.id, code: s.code, nameVi: s.nameVi }, data: results.map(resultDto) };
}

/**
 * Gaps of the scope (or an organisation subtree of it), as JSON: the systems with open results, 100 a
 * page, and every organisation with open results; the summary counts the whole scope. Each page is
 * serialised once per evaluation (kept until the next write).
 */
export function scopeGapsJson(db: Db, actor: Actor, asOf: string, org: number | undefined, engine: EngineConfig, rawPage?: unknown): JsonBody {
  const orgIds = orgFilter(db, actor, org);
  const ev = evaluateScopeCached(db, actor, { asOf, ...(orgIds ? { orgIds } : {}) }, engine);
  let kept = scopeGapsBodies.get(ev);
  if (!kept) scopeGapsBodies.set(ev, (kept = { whole: scopeGapsOf(ev), pages: new Map() }));
  const { whole, pages } = kept;
  const page = paginate(rawPage, whole.systems.length, API_PER_PAGE);
  let json = pages.get(page.page);
  if (json === undefined) {
    const body = Buffer.from(JSON.stringify({
      ...whole,
      systems: whole.systems.slice(page.offset, page.offset + page.perPage),
      page: { page: page.page, pages: page.pages, total: page.total, perPage: page.perPage },
    }));
    json = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    pages.set(page.page, json);
  }
  return json;
}

/** A serialised answer and its ETag (a client holding it gets a 304). */
export interface JsonBody {
  body: Buffer;
  etag: string;
}

// an evaluation is immutable and kept until the next write (evaluateScopeCached): so are its answers
const scopeGapsBodies = new WeakMap<Evaluation, { whole: ReturnType<typeof scopeGapsOf>; pages: Map<number, JsonBody> }>();

function scopeGapsOf(ev: Evaluation) {
  const systems = ev.systems
    .map(({ system, results }) => ({ system, results: results.filter(isOpen).map(resultDto) }))
    .filter((x) => x.results.length);
  const organisations = ev.organisations
    .map(({ organisation, results }) => ({ organisation, results: results.filter(isOpen).map(resultDto) }))
    .filter((x) => x.results.length);
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
