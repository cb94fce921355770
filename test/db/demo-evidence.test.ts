// The evidence library in the demo (seeds/demo-evidence.ts): one evidence item attached to checklist items
// of several systems, and an expired one turning BS-HTTT-031's fully met checklist into a CHK-01 gap.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { evidenceItems, evidenceLinks } from '../../src/db/schema/evidence.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { actorFor } from '../../src/modules/access/index.js';
import { seedDemo } from '../../seeds/demo.js';
import { DEMO_TODAY } from '../../seeds/demo-protection.js';
import { evaluateSystemFor } from '../helpers/evaluation.js';

let db: Db;
let counts: Awaited<ReturnType<typeof seedDemo>>;
beforeAll(async () => {
  db = openDatabase(':memory:');
  migrateDatabase(db);
  counts = await seedDemo(db);
}, 60_000);

const systemId = (code: string) => db.select().from(systems).where(eq(systems.code, code)).get()!.id;
const admin = () => actorFor(db, db.select().from(users).where(eq(users.username, 'admin')).get()!);

describe('the demo evidence', () => {
  it('reports what it inserted, and attaches one item to checklist items of several systems', () => {
    expect(counts.evidenceItems).toBe(db.select().from(evidenceItems).all().length);
    expect(counts.evidenceLinks).toBe(db.select().from(evidenceLinks).all().length);
    const byItem = new Map<number, Set<number>>();
    for (const l of db.select().from(evidenceLinks).all().filter((x) => x.kind === 'checklist_item')) {
      byItem.set(l.evidenceId, (byItem.get(l.evidenceId) ?? new Set()).add(l.systemId!));
    }
    expect(Math.max(...[...byItem.values()].map((s) => s.size))).toBeGreaterThanOrEqual(3);
    expect(new Set(db.select().from(evidenceLinks).all().map((l) => l.systemId)).size).toBeGreaterThanOrEqual(4);
    expect(db.select().from(evidenceLinks).all().some((l) => l.kind === 'layer2')).toBe(true);
  });

  it('has an expired item that turns BS-HTTT-031’s checklist into a gap after 31/10/2026', () => {
    const id = systemId('BS-HTTT-031');
    const before = evaluateSystemFor(db, admin(), id, '2026-10-31').find((r) => r.rule === 'CHK-01')!;
    expect(before.state).toBe('due_soon'); // its evidence ends that day
    const today = evaluateSystemFor(db, admin(), id, DEMO_TODAY).find((r) => r.rule === 'CHK-01')!;
    expect(today).toMatchObject({ state: 'gap', messageKey: 'rule.CHK-01.msg.evidenceExpired', dueDate: '2026-10-31', params: { expired: 1 } });
    // the other systems of the province's regulation keep their state; their met items without evidence are counted apart
    const other = evaluateSystemFor(db, admin(), systemId('BS-HTTT-020'), DEMO_TODAY).find((r) => r.rule === 'CHK-01')!;
    expect(other).toMatchObject({ state: 'ok', messageKey: 'rule.CHK-01.msg.okUnproven' });
    expect(Number(other.params!.notEvidenced)).toBe(Number(other.params!.met) - 1);
  });
});
