import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { serialId, stampedAt } from './columns.js';

// Append-only: triggers in the migration refuse UPDATE and DELETE.
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: serialId(),
    at: stampedAt('at'),
    actorId: integer('actor_id'), // no FK: the trail outlives users
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id'),
    systemId: integer('system_id'), // set for everything that belongs to one system (its history)
    organisationId: integer('organisation_id'),
    summary: text('summary'),
    changes: text('changes', { mode: 'json' }).$type<Record<string, [unknown, unknown]>>(),
    ip: text('ip'),
  },
  (t) => [
    index('audit_entity_idx').on(t.entityType, t.entityId),
    index('audit_system_idx').on(t.systemId),
    index('audit_actor_idx').on(t.actorId),
    index('audit_at_idx').on(t.at),
  ],
);

export type AuditRow = typeof auditLog.$inferSelect;
