import { index, text } from 'drizzle-orm/sqlite-core';
import { organisationRef } from './organisations.js';
import { systemRecords } from './systems.js';

// The 4-layer model (Directive 14/CT-TTg §1.b–1.d; Decision 964/QĐ-TTg §IV.5.a). Each layer keeps its
// history: the record in force is the newest one; a layer's status is derived, never typed in.

/** A contract's number and term: the monitoring provider's (layer 2), the independent assessor's (layer 3). */
const contractTerms = () => ({ contractNumber: text('contract_number'), startDate: text('start_date'), endDate: text('end_date') });

/** Layer 1 — on-site force: the designated security unit and the designation decision. */
export const layer1Designations = systemRecords(
  'layer1_designations',
  {
    securityUnitId: organisationRef('security_unit_id').notNull(),
    decisionNumber: text('decision_number').notNull(),
    decisionDate: text('decision_date').notNull(),
  },
  (t) => [index('layer1_system_idx').on(t.systemId)],
);

export const MONITORING_MODES = ['self', 'provider'] as const;

/** Layer 2 — professional monitoring and protection: self-operated or a provider (SOC). */
export const layer2Monitoring = systemRecords(
  'layer2_monitoring',
  {
    mode: text('mode', { enum: MONITORING_MODES }).notNull(),
    providerId: organisationRef('provider_id'),
    ...contractTerms(),
    socName: text('soc_name'),
    focalPointNotified: text('focal_point_notified'), // date the national focal point was notified
  },
  (t) => [index('layer2_system_idx').on(t.systemId), index('layer2_provider_idx').on(t.providerId)],
);

export const ASSESSOR_KINDS = ['provider', 'in_house'] as const;

/** Layer 3 — the engagement of an independent assessor. It also gives the assessor's auditors access. */
export const engagements = systemRecords(
  'engagements',
  {
    assessorKind: text('assessor_kind', { enum: ASSESSOR_KINDS }).notNull(),
    assessorId: organisationRef('assessor_id').notNull(),
    ...contractTerms(),
    revokedAt: text('revoked_at'), // access ends; the row stays for the history
  },
  (t) => [index('engagements_system_idx').on(t.systemId), index('engagements_assessor_idx').on(t.assessorId)],
);

export const MONITORING_CENTRES = ['bca_ncsc', 'provincial', 'mic_ncsc'] as const;
export const CONNECTION_STATUSES = ['connected', 'in_progress', 'not_connected'] as const;

/** Layer 4 — connection to the national monitoring system. */
export const layer4Connections = systemRecords(
  'layer4_connections',
  {
    centre: text('centre', { enum: MONITORING_CENTRES }).notNull(),
    status: text('status', { enum: CONNECTION_STATUSES }).notNull(),
    connectionDate: text('connection_date'),
  },
  (t) => [index('layer4_system_idx').on(t.systemId)],
);

export type Layer1Row = typeof layer1Designations.$inferSelect;
export type Layer2Row = typeof layer2Monitoring.$inferSelect;
export type EngagementRow = typeof engagements.$inferSelect;
export type Layer4Row = typeof layer4Connections.$inferSelect;
