import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { assessments, findings } from '../../db/schema/assessments.js';
import { annualReports, apiTokens, selfInspectionNotices } from '../../db/schema/compliance.js';
import { levelDecisions } from '../../db/schema/level-decisions.js';
import { organisations } from '../../db/schema/organisations.js';
import { budgets, certificates, drills, knowledgeUpdates, operatorAssignments, operators } from '../../db/schema/people.js';
import { engagements } from '../../db/schema/protection.js';
import { securityEvents, type SecurityEventRow } from '../../db/schema/security.js';
import { systems } from '../../db/schema/systems.js';
import { users } from '../../db/schema/users.js';
import { visibleCondition } from '../access/index.js';

export type SecurityEventInsert = Omit<typeof securityEvents.$inferInsert, 'id' | 'at'>;

export function insertSecurityEvent(db: Db, event: SecurityEventInsert): void {
  db.insert(securityEvents).values(event).run();
}

export interface SecurityEventFilter {
  /** events by users of these organisations, or on their records (their systems' included) */
  organisationIds: ReadonlySet<number>;
  actor?: string;
  entityType?: string;
  /** UTC instants: from inclusive, to exclusive */
  fromUtc?: string;
  toUtc?: string;
}

function where(f: SecurityEventFilter): SQL | undefined {
  const ids = [...f.organisationIds];
  const conds: SQL[] = [
    ids.length
      ? sql`(${inArray(securityEvents.organisationId, ids)} OR ${inArray(securityEvents.targetOrganisationId, ids)}
          OR EXISTS (SELECT 1 FROM ${systems} WHERE ${systems.id} = ${securityEvents.targetSystemId} AND ${visibleCondition({ orgIds: ids })}))`
      : sql`0`,
  ];
  if (f.actor) conds.push(eq(securityEvents.actorName, f.actor));
  if (f.entityType) conds.push(eq(securityEvents.entityType, f.entityType));
  if (f.fromUtc) conds.push(gte(securityEvents.at, f.fromUtc));
  if (f.toUtc) conds.push(lt(securityEvents.at, f.toUtc));
  return and(...conds);
}

export function listSecurityEvents(db: Db, f: SecurityEventFilter, limit: number, offset: number): { rows: SecurityEventRow[]; total: number } {
  const w = where(f);
  const rows = db.select().from(securityEvents).where(w).orderBy(desc(securityEvents.id)).limit(limit).offset(offset).all();
  const total = db.select({ n: sql<number>`count(*)` }).from(securityEvents).where(w).get()?.n ?? 0;
  return { rows, total };
}

// ---- whose record a refused path names ----

/** The system and organisation of a record, as filed with an event: either may be null. */
export interface RecordOwner {
  systemId: number | null;
  organisationId: number | null;
}

const bySystem = (table: SQL, systemColumn: SQL) => (id: number) => sql`SELECT ${systemColumn} AS s, NULL AS o FROM ${table} WHERE id = ${id}`;
const byOrganisation = (table: SQL, organisationColumn: SQL) => (id: number) => sql`SELECT NULL AS s, ${organisationColumn} AS o FROM ${table} WHERE id = ${id}`;
const ofPerson = (table: SQL) => (id: number) =>
  sql`SELECT NULL AS s, p.organisation_id AS o FROM ${table} r JOIN ${operators} p ON p.id = r.operator_id WHERE r.id = ${id}`;

/**
 * For each kind of record a refused path can name (`recordOfPath` in security-events.routes.ts), how to read
 * its system and organisation. A provider is filed under the organisation that keeps its record.
 */
const OWNER_QUERIES: Readonly<Record<string, (id: number) => SQL>> = {
  system: bySystem(sql`${systems}`, sql`id`),
  organisation: byOrganisation(sql`${organisations}`, sql`coalesce(managed_by, id)`),
  provider: byOrganisation(sql`${organisations}`, sql`coalesce(managed_by, id)`),
  user: byOrganisation(sql`${users}`, sql`organisation_id`),
  operator: byOrganisation(sql`${operators}`, sql`organisation_id`),
  level_decision: bySystem(sql`${levelDecisions}`, sql`system_id`),
  assessment: bySystem(sql`${assessments}`, sql`system_id`),
  finding: bySystem(sql`${findings}`, sql`system_id`),
  engagement: bySystem(sql`${engagements}`, sql`system_id`),
  assignment: bySystem(sql`${operatorAssignments}`, sql`system_id`),
  self_inspection_notice: bySystem(sql`${selfInspectionNotices}`, sql`system_id`),
  certificate: ofPerson(sql`${certificates}`),
  knowledge_update: ofPerson(sql`${knowledgeUpdates}`),
  drill: (id) => sql`SELECT system_id AS s, organisation_id AS o FROM ${drills} WHERE id = ${id}`,
  budget: (id) => sql`SELECT system_id AS s, organisation_id AS o FROM ${budgets} WHERE id = ${id}`,
  annual_report: byOrganisation(sql`${annualReports}`, sql`organisation_id`),
  api_token: byOrganisation(sql`${apiTokens}`, sql`organisation_id`),
};

/** Whose record `type` `id` is; nothing for a kind no one owns (the outbox) or a record that does not exist. */
export function ownerOfRecord(db: Tx, type: string, id: number): RecordOwner | null {
  const query = OWNER_QUERIES[type];
  const row = query ? db.get<{ s: number | null; o: number | null }>(query(id)) : undefined;
  return row ? { systemId: row.s, organisationId: row.o } : null;
}
