// GET /systems/:id — a system's page: its level and decisions, the gaps, the four layers, assessments,
// checklist, operators, readiness, notices and history, each card from its own feature module.
import { Router } from 'express';
import type { Db } from '../../db/client.js';
import { authorities } from '../../domain/dossier.js';
import { CADENCE_CITATIONS } from '../../domain/cadence.js';
import { severityRank } from '../../domain/severity.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import { paginate } from '../../web/pagination.js';
import { actorOf, idParam, langOf } from '../../web/request.js';
import { getSystem } from '../access/index.js';
import { assessmentsService, openFindingsOf } from '../assessments/index.js';
import { inWords, systemHistory, systemHistoryCount } from '../audit/audit.service.js';
import { checklistSummary } from '../checklists/index.js';
import { judgeSystemFor, gapUrl } from '../evaluation/index.js';
import { systemLevels } from '../levels/levels.service.js';
import { systemOperators } from '../operators/index.js';
import { organisationsByIds } from '../organisations/organisations.service.js';
import { protectionView } from '../protection/protection.service.js';
import { systemReadiness } from '../readiness/readiness.service.js';
import { noticesOf } from '../submissions/submissions.service.js';
import { transitionSummary } from '../transition/index.js';

/** The newest entries of the history shown on the system's page; the rest is on its history page. */
const HISTORY_ON_PAGE = 5;

export function systemPageRouter(db: Db, engine: EngineConfig): Router {
  const r = Router();
  r.get('/:id', (req, res) => {
    const actor = actorOf(req);
    const system = getSystem(db, actor, idParam(req));
    const today = todayIso();
    const levels = systemLevels(db, actor, system.id, today);
    const judged = judgeSystemFor(db, actor, system.id, today, engine);
    const level = judged.system.level;
    const protection = protectionView(db, actor, system.id, today);
    const { assessments } = assessmentsService.listAssessments(db, actor, system.id, today);
    const orgs = organisationsByIds(db, [system.ownerId, system.operatorId, system.securityUnitId]);
    const gaps = judged.results
      .filter((r) => r.state === 'gap' || r.state === 'due_soon')
      .map((result) => ({ result, url: gapUrl({ result, system: judged.system, organisation: null }) }))
      .sort((a, b) => (a.result.state === 'gap' ? 0 : 1) - (b.result.state === 'gap' ? 0 : 1) || severityRank(a.result.severity) - severityRank(b.result.severity));
    res.render('systems/show', {
      gaps,
      checklist: checklistSummary(db, actor, system.id),
      transition: transitionSummary(db, actor, system.id, engine, today),
      notices: level === 5 || system.nationalSecurityImportant ? noticesOf(db, actor, system.id) : null,
      // the cycles the system answers for now (ASM-01 yearly, ASM-02 half-yearly), from the same evaluation as its gaps
      cadences: Object.values(judged.cadence).filter((c) => c.state !== 'n/a'),
      cadenceCitations: CADENCE_CITATIONS,
      assessments: assessments.slice(0, 5),
      assessmentCount: assessments.length,
      findings: openFindingsOf(db, actor, system.id, today),
      people: systemOperators(db, actor, system.id, today),
      readiness: systemReadiness(db, actor, system.id, today),
      layerStatuses: protection.statuses,
      independence: protection.independence,
      system,
      owner: orgs.get(system.ownerId),
      operator: orgs.get(system.operatorId),
      securityUnit: system.securityUnitId === null ? undefined : orgs.get(system.securityUnitId),
      levels,
      who: levels.approved ? authorities(levels.approved.proposedLevel as 1, levels.approved.regime) : null,
      history: inWords(db, actor, systemHistory(db, actor, system.id, HISTORY_ON_PAGE), langOf(res)),
      historyCount: systemHistoryCount(db, actor, system.id),
    });
  });

  // the whole history of the system, in words, 50 entries a page
  r.get('/:id/history', (req, res) => {
    const actor = actorOf(req);
    const system = getSystem(db, actor, idParam(req));
    const page = paginate(req.query.page, systemHistoryCount(db, actor, system.id), 50);
    const entries = inWords(db, actor, systemHistory(db, actor, system.id, page.perPage, page.offset), langOf(res));
    res.render('systems/history', { system, entries, page });
  });
  return r;
}
