// Every CSV download read as a spreadsheet would read it, with ',' and with ';' as the list separator
// (Vietnamese regional settings use ';'): no cell starts with a formula character, whatever the text.
import type { Response } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { operatorAssignments, operators } from '../../src/db/schema/people.js';
import { systems } from '../../src/db/schema/systems.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { auditLog } from '../../src/db/schema/audit.js';
import { login, makeApp, type Session } from '../helpers/app.js';
import { isFormula, readAsSpreadsheet } from '../helpers/spreadsheet-csv.js';
import { binary } from '../helpers/pdf.js';

// a formula after the other separator, and after a line break, where the first-character guard never looked
const HOSTILE = 'Sep;=1+1;y';
const HOSTILE_LINES = 'Ghi chú\n=1+1;z\n-2+3';

let admin: Session;

beforeAll(async () => {
  const { app, db, fx } = await makeApp();
  const row = {
    code: 'A-CSV', nameVi: HOSTILE, description: HOSTILE_LINES, ownerId: fx.org.deptA2, operatorId: fx.org.deptA2,
    systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '2024-01-15', levelInForce: 3,
  } as const;
  const systemId = db.insert(systems).values({ ...row, searchText: searchTextFor(row) }).returning().get().id;
  db.insert(levelDecisions).values({
    systemId, regime: 'nd331', answers: DEFAULT_ANSWERS, computedLevel: 3, proposedLevel: 3, dossierStatus: 'approved',
    approvalNumber: '1;=1+1', approvalDate: '2024-03-01', approvingBody: HOSTILE,
  }).run();
  const person = db.insert(operators).values({ fullName: `Nguyễn Văn A;@SUM(A1)`, organisationId: fx.org.deptA2, position: HOSTILE_LINES }).returning().get().id;
  db.insert(operatorAssignments).values({ operatorId: person, systemId, role: 'operator', fromDate: '2024-01-15' }).run();
  db.insert(auditLog).values({ actorName: 'admin', action: 'update', entityType: 'system', entityId: systemId, systemId, organisationId: fx.org.deptA2, summary: `x;+1\n@y`, changes: { nameVi: ['a', HOSTILE] } }).run();
  admin = await login(app, 'admin');
});

async function text(s: Session, url: string): Promise<string> {
  const res = (await s.agent
    .get(url)
    .buffer(true)
    .parse(binary)) as Response & { body: Buffer };
  expect(res.status, url).toBe(200);
  expect(res.headers['content-type'], url).toMatch(/^text\/csv/);
  return res.body.toString('utf8');
}

describe('every CSV export', () => {
  const urls = ['/exports/systems.csv', '/exports/gaps.csv', '/exports/roster.csv', '/audit.csv'];

  it.each(urls)('%s: every field quoted, and no cell a formula with , or ;', async (url) => {
    const csv = await text(admin, url);
    expect(csv).toContain("Sep;'=1+1;y");
    for (const line of readAsSpreadsheet(csv, ',')) for (const cell of line) expect(cell, url).not.toSatisfy(isFormula);
    // every field opens with a quote: a line starts with one, every separator is followed by one
    expect(csv.slice(1).split('\r\n').filter(Boolean).every((l) => l.startsWith('"'))).toBe(true);
    for (const sep of [',', ';'] as const) {
      const formulas = readAsSpreadsheet(csv, sep).flat().filter(isFormula);
      expect(formulas, `${url} read with ${sep}`).toEqual([]);
    }
  });

  it('keeps the text readable with the comma: the system name is one cell', async () => {
    const rows = readAsSpreadsheet(await text(admin, '/exports/systems.csv'), ',');
    const i = rows[0]!.indexOf('Tên hệ thống');
    expect(rows.find((r) => r.includes('A-CSV'))![i]).toBe("Sep;'=1+1;y");
  });
});
