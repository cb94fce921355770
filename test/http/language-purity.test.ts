// English that is English, Vietnamese that is Vietnamese: the main pages rendered in English carry no
// Vietnamese (diacritics) outside names and the proper nouns and legal titles listed here; rendered in
// Vietnamese, no English word of a small deny-list shows in the page chrome.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { dictionaries } from '../../src/i18n/index.js';
import { systems } from '../../src/db/schema/systems.js';
import { LANG_COOKIE } from '../../src/web/middleware.js';
import { login, makeDemoApp, type Session } from '../helpers/app.js';
import { binary, pdfText } from '../helpers/pdf.js';

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
  it('the printed checklist as PDF has no Vietnamese outside names', async () => {
    const sys = db.select().from(systems).where(eq(systems.code, 'BS-HTTT-001')).get()!;
    const res = await admin.agent.get(`/systems/${sys.id}/print/pdf`).set('Cookie', `${LANG_COOKIE}=en`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    // the PDF breaks lines anywhere: compare with spaces flattened
    const flat = (await pdfText(res.body as Buffer)).replace(/\s+/g, ' ');
    const words = withoutAllowed(flat).split(/\s+/).filter((w) => VIETNAMESE.test(w));
    expect(words).toEqual([]);
  }, 30_000);

  it.each([0, 1, 2, 3, 4, 5, 6])('page %i has no Vietnamese outside names', async (i) => {
    const { name, url } = pages[i]!;
    let text = await render(url, 'en');
    text = withoutAllowed(text);
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => VIETNAMESE.test(l));
    expect(lines, name).toEqual([]);
  });
});

/**
 * What the English dictionary may keep in Vietnamese: the demo's place names, the security classifications
 * as the law names them (after their English name), the values a file must hold, the name of the language
 * in itself. Document numbers are romanised (331/2026/ND-CP), as in citations.
 */
const EN_ALLOWED = ['Bình Sơn', '(Mật)', '(Tối mật)', '(Tuyệt mật)', '“có”', '“không”', '“Nhập từ tệp”', '(Tiếng Việt)'];

describe('the English dictionary', () => {
  it('has no Vietnamese word or abbreviation outside the allowed names and quoted values', () => {
    const found = Object.entries(dictionaries.en).filter(([, v]) => {
      let rest = v;
      for (const a of EN_ALLOWED) rest = rest.split(a).join(' ');
      return VIETNAMESE.test(rest) || /\b(NĐ|QĐ|HĐ)\b|NĐ-CP|QĐ-/.test(rest);
    });
    expect(found).toEqual([]);
  });
});

/** English words that must not show in the Vietnamese chrome (menus, headings, buttons, labels, titles). */
const ENGLISH = /\b(Dashboard|Systems?|Gaps?|Calendar|My work|Checklist|Overdue|Due|Level|Status|Save|Cancel|Download|Print|Search|Filter|Owner|Operator|Findings?|Evidence|Assessments?|Details?|Edit|Delete|Back|Next|Previous|None|Yes|No|Page|Show|Hide|Apply|Submit|Approve|Reset|Week|Month|Today|Open|Closed|Valid|Expired|Total|Summary|Report|Requirement|Citation|Severity|High|Medium|Low|Critical)\b/;

/** Product names the Vietnamese text names as they are. */
const VI_ALLOWED = ['Google Calendar'];

describe('Vietnamese pages', () => {
  it.each([0, 1, 2, 3, 4, 5, 6])('page %i has no English word of the deny-list in its chrome', async (i) => {
    const { name, url } = pages[i]!;
    let text = withoutAllowed(await render(url, 'vi'));
    for (const a of VI_ALLOWED) text = text.split(a).join(' ');
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => ENGLISH.test(l));
    expect(lines, name).toEqual([]);
  });
});
