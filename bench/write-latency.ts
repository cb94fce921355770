// What durability costs a user: the time to save a system's form (GET the edit page, POST it back as the
// browser would, follow nothing) with the server's connection at synchronous = FULL (what the app opens)
// and at NORMAL (what it used to open). The app runs in this process on loopback, one request at a time,
// so the figures are the write path's own: parse, authorise, one transaction with its audit entry, commit.
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/web/logger.js';
import { DEFAULT_LIMITS } from '../src/web/middleware.js';
import { signIn } from './sign-in.js';

export interface WriteLatency {
  mode: 'FULL' | 'NORMAL';
  saves: number;
  p50: number;
  p99: number;
}

const SAVES = 100;

/** p50/p99 of saving one system's form SAVES times, for each synchronous mode. */
export async function writeLatency(dbPath: string, systemId: number, username: string, password: string): Promise<WriteLatency[]> {
  const out: WriteLatency[] = [];
  for (const mode of ['NORMAL', 'FULL'] as const) out.push(await measure(dbPath, systemId, username, password, mode));
  return out;
}

async function measure(dbPath: string, systemId: number, username: string, password: string, mode: 'FULL' | 'NORMAL'): Promise<WriteLatency> {
  const db = openDatabase(dbPath);
  db.$client.pragma(`synchronous = ${mode}`);
  const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), SEED_DEMO: 'false', DATABASE_PATH: dbPath });
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: false }));
  const app = createApp({ config, db, logger, limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000, postsPerIp: 100_000 }, log: (err) => console.error(err) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const cookie = await signIn(base, username, password);
    const times: number[] = [];
    for (let i = 0; i < SAVES; i++) {
      const form = formFields(await (await fetch(`${base}/systems/${systemId}/edit`, { headers: { cookie } })).text());
      // a real change each time, so that every save writes a row and an audit entry
      form.set('description', `Đo thời gian lưu biểu mẫu, lần ${i + 1}`);
      const t = performance.now();
      const res = await fetch(`${base}/systems/${systemId}`, {
        method: 'POST', redirect: 'manual', body: form.toString(),
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
      await res.arrayBuffer();
      times.push(performance.now() - t);
      if (res.status !== 303) throw new Error(`saving the system form answered ${res.status}`);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
    return { mode, saves: SAVES, p50: at(0.5), p99: at(0.99) };
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    app.close();
    db.$client.close();
  }
}

/** The fields a browser would send for the page's main form: inputs (checked boxes only), selected options, textareas. */
function formFields(html: string): URLSearchParams {
  const form = /<form[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html.slice(html.indexOf('<main')))?.[1] ?? '';
  const out = new URLSearchParams();
  const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  const unescape = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const tag of form.match(/<input[^>]*>/g) ?? []) {
    const name = attr(tag, 'name');
    const type = attr(tag, 'type') ?? 'text';
    if (!name || type === 'submit' || ((type === 'checkbox' || type === 'radio') && !/\schecked/.test(tag))) continue;
    out.append(name, unescape(attr(tag, 'value') ?? (type === 'checkbox' ? 'on' : '')));
  }
  for (const [, tag, body] of form.matchAll(/<select([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attr(tag!, 'name');
    const chosen = /<option[^>]*\sselected[^>]*>/.exec(body!)?.[0] ?? /<option[^>]*>/.exec(body!)?.[0];
    if (name && chosen) out.append(name, unescape(attr(chosen, 'value') ?? ''));
  }
  for (const [, tag, body] of form.matchAll(/<textarea([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attr(tag!, 'name');
    if (name) out.append(name, unescape(body!.replace(/^\n/, '')));
  }
  return out;
}
