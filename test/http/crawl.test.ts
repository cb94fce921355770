// Every demo role walks the app from its dashboard, following the links its pages show (two of each kind
// of address, ids aside, and every download among them): each link leads somewhere (200, or a redirect),
// and no page shows a message key instead of words. A link to a 403/404 is a page that promises what the
// role cannot have (e.g. evidence behind a drill an auditor sees).
import { beforeAll, describe, expect, it } from 'vitest';
import { dictionaries } from '../../src/i18n/index.js';
import { login, makeDemoApp } from '../helpers/app.js';

let app: Awaited<ReturnType<typeof makeDemoApp>>['app'];
beforeAll(async () => {
  ({ app } = await makeDemoApp());
}, 60_000);

/** The first segments of the message keys ("nav", "audit", "sys"…): a word of one of them followed by a dot is a key. */
const NAMESPACES = new Set(Object.keys(dictionaries.vi).map((k) => k.split('.')[0]!));
const FILE_NAME = /\.(css|js|png|svg|pdf|xlsx|csv|docx|ics|gov|vn|com|org)$/;
const EACH_KIND = 2;
const MAX_PAGES = 400;

/** Message keys shown as text in a page (tags, scripts and styles removed). */
function keysShown(html: string): string[] {
  const text = html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ');
  return [...text.matchAll(/\b([a-z][a-zA-Z0-9]*)\.([a-zA-Z0-9_]+(?:\.[a-zA-Z0-9_]+)*)\b/g)]
    .filter((m) => NAMESPACES.has(m[1]!) && !FILE_NAME.test(m[0]))
    .map((m) => m[0]);
}

async function walk(username: string, lang: 'vi' | 'en') {
  const s = await login(app, username, 'capdo-demo');
  if (lang === 'en') await s.post('/lang', { lang: 'en', next: '/' });
  const seen = new Set<string>();
  const linkedFrom = new Map<string, string>();
  const perKind = new Map<string, number>();
  const problems: string[] = [];
  const queue = ['/'];
  while (queue.length && seen.size < MAX_PAGES) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await s.get(url).buffer(true);
    if (![200, 302, 303].includes(res.status)) problems.push(`${url} → ${res.status} (linked from ${linkedFrom.get(url)})`);
    if (res.status !== 200 || !/text\/html/.test(res.headers['content-type'] ?? '')) continue;
    for (const key of keysShown(res.text)) problems.push(`${url} shows ${key}`);
    for (const m of res.text.matchAll(/href="(\/[^"#]*)"/g)) {
      const link = m[1]!.replace(/&amp;/g, '&');
      if (link.startsWith('/static/') || seen.has(link)) continue;
      const kind = link.replace(/\d+/g, 'N').replace(/\?.*/, '?');
      if ((perKind.get(kind) ?? 0) >= EACH_KIND) continue;
      perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
      linkedFrom.set(link, url);
      queue.push(link);
    }
  }
  return { pages: seen.size, problems };
}

describe('walking the demo by its links', () => {
  it.each([
    ['admin', 'vi'], ['owner', 'vi'], ['viewer', 'vi'], ['auditor', 'vi'], ['admin.bo', 'vi'], ['admin', 'en'], ['auditor', 'en'],
  ] as const)('%s (%s): every link leads somewhere, no page shows a message key', async (username, lang) => {
    const { pages, problems } = await walk(username, lang);
    expect(problems).toEqual([]);
    expect(pages).toBeGreaterThan(100);
  }, 120_000);
});
