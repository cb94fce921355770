import { and, inArray, isNull } from 'drizzle-orm';
import { memoByVersion } from '../../db/data-version.js';
import type { Db } from '../../db/client.js';
import { engagements } from '../../db/schema/protection.js';
import type { SystemRow } from '../../db/schema/systems.js';
import { searchTextFor } from '../../db/search-text.js';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { fold } from '../../i18n/format.js';
import { paginate } from '../../web/pagination.js';
import { assertCan, type Actor } from '../auth/actor.js';
import { audit, diff } from '../audit/audit.service.js';
import { findOrganisation } from '../organisations/organisations.repository.js';
import * as repo from './systems.repository.js';
import type { SystemInput, SystemListQuery } from './systems.schemas.js';

export const AUDITED_FIELDS = [
  'code', 'nameVi', 'nameEn', 'description', 'ownerId', 'operatorId', 'securityUnitId', 'systemType', 'prioritySector',
  'lifecycleStatus', 'goLiveDate', 'hosting', 'separation', 'stateFunded', 'nationalSecurityImportant', 'notes', 'domesticProductsNote', 'decommissionedAt',
] as const;

/** Systems an auditor's organisation (or a unit below it) is engaged to assess and not revoked. */
export function engagedSystemIds(db: Db, actor: Actor): number[] {
  const ids = [...actor.scope];
  if (!ids.length) return [];
  return db
    .selectDistinct({ id: engagements.systemId })
    .from(engagements)
    .where(and(isNull(engagements.revokedAt), inArray(engagements.assessorId, ids)))
    .all()
    .map((r) => r.id);
}

export function visibility(db: Db, actor: Actor): repo.Visibility {
  return actor.role === 'auditor' ? { systemIds: engagedSystemIds(db, actor) } : { orgIds: [...actor.scope] };
}

export function canSee(db: Db, actor: Actor, s: SystemRow): boolean {
  if (actor.role === 'auditor') return engagedSystemIds(db, actor).includes(s.id);
  return actor.scope.has(s.ownerId) || actor.scope.has(s.operatorId) || (s.securityUnitId !== null && actor.scope.has(s.securityUnitId));
}

export function listSystems(db: Db, actor: Actor, q: SystemListQuery, subtreeOf: (id: number) => number[]) {
  const filter: repo.ListFilter = {
    visibility: visibility(db, actor),
    q: q.q ? fold(q.q) : undefined,
    // an organisation outside the actor's subtree is ignored rather than revealed
    orgIds: q.org !== undefined && actor.scope.has(q.org) ? subtreeOf(q.org) : undefined,
    level: q.level,
    status: q.status,
    sector: q.sector,
    dossier: q.dossier,
  };
  // a page of a list is kept until the next write (a list is often paged back and forth, or reloaded)
  return memoByVersion(db, JSON.stringify(['systems', filter, q.sort, q.dir, q.page]), () => {
    const total = repo.countSystems(db, filter);
    const page = paginate(q.page, total);
    const rows = repo.listSystems(db, filter, q.sort ?? 'name', q.dir ?? 'asc', page.perPage, page.offset);
    return { rows, page };
  });
}

export function getSystem(db: Db, actor: Actor, id: number): SystemRow {
  // every card of a system's page checks access: the row is kept until the next write
  const s = memoByVersion(db, `system:${id}`, () => repo.findSystem(db, id));
  // another organisation's system answers exactly like a missing one
  if (!s || !canSee(db, actor, s)) throw new NotFoundError('system');
  return s;
}

function checkReferences(db: Db, actor: Actor, input: SystemInput, selfId: number | null): void {
  const errors: FieldErrors = {};
  const pickable = (id: number | null) => {
    if (id === null) return true;
    const org = findOrganisation(db, id);
    return !!org && org.kind === 'agency' && actor.reach.has(id);
  };
  if (!pickable(input.ownerId)) errors.ownerId = 'v.choose';
  if (!pickable(input.operatorId)) errors.operatorId = 'v.choose';
  if (!pickable(input.securityUnitId)) errors.securityUnitId = 'v.choose';
  if (!errors.operatorId && !errors.ownerId && !actor.scope.has(input.operatorId) && !actor.scope.has(input.ownerId)) {
    // the actor must keep seeing what they register
    errors.operatorId = 'system.v.outsideScope';
  }
  const other = repo.findSystemByCode(db, input.code);
  if (other && other.id !== selfId) errors.code = 'v.codeTaken';
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

export function createSystem(db: Db, actor: Actor, input: SystemInput): SystemRow {
  assertCan(actor, 'system.write');
  checkReferences(db, actor, input, null);
  return db.transaction((tx) => {
    const s = repo.insertSystem(tx, { ...input, searchText: searchTextFor(input) });
    audit(tx, actor, {
      action: 'create', entityType: 'system', entityId: s.id, systemId: s.id, organisationId: s.operatorId,
      summary: s.nameVi, changes: diff(null, s, AUDITED_FIELDS),
    });
    return s;
  });
}

export function updateSystem(db: Db, actor: Actor, id: number, input: SystemInput): SystemRow {
  assertCan(actor, 'system.write');
  const before = getSystem(db, actor, id);
  if (before.lifecycleStatus === 'decommissioned') throw new ConflictError('system.decommissioned');
  checkReferences(db, actor, input, id);
  const changes = diff(before, input, AUDITED_FIELDS);
  if (!Object.keys(changes).length) return before;
  return db.transaction((tx) => {
    const s = repo.updateSystem(tx, id, { ...input, searchText: searchTextFor(input) });
    audit(tx, actor, { action: 'update', entityType: 'system', entityId: id, systemId: id, organisationId: s.operatorId, summary: s.nameVi, changes });
    return s;
  });
}

export function decommissionSystem(db: Db, actor: Actor, id: number, date: string, reason: string | null): SystemRow {
  assertCan(actor, 'system.write');
  const before = getSystem(db, actor, id);
  if (before.lifecycleStatus === 'decommissioned') throw new ConflictError('system.decommissioned');
  if (before.goLiveDate && date < before.goLiveDate) throw new ValidationError({ decommissionedAt: 'system.v.beforeGoLive' });
  return db.transaction((tx) => {
    const notes = reason ? [before.notes, reason].filter(Boolean).join('\n') : before.notes;
    const s = repo.updateSystem(tx, id, { lifecycleStatus: 'decommissioned', decommissionedAt: date, notes });
    audit(tx, actor, {
      action: 'state', entityType: 'system', entityId: id, systemId: id, organisationId: s.operatorId,
      summary: reason ?? s.nameVi, changes: diff(before, s, ['lifecycleStatus', 'decommissionedAt', 'notes']),
    });
    return s;
  });
}
