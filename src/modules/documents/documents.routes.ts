// GET /systems/:systemId/decisions/:id/dossier.docx   the level dossier of the decision (Word)
// GET /systems/:systemId/decisions/:id/decision.docx  its approval decision: the draft, or the approved one
// Read-only; whoever may open the decision page may download them (404 otherwise, as on that page), and a
// rejected dossier has neither (404). The writers are loaded on first use (the docx package is large).
import { Router } from 'express';
import type { Db } from '../../db/client.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import { translator, type Locale } from '../../i18n/index.js';
import { actorOf, idParam } from '../../web/request.js';
import { paperData } from './documents.service.js';
import { paperFileName, sendDocx } from '../../web/paper-files.js';

export function documentsRouter(db: Db, engine: EngineConfig): Router {
  const r = Router({ mergeParams: true });

  r.get('/:id/dossier.docx', async (req, res) => {
    const locale = res.locals.locale as Locale;
    const today = todayIso();
    const data = paperData(db, actorOf(req), idParam(req, 'systemId'), idParam(req), engine, today);
    const { writeDossier } = await import('./level-dossier.docx.js');
    sendDocx(res, paperFileName('ho-so-cap-do', data.print.system.code, today, 'docx'), await writeDossier(data, translator(locale), locale));
  });

  r.get('/:id/decision.docx', async (req, res) => {
    const locale = res.locals.locale as Locale;
    const today = todayIso();
    const data = paperData(db, actorOf(req), idParam(req, 'systemId'), idParam(req), engine, today);
    const { writeDecision } = await import('./approval-decision.docx.js');
    const kind = data.decision.dossierStatus === 'approved' ? 'quyet-dinh-cap-do' : 'du-thao-quyet-dinh-cap-do';
    sendDocx(res, paperFileName(kind, data.print.system.code, today, 'docx'), await writeDecision(data, translator(locale), locale));
  });

  return r;
}
