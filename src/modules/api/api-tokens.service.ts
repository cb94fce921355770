// Bearer tokens of the read-only JSON API: created by admins for an organisation of their subtree (the
// token then reads that organisation's subtree), shown once, stored as their SHA-256, revocable, audited.
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { apiTokens, type ApiTokenRow } from '../../db/schema/compliance.js';
import { organisations, type Organisation } from '../../db/schema/organisations.js';
import { users } from '../../db/schema/users.js';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { assertCan, type Actor } from '../access/index.js';
import { audit } from '../audit/audit.service.js';
import { findOrganisation } from '../organisations/organisations.service.js';

/** 32 random bytes, base64url: exactly 43 characters. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface ListedToken {
  token: ApiTokenRow;
  organisation: Pick<Organisation, 'id' | 'code' | 'nameVi' | 'nameEn'>;
  createdByName: string | null;
}

/** Every token of the admin's subtree, newest first (revoked ones too: they stay for the record). */
export function listTokens(db: Db, actor: Actor): ListedToken[] {
  assertCan(actor, 'user.manage');
  const ids = [...actor.scope];
  if (!ids.length) return [];
  return db
    .select({
      token: apiTokens,
      organisation: { id: organisations.id, code: organisations.code, nameVi: organisations.nameVi, nameEn: organisations.nameEn },
      createdByName: users.username,
    })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(inArray(apiTokens.organisationId, ids))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .all();
}

/** A token of the admin's subtree; another subtree's answers exactly like a missing one. */
export function getToken(db: Db, actor: Actor, id: number): ApiTokenRow {
  assertCan(actor, 'user.manage');
  const row = db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
  if (!row || !actor.scope.has(row.organisationId)) throw new NotFoundError('api token');
  return row;
}

export interface TokenInput {
  name: string;
  organisationId: number;
}

/** Creates a token; returns the row and the token itself (the only time it exists in clear). */
export function createToken(db: Db, actor: Actor, input: TokenInput): { row: ApiTokenRow; token: string } {
  assertCan(actor, 'user.manage');
  const org = findOrganisation(db, input.organisationId);
  if (!org || !actor.scope.has(org.id)) throw new ValidationError({ organisationId: 'v.choose' });
  const token = randomBytes(32).toString('base64url');
  const row = db.transaction((tx) => {
    const r = tx
      .insert(apiTokens)
      .values({ organisationId: org.id, name: input.name, tokenHash: hashToken(token), createdBy: actor.id > 0 ? actor.id : null })
      .returning()
      .get();
    // the entry names the token and its organisation, never the token itself nor its hash
    audit(tx, actor, {
      action: 'create', entityType: 'api_token', entityId: r.id, organisationId: org.id, summary: r.name,
      changes: { name: [null, r.name], organisationId: [null, org.id] },
    });
    return r;
  });
  return { row, token };
}

/** Revokes a token of the admin's subtree: from now on it answers 401. */
export function revokeToken(db: Db, actor: Actor, id: number, now: Date = new Date()): ApiTokenRow {
  const before = getToken(db, actor, id);
  if (before.revokedAt) throw new ConflictError('api.token.alreadyRevoked', { name: before.name });
  return db.transaction((tx) => {
    const after = tx.update(apiTokens).set({ revokedAt: now.toISOString() }).where(eq(apiTokens.id, id)).returning().get();
    audit(tx, actor, {
      action: 'revoke', entityType: 'api_token', entityId: id, organisationId: after.organisationId, summary: after.name,
      changes: { revokedAt: [null, after.revokedAt] },
    });
    return after;
  });
}

/**
 * Revokes every live token a user created, in the caller's transaction: a token must not outlive its
 * creator's access (a password reset, a deactivation). One audit entry per token, as the actor's doing.
 */
export function revokeTokensCreatedBy(tx: Tx, actor: Actor, userId: number, now: Date = new Date()): number {
  const live = tx.select().from(apiTokens).where(and(eq(apiTokens.createdBy, userId), isNull(apiTokens.revokedAt))).all();
  for (const token of live) {
    const after = tx.update(apiTokens).set({ revokedAt: now.toISOString() }).where(eq(apiTokens.id, token.id)).returning().get();
    audit(tx, actor, {
      action: 'revoke', entityType: 'api_token', entityId: token.id, organisationId: after.organisationId, summary: after.name,
      changes: { revokedAt: [null, after.revokedAt] },
    });
  }
  return live.length;
}

/** The live (not revoked) token behind a bearer value, or undefined. */
export function tokenByValue(db: Db, value: string): ApiTokenRow | undefined {
  if (!TOKEN_SHAPE.test(value)) return undefined;
  const row = db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(value))).get();
  return row && !row.revokedAt ? row : undefined;
}

const TOUCH_EVERY_MS = 60_000;

/** Records the token's use, at most once a minute (a busy client does not write on every request). */
export function touchToken(db: Db, row: ApiTokenRow, now: Date = new Date()): void {
  const last = row.lastUsedAt ? Date.parse(row.lastUsedAt) : NaN;
  if (!Number.isNaN(last) && now.getTime() - last < TOUCH_EVERY_MS) return;
  db.update(apiTokens).set({ lastUsedAt: now.toISOString() }).where(and(eq(apiTokens.id, row.id))).run();
}
