// The Decree 331 checklist item by item, the move to Decree 331 (organisation table and a system's workspace)
// and the impact of a change, in Chromium at desktop size and on a 390 px phone, in both languages: the status
// control is never cut off, no page scrolls sideways, no serious accessibility violation. Screenshots are saved
// in test/e2e/artifacts/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, launch, signIn, startServer, type Running } from './helpers.js';

let server: Running;
let browser: Browser;
const errors: string[] = [];

const VIEWPORTS = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;
type Size = keyof typeof VIEWPORTS;

beforeAll(async () => {
  server = await startServer(3463);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(size: Size, lang: 'vi' | 'en' = 'vi'): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: VIEWPORTS[size], bypassCSP: true });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, server.baseUrl, 'admin');
  if (lang === 'en') await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=en]')]);
  return { ctx, page };
}

/** The id of a demo system, from the systems list's search. */
async function systemId(page: Page, code: string): Promise<number> {
  await page.goto(`${server.baseUrl}/systems?q=${encodeURIComponent(code)}`);
  const href = await page.locator('table.data tbody tr td a').first().getAttribute('href');
  return Number(/\/systems\/(\d+)/.exec(href ?? '')![1]);
}

// the browser's side, typed as far as these checks read it (the project's TypeScript has no DOM library)
interface Box { left: number; right: number; width: number }
interface El { getBoundingClientRect(): Box; closest(selector: string): El | null }
interface Win { innerWidth: number; document: { documentElement: { scrollWidth: number }; querySelectorAll(selector: string): Iterable<El> } }

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => {
    const w = globalThis as unknown as Win;
    return { scroll: w.document.documentElement.scrollWidth, inner: w.innerWidth };
  });
  expect(scroll, `${what} scrolls sideways`).toBeLessThanOrEqual(inner);
}

/** Every visible status control is inside the viewport, wide enough to read its value, and not clipped by its table. */
async function statusControlsWhole(page: Page, what: string): Promise<void> {
  const boxes = await page.evaluate(() => {
    const win = globalThis as unknown as Win;
    return [...win.document.querySelectorAll('select[name^="status["]')].slice(0, 40).map((s) => {
      const r = s.getBoundingClientRect();
      const w = s.closest('.table-wrap')?.getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width, wrapLeft: w?.left ?? 0, wrapRight: w?.right ?? win.innerWidth, vw: win.innerWidth };
    });
  });
  expect(boxes.length, what).toBeGreaterThan(0);
  for (const b of boxes) {
    expect(b.left, what).toBeGreaterThanOrEqual(0);
    expect(b.right, what).toBeLessThanOrEqual(b.vw);
    expect(b.left, what).toBeGreaterThanOrEqual(b.wrapLeft - 1);
    expect(b.right, what).toBeLessThanOrEqual(b.wrapRight + 1);
    expect(b.width, what).toBeGreaterThanOrEqual(140);
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type AxeViolation = { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> };

async function axe(page: Page, what: string): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await (globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${what}: ${v.id} ${v.help} ${JSON.stringify(v.nodes.slice(0, 3))}`);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

describe('the Decree 331 checklist, item by item', () => {
  for (const size of ['desktop', 'phone'] as const) {
    for (const lang of ['vi', 'en'] as const) {
      it(`shows the items under the outline's headings with a whole status control (${size}, ${lang})`, async () => {
        const { ctx, page } = await open(size, lang);
        const id = await systemId(page, 'BS-HTTT-001'); // level 3 under Decree 331
        await page.goto(`${server.baseUrl}/systems/${id}/checklist`);
        expect(await page.locator('tr[id^="item-"]').count()).toBe(202);
        expect(await page.locator('.chk-group h3').first().textContent()).toMatch(lang === 'vi' ? /Quản lý rủi ro an ninh mạng/ : /Cybersecurity risk management/);
        expect(await page.locator('#chk-unverified').textContent()).toMatch(lang === 'vi' ? /chưa đối chiếu với văn bản chính thức/ : /not yet checked against the published text/);
        await statusControlsWhole(page, `checklist ${size}`);
        await noSidewaysScroll(page, `checklist ${size}`);
        await shot(page, `checklist-nd331-${size}-${lang}`);
        if (size === 'desktop' && lang === 'vi') expect(await axe(page, 'checklist')).toEqual([]);
        await ctx.close();
      });
    }
  }
});

describe('the move to Decree 331', () => {
  for (const size of ['desktop', 'phone'] as const) {
    it(`shows the organisation table sorted by risk and a system's workspace (${size})`, async () => {
      const { ctx, page } = await open(size);
      await page.goto(`${server.baseUrl}/transition`);
      expect(await page.locator('h1').textContent()).toBe('Chuyển sang Nghị định 331');
      const stages = await page.locator('.transition-table tbody .tag[class*="stage-"]').allTextContents();
      expect(new Set(stages)).toEqual(new Set(['Chưa bắt đầu', 'Đang thực hiện', 'Đã hoàn thành']));
      await noSidewaysScroll(page, `transition table ${size}`);
      await shot(page, `transition-organisation-${size}`);

      const id = await systemId(page, 'BS-HTTT-046'); // under way: half the proposals confirmed
      await page.goto(`${server.baseUrl}/systems/${id}/transition`);
      expect(await page.locator('#proposals tr[id^="proposal-"]').count()).toBeGreaterThan(10);
      expect(await page.locator('#work tr[id^="item-"]').count()).toBeGreaterThan(10);
      await statusControlsWhole(page, `workspace ${size}`);
      await noSidewaysScroll(page, `workspace ${size}`);
      await shot(page, `transition-system-${size}`);

      // confirm one proposal with its own button: it leaves the list
      const before = await page.locator('#proposals tr[id^="proposal-"]').count();
      await Promise.all([page.waitForLoadState('load'), page.locator('#proposals button[name=item]').first().click()]);
      expect(await page.locator('.flash-ok').textContent()).toContain('Đã xác nhận 1 đề xuất');
      expect(await page.locator('#proposals tr[id^="proposal-"]').count()).toBe(before - 1);
      if (size === 'desktop') {
        const found = await axe(page, 'workspace');
        await page.goto(`${server.baseUrl}/transition`);
        found.push(...(await axe(page, 'transition table')));
        expect(found).toEqual([]);
      }

      await page.goto(`${server.baseUrl}/systems/${id}/transition/print`);
      await shot(page, `transition-plan-${size}`);
      await ctx.close();
    });

    it(`shows the impact of a change before it is made (${size})`, async () => {
      const { ctx, page } = await open(size);
      const id = await systemId(page, 'BS-HTTT-045'); // level 3 under Decree 85, level 2 under Decree 331 by its users
      await page.goto(`${server.baseUrl}/systems/${id}/decisions/new`);
      expect(await page.locator('#move').count()).toBe(1);
      expect(await page.locator('#impact').count()).toBe(1);
      // under Decree 331 its minimum is level 2: the level 3 rules stop, and so does the transition deadline
      const moved = await page.locator('#impact-rules').textContent();
      for (const r of ['LVL-06', 'ASM-01', 'HR-01']) expect(moved).toContain(r);
      await noSidewaysScroll(page, `wizard ${size}`);
      await shot(page, `impact-wizard-${size}`);
      // level 4 → 5: the rules and deadlines of level 5
      const top = await systemId(page, 'BS-HTTT-031'); // level 4 under Decree 85
      await page.goto(`${server.baseUrl}/systems/${top}/decisions/new?regime=nd85`);
      await page.selectOption('#f-proposedLevel', '5');
      await page.fill('#f-proposalReason', 'Hệ thống trọng yếu cấp quốc gia');
      await Promise.all([page.waitForLoadState('load'), page.click('button[value=compute]')]);
      const rules = await page.locator('#impact-rules').textContent();
      for (const r of ['ASM-02', 'ASM-05', 'LVL-07', 'ASM-01']) expect(rules).toContain(r);
      await noSidewaysScroll(page, `impact ${size}`);
      await shot(page, `impact-level5-${size}`);
      if (size === 'desktop') expect(await axe(page, 'impact')).toEqual([]);
      await ctx.close();
    });
  }

  it('raised no script error or CSP violation', () => {
    expect(errors).toEqual([]);
  });
});
