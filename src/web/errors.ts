// The one place where errors become HTTP: designed pages for 400/403/404/413/500.
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';

export class HttpError extends Error {
  constructor(
    public readonly status: number,
    public readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

export const notFound: RequestHandler = (_req, res) => {
  res.status(404).render('errors/error', { status: 404, messageKey: 'error.404' });
};

function classify(err: unknown): { status: number; messageKey: string; params?: Record<string, string | number> } {
  if (err instanceof NotFoundError) return { status: 404, messageKey: 'error.404' };
  if (err instanceof ForbiddenError) return { status: 403, messageKey: 'error.403' };
  if (err instanceof ConflictError) return { status: 409, messageKey: err.messageKey, params: err.params };
  if (err instanceof ValidationError) return { status: 422, messageKey: 'error.422' };
  if (err instanceof HttpError) return { status: err.status, messageKey: err.messageKey };
  const e = err as { status?: number; statusCode?: number; type?: string; code?: string };
  const status = e?.status ?? e?.statusCode;
  if (e?.code === 'EBADCSRFTOKEN' || (status === 403 && /csrf/i.test(String((err as Error).message)))) {
    return { status: 403, messageKey: 'error.csrf' };
  }
  if (status === 413 || e?.type === 'entity.too.large') return { status: 413, messageKey: 'error.413' };
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, messageKey: 'error.400' };
  return { status: 500, messageKey: 'error.500' };
}

/** `log` receives the unexpected errors (500s) with their request, so the line carries the request id. */
export function errorHandler(log: (err: unknown, req?: Request) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // a download that failed half-way (src/web/download.ts): its status is gone, so no page; cut the connection
    if (res.headersSent) {
      log(err, req);
      res.destroy();
      return;
    }
    const { status, messageKey, params } = classify(err);
    if (status >= 500) log(err, req);
    res.status(status);
    try {
      res.render('errors/error', { status, messageKey, params: params ?? {} });
    } catch {
      res.type('text/plain').send(String(status));
    }
  };
}
