// The four layers of one system: their records (history kept), derived statuses, and the assessor's
// independence from the monitoring provider and the operator.
import { memoByVersion } from '../../db/data-version.js';
import type { Db } from '../../db/client.js';
import type { Organisation } from '../../db/schema/organisations.js';
import type { SystemRow } from '../../db/schema/systems.js';
import { ConflictError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import {
  independenceIssues, layer1Status, layer2Status, layer3Status, layer4Status, type IndependenceIssue, type LayerStatus, type OrgRef,
} from '../../domain/protection.js';
import { todayIso } from '../../i18n/format.js';
import { assertCan, type Actor } from '../auth/actor.js';
import { audit, diff } from '../audit/audit.service.js';
import { levelState } from '../levels/levels.service.js';
import { decisionsOf } from '../levels/levels.repository.js';
import { allOrganisations, findOrganisation } from '../organisations/organisations.repository.js';
import * as notices from '../mail/notices.service.js';
import { getSystem } from '../systems/systems.service.js';
import * as repo from './protection.repository.js';
import type { Layer2Input, Layer3Input } from './protection.schemas.js';

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

const ref = (o: Organisation): OrgRef => ({ id: o.id, parentId: o.parentId, kind: o.kind });

/** The approved level and its regime; a system not yet levelled is treated as nd331. */
function levelOf(db: Db, systemId: number): { level: number | null; regime: Regime } {
  const { approved, pending } = levelState(decisionsOf(db, systemId));
  return { level: approved?.proposedLevel ?? null, regime: approved?.regime ?? pending?.regime ?? 'nd331' };
}

/** Independence issues of an assessor; before a level is approved the checks of level 3 are used, to warn early. */
function independenceFor(
  db: Db, system: SystemRow, level: number | null, regime: Regime,
  assessor: { kind: 'provider' | 'in_house'; id: number }, monitoringProviderId: number | null,
): IndependenceIssue[] {
  const assessorOrg = findOrganisation(db, assessor.id);
  const operator = findOrganisation(db, system.operatorId);
  if (!assessorOrg || !operator) return [];
  const monitoring = monitoringProviderId ? findOrganisation(db, monitoringProviderId) : undefined;
  return independenceIssues({
    level: Math.max(level ?? 3, 3), regime, assessor: ref(assessorOrg), assessorKind: assessor.kind,
    monitoringProvider: monitoring ? ref(monitoring) : null, operator: ref(operator),
  });
}

export function protectionView(db: Db, actor: Actor, systemId: number, asOf = todayIso()): ProtectionView {
  const system = getSystem(db, actor, systemId);
  const { level, regime } = levelOf(db, systemId);
  const history = repo.layerHistory(db, systemId);
  const current = {
    layer1: history.layer1[0],
    layer2: history.layer2[0],
    layer3: history.layer3.find((e) => !e.revokedAt),
    layer4: history.layer4[0],
  };
  const monitoringId = current.layer2?.mode === 'provider' ? current.layer2.providerId : null;
  const independence = current.layer3
    ? independenceFor(db, system, level, regime, { kind: current.layer3.assessorKind, id: current.layer3.assessorId }, monitoringId)
    : [];
  return {
    system, level, regime, history, current, independence,
    statuses: [layer1Status(current.layer1 ?? null), layer2Status(current.layer2 ?? null, asOf), layer3Status(current.layer3 ?? null, asOf), layer4Status(current.layer4 ?? null)],
    // organisations change only through audited writes: the index is kept until the next one
    orgs: memoByVersion(db, 'organisations', () => new Map(allOrganisations(db).map((o) => [o.id, o]))),
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

export function recordLayer1(db: Db, actor: Actor, systemId: number, input: { securityUnitId: number; decisionNumber: string; decisionDate: string }, today = todayIso()) {
  const s = writable(db, actor, systemId);
  const errors: FieldErrors = {};
  requireOrg(db, input.securityUnitId, (o) => o.kind === 'agency' && actor.reach.has(o.id), 'securityUnitId', errors);
  notFuture(errors, 'decisionDate', input.decisionDate, today);
  fail(errors);
  return db.transaction((tx) => {
    const row = repo.insertLayer1(tx, { systemId, ...input });
    audit(tx, actor, { action: 'create', entityType: 'layer1', entityId: row.id, systemId, organisationId: s.operatorId, summary: input.decisionNumber, changes: diff(null, row, ['securityUnitId', 'decisionNumber', 'decisionDate']) });
    return row;
  });
}

export function recordLayer2(db: Db, actor: Actor, systemId: number, input: Layer2Input, today = todayIso()) {
  const s = writable(db, actor, systemId);
  const errors: FieldErrors = {};
  if (input.mode === 'provider') requireOrg(db, input.providerId, (o) => o.kind === 'provider', 'providerId', errors);
  notFuture(errors, 'focalPointNotified', input.focalPointNotified, today);
  fail(errors);
  const row = { systemId, ...input, providerId: input.mode === 'provider' ? input.providerId : null };
  return db.transaction((tx) => {
    const saved = repo.insertLayer2(tx, row);
    audit(tx, actor, { action: 'create', entityType: 'layer2', entityId: saved.id, systemId, organisationId: s.operatorId, summary: input.contractNumber ?? input.mode, changes: diff(null, saved, ['mode', 'providerId', 'contractNumber', 'startDate', 'endDate', 'socName', 'focalPointNotified']) });
    return saved;
  });
}

/** Engaging an assessor also gives that organisation's auditors access to the system. */
export function recordEngagement(db: Db, actor: Actor, systemId: number, input: Layer3Input) {
  const s = writable(db, actor, systemId);
  const { level, regime } = levelOf(db, systemId);
  const errors: FieldErrors = {};
  if (input.assessorKind === 'provider') requireOrg(db, input.assessorId, (o) => o.kind === 'provider', 'assessorId', errors);
  else {
    requireOrg(db, input.assessorId, (o) => o.kind === 'agency' && actor.reach.has(o.id), 'assessorId', errors);
    // in-house assessment by a unit independent of the operator exists only under Decree 331
    if (regime === 'nd85') errors.assessorKind = 'prot.v.inHouseNd331';
  }
  fail(errors);
  const layer2 = repo.layerHistory(db, systemId).layer2[0];
  const issues = independenceFor(db, s, level, regime, { kind: input.assessorKind, id: input.assessorId }, layer2?.mode === 'provider' ? layer2.providerId : null);
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

export function revokeEngagement(db: Db, actor: Actor, systemId: number, engagementId: number, today = todayIso()) {
  const s = writable(db, actor, systemId);
  const e = repo.findEngagement(db, systemId, engagementId);
  if (!e) throw new ConflictError('prot.engagementGone');
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
  return db.transaction((tx) => {
    const row = repo.insertLayer4(tx, { systemId, ...input });
    audit(tx, actor, { action: 'create', entityType: 'layer4', entityId: row.id, systemId, organisationId: s.operatorId, summary: input.status, changes: diff(null, row, ['centre', 'status', 'connectionDate']) });
    return row;
  });
}

/** Organisations the forms offer: agencies of the actor's province or ministry, and every provider. */
export function choices(db: Db, actor: Actor) {
  const all = allOrganisations(db);
  return { agencies: all.filter((o) => o.kind === 'agency' && actor.reach.has(o.id)), providers: all.filter((o) => o.kind === 'provider') };
}
