// The demo's systems on their way to Decree 331: every stage of the move is shown, and every seeded
// carried answer has its confirmation in the audit trail, as the app writes it.
import { and, eq, isNotNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { auditLog } from '../../src/db/schema/audit.js';
import { checklistAnswers } from '../../src/db/schema/compliance.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { DEFAULT_ENGINE_CONFIG } from '../../src/domain/rules/index.js';
import { actorFor } from '../../src/modules/access/index.js';
import { organisationTransition } from '../../src/modules/transition/transition.service.js';
import { seedDemo } from '../../seeds/demo.js';
import { TRANSITION_DEMO } from '../../seeds/demo-transition.js';
import { DEMO_TODAY } from '../../seeds/demo-protection.js';

let db: Db;
beforeAll(async () => {
  db = openDatabase(':memory:');
  migrateDatabase(db);
  await seedDemo(db);
}, 60_000);

describe('the demo’s move to Decree 331', () => {
  it('has a dozen Decree 85 systems of the province at every stage of the move', () => {
    expect(TRANSITION_DEMO).toHaveLength(12);
    const admin = actorFor(db, db.select().from(users).where(eq(users.username, 'admin')).get()!);
    const t = organisationTransition(db, admin, undefined, DEFAULT_ENGINE_CONFIG, DEMO_TODAY);
    const stageOf = new Map(t.rows.map((r) => [r.system.code, r.progress.stage]));
    const expected = { not_started: 'not_started', under_way: 'in_progress', done: 'done' } as const;
    for (const d of TRANSITION_DEMO) expect(stageOf.get(d.system.code), d.system.code).toBe(expected[d.stage]);
    for (const stage of ['not_started', 'in_progress', 'done'] as const) expect(t.byStage[stage]).toBeGreaterThanOrEqual(3);
    // under way: about half of the proposals confirmed
    for (const r of t.rows.filter((x) => TRANSITION_DEMO.some((d) => d.system.code === x.system.code && d.stage === 'under_way'))) {
      expect(r.progress.confirmed, r.system.code).toBeGreaterThan(0);
      expect(Math.abs(r.progress.confirmed - r.progress.proposals), r.system.code).toBeLessThanOrEqual(1);
    }
  });

  it('records every seeded carried answer in an audited confirmation naming its old items', () => {
    const carried = db.select().from(checklistAnswers).where(and(eq(checklistAnswers.catalogue, 'tcvn-14423-2026'), isNotNull(checklistAnswers.carriedFrom))).all();
    expect(carried.length).toBeGreaterThan(100);
    const entries = db.select().from(auditLog).where(eq(auditLog.entityType, 'checklist')).all();
    for (const a of carried) {
      const change = entries.filter((e) => e.systemId === a.systemId).map((e) => e.changes?.[a.itemId]).find(Boolean) as [unknown, { status: string; carriedFrom: string }] | undefined;
      expect(change, `${a.systemId} ${a.itemId}`).toBeDefined();
      expect(change![1]).toMatchObject({ status: a.status, carriedFrom: a.carriedFrom });
    }
    const codes = db.select({ code: systems.code }).from(systems).all().map((s) => s.code);
    for (const d of TRANSITION_DEMO) expect(codes).toContain(d.system.code);
  });
});
