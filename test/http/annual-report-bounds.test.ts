// The annual report keeps the first REPORT_ROWS lines of its long lists (the requirements not met, the
// gaps) and counts the rest (issue 14: a province's report held a million requirement lines, which went
// across threads and into the PDF builder whole). The counts equal the whole lists; the lines kept are the
// first ones in the report's order; the page, the PDF and the Word file say how many there are in all.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { users } from '../../src/db/schema/users.js';
import { catalogueFor, findItem } from '../../src/domain/catalog/index.js';
import { actorFor, type Actor } from '../../src/modules/access/index.js';
import { annualReport, REPORT_ROWS } from '../../src/modules/annual-report/annual-report.service.js';
import { todayIso } from '../../src/i18n/format.js';
import { login, makeDemoApp, type App } from '../helpers/app.js';

let db: Db;
let app: App;
let admin: Actor;
const year = Number(todayIso().slice(0, 4));

/** Every requirement line the report could list, counted from the answers themselves (the oracle). */
function unmetAnswers(report: ReturnType<typeof annualReport>): number {
  let n = 0;
  for (const s of report.systems) {
    if (s.regime === null || s.level === null) continue;
    const rows = db.$client
      .prepare<[number], { catalogue: string; itemId: string }>(`SELECT catalogue, item_id AS itemId FROM checklist_answers WHERE system_id = ? AND status IN ('partly_met', 'not_met')`)
      .all(s.id);
    for (const a of rows) if (a.catalogue === catalogueFor(s.regime) && findItem(a.catalogue, a.itemId)?.levels.includes(s.level)) n += 1;
  }
  return n;
}

beforeAll(async () => {
  ({ db, app } = await makeDemoApp());
  admin = actorFor(db, db.select().from(users).where(eq(users.username, 'admin')).get()!);
});

describe('the annual report’s long lists', () => {
  it('count every requirement not met and keep the first lines, in order', () => {
    const before = annualReport(db, admin, admin.organisationId, year);
    expect(before.requirementsTotal).toBe(unmetAnswers(before));
    expect(before.requirements.length).toBe(Math.min(before.requirementsTotal, REPORT_ROWS));
    // more unmet answers than a report keeps: every applicable item of every system with a plan, not met
    const insert = db.$client.prepare(
      `INSERT INTO checklist_answers (system_id, catalogue, item_id, status) VALUES (?, ?, ?, 'not_met')
       ON CONFLICT DO UPDATE SET status = 'not_met'`,
    );
    const items = db.$client.prepare<[string], { itemId: string; levels: number }>('SELECT item_id AS itemId, levels FROM checklist_item_levels WHERE catalogue = ?');
    db.$client.transaction(() => {
      for (const s of before.systems) {
        if (s.regime === null || s.level === null) continue;
        const catalogue = catalogueFor(s.regime);
        for (const i of items.all(catalogue)) if ((i.levels >> s.level) & 1) insert.run(s.id, catalogue, i.itemId);
      }
    })();
    const after = annualReport(db, admin, admin.organisationId, year);
    expect(after.requirementsTotal).toBe(unmetAnswers(after));
    expect(after.requirementsTotal).toBeGreaterThan(REPORT_ROWS);
    expect(after.requirements).toHaveLength(REPORT_ROWS);
    const keys = after.requirements.map((q) => `${q.systemCode}|${q.findingDue ?? '9999'}|${q.itemId}`);
    const sorted = [...after.requirements].sort((a, b) => a.systemCode.localeCompare(b.systemCode) || (a.findingDue ?? '9999').localeCompare(b.findingDue ?? '9999') || a.itemId.localeCompare(b.itemId));
    expect(keys).toEqual(sorted.map((q) => `${q.systemCode}|${q.findingDue ?? '9999'}|${q.itemId}`));
    // the first system in code order with a plan has all its lines first
    const first = [...after.systems].filter((s) => s.regime !== null && s.level !== null).sort((a, b) => a.code.localeCompare(b.code))[0]!;
    expect(after.requirements[0]!.systemCode).toBe(first.code);
  });

  it('keep the first gap lines and count them all', () => {
    const r = annualReport(db, admin, admin.organisationId, year);
    expect(r.gaps.length).toBe(Math.min(REPORT_ROWS, r.gapTotals.gaps + r.gapTotals.dueSoon));
  });

  it('say on the page and in the printed version how many requirements there are in all', async () => {
    const r = annualReport(db, admin, admin.organisationId, year);
    const session = await login(app, 'admin', 'capdo-demo');
    const html = (await session.get(`/organisations/${admin.organisationId}/annual-report?year=${year}&print=1`)).text;
    const total = new Intl.NumberFormat('vi-VN').format(r.requirementsTotal);
    expect(html).toContain(`Liệt kê ${new Intl.NumberFormat('vi-VN').format(REPORT_ROWS)}/${total} dòng đầu`);
  });
});
