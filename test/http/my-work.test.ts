// "Việc của tôi" (my work): one page per user, linked from the header, with what falls due this week and
// this month for their scope (the single due list), their open findings, and the dossiers waiting for a
// step they may take.
import { beforeAll, describe, expect, it } from 'vitest';
import { and, inArray } from 'drizzle-orm';
import { findings } from '../../src/db/schema/assessments.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { addDays } from '../../src/domain/dates.js';
import { formatDate, todayIso } from '../../src/i18n/format.js';
import { login, makeDemoApp } from '../helpers/app.js';

let demo: Awaited<ReturnType<typeof makeDemoApp>>;
beforeAll(async () => {
  demo = await makeDemoApp();
}, 60_000);

const today = todayIso();
/** The text of one section of the page, by its id. */
const section = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  if (start === -1) return null;
  return html.slice(start, html.indexOf('</section>', start));
};
const dates = (html: string) => [...html.matchAll(/<span class="nowrap">(\d\d\/\d\d\/\d{4})<\/span>/g)].map((m) => m[1]!);
const iso = (dmy: string) => dmy.split('/').reverse().join('-');

describe('my work', () => {
  it('is linked from the header of every page', async () => {
    const s = await login(demo.app, 'viewer', 'capdo-demo');
    const res = await s.get('/systems');
    expect(res.text).toMatch(/<a href="\/my-work"[^>]*>Việc của tôi<\/a>/);
  });

  it("lists this week's and this month's duties from the due list, overdue ones in this week", async () => {
    const s = await login(demo.app, 'owner', 'capdo-demo');
    const res = await s.get('/my-work');
    expect(res.status).toBe(200);
    const week = section(res.text, 'due-week')!;
    const month = section(res.text, 'due-month')!;
    const weekDates = dates(week).map(iso);
    const monthDates = dates(month).map(iso);
    expect(weekDates.length + monthDates.length).toBeGreaterThan(0);
    for (const d of weekDates) expect(d <= addDays(today, 6), d).toBe(true);
    for (const d of monthDates) {
      expect(d >= addDays(today, 7), d).toBe(true);
      expect(d <= addDays(today, 30), d).toBe(true);
    }
    // the demo has overdue duties: they are in this week's list, flagged, never in this month's
    expect(weekDates.some((d) => d < today)).toBe(true);
    expect(week).toContain('Quá hạn');
    expect(month).not.toContain('Quá hạn');
  });

  it("lists the open findings of the user's scope, soonest due first", async () => {
    const s = await login(demo.app, 'admin', 'capdo-demo');
    const html = section((await s.get('/my-work')).text, 'findings')!;
    const open = demo.db.select().from(findings).where(and(inArray(findings.status, ['open', 'in_progress']))).all();
    expect(open.length).toBeGreaterThan(0);
    const shown = [...html.matchAll(/<tr class="[^"]*">\s*<td class="nowrap"[^>]*>(\d\d\/\d\d\/\d{4})/g)].map((m) => iso(m[1]!));
    // the province admin sees the province's findings, not the ministry's
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(open.length);
    expect([...shown].sort()).toEqual(shown);
    const first = open.filter((f) => f.dueDate === shown[0])[0]!;
    expect(html).toContain(first.title.replace(/&/g, '&amp;'));
    expect(html).toContain(formatDate(shown[0]!));
  });

  it('lists the dossiers waiting for a step to those who may take it, and no such list to a viewer', async () => {
    const owner = await login(demo.app, 'admin', 'capdo-demo');
    const html = section((await owner.get('/my-work')).text, 'dossiers')!;
    const pending = demo.db.select().from(levelDecisions).where(inArray(levelDecisions.dossierStatus, ['draft', 'submitted', 'appraised'])).all();
    expect(pending.length).toBeGreaterThan(0);
    const links = [...html.matchAll(/href="\/systems\/(\d+)\/decisions\/(\d+)"/g)].map((m) => Number(m[2]));
    expect(links.length).toBeGreaterThan(0);
    for (const id of links) expect(pending.map((d) => d.id)).toContain(id);
    expect(html).toMatch(/Chờ (trình|thẩm định|phê duyệt)/);

    const viewer = await login(demo.app, 'viewer', 'capdo-demo');
    const page = (await viewer.get('/my-work')).text;
    expect(section(page, 'dossiers')).toBeNull();
    expect(section(page, 'findings')).not.toBeNull();
  });

  it('speaks English in English', async () => {
    const s = await login(demo.app, 'owner', 'capdo-demo');
    await s.post('/lang', { lang: 'en' });
    const res = await s.get('/my-work');
    expect(res.text).toContain('<h1>My work</h1>');
    expect(res.text).toContain('Open findings');
    expect(res.text).not.toContain('Việc của tôi');
  });
});
