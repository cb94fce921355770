import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { organisationRecords, organisationRef } from './organisations.js';
import { operatorRef } from './people.js';
import { systemRef } from './systems.js';
import { userRef } from './users.js';
import { searchText, serialId, stampedAt } from './columns.js';

/**
 * An evidence item of an organisation's library (minh chứng): a decision, a contract, a certificate scan,
 * drill minutes, a screenshot — with its validity (from, and until when it expires) and either files or a
 * link to where it is held. One item may back many claims (evidence_links).
 */
export const evidenceItems = organisationRecords(
  'evidence_items',
  {
    title: text('title').notNull(),
    description: text('description'),
    validFrom: text('valid_from').notNull(),
    validUntil: text('valid_until'), // null: does not expire
    url: text('url'), // evidence held elsewhere
    searchText: searchText(),
    createdBy: userRef('created_by'),
  },
  (t) => [
    index('evidence_items_org_idx').on(t.organisationId),
    check('evidence_items_validity', sql`${t.validUntil} IS NULL OR ${t.validUntil} >= ${t.validFrom}`),
  ],
);

/** A file of an evidence item; its content is kept as versions (evidence_file_versions), the newest being the file. */
export const evidenceFiles = sqliteTable(
  'evidence_files',
  {
    id: serialId(),
    evidenceId: integer('evidence_id').notNull().references(() => evidenceItems.id, { onDelete: 'restrict' }),
    name: text('name').notNull(), // the name of the first version: how the file is known on the page
    createdAt: stampedAt('created_at'),
  },
  (t) => [index('evidence_files_evidence_idx').on(t.evidenceId)],
);

/** One uploaded version of an evidence file, stored outside the database by its SHA-256 (like assessment reports). */
export const evidenceFileVersions = sqliteTable(
  'evidence_file_versions',
  {
    id: serialId(),
    fileId: integer('file_id').notNull().references(() => evidenceFiles.id, { onDelete: 'restrict' }),
    version: integer('version').notNull(),
    fileName: text('file_name').notNull(),
    storedAs: text('stored_as').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: userRef('uploaded_by'),
    uploadedAt: stampedAt('uploaded_at'),
  },
  (t) => [uniqueIndex('evidence_file_versions_file_version').on(t.fileId, t.version), index('evidence_file_versions_sha_idx').on(t.sha256)],
);

/** What an evidence item can be attached to (the claims it backs). */
export const EVIDENCE_TARGET_KINDS = ['checklist_item', 'layer1', 'layer2', 'layer3', 'layer4', 'certificate', 'drill', 'budget', 'finding', 'assessment'] as const;
export type EvidenceTargetKind = (typeof EVIDENCE_TARGET_KINDS)[number];

/**
 * An evidence item attached to one thing. A checklist item is named by system, catalogue and item id (the
 * answer row may not exist yet); every other target by its record id. The system, organisation or person
 * the target belongs to is kept on the link: access checks and the change log read it.
 */
export const evidenceLinks = sqliteTable(
  'evidence_links',
  {
    id: serialId(),
    evidenceId: integer('evidence_id').notNull().references(() => evidenceItems.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: EVIDENCE_TARGET_KINDS }).notNull(),
    // 'checklist_item:<systemId>:<catalogue>:<itemId>' or '<kind>:<recordId>': one link per evidence and target
    targetKey: text('target_key').notNull(),
    recordId: integer('record_id'),
    catalogue: text('catalogue'),
    itemId: text('item_id'),
    systemId: systemRef(),
    organisationId: organisationRef('organisation_id'),
    operatorId: operatorRef(),
    createdBy: userRef('created_by'),
    createdAt: stampedAt('created_at'),
  },
  (t) => [
    uniqueIndex('evidence_links_target').on(t.evidenceId, t.targetKey),
    index('evidence_links_system_idx').on(t.systemId, t.kind),
    index('evidence_links_record_idx').on(t.kind, t.recordId),
    index('evidence_links_operator_idx').on(t.operatorId),
    index('evidence_links_org_idx').on(t.organisationId),
  ],
);

export type EvidenceRow = typeof evidenceItems.$inferSelect;
export type EvidenceFileRow = typeof evidenceFiles.$inferSelect;
export type EvidenceVersionRow = typeof evidenceFileVersions.$inferSelect;
export type EvidenceLinkRow = typeof evidenceLinks.$inferSelect;
