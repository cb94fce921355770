import { and, desc, eq, isNull, sql, type Placeholder } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { preparedOn } from '../../db/prepared.js';
import {
  engagements, layer1Designations, layer2Monitoring, layer4Connections,
  type EngagementRow, type Layer1Row, type Layer2Row, type Layer4Row,
} from '../../db/schema/protection.js';

/** Every record of the four layers of one system, newest first (the first one is in force). */
export interface LayerHistory {
  layer1: Layer1Row[];
  layer2: Layer2Row[];
  layer3: EngagementRow[];
  layer4: Layer4Row[];
}

export function layerHistory(db: Tx, systemId: number): LayerHistory {
  const q = preparedOn(db, historyQueries, preparedHistory);
  if (q) return { layer1: q.layer1.all({ systemId }), layer2: q.layer2.all({ systemId }), layer3: q.layer3.all({ systemId }), layer4: q.layer4.all({ systemId }) };
  const b = historyBuilders(db, systemId);
  return { layer1: b.layer1.all(), layer2: b.layer2.all(), layer3: b.layer3.all(), layer4: b.layer4.all() };
}

/** The four layers' history queries of one system (or of a placeholder, to be prepared). */
function historyBuilders(db: Tx, systemId: number | Placeholder) {
  return {
    layer1: db.select().from(layer1Designations).where(eq(layer1Designations.systemId, systemId)).orderBy(desc(layer1Designations.decisionDate), desc(layer1Designations.id)),
    layer2: db.select().from(layer2Monitoring).where(eq(layer2Monitoring.systemId, systemId)).orderBy(desc(layer2Monitoring.startDate), desc(layer2Monitoring.id)),
    layer3: db.select().from(engagements).where(eq(engagements.systemId, systemId)).orderBy(desc(engagements.startDate), desc(engagements.id)),
    layer4: db.select().from(layer4Connections).where(eq(layer4Connections.systemId, systemId)).orderBy(desc(layer4Connections.id)),
  };
}

function preparedHistory(db: Db) {
  const b = historyBuilders(db, sql.placeholder('systemId'));
  return { layer1: b.layer1.prepare(), layer2: b.layer2.prepare(), layer3: b.layer3.prepare(), layer4: b.layer4.prepare() };
}

const historyQueries = new WeakMap<Db, ReturnType<typeof preparedHistory>>();

export function findEngagement(db: Tx, systemId: number, id: number): EngagementRow | undefined {
  return db.select().from(engagements).where(and(eq(engagements.id, id), eq(engagements.systemId, systemId), isNull(engagements.revokedAt))).get();
}

export const insertLayer1 = (tx: Tx, row: typeof layer1Designations.$inferInsert) => tx.insert(layer1Designations).values(row).returning().get();
export const insertLayer2 = (tx: Tx, row: typeof layer2Monitoring.$inferInsert) => tx.insert(layer2Monitoring).values(row).returning().get();
export const insertEngagement = (tx: Tx, row: typeof engagements.$inferInsert) => tx.insert(engagements).values(row).returning().get();
export const insertLayer4 = (tx: Tx, row: typeof layer4Connections.$inferInsert) => tx.insert(layer4Connections).values(row).returning().get();

export function revokeEngagement(tx: Tx, id: number, at: string): EngagementRow {
  return tx.update(engagements).set({ revokedAt: at, updatedAt: new Date().toISOString() }).where(eq(engagements.id, id)).returning().get();
}
