// The evidence library, mounted at /evidence.
//   GET  /                                the library (?q, org, state, page)
//   GET  /new, POST /                      a new item with its files (multipart; ?system=&item= attaches it to a checklist item)
//   GET  /:id                              an item: files and versions, what it is attached to, the attach panel (?kind, q, item)
//   GET  /:id/edit, POST /:id/edit         its title, description, owner, validity, link
//   POST /:id/files                        more files at once (multipart); a file named like one it has is its next version
//   POST /:id/files/:fileId/versions       a new version of one file (multipart)
//   GET  /:id/versions/:versionId          download one version
//   POST /:id/links                        attach to a layer record, certificate, drill, budget, finding or assessment
//   POST /:id/links/checklist              attach to the same checklist item of several systems
//   POST /:id/links/:linkId/delete         detach
//   POST /:id/delete                       delete (with its confirmation box)
//   GET  /for/:kind/:recordId              a record's evidence (attach existing, upload new, detach)
// and, mounted at /systems/:systemId/checklist/items, GET /:itemId: one checklist item's evidence.
// The attach and detach forms take `back`: the page they were sent from.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { EVIDENCE_TARGET_KINDS } from '../../db/schema/evidence.js';
import { NotFoundError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { formPage, formRoute, type FormValues } from '../../web/form-route.js';
import { fieldErrors, parseId } from '../../web/forms.js';
import { paginate } from '../../web/pagination.js';
import { actorOf, body, idParam } from '../../web/request.js';
import { uploadFilesForm } from '../../web/upload.js';
import { inspectReport, sendStoredFile, type PreparedReport } from '../files/index.js';
import {
  attachOnCreate, backField, LIST_STATES, checklistTargetForm, itemIdParam, recordKindParam, evidenceForm, listQuery, MAX_FILES, recordTargetForm, RECORD_KINDS, targetQuery,
  type EvidenceInput, type RecordKind,
} from './evidence.schemas.js';
import { todayIso } from '../../i18n/format.js';
import * as service from './evidence.service.js';

export interface EvidenceDeps {
  csrf: RequestHandler; // run after multer on upload routes (see src/web/upload.ts)
  uploadDir: string;
  maxBytes: number;
  /** the rule pack's due-soon window: evidence expiring within it shows as "expiring" */
  windowDays: number;
  log?: (message: unknown) => void;
}

const PER_PAGE = 25;

/** The files of a multipart form, each checked by its bytes; a wrong one is a message on `field`. */
function filesOf(req: Request, field: string, errors: FieldErrors): PreparedReport[] {
  const files = Array.isArray(req.files) ? req.files : [];
  const out: PreparedReport[] = [];
  for (const f of files) {
    const inspected = inspectReport(f, 'evidence.v.fileType', 'minh-chung');
    if (inspected.ok) out.push(inspected.report);
    else errors[field] ??= inspected.error;
  }
  return out;
}

export function evidenceRouter(db: Db, deps: EvidenceDeps): Router {
  const r = Router();
  const log = deps.log ?? ((message: unknown) => console.error(message));
  const upload = uploadFilesForm('files', deps.maxBytes, MAX_FILES, deps.csrf);
  const window = deps.windowDays;
  const maxMb = Math.floor(deps.maxBytes / (1024 * 1024));

  const renderTarget = targetPage(db, window);

  r.get('/', (req, res) => {
    const actor = actorOf(req);
    const q = listQuery.parse(req.query);
    const query = { q: q.q, org: q.org, state: q.state };
    const total = service.countVisible(db, actor, query, undefined, window);
    const page = paginate(q.page, total, PER_PAGE);
    const { rows } = service.listEvidence(db, actor, query, { limit: page.perPage, offset: page.offset }, undefined, window);
    res.render('evidence/index', { rows, page, q, states: LIST_STATES, tree: service.ownerChoices(db, actor) });
  });

  // ---- a new item ----

  /** "Upload new" from a target's page: what it will be attached to (404 when the actor cannot see it). */
  function attachTarget(values: FormValues | Record<string, unknown>, req: Request): service.Target | null {
    const parsed = attachOnCreate.safeParse({ attachSystemId: values.attachSystemId, attachItemId: values.attachItemId, attachKind: values.attachKind, attachRecordId: values.attachRecordId });
    if (!parsed.success) return null;
    const d = parsed.data;
    if (d.attachSystemId !== null && d.attachItemId !== null) return service.resolveTarget(db, actorOf(req), { kind: 'checklist_item', systemId: d.attachSystemId, itemId: d.attachItemId });
    if (d.attachKind !== null && d.attachRecordId !== null) return service.resolveTarget(db, actorOf(req), { kind: d.attachKind, recordId: d.attachRecordId });
    return null;
  }
  const refOf = (t: service.Target): service.TargetRef =>
    t.kind === 'checklist_item' ? { kind: 'checklist_item', systemId: t.systemId!, itemId: t.itemId! } : { kind: t.kind, recordId: t.recordId! };
  /** Back to the page the form was sent from, when it says so (a path of this application only). */
  const backTo = (req: Request, fallback: string) => backField.parse(body(req).back) ?? fallback;

  function renderNew(req: Request, res: Response, status: number, values: FormValues, errors: FieldErrors) {
    const actor = actorOf(req);
    res.status(status).render('evidence/form', {
      evidence: null, values, errors, tree: service.ownerChoices(db, actor), maxMb, maxFiles: MAX_FILES, attachTo: attachTarget(values, req),
      filesLost: status === 422 && Array.isArray(req.files) && req.files.length > 0,
    });
  }

  const mayWrite: RequestHandler = (req, _res, next) => {
    service.evidenceWriter(actorOf(req));
    next();
  };

  r.get('/new', mayWrite, (req, res) => {
    const actor = actorOf(req);
    const values: FormValues = { organisationId: actor.organisationId, validFrom: todayIso() };
    const system = parseId(req.query.system);
    const record = parseId(req.query.record);
    if (system !== null && typeof req.query.item === 'string') Object.assign(values, { attachSystemId: String(system), attachItemId: req.query.item });
    else if (record !== null && typeof req.query.kind === 'string') Object.assign(values, { attachKind: req.query.kind, attachRecordId: String(record) });
    renderNew(req, res, 200, values, {});
  });

  r.post('/', mayWrite, ...upload, formRoute({
    form: (values, req) => {
      const errors: FieldErrors = {};
      const parsed = evidenceForm.safeParse(values);
      if (!parsed.success) Object.assign(errors, fieldErrors(parsed.error));
      const files = filesOf(req, 'files', errors);
      if (Object.keys(errors).length || !parsed.success) throw new ValidationError(errors);
      return { data: parsed.data, files, target: attachTarget(values, req) };
    },
    save: async (req, { data, files, target }) => ({ e: await service.createEvidence(db, actorOf(req), data, files, deps.uploadDir, target ? refOf(target) : null), target }),
    done: {
      flash: ({ target }) => ({ key: target ? 'evidence.createdAttached' : 'evidence.created' }),
      to: ({ e, target }) => (target ? pageOf(target) : `/evidence/${e.id}`),
    },
    invalid: (req, res, { values, errors }) => renderNew(req, res, 422, values, errors),
  }));

  // ---- one item ----

  function renderShow(req: Request, res: Response, status: number, state: { values?: FormValues; errors?: FieldErrors; panel?: Record<string, unknown> } = {}) {
    const actor = actorOf(req);
    const id = idParam(req);
    const detail = service.evidenceDetail(db, actor, id, undefined, window);
    const tq = targetQuery.parse({ ...req.query, ...(state.panel ?? {}) });
    let candidates: ReturnType<typeof service.targetCandidates> = [];
    let systems: ReturnType<typeof service.itemCandidates> = [];
    if (detail.attachable && tq.kind && tq.kind !== 'checklist_item') candidates = service.targetCandidates(db, actor, id, tq.kind as RecordKind, tq.q);
    if (detail.attachable && tq.kind === 'checklist_item' && tq.item) systems = service.itemCandidates(db, actor, id, tq.item, tq.q);
    res.status(status).render('evidence/show', {
      ...detail, panel: tq, kinds: EVIDENCE_TARGET_KINDS, recordKinds: RECORD_KINDS, candidates, systems, maxMb, maxFiles: MAX_FILES,
      values: state.values ?? {}, errors: state.errors ?? {},
    });
  }

  r.get('/:id', (req, res) => renderShow(req, res, 200));

  // a record's evidence (a layer record, certificate, drill, budget, finding, assessment): attach existing, upload new, detach
  r.get('/for/:kind/:recordId', (req, res) => {
    const kind = recordKindParam.safeParse(req.params.kind);
    if (!kind.success) throw new NotFoundError('evidence target');
    renderTarget(req, res, { kind: kind.data, recordId: idParam(req, 'recordId') });
  });

  const evidenceOf = (req: Request) => idParam(req);
  const initial = (e: EvidenceInput & { organisationId: number }): FormValues => ({ ...e });

  formPage(r, {
    page: '/:id/edit',
    action: '/:id/edit',
    load: (req) => service.evidenceForChange(db, actorOf(req), evidenceOf(req)),
    initial: (_req, e) => initial(e),
    form: evidenceForm,
    save: (req, data, e) => service.updateEvidence(db, actorOf(req), e.id, data),
    done: { flash: 'flash.saved', to: (e) => `/evidence/${e.id}` },
    render: (req, res, { values, errors, loaded }) => {
      res.render('evidence/form', { evidence: loaded, values, errors, tree: service.ownerChoices(db, actorOf(req)), maxMb, maxFiles: MAX_FILES, attachTo: null, filesLost: false });
    },
  });

  /** 403/404 before the body is read: an upload the actor may not make is not even parsed. */
  const mayChange: RequestHandler = (req, _res, next) => {
    service.evidenceForChange(db, actorOf(req), evidenceOf(req));
    next();
  };

  r.post('/:id/files', mayChange, ...upload, formRoute({
    form: (_values, req) => {
      const errors: FieldErrors = {};
      const files = filesOf(req, 'files', errors);
      if (Object.keys(errors).length) throw new ValidationError(errors);
      return files;
    },
    save: (req, files) => service.addFiles(db, actorOf(req), evidenceOf(req), files, deps.uploadDir),
    done: { flash: (added) => ({ key: 'evidence.filesAdded', params: { n: added.length } }), to: (_, req) => `/evidence/${evidenceOf(req)}#files` },
    invalid: (req, res, { values, errors }) => renderShow(req, res, 422, { values, errors }),
  }));

  r.post('/:id/files/:fileId/versions', mayChange, ...upload, formRoute({
    form: (_values, req) => {
      const errors: FieldErrors = {};
      const files = filesOf(req, `version-${req.params.fileId}`, errors);
      if (!files.length && !errors[`version-${req.params.fileId}`]) errors[`version-${req.params.fileId}`] = 'evidence.v.fileRequired';
      else if (files.length > 1) errors[`version-${req.params.fileId}`] = 'evidence.v.oneFile';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      return files[0]!;
    },
    save: (req, file) => service.addVersion(db, actorOf(req), evidenceOf(req), idParam(req, 'fileId'), file, deps.uploadDir),
    done: { flash: (added) => ({ key: 'evidence.versionAdded', params: { name: added } }), to: (_, req) => `/evidence/${evidenceOf(req)}#files` },
    invalid: (req, res, { values, errors }) => renderShow(req, res, 422, { values, errors }),
  }));

  r.get('/:id/versions/:versionId', async (req, res) => {
    const v = service.versionForDownload(db, actorOf(req), evidenceOf(req), idParam(req, 'versionId'));
    await sendStoredFile(res, deps.uploadDir, v, { entity: 'evidence file', label: `evidence version ${v.id}` }, log);
  });

  // ---- attachments ----

  const attachable = (req: Request) => service.evidenceForAttach(db, actorOf(req), evidenceOf(req));
  // a record outside the actor's sight is refused like one that does not exist, as a message on the form
  const targetRefusal = (field: string) => (err: unknown) => (err instanceof NotFoundError ? { [field]: 'evidence.v.target' } : null);

  r.post('/:id/links', formRoute({
    load: attachable,
    form: recordTargetForm,
    save: (req, data, e) => service.attach(db, actorOf(req), e.id, { kind: data.kind, recordId: data.recordId }),
    done: { flash: (link) => ({ key: link ? 'evidence.attached' : 'evidence.alreadyAttached' }), to: (_, req) => backTo(req, `/evidence/${evidenceOf(req)}#links`) },
    refusal: targetRefusal('recordId'),
    conflict: (req) => backTo(req, `/evidence/${evidenceOf(req)}#links`),
    invalid: (req, res, { values, errors }) => renderShow(req, res, 422, { values, errors, panel: { kind: values.kind } }),
  }));

  r.post('/:id/links/checklist', formRoute({
    load: attachable,
    form: checklistTargetForm,
    save: (req, data, e) => service.attachToSystems(db, actorOf(req), e.id, data.itemId, data.systemIds),
    done: { flash: (n) => ({ key: n ? 'evidence.attachedMany' : 'evidence.alreadyAttached', params: { n } }), to: (_, req) => backTo(req, `/evidence/${evidenceOf(req)}#links`) },
    conflict: (req) => backTo(req, `/evidence/${evidenceOf(req)}#links`),
    invalid: (req, res, { values, errors }) =>
      renderShow(req, res, 422, { values, errors, panel: { kind: 'checklist_item', item: typeof values.itemId === 'string' ? values.itemId.trim() : undefined, q: typeof values.q === 'string' ? values.q : undefined } }),
  }));

  r.post('/:id/links/:linkId/delete', formRoute({
    form: z.object({}),
    save: (req) => service.detach(db, actorOf(req), evidenceOf(req), idParam(req, 'linkId')),
    done: { flash: 'evidence.detached', to: (_, req) => backTo(req, `/evidence/${evidenceOf(req)}#links`) },
    conflict: (req) => backTo(req, `/evidence/${evidenceOf(req)}#links`),
    invalid: (req, res, { values, errors }) => renderShow(req, res, 422, { values, errors }),
  }));

  r.post('/:id/delete', formRoute({
    load: (req) => ({ e: service.evidenceForChange(db, actorOf(req), evidenceOf(req)), links: service.linkCount(db, evidenceOf(req)) }),
    form: z.object({}),
    // always asked first (a deletion cannot be undone); an attached item says what loses it
    confirm: (_values, { links }) => (links ? 'evidence.v.confirmDelete' : 'evidence.v.confirmDeleteLone'),
    save: (req, _data, { e }) => service.deleteEvidence(db, actorOf(req), e.id),
    done: { flash: (e) => ({ key: 'evidence.deleted', params: { title: e.title } }), to: () => '/evidence' },
    invalid: (req, res, { values, errors }) => renderShow(req, res, 422, { values, errors }),
  }));

  return r;
}

/** The page of what an item is attached to, in this application. */
const pageOf = (t: service.Target) => (t.kind === 'checklist_item' ? t.url : `/evidence/for/${t.kind}/${t.recordId}`);

/** The page of one target's evidence: what is attached, attach existing (search), upload new, detach. */
function targetPage(db: Db, window: number) {
  return (req: Request, res: Response, ref: service.TargetRef) => {
    const actor = actorOf(req);
    const view = service.targetEvidence(db, actor, ref, undefined, window);
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : undefined;
    const attached = new Set(view.evidence.map((e) => e.evidence.id));
    const candidates = view.mayAttach ? service.attachCandidates(db, actor, q, undefined, window).filter((c) => !attached.has(c.id)) : [];
    res.render('evidence/target', { ...view, q: q ?? '', candidates, back: pageOf(view.target) });
  };
}

/** The page of one checklist item of a system, mounted at /systems/:systemId/checklist/items: GET /:itemId. */
export function checklistItemRouter(db: Db, deps: Pick<EvidenceDeps, 'windowDays'>): Router {
  const r = Router({ mergeParams: true });
  const render = targetPage(db, deps.windowDays);
  r.get('/:itemId', (req, res) => {
    const itemId = itemIdParam.safeParse(req.params.itemId);
    if (!itemId.success) throw new NotFoundError('checklist item');
    render(req, res, { kind: 'checklist_item', systemId: idParam(req, 'systemId'), itemId: itemId.data });
  });
  return r;
}

