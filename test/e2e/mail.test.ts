// Mail as people see it: the demo owner's digest and a notice rendered in Chromium (no network, no
// image), and the public one-click unsubscribe page of the real server, with axe-core checks.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { mailOutbox } from '../../src/db/schema/mail.js';
import { users } from '../../src/db/schema/users.js';
import { loadConfig } from '../../src/config.js';
import { runDailyJob } from '../../src/modules/reminders/index.js';
import { engineConfig } from '../helpers/evaluation.js';
import { mailSettings, renderMessage } from '../../src/modules/mail/mail-render.js';
import { unsubscribeToken } from '../../src/modules/mail/preferences.service.js';
import { seedDemo } from '../../seeds/demo.js';
import { DEMO_TODAY } from '../../seeds/demo-protection.js';
import { ARTIFACTS, launch, signIn, startServer, type Running } from './helpers.js';

const SECRET = 'e2e-secret-e2e-secret-e2e-secret-123'; // the one startServer gives the server
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: Running;
let browser: Browser;

beforeAll(async () => {
  server = await startServer(3471);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('mail in a browser', () => {
  it('renders the digest and a notice readably, with no remote request', async () => {
    const db = openDatabase(':memory:');
    migrateDatabase(db);
    await seedDemo(db);
    runDailyJob(db, engineConfig(), { today: DEMO_TODAY });
    const settings = mailSettings(loadConfig({ SESSION_SECRET: SECRET, MAIL_FROM: 'Capdo <capdo@binhson.gov.vn>', APP_URL: 'https://capdo.binhson.gov.vn' }));
    const owner = db.select().from(users).where(eq(users.username, 'owner')).get()!;
    const rows = db.select().from(mailOutbox).where(eq(mailOutbox.userId, owner.id)).all();
    const page = await browser.newPage({ viewport: { width: 760, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    for (const kind of ['digest', 'finding'] as const) {
      const row = rows.find((r) => r.kind === kind)!;
      await page.setContent(renderMessage(row, settings).html, { waitUntil: 'load' });
      expect(await page.locator('h1').textContent()).toBe(row.kind === 'digest' ? 'Việc cần làm trong 30 ngày tới' : 'Ghi nhận tồn tại mức nghiêm trọng');
      expect(await page.locator('img').count()).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, `mail-${kind}.png`), fullPage: true });
    }
    expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
    await page.close();
    db.$client.close();
  });

  it('shows the unsubscribe page without a session and turns the digest off; the mail pages pass axe', async () => {
    // page.evaluate is not subject to the CSP; bypassCSP lets the injected axe run anyway
    const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 800 } });
    const page = await ctx.newPage();
    const serious = async (path: string) => {
      await page.evaluate(AXE);
      const found = await page.evaluate(async () => {
        const r = await (globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run({
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
        });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
      });
      return found.map((id) => `${path}: ${id}`);
    };
    const problems: string[] = [];
    // the demo's second user is `owner`
    const path = `/unsubscribe/${unsubscribeToken(SECRET, 2, 'digest')}`;
    expect((await page.goto(`${server.baseUrl}${path}`))?.status()).toBe(200);
    problems.push(...(await serious('/unsubscribe')));
    await page.screenshot({ path: join(ARTIFACTS, 'unsubscribe.png'), fullPage: true });
    await Promise.all([page.waitForLoadState('load'), page.click('button.primary')]);
    expect(await page.locator('.flash-ok').textContent()).toContain('Đã ngừng gửi bản tin nhắc việc hằng ngày');
    await page.screenshot({ path: join(ARTIFACTS, 'unsubscribed.png'), fullPage: true });

    await signIn(page, server.baseUrl, 'admin');
    for (const p of ['/outbox', '/outbox?status=failed', '/account/notifications']) {
      expect((await page.goto(`${server.baseUrl}${p}`))?.status(), p).toBe(200);
      problems.push(...(await serious(p)));
    }
    await page.goto(`${server.baseUrl}/outbox`);
    const first = page.locator('table.data tbody tr td a').first();
    await Promise.all([page.waitForURL(/\/outbox\/\d+$/), first.click()]);
    problems.push(...(await serious('/outbox/:id')));
    await page.screenshot({ path: join(ARTIFACTS, 'outbox-message.png'), fullPage: true });
    await ctx.close();
    expect(problems).toEqual([]);
  });
});
