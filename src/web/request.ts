// Request helpers shared by the module routers.
import type { Request, Response } from 'express';
import type { Locale, T } from '../i18n/index.js';
import type { Actor } from '../domain/actor.js';
import { NotFoundError } from '../domain/errors.js';
import { parseId } from './forms.js';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    createdAt?: number;
    locale?: 'vi' | 'en';
    flash?: { kind: 'ok' | 'error'; key: string; params?: Record<string, string | number> };
  }
}

/** The signed-in actor (routes behind requireLogin always have one). */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new Error('route reached without a signed-in actor');
  return req.actor;
}

/** A numeric route parameter, or 404. */
export function idParam(req: Request, name = 'id'): number {
  const id = parseId(req.params[name]);
  if (id === null) throw new NotFoundError(name);
  return id;
}

export function body(req: Request): Record<string, unknown> {
  return (req.body ?? {}) as Record<string, unknown>;
}

export function flash(req: Request, key: string, params?: Record<string, string | number>, kind: 'ok' | 'error' = 'ok'): void {
  req.session.flash = { kind, key, ...(params ? { params } : {}) };
}

/** The page's language: its t() and locale (set for every request by baseLocals). */
export function langOf(res: Response): { t: T; locale: Locale } {
  return { t: res.locals.t as T, locale: res.locals.locale as Locale };
}
