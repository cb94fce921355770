import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { serialId, stampedAt } from './columns.js';

/**
 * Security events: a write a signed-in user was refused (403, 404 or 422 on a POST, PUT, PATCH or DELETE).
 * Who, from where, which route and record, when and with what answer — never the values submitted (a 422
 * keeps only the names of the fields refused). Append-only, like the audit trail: triggers in the migration
 * refuse UPDATE and DELETE. No change-log triggers: an event is not a fact any rule reads.
 */
export const securityEvents = sqliteTable(
  'security_events',
  {
    id: serialId(),
    at: stampedAt('at'),
    actorId: integer('actor_id'), // no FK: the events outlive users
    actorName: text('actor_name').notNull(),
    /** the actor's organisation: the admins of it and above read the event (and those of the record's, below) */
    organisationId: integer('organisation_id').notNull(),
    ip: text('ip'),
    method: text('method').notNull(),
    /** the path as requested, without its query string, at most 200 characters */
    path: text('path').notNull(),
    status: integer('status').notNull(),
    /** the record the route names (its deepest id), or the kind of record a create was refused for */
    entityType: text('entity_type'),
    entityId: integer('entity_id'),
    /** whose record it is: its system and its organisation, read when the event is filed (no FK: events outlive records) */
    targetSystemId: integer('target_system_id'),
    targetOrganisationId: integer('target_organisation_id'),
    /** a 422: the names of the fields refused */
    fields: text('fields', { mode: 'json' }).$type<string[]>(),
  },
  (t) => [
    index('security_events_org_idx').on(t.organisationId),
    index('security_events_at_idx').on(t.at),
    index('security_events_target_org_idx').on(t.targetOrganisationId),
    index('security_events_target_system_idx').on(t.targetSystemId),
  ],
);

export type SecurityEventRow = typeof securityEvents.$inferSelect;
