// One list of what falls due (docs/rules.md §8): the dashboard block, the calendar page, the .ics feed, the
// JSON API (/api/v1/due) and the due-list export (/exports/due.csv) show the same items with the same dates,
// in the same order (by date, then severity) — for the demo province and for a generated dataset. Each
// surface is read over HTTP as a user sees it, every page of it, and parsed back into (date, rule, link).
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { assessments, findings } from '../../src/db/schema/assessments.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { layer2Monitoring } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { addDays } from '../../src/domain/dates.js';
import { OBLIGATION_KINDS } from '../../src/domain/rules/index.js';
import { DEMO_TODAY } from '../../seeds/demo-protection.js';
import { ApiContract } from '../helpers/api-contract.js';
import { login, makeApp, makeDemoApp, type App, type Session } from '../helpers/app.js';
import { binary } from '../helpers/pdf.js';

/** One item as every surface can show it: its date (ISO), its rule and where to act. */
interface Seen {
  date: string;
  rule: string;
  url: string;
}
const key = (i: Seen) => `${i.date} ${i.rule} ${i.url}`;

const iso = (ddmmyyyy: string) => ddmmyyyy.split('/').reverse().join('-');
const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

// ---- reading each surface back ----

/** The dashboard: the first items of the block, and the count in its link to the calendar. */
async function dashboard(s: Session): Promise<{ shown: Seen[]; total: number; overdue: number }> {
  const html = (await s.get('/')).text;
  const block = /<ul class="plain due-list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  const shown = [...block.matchAll(/<span class="nowrap">(\d\d\/\d\d\/\d{4})<\/span>[\s\S]*?<strong>([A-Z0-9]+-\d+)<\/strong>[\s\S]*?<a href="([^"]+)">/g)].map((m) => ({
    date: iso(m[1]!), rule: m[2]!, url: unescape(m[3]!),
  }));
  const link = /<a href="\/calendar">Xem cả ([\d.]+) việc trong Lịch \(([\d.]+) quá hạn\)/.exec(html);
  expect(link, 'the dashboard links to the calendar with the count').not.toBeNull();
  return { shown, total: Number(link![1]!.replace(/\./g, '')), overdue: Number(link![2]!.replace(/\./g, '')) };
}

/** The calendar page, every page of it: one row per item. */
async function calendarPage(s: Session): Promise<{ items: Seen[]; total: number; overdue: number }> {
  const items: Seen[] = [];
  let first = '';
  for (let page = 1; ; page++) {
    const html = (await s.get(`/calendar?page=${page}`)).text;
    if (page === 1) first = html;
    const rows = [...html.matchAll(/<tr class="cal-item[^"]*">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    for (const row of rows) {
      const date = /(?:<strong>|<span class="tag tag-warn">)(\d\d\/\d\d\/\d{4})</.exec(row)![1]!;
      const rule = /<strong class="nowrap">([A-Z0-9]+-\d+)<\/strong>/.exec(row)![1]!;
      const url = /<br><a href="([^"]+)">/.exec(row)![1]!;
      items.push({ date: iso(date), rule, url: unescape(url) });
    }
    if (!html.includes(`page=${page + 1}"`)) break;
  }
  const stat = (label: string) => Number(new RegExp(`<span class="stat-n">([\\d.]+)</span><span class="stat-l">${label}</span>`).exec(first)![1]!.replace(/\./g, ''));
  return { items, total: stat('Tất cả việc trên lịch'), overdue: stat('Đã quá hạn') };
}

/** The private .ics feed (a token created through the page): one VEVENT per item. */
async function feed(app: App, s: Session): Promise<Array<Seen & { uid: string }>> {
  const made = await s.post('/calendar/token');
  expect(made.status).toBe(201);
  const path = /\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics/.exec(made.text)![0];
  const res = await request(app).get(path);
  expect(res.status).toBe(200);
  const text = res.text.replace(/\r\n /g, ''); // unfold
  return [...text.matchAll(/BEGIN:VEVENT\r\n([\s\S]*?)END:VEVENT/g)].map((m) => {
    const field = (name: string) => new RegExp(`^${name}[:;](?:VALUE=DATE:)?(.*)$`, 'm').exec(m[1]!)?.[1]?.replace(/\r$/, '') ?? '';
    const d = field('DTSTART');
    return { uid: field('UID'), date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, rule: field('CATEGORIES'), url: field('URL').replace(/^https?:\/\/[^/]+/, '') };
  });
}

interface ApiItem {
  uid: string;
  date: string;
  rule: string;
  url: string;
  kind: string;
  severity: string;
  overdue: boolean;
  systems: Array<{ code: string }>;
}

/** GET /api/v1/due with a token of the user's organisation, following the pages; each answer checked against the contract. */
async function api(app: App, contract: ApiContract, token: string, query = ''): Promise<{ items: ApiItem[]; summary: { overdue: number; soon: number; total: number } }> {
  const items: ApiItem[] = [];
  let summary = { overdue: -1, soon: -1, total: -1 };
  for (let page = 1; ; page++) {
    const res = await contract.wrap(request(app).get(`/api/v1/due?perPage=40&page=${page}${query}`)).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    const body = res.body as { data: ApiItem[]; summary: typeof summary; page: { pages: number } };
    items.push(...body.data);
    summary = body.summary;
    if (page >= body.page.pages) break;
  }
  return { items, summary };
}

async function apiToken(admin: Session, organisationId: number): Promise<string> {
  const res = await admin.post('/api-tokens', { name: 'Kho dữ liệu việc đến hạn', organisationId });
  expect(res.status).toBe(201);
  return /id="api-token" type="text" value="([A-Za-z0-9_-]{43})"/.exec(res.text)![1]!;
}

/** The due-list export as CSV: date (dd/mm/yyyy), rule and system codes of each row. */
async function csv(s: Session): Promise<Array<{ date: string; rule: string; codes: string }>> {
  const res = await s.get('/exports/due.csv');
  expect(res.status).toBe(200);
  expect(res.headers['content-disposition']).toMatch(/viec-den-han-\d{4}-\d\d-\d\d\.csv/);
  const lines = res.text.replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  const header = splitCsv(lines[0]!);
  const col = (name: string) => header.indexOf(name);
  const [date, rule, codes] = [col('Hạn'), col('Mã quy định'), col('Mã hệ thống')];
  expect(Math.min(date, rule, codes)).toBeGreaterThanOrEqual(0);
  return lines.slice(1).map((l) => {
    const c = splitCsv(l);
    return { date: iso(c[date]!), rule: c[rule]!, codes: c[codes]! };
  });
}

function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

// ---- the agreement itself ----

/** Reads every surface for `user` and checks they list the same items, with the same dates, in the same order. */
async function expectAgreement(app: App, user: Session, admin: Session, organisationId: number): Promise<ApiItem[]> {
  const contract = await ApiContract.load(app);
  const token = await apiToken(admin, organisationId);
  const dash = await dashboard(user);
  const cal = await calendarPage(user);
  const events = await feed(app, user);
  const { items: fromApi, summary } = await api(app, contract, token);
  const rows = await csv(user);

  const reference = fromApi.map((i) => ({ date: i.date, rule: i.rule, url: i.url }));
  // the counts
  expect(cal.items).toHaveLength(cal.total);
  expect(dash.total).toBe(cal.total);
  expect(dash.overdue).toBe(cal.overdue);
  expect(summary.total).toBe(cal.total);
  expect(summary.overdue).toBe(cal.overdue);
  expect(events).toHaveLength(cal.total);
  expect(rows).toHaveLength(cal.total);
  // the items, their dates and their order
  expect(cal.items.map(key)).toEqual(reference.map(key));
  expect(events.map(key)).toEqual(reference.map(key));
  expect(events.map((e) => e.uid)).toEqual(fromApi.map((i) => i.uid));
  expect(rows.map((r) => `${r.date} ${r.rule} ${r.codes}`)).toEqual(fromApi.map((i) => `${i.date} ${i.rule} ${i.systems.map((s) => s.code).join('; ')}`));
  // the dashboard: the first 15 of the same list
  expect(dash.shown.map(key)).toEqual(reference.slice(0, 15).map(key));
  // by date, then severity (most severe first)
  for (let n = 1; n < fromApi.length; n++) {
    const [a, b] = [fromApi[n - 1]!, fromApi[n]!];
    expect(a.date <= b.date, `${a.uid} before ${b.uid}`).toBe(true);
    if (a.date === b.date) expect(SEVERITY_RANK[a.severity]!, `${a.uid} before ${b.uid}`).toBeLessThanOrEqual(SEVERITY_RANK[b.severity]!);
  }
  expect(new Set(fromApi.map((i) => i.uid)).size).toBe(fromApi.length);
  return fromApi;
}

afterEach(() => {
  vi.useRealTimers();
});

const at = (day: string) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${day}T03:00:00Z`)); // 10:00 in Vietnam
};

describe('the demo province', () => {
  let app: App;
  let db: Db;
  beforeAll(async () => {
    ({ app, db } = await makeDemoApp());
  }, 60_000);

  it('shows the same items with the same dates on the dashboard, the calendar, the feed, the API and the export', async () => {
    at(DEMO_TODAY);
    const admin = await login(app, 'admin', 'capdo-demo');
    const me = db.select().from(users).where(eq(users.username, 'admin')).get()!;
    const items = await expectAgreement(app, admin, admin, me.organisationId);
    // the demo has enough for the comparison to mean something: more than the dashboard shows, overdue and coming, several kinds
    expect(items.length).toBeGreaterThan(15);
    expect(items.some((i) => i.overdue)).toBe(true);
    expect(items.some((i) => !i.overdue)).toBe(true);
    expect(new Set(items.map((i) => i.kind)).size).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it('exports the calendar page’s list with its filters, as CSV and Excel, linked from the page', async () => {
    at(DEMO_TODAY);
    const admin = await login(app, 'admin', 'capdo-demo');
    const page = (await admin.get('/calendar?kind=assessment')).text;
    expect(page).toContain('href="/exports/due.csv?kind=assessment"');
    expect(page).toContain('href="/exports/due.xlsx?kind=assessment"');
    const shown = Number(/<span class="stat-n">([\d.]+)<\/span><span class="stat-l">Tất cả việc trên lịch/.exec(page)![1]!.replace(/\./g, ''));
    expect(shown).toBeGreaterThan(0);

    const text = (await admin.get('/exports/due.csv?kind=assessment')).text.replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/).filter(Boolean);
    expect(lines).toHaveLength(shown + 1);
    const kind = splitCsv(lines[0]!).indexOf('Loại việc');
    expect(new Set(lines.slice(1).map((l) => splitCsv(l)[kind]))).toEqual(new Set(['Kiểm tra, đánh giá']));

    const res = await admin.get('/exports/due.xlsx?kind=assessment').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/viec-den-han-2026-11-24\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('Việc đến hạn');
    expect(sheet.getRow(1).getCell(1).value).toBe('Hạn');
    expect(sheet.rowCount).toBe(shown + 1);
    // a date is a real date in Excel
    expect(sheet.getRow(2).getCell(1).value).toBeInstanceOf(Date);
  }, 60_000);
});

describe('a generated dataset', () => {
  const TODAY = '2025-12-01';

  /** A small deterministic generator (mulberry32): the same dataset on every run. */
  function random(seed: number) {
    let a = seed;
    const next = () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return { int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), chance: (p: number) => next() < p, pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
  }

  it('shows the same items with the same dates everywhere, for an owner and for the province admin', async () => {
    at(TODAY);
    const { app, db, fx } = await makeApp();
    const r = random(20251201);
    const owners = [fx.org.deptA1, fx.org.deptA2, fx.org.unitA21, fx.org.provB];
    for (let n = 1; n <= 45; n++) {
      const ownerId = r.pick(owners);
      const level = r.int(1, 5);
      const goLive = addDays('2022-01-01', r.int(0, 1400));
      const id = db.insert(systems).values({
        code: `GEN-${String(n).padStart(3, '0')}`, nameVi: `Hệ thống sinh số ${n}`, ownerId, operatorId: ownerId, systemType: r.pick(['internal', 'public_service'] as const),
        lifecycleStatus: 'in_operation', goLiveDate: goLive,
      }).returning().get().id;
      if (r.chance(0.85)) {
        db.insert(levelDecisions).values({
          systemId: id, regime: 'nd331', answers: {}, computedLevel: level, proposedLevel: level, dossierStatus: 'approved',
          approvalDate: addDays(goLive, r.int(-60, 300)), approvalNumber: `${n}/QĐ-UBND`,
        }).run();
      }
      // assessments: some this cycle, some missed, some reported late or not at all
      for (let k = r.int(0, 3); k > 0; k--) {
        const performedDate = addDays(TODAY, -r.int(1, 700));
        const a = db.insert(assessments).values({
          systemId: id, assessorId: fx.org.provider, kind: 'periodic', performedDate, reportedDate: r.chance(0.5) ? addDays(performedDate, r.int(1, 20)) : null,
        }).returning().get().id;
        if (r.chance(0.4)) {
          db.insert(findings).values({
            assessmentId: a, systemId: id, title: `Phát hiện ${n}.${k}`, severity: r.pick(['critical', 'high', 'medium', 'low'] as const),
            dueDate: addDays(TODAY, r.int(-60, 120)), status: r.pick(['open', 'in_progress', 'fixed'] as const),
          }).run();
        }
      }
      if (r.chance(0.6)) {
        db.insert(layer2Monitoring).values({
          systemId: id, mode: 'provider', providerId: fx.org.monitor, contractNumber: `${n}/2025/HĐ-GS`, startDate: '2024-01-01', endDate: addDays(TODAY, r.int(-30, 150)),
        }).run();
      }
    }

    const admin = await login(app, 'admin');
    const all = await expectAgreement(app, admin, admin, fx.org.provA);
    expect(all.length).toBeGreaterThan(15);
    expect(new Set(all.map((i) => i.kind)).size).toBeGreaterThanOrEqual(4);
    expect(all.some((i) => i.systems.some((s) => s.code.startsWith('GEN-')))).toBe(true);

    // an owner sees their subtree only, and every surface agrees on that narrower list too
    const owner = await login(app, 'owner');
    const mine = await expectAgreement(app, owner, admin, fx.org.deptA2);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(all.length);
  }, 60_000);
});

describe('GET /api/v1/due', () => {
  it('narrows to a window and to kinds, lists overdue items whatever the window, and refuses a bad range', async () => {
    at('2025-12-01');
    const { app, db, fx } = await makeApp();
    const id = db.insert(systems).values({ code: 'HT-01', nameVi: 'Cổng dịch vụ công', ownerId: fx.org.deptA2, operatorId: fx.org.deptA2, systemType: 'public_service', lifecycleStatus: 'in_operation', goLiveDate: '2024-03-01' }).returning().get().id;
    db.insert(levelDecisions).values({ systemId: id, regime: 'nd331', answers: {}, computedLevel: 3, proposedLevel: 3, dossierStatus: 'approved', approvalDate: '2024-02-01', approvalNumber: '1/QĐ' }).run();
    db.insert(layer2Monitoring).values({ systemId: id, mode: 'provider', providerId: fx.org.monitor, contractNumber: '1/HĐ', startDate: '2024-01-01', endDate: '2026-01-20' }).run();
    const admin = await login(app, 'admin');
    const contract = await ApiContract.load(app);
    const token = await apiToken(admin, fx.org.provA);
    const get = (q: string) => contract.wrap(request(app).get(`/api/v1/due${q}`)).set('Authorization', `Bearer ${token}`);

    const whole = (await get('')).body as { from: string; to: string; data: ApiItem[] };
    expect([whole.from, whole.to]).toEqual(['2025-12-01', '2026-03-01']); // today and 90 days on
    expect(whole.data.some((i) => i.kind === 'contract' && i.date === '2026-01-20')).toBe(true);
    expect(whole.data.some((i) => i.overdue)).toBe(true); // the 2024–2025 cycle has no assessment

    // a window that ends before the contract: it is left out; the overdue items stay
    const early = (await get('?to=2026-01-19')).body as { data: ApiItem[] };
    expect(early.data.some((i) => i.kind === 'contract')).toBe(false);
    expect(early.data.filter((i) => i.overdue).map((i) => i.uid)).toEqual(whole.data.filter((i) => i.overdue).map((i) => i.uid));
    // kinds
    const contracts = (await get('?kind=contract')).body as { data: ApiItem[] };
    expect(contracts.data.map((i) => i.kind)).toEqual(['contract']);
    const two = (await get('?kind=contract,assessment')).body as { data: ApiItem[] };
    expect(new Set(two.data.map((i) => i.kind))).toEqual(new Set(['contract', 'assessment']));
    expect(OBLIGATION_KINDS).toContain('contract');

    // bad input: a 400 naming the parameter
    for (const [q, field] of [['?kind=holiday', 'kind'], ['?from=2026-02-31', 'from'], ['?from=2026-01-10&to=2026-01-09', 'to'], ['?to=2029-01-01', 'to'], ['?to=2025-11-30', 'to']] as const) {
      const res = await get(q);
      expect(res.status, q).toBe(400);
      expect(res.body.error, q).toMatchObject({ code: 'bad_request', field });
    }
    // an organisation outside the token's scope
    const outside = await get(`?org=${fx.org.provB}`);
    expect(outside.status).toBe(403);
  }, 60_000);
});
