// GET /api/v1/...: the read-only JSON API for machine clients. A bearer token (created on /api-tokens)
// is the credential; it reads its organisation's subtree as a viewer. The endpoints are the operations of
// api.schemas.ts, described by the OpenAPI document at /api/v1/openapi.json. Every answer is JSON, errors
// included: {"error":{"code","message","field"?}}; this file is the only place that turns errors into HTTP.
import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { translate } from '../../i18n/index.js';
import { withQuery } from '../../web/pagination.js';
import type { Actor } from '../access/index.js';
import { touchToken, tokenByValue } from './api-tokens.service.js';
import { JsonBody, jsonBody, type PageInfo } from './api.body.js';
import { openApiDocument } from './api.openapi.js';
import { operations, type ErrorBody, type ErrorCode, type Operation } from './api.schemas.js';
import * as api from './api.service.js';

declare module 'express-serve-static-core' {
  interface Locals {
    apiActor?: Actor;
  }
}

/** A refusal of the router itself, before any service is asked: no token, a method or a path it does not serve. */
class Refusal extends Error {
  constructor(
    readonly status: 401 | 404 | 405,
    readonly code: ErrorCode,
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

function sendError(res: Response, status: number, code: ErrorCode, messageKey: string, field?: string): void {
  if (status === 401 && !res.get('WWW-Authenticate')) res.set('WWW-Authenticate', 'Bearer realm="capdo"');
  const body: ErrorBody = { error: { code, message: translate('vi', messageKey, { field: field ?? '' }), ...(field ? { field } : {}) } };
  const bytes = Buffer.from(JSON.stringify(body));
  // ended directly, not with res.json: an error is never stored, so it carries no ETag
  res.set('Cache-Control', 'no-store').status(status).type('json').set('Content-Length', String(bytes.length)).end(bytes);
}

/** Every error of the router as JSON; input errors are never a 500. */
function jsonErrors(log: (err: unknown, req?: Request) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof Refusal) return sendError(res, err.status, err.code, err.messageKey);
    if (err instanceof NotFoundError) return sendError(res, 404, 'not_found', 'api.error.notFound');
    if (err instanceof ForbiddenError) return sendError(res, 403, 'forbidden', err.field ? 'api.error.outOfScope' : 'api.error.forbidden', err.field);
    if (err instanceof ValidationError) {
      const [field, key] = Object.entries(err.fields)[0] ?? [];
      return sendError(res, 400, 'bad_request', key ?? 'api.error.badRequest', field);
    }
    // e.g. a path that is not valid percent-encoding
    const status = (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return sendError(res, status, 'bad_request', 'api.error.badRequest');
    log(err, req);
    sendError(res, 500, 'internal', 'api.error.internal');
  };
}

/** Parses the query strictly: an unknown, repeated or malformed parameter is a 400 naming it. */
function parseQuery<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') throw new ValidationError({ [issue.keys[0]!]: 'api.error.unknownParam' });
  const field = String(issue.path[0] ?? '');
  const key = Array.isArray(raw[field]) ? 'api.error.repeated' : issue.message.startsWith('api.') ? issue.message : 'api.error.value';
  throw new ValidationError({ [field]: key });
}

/** Path parameters: a malformed id names no record, so it is a 404 like a missing one. */
function parseParams<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new NotFoundError('system');
  return parsed.data;
}

/** Link (next, prev, first, last: the same query with another page) and X-Total-Count of a paged list. */
function pagingHeaders(req: Request, res: Response, p: PageInfo): void {
  const url = (page: number) => `<${req.baseUrl}${req.path}${withQuery(req.query as Record<string, unknown>, { page })}>`;
  const links = [
    ...(p.page < p.pages ? [`${url(p.page + 1)}; rel="next"`] : []),
    ...(p.page > 1 ? [`${url(p.page - 1)}; rel="prev"`] : []),
    `${url(1)}; rel="first"`,
    `${url(p.pages)}; rel="last"`,
  ];
  res.set('Link', links.join(', ')).set('X-Total-Count', String(p.total));
}

/**
 * The one way an answer leaves the API: its ETag (a 304 when the client's If-None-Match is current), the
 * paging headers of a list, then the bytes. `no-cache` (not `no-store`) lets a client keep the answer and
 * revalidate it; `private` keeps it out of shared caches.
 */
function send(req: Request, res: Response, body: JsonBody): void {
  res.set('Cache-Control', 'private, no-cache').vary('Authorization').set('ETag', body.etag);
  if (body.page) pagingHeaders(req, res, body.page);
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.type('json').send(body.bytes);
}

/** Bearer token → the token's read-only actor; anything else is a 401. */
function bearer(db: Db): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    if (!header) throw new Refusal(401, 'unauthorized', 'api.error.unauthorized');
    const m = /^Bearer +(\S+)\s*$/i.exec(header);
    const row = m ? tokenByValue(db, m[1]!) : undefined;
    if (!row) {
      res.set('WWW-Authenticate', 'Bearer realm="capdo", error="invalid_token"');
      throw new Refusal(401, 'unauthorized', 'api.error.invalidToken');
    }
    touchToken(db, row);
    res.locals.apiActor = api.apiActor(db, row, req.ip);
    next();
  };
}

interface Input<P extends z.ZodType, Q extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  /** the token's actor (read lazily: the document is served without one) */
  readonly actor: Actor;
}

export function apiRouter(db: Db, engine: EngineConfig, log: (err: unknown, req?: Request) => void = console.error): Router {
  const r = Router({ mergeParams: true });

  /** Registers an operation: parse its path and query, call the handler, send the answer it returns. */
  const get = <P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType>(
    op: Operation<P, Q, R>,
    handler: (input: Input<P, Q>) => z.output<R> | JsonBody | Promise<z.output<R> | JsonBody>,
  ) => {
    r.get(op.path.replace(/\{(\w+)\}/g, ':$1'), async (req, res) => {
      const params = parseParams(op.params, req.params);
      const query = parseQuery(op.query, req.query as Record<string, unknown>);
      const out = await handler({
        params,
        query,
        get actor() {
          const a = res.locals.apiActor;
          if (!a) throw new Refusal(401, 'unauthorized', 'api.error.unauthorized');
          return a;
        },
      });
      send(req, res, out instanceof JsonBody ? out : jsonBody(out, op.paged ? (out as { page?: PageInfo }).page : undefined));
    });
  };

  // read-only: anything but GET/HEAD is refused before the token is even looked at
  r.use((req, res, next) => {
    res.set('Cache-Control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', 'GET, HEAD');
      throw new Refusal(405, 'method_not_allowed', 'api.error.methodNotAllowed');
    }
    next();
  });

  // the contract is public; everything after it needs a token
  get(operations.openapi, () => openApiDocument());
  r.use(bearer(db));

  get(operations.listSystems, ({ query, actor }) => api.listSystems(db, actor, query));
  get(operations.getSystem, ({ params, actor }) => api.systemDetail(db, actor, params.id));
  get(operations.listDecisions, ({ params, actor }) => api.systemDecisions(db, actor, params.id));
  get(operations.listAssessments, ({ params, actor }) => api.systemAssessments(db, actor, params.id));
  get(operations.listOperators, ({ params, actor }) => api.systemPeople(db, actor, params.id));
  get(operations.systemGaps, ({ params, query, actor }) => api.systemGaps(db, actor, params.id, query.asOf, engine));
  get(operations.scopeGaps, ({ query, actor }) => api.scopeGaps(db, actor, query, engine));
  get(operations.dueList, ({ query, actor }) => api.dueItems(db, actor, query, engine));

  // an unknown path under /api/v1 is a JSON 404, never the sign-in page
  r.use(() => {
    throw new Refusal(404, 'not_found', 'api.error.noEndpoint');
  });
  r.use(jsonErrors(log));
  return r;
}
