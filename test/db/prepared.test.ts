// Hot reads prepared once per database: the same rows as the query built each time, inside or outside a transaction.
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { layer4Connections } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { preparedOn } from '../../src/db/prepared.js';
import { layerHistory } from '../../src/modules/protection/protection.repository.js';
import { seedFixture } from '../helpers/app.js';

describe('preparedOn', () => {
  it('prepares once per database and never for a transaction', () => {
    const db = openDatabase(':memory:');
    const cache = new WeakMap();
    let made = 0;
    const make = () => ({ n: ++made });
    expect(preparedOn(db, cache, make)).toEqual({ n: 1 });
    expect(preparedOn(db, cache, make)).toEqual({ n: 1 });
    db.transaction((tx) => expect(preparedOn(tx, cache, make)).toBeNull());
    expect(preparedOn(openDatabase(':memory:'), cache, make)).toEqual({ n: 2 });
  });

  it('gives a system’s layer history the same way inside and outside a transaction, and sees new rows', async () => {
    const db = openDatabase(':memory:');
    migrateDatabase(db);
    const fx = await seedFixture(db);
    const systemId = db.insert(systems).values({ code: 'A-1', nameVi: 'Hệ thống A', ownerId: fx.org.provA, operatorId: fx.org.provA, systemType: 'internal' }).returning().get().id;
    expect(layerHistory(db, systemId).layer4).toEqual([]);
    db.insert(layer4Connections).values({ systemId, centre: 'provincial', status: 'connected', connectionDate: '2026-01-01' }).run();
    const outside = layerHistory(db, systemId);
    expect(outside.layer4).toHaveLength(1);
    db.transaction((tx) => expect(layerHistory(tx, systemId)).toEqual(outside));
  });
});
