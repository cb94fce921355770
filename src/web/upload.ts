// Multipart uploads. The global CSRF check cannot read a multipart body, so it skips exactly the
// routes listed here, and those routes run `csrf` themselves right after multer has parsed the form.
// Any other multipart POST is still checked globally (and fails): no route is left unprotected.
// The id segments match anything but a slash, so that a bad id (`/systems/1.5/assessments`,
// `/systems/007/assessments`) reaches its route and answers 404 like on any other route, instead of a
// CSRF 403: the upload routes check their ids (and who may write) before multer reads the body.
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { NotFoundError } from '../domain/errors.js';
import { HttpError } from './errors.js';
import { parseId } from './forms.js';

export const UPLOAD_ROUTES: readonly RegExp[] = [
  /^\/systems\/[^/]+\/assessments(\/[^/]+\/edit)?\/?$/, /^\/imports\/upload\/?$/,
  // the evidence library: a new item with its files, more files, a new version of one file
  /^\/evidence\/?$/, /^\/evidence\/[^/]+\/files(\/[^/]+\/versions)?\/?$/,
];

export function isUploadRoute(req: Request): boolean {
  return req.method === 'POST' && req.is('multipart/form-data') === 'multipart/form-data' && UPLOAD_ROUTES.some((r) => r.test(req.path));
}

/** Every path parameter of an upload route is a record id: a bad one is a 404 before the body is read. */
const idsFirst: RequestHandler = (req, _res, next) => {
  for (const raw of Object.values(req.params)) if (parseId(raw) === null) throw new NotFoundError('upload route');
  next();
};

/** The id check, multer (memory, one file in `field`, size-limited), then the CSRF check. */
export function uploadForm(field: string, maxBytes: number, csrf: RequestHandler): RequestHandler[] {
  const parse = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: maxBytes, files: 1, fields: 100, fieldSize: 100_000 } }).single(field);
  const wrapped: RequestHandler = (req, res, next) =>
    parse(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') return next(new HttpError(413, 'error.413'));
      // anything else the parser refuses (a limit, a malformed part header or boundary) is the client's doing
      if (err) return next(new HttpError(400, 'error.400'));
      next();
    });
  return [idsFirst, wrapped, csrf];
}

/**
 * The id check, multer (memory, up to `maxFiles` files in `field`, each size-limited), then the CSRF check.
 * A file over the size limit or more files than allowed is a 413.
 */
export function uploadFilesForm(field: string, maxBytes: number, maxFiles: number, csrf: RequestHandler): RequestHandler[] {
  const parse = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: maxBytes, files: maxFiles, fields: 100, fieldSize: 100_000 } }).array(field, maxFiles);
  const wrapped: RequestHandler = (req, res, next) =>
    parse(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        const tooMuch = err.code === 'LIMIT_FILE_SIZE' || err.code === 'LIMIT_FILE_COUNT' || (err.code === 'LIMIT_UNEXPECTED_FILE' && err.field === field);
        return next(tooMuch ? new HttpError(413, 'error.413') : new HttpError(400, 'error.400'));
      }
      if (err) return next(new HttpError(400, 'error.400'));
      next();
    });
  return [idsFirst, wrapped, csrf];
}
