// The four layers of one system: their records (history kept), derived statuses, and the assessor's
// independence from the monitoring provider and the operator.
import type { Db, Tx } from '../../db/client.js';
import type { Organisation } from '../../db/schema/organisations.js';
import type { SystemRow } from '../../db/schema/systems.js';
import { ConflictError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { vietnamDayOfTimestamp } from '../../domain/dates.js';
import {
  independenceIssues, layer1Status, layer2Status, layer3Status, layer4Status, type IndependenceIssue, type LayerStatus, type MonitoringRef,
} from '../../domain/protection.js';
import { layersOn } from '../../domain/timeline.js';
import { todayIso } from '../../i18n/format.js';
import { assertCan, type Actor, getSystem } from '../access/index.js';
import { audit, diff } from '../audit/audit.service.js';
import { systemLevels } from '../levels/levels.service.js';
import * as notices from '../mail/notices.service.js';
import * as repo from './protection.repository.js';
import type { Layer2Input, Layer3Input } from './protection.schemas.js';
import { allOrganisations, findOrganisation, organisationIndex } from '../organisations/organisations.service.js';

type Regime = 'nd331' | 'nd85';

export interface ProtectionView {
  system: SystemRow;
  level: number | null;
  regime: Regime;
  history: repo.LayerHistory;
  current: { layer1: repo.LayerHistory['layer1'][number] | undefined; layer2: repo.LayerHistory['layer2'][number] | undefined; layer3: repo.LayerHistory['layer3'][number] | undefined; layer4: repo.LayerHistory['layer4'][number] | undefined };
  statuses: [LayerStatus, LayerStatus, LayerStatus, LayerStatus];
  independence: IndependenceIssue[];
  orgs: Map<number, Organisation>;
}

/** Layer 2 as the independence checks read it. */
const monitoringOf = (l: { mode: 'self' | 'provider'; providerId: number | null } | null | undefined, orgs: ReturnType<typeof organisationIndex>): MonitoringRef | null =>
  !l ? null : l.mode === 'self' ? { mode: 'self' } : { mode: 'provider', provider: l.providerId === null ? null : (orgs.get(l.providerId) ?? null) };

/** Independence issues of an assessor; before a level is approved the checks of level 3 are used, to warn early. */
function independenceFor(
  db: Db, system: SystemRow, level: number | null, regime: Regime,
  assessor: { kind: 'provider' | 'in_house'; id: number }, layer2: { mode: 'self' | 'provider'; providerId: number | null } | null | undefined,
): IndependenceIssue[] {
  const orgs = organisationIndex(db);
  const assessorOrg = orgs.get(assessor.id);
  const operator = orgs.get(system.operatorId);
  const owner = orgs.get(system.ownerId);
  if (!assessorOrg || !operator || !owner) return [];
  return independenceIssues({
    level: Math.max(level ?? 3, 3), regime, assessor: assessorOrg, assessorKind: assessor.kind,
    monitoring: monitoringOf(layer2, orgs), operator, owner,
  });
}

/** The records of each layer valid on `asOf` (timeline.ts layersOn: the same reading as the rules). */
function currentLayers(history: repo.LayerHistory, asOf: string) {
  const recorded = <T extends { createdAt: string }>(r: T) => ({ ...r, recordedOn: vietnamDayOfTimestamp(r.createdAt) });
  const on = layersOn({ layer1: history.layer1, layer2: history.layer2.map(recorded), layer3: history.layer3.map(recorded), layer4: history.layer4 }, asOf);
  return { layer1: on.layer1 ?? undefined, layer2: on.layer2 ?? undefined, layer3: on.layer3 ?? undefined, layer4: on.layer4 ?? undefined };
}

export function protectionView(db: Db, actor: Actor, systemId: number, asOf = todayIso()): ProtectionView {
  const system = getSystem(db, actor, systemId);
  const { level, regime } = systemLevels(db, actor, systemId, asOf);
  const history = repo.layerHistory(db, systemId);
  const current = currentLayers(history, asOf);
  const independence = current.layer3
    ? independenceFor(db, system, level, regime, { kind: current.layer3.assessorKind, id: current.layer3.assessorId }, current.layer2)
    : [];
  return {
    system, level, regime, history, current, independence,
    statuses: [layer1Status(current.layer1 ?? null), layer2Status(current.layer2 ?? null, asOf), layer3Status(current.layer3 ?? null, asOf), layer4Status(current.layer4 ?? null)],
    orgs: new Map(allOrganisations(db).map((o) => [o.id, o])),
  };
}

function writable(db: Db, actor: Actor, systemId: number): SystemRow {
  assertCan(actor, 'protection.write');
  const s = getSystem(db, actor, systemId);
  if (s.lifecycleStatus === 'decommissioned') throw new ConflictError('system.decommissioned');
  return s;
}

function requireOrg(db: Db, id: number | null, ok: (o: Organisation) => boolean, field: string, errors: FieldErrors): void {
  const o = id === null ? undefined : findOrganisation(db, id);
  if (!o || !ok(o)) errors[field] = 'v.choose';
}

const notFuture = (errors: FieldErrors, field: string, v: string | null, today: string) => {
  if (v && v > today) errors[field] = 'v.future';
};

function fail(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/** A layer record added to the system's history: the row and its audit entry in one transaction. */
function addRecord<R extends { id: number }>(
  db: Db, actor: Actor, s: SystemRow, entityType: 'layer1' | 'layer2' | 'layer4', insert: (tx: Tx) => R, summary: string, audited: readonly string[],
): R {
  return db.transaction((tx) => {
    const row = insert(tx);
    audit(tx, actor, { action: 'create', entityType, entityId: row.id, systemId: s.id, organisationId: s.operatorId, summary, changes: diff(null, row, audited) });
    return row;
  });
}

export function recordLayer1(db: Db, actor: Actor, systemId: number, input: { securityUnitId: number; decisionNumber: string; decisionDate: string }, today = todayIso()) {
  const s = writable(db, actor, systemId);
  const errors: FieldErrors = {};
  requireOrg(db, input.securityUnitId, (o) => o.kind === 'agency' && actor.reach.has(o.id), 'securityUnitId', errors);
  notFuture(errors, 'decisionDate', input.decisionDate, today);
  fail(errors);
  return addRecord(db, actor, s, 'layer1', (tx) => repo.insertLayer1(tx, { systemId, ...input }), input.decisionNumber, ['securityUnitId', 'decisionNumber', 'decisionDate']);
}

export function recordLayer2(db: Db, actor: Actor, systemId: number, input: Layer2Input, today = todayIso()) {
  const s = writable(db, actor, systemId);
  const errors: FieldErrors = {};
  if (input.mode === 'provider') requireOrg(db, input.providerId, (o) => o.kind === 'provider', 'providerId', errors);
  notFuture(errors, 'focalPointNotified', input.focalPointNotified, today);
  fail(errors);
  const row = { systemId, ...input, providerId: input.mode === 'provider' ? input.providerId : null };
  return addRecord(db, actor, s, 'layer2', (tx) => repo.insertLayer2(tx, row), input.contractNumber ?? input.mode,
    ['mode', 'providerId', 'contractNumber', 'startDate', 'endDate', 'socName', 'focalPointNotified']);
}

/** Engaging an assessor also gives that organisation's auditors access to the system. */
export function recordEngagement(db: Db, actor: Actor, systemId: number, input: Layer3Input) {
  const s = writable(db, actor, systemId);
  const { level, regime } = systemLevels(db, actor, systemId);
  const errors: FieldErrors = {};
  if (input.assessorKind === 'provider') requireOrg(db, input.assessorId, (o) => o.kind === 'provider', 'assessorId', errors);
  else {
    requireOrg(db, input.assessorId, (o) => o.kind === 'agency' && actor.reach.has(o.id), 'assessorId', errors);
    // in-house assessment by a unit independent of the operator exists only under Decree 331
    if (regime === 'nd85') errors.assessorKind = 'prot.v.inHouseNd331';
  }
  fail(errors);
  const layer2 = currentLayers(repo.layerHistory(db, systemId), todayIso()).layer2;
  const issues = independenceFor(db, s, level, regime, { kind: input.assessorKind, id: input.assessorId }, layer2);
  if (issues.length && !input.acknowledge) throw new IndependenceWarning(issues);
  return db.transaction((tx) => {
    const row = repo.insertEngagement(tx, { systemId, assessorKind: input.assessorKind, assessorId: input.assessorId, contractNumber: input.contractNumber, startDate: input.startDate, endDate: input.endDate });
    audit(tx, actor, {
      action: 'create', entityType: 'engagement', entityId: row.id, systemId, organisationId: s.operatorId,
      summary: issues.length ? `${input.contractNumber ?? ''} — ${issues.map((i) => i.rule).join(', ')}` : input.contractNumber,
      changes: diff(null, row, ['assessorKind', 'assessorId', 'contractNumber', 'startDate', 'endDate']),
    });
    notices.engagementChanged(tx, actor, { system: s, engagement: row, change: 'granted' });
    return row;
  });
}

/** The form shows these and asks the user to confirm before an engagement that breaks independence. */
export class IndependenceWarning extends Error {
  constructor(public readonly issues: IndependenceIssue[]) {
    super('independence');
  }
}

/** The engagement the actor may revoke: 403, 404 or 409 (gone, or the system decommissioned) otherwise. */
export function revocableEngagement(db: Db, actor: Actor, systemId: number, engagementId: number) {
  const system = writable(db, actor, systemId);
  const engagement = repo.findEngagement(db, systemId, engagementId);
  if (!engagement) throw new ConflictError('prot.engagementGone');
  return { system, engagement };
}

export function revokeEngagement(db: Db, actor: Actor, systemId: number, engagementId: number, today = todayIso()) {
  const { system: s, engagement: e } = revocableEngagement(db, actor, systemId, engagementId);
  return db.transaction((tx) => {
    const after = repo.revokeEngagement(tx, engagementId, today);
    audit(tx, actor, { action: 'state', entityType: 'engagement', entityId: e.id, systemId, organisationId: s.operatorId, summary: e.contractNumber, changes: diff(e, after, ['revokedAt']) });
    notices.engagementChanged(tx, actor, { system: s, engagement: after, change: 'revoked' });
    return after;
  });
}

export function recordLayer4(db: Db, actor: Actor, systemId: number, input: { centre: 'bca_ncsc' | 'provincial' | 'mic_ncsc'; status: 'connected' | 'in_progress' | 'not_connected'; connectionDate: string | null }, today = todayIso()) {
  const s = writable(db, actor, systemId);
  const errors: FieldErrors = {};
  notFuture(errors, 'connectionDate', input.connectionDate, today);
  fail(errors);
  return addRecord(db, actor, s, 'layer4', (tx) => repo.insertLayer4(tx, { systemId, ...input }), input.status, ['centre', 'status', 'connectionDate']);
}

/** Organisations the forms offer: agencies of the actor's province or ministry, and every provider. */
export function choices(db: Db, actor: Actor) {
  const all = allOrganisations(db);
  return { agencies: all.filter((o) => o.kind === 'agency' && actor.reach.has(o.id)), providers: all.filter((o) => o.kind === 'provider') };
}
