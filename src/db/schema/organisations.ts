import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { codeAndNames, ownedRecords, searchText, serialId, stamps } from './columns.js';

export const ORGANISATION_KINDS = ['agency', 'provider'] as const;
export const PROVIDER_SERVICES = ['monitoring', 'incident_response', 'assessment', 'penetration_testing', 'consulting'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** A column naming an organisation (owner, operator, assessor, parent…): one that is named cannot be deleted. */
export const organisationRef = <N extends string>(name: N) =>
  integer(name).references((): AnySQLiteColumn => organisations.id, { onDelete: 'restrict' });

/** A table of records that belong to one organisation: id, the organisation, its own columns, the stamps. */
export const organisationRecords = ownedRecords('organisationId', () => organisationRef('organisation_id').notNull());

export const organisations = sqliteTable(
  'organisations',
  {
    id: serialId(),
    ...codeAndNames(),
    kind: text('kind', { enum: ORGANISATION_KINDS }).notNull().default('agency'),
    parentId: organisationRef('parent_id'),
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
    managedBy: organisationRef('managed_by'),
    searchText: searchText(),
    ...stamps(),
  },
  (t) => [index('organisations_parent_idx').on(t.parentId), index('organisations_code_lower_idx').on(sql`lower(${t.code})`)],
);

export type Organisation = typeof organisations.$inferSelect;
export type NewOrganisation = typeof organisations.$inferInsert;
