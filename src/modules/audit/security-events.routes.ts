// Refused writes become security events: a POST, PUT, PATCH or DELETE by a signed-in user that is answered
// 403, 404 or 422, whoever refused it (the role check, the subtree, the CSRF check, the form, an unknown
// route). Mounted right after the session's actor is loaded, so that it sees every answer, error pages
// included. The body is never read, a token in the path never kept: a 422 keeps only the names of the fields the form refused.
import type { RequestHandler, Response } from 'express';
import type { Db } from '../../db/client.js';
import { parseId } from '../../web/forms.js';
import { loggableUrl } from '../../web/logger.js';
import { recordRefusedWrite, REFUSED_STATUSES } from './security-events.service.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The path segments that name a kind of record, and the record type the audit trail uses for it. */
const COLLECTIONS: Readonly<Record<string, string>> = {
  systems: 'system', organisations: 'organisation', providers: 'provider', users: 'user', operators: 'operator',
  decisions: 'level_decision', assessments: 'assessment', findings: 'finding', certificates: 'certificate',
  assignments: 'assignment', updates: 'knowledge_update', drills: 'drill', budgets: 'budget', layer3: 'engagement',
  'annual-reports': 'annual_report', notices: 'self_inspection_notice', 'api-tokens': 'api_token', outbox: 'mail_outbox',
};

/**
 * The record a path names: the deepest `<kind>/<id>` in it (`/operators/3/certificates/9` → certificate 9,
 * `/systems/5/decisions` → system 5), else the kind a create was for (`/systems` → a system), else none.
 */
export function recordOfPath(path: string): { type: string; id: number | null } | null {
  const segments = path.split('/').filter(Boolean);
  let named: { type: string; id: number } | null = null;
  let kind: string | null = null;
  segments.forEach((segment, i) => {
    const type = COLLECTIONS[segment];
    if (!type) return;
    const id = parseId(segments[i + 1]);
    if (id !== null) named = { type, id };
    else kind ??= type;
  });
  return named ?? (kind ? { type: kind, id: null } : null);
}

export function recordRefusedWrites(db: Db): RequestHandler {
  return (req, res, next) => {
    const actor = req.actor;
    if (!actor || !WRITES.has(req.method)) return next();
    let fields: string[] | null = null;
    // a form shown again (422) carries its messages as `errors`: keep their field names
    const render = res.render;
    res.render = function (this: Response, view: string, options?: unknown, callback?: unknown) {
      const errors = (options as { errors?: unknown } | undefined)?.errors;
      if (errors && typeof errors === 'object') fields = Object.keys(errors);
      return (render as (...a: unknown[]) => void).call(this, view, options, callback);
    } as typeof res.render;
    let recorded = false;
    const end = res.end;
    res.end = function (this: Response, ...args: unknown[]) {
      if (!recorded && REFUSED_STATUSES.has(res.statusCode)) {
        recorded = true;
        const path = loggableUrl(req.originalUrl.split('?')[0] ?? ''); // no token in a path is kept
        const event = { method: req.method, path, status: res.statusCode, entity: recordOfPath(path), fields: res.statusCode === 422 ? fields : null };
        req.log.warn({ securityEvent: { ...event, actor: actor.username } }, 'refused write');
        try {
          recordRefusedWrite(db, actor, event);
        } catch (err) {
          req.log.error({ err }, 'security event not recorded');
        }
      }
      return (end as (...a: unknown[]) => Response).apply(this, args);
    } as typeof res.end;
    next();
  };
}
