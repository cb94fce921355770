import { Router, type RequestHandler } from 'express';
import type { Db } from '../../db/client.js';

export interface AssessmentsDeps {
  csrf: RequestHandler; // run after multer on upload routes (see src/web/upload.ts)
  uploadDir: string;
  maxBytes: number;
}

// placeholder: being written
export function assessmentsRouter(_db: Db, _deps: AssessmentsDeps): Router {
  return Router({ mergeParams: true });
}
