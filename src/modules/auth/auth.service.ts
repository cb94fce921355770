// Signing in and out, and turning a session's user id into an Actor.
import type { Db } from '../../db/client.js';
import type { UserRow } from '../../db/schema/users.js';
import { ValidationError } from '../../domain/errors.js';
import { audit, auditAnonymous, diff } from '../audit/audit.service.js';
import { hashPassword, passwordProblem, verifyPassword } from '../users/password.js';
import { accountById, accountByUsername, endOtherSessions, endSessions, updateAccount } from '../users/users.service.js';
import { actorFor, type Actor } from '../access/index.js';

// verifying against a real hash when the user does not exist keeps the timing the same
let dummyHash: Promise<string> | undefined;

/** The active user behind a session, or undefined (deactivated users lose their sessions at once). */
export function loadActor(db: Db, userId: number, ip?: string): (Actor & { mustChangePassword: boolean }) | undefined {
  const user = accountById(db, userId);
  if (!user || !user.active) return undefined;
  return { ...actorFor(db, user, ip), mustChangePassword: user.mustChangePassword };
}

/** The longest typed username a failed sign-in keeps (real usernames have at most 50 characters). */
export const TYPED_USERNAME_MAX = 64;

// control characters (C0, DEL, C1), format characters (text-direction overrides and isolates,
// zero-width characters, BOM) and line or paragraph separators: nothing of a name anyone could read
const UNREADABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** The name typed at a failed sign-in, as the audit trail keeps it: NFC, readable characters only, trimmed, capped. */
export function typedUsername(raw: string): string {
  const readable = raw.normalize('NFC').replace(UNREADABLE, '').trim();
  return Array.from(readable).slice(0, TYPED_USERNAME_MAX).join('').trim();
}

/**
 * A failed sign-in: the row says what was typed (`typedUsername`), never taken for a user. It is linked
 * to an account (entity and actor name) only when the name typed is one, as it stands.
 */
function auditFailedSignIn(db: Db, typed: string, user: UserRow | undefined, ip: string | undefined): void {
  const name = typedUsername(typed);
  auditAnonymous(db, user?.username ?? name, ip, {
    action: 'login_failed', entityType: 'user', entityId: user?.id ?? null, organisationId: user?.organisationId ?? null,
    changes: { typedUsername: [null, name] },
  });
}

export async function authenticate(db: Db, username: string, password: string, ip?: string): Promise<UserRow | null> {
  const user = accountByUsername(db, username);
  if (!user || !user.active) {
    dummyHash ??= hashPassword('not-a-real-password-0');
    await verifyPassword(await dummyHash, password);
    auditFailedSignIn(db, username, user, ip);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    auditFailedSignIn(db, username, user, ip);
    return null;
  }
  db.transaction((tx) => {
    updateAccount(tx, user.id, { lastLoginAt: new Date().toISOString() });
    audit(tx, actorFor(db, user, ip), { action: 'login', entityType: 'user', entityId: user.id, organisationId: user.organisationId });
  });
  return user;
}

export function recordLogout(db: Db, actor: Actor, everywhere: boolean): void {
  db.transaction((tx) => {
    if (everywhere) endSessions(tx, actor.id);
    audit(tx, actor, { action: everywhere ? 'logout_everywhere' : 'logout', entityType: 'user', entityId: actor.id, organisationId: actor.organisationId });
  });
}

/**
 * The user changes their own password (also the forced change after a reset); every other session of theirs
 * ends (someone who knew the old password is signed out), the one it was changed in (`sessionId`) stays.
 */
export async function changeOwnPassword(db: Db, actor: Actor, sessionId: string, current: string, next: string, confirm: string): Promise<void> {
  const user = accountById(db, actor.id);
  if (!user) throw new ValidationError({ current: 'auth.v.wrongPassword' });
  if (!(await verifyPassword(user.passwordHash, current))) throw new ValidationError({ current: 'auth.v.wrongPassword' });
  const problem = passwordProblem(next, user.username);
  if (problem) throw new ValidationError({ password: problem });
  if (next !== confirm) throw new ValidationError({ confirm: 'auth.v.mismatch' });
  if (next === current) throw new ValidationError({ password: 'password.same' });
  const passwordHash = await hashPassword(next);
  db.transaction((tx) => {
    const after = updateAccount(tx, user.id, { passwordHash, mustChangePassword: false });
    const ended = endOtherSessions(tx, user.id, sessionId);
    audit(tx, actor, {
      action: 'password_change', entityType: 'user', entityId: user.id, organisationId: user.organisationId,
      changes: { ...diff(user, after, ['mustChangePassword']), ...(ended ? { otherSessionsEnded: [null, ended] } : {}) },
    });
  });
}
