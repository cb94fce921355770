// The assessment calendar page, its private feed link, and the public .ics feed itself.
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { DUE_WINDOW_DAYS, dueCounts } from '../evaluation/index.js';
import { NotFoundError } from '../../domain/errors.js';
import { paginate } from '../../web/pagination.js';
import { formRoute } from '../../web/form-route.js';
import { actorOf } from '../../web/request.js';
import { organisationTree } from '../organisations/organisations.service.js';
import { calendarQuery } from './calendar.schemas.js';
import * as service from './calendar.service.js';
import { subtreeIds } from '../access/index.js';

const PER_PAGE = 200;

/** Scheme and host of this request, for absolute links in the feed (behind a proxy: see TRUST_PROXY). */
function baseUrl(req: Request): string | undefined {
  const host = req.get('host');
  return host ? `${req.protocol}://${host}` : undefined;
}

export function calendarRouter(db: Db, engine: EngineConfig): Router {
  const r = Router();

  /** The calendar page; `unconfirmed` names the feed form (replace, revoke) that came back without its box ticked (422). */
  const renderIndex = (req: Request, res: Response, unconfirmed: { replace?: string; revoke?: string } = {}) => {
    const actor = actorOf(req);
    const q = calendarQuery.parse(req.query);
    // an organisation outside the actor's subtree is ignored rather than revealed
    const orgIds = q.org !== undefined && actor.scope.has(q.org) ? subtreeIds(db, q.org) : undefined;
    const items = service.calendarItems(db, actor, engine, { orgIds, kind: q.kind });
    const page = paginate(q.page, items.length, PER_PAGE);
    res.render('calendar/index', {
      q: { ...q, org: orgIds ? q.org : undefined },
      filtered: Boolean(orgIds || q.kind),
      kinds: service.ITEM_KINDS,
      tree: actor.role === 'auditor' ? [] : organisationTree(db, actor),
      summary: dueCounts(items),
      groups: service.groupByMonth(items.slice(page.offset, page.offset + page.perPage)),
      page,
      windowDays: DUE_WINDOW_DAYS,
      dueSoonDays: engine.dueSoonDays,
      feed: service.feedToken(db, actor),
      replaceError: unconfirmed.replace ?? null,
      revokeError: unconfirmed.revoke ?? null,
      describe: service.describeItem,
    });
  };

  r.get('/', (req, res) => renderIndex(req, res));

  // The token is shown once, straight from the POST; only its hash is stored, so it can never be shown again.
  // Replacing a link stops the old one: like a revocation, it needs its confirmation box.
  r.post('/token', formRoute({
    load: (req) => service.feedToken(db, actorOf(req)),
    form: () => null,
    confirm: (_values, existing) => (existing ? 'v.confirm' : null),
    save: (req) => service.createFeedToken(db, actorOf(req)),
    done: (req, res, token) => {
      const path = `/calendar/feed/${token}.ics`;
      const base = baseUrl(req) ?? '';
      res.set('Cache-Control', 'no-store');
      res.status(201).render('calendar/token', { url: `${base}${path}`, webcal: base ? `${base.replace(/^https?:/, 'webcal:')}${path}` : null });
    },
    invalid: (req, res, { errors }) => renderIndex(req, res, { replace: errors.confirm ?? 'v.confirm' }),
  }));

  // the language switch sends the reader back to the page they were on: here, the calendar
  r.get('/token', (_req, res) => res.redirect(303, '/calendar'));

  // apps subscribed to the link stop updating: the box must be ticked (422 with its message otherwise)
  r.post('/token/revoke', formRoute({
    form: () => null,
    confirm: 'v.confirm',
    save: (req) => service.revokeFeedToken(db, actorOf(req)),
    done: { flash: (revoked) => ({ key: revoked ? 'cal.feed.revoked' : 'cal.feed.noneToRevoke' }), to: () => '/calendar' },
    invalid: (req, res, { errors }) => renderIndex(req, res, { revoke: errors.confirm ?? 'v.confirm' }),
  }));

  return r;
}

/** GET /calendar/feed/:token.ics — public (the token is the credential); mounted before sign-in. */
export function calendarFeedRouter(db: Db, engine: EngineConfig): Router {
  const r = Router();
  r.get('/calendar/feed/:file', (req, res) => {
    const m = /^([^.]+)\.ics$/.exec(req.params.file);
    if (!m) throw new NotFoundError('calendar feed');
    const ics = service.feedFor(db, engine, m[1]!, { baseUrl: baseUrl(req) });
    res.set('Cache-Control', 'private, no-store');
    res.set('Content-Disposition', 'inline; filename="capdo.ics"');
    res.type('text/calendar; charset=utf-8').send(ics);
  });
  return r;
}
