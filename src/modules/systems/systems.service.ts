import { memoByVersion } from '../../db/data-version.js';
import type { Db, Tx } from '../../db/client.js';
import type { NewSystemRow, SystemRow } from '../../db/schema/systems.js';
import { searchTextFor } from '../../db/search-text.js';
import { ConflictError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { fold } from '../../i18n/format.js';
import { paginate } from '../../web/pagination.js';
import { assertCan, getSystem, visibility, type Actor } from '../access/index.js';
import { audit, changesOf, diff, updateAuditedIn } from '../audit/audit.service.js';
import * as repo from './systems.repository.js';
import type { SystemInput, SystemListQuery } from './systems.schemas.js';
import { findOrganisation } from '../organisations/organisations.service.js';

export const AUDITED_FIELDS = [
  'code', 'nameVi', 'nameEn', 'description', 'ownerId', 'operatorId', 'securityUnitId', 'systemType', 'prioritySector',
  'lifecycleStatus', 'goLiveDate', 'hosting', 'separation', 'stateFunded', 'nationalSecurityImportant', 'notes', 'domesticProductsNote', 'decommissionedAt',
] as const;

/** The list page's query as a filter over what the actor may see (read fresh: visibility is never kept). */
function listFilter(db: Db, actor: Actor, q: SystemListQuery, subtreeOf: (id: number) => number[]): repo.ListFilter {
  return {
    visibility: visibility(db, actor),
    q: q.q ? fold(q.q) : undefined,
    // an organisation outside the actor's subtree is ignored rather than revealed
    orgIds: q.org !== undefined && actor.scope.has(q.org) ? subtreeOf(q.org) : undefined,
    level: q.level,
    status: q.status,
    sector: q.sector,
    dossier: q.dossier,
  };
}

export function listSystems(db: Db, actor: Actor, q: SystemListQuery, subtreeOf: (id: number) => number[]) {
  const filter = listFilter(db, actor, q, subtreeOf);
  // a page of a list is kept until the data changes (a list is often paged back and forth, or reloaded)
  return memoByVersion(db, JSON.stringify(['systems', filter, q.sort, q.dir, q.page]), () => {
    const total = repo.countSystems(db, filter);
    const page = paginate(q.page, total);
    const rows = repo.listSystems(db, filter, q.sort ?? 'name', q.dir ?? 'asc', page.perPage, page.offset);
    return { rows, page };
  });
}

/** Every system of the list with its filters and order, up to `max` (the exports). */
export function allListedSystems(db: Db, actor: Actor, q: SystemListQuery, subtreeOf: (id: number) => number[], max: number): repo.ListedSystem[] {
  return repo.listSystems(db, listFilter(db, actor, q, subtreeOf), q.sort ?? 'name', q.dir ?? 'asc', max, 0);
}

/** A page of the systems the actor may see, with the list's filters on already-resolved organisations (the API). */
export function findSystems(
  db: Db, actor: Actor, f: Omit<repo.ListFilter, 'visibility'>, sort: string, dir: 'asc' | 'desc', perPage: number, page: unknown,
): { rows: repo.ListedSystem[]; page: ReturnType<typeof paginate> } {
  const filter: repo.ListFilter = { ...f, visibility: visibility(db, actor), q: f.q ? fold(f.q) : undefined };
  const p = paginate(page, repo.countSystems(db, filter), perPage);
  return { rows: repo.listSystems(db, filter, sort, dir, p.perPage, p.offset), page: p };
}

/** Every system the actor may see (narrowed to owners or operators in `orgIds`), by code: the annual report and the API. */
export function visibleSystems(db: Db, actor: Actor, orgIds: readonly number[] | undefined, sort: 'code' | 'name', limit: number, offset = 0): repo.ListedSystem[] {
  return repo.listSystems(db, { visibility: visibility(db, actor), orgIds }, sort, 'asc', limit, offset);
}

export type { ListedSystem, ListFilter } from './systems.repository.js';

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

/**
 * Who owns and who operates a system is the owner's decision: moving either needs the current owner in the
 * actor's subtree. Without it a unit that only operates or secures a system could hand it to its own units
 * and leave the owner with a 404. The field messages of a change the actor may not make (none: it may).
 */
export function ownershipProblems(actor: Actor, before: Pick<SystemRow, 'ownerId' | 'operatorId'>, fields: { ownerId?: number; operatorId?: number }): FieldErrors {
  if (actor.scope.has(before.ownerId)) return {};
  const errors: FieldErrors = {};
  if (fields.ownerId !== undefined && fields.ownerId !== before.ownerId) errors.ownerId = 'system.v.ownerOnly';
  if (fields.operatorId !== undefined && fields.operatorId !== before.operatorId) errors.operatorId = 'system.v.ownerOnly';
  return errors;
}

type SystemFields = Omit<NewSystemRow, 'id' | 'searchText' | 'createdAt' | 'updatedAt'>;

/** Writes a new system with its audit entry, in the caller's transaction (the form, and the importer). */
export function insertSystemAudited(tx: Tx, actor: Actor, fields: SystemFields): SystemRow {
  const s = repo.insertSystem(tx, { ...fields, searchText: searchTextFor(fields) });
  audit(tx, actor, {
    action: 'create', entityType: 'system', entityId: s.id, systemId: s.id, organisationId: s.operatorId,
    summary: s.nameVi, changes: diff(null, s, AUDITED_FIELDS),
  });
  return s;
}

/** What `fields` would change on a system (only the fields given are compared). */
export function systemChanges(before: SystemRow, fields: Partial<SystemFields>): Record<string, [unknown, unknown]> {
  return changesOf(before, fields, AUDITED_FIELDS);
}

/**
 * Applies `fields` to a system with its audit entry, in the caller's transaction; null when nothing changes.
 * The entry is filed under the operator; one that moves the owner or the operator is also shown to the
 * organisations on both sides (src/modules/audit: the old owner's admins see where their system went).
 */
export function updateSystemAudited(tx: Tx, actor: Actor, before: SystemRow, fields: Partial<SystemFields>): SystemRow | null {
  // the callers check first and say which field; this is the last line, for a change raced in between
  if (Object.keys(ownershipProblems(actor, before, fields)).length) throw new ConflictError('system.ownerOnly');
  return updateAuditedIn(tx, actor, {
    changes: systemChanges(before, fields),
    write: () => repo.updateSystem(tx, before.id, { ...fields, searchText: searchTextFor({ ...before, ...fields }) }),
    entry: (s) => ({ entityType: 'system', entityId: before.id, systemId: before.id, organisationId: s.operatorId, summary: s.nameVi }),
  });
}

/** A system by code, case-insensitively, whoever may see it (the caller checks). */
export function findSystemByCode(db: Tx, code: string): SystemRow | undefined {
  return repo.findSystemByCode(db, code);
}

export function createSystem(db: Db, actor: Actor, input: SystemInput): SystemRow {
  assertCan(actor, 'system.write');
  checkReferences(db, actor, input, null);
  return db.transaction((tx) => insertSystemAudited(tx, actor, input));
}

export function updateSystem(db: Db, actor: Actor, id: number, input: SystemInput): SystemRow {
  assertCan(actor, 'system.write');
  const before = getSystem(db, actor, id);
  if (before.lifecycleStatus === 'decommissioned') throw new ConflictError('system.decommissioned');
  const owned = ownershipProblems(actor, before, input);
  if (Object.keys(owned).length) throw new ValidationError(owned);
  checkReferences(db, actor, input, id);
  return db.transaction((tx) => updateSystemAudited(tx, actor, before, input)) ?? before;
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
