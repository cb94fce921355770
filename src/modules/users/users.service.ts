// Accounts: an admin manages the users of their own organisation subtree. Admins never choose a
// password: a one-time password is generated, shown once, and must be changed at the first sign-in.
import { randomInt } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { Organisation } from '../../db/schema/organisations.js';
import type { Role, UserRow } from '../../db/schema/users.js';
import { searchTextFor } from '../../db/search-text.js';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { assertCan, type Actor } from '../access/index.js';
import { hashPassword } from './password.js';
import type { Tx } from '../../db/client.js';
import { audit, auditAs, diff, updateAudited } from '../audit/audit.service.js';
import * as orgs from '../organisations/organisations.service.js';
import { organisationTree, type TreeNode } from '../organisations/organisations.service.js';
import * as repo from './users.repository.js';
import { revokeTokensCreatedBy } from '../api/api-tokens.service.js';
import { endFeedOf } from '../calendar/calendar.service.js';
import type { UserCreateInput, UserEditInput } from './users.schemas.js';

/** Non-secret fields the audit trail records (never the password hash). */
const AUDITED = ['username', 'fullName', 'email', 'role', 'organisationId', 'active', 'mustChangePassword'] as const;
const EDITABLE = ['fullName', 'email', 'role', 'organisationId'] as const;

/** A user as the pages see it: everything but the password hash. */
export type PublicUser = Omit<UserRow, 'passwordHash'>;

function publicUser(row: UserRow): PublicUser {
  const { passwordHash, ...rest } = row;
  void passwordHash;
  return rest;
}

// No 0/o, 1/l/i: a one-time password is often read aloud or copied from paper.
const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A readable one-time password: 4 groups of 4 (16 characters from 31, about 79 bits), e.g. "k7mq-x2dp-...". */
export function oneTimePassword(groups = 4, size = 4): string {
  const parts: string[] = [];
  for (let g = 0; g < groups; g++) {
    let part = '';
    for (let i = 0; i < size; i++) part += OTP_ALPHABET[randomInt(OTP_ALPHABET.length)];
    parts.push(part);
  }
  return parts.join('-');
}

const summaryOf = (u: { username: string; fullName: string }) => `${u.fullName} (${u.username})`;

/** A user in the actor's subtree, or 404 (a user outside it looks exactly like a missing one). */
function findInScope(db: Tx, actor: Actor, id: number): UserRow {
  const user = repo.findUser(db, id);
  if (!user || !actor.scope.has(user.organisationId)) throw new NotFoundError('user');
  return user;
}

export interface UserListItem {
  user: PublicUser;
  organisation: Organisation | undefined;
}

export function listUsers(db: Db, actor: Actor): UserListItem[] {
  assertCan(actor, 'user.manage');
  const byId = new Map(orgs.allOrganisations(db).map((o) => [o.id, o]));
  return repo.usersIn(db, [...actor.scope]).map((u) => ({ user: publicUser(u), organisation: byId.get(u.organisationId) }));
}

/** The organisations an admin may put a user in, in tree order. */
export function selectableOrganisations(db: Db, actor: Actor): TreeNode[] {
  assertCan(actor, 'user.manage');
  return organisationTree(db, actor);
}

export function getUser(db: Db, actor: Actor, id: number): PublicUser {
  assertCan(actor, 'user.manage');
  return publicUser(findInScope(db, actor, id));
}

export function userDetail(db: Db, actor: Actor, id: number): { user: PublicUser; organisation: Organisation | undefined } {
  const user = getUser(db, actor, id);
  return { user, organisation: orgs.findOrganisation(db, user.organisationId) };
}

function usernameTaken(db: Tx, username: string): boolean {
  return !!repo.findUserByUsername(db, username);
}

export async function createUser(db: Db, actor: Actor, input: UserCreateInput): Promise<{ user: PublicUser; password: string }> {
  assertCan(actor, 'user.manage');
  const errors: FieldErrors = {};
  if (!actor.scope.has(input.organisationId)) errors.organisationId = 'v.choose';
  if (usernameTaken(db, input.username)) errors.username = 'v.usernameTaken';
  if (Object.keys(errors).length) throw new ValidationError(errors);

  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const user = db.transaction((tx) => {
    // checked again: another admin may have taken the name while the hash was computed
    if (usernameTaken(tx, input.username)) throw new ValidationError({ username: 'v.usernameTaken' });
    const row = repo.insertUser(tx, { ...input, passwordHash, mustChangePassword: true, active: true });
    audit(tx, actor, {
      action: 'create',
      entityType: 'user',
      entityId: row.id,
      organisationId: row.organisationId,
      summary: summaryOf(row),
      changes: diff(null, row, AUDITED),
    });
    return row;
  });
  return { user: publicUser(user), password };
}

export function updateUser(db: Db, actor: Actor, id: number, input: UserEditInput): PublicUser {
  assertCan(actor, 'user.manage');
  const before = findInScope(db, actor, id);
  const errors: FieldErrors = {};
  // an admin demoting or moving themselves could lock everyone out of the subtree
  if (id === actor.id && input.role !== before.role) errors.role = 'user.v.ownRole';
  if (id === actor.id && input.organisationId !== before.organisationId) errors.organisationId = 'user.v.ownOrganisation';
  else if (!actor.scope.has(input.organisationId)) errors.organisationId = 'v.choose';
  if (Object.keys(errors).length) throw new ValidationError(errors);

  const after = updateAudited(db, actor, before, {
    changes: diff(before, input, EDITABLE),
    write: (tx) => repo.updateUser(tx, id, input),
    entry: (row) => ({ entityType: 'user', entityId: id, organisationId: row.organisationId, summary: summaryOf(row) }),
  });
  return publicUser(after);
}

/** Ends every way in an account has besides its password: sessions, the calendar feed, the API tokens it created. */
function endAccess(tx: Tx, actor: Actor, user: UserRow): void {
  repo.deleteSessionsOf(tx, user.id);
  endFeedOf(tx, actor, user);
  revokeTokensCreatedBy(tx, actor, user.id);
}

/** Deactivating ends the user's access at once (see endAccess); nothing is written when the state is unchanged. */
export function setActive(db: Db, actor: Actor, id: number, active: boolean): PublicUser {
  assertCan(actor, 'user.manage');
  const before = findInScope(db, actor, id);
  if (id === actor.id && !active) throw new ConflictError('user.v.ownDeactivate');
  if (before.active === active) return publicUser(before);
  return db.transaction((tx) => {
    const after = repo.updateUser(tx, id, { active });
    // a deactivated account keeps no way in: its sessions, its calendar feed and the API tokens it made
    if (!active) endAccess(tx, actor, after);
    audit(tx, actor, {
      action: active ? 'activate' : 'deactivate',
      entityType: 'user',
      entityId: id,
      organisationId: after.organisationId,
      summary: summaryOf(after),
      changes: diff(before, after, ['active']),
    });
    return publicUser(after);
  });
}

/** A new one-time password for someone else (one's own is changed on /account/password). */
export async function resetPassword(db: Db, actor: Actor, id: number): Promise<{ user: PublicUser; password: string }> {
  assertCan(actor, 'user.manage');
  findInScope(db, actor, id);
  if (id === actor.id) throw new ConflictError('user.v.ownReset');
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const user = db.transaction((tx) => {
    const before = findInScope(tx, actor, id);
    const after = repo.updateUser(tx, id, { passwordHash, mustChangePassword: true });
    // a reset is often for a lost or shared password: whatever was opened with the old one closes
    endAccess(tx, actor, after);
    audit(tx, actor, {
      action: 'password_reset',
      entityType: 'user',
      entityId: id,
      organisationId: after.organisationId,
      summary: summaryOf(after),
      changes: diff(before, after, ['mustChangePassword']),
    });
    return after;
  });
  return { user: publicUser(user), password };
}

export interface BootstrapInput {
  username: string;
  fullName: string;
  email: string | null;
  role: Role;
  orgCode: string;
  orgName: string | null;
}

/**
 * `npm run user:create`: the first account of an installation. Creates the root organisation when the
 * code is new and a name is given; the audit trail names the actor "cli".
 */
export async function bootstrapUser(
  db: Db,
  input: BootstrapInput,
): Promise<{ user: PublicUser; organisation: Organisation; organisationCreated: boolean; password: string }> {
  if (usernameTaken(db, input.username)) throw new ValidationError({ username: 'v.usernameTaken' });
  if (!orgs.findOrganisationByCode(db, input.orgCode) && !input.orgName) throw new ValidationError({ org: 'user.cli.orgMissing' });
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction((tx) => {
    if (usernameTaken(tx, input.username)) throw new ValidationError({ username: 'v.usernameTaken' });
    let organisation = orgs.findOrganisationByCode(tx, input.orgCode);
    const organisationCreated = !organisation;
    if (!organisation) {
      const row = { code: input.orgCode, nameVi: input.orgName ?? input.orgCode, kind: 'agency' as const, parentId: null };
      organisation = orgs.insertOrganisationRow(tx, { ...row, searchText: searchTextFor(row) });
      auditAs(tx, 'cli', {
        action: 'create',
        entityType: 'organisation',
        entityId: organisation.id,
        organisationId: organisation.id,
        summary: organisation.nameVi,
        changes: diff(null, organisation, ['code', 'nameVi', 'kind', 'parentId']),
      });
    }
    const user = repo.insertUser(tx, {
      username: input.username,
      fullName: input.fullName,
      email: input.email,
      role: input.role,
      organisationId: organisation.id,
      passwordHash,
      mustChangePassword: true,
      active: true,
    });
    auditAs(tx, 'cli', {
      action: 'create',
      entityType: 'user',
      entityId: user.id,
      organisationId: user.organisationId,
      summary: summaryOf(user),
      changes: diff(null, user, AUDITED),
    });
    return { user: publicUser(user), organisation, organisationCreated, password };
  });
}

// ---- accounts, for signing in (the auth module) ----

/** A user row by id, whatever its state (sign-in and sessions decide what an inactive one may do). */
export function accountById(db: Tx, id: number): UserRow | undefined {
  return repo.findUser(db, id);
}

/** A user row by username, case-insensitively, whatever its state. */
export function accountByUsername(db: Tx, username: string): UserRow | undefined {
  return repo.findUserByUsername(db, username);
}

/** Writes an account's sign-in time or password (the auth module audits the change). */
export function updateAccount(tx: Tx, id: number, row: Partial<Pick<UserRow, 'lastLoginAt' | 'passwordHash' | 'mustChangePassword'>>): UserRow {
  return repo.updateUser(tx, id, row);
}

/** Signs an account out everywhere: deletes its sessions. */
export function endSessions(tx: Tx, id: number): number {
  return repo.deleteSessionsOf(tx, id);
}

/** Signs an account out of every session but one (a password change keeps the session it was made in). */
export function endOtherSessions(tx: Tx, id: number, keepSid: string): number {
  return repo.deleteSessionsOfExcept(tx, id, keepSid);
}
