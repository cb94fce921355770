import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organisationRef } from './organisations.js';
import { codeAndNames, ownedRecords, searchText, serialId, stamps } from './columns.js';

export const SYSTEM_TYPES = ['internal', 'public_service', 'infrastructure', 'industrial_control', 'other'] as const;
export const LIFECYCLE_STATUSES = ['planned', 'under_construction', 'in_operation', 'decommissioned'] as const;
export const HOSTINGS = ['own_premises', 'hired_dc', 'cloud'] as const;
export const SEPARATIONS = ['logical', 'physical'] as const;
// Decision 632/QĐ-TTg (2017): the 11 priority sectors
export const PRIORITY_SECTORS = [
  'transport',
  'energy',
  'natural_resources',
  'information',
  'health',
  'finance',
  'banking',
  'defence',
  'security_order',
  'urban',
  'government_direction',
] as const;

export type SystemTypeValue = (typeof SYSTEM_TYPES)[number];
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

export const systems = sqliteTable(
  'systems',
  {
    id: serialId(),
    ...codeAndNames(),
    description: text('description'),
    ownerId: organisationRef('owner_id').notNull(),
    operatorId: organisationRef('operator_id').notNull(),
    securityUnitId: organisationRef('security_unit_id'),
    systemType: text('system_type', { enum: SYSTEM_TYPES }).notNull(),
    prioritySector: text('priority_sector', { enum: PRIORITY_SECTORS }),
    lifecycleStatus: text('lifecycle_status', { enum: LIFECYCLE_STATUSES }).notNull().default('planned'),
    goLiveDate: text('go_live_date'), // ISO yyyy-mm-dd
    hosting: text('hosting', { enum: HOSTINGS }).notNull().default('own_premises'),
    separation: text('separation', { enum: SEPARATIONS }).notNull().default('logical'),
    stateFunded: integer('state_funded', { mode: 'boolean' }).notNull().default(true),
    nationalSecurityImportant: integer('national_security_important', { mode: 'boolean' }).notNull().default(false),
    notes: text('notes'),
    // PLN-01 (Directive 14/CT-TTg §1.đ): the note on domestic ("Make in Viet Nam") security products, level ≥ 3
    domesticProductsNote: text('domestic_products_note'),
    decommissionedAt: text('decommissioned_at'), // ISO yyyy-mm-dd
    // the level in force today by the timeline (src/domain/timeline.ts), kept in step by the levels module in
    // the same transaction as each approval, for the lists' SQL filters and sorting; never decided here
    levelInForce: integer('level_in_force'),
    searchText: searchText(),
    ...stamps(),
  },
  (t) => [
    index('systems_owner_idx').on(t.ownerId),
    index('systems_operator_idx').on(t.operatorId),
    index('systems_security_unit_idx').on(t.securityUnitId),
    index('systems_lifecycle_idx').on(t.lifecycleStatus),
    index('systems_level_idx').on(t.levelInForce),
    // codes are looked up case-insensitively (the importer, the duplicate check)
    index('systems_code_lower_idx').on(sql`lower(${t.code})`),
    check('systems_go_live_iso', sql`${t.goLiveDate} IS NULL OR ${t.goLiveDate} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`),
  ],
);

/** The column naming the system a record belongs to: a system with records cannot be deleted. */
export const systemRef = () => integer('system_id').references(() => systems.id, { onDelete: 'restrict' });

/** A table of records that belong to one system: id, the system, its own columns, the stamps. */
export const systemRecords = ownedRecords('systemId', () => systemRef().notNull());

export type SystemRow = typeof systems.$inferSelect;
export type NewSystemRow = typeof systems.$inferInsert;
