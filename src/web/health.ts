// GET /healthz: the process is up. GET /readyz: it can serve — the database answers, every migration is
// applied, and the evaluation of the rules is built and recent. Both answer without a session and say
// status words only (no data, no versions); /readyz answers 503 when anything is not ready.
import { Router } from 'express';
import { databaseReadiness, type Db } from '../db/client.js';

export interface HealthDeps {
  /** Seconds since the evaluation served was last brought up to date; null while none is built yet. */
  evaluationAge?: () => number | null;
}

/** An evaluation older than this is stale: it is rebuilt each day just after midnight, so a day and a margin. */
export const EVALUATION_MAX_AGE_S = 26 * 3600;

function evaluationCheck(age: (() => number | null) | undefined): { evaluation?: 'ok' | 'pending' | 'stale'; evaluationAgeSeconds?: number } {
  if (!age) return {};
  const seconds = age();
  if (seconds === null) return { evaluation: 'pending' };
  return { evaluation: seconds > EVALUATION_MAX_AGE_S ? 'stale' : 'ok', evaluationAgeSeconds: Math.round(seconds) };
}

export function healthRouter(db: Db, deps: HealthDeps = {}): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  r.get('/readyz', (_req, res) => {
    const { evaluationAgeSeconds, ...evaluation } = evaluationCheck(deps.evaluationAge);
    const checks = { ...databaseReadiness(db), ...evaluation };
    const ready = Object.values(checks).every((v) => v === 'ok');
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status: ready ? 'ready' : 'not_ready', checks, ...(evaluationAgeSeconds === undefined ? {} : { evaluationAgeSeconds }) });
  });
  return r;
}
