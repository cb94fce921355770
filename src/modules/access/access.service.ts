// Who may see what: the actor built from a user (their organisation's subtree, its ancestors, the whole
// tree of their top-level organisation), a system's visibility, and the auditors' engagements. Every
// module asks here; this module imports no feature module. Nothing here is kept across requests: an
// actor object lives for one request, and what is worked out for it is kept on it at most.
import { sql, type SQL } from 'drizzle-orm';
import { dataVersion } from '../../db/change-log.js';
import type { Db, Tx } from '../../db/client.js';
import { systems, type SystemRow } from '../../db/schema/systems.js';
import type { UserRow } from '../../db/schema/users.js';
import { NotFoundError } from '../../domain/errors.js';
import { todayIso } from '../../i18n/format.js';
import type { Actor } from './actor.js';
import * as repo from './access.repository.js';

export { ancestorIds, selfAndAncestorIds, subtreeIds } from './access.repository.js';

/** The actor of a user for one request (or one job): who, which role, and the organisations they may see. */
export function actorFor(db: Db, user: Pick<UserRow, 'id' | 'username' | 'fullName' | 'role' | 'organisationId'>, ip?: string): Actor {
  const up = repo.ancestorIds(db, user.organisationId);
  const top = up.length ? up[up.length - 1]! : user.organisationId;
  const scope = repo.subtreeIds(db, user.organisationId);
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    role: user.role,
    organisationId: user.organisationId,
    scope: new Set(scope),
    ancestors: new Set(up),
    // a top-level organisation's reach is its own subtree: read once
    reach: new Set(top === user.organisationId ? scope : repo.subtreeIds(db, top)),
    ...(ip ? { ip } : {}),
  };
}

const engaged = new WeakMap<Actor, { day: string; ids: number[] }>();

/** Systems an auditor's organisation (or a unit below it) is engaged to assess today (worked out once per actor and day). */
export function engagedSystemIds(db: Db, actor: Actor): number[] {
  const day = todayIso();
  const kept = engaged.get(actor);
  if (kept && kept.day === day) return kept.ids;
  const ids = repo.engagedSystemIds(db, [...actor.scope], day);
  engaged.set(actor, { day, ids });
  return ids;
}

/**
 * The organisations whose auditors see a system today through its engagements other than one: what an
 * auditor keeps when that engagement is revoked, or already had when it was made.
 */
export function auditorReachWithout(db: Tx, systemId: number, exceptEngagementId: number, today = todayIso()): Set<number> {
  return new Set(repo.liveAssessorsOf(db, systemId, today, exceptEngagementId).flatMap((a) => repo.selfAndAncestorIds(db, a)));
}

/** Which systems a reader may see: by organisation subtree, or an explicit list (auditors). */
export type Visibility = { orgIds: readonly number[] } | { systemIds: readonly number[] };

export function visibility(db: Db, actor: Actor): Visibility {
  return actor.role === 'auditor' ? { systemIds: engagedSystemIds(db, actor) } : { orgIds: [...actor.scope] };
}

const inList = (col: SQL, ids: readonly number[]) => (ids.length ? sql`${col} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql`0`);

/** The SQL condition on `systems` of a visibility: a system is visible when its owner, operator or security unit is in the subtree. */
export function visibleCondition(v: Visibility): SQL {
  if ('systemIds' in v) return inList(sql`${systems.id}`, v.systemIds);
  return sql`(${inList(sql`${systems.ownerId}`, v.orgIds)} OR ${inList(sql`${systems.operatorId}`, v.orgIds)} OR ${inList(sql`${systems.securityUnitId}`, v.orgIds)})`;
}

export function canSee(db: Db, actor: Actor, s: Pick<SystemRow, 'id' | 'ownerId' | 'operatorId' | 'securityUnitId'>): boolean {
  if (actor.role === 'auditor') return engagedSystemIds(db, actor).includes(s.id);
  return actor.scope.has(s.ownerId) || actor.scope.has(s.operatorId) || (s.securityUnitId !== null && actor.scope.has(s.securityUnitId));
}

/**
 * The providers whose record matters to the actor's systems: used by a system the actor sees (assessor,
 * monitoring provider, now or before) or the group of one. A change to one of them shows in the actor's
 * history and audit log, whoever made it.
 */
export function providersSeenBy(db: Db, actor: Actor): number[] {
  return repo.providersUsedBy(db, visibleCondition(visibility(db, actor)));
}

/** A system the actor may see, or undefined (missing or another organisation's: the same answer). */
export function findVisibleSystem(db: Db, actor: Actor, id: number): SystemRow | undefined {
  const s = repo.findSystemRow(db, id);
  return s && canSee(db, actor, s) ? s : undefined;
}

/**
 * A request's system rows, kept with its actor (an actor is built for one request or one job) while the
 * data does not change: the system page asks for its system from every part it shows. Never across
 * requests, never inside a transaction; who may see it is decided again on every call.
 */
const rowsOfRequest = new WeakMap<Actor, { version: number; rows: Map<number, SystemRow | undefined> }>();

function systemRowFor(db: Db, actor: Actor, id: number): SystemRow | undefined {
  if (db.$client.inTransaction) return repo.findSystemRow(db, id);
  const version = dataVersion(db);
  let kept = rowsOfRequest.get(actor);
  if (!kept || kept.version !== version) rowsOfRequest.set(actor, (kept = { version, rows: new Map() }));
  if (!kept.rows.has(id)) {
    const row = repo.findSystemRow(db, id);
    kept.rows.set(id, row && Object.freeze(row));
  }
  return kept.rows.get(id);
}

/** A system the actor may see; another organisation's system answers exactly like a missing one. */
export function getSystem(db: Db, actor: Actor, id: number): SystemRow {
  const s = systemRowFor(db, actor, id);
  if (!s || !canSee(db, actor, s)) throw new NotFoundError('system');
  return s;
}
