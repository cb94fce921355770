import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { serialId, stamps } from './columns.js';

export const ORGANISATION_KINDS = ['agency', 'provider'] as const;
export const PROVIDER_SERVICES = ['monitoring', 'incident_response', 'assessment', 'penetration_testing', 'consulting'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const organisations = sqliteTable(
  'organisations',
  {
    id: serialId(),
    code: text('code').notNull().unique(),
    nameVi: text('name_vi').notNull(),
    nameEn: text('name_en'),
    kind: text('kind', { enum: ORGANISATION_KINDS }).notNull().default('agency'),
    parentId: integer('parent_id').references((): AnySQLiteColumn => organisations.id, { onDelete: 'restrict' }),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    address: text('address'),
    // providers only (monitoring/SOC and assessment companies); a provider's parent is its group company
    taxCode: text('tax_code'),
    licensedServices: text('licensed_services', { mode: 'json' }).$type<string[]>(),
    licenceNumber: text('licence_number'),
    licenceIssued: text('licence_issued'),
    licenceExpires: text('licence_expires'),
    // providers only: the organisation that keeps this record (its admins, and those above them, edit it)
    managedBy: integer('managed_by').references((): AnySQLiteColumn => organisations.id, { onDelete: 'restrict' }),
    // lower-cased, diacritics removed: SQLite's LIKE folds ASCII only
    searchText: text('search_text').notNull().default(''),
    ...stamps(),
  },
  (t) => [index('organisations_parent_idx').on(t.parentId), index('organisations_code_lower_idx').on(sql`lower(${t.code})`)],
);

export type Organisation = typeof organisations.$inferSelect;
export type NewOrganisation = typeof organisations.$inferInsert;
