// A request's system row is read once for its actor while the data does not move (the system page and the
// printed checklist ask for their system from every part they show), and never kept past a change: a
// system moved to another organisation, even by a tool past the services, is not found the next call.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { users } from '../../src/db/schema/users.js';
import { actorFor, getSystem, type Actor } from '../../src/modules/access/index.js';
import { countStatements, makeApp, type Fixture } from '../helpers/app.js';

let db: Db;
let fx: Fixture;
let owner: Actor;
let systemId: number;

// drizzle prepares a statement for each select: count those reading the systems table by id
const systemReads = (run: () => unknown) => countStatements(db, run, /from "systems" where "systems"\."id" = \?/i);

beforeAll(async () => {
  ({ db, fx } = await makeApp());
  systemId = Number(db.$client
    .prepare(`INSERT INTO systems (code, name_vi, owner_id, operator_id, system_type, lifecycle_status) VALUES ('ROW-1', 'Hệ thống thử', ?, ?, 'public_service', 'in_operation')`)
    .run(fx.org.deptA1, fx.org.deptA1).lastInsertRowid);
  owner = actorFor(db, db.select().from(users).where(eq(users.id, fx.user.ownerA1)).get()!);
});

describe('a system row within a request', () => {
  it('is read once for the same actor while nothing changes', () => {
    expect(systemReads(() => getSystem(db, owner, systemId))).toBe(1);
    expect(systemReads(() => {
      for (let i = 0; i < 5; i++) getSystem(db, owner, systemId);
    })).toBe(0);
    // another request (another actor object) reads it again
    const next = actorFor(db, db.select().from(users).where(eq(users.id, fx.user.ownerA1)).get()!);
    expect(systemReads(() => getSystem(db, next, systemId))).toBe(1);
    expect(countStatements(db, () => getSystem(db, next, systemId))).toBeLessThanOrEqual(1);
  });

  it('is read again after any write, so a system moved away is no longer found', () => {
    expect(getSystem(db, owner, systemId).id).toBe(systemId);
    db.$client.prepare('UPDATE systems SET owner_id = ?, operator_id = ?, security_unit_id = NULL WHERE id = ?').run(fx.org.provB, fx.org.provB, systemId);
    expect(() => getSystem(db, owner, systemId)).toThrow();
  });
});
