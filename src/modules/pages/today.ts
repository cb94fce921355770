// Today's evaluation of the signed-in user's scope, for the pages that show what stands and what falls due
// now (the dashboard, my work).
import type { Request } from 'express';
import type { Db } from '../../db/client.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import { actorOf } from '../../web/request.js';
import type { Actor } from '../access/index.js';
import { evaluate, type Evaluation } from '../evaluation/index.js';

export interface Today {
  actor: Actor;
  /** today in Vietnam, ISO */
  today: string;
  /** the actor's scope evaluated as of today */
  ev: Evaluation;
}

export function todayFor(db: Db, req: Request, cfg: EngineConfig): Today {
  const actor = actorOf(req);
  const today = todayIso();
  return { actor, today, ev: evaluate(db, actor, { asOf: today }, cfg) };
}
