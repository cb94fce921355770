// Express glue with no business rules: locale, locals for the views, sign-in gate, rate limits.
import { memoByVersion } from '../db/data-version.js';
import { treeOptions } from './tree-options.js';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit, type Options as RateLimitOptions } from 'express-rate-limit';
import type { Db } from '../db/client.js';
import { organisations } from '../db/schema/organisations.js';
import { eq } from 'drizzle-orm';
import { can, type Action } from '../domain/permissions.js';
import { formatDate, formatDateTime, formatNumber, todayIso } from '../i18n/format.js';
import { isLocale, translator, type Locale } from '../i18n/index.js';
import { citationIn } from '../i18n/citation.js';
import type { Actor } from '../domain/actor.js';
import { withQuery } from './pagination.js';

export const LANG_COOKIE = 'capdo_lang';

function cookieValue(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function localeOf(req: Request, fallback: Locale): Locale {
  const c = cookieValue(req, LANG_COOKIE);
  return isLocale(c) ? c : fallback;
}

/** What every page (error pages included) needs: t(), formatters, the demo flag. Runs first. */
export function baseLocals(db: Db, defaultLocale: Locale, demoCode: string): RequestHandler {
  return (req, res, next) => {
    const locale = localeOf(req, defaultLocale);
    const t = translator(locale);
    res.locals.locale = locale;
    res.locals.t = t;
    res.locals.fmtDate = formatDate;
    res.locals.fmtDateTime = formatDateTime;
    res.locals.fmtNumber = (n: number | null | undefined) => formatNumber(n, locale);
    res.locals.today = todayIso();
    res.locals.path = req.path;
    res.locals.query = req.query;
    res.locals.withQuery = (changes: Record<string, string | number | null>) => withQuery(req.query as Record<string, unknown>, changes);
    res.locals.csrfToken = () => req.csrfToken?.() ?? '';
    res.locals.treeOptions = treeOptions;
    res.locals.citation = (text: string | null | undefined) => citationIn(text, locale);
    res.locals.orgName = (o: { nameVi: string; nameEn: string | null } | null | undefined) =>
      o ? (locale === 'en' && o.nameEn ? o.nameEn : o.nameVi) : '';
    res.locals.demo = memoByVersion(db, 'demo', () => !!db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, demoCode)).get());
    res.locals.actor = undefined;
    res.locals.can = () => false;
    res.locals.flash = null;
    res.locals.errors = {};
    res.locals.values = {};
    next();
  };
}

/** The signed-in actor and the one-time flash message, once the session is loaded. */
export function sessionLocals(req: Request, res: Response, next: NextFunction): void {
  res.locals.actor = req.actor;
  res.locals.can = (action: Action) => !!req.actor && can(req.actor.role, action);
  res.locals.flash = req.session?.flash ?? null;
  if (req.session?.flash) delete req.session.flash;
  next();
}

/** The active user behind a session as an actor (undefined: gone or deactivated); app.ts passes the auth module's. */
export type ActorLoader = (userId: number, ip: string | undefined) => (Actor & { mustChangePassword: boolean }) | undefined;

/** Loads the actor from the session; enforces the absolute session lifetime. */
export function loadSessionActor(loadActor: ActorLoader, absoluteMs: number): RequestHandler {
  return (req, _res, next) => {
    const s = req.session;
    if (!s?.userId) return next();
    if (!s.createdAt || Date.now() - s.createdAt > absoluteMs) {
      return s.destroy(() => next());
    }
    const actor = loadActor(s.userId, req.ip);
    if (!actor) return s.destroy(() => next());
    req.actor = actor;
    next();
  };
}

const OPEN_WHEN_MUST_CHANGE = new Set(['/account/password', '/logout']);

/** Everything but the public routes needs a signed-in user; a reset password must be changed first. */
export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  const actor = req.actor as (typeof req.actor & { mustChangePassword?: boolean }) | undefined;
  if (!actor) {
    const nextUrl = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
    return res.redirect(303, `/login${nextUrl}`);
  }
  if (actor.mustChangePassword && !OPEN_WHEN_MUST_CHANGE.has(req.path)) return res.redirect(303, '/account/password');
  next();
}

export interface Limits {
  /** failed sign-ins from one address (whatever the usernames) before that address waits; successes never count */
  loginPerIp: number;
  /** failed sign-ins for one username from one address before that pair waits, longer after each further failure */
  loginPerUsername: number;
  /** POSTs per address, sign-in excepted (it has its own limits above) */
  postsPerIp: number;
  windowMs: number;
}

export const DEFAULT_LIMITS: Limits = { loginPerIp: 50, loginPerUsername: 5, postsPerIp: 600, windowMs: 15 * 60_000 };

function limited(key: string): RateLimitOptions['handler'] {
  return (req, res) => {
    res.status(429);
    res.render('errors/error', { status: 429, messageKey: key, params: {} });
  };
}

export function postLimiter(l: Limits): RequestHandler {
  return rateLimit({
    windowMs: l.windowMs,
    limit: l.postsPerIp,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // sign-in has its own throttle (src/web/login-throttle.ts): a busy office must not be locked out of it by other POSTs
    skip: (req) => req.method !== 'POST' || req.path === '/login',
    handler: limited('error.429'),
  });
}
