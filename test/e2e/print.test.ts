// Printing in a real browser: the printable checklist of a level 3 demo system and the province's
// annual report, with print media emulated, saved as A4 PDFs (and a screenshot) by headless Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { pdfText } from '../helpers/pdf.js';
import { ARTIFACTS, launch, signIn, startServer, type Running } from './helpers.js';

let server: Running;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer(3461);
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, server.baseUrl, 'admin');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Saves the current page as an A4 PDF with print media and checks the file is a real, non-trivial PDF. */
async function savePdf(file: string): Promise<void> {
  const path = join(ARTIFACTS, file);
  await page.emulateMedia({ media: 'print' });
  try {
    await page.pdf({ path, format: 'A4', printBackground: true });
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
  expect(existsSync(path), path).toBe(true);
  expect(statSync(path).size, path).toBeGreaterThan(10 * 1024);
}

describe('printing from the browser', () => {
  it('prints the checklist of a level 3 system (BS-HTTT-001) to an A4 PDF', async () => {
    await page.goto(`${server.baseUrl}/systems?q=BS-HTTT-001`);
    const row = page.locator('table.data tbody tr', { has: page.locator('td.code', { hasText: /^\s*BS-HTTT-001\s*$/ }) }).first();
    const link = row.locator('a[href^="/systems/"]').first();
    const href = await link.getAttribute('href');
    const name = (await link.textContent())?.trim() ?? '';
    expect(href).toMatch(/^\/systems\/\d+$/);
    expect(name).not.toBe('');

    const res = await page.goto(`${server.baseUrl}${href}/print`);
    expect(res?.status()).toBe(200);
    await page.emulateMedia({ media: 'print' });
    const text = await page.locator('body').innerText();
    expect(text).toContain(name);
    expect(text).toContain('Cấp độ');
    expect(text).toMatch(/Cấp độ 3/);
    await page.screenshot({ path: join(ARTIFACTS, 'checklist-print.png'), fullPage: true });
    // the evidence of the first item (the province's regulation), a short line under the requirement
    const evidence = page.locator('td span.sub', { hasText: 'Minh chứng: Quyết định 112/QĐ-UBND' }).first();
    await expect(evidence.isVisible()).resolves.toBe(true);
    await evidence.locator('xpath=ancestor::tr[1]').screenshot({ path: join(ARTIFACTS, 'checklist-evidence-row.png') });
    await savePdf('checklist-BS-HTTT-001.pdf');
  });

  it('prints the province’s annual report to an A4 PDF', async () => {
    await page.goto(`${server.baseUrl}/organisations`);
    const root = page.locator('li.tree-row', { has: page.locator('span.code', { hasText: /^UBND-BS$/ }) }).locator('a').first();
    const href = await root.getAttribute('href');
    expect(href).toMatch(/^\/organisations\/\d+$/);

    const res = await page.goto(`${server.baseUrl}${href}/annual-report?print=1`);
    expect(res?.status()).toBe(200);
    const text = await page.locator('body').innerText();
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('Ủy ban nhân dân tỉnh Bình Sơn');
    await savePdf('annual-report.pdf');
    // page numbers "n/N" at the foot of every printed page (the @page margin box of report.css)
    const printed = await pdfText(readFileSync(join(ARTIFACTS, 'annual-report.pdf')));
    const pages = [...printed.matchAll(/-- \d+ of (\d+) --/g)].length;
    expect(pages).toBeGreaterThan(1);
    for (let n = 1; n <= pages; n++) expect(printed, `page ${n}`).toMatch(new RegExp(`^${n}/${pages}$`, 'm'));
  });

  it('raised no script or CSP error', () => {
    expect(errors).toEqual([]);
  });
});
