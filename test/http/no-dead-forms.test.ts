// No dead forms, no dead links: each demo role walks the demo from its main pages, three links deep, and
// every link it is shown opens (no 403, 404 or 409 behind a button), and every form it is shown may be
// sent by it (an empty submission comes back 422 with the messages, or is accepted; never 403 or 404).
// One page of each kind is opened (ids are replaced by ":id" to tell the kinds apart).
import { beforeAll, describe, expect, it } from 'vitest';
import { login, makeDemoApp, type Session } from '../helpers/app.js';

let demo: Awaited<ReturnType<typeof makeDemoApp>>;
beforeAll(async () => {
  demo = await makeDemoApp();
}, 60_000);

const START = ['/', '/my-work', '/systems', '/gaps', '/calendar', '/organisations', '/operators', '/operators/roster', '/readiness', '/providers', '/transition'];
/** Files, not pages: opened by the download tests of their modules. */
const FILE = /\.(pdf|docx|xlsx|csv|ics)(\?|$)|\/report$|\/pdf(\?|$)|\/docx(\?|$)/;
/** Forms that end the session or only switch the language. */
const SESSION_FORMS = /^\/(logout|logout-everywhere|lang)$/;

const kind = (path: string) => path.replace(/\/\d+/g, '/:id').replace(/\?.*$/, '');

function links(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\bhref="(\/[^"#]*)"[^>]*>/g)]
    .filter((m) => !/\bdownload\b/.test(m[0]))
    .map((m) => m[1]!.replace(/&amp;/g, '&'));
}

function postForms(html: string): string[] {
  return [...html.matchAll(/<form\b[^>]*\bmethod="post"[^>]*>/gi)]
    .map((m) => /\baction="([^"]*)"/.exec(m[0])?.[1]?.replace(/&amp;/g, '&') ?? '')
    .filter((a) => a.startsWith('/') && !SESSION_FORMS.test(a.split('?')[0]!));
}

async function walk(s: Session): Promise<{ deadLinks: string[]; deadForms: string[]; pages: number }> {
  const seen = new Set<string>();
  const formKinds = new Set<string>();
  const deadLinks: string[] = [];
  const deadForms: string[] = [];
  let level = START.map((p) => ({ path: p, from: '(start)' }));
  let pages = 0;
  for (let depth = 0; depth < 4 && level.length; depth++) {
    const next: typeof level = [];
    for (const { path, from } of level) {
      if (seen.has(kind(path)) || FILE.test(path)) continue;
      seen.add(kind(path));
      const res = await s.get(path);
      pages++;
      if (res.status === 302 || res.status === 303) continue; // e.g. a feed token page that redirects
      if (res.status !== 200) {
        deadLinks.push(`${path} (${res.status}) from ${from}`);
        continue;
      }
      for (const href of links(res.text)) next.push({ path: href, from: path });
      for (const action of postForms(res.text)) {
        if (formKinds.has(kind(action))) continue;
        formKinds.add(kind(action));
        const sent = await s.post(action, {});
        if ([403, 404, 409].includes(sent.status)) deadForms.push(`${action} (${sent.status}) on ${path}`);
      }
    }
    level = next;
  }
  return { deadLinks, deadForms, pages };
}

describe('every link and form a demo role is shown works for it', () => {
  it.each(['viewer', 'auditor', 'owner', 'admin'])('as %s', async (role) => {
    const s = await login(demo.app, role, 'capdo-demo');
    const { deadLinks, deadForms, pages } = await walk(s);
    expect(pages).toBeGreaterThan(20);
    expect(deadLinks).toEqual([]);
    expect(deadForms).toEqual([]);
  }, 240_000);
});
