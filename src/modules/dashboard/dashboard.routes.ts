// The dashboard: systems in the actor's scope by level, lifecycle status and dossier status.
import { Router } from 'express';
import type { Db } from '../../db/client.js';
import { DOSSIER_STATUSES } from '../../db/schema/level-decisions.js';
import { LIFECYCLE_STATUSES } from '../../db/schema/systems.js';
import { actorOf } from '../../web/request.js';
import { countBy, countSystems } from '../systems/systems.repository.js';
import { visibility } from '../systems/systems.service.js';
import { evaluate, fixUrl, summarise } from '../gaps/gaps.service.js';
import { memoForScope } from '../compliance/compliance.service.js';
import { todayIso } from '../../i18n/format.js';
import type { EngineConfig } from '../../domain/rules/index.js';

export function dashboardRouter(db: Db, cfg: EngineConfig): Router {
  const r = Router();
  r.get('/', (req, res) => {
    const actor = actorOf(req);
    // the counters change only with a write the evaluation store sees (systems, level decisions)
    const { byLevel, byLifecycle, byDossier, noApproved } = memoForScope(db, actor, 'dashboard', () => {
      const v = visibility(db, actor);
      return {
        byLevel: countBy(db, v, 'level'), byLifecycle: countBy(db, v, 'lifecycle'), byDossier: countBy(db, v, 'dossier'),
        noApproved: countSystems(db, { visibility: v, status: 'in_operation', level: 'none' }),
      };
    }, cfg);
    const total = [...byLifecycle.values()].reduce((a, b) => a + b, 0);
    const pending = ['draft', 'submitted', 'appraised'].reduce((n, s) => n + (byDossier.get(s) ?? 0), 0);
    const gaps = summarise(evaluate(db, actor, todayIso(), cfg), cfg.dueSoonDays);
    res.render('dashboard/index', {
      gaps: { ...gaps, dueNext: gaps.dueNext.map((row) => ({ ...row, url: fixUrl(row) })) },
      total,
      inOperation: byLifecycle.get('in_operation') ?? 0,
      noApproved,
      pending,
      levels: ['1', '2', '3', '4', '5', 'none'].map((k) => ({ key: k, n: byLevel.get(k) ?? 0 })),
      lifecycles: LIFECYCLE_STATUSES.map((k) => ({ key: k, n: byLifecycle.get(k) ?? 0 })),
      dossiers: [...DOSSIER_STATUSES, 'none'].map((k) => ({ key: k, n: byDossier.get(k) ?? 0 })),
    });
  });
  return r;
}
