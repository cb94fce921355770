// The Word papers end to end: signed in as the province admin, follow the buttons on the system page, the
// decision page and the annual report page, download each .docx, convert it to PDF with LibreOffice
// headless (Debian's libreoffice-writer-nogui; .ci/run installs it), read the PDF's text back with the
// test PDF reader and save every page as a PNG in test/e2e/artifacts/ (pdftoppm when installed, else
// pdf.js through the same reader) for a person to look at. The server-made PDFs (checklist, annual
// report) are saved as images too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFParse } from 'pdf-parse';
import type { Browser, Page } from 'playwright-core';
import { pdfText } from '../helpers/pdf.js';
import { ARTIFACTS, launch, signIn, startServer, type Running } from './helpers.js';

const SOFFICE = process.env.SOFFICE_PATH ?? '/usr/bin/soffice';

let server: Running;
let browser: Browser;
let page: Page;
let work: string;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer(3463);
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, server.baseUrl, 'admin');
  work = mkdtempSync(join(tmpdir(), 'capdo-docx-'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Downloads what a link points to, with the signed-in session; checks the file's name. */
async function download(href: string, name: RegExp): Promise<Buffer> {
  const res = await page.request.get(`${server.baseUrl}${href}`);
  expect(res.status(), href).toBe(200);
  expect(res.headers()['content-disposition'], href).toMatch(name);
  return Buffer.from(await res.body());
}

/** .docx files → PDFs with LibreOffice headless, in one run, its own profile (never the user's). */
function convert(files: string[]): string[] {
  const profile = join(work, 'lo-profile');
  execFileSync(SOFFICE, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', work, ...files], { stdio: 'pipe', timeout: 240_000 });
  return files.map((f) => {
    const pdf = f.replace(/\.docx$/, '.pdf');
    expect(existsSync(pdf), pdf).toBe(true);
    return pdf;
  });
}

/** Every page of a PDF as a PNG under test/e2e/artifacts/<base>-<n>.png; returns how many. */
async function pageImages(pdf: Buffer, base: string): Promise<number> {
  const pdftoppm = spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).status === 0;
  if (pdftoppm) {
    const file = join(work, `${base}.pdf`);
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '80', file, join(ARTIFACTS, base)]);
    return Number(execFileSync('sh', ['-c', `ls ${JSON.stringify(ARTIFACTS)} | grep -c '^${base}-.*\\.png$'`]).toString().trim());
  }
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const shots = await parser.getScreenshot({ scale: 1.2 });
    shots.pages.forEach((p, i) => writeFileSync(join(ARTIFACTS, `${base}-${i + 1}.png`), p.data));
    return shots.pages.length;
  } finally {
    await parser.destroy();
  }
}

const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('the Word papers, opened by LibreOffice', () => {
  it('downloads the dossier, the decision and the annual report from their pages, converts them and reads them back', async () => {
    // the system page of BS-HTTT-001 and its buttons
    await page.goto(`${server.baseUrl}/systems?q=BS-HTTT-001`);
    const href = await page.locator('table.data tbody tr', { has: page.locator('td.code', { hasText: /^\s*BS-HTTT-001\s*$/ }) }).first().locator('a[href^="/systems/"]').first().getAttribute('href');
    await page.goto(`${server.baseUrl}${href}`);
    const dossierHref = await page.locator('a[href$="/dossier.docx"]').first().getAttribute('href');
    const decisionHref = await page.locator('a[href$="/decision.docx"]').first().getAttribute('href');
    expect(dossierHref).toMatch(/^\/systems\/\d+\/decisions\/\d+\/dossier\.docx$/);
    // the decision page offers the same two
    await page.goto(`${server.baseUrl}${dossierHref!.replace(/\/dossier\.docx$/, '')}`);
    expect(await page.locator(`a[href="${dossierHref}"]`).count()).toBe(1);
    expect(await page.locator(`a[href="${decisionHref}"]`).count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'decision-page.png'), fullPage: false });
    // the annual report page of the province
    await page.goto(`${server.baseUrl}/organisations`);
    const org = await page.locator('li.tree-row', { has: page.locator('span.code', { hasText: /^UBND-BS$/ }) }).locator('a').first().getAttribute('href');
    await page.goto(`${server.baseUrl}${org}/annual-report`);
    const reportHref = await page.locator('a[href*="/annual-report/docx"]').first().getAttribute('href');
    await page.screenshot({ path: join(ARTIFACTS, 'annual-report-page.png'), fullPage: true });
    expect(reportHref).toMatch(/annual-report\/docx\?year=\d{4}$/);

    const files = {
      dossier: await download(dossierHref!, /filename="ho-so-cap-do_BS-HTTT-001_\d{4}-\d{2}-\d{2}\.docx"/),
      decision: await download(decisionHref!, /filename="quyet-dinh-cap-do_BS-HTTT-001_\d{4}-\d{2}-\d{2}\.docx"/),
      report: await download(reportHref!, /filename="bao-cao-hang-nam_UBND-BS_\d{4}\.docx"/),
    };
    const paths = Object.entries(files).map(([k, buf]) => {
      const f = join(work, `${k}.docx`);
      writeFileSync(f, buf);
      return f;
    });
    const [dossierPdf, decisionPdf, reportPdf] = convert(paths).map((p) => readFileSync(p));

    const dossier = flat(await pdfText(dossierPdf!));
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'HỒ SƠ ĐỀ XUẤT CẤP ĐỘ', 'Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Bình Sơn', 'Cấp độ đề xuất: cấp độ 3', 'điểm b khoản 2 Điều 13 Nghị định số 331/2026/NĐ-CP', 'PHẦN IV. MÔ HÌNH BẢO VỆ 4 LỚP']) {
      expect(dossier, s).toContain(s);
    }
    expect(dossier).not.toContain('[chưa có dữ liệu');
    const decision = flat(await pdfText(decisionPdf!));
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Số: 2317/QĐ-UBND', 'Bình Sơn, ngày 14 tháng 10 năm 2026', 'QUYẾT ĐỊNH', 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN', 'Căn cứ Luật An ninh mạng số 116/2025/QH15;', 'Nơi nhận:']) {
      expect(decision, s).toContain(s);
    }
    const report = flat(await pdfText(reportPdf!));
    for (const s of ['Mẫu số 08', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'BÁO CÁO', 'Ủy ban nhân dân tỉnh Bình Sơn', '- Bộ Công an;', 'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ']) {
      expect(report, s).toContain(s);
    }
    // Decree 30: the page number from page 2, centred at the top (LibreOffice prints the header field)
    expect(await pdfText(dossierPdf!)).toMatch(/(^|\n)2(\n|$)/);

    expect(await pageImages(dossierPdf!, 'docx-dossier')).toBeGreaterThan(1);
    expect(await pageImages(decisionPdf!, 'docx-decision')).toBeGreaterThan(0);
    expect(await pageImages(reportPdf!, 'docx-annual-report')).toBeGreaterThan(1);
  }, 300_000);

  it('saves the server’s checklist and annual report PDFs as page images too', async () => {
    await page.goto(`${server.baseUrl}/systems?q=BS-HTTT-001`);
    const href = await page.locator('table.data tbody tr', { has: page.locator('td.code', { hasText: /^\s*BS-HTTT-001\s*$/ }) }).first().locator('a[href^="/systems/"]').first().getAttribute('href');
    const checklist = await download(`${href}/print/pdf`, /\.pdf"/);
    expect(flat(await pdfText(checklist))).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(await pageImages(checklist, 'pdf-checklist')).toBeGreaterThan(0);
    await page.goto(`${server.baseUrl}/organisations`);
    const org = await page.locator('li.tree-row', { has: page.locator('span.code', { hasText: /^UBND-BS$/ }) }).locator('a').first().getAttribute('href');
    const report = await download(`${org}/annual-report/pdf`, /\.pdf"/);
    expect(await pageImages(report, 'pdf-annual-report')).toBeGreaterThan(1);
  }, 120_000);

  it('raised no script error', () => {
    expect(errors).toEqual([]);
  });
});
