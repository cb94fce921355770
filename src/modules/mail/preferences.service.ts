// What each user wants to receive, their account page, and the signed one-click unsubscribe link that
// works without signing in (RFC 8058) and turns off exactly one kind of mail for one user.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { MAIL_KINDS, type MailKind, type MailPreferencesRow } from '../../db/schema/mail.js';
import { NotFoundError } from '../../domain/errors.js';
import { isLocale, type Locale } from '../../i18n/index.js';
import type { Actor } from '../access/index.js';
import { actorFor } from '../access/index.js';
import { audit, diff, hasChanges, writeAudited } from '../audit/audit.service.js';
import * as repo from './mail.repository.js';

export type Preferences = Record<MailKind, boolean> & { locale: Locale };

/** Mail is in Vietnamese until the user picks another language on their account page. */
export const MAIL_DEFAULT_LOCALE: Locale = 'vi';

/** A user without a row gets everything, in Vietnamese. */
export function preferencesFrom(row: MailPreferencesRow | null | undefined): Preferences {
  return {
    digest: row?.digest ?? true,
    finding: row?.finding ?? true,
    dossier: row?.dossier ?? true,
    certificate: row?.certificate ?? true,
    engagement: row?.engagement ?? true,
    locale: row?.locale && isLocale(row.locale) ? row.locale : MAIL_DEFAULT_LOCALE,
  };
}

const PREFERENCE_FIELDS = [...MAIL_KINDS, 'locale'] as const;

export interface AccountMail {
  email: string | null;
  prefs: Preferences;
}

export function myPreferences(db: Db, actor: Actor): AccountMail {
  const user = repo.userById(db, actor.id);
  if (!user) throw new NotFoundError('user');
  return { email: user.email?.trim() || null, prefs: preferencesFrom(repo.preferencesOf(db, actor.id)) };
}

/** Saves the actor's own choices (audited); pending mail of a kind turned off is not sent. Returns whether anything changed. */
export function updatePreferences(db: Db, actor: Actor, next: Preferences, now = new Date()): boolean {
  const nowIso = now.toISOString();
  return db.transaction((tx) => {
    const before = preferencesFrom(repo.preferencesOf(tx, actor.id));
    const changes = diff(before, next, PREFERENCE_FIELDS);
    if (!hasChanges(changes)) return false;
    writeAudited(tx, actor, {
      changes,
      write: () => {
        repo.putPreferences(tx, actor.id, next, nowIso);
        for (const kind of MAIL_KINDS) if (before[kind] && !next[kind]) repo.cancelPending(tx, actor.id, kind, 'mail.cancel.optedOut', nowIso);
      },
      entry: () => ({ entityType: 'mail_preferences', entityId: actor.id, organisationId: actor.organisationId, summary: actor.username }),
    });
    return true;
  });
}

// ---- the one-click unsubscribe link: <user id>.<kind>.<HMAC-SHA256 of both with the session secret>

const signature = (secret: string, userId: number, kind: MailKind) =>
  createHmac('sha256', secret).update(`capdo-unsubscribe\n${userId}\n${kind}`).digest('base64url');

export function unsubscribeToken(secret: string, userId: number, kind: MailKind): string {
  return `${userId}.${kind}.${signature(secret, userId, kind)}`;
}

const TOKEN = /^([1-9]\d{0,8})\.([a-z]{1,20})\.([A-Za-z0-9_-]{43})$/;

/** The user and kind a token names, when its signature is right; null otherwise. */
export function readUnsubscribeToken(secret: string, token: string): { userId: number; kind: MailKind } | null {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const kind = m[2] as MailKind;
  if (!MAIL_KINDS.includes(kind)) return null;
  const userId = Number(m[1]);
  const expected = Buffer.from(signature(secret, userId, kind));
  const given = Buffer.from(m[3]!);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { userId, kind } : null;
}

/** "khoatm@binhson.gov.vn" → "kh•••@binhson.gov.vn": enough to recognise, not to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email.slice(0, Math.min(2, at))}•••${email.slice(at)}`;
}

export interface UnsubscribeTarget {
  userId: number;
  kind: MailKind;
  maskedEmail: string;
  /** already off: the POST changes nothing */
  off: boolean;
}

/** What a link would turn off; an unknown, forged or deactivated user's link is not found. */
export function unsubscribeTarget(db: Db, secret: string, token: string): UnsubscribeTarget {
  const read = readUnsubscribeToken(secret, token);
  const user = read ? repo.userById(db, read.userId) : undefined;
  if (!read || !user || !user.active) throw new NotFoundError('unsubscribe link');
  const prefs = preferencesFrom(repo.preferencesOf(db, user.id));
  return { userId: user.id, kind: read.kind, maskedEmail: user.email ? maskEmail(user.email) : '', off: !prefs[read.kind] };
}

/** Turns that one kind off for that one user (audited as the user, from the link); idempotent. */
export function unsubscribe(db: Db, secret: string, token: string, ip: string | undefined, now = new Date()): UnsubscribeTarget {
  const target = unsubscribeTarget(db, secret, token);
  if (target.off) return target;
  const user = repo.userById(db, target.userId)!;
  const actor = actorFor(db, user, ip);
  const nowIso = now.toISOString();
  db.transaction((tx) => {
    const before = preferencesFrom(repo.preferencesOf(tx, user.id));
    const next = { ...before, [target.kind]: false };
    repo.putPreferences(tx, user.id, next, nowIso);
    repo.cancelPending(tx, user.id, target.kind, 'mail.cancel.optedOut', nowIso);
    audit(tx, actor, {
      action: 'unsubscribe', entityType: 'mail_preferences', entityId: user.id, organisationId: user.organisationId, summary: user.username,
      changes: diff(before, next, [target.kind]),
    });
  });
  return { ...target, off: true };
}
