import type { Db, Tx } from '../../db/client.js';
import { memoByVersion } from '../../db/data-version.js';
import type { NewOrganisation, Organisation } from '../../db/schema/organisations.js';
import { ancestorChain } from '../../domain/protection.js';
import type { OrgFacts } from '../../domain/rules/index.js';
import { searchTextFor } from '../../db/search-text.js';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { assertCan, type Actor, subtreeIds } from '../access/index.js';
import { audit, diff, updateAudited } from '../audit/audit.service.js';
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
  if (selfId !== null && subtreeIds(db, selfId).includes(input.parentId)) {
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
  return updateAudited(db, actor, before, {
    changes: diff(before, input, AUDITED),
    write: (tx) => repo.updateOrganisation(tx, id, { ...input, searchText: searchTextFor(input) }),
    entry: (org) => ({ entityType: 'organisation', entityId: id, organisationId: id, summary: org.nameVi }),
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

// ---- reference reads and rows for other modules ----
// Other modules name organisations (a system's owner, a provider, an assessor): they read them here, never
// from the repository. No access check: the caller decides what it may show.

export function findOrganisation(db: Tx, id: number): Organisation | undefined {
  return repo.findOrganisation(db, id);
}

export function findOrganisationByCode(db: Tx, code: string): Organisation | undefined {
  return repo.findOrganisationByCode(db, code);
}

/** Every organisation (and provider), kept until the data changes: the system page, the forms and the imports read it. */
export function allOrganisations(db: Db): readonly Organisation[] {
  return memoByVersion(db, 'allOrganisations', () => repo.allOrganisations(db));
}

/** The organisations of the given ids that exist (nulls skipped). */
export function organisationsByIds(db: Db, ids: readonly (number | null | undefined)[]): Map<number, Organisation> {
  const out = new Map<number, Organisation>();
  for (const id of ids) {
    if (id == null || out.has(id)) continue;
    const o = repo.findOrganisation(db, id);
    if (o) out.set(id, o);
  }
  return out;
}

/** Every organisation as the independence checks see it: with its chain of parents (cut at the first repeat) and licence end. */
export function organisationIndex(db: Db): Map<number, OrgFacts & { code: string }> {
  return memoByVersion(db, 'organisationIndex', () => {
    const rows = repo.allOrganisations(db);
    const parents = new Map(rows.map((o) => [o.id, o.parentId]));
    return new Map(
      rows.map((o) => [
        o.id,
        Object.freeze({
          id: o.id, code: o.code, nameVi: o.nameVi, nameEn: o.nameEn, parentId: o.parentId, kind: o.kind, licenceExpires: o.licenceExpires,
          ancestors: ancestorChain(o.id, (id) => parents.get(id)),
        }),
      ]),
    );
  });
}

/** Writes an organisation row (the providers directory and the command-line bootstrap, which audit it themselves). */
export function insertOrganisationRow(tx: Tx, row: NewOrganisation): Organisation {
  return repo.insertOrganisation(tx, row);
}

export function updateOrganisationRow(tx: Tx, id: number, row: Partial<NewOrganisation>): Organisation {
  return repo.updateOrganisation(tx, id, row);
}
