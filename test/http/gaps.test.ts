// The gaps page, the dashboard and the system page over the demo data: one evaluation, the same numbers.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { type Db } from '../../src/db/client.js';
import { systems } from '../../src/db/schema/systems.js';
import { login, type Session, makeDemoApp } from '../helpers/app.js';

let db: Db;
let app: Awaited<ReturnType<typeof makeDemoApp>>['app'];
let admin: Session;
let adminBo: Session;

beforeAll(async () => {
  const demo = await makeDemoApp();
  db = demo.db;
  app = demo.app;
  admin = await login(app, 'admin', 'capdo-demo');
  adminBo = await login(app, 'admin.bo', 'capdo-demo');
}, 60_000);

const idOf = (code: string) => db.select().from(systems).where(eq(systems.code, code)).get()!.id;
const total = (html: string) => Number(/(?:Trang \d+\/\d+ · )?([\d.]+) kết quả/.exec(html)![1]!.replace(/\./g, ''));
const rowsFor = (html: string, code: string) => html.split('<tr class="state-').filter((r) => r.includes(`>${code}<`));

describe('the gaps page as of a date', () => {
  it('shows ASM-01 gaps on 15 Dec for level 3–4 systems not assessed in the cycle, and not on 13 Dec', async () => {
    const on13 = (await admin.get('/gaps?asOf=13/12/2026&rule=ASM-01')).text;
    const on15 = (await admin.get('/gaps?asOf=15/12/2026&rule=ASM-01')).text;
    // BS-HTTT-020: assessed in the previous cycle only — due soon on 13 Dec, overdue from 15 Dec
    expect(rowsFor(on13, 'BS-HTTT-020')[0]).toMatch(/^due_soon/);
    expect(rowsFor(on15, 'BS-HTTT-020')[0]).toMatch(/^gap/);
    expect(rowsFor(on15, 'BS-HTTT-020')[0]).toContain('14/12/2026');
    // BS-HTTT-019: overdue since 14/12/2025 either way
    expect(rowsFor(on13, 'BS-HTTT-019')[0]).toMatch(/^gap/);
    const gapsOn = (html: string) => html.split('<tr class="state-gap"').length - 1;
    expect(gapsOn(on15)).toBeGreaterThan(gapsOn(on13));
  });

  it('re-evaluates for the date typed, keeps a bad date visible with a message', async () => {
    const bad = await admin.get('/gaps?asOf=31/02/2026');
    expect(bad.status).toBe(200);
    expect(bad.text).toContain('Ngày không hợp lệ');
    expect((await admin.get('/gaps?asOf=2026-12-15')).text).toContain('value="15/12/2026"');
  });

  it('filters by severity, rule, level and organisation without leaking another subtree', async () => {
    const critical = (await admin.get('/gaps?severity=critical&state=gap')).text;
    expect(critical).not.toContain('sev-high');
    expect(critical).not.toContain('BHT-HTTT'); // the ministry's systems are not the province admin's
    const l4 = (await adminBo.get('/gaps?rule=L4-4&level=4')).text;
    expect(rowsFor(l4, 'BHT-HTTT-008').length).toBe(1);
  });
});

describe('one evaluation everywhere', () => {
  it('the dashboard counts equal the gaps page total', async () => {
    const dash = (await admin.get('/')).text;
    const m = /([\d.]+) tồn tại chưa khắc phục và ([\d.]+) việc sắp đến hạn/.exec(dash)!;
    const fromDashboard = Number(m[1]!.replace(/\./g, '')) + Number(m[2]!.replace(/\./g, ''));
    expect(total((await admin.get('/gaps')).text)).toBe(fromDashboard);
  });

  it('a system page lists exactly the rows the gaps page has for it', async () => {
    for (const code of ['BS-HTTT-001', 'BS-HTTT-021', 'BS-HTTT-026']) {
      const page = (await admin.get(`/systems/${idOf(code)}`)).text;
      const onPage = page.split('<li class="state-').length - 1;
      let rows = 0;
      const first = (await admin.get('/gaps')).text;
      const pages = Number(/Trang \d+\/(\d+)/.exec(first)?.[1] ?? 1);
      for (let p = 1; p <= pages; p++) rows += rowsFor((await admin.get(`/gaps?page=${p}`)).text, code).length;
      expect(onPage, code).toBe(rows);
      expect(onPage, code).toBeGreaterThan(0);
    }
  });
});

describe('the system page and the calendar show the same dates', () => {
  it('the next assessment due date and the report deadline agree', async () => {
    const id = idOf('BS-HTTT-020');
    const page = (await admin.get(`/systems/${id}`)).text;
    expect(page).toContain('hạn tiếp theo 14/12/2026');
    expect(page).toContain('báo cáo kết quả trước ngày 14/12/2026');
    const cal = (await admin.get('/calendar')).text;
    const rows = cal.split('<tr').filter((r) => r.includes('BS-HTTT-020'));
    expect(rows.some((r) => r.includes('14/12/2026') && r.includes('ASM-01'))).toBe(true);
  });
});

describe('finding your way on the gaps page', () => {
  it("the system page's link opens the gaps page filtered to that system, with the system named and a way back", async () => {
    const id = idOf('BS-HTTT-021');
    const page = (await admin.get(`/systems/${id}`)).text;
    expect(page).toContain(`href="/gaps?system=${id}"`);
    const onPage = page.split('<li class="state-').length - 1;
    const gaps = (await admin.get(`/gaps?system=${id}`)).text;
    expect(total(gaps)).toBe(onPage);
    expect(gaps.split('<tr class="state-').length - 1).toBe(onPage);
    expect(gaps).toContain('Chỉ hiện tồn tại của hệ thống');
    expect(gaps).toContain(`name="system" value="${id}"`); // the filters keep it
  });

  it('searches by name or code, ignoring diacritics', async () => {
    const html = (await admin.get('/gaps?q=bs-httt-021')).text;
    expect(html).toContain('id="q"');
    const rows = html.split('<tr class="state-').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toContain('>BS-HTTT-021<');
  });

  it('groups by system: one heading per system, each system\'s rows together', async () => {
    const html = (await admin.get('/gaps?group=system')).text;
    const parts = html.split('<tr class="group-row">').slice(1);
    expect(parts.length).toBeGreaterThan(1);
    const headings = parts.map((p) => /<th[^>]*>([^<]*)<\/th>/.exec(p)![1]);
    expect(new Set(headings).size).toBe(headings.length); // a system never comes back further down
    for (const p of parts) {
      const code = /· ([A-Z0-9-]+)<\/th>/.exec(p)?.[1];
      if (!code) continue; // an organisation's own gaps
      for (const row of p.split('<tr class="state-').slice(1)) expect(row).toContain(`>${code}<`);
    }
    expect(html).toMatch(/id="group"[^>]*checked/);
  });
});

describe('citations follow the language', () => {
  it('in English, the gaps page cites decrees, articles and clauses, with no Vietnamese abbreviation', async () => {
    const s = await login(app, 'admin', 'capdo-demo');
    await s.post('/lang', { lang: 'en' });
    const html = (await s.get('/gaps')).text;
    const cites = [...html.matchAll(/<td class="small muted">([^<]*)<\/td>/g)].map((m) => m[1]!);
    expect(cites.length).toBeGreaterThan(0);
    expect(cites.join(' ')).toMatch(/Decree \d+\/\d{4}\/ND-CP, Article \d+/);
    for (const c of cites) expect(c).not.toMatch(/Nghị định|Điều|khoản|NĐ|QĐ/);
    const vi = (await admin.get('/gaps')).text;
    expect(vi).toContain('Nghị định 331/2026/NĐ-CP');
  });
});
