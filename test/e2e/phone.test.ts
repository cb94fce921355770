// A phone is a first-class screen: the main pages at 390 px never scroll sideways (only a table inside its
// own scroll region may), in both languages; no element id is used twice (axe's duplicate-id rules). The
// screenshots (desktop and 390 px, vi and en) are saved under test/e2e/artifacts/ to be looked at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, launch, signIn, startServer, type Running } from './helpers.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: Running;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer(3471);
  browser = await launch();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

async function signedIn(width: number, lang: 'vi' | 'en'): Promise<Page> {
  // the CSP is bypassed only so that axe can be injected; the pages are the server's
  const context = await browser.newContext({ viewport: { width, height: 844 }, bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, server.baseUrl, 'admin');
  if (lang === 'en') {
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/lang"] button[value=en]')]);
  }
  return page;
}

/** The main pages, found from the demo: a system with gaps, its history and checklist, a person with a voided certificate. */
async function pages(page: Page): Promise<[string, string][]> {
  await page.goto(`${server.baseUrl}/gaps`);
  const system = await page.locator('a[href^="/systems/"]').first().getAttribute('href');
  const id = /\/systems\/(\d+)/.exec(system!)![1];
  await page.goto(`${server.baseUrl}/operators?q=dang minh quan`);
  const person = await page.locator('a[href^="/operators/"]').filter({ hasText: /Quân/ }).first().getAttribute('href');
  return [
    ['dashboard', '/'], ['my-work', '/my-work'], ['system', `/systems/${id}`], ['history', `/systems/${id}/history`],
    ['checklist', `/systems/${id}/checklist`], ['gaps', '/gaps'], ['person', person!],
  ];
}

describe('the main pages on a phone (390 px) and a desktop, in both languages', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`${lang}: no sideways scrolling at 390 px, no duplicate ids, screenshots saved`, async () => {
      const phone = await signedIn(390, lang);
      const desktop = await signedIn(1366, lang);
      const overflowing: string[] = [];
      const duplicates: string[] = [];
      const wrapped: string[] = [];
      for (const [name, path] of await pages(phone)) {
        const res = await phone.goto(`${server.baseUrl}${path}`);
        expect(res?.status(), path).toBe(200);
        // (a string: the test is compiled without the DOM's types) the widest element that sticks out says where to look
        const { scrollWidth, innerWidth, culprit } = await phone.evaluate<{ scrollWidth: number; innerWidth: number; culprit: string }>(`(() => {
          const w = window.innerWidth;
          let culprit = '';
          for (const el of document.querySelectorAll('body *')) {
            if (el.getBoundingClientRect().right > w + 1 && !el.closest('.table-wrap')) { culprit = el.tagName.toLowerCase() + '.' + el.className; break; }
          }
          return { scrollWidth: document.documentElement.scrollWidth, innerWidth: w, culprit };
        })()`);
        if (scrollWidth > innerWidth) overflowing.push(`${path}: ${scrollWidth} > ${innerWidth} (${culprit})`);
        await phone.screenshot({ path: join(ARTIFACTS, `phone-${name}-${lang}.png`), fullPage: true });

        await phone.evaluate(AXE);
        const ids = await phone.evaluate(async () => {
          const axe = (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
          const r = await axe.run({ runOnly: { type: 'rule', values: ['duplicate-id', 'duplicate-id-active', 'duplicate-id-aria'] } });
          return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}`));
        });
        duplicates.push(...ids.map((i) => `${path}: ${i}`));

        expect((await desktop.goto(`${server.baseUrl}${path}`))?.status(), path).toBe(200);
        await desktop.screenshot({ path: join(ARTIFACTS, `desktop-${name}-${lang}.png`), fullPage: true });
        // on a 1366 px laptop the top bar (brand, navigation, language, user) is one line
        const bar = await desktop.evaluate<{ nav: number; right: number }>(`(() => ({
          nav: document.querySelector('.mainnav').getBoundingClientRect().top,
          right: document.querySelector('.topbar-right').getBoundingClientRect().top,
        }))()`);
        if (Math.abs(bar.right - bar.nav) > 12) wrapped.push(`${path}: navigation at ${bar.nav}px, user at ${bar.right}px`);
      }
      expect(wrapped).toEqual([]);
      expect(overflowing).toEqual([]);
      expect(duplicates).toEqual([]);
    }, 240_000);
  }
});
