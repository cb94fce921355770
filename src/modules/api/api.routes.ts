// GET /api/v1/...: the read-only JSON API for machine clients. A bearer token (created on /api-tokens)
// is the credential; it reads its organisation's subtree as a viewer. Every answer is JSON, errors
// included: {"error":{"code","message","field"?}}.
import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { DOSSIER_STATUSES } from '../../db/schema/level-decisions.js';
import { LIFECYCLE_STATUSES, PRIORITY_SECTORS } from '../../db/schema/systems.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { parseId } from '../../web/forms.js';
import type { Actor } from '../auth/actor.js';
import { systemListQuery } from '../systems/systems.schemas.js';
import { touchToken, tokenByValue } from './api-tokens.service.js';
import * as api from './api.service.js';
import { ApiError } from './api.service.js';

declare module 'express-serve-static-core' {
  interface Locals {
    apiActor?: Actor;
  }
}

const digits = (n: number) => z.string().regex(new RegExp(`^\\d{1,${n}}$`));

/** The list's query, strictly: the UI ignores a bad value, a machine client is told (400, with the field). */
const strictListQuery = z.object({
  q: z.string().max(200).optional(),
  org: digits(9).optional(),
  level: z.enum(['1', '2', '3', '4', '5', 'none']).optional(),
  status: z.enum(LIFECYCLE_STATUSES).optional(),
  sector: z.enum([...PRIORITY_SECTORS, 'none']).optional(),
  dossier: z.enum([...DOSSIER_STATUSES, 'none']).optional(),
  sort: z.enum(['name', 'code', 'level', 'status', 'goLive', 'updated']).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
  page: digits(6).optional(),
});

const gapsQuery = z.object({ org: digits(9).optional(), asOf: z.unknown().optional(), page: digits(6).optional() });

function strict<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const field = String(parsed.error.issues[0]?.path[0] ?? '');
  throw new ApiError(400, 'bad_request', `invalid value for ${field || 'the query'}`, field || undefined);
}

function systemId(req: Request): number {
  const id = parseId(req.params.id);
  if (id === null) throw new ApiError(404, 'not_found', 'no such system');
  return id;
}

const actorOf = (res: Response): Actor => {
  const a = res.locals.apiActor;
  if (!a) throw new ApiError(401, 'unauthorized', 'a bearer token is required');
  return a;
};

function sendError(res: Response, e: ApiError): void {
  if (e.status === 401 && !res.get('WWW-Authenticate')) res.set('WWW-Authenticate', 'Bearer realm="capdo"');
  res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) } });
}

/** Bearer token → the token's read-only actor; anything else is a 401. */
function bearer(db: Db): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    if (!header) throw new ApiError(401, 'unauthorized', 'a bearer token is required');
    const m = /^Bearer +(\S+)\s*$/i.exec(header);
    const row = m ? tokenByValue(db, m[1]!) : undefined;
    if (!row) {
      res.set('WWW-Authenticate', 'Bearer realm="capdo", error="invalid_token"');
      throw new ApiError(401, 'unauthorized', 'the token is invalid or revoked');
    }
    touchToken(db, row);
    res.locals.apiActor = api.apiActor(db, row, req.ip);
    next();
  };
}

/** Every error of the router as JSON; input errors are never a 500. */
function jsonErrors(log: (err: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof ApiError) return sendError(res, err);
    if (err instanceof NotFoundError) return sendError(res, new ApiError(404, 'not_found', err.message));
    if (err instanceof ForbiddenError) return sendError(res, new ApiError(403, 'forbidden', 'not allowed'));
    if (err instanceof ValidationError) {
      const field = Object.keys(err.fields)[0];
      return sendError(res, new ApiError(400, 'bad_request', 'invalid input', field));
    }
    if (err instanceof ConflictError) return sendError(res, new ApiError(409, 'conflict', err.messageKey));
    const status = (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return sendError(res, new ApiError(status, 'bad_request', 'bad request'));
    log(err);
    sendError(res, new ApiError(500, 'internal', 'internal error'));
  };
}

export function apiRouter(db: Db, engine: EngineConfig, log: (err: unknown) => void = console.error): Router {
  const r = Router({ mergeParams: true });

  r.use((req, res, next) => {
    res.set('Cache-Control', 'no-store');
    // read-only: anything but GET/HEAD is refused before the token is even looked at
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', 'GET, HEAD');
      throw new ApiError(405, 'method_not_allowed', 'the API is read-only');
    }
    next();
  });
  r.use(bearer(db));

  r.get('/systems', (req, res) => {
    strict(strictListQuery, req.query);
    res.json(api.listSystems(db, actorOf(res), systemListQuery.parse(req.query)));
  });

  r.get('/systems/:id', (req, res) => {
    res.json(api.systemDetail(db, actorOf(res), systemId(req)));
  });

  r.get('/systems/:id/decisions', (req, res) => {
    res.json(api.systemDecisions(db, actorOf(res), systemId(req)));
  });

  r.get('/systems/:id/assessments', (req, res) => {
    res.json(api.systemAssessments(db, actorOf(res), systemId(req)));
  });

  r.get('/systems/:id/operators', (req, res) => {
    res.json(api.systemPeople(db, actorOf(res), systemId(req)));
  });

  r.get('/systems/:id/gaps', (req, res) => {
    const id = systemId(req);
    const asOf = api.asOfParam(req.query.asOf);
    res.json(api.systemGaps(db, actorOf(res), id, asOf, engine));
  });

  r.get('/gaps', (req, res) => {
    const q = strict(gapsQuery, req.query);
    const asOf = api.asOfParam(req.query.asOf);
    const { body, etag } = api.scopeGapsJson(db, actorOf(res), asOf, q.org === undefined ? undefined : Number(q.org), engine, q.page);
    res.set('ETag', etag).type('json').send(body);
  });

  // an unknown path under /api/v1 is a JSON 404, never the sign-in page
  r.use(() => {
    throw new ApiError(404, 'not_found', 'no such endpoint');
  });
  r.use(jsonErrors(log));
  return r;
}
