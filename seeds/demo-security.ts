// Security events in the demo: three writes the province's users were refused last week, as the app
// records them (who, address, route, answer, record, the names of the fields in error — never values):
// the viewer trying to register a system (403), the province's owner posting to the edit form of a
// ministry system it cannot see (404), the owner's system form with a go-live date that does not exist (422). The province's
// admin reads them on Nhật ký → Sự kiện an ninh; the ministry's admin reads the one on its own system (the 404),
// filed under that system as the app files it (ownerOfRecord).
import { eq } from 'drizzle-orm';
import { securityEvents } from '../src/db/schema/security.js';
import { users } from '../src/db/schema/users.js';
import { ownerOfRecord } from '../src/modules/audit/security-events.service.js';
import type { DemoIds, SeedTx } from './demo-protection.js';

export interface SecuritySeedCounts {
  securityEvents: number;
}

/** A timestamp on a demo day, at a given hour in Vietnam (UTC+7). */
const at = (date: string, hourVn: number, minute: number) =>
  new Date(`${date}T${String(hourVn).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+07:00`).toISOString();

function fail(where: string, message: string): never {
  throw new Error(`demo security events (${where}): ${message}`);
}

export function seedSecurity(tx: SeedTx, ids: DemoIds): SecuritySeedCounts {
  const user = (username: string) => ids.users.get(username) ?? fail(username, 'unknown demo user');
  const sys = (code: string) => ids.systems.get(code) ?? fail(code, 'unknown demo system');
  const orgOf = (username: string) => tx.select().from(users).where(eq(users.id, user(username))).get()?.organisationId ?? fail(username, 'no organisation');
  const rows = [
    { username: 'viewer', ip: '10.20.1.15', at: at('2026-11-24', 9, 12), method: 'POST', path: '/systems', status: 403, entityType: 'system', entityId: null, fields: null },
    {
      username: 'owner', ip: '10.20.3.8', at: at('2026-11-25', 14, 40), method: 'POST', path: `/systems/${sys('BHT-HTTT-001')}`, status: 404,
      entityType: 'system', entityId: sys('BHT-HTTT-001'), fields: null,
    },
    { username: 'owner', ip: '10.20.3.8', at: at('2026-11-26', 10, 5), method: 'POST', path: '/systems', status: 422, entityType: 'system', entityId: null, fields: ['goLiveDate'] },
  ];
  for (const { username, ...e } of rows) {
    const target = e.entityId !== null ? ownerOfRecord(tx, e.entityType, e.entityId) : null;
    tx.insert(securityEvents).values({
      ...e, actorId: user(username), actorName: username, organisationId: orgOf(username),
      targetSystemId: target?.systemId ?? null, targetOrganisationId: target?.organisationId ?? null,
    }).run();
  }
  return { securityEvents: rows.length };
}
