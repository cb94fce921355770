// One level in force (docs/rules.md §5, the timeline): the level of the decision approved most recently on or before the
// day. Two systems whose level changed twice through the real forms — one in order (2 → 3 → 4), one whose
// last decision recorded was approved earlier than the one before it (2 → 4, then a level 3 approved before
// the 4) — show the same level on every page (system page, systems list and its level filter, the owner's
// filtered list, gaps, checklist, roster, dashboard, annual report, print), in every export (CSV, XLSX)
// and in the API; and, as of a past day, the level of that day wherever a page or the API takes a date.
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { login, makeApp, type App, type Fixture, type Session } from '../helpers/app.js';
import { binary } from '../helpers/pdf.js';

// "today" in Vietnam: 24 Nov 2026, 10:00
const TODAY = '2026-11-24';

let app: App;
let fx: Fixture;
let admin: Session;
let token: string;
const ids = { ordered: 0, reordered: 0 };

/** Registers a system through the form (owner and operator: Sở Y tế) and returns its id. */
async function createSystem(code: string, nameVi: string): Promise<number> {
  const res = await admin.post('/systems', {
    code, nameVi, ownerId: String(fx.org.deptA2), operatorId: String(fx.org.deptA2), systemType: 'internal', lifecycleStatus: 'in_operation',
    goLiveDate: '01/03/2024', hosting: 'own_premises', separation: 'logical',
  });
  expect(res.status).toBe(303);
  return Number(/^\/systems\/(\d+)$/.exec(res.headers.location ?? '')![1]);
}

/** Wizard answers whose minimum level is `level` (2: personal data; 3, 4: state secrets Mật, Tối mật). */
const answersFor = (level: 2 | 3 | 4) => ({
  regime: 'nd331', systemType: 'internal', infoPublic: '1', infoPersonal: level === 2 ? '1' : '', scope: 'organisation', icsWorksGrade: 'none',
  stateSecret: level === 2 ? 'none' : level === 3 ? 'mat' : 'toi_mat', basicPdSubjects: '0', sensitivePdSubjects: '0', users: '0',
});

/** A decision at `level`, taken through submit, appraisal and approval on `approved` (dd/mm/yyyy). Returns its id. */
async function decide(systemId: number, level: 2 | 3 | 4, approved: string): Promise<number> {
  const saved = await admin.post(`/systems/${systemId}/decisions`, { ...answersFor(level), intent: 'save' });
  expect(saved.status).toBe(303);
  const id = Number(new RegExp(`^/systems/${systemId}/decisions/(\\d+)$`).exec(saved.headers.location ?? '')![1]);
  const step = (name: string, fields: Record<string, string>) => admin.post(`/systems/${systemId}/decisions/${id}/steps/${name}`, fields);
  expect((await step('submit', { submittedDate: approved })).status).toBe(303);
  expect((await step('appraise', { appraisalBody: 'Sở Khoa học và Công nghệ', appraisalDate: approved, appraisalRef: `TĐ-${id}` })).status).toBe(303);
  expect((await step('approve', { approvalNumber: `${id}/QĐ-UBND`, approvalDate: approved, approvingBody: 'UBND tỉnh An Hòa', regulationNumber: `QC-${id}`, regulationDate: approved })).status).toBe(303);
  return id;
}

const decisionIds = { ordered: [] as number[], reordered: [] as number[] };
/** The decision in force today: the ordered system's last, the other's second (its last was approved before it). */
const inForceToday = (w: 'ordered' | 'reordered') => decisionIds[w][w === 'ordered' ? 2 : 1]!;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${TODAY}T03:00:00Z`));
  ({ app, fx } = await makeApp());
  admin = await login(app, 'admin');
  ids.ordered = await createSystem('HT-CD-THU-TU', 'Hệ thống nâng cấp độ theo thứ tự');
  ids.reordered = await createSystem('HT-CD-DAO', 'Hệ thống có quyết định ghi sau nhưng phê duyệt trước');
  // 2 (2024) → 3 (Apr 2025) → 4 (Mar 2026)
  decisionIds.ordered.push(await decide(ids.ordered, 2, '10/05/2024'), await decide(ids.ordered, 3, '10/04/2025'), await decide(ids.ordered, 4, '10/03/2026'));
  // 2 (2024) → 4 (Feb 2026); then a level 3 decision recorded last, approved in June 2025: 4 stays in force
  decisionIds.reordered.push(await decide(ids.reordered, 2, '10/05/2024'), await decide(ids.reordered, 4, '01/02/2026'), await decide(ids.reordered, 3, '01/06/2025'));
  const created = await admin.post('/api-tokens', { name: 'Kho dữ liệu tỉnh', organisationId: String(fx.org.provA) });
  expect(created.status).toBe(201);
  token = /id="api-token" type="text" value="([A-Za-z0-9_-]{43})"/.exec(created.text)![1]!;
}, 60_000);

afterAll(() => {
  vi.useRealTimers();
});

const CODES = { ordered: 'HT-CD-THU-TU', reordered: 'HT-CD-DAO' } as const;
type Which = keyof typeof CODES;
const BOTH: Which[] = ['ordered', 'reordered'];

/** The level in force: today, and on days between the approvals. */
const LEVEL: Record<string, Record<Which, number>> = {
  [TODAY]: { ordered: 4, reordered: 4 },
  '2025-08-01': { ordered: 3, reordered: 3 },
  '2025-05-01': { ordered: 3, reordered: 2 },
  '2024-12-14': { ordered: 2, reordered: 2 },
};

/** The first `<tr>…</tr>` of `html` containing `needle`. */
function rowWith(html: string, needle: string): string {
  const at = html.indexOf(needle);
  expect(at, needle).toBeGreaterThan(0);
  return html.slice(html.lastIndexOf('<tr', at), html.indexOf('</tr>', at));
}
const badgeLevel = (html: string) => Number(/class="level-badge level-(\d)"/.exec(html)?.[1] ?? NaN);
const cells = (row: string) => [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());

async function bytes(url: string): Promise<Buffer> {
  const res = await admin.agent.get(url).buffer(true).parse(binary);
  expect(res.status, url).toBe(200);
  return (res as Response & { body: Buffer }).body;
}

/** RFC 4180 rows (after the BOM); the cells here hold no line breaks. */
function csvRows(buffer: Buffer): string[][] {
  return buffer.subarray(3).toString('utf8').split('\r\n').filter(Boolean).map((line) => {
    const out: string[] = [];
    for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
      if (m.index === line.length && m[0] === '') break;
      out.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
    }
    return out;
  });
}

/** The value of `header` in the row whose `keyHeader` is `key`, from a table of rows. */
function cellOf(rows: readonly (readonly unknown[])[], keyHeader: string, key: string, header: string): unknown {
  const head = rows[0]!.map(String);
  const row = rows.find((r) => r[head.indexOf(keyHeader)] === key);
  expect(row, `${key} in the table`).toBeDefined();
  return row![head.indexOf(header)];
}

async function xlsxRows(url: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await bytes(url)) as unknown as ExcelJS.Buffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const api = (path: string) => request(app).get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`);

describe('the level in force today, everywhere', () => {
  const want = LEVEL[TODAY]!;

  it('the system page', async () => {
    for (const w of BOTH) {
      const html = (await admin.get(`/systems/${ids[w]}`)).text;
      const card = /<section class="card level-card">([\s\S]*?)<\/section>/.exec(html)![1]!;
      expect(badgeLevel(card), w).toBe(want[w]);
    }
  });

  it('the systems list, its level filter, and the owner’s systems (the organisation page’s link)', async () => {
    const list = (await admin.get('/systems')).text;
    for (const w of BOTH) expect(badgeLevel(rowWith(list, CODES[w])), w).toBe(want[w]);
    for (const level of [2, 3, 4, 5]) {
      const filtered = (await admin.get(`/systems?level=${level}`)).text;
      for (const w of BOTH) expect(filtered.includes(CODES[w]), `${w} at level ${level}`).toBe(want[w] === level);
    }
    const org = (await admin.get(`/organisations/${fx.org.deptA2}`)).text;
    expect(org).toContain(`href="/systems?org=${fx.org.deptA2}"`);
    const owned = (await admin.get(`/systems?org=${fx.org.deptA2}&level=4`)).text;
    for (const w of BOTH) expect(owned).toContain(CODES[w]);
    expect((await admin.get(`/systems?org=${fx.org.deptA2}&level=3`)).text).not.toContain('HT-CD-');
  });

  it('the dashboard’s systems by level', async () => {
    const html = (await admin.get('/')).text;
    const bar = (level: number) => Number(new RegExp(`<a href="/systems\\?level=${level}">[\\s\\S]*?class="bar-value">(\\d+)<`).exec(html)![1]);
    expect([bar(2), bar(3), bar(4)]).toEqual([0, 0, 2]);
  });

  it('the gaps, with their level filter', async () => {
    for (const w of BOTH) {
      const html = (await admin.get(`/gaps?system=${ids[w]}`)).text;
      const levels = [...html.matchAll(new RegExp(`<span class="code">${CODES[w]}</span><br><span class="muted small">([^<]*)</span>`, 'g'))].map((m) => m[1]);
      expect(levels.length, w).toBeGreaterThan(0);
      expect(new Set(levels), w).toEqual(new Set([`Cấp độ ${want[w]}`]));
    }
    expect((await admin.get('/gaps?level=4')).text).toContain(CODES.reordered);
    expect((await admin.get('/gaps?level=3')).text).not.toContain('HT-CD-');
  });

  it('the checklist, the printed checklist and the roster', async () => {
    for (const w of BOTH) {
      expect((await admin.get(`/systems/${ids[w]}/checklist`)).text, w).toContain(`Cấp độ ${want[w]} · `);
      const print = (await admin.get(`/systems/${ids[w]}/print`)).text;
      expect(print, w).toMatch(new RegExp(`Cấp độ ${want[w]}\\b`));
      expect(print, w).toContain(`${inForceToday(w)}/QĐ-UBND`);
    }
    const roster = (await admin.get('/operators/roster')).text;
    for (const w of BOTH) expect(badgeLevel(rowWith(roster, CODES[w])), w).toBe(want[w]);
  });

  it('the annual report of this year', async () => {
    const html = (await admin.get(`/organisations/${fx.org.deptA2}/annual-report?year=2026`)).text;
    for (const w of BOTH) {
      const row = cells(rowWith(html, `data-code="${CODES[w]}"`));
      expect(row[4], w).toBe(String(want[w])); // approved level (the proposed one is the column before)
      expect(row[5], w).toContain(`${inForceToday(w)}/QĐ-UBND`);
    }
    const operators = html.slice(html.indexOf('id="operators"'));
    for (const w of BOTH) expect(cells(rowWith(operators, CODES[w]))[1], w).toBe(String(want[w]));
  });

  it('the exports: systems (CSV, XLSX, level filter) and roster', async () => {
    const csv = csvRows(await bytes('/exports/systems.csv'));
    const xlsx = await xlsxRows('/exports/systems.xlsx');
    for (const w of BOTH) {
      expect(cellOf(csv, 'Mã hệ thống', CODES[w], 'Cấp độ'), w).toBe(String(want[w]));
      expect(cellOf(xlsx, 'Mã hệ thống', CODES[w], 'Cấp độ'), w).toBe(want[w]);
      expect(cellOf(csv, 'Mã hệ thống', CODES[w], 'Số quyết định phê duyệt'), w).toBe(`${inForceToday(w)}/QĐ-UBND`);
    }
    expect(csvRows(await bytes('/exports/systems.csv?level=4')).slice(1).map((r) => r[0]).sort()).toEqual([CODES.reordered, CODES.ordered].sort());
    expect(csvRows(await bytes('/exports/systems.csv?level=3')).length).toBe(1); // the header alone
    const roster = csvRows(await bytes('/exports/roster.csv'));
    for (const w of BOTH) expect(cellOf(roster, 'Mã hệ thống', CODES[w], 'Cấp độ'), w).toBe(String(want[w]));
  });

  it('the API: list, filter, detail, decisions, gaps, operators', async () => {
    const list = (await api('/systems')).body as { data: Array<{ code: string; approvedLevel: number | null }> };
    for (const w of BOTH) expect(list.data.find((s) => s.code === CODES[w])?.approvedLevel, w).toBe(want[w]);
    const four = (await api('/systems?level=4')).body as { data: Array<{ code: string }> };
    expect(four.data.map((s) => s.code).sort()).toEqual([CODES.reordered, CODES.ordered].sort());
    expect(((await api('/systems?level=3')).body as { data: unknown[] }).data).toEqual([]);
    const gaps = (await api('/gaps')).body as { systems: Array<{ system: { id: number; level: number | null } }> };
    for (const w of BOTH) {
      const detail = (await api(`/systems/${ids[w]}`)).body as { data: { level: number; decision: { id: number; proposedLevel: number } } };
      expect(detail.data.level, w).toBe(want[w]);
      expect(detail.data.decision, w).toMatchObject({ id: inForceToday(w), proposedLevel: want[w] });
      expect(((await api(`/systems/${ids[w]}/decisions`)).body as { current: number }).current, w).toBe(inForceToday(w));
      expect(((await api(`/systems/${ids[w]}/operators`)).body as { level: number }).level, w).toBe(want[w]);
      expect(gaps.systems.find((s) => s.system.id === ids[w])?.system.level, w).toBe(want[w]);
    }
  });
});

describe('the level in force on a past day, wherever a date is asked', () => {
  it('the gaps page, its level filter and the API’s gaps', async () => {
    for (const day of ['2025-08-01', '2025-05-01']) {
      const want = LEVEL[day]!;
      for (const w of BOTH) {
        const html = (await admin.get(`/gaps?system=${ids[w]}&asOf=${day}`)).text;
        const levels = new Set([...html.matchAll(new RegExp(`<span class="code">${CODES[w]}</span><br><span class="muted small">([^<]*)</span>`, 'g'))].map((m) => m[1]));
        expect(levels, `${w} ${day}`).toEqual(new Set([`Cấp độ ${want[w]}`]));
        const filtered = (await admin.get(`/gaps?level=${want[w]}&asOf=${day}`)).text;
        expect(filtered, `${w} ${day}`).toContain(CODES[w]);
        const one = (await api(`/gaps?asOf=${day}`)).body as { systems: Array<{ system: { id: number; level: number | null } }> };
        expect(one.systems.find((s) => s.system.id === ids[w])?.system.level, `${w} ${day}`).toBe(want[w]);
      }
    }
  });

  it('the annual report of 2025 (as of 14 Dec 2025): the register and the operators', async () => {
    const want = { ordered: 3, reordered: 3 };
    const html = (await admin.get(`/organisations/${fx.org.deptA2}/annual-report?year=2025`)).text;
    for (const w of BOTH) {
      const row = cells(rowWith(html, `data-code="${CODES[w]}"`));
      expect(row[4], w).toBe(String(want[w]));
      expect(row[5], w).toContain(`${decisionIds[w][w === 'ordered' ? 1 : 2]!}/QĐ-UBND`); // the level 3 decisions
    }
    const operators = html.slice(html.indexOf('id="operators"'));
    for (const w of BOTH) expect(cells(rowWith(operators, CODES[w]))[1], w).toBe(String(want[w]));
  });

  it('the annual report of 2024 (as of 14 Dec 2024): level 2 is below the operators’ section', async () => {
    const html = (await admin.get(`/organisations/${fx.org.deptA2}/annual-report?year=2024`)).text;
    for (const w of BOTH) expect(cells(rowWith(html, `data-code="${CODES[w]}"`))[4], w).toBe(String(LEVEL['2024-12-14']![w]));
    const operators = html.slice(html.indexOf('id="s4"'), html.indexOf('id="s5"') > 0 ? html.indexOf('id="s5"') : undefined);
    expect(operators).not.toContain('HT-CD-');
  });
});
