// Import from Excel or CSV.
//   GET  /imports               the page: what the file holds, the template link, the upload form
//   GET  /imports/template.xlsx the template (He_thong, Can_bo, Danh_gia, Huong_dan)
//   POST /imports/upload        multipart (CSRF checked right after multer): 422 with every problem by
//                               sheet, row and column, or a preview of counts; nothing is written
//   POST /imports/confirm       writes the previewed rows (kept in the session) in one transaction
import { Router, type RequestHandler, type Response } from 'express';
import type { Db } from '../../db/client.js';
import type { T } from '../../i18n/index.js';
import { actorOf, body, flash } from '../../web/request.js';
import { uploadForm } from '../../web/upload.js';
import { assertCan } from '../access/index.js';
import { MAX_ROWS } from './imports.schemas.js';
import { confirmImport, ImportFileError, previewImport, readImportFile, totalChanged, validateImport, XLSX_LIMITS, type ImportPayload, type Problem } from './imports.service.js';
import { templateBuffer } from './template.js';

export interface ImportsDeps {
  csrf: RequestHandler; // run after multer on the upload route (see src/web/upload.ts)
  maxBytes: number;
}

declare module 'express-session' {
  interface SessionData {
    importPreview?: ImportPayload;
  }
}

/** The previewed rows wait this long for the confirmation. */
const PREVIEW_TTL_MS = 30 * 60_000;
/** The largest payload kept in the session (its JSON). */
const MAX_SESSION_PAYLOAD = 3 * 1024 * 1024;

export function importsRouter(db: Db, deps: ImportsDeps): Router {
  const r = Router();
  const maxMb = Math.round((deps.maxBytes / 1024 / 1024) * 10) / 10;

  const page = (res: Response, status: number, locals: { problems?: Problem[]; fileError?: string | null; fileErrorParams?: Record<string, string | number> } = {}) =>
    res.status(status).render('imports/index', { maxMb, maxRows: MAX_ROWS, limits: XLSX_LIMITS, problems: locals.problems ?? [], fileError: locals.fileError ?? null, fileErrorParams: locals.fileErrorParams ?? {} });

  r.get('/', (req, res) => {
    assertCan(actorOf(req), 'system.write');
    page(res, 200);
  });

  r.get('/template.xlsx', async (req, res) => {
    assertCan(actorOf(req), 'system.write');
    const buffer = await templateBuffer(res.locals.t as T);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', 'attachment; filename="mau-nhap-du-lieu.xlsx"');
    res.send(buffer);
  });

  r.post('/upload', ...uploadForm('file', deps.maxBytes, deps.csrf), async (req, res) => {
    const actor = actorOf(req);
    assertCan(actor, 'system.write');
    const file = req.file;
    if (!file) return page(res, 422, { fileError: 'imp.err.noFile' });
    const fileName = file.originalname.normalize('NFC').slice(0, 200);
    let sheets;
    try {
      sheets = await readImportFile(file.buffer, fileName);
    } catch (err) {
      if (!(err instanceof ImportFileError)) throw err;
      return page(res, 422, { fileError: err.key, ...(err.params ? { fileErrorParams: err.params } : {}) });
    }
    const { problems, payload } = validateImport(db, actor, sheets, fileName);
    if (!payload) return page(res, 422, { problems });
    if (JSON.stringify(payload).length > MAX_SESSION_PAYLOAD) return page(res, 422, { fileError: 'imp.err.tooLarge' });
    const summary = previewImport(db, actor, payload);
    req.session.importPreview = payload;
    res.render('imports/preview', { payload, summary, changed: totalChanged(summary) });
  });

  r.post('/confirm', (req, res) => {
    const actor = actorOf(req);
    assertCan(actor, 'system.write');
    const payload = req.session.importPreview;
    const id = body(req).id;
    if (!payload || payload.id !== id || payload.actorId !== actor.id || Date.now() - payload.createdAt > PREVIEW_TTL_MS) {
      delete req.session.importPreview;
      flash(req, 'imp.flash.expired', undefined, 'error');
      return res.redirect(303, '/imports');
    }
    const s = confirmImport(db, actor, payload);
    delete req.session.importPreview;
    flash(req, 'imp.flash.done', {
      created: s.systems.created, updated: s.systems.updated, unchanged: s.systems.unchanged,
      decisions: s.decisions.created, operators: s.operators.created + s.operators.updated,
      certificates: s.certificates.created + s.certificates.updated, assessments: s.assessments.created + s.assessments.updated,
    });
    res.redirect(303, '/imports');
  });

  return r;
}
