// Security events: the writes signed-in users were refused, kept apart from the audit trail of changes (a
// refusal changed nothing) and read by admins on the audit page, filtered to their subtree.
import type { Db } from '../../db/client.js';
import type { SecurityEventRow } from '../../db/schema/security.js';
import { formatDateTime } from '../../i18n/format.js';
import type { T } from '../../i18n/index.js';
import { assertCan, type Actor } from '../access/index.js';
import type { AuditFilter } from './audit.repository.js';
import { insertSecurityEvent, listSecurityEvents, ownerOfRecord } from './security-events.repository.js';

export { ownerOfRecord };

/** The statuses of a refused write: not allowed, not there (or not the actor's to see), not valid. */
export const REFUSED_STATUSES: ReadonlySet<number> = new Set([403, 404, 422]);

export const PATH_MAX = 200;
const FIELDS_MAX = 20;
const FIELD_NAME = /^[A-Za-z0-9_.[\]-]{1,60}$/;

export interface RefusedWrite {
  method: string;
  /** without the query string */
  path: string;
  status: number;
  /** the record the path names, if any */
  entity: { type: string; id: number | null } | null;
  /** a 422: the names of the fields the form refused (never their values) */
  fields: readonly string[] | null;
}

/**
 * Appends one event, filed under the actor's organisation and, when the path names an existing record,
 * under that record's system and organisation too: the admins on both sides read it.
 */
export function recordRefusedWrite(db: Db, actor: Actor, w: RefusedWrite): void {
  const fields = w.fields?.filter((f) => FIELD_NAME.test(f)).slice(0, FIELDS_MAX) ?? null;
  const target = w.entity?.id != null ? ownerOfRecord(db, w.entity.type, w.entity.id) : null;
  insertSecurityEvent(db, {
    targetSystemId: target?.systemId ?? null, targetOrganisationId: target?.organisationId ?? null,
    actorId: actor.id, actorName: actor.username, organisationId: actor.organisationId, ip: actor.ip ?? null,
    method: w.method, path: w.path.slice(0, PATH_MAX), status: w.status,
    entityType: w.entity?.type ?? null, entityId: w.entity?.id ?? null,
    fields: fields?.length ? fields : null,
  });
}

function vnDayStartUtc(isoDate: string): string {
  // Vietnam is UTC+7 all year
  return new Date(`${isoDate}T00:00:00+07:00`).toISOString();
}

/**
 * A page of the events of users in the admin's subtree and of those on its records (its organisations'
 * and its systems'), newest first, with the audit page's filters (actor, record kind, dates).
 */
export function listSecurityEventsFor(db: Db, actor: Actor, f: AuditFilter, limit: number, offset: number): { rows: SecurityEventRow[]; total: number } {
  assertCan(actor, 'audit.read');
  const next = f.to ? new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : null;
  return listSecurityEvents(db, {
    organisationIds: f.organisationIds ?? actor.scope,
    ...(f.actor ? { actor: f.actor } : {}),
    ...(f.entityType ? { entityType: f.entityType } : {}),
    ...(f.from ? { fromUtc: vnDayStartUtc(f.from) } : {}),
    ...(next ? { toUtc: vnDayStartUtc(next) } : {}),
  }, limit, offset);
}

/**
 * The security events as a table of text, in the reader's language (local time, the refusal and the kind
 * of record in words): one list for the CSV and the spreadsheet, the same columns as the page.
 */
export function securityEventColumns(rows: readonly SecurityEventRow[], t: T): { header: string[]; cells: Array<Array<string | number | null>> } {
  return {
    header: [
      t('audit.csv.at'), t('audit.csv.actor'), t('audit.csv.ip'), t('security.events.refusal'), t('audit.csv.entity'), t('audit.csv.entityId'),
      t('security.events.route'), t('security.events.fields'),
    ],
    cells: rows.map((e) => [
      formatDateTime(e.at), e.actorName, e.ip, t(`security.status.${e.status}`), e.entityType ? t(`audit.entity.${e.entityType}`) : '', e.entityId,
      `${e.method} ${e.path}`, e.fields?.join(' ') ?? '',
    ]),
  };
}
