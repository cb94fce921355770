// Sign in / out, the user's own password, and the language switch. Login routes are public.
import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { isLocale } from '../../i18n/index.js';
import { formRoute } from '../../web/form-route.js';
import type { LoginThrottle } from '../../web/login-throttle.js';
import { LANG_COOKIE, requireLogin } from '../../web/middleware.js';
import { actorOf, body } from '../../web/request.js';
import * as service from './auth.service.js';

// Any username typed is looked up and, on failure, recorded (normalised and capped: see typedUsername).
const loginForm = z.object({
  username: z.string().trim().min(1),
  password: z.string().min(1).max(200),
});

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(raw: unknown): string {
  return typeof raw === 'string' && /^\/(?![/\\])/.test(raw) && !raw.startsWith('/login') ? raw : '/';
}

export function authRouter(db: Db, config: Config, throttle: LoginThrottle): Router {
  const r = Router();

  r.get('/login', (req, res) => {
    if (req.actor) return res.redirect(303, '/');
    res.render('auth/login', { values: {}, errors: {}, message: null, next: safeNext(req.query.next) });
  });

  r.post('/login', throttle.check, async (req, res, next) => {
    const values = body(req);
    const parsed = loginForm.safeParse(values);
    const nextUrl = safeNext(values.next);
    const user = parsed.success ? await service.authenticate(db, parsed.data.username, parsed.data.password, req.ip) : null;
    if (user) throttle.succeeded(req);
    else throttle.failed(req);
    if (!user) {
      return res.status(401).render('auth/login', {
        values: { username: typeof values.username === 'string' ? values.username : '' },
        errors: {},
        message: res.locals.t('auth.invalid'),
        next: nextUrl,
      });
    }
    // a fresh session id at sign-in (no session fixation)
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = user.id;
      req.session.createdAt = Date.now();
      req.session.save((err2) => {
        if (err2) return next(err2);
        res.redirect(303, user.mustChangePassword ? '/account/password' : nextUrl);
      });
    });
  });

  r.post('/logout', requireLogin, (req, res, next) => {
    service.recordLogout(db, actorOf(req), false);
    req.session.destroy((err) => (err ? next(err) : res.redirect(303, '/login')));
  });

  r.post('/logout-everywhere', requireLogin, (req, res, next) => {
    service.recordLogout(db, actorOf(req), true);
    req.session.destroy((err) => (err ? next(err) : res.redirect(303, '/login')));
  });

  r.get('/account/password', requireLogin, (_req, res) => {
    res.render('auth/password', { values: {}, errors: {} });
  });

  r.post('/account/password', requireLogin, formRoute({
    form: (v) => {
      const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
      return { current: str('current'), password: str('password'), confirm: str('confirm') };
    },
    save: (req, p) => service.changeOwnPassword(db, actorOf(req), req.sessionID, p.current, p.password, p.confirm),
    done: { flash: 'auth.passwordChanged', to: () => '/' },
    // passwords are never sent back
    invalid: (_req, res, { errors }) => res.render('auth/password', { values: {}, errors }),
  }));

  // a preference, not data: kept in a cookie for a year
  r.post('/lang', (req, res) => {
    const lang = body(req).lang;
    if (isLocale(lang)) {
      res.cookie(LANG_COOKIE, lang, { maxAge: 365 * 86_400_000, httpOnly: true, sameSite: 'lax', secure: config.secureCookies });
    }
    res.redirect(303, safeNext(body(req).next));
  });

  return r;
}
