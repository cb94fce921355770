// Reading the change log (fact_changes, written by SQLite triggers: drizzle/0010_change_log_triggers.sql)
// as what an evaluation must redo: the systems whose facts changed, whether the organisation rules must be
// run again, or whether nothing short of a rebuild will do. The audit trail is not read here: it is the
// legal record, not a cache signal.
import { changesBetween, dataVersion, oldestChange } from '../../db/change-log.js';
import type { Db } from '../../db/client.js';

/** Tables whose rows belong to one system (system_id). */
const OF_A_SYSTEM = new Set([
  'systems', 'level_decisions', 'layer1_designations', 'layer2_monitoring', 'engagements', 'layer4_connections',
  'assessments', 'findings', 'checklist_answers', 'self_inspection_notices', 'operator_assignments',
]);
/** Tables of a person (operator_id): the systems the person is assigned to change. */
const OF_A_PERSON = new Set(['operators', 'certificates', 'knowledge_updates']);
/** Tables of an organisation's readiness: its rules, and a system's when the row names one. */
const OF_AN_ORGANISATION = new Set(['drills', 'budgets', 'annual_reports']);
/**
 * The evidence library: a row names the system, organisation or person of the thing an evidence item is
 * attached to (a change to the item writes one row per link), whatever is set of the three.
 */
const OF_EVIDENCE = new Set(['evidence_items', 'evidence_links']);
/** Tables no rule reads. */
const IRRELEVANT = new Set(['users', 'api_tokens', 'calendar_tokens', 'evidence_files', 'evidence_file_versions']);
// Anything else — organisations (names, the tree, kinds, licences: independence and scopes), or a table
// this list does not know yet — rebuilds the whole evaluation: slower, never wrong.

/** A longer tail of changes is cheaper to replay as one rebuild. */
const MAX_TAIL = 5_000;

export interface Impact {
  /** the newest change read */
  upTo: number;
  rebuild: boolean;
  systems: Set<number>;
  organisations: boolean;
}

/**
 * What the changes after `seen` (exclusive) up to the newest mean for an evaluation. Changes older than
 * the log keeps (db/change-log.ts pruneChangeLog) cannot be placed: a rebuild.
 */
export function changesSince(db: Db, seen: number): Impact {
  const upTo = dataVersion(db);
  const impact: Impact = { upTo, rebuild: false, systems: new Set(), organisations: false };
  if (upTo <= seen) return impact;
  if (oldestChange(db) > seen + 1) return { ...impact, rebuild: true };
  const rows = changesBetween(db, seen, upTo, MAX_TAIL + 1);
  if (rows.length > MAX_TAIL) return { ...impact, rebuild: true };
  const assignedTo = db.$client.prepare<[number], number>('SELECT system_id FROM operator_assignments WHERE operator_id = ?').pluck();
  for (const r of rows) {
    if (IRRELEVANT.has(r.table_name)) continue;
    if (OF_A_SYSTEM.has(r.table_name)) {
      if (r.system_id === null) return { ...impact, rebuild: true };
      impact.systems.add(r.system_id);
      // an assignment names a person too: nothing more to do, the system is re-evaluated with its people
    } else if (OF_A_PERSON.has(r.table_name)) {
      if (r.operator_id === null) return { ...impact, rebuild: true };
      for (const id of assignedTo.all(r.operator_id)) impact.systems.add(id);
    } else if (OF_EVIDENCE.has(r.table_name)) {
      if (r.system_id !== null) impact.systems.add(r.system_id);
      if (r.operator_id !== null) for (const id of assignedTo.all(r.operator_id)) impact.systems.add(id);
      if (r.organisation_id !== null) impact.organisations = true;
    } else if (OF_AN_ORGANISATION.has(r.table_name)) {
      if (r.system_id !== null) impact.systems.add(r.system_id);
      impact.organisations = true;
    } else {
      return { ...impact, rebuild: true };
    }
  }
  return impact;
}
