import type { Db } from '../../db/client.js';
import { memoByVersion } from '../../db/data-version.js';
import type { Organisation } from '../../db/schema/organisations.js';
import { searchTextFor } from '../../db/search-text.js';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { assertCan, type Actor } from '../auth/actor.js';
import { audit, diff } from '../audit/audit.service.js';
import * as repo from './organisations.repository.js';
import type { OrganisationInput } from './organisations.schemas.js';

const AUDITED = ['code', 'nameVi', 'nameEn', 'kind', 'parentId', 'contactName', 'contactEmail', 'contactPhone', 'address'] as const;

export interface TreeNode {
  org: Organisation;
  depth: number;
  children: number;
}

/** The actor's subtree in tree order (parents before children, siblings by name). */
export function organisationTree(db: Db, actor: Actor): TreeNode[] {
  // the tree changes only through audited writes; the scope is the actor's organisation's subtree
  return memoByVersion(db, `organisationTree:${actor.organisationId}`, () => treeOf(db, actor.scope));
}

function treeOf(db: Db, scope: ReadonlySet<number>): TreeNode[] {
  const visible = repo.allOrganisations(db).filter((o) => scope.has(o.id));
  const byParent = new Map<number | null, Organisation[]>();
  for (const o of visible) {
    const p = o.parentId !== null && scope.has(o.parentId) ? o.parentId : null;
    const list = byParent.get(p) ?? [];
    list.push(o);
    byParent.set(p, list);
  }
  const out: TreeNode[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const o of (byParent.get(parent) ?? []).sort((a, b) => a.nameVi.localeCompare(b.nameVi, 'vi'))) {
      out.push({ org: o, depth, children: byParent.get(o.id)?.length ?? 0 });
      walk(o.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Organisations the actor may pick for a system's owner / operator / security unit. */
export function selectableAgencies(db: Db, actor: Actor): Organisation[] {
  return repo
    .allOrganisations(db)
    .filter((o) => o.kind === 'agency' && actor.reach.has(o.id));
}

export function getOrganisation(db: Db, actor: Actor, id: number): Organisation {
  const org = repo.findOrganisation(db, id);
  if (!org || !actor.scope.has(org.id)) throw new NotFoundError('organisation');
  return org;
}

export function organisationDetail(db: Db, actor: Actor, id: number) {
  const org = getOrganisation(db, actor, id);
  const parent = org.parentId ? repo.findOrganisation(db, org.parentId) : undefined;
  return {
    org,
    parent: parent && (actor.scope.has(parent.id) || actor.ancestors.has(parent.id)) ? parent : undefined,
    children: repo.allOrganisations(db).filter((o) => o.parentId === org.id),
    dependants: repo.dependants(db, org.id),
  };
}

function checkParent(db: Db, actor: Actor, input: OrganisationInput, selfId: number | null): void {
  if (selfId !== null && selfId === actor.organisationId) {
    const current = repo.findOrganisation(db, selfId);
    if ((current?.parentId ?? null) !== input.parentId) throw new ValidationError({ parentId: 'org.v.ownParent' });
    return;
  }
  if (input.parentId === null || !actor.scope.has(input.parentId)) throw new ValidationError({ parentId: 'v.choose' });
  if (selfId !== null && repo.subtreeIds(db, selfId).includes(input.parentId)) {
    throw new ValidationError({ parentId: 'org.v.cycle' });
  }
}

function checkCode(db: Db, code: string, selfId: number | null): void {
  const other = repo.findOrganisationByCode(db, code);
  if (other && other.id !== selfId) throw new ValidationError({ code: 'v.codeTaken' });
}

export function createOrganisation(db: Db, actor: Actor, input: OrganisationInput): Organisation {
  assertCan(actor, 'organisation.write');
  checkParent(db, actor, input, null);
  checkCode(db, input.code, null);
  return db.transaction((tx) => {
    const org = repo.insertOrganisation(tx, { ...input, searchText: searchTextFor(input) });
    audit(tx, actor, {
      action: 'create',
      entityType: 'organisation',
      entityId: org.id,
      organisationId: org.id,
      summary: org.nameVi,
      changes: diff(null, org, AUDITED),
    });
    return org;
  });
}

export function updateOrganisation(db: Db, actor: Actor, id: number, input: OrganisationInput): Organisation {
  assertCan(actor, 'organisation.write');
  const before = getOrganisation(db, actor, id);
  checkParent(db, actor, input, id);
  checkCode(db, input.code, id);
  const changes = diff(before, input, AUDITED);
  if (Object.keys(changes).length === 0) return before;
  return db.transaction((tx) => {
    const org = repo.updateOrganisation(tx, id, { ...input, searchText: searchTextFor(input) });
    audit(tx, actor, { action: 'update', entityType: 'organisation', entityId: id, organisationId: id, summary: org.nameVi, changes });
    return org;
  });
}

export function deleteOrganisation(db: Db, actor: Actor, id: number): void {
  assertCan(actor, 'organisation.write');
  const org = getOrganisation(db, actor, id);
  if (id === actor.organisationId) throw new ConflictError('org.delete.own');
  db.transaction((tx) => {
    const d = repo.dependants(tx, id);
    if (d.children || d.systems || d.users) throw new ConflictError('org.delete.blocked', d);
    repo.deleteOrganisation(tx, id);
    audit(tx, actor, {
      action: 'delete',
      entityType: 'organisation',
      entityId: id,
      organisationId: org.parentId,
      summary: org.nameVi,
      changes: diff(org, null, AUDITED),
    });
  });
}
