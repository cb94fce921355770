// English that is English, Vietnamese that is Vietnamese: the main pages rendered in English carry no
// Vietnamese (diacritics) outside names and the proper nouns and legal titles listed here; rendered in
// Vietnamese, no English word of a small deny-list shows in the page chrome.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { operators } from '../../src/db/schema/people.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { LANG_COOKIE } from '../../src/web/middleware.js';
import { login, makeDemoApp, type Session } from '../helpers/app.js';

let db: Db;
let admin: Session;
let pages: Array<{ name: string; url: string }>;

beforeAll(async () => {
  const made = await makeDemoApp();
  db = made.db;
  admin = await login(made.app, 'admin', 'capdo-demo');
  // a level 3 system in operation with a checklist: the richest system page of the demo
  const sys = db.select().from(systems).where(eq(systems.code, 'BS-HTTT-001')).get()!;
  pages = [
    { name: 'dashboard', url: '/' },
    { name: 'system page', url: `/systems/${sys.id}` },
    { name: 'checklist', url: `/systems/${sys.id}/checklist` },
    { name: 'gaps', url: '/gaps' },
    { name: 'calendar', url: '/calendar' },
    { name: 'my work', url: '/my-work' },
    { name: 'printed checklist', url: `/systems/${sys.id}/print` },
  ];
}, 60_000);

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

const decode = (s: string) =>
  s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n))).replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');

/** What a reader sees: the text and the attributes read aloud or shown (title, aria-label, placeholder, alt, value of buttons). */
function visibleText(html: string): string {
  const body = html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<style[\s\S]*?<\/style>/g, ' ');
  const attrs = [...body.matchAll(/\s(?:title|aria-label|placeholder|alt)="([^"]*)"/g)].map((m) => m[1]);
  return decode([body.replace(/<[^>]+>/g, '\n'), ...attrs].join('\n'));
}

/** Tables of what users typed (names, titles, descriptions, positions…): kept as typed, in Vietnamese. */
const DATA_TABLES = [
  'operators', 'operator_assignments', 'certificates', 'knowledge_updates', 'drills', 'budgets', 'systems', 'users', 'level_decisions', 'organisations',
  'assessments', 'findings', 'evidence_items', 'evidence_files', 'layer1_designations', 'layer2_monitoring', 'engagements', 'layer4_connections',
  'checklist_answers', 'self_inspection_notices',
];
/** Proper nouns allowed in English text: the demo's place names and company names keep their diacritics. */
const PROPER_NOUNS = ['Bình Sơn', 'Đông Hải', 'Tân Lập', 'Sông Cái', 'Hồng Lĩnh', 'Trường An'];
/** Official document numbers keep their Vietnamese letters: 2317/QĐ-UBND, 331/2026/NĐ-CP, 07/2023/HĐ-GSATTT-SGDĐT. */
const DOCUMENT_NUMBER = /[\p{L}\d.-]*\d[\p{L}\d.-]*(?:\/[\p{Lu}\d.-]+)+/gu;

let typed: string[] | undefined;
/** Everything users typed, longest first; a system's or an organisation's Vietnamese name only where it has no English one. */
function typedText(): string[] {
  if (typed) return typed;
  const out = new Set<string>();
  for (const table of DATA_TABLES) {
    for (const row of db.$client.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value !== 'string' || !VIETNAMESE.test(value) || column === 'search_text') continue;
        if ((table === 'systems' || table === 'organisations') && column === 'name_vi' && row.name_en) continue;
        out.add(value);
      }
    }
  }
  typed = [...out].sort((a, b) => b.length - a.length);
  return typed;
}

function withoutAllowed(text: string): string {
  let t = text;
  for (const s of typedText()) t = t.split(s).join(' ');
  for (const n of PROPER_NOUNS) t = t.split(n).join(' ');
  return t.replace(DOCUMENT_NUMBER, ' ');
}

async function render(url: string, lang: 'vi' | 'en'): Promise<string> {
  const res = await admin.agent.get(url).set('Cookie', `${LANG_COOKIE}=${lang}`);
  expect(res.status, url).toBe(200);
  return visibleText(res.text);
}

describe('English pages', () => {
  it.each([0, 1, 2, 3, 4, 5, 6])('page %i has no Vietnamese outside names', async (i) => {
    const { name, url } = pages[i]!;
    let text = await render(url, 'en');
    text = withoutAllowed(text);
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => VIETNAMESE.test(l));
    expect(lines, name).toEqual([]);
  });
});
