import { Router, type RequestHandler } from 'express';
import type { Db } from '../../db/client.js';

export interface ImportsDeps {
  csrf: RequestHandler; // run after multer on the upload route (see src/web/upload.ts)
  maxBytes: number;
}

// placeholder: being written
export function importsRouter(_db: Db, _deps: ImportsDeps): Router {
  return Router();
}
