// The evidence library (issue 19): evidence items of an organisation, their files and versions, and the
// things they are attached to. Who sees an item: whoever sees one of those things, or its owner
// organisation (repository visibleWhere). Who changes it: writers of the owner organisation's subtree.
// Who attaches it: writers who see it and the target — an auditor only their own company's evidence, on
// systems they are engaged on. Every write is audited in its transaction; an attachment is audited under
// the system it belongs to, so the system's history shows it.
import type { Db, Tx } from '../../db/client.js';
import type { EvidenceLinkRow, EvidenceRow, EvidenceTargetKind, EvidenceVersionRow } from '../../db/schema/evidence.js';
import { applicableItems, catalogueFor, findItem, type CatalogueId, type CatalogueItem } from '../../domain/catalog/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { addDays } from '../../domain/dates.js';
import { itemState } from '../../domain/evidence.js';
import type { Regime } from '../../domain/level-criteria.js';
import { can } from '../../domain/permissions.js';
import { fold } from '../../domain/text.js';
import { todayIso } from '../../i18n/format.js';
import { assertCan, canSee, getSystem, subtreeIds, visibility, type Actor } from '../access/index.js';
import { audit, diff, updateAudited } from '../audit/audit.service.js';
import { withStoredFiles, type PreparedReport } from '../files/index.js';
import { levelsOf } from '../levels/levels.service.js';
import { findOrganisation, organisationTree } from '../organisations/organisations.service.js';
import * as repo from './evidence.repository.js';
import type { EvidenceInput, RecordKind } from './evidence.schemas.js';

export type { ListState } from './evidence.repository.js';

const AUDITED = ['title', 'description', 'organisationId', 'validFrom', 'validUntil', 'url'] as const;

/** The due-soon window evidence is shown against, unless the caller passes the engine's. */
export const DEFAULT_WINDOW_DAYS = 30;

// ---- who sees, changes and attaches ----

function scopeOf(db: Db, actor: Actor): repo.EvidenceScope {
  return { owners: [...actor.scope], systems: visibility(db, actor), organisations: actor.role === 'auditor' ? [] : [...actor.scope] };
}

/** An evidence item the actor sees; another organisation's answers exactly like a missing one. */
export function getEvidence(db: Db, actor: Actor, id: number): EvidenceRow {
  const e = repo.findVisibleEvidence(db, id, scopeOf(db, actor));
  if (!e) throw new NotFoundError('evidence');
  return e;
}

/** Edit, add files, delete: writers of the owner organisation's subtree. */
export function mayChange(actor: Actor, e: Pick<EvidenceRow, 'organisationId'>): boolean {
  return can(actor.role, 'evidence.write') && actor.scope.has(e.organisationId);
}

/** Attach and detach: writers who see it; an auditor only their own organisation's evidence. */
export function mayAttach(actor: Actor, e: Pick<EvidenceRow, 'organisationId'>): boolean {
  return can(actor.role, 'evidence.write') && (actor.role !== 'auditor' || actor.scope.has(e.organisationId));
}

/** Whoever may write evidence at all (403 otherwise): admins, owners, auditors. */
export function evidenceWriter(actor: Actor): void {
  assertCan(actor, 'evidence.write');
}

/** An evidence item the actor may change (404 when not visible, 403 when visible but another's). */
export function evidenceForChange(db: Db, actor: Actor, id: number): EvidenceRow {
  assertCan(actor, 'evidence.write');
  const e = getEvidence(db, actor, id);
  if (!mayChange(actor, e)) throw new ForbiddenError('evidence.write');
  return e;
}

/** An evidence item the actor may attach (404 when not visible, 403 otherwise). */
export function evidenceForAttach(db: Db, actor: Actor, id: number): EvidenceRow {
  assertCan(actor, 'evidence.write');
  const e = getEvidence(db, actor, id);
  if (!mayAttach(actor, e)) throw new ForbiddenError('evidence.attach');
  return e;
}

/** The organisations an item may belong to: the actor's own subtree. */
export function ownerChoices(db: Db, actor: Actor) {
  return organisationTree(db, actor);
}

// ---- the things evidence is attached to ----

export type TargetRef = { kind: 'checklist_item'; systemId: number; itemId: string } | { kind: RecordKind; recordId: number };

/** A target as the pages show it and the writes record it. */
export interface Target {
  kind: EvidenceTargetKind;
  key: string;
  recordId: number | null;
  systemId: number | null;
  organisationId: number | null;
  operatorId: number | null;
  catalogue: CatalogueId | null;
  itemId: string | null;
  system: repo.SystemBrief | null;
  /** a checklist item: the catalogue's item */
  item: CatalogueItem | null;
  /** any other target: its record's words */
  row: repo.TargetRow | null;
  /** where it is shown */
  url: string;
}

const checklistKey = (systemId: number, catalogue: string, itemId: string) => `checklist_item:${systemId}:${catalogue}:${itemId}`;
const recordKey = (kind: RecordKind, id: number) => `${kind}:${id}`;

/** The checklist a system's items are answered in: the approved level, else the pending proposal's; null without one. */
export function checklistBasis(db: Tx, systemId: number): { regime: Regime; level: number; catalogue: CatalogueId } | null {
  const { approved, pending } = levelsOf(db, systemId);
  const d = approved ?? pending;
  return d ? { regime: d.regime, level: d.proposedLevel, catalogue: catalogueFor(d.regime) } : null;
}

function urlOf(kind: EvidenceTargetKind, systemId: number | null, row: repo.TargetRow | null, itemId: string | null): string {
  switch (kind) {
    case 'checklist_item': return `/systems/${systemId}/checklist/items/${itemId}`;
    case 'layer1': case 'layer2': case 'layer3': case 'layer4': return `/systems/${systemId}/protection`;
    case 'finding': return `/systems/${systemId}/assessments/${row?.parentId}#findings`;
    case 'assessment': return `/systems/${systemId}/assessments/${row?.id}`;
    case 'certificate': return `/operators/${row?.operatorId}`;
    case 'drill': case 'budget': return `/readiness?org=${row?.organisationId}`;
  }
}

/** Whether the actor sees a record target: its system, or (certificates, drills, budgets) its organisation. */
function seesRecord(db: Db, actor: Actor, row: repo.TargetRow, system: repo.SystemBrief | null): boolean {
  const seesSystem = system !== null && canSee(db, actor, system);
  if (row.kind === 'certificate' || row.kind === 'drill' || row.kind === 'budget') {
    const ownOrganisation = actor.role !== 'auditor' && row.organisationId !== null && actor.scope.has(row.organisationId);
    // a system's own drill or budget is on its page: whoever sees the system sees what backs it (an engaged auditor too)
    return ownOrganisation || (row.kind !== 'certificate' && seesSystem);
  }
  return seesSystem;
}

/**
 * A target the actor sees (NotFoundError otherwise, like a missing one). A checklist item must be one of
 * the system's checklist (its level and regime).
 */
export function resolveTarget(db: Db, actor: Actor, ref: TargetRef): Target {
  if (ref.kind === 'checklist_item') {
    const s = getSystem(db, actor, ref.systemId);
    const basis = checklistBasis(db, s.id);
    if (!basis || !applicableItems(basis.regime, basis.level).some((i) => i.id === ref.itemId)) throw new NotFoundError('checklist item');
    return {
      kind: 'checklist_item', key: checklistKey(s.id, basis.catalogue, ref.itemId), recordId: null, systemId: s.id, organisationId: null, operatorId: null,
      catalogue: basis.catalogue, itemId: ref.itemId, system: s, item: findItem(basis.catalogue, ref.itemId) ?? null, row: null,
      url: urlOf('checklist_item', s.id, null, ref.itemId),
    };
  }
  const row = repo.targetsByIds(db, ref.kind, [ref.recordId])[0];
  if (!row) throw new NotFoundError(ref.kind);
  const system = row.systemId !== null ? (repo.systemsByIds(db, [row.systemId])[0] ?? null) : null;
  if (!seesRecord(db, actor, row, system)) throw new NotFoundError(ref.kind);
  return {
    kind: ref.kind, key: recordKey(ref.kind, row.id), recordId: row.id, systemId: row.systemId, organisationId: row.organisationId, operatorId: row.operatorId,
    catalogue: null, itemId: null, system, item: null, row, url: urlOf(ref.kind, row.systemId, row, null),
  };
}

/** The targets of stored links, those the actor sees (the others are only counted). */
function targetsOf(db: Db, actor: Actor, links: readonly EvidenceLinkRow[]): { visible: { link: EvidenceLinkRow; target: Target }[]; hidden: number } {
  const systems = new Map(repo.systemsByIds(db, [...new Set(links.flatMap((l) => (l.systemId === null ? [] : [l.systemId])))]).map((s) => [s.id, s]));
  const rows = new Map<string, repo.TargetRow>();
  for (const kind of new Set(links.map((l) => l.kind))) {
    if (kind === 'checklist_item') continue;
    for (const r of repo.targetsByIds(db, kind, links.filter((l) => l.kind === kind).map((l) => l.recordId!))) rows.set(recordKey(kind, r.id), r);
  }
  const visible: { link: EvidenceLinkRow; target: Target }[] = [];
  let hidden = 0;
  for (const link of links) {
    const system = link.systemId !== null ? (systems.get(link.systemId) ?? null) : null;
    if (link.kind === 'checklist_item') {
      if (!system || !canSee(db, actor, system)) {
        hidden += 1;
        continue;
      }
      const catalogue = link.catalogue as CatalogueId;
      visible.push({
        link,
        target: {
          kind: 'checklist_item', key: link.targetKey, recordId: null, systemId: system.id, organisationId: null, operatorId: null, catalogue,
          itemId: link.itemId, system, item: findItem(catalogue, link.itemId!) ?? null, row: null, url: urlOf('checklist_item', system.id, null, link.itemId),
        },
      });
      continue;
    }
    const row = rows.get(recordKey(link.kind, link.recordId!));
    if (!row || !seesRecord(db, actor, row, system)) {
      hidden += 1;
      continue;
    }
    visible.push({
      link,
      target: {
        kind: link.kind, key: link.targetKey, recordId: row.id, systemId: row.systemId, organisationId: row.organisationId, operatorId: row.operatorId,
        catalogue: null, itemId: null, system, item: null, row, url: urlOf(link.kind, row.systemId, row, null),
      },
    });
  }
  return { visible, hidden };
}

/** What the audit trail says a target is: the system's code and the item, or the kind and record. */
function targetSummary(t: Target): string {
  const where = t.system ? `${t.system.code} · ` : '';
  return t.kind === 'checklist_item' ? `${where}${t.itemId}` : `${where}${t.kind} #${t.recordId}`;
}

// ---- reading ----

export interface LibraryQuery {
  q?: string | undefined;
  org?: number | undefined;
  state?: repo.ListState | undefined;
}

/** A page of the library: what the actor sees, filtered. */
export function listEvidence(db: Db, actor: Actor, query: LibraryQuery, page: { limit: number; offset: number } | null, today = todayIso(), windowDays = DEFAULT_WINDOW_DAYS) {
  const f: repo.ListFilter = {
    scope: scopeOf(db, actor),
    q: query.q ? fold(query.q.normalize('NFC')).trim() || null : null,
    orgIds: query.org !== undefined && actor.scope.has(query.org) ? subtreeIds(db, query.org) : null,
    state: query.state ?? null,
    today,
    horizon: addDays(today, windowDays),
  };
  const total = repo.countEvidence(db, f);
  const rows = page ? repo.listEvidence(db, f, page.limit, page.offset) : [];
  return { total, rows: rows.map((r) => ({ ...r, state: itemState(r, today, windowDays), writable: mayChange(actor, r) })) };
}

export function countVisible(db: Db, actor: Actor, query: LibraryQuery, today = todayIso(), windowDays = DEFAULT_WINDOW_DAYS): number {
  return listEvidence(db, actor, query, null, today, windowDays).total;
}

/** The evidence page: the item, its owner, its files with their versions, what it is attached to. */
export function evidenceDetail(db: Db, actor: Actor, id: number, today = todayIso(), windowDays = DEFAULT_WINDOW_DAYS) {
  const evidence = getEvidence(db, actor, id);
  const { visible, hidden } = targetsOf(db, actor, repo.linksOf(db, id));
  const attachable = mayAttach(actor, evidence);
  return {
    evidence,
    organisation: findOrganisation(db, evidence.organisationId),
    state: itemState(evidence, today, windowDays),
    files: repo.filesOf(db, id),
    links: visible.map((v) => ({ ...v, mayDetach: attachable && (v.target.system === null || v.target.system.lifecycleStatus !== 'decommissioned') })),
    hiddenLinks: hidden,
    linkCount: visible.length + hidden,
    writable: mayChange(actor, evidence),
    attachable,
  };
}

/** A stored version the actor may download (the evidence must be visible: 404 otherwise). */
export function versionForDownload(db: Db, actor: Actor, evidenceId: number, versionId: number): EvidenceVersionRow {
  getEvidence(db, actor, evidenceId);
  const v = repo.findVersion(db, evidenceId, versionId);
  if (!v) throw new NotFoundError('evidence file');
  return v;
}

/** Evidence attached to one item, as a checklist shows it. */
export interface ItemEvidence {
  linkId: number;
  evidence: Pick<EvidenceRow, 'id' | 'title' | 'validFrom' | 'validUntil' | 'organisationId' | 'url'>;
  state: ReturnType<typeof itemState>;
  mayDetach: boolean;
}

/** The evidence of a system's checklist items in its catalogue (the actor must see the system): item id → evidence. */
export function evidenceByItem(db: Db, actor: Actor, systemId: number, catalogue: CatalogueId, today = todayIso(), windowDays = DEFAULT_WINDOW_DAYS): Map<string, ItemEvidence[]> {
  const system = getSystem(db, actor, systemId);
  const open = system.lifecycleStatus !== 'decommissioned';
  const out = new Map<string, ItemEvidence[]>();
  for (const r of repo.evidenceOfItems(db, systemId, catalogue)) {
    const list = out.get(r.itemId) ?? [];
    list.push({ linkId: r.link.id, evidence: r.evidence, state: itemState(r.evidence, today, windowDays), mayDetach: open && mayAttach(actor, r.evidence) });
    out.set(r.itemId, list);
  }
  return out;
}

/** One checklist item with its evidence (404 for an item outside the system's checklist). */
export function itemEvidence(db: Db, actor: Actor, systemId: number, itemId: string, today = todayIso(), windowDays = DEFAULT_WINDOW_DAYS) {
  const target = resolveTarget(db, actor, { kind: 'checklist_item', systemId, itemId });
  const list = evidenceByItem(db, actor, systemId, target.catalogue!, today, windowDays).get(itemId) ?? [];
  return { target, evidence: list };
}

/**
 * A target's page (a checklist item, a layer record, a certificate…): the target, the evidence attached to
 * it, and whether the actor may attach or detach there. 404 when the actor does not see the target.
 */
export function targetEvidence(db: Db, actor: Actor, ref: TargetRef, today = todayIso(), windowDays = DEFAULT_WINDOW_DAYS) {
  const target = resolveTarget(db, actor, ref);
  const open = target.system?.lifecycleStatus !== 'decommissioned';
  const evidence: ItemEvidence[] = repo.evidenceOfTarget(db, target.key).map((r) => ({
    linkId: r.link.id, evidence: r.evidence, state: itemState(r.evidence, today, windowDays), mayDetach: open && mayAttach(actor, r.evidence),
  }));
  return { target, evidence, mayAttach: open && can(actor.role, 'evidence.write') };
}

/** Evidence the actor may attach whose title matches `q`: for "attach existing" on a checklist item. */
export function attachCandidates(db: Db, actor: Actor, q: string | undefined, today = todayIso(), windowDays = DEFAULT_WINDOW_DAYS) {
  if (!can(actor.role, 'evidence.write')) return [];
  const folded = q ? fold(q.normalize('NFC')).trim() || null : null;
  return repo
    .searchVisible(db, scopeOf(db, actor), folded, actor.role === 'auditor' ? [...actor.scope] : null, 20)
    .map((r) => ({ ...r, state: itemState(r, today, windowDays) }));
}

/** Records of a kind the actor sees matching `q`, for the evidence page's attach panel, the attached ones marked. */
export function targetCandidates(db: Db, actor: Actor, evidenceId: number, kind: RecordKind, q: string | undefined): { target: Target; attached: boolean }[] {
  const folded = q ? fold(q.normalize('NFC')).trim() || null : null;
  const rows = repo.searchTargets(db, kind, scopeOf(db, actor), folded, 30);
  const systems = new Map(repo.systemsByIds(db, [...new Set(rows.flatMap((r) => (r.systemId === null ? [] : [r.systemId])))]).map((s) => [s.id, s]));
  const attached = new Set(repo.linksOf(db, evidenceId).map((l) => l.targetKey));
  return rows.map((row) => {
    const system = row.systemId !== null ? (systems.get(row.systemId) ?? null) : null;
    const key = recordKey(kind, row.id);
    return {
      target: { kind, key, recordId: row.id, systemId: row.systemId, organisationId: row.organisationId, operatorId: row.operatorId, catalogue: null, itemId: null, system, item: null, row, url: urlOf(kind, row.systemId, row, null) },
      attached: attached.has(key),
    };
  });
}

/**
 * The systems the actor sees (matching `q`) whose checklist has `itemId`, for attaching one evidence item to
 * the same item of several systems; those it is attached to already are marked.
 */
export function itemCandidates(db: Db, actor: Actor, evidenceId: number, itemId: string, q: string | undefined) {
  const folded = q ? fold(q.normalize('NFC')).trim() || null : null;
  const attached = new Set(repo.linksOf(db, evidenceId).map((l) => l.targetKey));
  return repo.searchSystems(db, visibility(db, actor), folded, 200).flatMap((system) => {
    const basis = checklistBasis(db, system.id);
    if (!basis || !applicableItems(basis.regime, basis.level).some((i) => i.id === itemId)) return [];
    return [{ system, catalogue: basis.catalogue, item: findItem(basis.catalogue, itemId) ?? null, attached: attached.has(checklistKey(system.id, basis.catalogue, itemId)) }];
  });
}

// ---- writing the item ----

function checkInput(actor: Actor, input: EvidenceInput, before: EvidenceRow | null, errors: FieldErrors = {}): FieldErrors {
  if (!actor.scope.has(input.organisationId) && input.organisationId !== before?.organisationId) errors.organisationId = 'v.choose';
  if (input.validUntil !== null && input.validUntil < input.validFrom) errors.validUntil = 'evidence.v.untilBeforeFrom';
  return errors;
}

const searchTextOf = (input: Pick<EvidenceInput, 'title' | 'description'>) => fold([input.title, input.description ?? ''].join(' '));

/** A file of this upload as it is stored: its name (a new file, or a new version of the file of that name). */
function addVersions(tx: Tx, actor: Actor, evidenceId: number, files: readonly PreparedReport[], storedAs: readonly string[], into: Map<string, number>): string[] {
  const added: string[] = [];
  files.forEach((f, i) => {
    let fileId = into.get(f.fileName);
    if (fileId === undefined) into.set(f.fileName, (fileId = repo.insertFile(tx, evidenceId, f.fileName).id));
    const version = repo.nextVersion(tx, fileId);
    repo.insertVersion(tx, { fileId, version, fileName: f.fileName, storedAs: storedAs[i]!, mime: f.mime, size: f.size, sha256: f.sha256, uploadedBy: actor.id });
    added.push(`${f.fileName} (v${version})`);
  });
  return added;
}

/** Writes one link with its audit entry (under the target's system), in the caller's transaction. */
function insertLinkAudited(tx: Tx, actor: Actor, e: EvidenceRow, t: Target): EvidenceLinkRow {
  const link = repo.insertLink(tx, {
    evidenceId: e.id, kind: t.kind, targetKey: t.key, recordId: t.recordId, catalogue: t.catalogue, itemId: t.itemId,
    systemId: t.systemId, organisationId: t.organisationId, operatorId: t.operatorId, createdBy: actor.id,
  });
  audit(tx, actor, {
    action: 'create', entityType: 'evidence_link', entityId: link.id, systemId: t.systemId, organisationId: t.system?.operatorId ?? t.organisationId ?? e.organisationId,
    summary: `${e.title} → ${targetSummary(t)}`, changes: { evidence: [null, e.title], target: [null, t.key] },
  });
  return link;
}

/**
 * A new evidence item with its files (one or more, or none when it is a link), and optionally attached to
 * a checklist item right away ("upload new" from the item). The target is checked before anything is stored.
 */
export async function createEvidence(
  db: Db, actor: Actor, input: EvidenceInput, files: readonly PreparedReport[], uploadDir: string, attachTo: TargetRef | null = null,
): Promise<EvidenceRow> {
  assertCan(actor, 'evidence.write');
  const errors = checkInput(actor, input, null);
  if (!files.length && !input.url) errors.files = 'evidence.v.fileOrUrl';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const target = attachTo ? resolveTarget(db, actor, attachTo) : null;
  if (target?.system?.lifecycleStatus === 'decommissioned') throw new ConflictError('evidence.decommissioned');
  return withStoredFiles(db, uploadDir, files, (storedAs) =>
    db.transaction((tx) => {
      const e = repo.insertEvidence(tx, { ...input, searchText: searchTextOf(input), createdBy: actor.id });
      const added = addVersions(tx, actor, e.id, files, storedAs, new Map());
      audit(tx, actor, {
        action: 'create', entityType: 'evidence', entityId: e.id, organisationId: e.organisationId, summary: e.title,
        changes: { ...diff(null, e, AUDITED), ...(added.length ? { files: [null, added] } : {}) },
      });
      // the new item is the actor's own organisation's: an auditor may attach it too
      if (target) insertLinkAudited(tx, actor, e, target);
      return e;
    }),
  );
}

export function updateEvidence(db: Db, actor: Actor, id: number, input: EvidenceInput): EvidenceRow {
  const before = evidenceForChange(db, actor, id);
  const errors = checkInput(actor, input, before);
  if (!input.url && repo.fileCount(db, id) === 0) errors.url = 'evidence.v.fileOrUrl';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return updateAudited(db, actor, before, {
    changes: diff(before, input, AUDITED),
    write: (tx) => repo.updateEvidence(tx, id, { ...input, searchText: searchTextOf(input) }),
    entry: (e) => ({ entityType: 'evidence', entityId: id, organisationId: e.organisationId, summary: e.title }),
  });
}

/** Several files at once: a file named like one the item has becomes its next version, any other a new file. */
export async function addFiles(db: Db, actor: Actor, id: number, files: readonly PreparedReport[], uploadDir: string): Promise<string[]> {
  const e = evidenceForChange(db, actor, id);
  if (!files.length) throw new ValidationError({ files: 'evidence.v.fileRequired' });
  const byName = new Map(repo.filesOf(db, id).map((f) => [f.name, f.id]));
  return withStoredFiles(db, uploadDir, files, (storedAs) =>
    db.transaction((tx) => {
      const added = addVersions(tx, actor, id, files, storedAs, byName);
      repo.touchEvidence(tx, id);
      audit(tx, actor, { action: 'update', entityType: 'evidence', entityId: id, organisationId: e.organisationId, summary: e.title, changes: { files: [null, added] } });
      return added;
    }),
  );
}

/** A new version of one file, whatever the name of the upload. */
export async function addVersion(db: Db, actor: Actor, id: number, fileId: number, file: PreparedReport, uploadDir: string): Promise<string> {
  const e = evidenceForChange(db, actor, id);
  const f = repo.findFile(db, id, fileId);
  if (!f) throw new NotFoundError('evidence file');
  return withStoredFiles(db, uploadDir, [file], (storedAs) =>
    db.transaction((tx) => {
      const [added] = addVersions(tx, actor, id, [file], storedAs, new Map([[file.fileName, f.id]]));
      repo.touchEvidence(tx, id);
      audit(tx, actor, { action: 'update', entityType: 'evidence', entityId: id, organisationId: e.organisationId, summary: e.title, changes: { [`file:${f.name}`]: [null, added] } });
      return added!;
    }),
  );
}

/** How many things an item is attached to: deleting an attached item asks first. */
export function linkCount(db: Db, id: number): number {
  return repo.linksOf(db, id).length;
}

/**
 * Deletes an item, its files' rows and its attachments (each detachment audited under its system, the item
 * with its fields and files): the trail keeps what it was. The stored bytes are left for `npm run gc-files`.
 */
export function deleteEvidence(db: Db, actor: Actor, id: number): EvidenceRow {
  const e = evidenceForChange(db, actor, id);
  const links = repo.linksOf(db, id);
  const files = repo.filesOf(db, id).flatMap((f) => f.versions.map((v) => `${v.fileName} (v${v.version}, ${v.sha256})`));
  db.transaction((tx) => {
    for (const l of links) {
      audit(tx, actor, {
        action: 'delete', entityType: 'evidence_link', entityId: l.id, systemId: l.systemId, organisationId: l.organisationId ?? e.organisationId,
        summary: `${e.title} → ${l.targetKey}`, changes: { evidence: [e.title, null], target: [l.targetKey, null] },
      });
    }
    audit(tx, actor, {
      action: 'delete', entityType: 'evidence', entityId: id, organisationId: e.organisationId, summary: e.title,
      changes: { ...diff(e, null, AUDITED), ...(files.length ? { files: [files, null] } : {}), ...(links.length ? { links: [links.map((l) => l.targetKey), null] } : {}) },
    });
    repo.deleteEvidence(tx, id);
  });
  return e;
}

// ---- attaching ----

/** Attaches an item to one thing; attaching it again changes nothing (null). */
export function attach(db: Db, actor: Actor, evidenceId: number, ref: TargetRef): EvidenceLinkRow | null {
  const e = evidenceForAttach(db, actor, evidenceId);
  const t = resolveTarget(db, actor, ref);
  if (t.system?.lifecycleStatus === 'decommissioned') throw new ConflictError('evidence.decommissioned');
  if (repo.findLinkByKey(db, e.id, t.key)) return null;
  return db.transaction((tx) => {
    const link = insertLinkAudited(tx, actor, e, t);
    repo.touchEvidence(tx, e.id);
    return link;
  });
}

/**
 * One item to the same checklist item of several systems in one step (one provincial policy for every
 * system of a department). Every system must be one the actor sees, in operation or planned, with the item
 * in its checklist; otherwise nothing is attached. Systems it is attached to already are left as they are.
 */
export function attachToSystems(db: Db, actor: Actor, evidenceId: number, itemId: string, systemIds: readonly number[]): number {
  const e = evidenceForAttach(db, actor, evidenceId);
  const targets: Target[] = [];
  for (const systemId of new Set(systemIds)) {
    let t: Target;
    try {
      t = resolveTarget(db, actor, { kind: 'checklist_item', systemId, itemId });
    } catch (err) {
      if (err instanceof NotFoundError) throw new ValidationError({ systemIds: 'evidence.v.itemNotInChecklist' });
      throw err;
    }
    if (t.system?.lifecycleStatus === 'decommissioned') throw new ValidationError({ systemIds: 'evidence.v.itemNotInChecklist' });
    targets.push(t);
  }
  const fresh = targets.filter((t) => !repo.findLinkByKey(db, e.id, t.key));
  if (!fresh.length) return 0;
  db.transaction((tx) => {
    for (const t of fresh) insertLinkAudited(tx, actor, e, t);
    repo.touchEvidence(tx, e.id);
  });
  return fresh.length;
}

/** Removes one attachment; the actor must see what it is attached to (404) and may attach the item (403). */
export function detach(db: Db, actor: Actor, evidenceId: number, linkId: number, expect?: { systemId: number; itemId: string }): EvidenceLinkRow {
  assertCan(actor, 'evidence.write');
  const e = getEvidence(db, actor, evidenceId);
  const link = repo.findLink(db, evidenceId, linkId);
  if (!link || (expect && (link.kind !== 'checklist_item' || link.systemId !== expect.systemId || link.itemId !== expect.itemId))) throw new NotFoundError('evidence link');
  const { visible } = targetsOf(db, actor, [link]);
  const t = visible[0]?.target;
  if (!t) throw new NotFoundError('evidence link');
  if (!mayAttach(actor, e)) throw new ForbiddenError('evidence.attach');
  if (t.system?.lifecycleStatus === 'decommissioned') throw new ConflictError('evidence.decommissioned');
  db.transaction((tx) => {
    repo.deleteLink(tx, link.id);
    repo.touchEvidence(tx, e.id);
    audit(tx, actor, {
      action: 'delete', entityType: 'evidence_link', entityId: link.id, systemId: t.systemId, organisationId: t.system?.operatorId ?? t.organisationId ?? e.organisationId,
      summary: `${e.title} → ${targetSummary(t)}`, changes: { evidence: [e.title, null], target: [t.key, null] },
    });
  });
  return link;
}
