// GET / — the dashboard: the actor's systems by level, lifecycle and dossier status, the gaps, and what
// falls due. Every number on it comes from the one evaluation (one definition per number).
import { Router } from 'express';
import type { Db } from '../../db/client.js';
import { DOSSIER_STATUSES } from '../../db/schema/level-decisions.js';
import { LIFECYCLE_STATUSES } from '../../db/schema/systems.js';
import { addDays } from '../../domain/dates.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { DUE_WINDOW_DAYS } from '../evaluation/index.js';
import { todayFor } from './today.js';

/** Items of that list shown on the dashboard; the calendar has the rest. */
const DUE_SHOWN = 15;

export function dashboardRouter(db: Db, cfg: EngineConfig): Router {
  const r = Router();
  r.get('/', (req, res) => {
    const { today, ev } = todayFor(db, req, cfg);
    const c = ev.counters();
    const gaps = ev.gapSummary();
    const window = { from: today, to: addDays(today, DUE_WINDOW_DAYS) };
    const due = ev.dueHead(window, DUE_SHOWN);
    res.render('dashboard/index', {
      staleSince: ev.staleness && new Date(ev.staleness.since).toISOString(),
      gaps,
      due: due.items,
      dueCounts: due.counts,
      dueWindowDays: DUE_WINDOW_DAYS,
      total: c.total,
      inOperation: c.inOperation,
      noApproved: c.noApproved,
      pending: c.pending,
      levels: ['1', '2', '3', '4', '5', 'none'].map((k) => ({ key: k, n: c.byLevel[k] ?? 0 })),
      lifecycles: LIFECYCLE_STATUSES.map((k) => ({ key: k, n: c.byLifecycle[k] ?? 0 })),
      dossiers: [...DOSSIER_STATUSES, 'none'].map((k) => ({ key: k, n: c.byDossier[k] ?? 0 })),
    });
  });
  return r;
}
