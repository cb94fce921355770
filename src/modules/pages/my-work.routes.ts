// GET /my-work — "Việc của tôi": for the signed-in user's scope, what falls due this week and this month
// (from the one due list), the open findings, and the dossiers waiting for a step the user may take.
import { Router } from 'express';
import type { Db } from '../../db/client.js';
import { addDays } from '../../domain/dates.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { openFindingsInScope } from '../assessments/assessments.service.js';
import { dossiersWaiting } from '../levels/levels.service.js';
import { todayFor } from './today.js';

/** "This week" is the next 7 days (today included, and everything overdue); "this month" the 30 after today. */
export const WEEK_DAYS = 7;
export const MONTH_DAYS = 30;

export function myWorkRouter(db: Db, cfg: EngineConfig): Router {
  const r = Router();
  r.get('/', (req, res) => {
    const { actor, today, ev } = todayFor(db, req, cfg);
    const week = ev.due({ from: today, to: addDays(today, WEEK_DAYS - 1) });
    // duties missed before the window are always listed: they are in this week's list already
    const month = ev.due({ from: addDays(today, WEEK_DAYS), to: addDays(today, MONTH_DAYS) }).filter((i) => !i.overdue);
    res.render('my-work/index', {
      week, month, findings: openFindingsInScope(db, actor, today), dossiers: dossiersWaiting(db, actor),
    });
  });
  return r;
}
