// The audit trail's service: the diff of a change, the entry appended with it in the same transaction (and
// the audited update that does both), and the trail as each reader may read it.
import type { Db, Tx } from '../../db/client.js';
import type { AuditRow } from '../../db/schema/audit.js';
import { assertCan, canSee, getSystem, providersSeenBy, type Actor } from '../access/index.js';
import { parseDateRange } from '../../i18n/format.js';
import type { Locale, T } from '../../i18n/index.js';
import { entriesInWords, linesAsText, namedIds, type EntryInWords } from './audit-words.js';
import * as repo from './audit.repository.js';

export { linesAsText, type EntryInWords, type ChangeLine, type Shown } from './audit-words.js';
import { insertAudit, type AuditFilter, type AuditInsert } from './audit.repository.js';

export type { AuditFilter };

type Plain = Record<string, unknown>;
type Changes = Record<string, [unknown, unknown]>;

/** The fields whose value changed, as field → [before, after]; unchanged fields are left out. */
export function diff(before: Plain | null, after: Plain | null, fields: readonly string[]): Changes {
  const out: Changes = {};
  for (const f of fields) {
    const b = before?.[f] ?? null;
    const a = after?.[f] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) out[f] = [b, a];
  }
  return out;
}

/** The changes `fields` makes to `before`, among the audited fields it carries (a partial update, e.g. an import). */
export function changesOf(before: Plain, fields: Plain, audited: readonly string[]): Changes {
  return diff(before, fields, audited.filter((f) => f in fields));
}

/** Appends one entry for a change the actor made, inside the caller's transaction. */
export function audit(
  tx: Tx,
  actor: Actor | null,
  entry: Omit<AuditInsert, 'actorId' | 'actorName' | 'ip'>,
): void {
  insertAudit(tx, { ...entry, actorId: actor?.id ?? null, actorName: actor?.username ?? null, ip: actor?.ip ?? null });
}

/** An update of one record and the entry that records it. */
export interface AuditedUpdate<R> {
  /** what the update changes (diff, changesOf): when it is empty, nothing is written */
  changes: Changes;
  /** writes the record, returns it as stored */
  write: (tx: Tx) => R;
  /** the entry's record, organisation and summary, from the row as stored; its action is 'update' unless it says another */
  entry: (row: R) => Omit<AuditInsert, 'actorId' | 'actorName' | 'ip' | 'action' | 'changes'> & { action?: string };
}

/** Whether a diff found anything changed. */
export const hasChanges = (changes: Changes): boolean => Object.keys(changes).length > 0;

/** Writes the update and appends its entry with the changes, in the caller's transaction (the caller has checked there are changes). */
export function writeAudited<R>(tx: Tx, actor: Actor | null, { changes, write, entry }: AuditedUpdate<R>): R {
  const row = write(tx);
  audit(tx, actor, { action: 'update', ...entry(row), changes });
  return row;
}

/** An audited update in a transaction of its own; when nothing changes, none is opened and `unchanged` comes back. */
export function updateAudited<R>(db: Db, actor: Actor | null, unchanged: R, update: AuditedUpdate<R>): R {
  return hasChanges(update.changes) ? db.transaction((tx) => writeAudited(tx, actor, update)) : unchanged;
}

/** An audited update in the caller's transaction; null when nothing changes. */
export function updateAuditedIn<R>(tx: Tx, actor: Actor | null, update: AuditedUpdate<R>): R | null {
  return hasChanges(update.changes) ? writeAudited(tx, actor, update) : null;
}

/** Appends one entry for a change made by something other than a signed-in user (a command-line tool), named. */
export function auditAs(tx: Tx, name: string, entry: Omit<AuditInsert, 'actorId' | 'actorName' | 'ip'>): void {
  insertAudit(tx, { ...entry, actorId: null, actorName: name, ip: null });
}

/** A system's history, newest first (the actor must see the system). */
export function systemHistory(db: Db, actor: Actor, systemId: number, limit = 100, offset = 0): AuditRow[] {
  getSystem(db, actor, systemId);
  return repo.systemHistory(db, systemId, limit, offset);
}

/** How many entries a system's history holds (the actor must see the system). */
export function systemHistoryCount(db: Db, actor: Actor, systemId: number): number {
  getSystem(db, actor, systemId);
  return repo.countSystemHistory(db, systemId);
}

/**
 * Entries as the actor reads them: labels and values in their language, the organisations and systems
 * named (linked when the actor may open them). See audit-words.ts.
 */
export function inWords(db: Db, actor: Actor, rows: readonly AuditRow[], lang: { t: T; locale: Locale }): EntryInWords[] {
  const ids = namedIds(rows);
  const orgs = new Map(repo.organisationNames(db, [...ids.organisations]).map((o) => [o.id, o]));
  const systems = new Map(repo.systemNames(db, [...ids.systems]).map((s) => [s.id, s]));
  return entriesInWords(rows, lang.t, lang.locale, {
    organisation: (id) => orgs.get(id),
    system: (id) => systems.get(id),
    mayOpenOrganisation: (o) => o.kind === 'provider' || actor.scope.has(o.id),
    mayOpenSystem: (s) => {
      const row = systems.get(s.id);
      return !!row && canSee(db, actor, row);
    },
  });
}

/** The entries about one entity in the actor's subtree, newest first (an account's page shows its own history). */
export function entityHistory(db: Db, actor: Actor, entityType: string, entityId: number, limit = 50): AuditRow[] {
  return repo.entityHistory(db, entityType, entityId, limit).filter((e) => e.organisationId === null || actor.scope.has(e.organisationId));
}

/**
 * A provider's changes, newest first, for an actor to whom the provider matters: filed under their subtree
 * (they keep it), or a provider their systems use (providersSeenBy) — whoever made the change.
 */
export function providerHistory(db: Db, actor: Actor, providerId: number, limit = 50): AuditRow[] {
  const rows = repo.entityHistory(db, 'provider', providerId, limit);
  if (rows.every((e) => e.organisationId !== null && actor.scope.has(e.organisationId))) return rows;
  if (providersSeenBy(db, actor).includes(providerId)) return rows;
  return rows.filter((e) => e.organisationId !== null && actor.scope.has(e.organisationId));
}

/**
 * A page of the audit log (admins; the filter is limited to the actor's subtree by parseAuditQuery), with
 * the changes to the providers the subtree's systems use, wherever they were filed.
 */
export function listAuditEntries(db: Db, actor: Actor, f: AuditFilter, limit: number, offset: number): { rows: AuditRow[]; total: number } {
  assertCan(actor, 'audit.read');
  return repo.listAudit(db, { ...f, organisationIds: f.organisationIds ?? actor.scope, providerIds: f.providerIds ?? providersSeenBy(db, actor) }, limit, offset);
}

/** The entity types that occur in the trail (the audit page's filter options). */
export function auditEntityTypes(db: Db): string[] {
  return repo.auditEntityTypes(db);
}

/** Entries with no signed-in actor (failed sign-ins): `username` is the account's, or the caller's normalised copy of what was typed. */
export function auditAnonymous(db: Db, username: string, ip: string | undefined, entry: Omit<AuditInsert, 'actorId' | 'actorName' | 'ip'>): void {
  insertAudit(db, { ...entry, actorId: null, actorName: username, ip: ip ?? null });
}

/** What the audit page lists: the changes (the audit trail) or the security events (refused writes). */
export type AuditKind = 'changes' | 'security';

export interface ParsedAuditQuery {
  kind: AuditKind;
  filter: AuditFilter;
  /** what the form shows back, as typed */
  values: Record<'kind' | 'actor' | 'entity' | 'from' | 'to', string>;
  errors: Record<string, string>;
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.normalize('NFC').trim().slice(0, max) : '');

/** The audit log's query string → a filter over the given organisations. A bad date is reported on its field and left out. */
export function parseAuditQuery(scope: ReadonlySet<number>, q: Record<string, unknown>): ParsedAuditQuery {
  const kind: AuditKind = q.kind === 'security' ? 'security' : 'changes';
  const values = { kind, actor: text(q.actor, 100), entity: text(q.entity, 40), from: text(q.from, 20), to: text(q.to, 20) };
  const errors: Record<string, string> = {};
  const filter: AuditFilter = { organisationIds: scope };
  if (values.actor) filter.actor = values.actor;
  if (values.entity) filter.entityType = values.entity;
  Object.assign(filter, parseDateRange(values, errors, 'audit.v.range'));
  return { kind, filter, values, errors };
}

/**
 * The audit log as a table of text, in the reader's language: local time, who, what, the record, the
 * change in words, the IP address, and a last column with the changes as recorded (JSON) for machines.
 * One list for the CSV and the spreadsheet.
 */
export function auditCsvColumns(entries: readonly EntryInWords[], t: T): { header: string[]; cells: Array<Array<string | number | null>> } {
  const keys = ['at', 'actor', 'action', 'entity', 'entityId', 'summary', 'changes', 'ip', 'raw'] as const;
  return {
    header: keys.map((k) => t(`audit.csv.${k}`)),
    cells: entries.map((e) => [
      e.when, e.actor ?? t('audit.actor.system'), e.action, e.entity, e.entityId, e.summary, linesAsText(e, t), e.ip, e.raw ? JSON.stringify(e.raw) : '',
    ]),
  };
}
