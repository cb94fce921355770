import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launch, signIn, startServer, type Running } from './helpers.js';

let server: Running;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer(3460);
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  // a CSP violation or a script error shows up here
  page.on('console', (m) => {
    // the designed 404 page is visited on purpose
    if (m.type() === 'error' && !m.text().includes('status of 404')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('browser smoke', () => {
  it('signs in and shows the Vietnamese dashboard with the demo data', async () => {
    await signIn(page, server.baseUrl, 'admin');
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Tổng quan');
    expect(await page.locator('.demo-banner').count()).toBe(1);
    expect(Number(await page.locator('.stat-n').first().textContent())).toBeGreaterThanOrEqual(40);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });

  it('finds a system without diacritics and opens it', async () => {
    await page.goto(`${server.baseUrl}/systems`);
    await page.fill('#q', 'thu tuc hanh chinh');
    await Promise.all([page.waitForURL(/q=/), page.click('.filters button.primary')]);
    const first = page.locator('table.data tbody tr td a').first();
    expect(await first.textContent()).toMatch(/thủ tục hành chính/i);
    await page.screenshot({ path: join(ARTIFACTS, 'systems-search.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/systems\/\d+$/), first.click()]);
    expect(await page.locator('.level-card').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'system.png'), fullPage: true });
  });

  it('runs the level wizard and computes without saving', async () => {
    const url = page.url();
    await page.goto(`${url}/decisions/new`);
    await page.check('#f-handlesAdministrativeProcedures');
    await page.click('button[value=compute]');
    await page.waitForLoadState('load');
    expect(await page.locator('.result-level').textContent()).toContain('3');
    await page.screenshot({ path: join(ARTIFACTS, 'wizard.png'), fullPage: true });
  });

  it('switches to English and back', async () => {
    await page.goto(`${server.baseUrl}/`);
    await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=en]')]);
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Dashboard');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-en.png'), fullPage: true });
    await Promise.all([page.waitForLoadState('load'), page.click('.lang-switch button[value=vi]')]);
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Tổng quan');
  });

  it('renders the other main pages', async () => {
    for (const [path, file] of [
      ['/organisations', 'organisations.png'],
      ['/gaps', 'gaps.png'],
      ['/calendar', 'calendar.png'],
      ['/operators', 'operators.png'],
      ['/operators/roster', 'roster.png'],
      ['/readiness', 'readiness.png'],
      ['/providers', 'providers.png'],
      ['/systems/1/protection', 'protection.png'],
      ['/systems/1/assessments', 'assessments.png'],
      ['/systems/1/checklist', 'checklist.png'],
      ['/systems/new', 'system-form.png'],
      ['/users', 'users.png'],
      ['/audit', 'audit.png'],
      ['/outbox', 'outbox.png'],
      ['/account/notifications', 'account-notifications.png'],
      ['/no-such-page', 'not-found.png'],
    ] as const) {
      const res = await page.goto(`${server.baseUrl}${path}`);
      expect(res?.status(), path).toBe(path === '/no-such-page' ? 404 : 200);
      await page.screenshot({ path: join(ARTIFACTS, file), fullPage: true });
    }
    // thirteen full-page screenshots, one of them the 202-item checklist of a level 3 system
  }, 180_000);

  it('raised no script or CSP error', () => {
    expect(errors).toEqual([]);
  });
});
