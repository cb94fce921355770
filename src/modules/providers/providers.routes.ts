import { Router } from 'express';
import type { Db } from '../../db/client.js';

// placeholder: being written
export function providersRouter(_db: Db): Router {
  return Router();
}
