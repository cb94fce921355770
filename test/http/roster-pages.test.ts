// The operators' roster of a large scope goes by pages (issue 14: a province's roster returned every system
// in one page, 9 s at national scale): 50 systems a page, the counts above it of the whole roster, and a
// page past the end shows the last one.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { reconcileLevelsInForce } from '../../src/modules/levels/levels.service.js';
import { todayIso } from '../../src/i18n/format.js';
import { login, makeApp, type App, type Fixture } from '../helpers/app.js';

let db: Db;
let app: App;
let fx: Fixture;
const EXTRA = 70;

beforeAll(async () => {
  ({ db, app, fx } = await makeApp());
  const c = db.$client;
  c.transaction(() => {
    const sys = c.prepare(`INSERT INTO systems (code, name_vi, owner_id, operator_id, system_type, lifecycle_status, go_live_date) VALUES (?, ?, ?, ?, 'public_service', 'in_operation', '2023-02-01')`);
    const dec = c.prepare(
      `INSERT INTO level_decisions (system_id, regime, answers, computed_level, proposed_level, proposal_reason, dossier_status, appraisal_body, appraisal_date, approval_date, regulation_number, regulation_date)
       VALUES (?, 'nd331', '{}', 3, 3, 'Theo yêu cầu', 'approved', 'Sở Khoa học và Công nghệ', '2023-01-10', '2023-01-15', 'QC-1', '2023-01-05')`,
    );
    for (let i = 0; i < EXTRA; i++) {
      const id = Number(sys.run(`ROSTER-${String(i).padStart(3, '0')}`, `Hệ thống điều hành số ${i}`, fx.org.deptA1, fx.org.deptA1).lastInsertRowid);
      dec.run(id);
    }
  })();
  reconcileLevelsInForce(db, todayIso());
});

describe('the roster by pages', () => {
  it('shows 50 systems a page with the whole roster counted above', async () => {
    const s = await login(app, 'admin');
    const first = (await s.get('/operators/roster')).text;
    const rowsOf = (html: string) => [...html.matchAll(/<a href="\/systems\/\d+">/g)].length;
    const total = Number(/Trang 1\/(\d+)/.exec(first)?.[1] ?? '0');
    expect(total).toBe(2);
    expect(rowsOf(first)).toBe(50);
    const count = /(\d+) hệ thống/.exec(first)?.[1];
    expect(Number(count)).toBeGreaterThanOrEqual(EXTRA);
    const second = (await s.get('/operators/roster?page=2')).text;
    expect(rowsOf(second)).toBe(Number(count) - 50);
    // a page past the end is the last page, not an empty one
    expect(rowsOf((await s.get('/operators/roster?page=99')).text)).toBe(Number(count) - 50);
    // the filters stay in the page links
    expect((await s.get('/operators/roster?level=3')).text).toContain('level=3&amp;page=2');
  });
});
