import { Router } from 'express';
import type { Db } from '../../db/client.js';
import type { EngineConfig } from '../../domain/rules/index.js';

// placeholder: being written
export function apiTokensRouter(_db: Db, _engine: EngineConfig): Router {
  return Router({ mergeParams: true });
}
