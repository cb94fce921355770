import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organisationRef } from './organisations.js';
import { systemRef } from './systems.js';
import { serialId, stamps } from './columns.js';

// The 4-layer model (Directive 14/CT-TTg §1.b–1.d; Decision 964/QĐ-TTg §IV.5.a). Each layer keeps its
// history: the record in force is the newest one; a layer's status is derived, never typed in.

/** A contract's number and term: the monitoring provider's (layer 2), the independent assessor's (layer 3). */
const contractTerms = () => ({ contractNumber: text('contract_number'), startDate: text('start_date'), endDate: text('end_date') });

/** Layer 1 — on-site force: the designated security unit and the designation decision. */
export const layer1Designations = sqliteTable(
  'layer1_designations',
  {
    id: serialId(),
    systemId: systemRef().notNull(),
    securityUnitId: organisationRef('security_unit_id').notNull(),
    decisionNumber: text('decision_number').notNull(),
    decisionDate: text('decision_date').notNull(),
    ...stamps(),
  },
  (t) => [index('layer1_system_idx').on(t.systemId)],
);

export const MONITORING_MODES = ['self', 'provider'] as const;

/** Layer 2 — professional monitoring and protection: self-operated or a provider (SOC). */
export const layer2Monitoring = sqliteTable(
  'layer2_monitoring',
  {
    id: serialId(),
    systemId: systemRef().notNull(),
    mode: text('mode', { enum: MONITORING_MODES }).notNull(),
    providerId: organisationRef('provider_id'),
    ...contractTerms(),
    socName: text('soc_name'),
    focalPointNotified: text('focal_point_notified'), // date the national focal point was notified
    ...stamps(),
  },
  (t) => [index('layer2_system_idx').on(t.systemId), index('layer2_provider_idx').on(t.providerId)],
);

export const ASSESSOR_KINDS = ['provider', 'in_house'] as const;

/** Layer 3 — the engagement of an independent assessor. It also gives the assessor's auditors access. */
export const engagements = sqliteTable(
  'engagements',
  {
    id: serialId(),
    systemId: systemRef().notNull(),
    assessorKind: text('assessor_kind', { enum: ASSESSOR_KINDS }).notNull(),
    assessorId: organisationRef('assessor_id').notNull(),
    ...contractTerms(),
    revokedAt: text('revoked_at'), // access ends; the row stays for the history
    ...stamps(),
  },
  (t) => [index('engagements_system_idx').on(t.systemId), index('engagements_assessor_idx').on(t.assessorId)],
);

export const MONITORING_CENTRES = ['bca_ncsc', 'provincial', 'mic_ncsc'] as const;
export const CONNECTION_STATUSES = ['connected', 'in_progress', 'not_connected'] as const;

/** Layer 4 — connection to the national monitoring system. */
export const layer4Connections = sqliteTable(
  'layer4_connections',
  {
    id: serialId(),
    systemId: systemRef().notNull(),
    centre: text('centre', { enum: MONITORING_CENTRES }).notNull(),
    status: text('status', { enum: CONNECTION_STATUSES }).notNull(),
    connectionDate: text('connection_date'),
    ...stamps(),
  },
  (t) => [index('layer4_system_idx').on(t.systemId)],
);

export type Layer1Row = typeof layer1Designations.$inferSelect;
export type Layer2Row = typeof layer2Monitoring.$inferSelect;
export type EngagementRow = typeof engagements.$inferSelect;
export type Layer4Row = typeof layer4Connections.$inferSelect;
