import { chromium } from 'playwright-core';
const [base, ...paths] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const p = await b.newPage({ viewport: { width: 1366, height: 900 } });
await p.goto(`${base}/login`);
await p.fill('#f-username', process.env.U ?? 'admin'); await p.fill('#f-password', 'capdo-demo');
await Promise.all([p.waitForURL((u) => !u.pathname.startsWith('/login')), p.click('button.primary')]);
for (const [i, path] of paths.entries()) { await p.goto(base + path); await p.screenshot({ path: `/tmp/shots/${i}.png`, fullPage: true }); }
await b.close();
