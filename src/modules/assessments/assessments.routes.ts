// Assessments of one system, their report files and their findings.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { ASSESSMENT_KINDS, ASSESSMENT_RESULTS, FINDING_STATUSES, SEVERITIES, TEST_BOXES, type AssessmentRow } from '../../db/schema/assessments.js';
import type { SystemRow } from '../../db/schema/systems.js';
import { ValidationError, type FieldErrors } from '../../domain/errors.js';
import { formRoute } from '../../web/form-route.js';
import { fieldErrors } from '../../web/forms.js';
import { actorOf, body, idParam } from '../../web/request.js';
import { uploadForm } from '../../web/upload.js';
import { assessmentForm, findingForm, type AssessmentInput } from './assessments.schemas.js';
import * as service from './assessments.service.js';
import { inspectReport, sendStoredFile, type PreparedReport } from '../files/index.js';

export interface AssessmentsDeps {
  csrf: RequestHandler; // run after multer on upload routes (see src/web/upload.ts)
  uploadDir: string;
  maxBytes: number;
  log?: (message: unknown) => void;
}

const CHOICES = { kinds: ASSESSMENT_KINDS, results: ASSESSMENT_RESULTS, testBoxes: TEST_BOXES, severities: SEVERITIES, findingStatuses: FINDING_STATUSES };

/** The form's values, with the file (if any) checked by its bytes; a wrong type is one more field error. */
function parseAssessment(req: Request): { data: AssessmentInput; report: PreparedReport | null } {
  const parsed = assessmentForm.safeParse(body(req));
  const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
  let report: PreparedReport | null = null;
  if (req.file) {
    const inspected = inspectReport(req.file);
    if (inspected.ok) report = inspected.report;
    else errors.report = inspected.error;
  }
  if (!parsed.success || Object.keys(errors).length) throw new ValidationError(errors);
  return { data: parsed.data, report };
}

export function assessmentsRouter(db: Db, deps: AssessmentsDeps): Router {
  const r = Router({ mergeParams: true });
  const log = deps.log ?? ((message: unknown) => console.error(message));
  const upload = uploadForm('report', deps.maxBytes, deps.csrf);
  const systemIdOf = (req: Request) => idParam(req, 'systemId');
  const base = (systemId: number) => `/systems/${systemId}/assessments`;

  function renderForm(req: Request, res: Response, status: number, o: {
    system: SystemRow; assessment: AssessmentRow | null; values: Record<string, unknown>; errors: FieldErrors;
  }) {
    const actor = actorOf(req);
    const assessors = service.assessorChoices(db, actor);
    res.status(status).render('assessments/form', {
      ...CHOICES, ...o, assessors, auditor: actor.role === 'auditor', maxMb: Math.floor(deps.maxBytes / (1024 * 1024)),
      fileLost: status === 422 && !!req.file, // browsers do not keep a chosen file across a re-rendered form
    });
  }

  /** Answers 403/404/409 before the body is read: a form the actor may not send is not even parsed. */
  const mayCreate: RequestHandler = (req, _res, next) => {
    service.systemForNew(db, actorOf(req), systemIdOf(req));
    next();
  };
  const mayEdit: RequestHandler = (req, _res, next) => {
    service.assessmentForEdit(db, actorOf(req), systemIdOf(req), idParam(req));
    next();
  };

  r.get('/', (req, res) => {
    const { system, assessments } = service.listAssessments(db, actorOf(req), systemIdOf(req));
    res.render('assessments/index', { system, assessments });
  });

  // "/new" before "/:id"
  r.get('/new', (req, res) => {
    const actor = actorOf(req);
    const system = service.systemForNew(db, actor, systemIdOf(req));
    const values = { kind: 'periodic', assessorId: actor.role === 'auditor' ? actor.organisationId : '' };
    renderForm(req, res, 200, { system, assessment: null, values, errors: {} });
  });

  r.post('/', mayCreate, ...upload, formRoute({
    form: (_values, req) => parseAssessment(req),
    save: (req, { data, report }) => service.createAssessment(db, actorOf(req), systemIdOf(req), data, report, deps.uploadDir),
    done: { flash: 'flash.created', to: (a, req) => `${base(systemIdOf(req))}/${a.id}` },
    invalid: (req, res, { values, errors }) => {
      const system = service.systemForNew(db, actorOf(req), systemIdOf(req));
      renderForm(req, res, 422, { system, assessment: null, values, errors });
    },
  }));

  function renderDetail(req: Request, res: Response, status: number, finding: { values: Record<string, unknown>; errors: FieldErrors }) {
    const actor = actorOf(req);
    const detail = service.assessmentDetail(db, actor, systemIdOf(req), idParam(req));
    res.status(status).render('assessments/show', {
      ...CHOICES, ...detail, requirements: service.requirementChoices(db, actor, detail.system.id), findingValues: finding.values, findingErrors: finding.errors,
    });
  }

  r.get('/:id', (req, res) => renderDetail(req, res, 200, { values: { status: 'open' }, errors: {} }));

  r.get('/:id/edit', (req, res) => {
    const { system, assessment } = service.assessmentForEdit(db, actorOf(req), systemIdOf(req), idParam(req));
    renderForm(req, res, 200, { system, assessment, values: { ...assessment }, errors: {} });
  });

  r.post('/:id/edit', mayEdit, ...upload, formRoute({
    form: (_values, req) => parseAssessment(req),
    save: (req, { data, report }) => service.updateAssessment(db, actorOf(req), systemIdOf(req), idParam(req), data, report, deps.uploadDir),
    done: { flash: 'flash.saved', to: (_, req) => `${base(systemIdOf(req))}/${idParam(req)}` },
    invalid: (req, res, { values, errors }) => {
      const { system, assessment } = service.assessmentForEdit(db, actorOf(req), systemIdOf(req), idParam(req));
      renderForm(req, res, 422, { system, assessment, values, errors });
    },
  }));

  r.get('/:id/report', async (req, res) => {
    const a = service.reportOf(db, actorOf(req), systemIdOf(req), idParam(req));
    await sendStoredFile(res, deps.uploadDir, { storedAs: a.fileStoredAs, sha256: a.fileSha256, mime: a.fileMime ?? 'application/octet-stream', fileName: a.fileName ?? 'report' }, { entity: 'report', label: `assessment ${a.id}: report` }, log);
  });

  r.post('/:id/findings', mayEdit, formRoute({
    form: findingForm,
    save: (req, data) => service.addFinding(db, actorOf(req), systemIdOf(req), idParam(req), data),
    done: { flash: 'flash.created', to: (_, req) => `${base(systemIdOf(req))}/${idParam(req)}#findings` },
    invalid: (req, res, { values, errors }) => renderDetail(req, res, 422, { values, errors }),
  }));

  function renderFinding(req: Request, res: Response, status: number, values: Record<string, unknown> | null, errors: FieldErrors) {
    const actor = actorOf(req);
    const found = service.getFinding(db, actor, systemIdOf(req), idParam(req), idParam(req, 'fid'));
    service.assessmentForEdit(db, actor, found.system.id, found.assessment.id);
    res.status(status).render('assessments/finding-form', {
      ...CHOICES, ...found, requirements: service.requirementChoices(db, actor, found.system.id), values: values ?? { ...found.finding }, errors,
    });
  }

  r.get('/:id/findings/:fid/edit', (req, res) => renderFinding(req, res, 200, null, {}));

  r.post('/:id/findings/:fid/edit', mayEdit, formRoute({
    form: findingForm,
    save: (req, data) => service.updateFinding(db, actorOf(req), systemIdOf(req), idParam(req), idParam(req, 'fid'), data),
    done: { flash: 'flash.saved', to: (_, req) => `${base(systemIdOf(req))}/${idParam(req)}#findings` },
    invalid: (req, res, { values, errors }) => renderFinding(req, res, 422, values, errors),
  }));

  return r;
}
