// Structured logs: one JSON line per request (pino-http) with its id, the user, the status and the time
// taken, and the server's own lines (start, shutdown, errors). Nothing that lets someone in or names a
// person reaches a line: a request is logged by method, path, status and IP only (never its headers —
// cookies, Authorization — nor its body — passwords, CSRF tokens, national ID numbers); query values are
// kept only for parameters known to be harmless; a path segment that is a token (the calendar feed's
// address) is replaced. The redact list is a second net for anything logged by hand.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pino, stdTimeFunctions, type DestinationStream, type Level, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Actor } from '../domain/actor.js';

export type { Logger };
export type LogLevel = Level | 'silent';

/** Field names whose values never appear in a line, wherever they are nested (censored, not dropped). */
const SECRET_FIELDS = ['password', 'newPassword', 'currentPassword', '_csrf', 'csrfToken', 'token', 'nationalId', 'cookie', 'authorization', 'set-cookie'];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: SECRET_FIELDS.flatMap((f) => [`["${f}"]`, `*["${f}"]`, `*.*["${f}"]`]), censor: '[redacted]' }, // top level, and two levels down
    },
    destination,
  );
}

/** Query parameters whose values are logged (filters, sorting, paging); every other value is replaced. */
const HARMLESS_QUERY = new Set([
  'page', 'sort', 'dir', 'level', 'status', 'org', 'sector', 'dossier', 'regime', 'asOf', 'year', 'kind', 'rule', 'severity',
  'state', 'from', 'to', 'entity', 'action', 'format', 'lang', 'days',
]);
/** A path segment that is a credential: the calendar feed's token, or anything as long and random-looking. */
const FEED_TOKEN = /(\/feed\/)[^/?#]+/gi;
const LONG_TOKEN = /\/[A-Za-z0-9_-]{32,}(?=\.\w+$|\/|$)/g;

/** The URL as it may be logged: the path without tokens, query values only for harmless parameters. */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(FEED_TOKEN, '$1[redacted]').replace(LONG_TOKEN, '/[redacted]');
  if (q < 0) return path;
  const params = [...new URLSearchParams(url.slice(q + 1))].map(([k, v]) =>
    `${encodeURIComponent(k)}=${HARMLESS_QUERY.has(k) ? encodeURIComponent(v) : '[redacted]'}`,
  );
  return params.length ? `${path}?${params.join('&')}` : path;
}

/** A request id from the caller (a proxy's X-Request-Id) is kept when it is short and plain; else a new one. */
const GIVEN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Probes and static files: logged at debug level when they succeed. */
const QUIET = /^\/(healthz|readyz|static\/)/;

const urlOf = (req: IncomingMessage) => loggableUrl((req as Request).originalUrl ?? req.url ?? '');

/** Who made the request: the signed-in user (known after the session is loaded, or after signing in) or the API token. */
function who(req: IncomingMessage, res: ServerResponse): Record<string, unknown> {
  const userId = (req as Request).actor?.id ?? (req as Request).session?.userId;
  if (userId) return { userId };
  const api = (res as { locals?: { apiActor?: Actor } }).locals?.apiActor;
  return api ? { api: api.username } : {};
}

/** One line per request, at the end: reqId, req (method, url, ip), userId, res.statusCode, responseTime (ms). */
export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: requestId,
    // req.log (what handlers and the error handler write with) carries the reqId alone; the end-of-request line has it all
    quietReqLogger: true,
    customProps: who,
    serializers: {
      req: (req: { raw: IncomingMessage }) => ({ method: req.raw.method, url: urlOf(req.raw), ip: (req.raw as Request).ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (req, res, err) => {
      const quiet = QUIET.test((req as Request).originalUrl ?? req.url ?? '');
      // a probe's 503 (not ready yet, during a start) is a warning; a page's 500 is an error
      if (err || res.statusCode >= 500) return quiet ? 'warn' : 'error';
      return quiet && res.statusCode < 400 ? 'debug' : 'info';
    },
    customSuccessMessage: (req, res) => `${req.method} ${urlOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${urlOf(req)} ${res.statusCode}`,
    // the error itself was logged by the error handler, with its stack, under the same reqId
    customErrorObject: (_req, _res, _err, val: Record<string, unknown>) => ({ res: val.res, responseTime: val.responseTime }),
  }) as unknown as RequestHandler;
}
