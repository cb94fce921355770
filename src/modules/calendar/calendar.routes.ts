import { Router } from 'express';
import type { Db } from '../../db/client.js';

// placeholder: being written
export function calendarRouter(_db: Db, _dueSoonDays: number): Router {
  return Router();
}

/** GET /calendar/:token.ics — public (the token is the credential); mounted before sign-in. */
export function calendarFeedRouter(_db: Db, _dueSoonDays: number): Router {
  return Router();
}
