// The annual report (REP-01) as a PDF: the same sections, figures and wording as the HTML document
// (views/annual-report/document.ejs), from the same annualReport() data, written with the one PDF
// helper (src/modules/print/pdf.ts: A4, DejaVu Sans, running header, "Trang x/y" footer, tables).
import type { CitedResult } from '../readiness/readiness.service.js';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format.js';
import type { Locale, T } from '../../i18n/index.js';
import { createDoc, ensureSpace, finishPages, heading, paragraph, table, type Doc, type DocOptions } from '../print/pdf.js';
import type { SheetTable } from '../print/print.service.js';
import { DOSSIER_KEYS, LIFECYCLE_KEYS, type AnnualReport, type RuleSummary } from './annual-report.service.js';

const SIZE = { body: 9, small: 7.5, title: 13, subtitle: 10.5 };

/** A file name safe in a Content-Disposition header: the organisation's code, ASCII only. */
export const pdfFileName = (orgCode: string, year: number): string =>
  `bao-cao-hang-nam-${orgCode.replace(/[^A-Za-z0-9._-]+/g, '-')}-${year}.pdf`;

const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** A sub-heading (the HTML's h3), kept with what follows it. */
function subheading(doc: Doc, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.3);
  paragraph(doc, text, { bold: true });
  doc.moveDown(0.15);
}

/** The whole annual report as a PDF, in memory. `now` is the print time (ISO timestamp). */
export async function writeAnnualReport(r: AnnualReport, t: T, locale: Locale, now: string = new Date().toISOString()): Promise<Buffer> {
  const p = r.period;
  const nm = (vi: string, en: string | null | undefined) => (locale === 'en' && en ? en : vi);
  const orgName = nm(r.organisation.nameVi, r.organisation.nameEn);
  const num = (n: number) => formatNumber(n, locale);
  const pct = (n: number | null) => (n === null ? t('common.none') : `${num(n)} %`);
  const levelLabel = (l: number | null) => (l === null ? t('ar.s1.noLevel') : t('ar.s1.levelN', { n: l }));
  const none = t('common.none');

  const o: DocOptions = {
    title: `${t('ar.title')} ${p.year} — ${orgName}`,
    runningHeader: `${t('ar.title')} ${p.year} · ${orgName}`,
    footerLeft: t('print.printedAt', { date: formatDateTime(now) }),
    t,
  };
  const doc = await createDoc(o);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = doc.page.margins.left;
  const width = contentWidth(doc);

  // ---- the heading: issuer (left), nation and motto (right) ----
  const top = doc.y;
  const wl = width * 0.42;
  const wr = width - wl;
  doc.font('bold').fontSize(SIZE.body).text(orgName.toUpperCase(), left, top, { width: wl, align: 'center' });
  doc.font('regular').fontSize(SIZE.body).text(t('ar.doc.number'), left, doc.y + 2, { width: wl, align: 'center' });
  const leftBottom = doc.y;
  doc.font('bold').fontSize(SIZE.body).text(t('ar.doc.nation'), left + wl, top, { width: wr, align: 'center' });
  doc.font('bold').text(t('ar.doc.motto'), left + wl, doc.y, { width: wr, align: 'center' });
  doc.font('regular').text(t('ar.doc.placeDate', { year: p.year }), left + wl, doc.y + 4, { width: wr, align: 'center' });
  doc.x = left;
  doc.y = Math.max(leftBottom, doc.y) + 14;

  paragraph(doc, t('ar.doc.kind'), { bold: true, size: SIZE.title, align: 'center' });
  paragraph(doc, t('ar.doc.subject', { year: p.year }), { bold: true, size: SIZE.subtitle, align: 'center' });
  doc.moveDown(0.3);
  paragraph(doc, t('ar.doc.period', { from: formatDate(p.from), to: formatDate(p.to) }), { align: 'center' });
  doc.moveDown(0.5);
  const scope = r.orgCount > 1
    ? t('ar.doc.scope', { org: orgName, n: r.orgCount - 1, systems: r.systems.length })
    : t('ar.doc.scopeSingle', { org: orgName, systems: r.systems.length });
  paragraph(doc, r.provisional ? scope : `${scope} ${t('ar.doc.asOf', { date: formatDate(r.asOf) })}`);
  if (r.provisional) paragraph(doc, t('ar.provisional', { date: formatDate(r.asOf), end: formatDate(p.to) }), { size: SIZE.small });

  // ---- 1 ----
  heading(doc, t('ar.s1'));
  const sum = (f: (row: AnnualReport['byLevel'][number]) => number) => r.byLevel.reduce((n, x) => n + f(x), 0);
  table(doc, {
    caption: t('ar.s1.byLevel'),
    head: [t('ar.s1.level'), t('ar.s1.total'), ...LIFECYCLE_KEYS.map((k) => t(`lifecycle.${k}`))],
    widths: [26, 12, 16, 16, 14, 16],
    boxes: [1, 2, 3, 4, 5],
    rows: [
      ...r.byLevel.map((row) => ({ cells: [levelLabel(row.level), String(row.total), ...LIFECYCLE_KEYS.map((k) => String(row.byLifecycle[k]))] })),
      { cells: [t('ar.s1.sum'), String(r.systems.length), ...LIFECYCLE_KEYS.map((k) => String(sum((x) => x.byLifecycle[k])))], strong: true },
    ],
  });
  table(doc, {
    caption: t('ar.s1.byDossier'),
    head: DOSSIER_KEYS.map((k) => (k === 'none' ? t('ar.s1.dossier.none') : t(`dossier.${k}`))),
    widths: DOSSIER_KEYS.map(() => 1),
    boxes: DOSSIER_KEYS.map((_, i) => i),
    rows: [{ cells: DOSSIER_KEYS.map((k) => String(r.byDossier[k])) }],
  });
  if (!r.systems.length) {
    subheading(doc, t('ar.s1.list'));
    paragraph(doc, t('ar.s1.empty'));
  } else {
    table(doc, {
      caption: t('ar.s1.list'),
      head: ['#', t('ar.s1.code'), t('ar.s1.name'), t('ar.s1.level'), t('ar.s1.owner'), t('ar.s1.operator'), t('ar.s1.status'), t('ar.s1.gaps')],
      widths: [4, 13, 27, 7, 16, 16, 11, 7],
      boxes: [0, 3, 7],
      rows: r.systems.map((s, i) => ({
        cells: [String(i + 1), s.code, nm(s.nameVi, s.nameEn), s.level === null ? none : String(s.level), s.ownerName, s.operatorName, t(`lifecycle.${s.lifecycleStatus}`), String(s.gaps)],
      })),
    });
  }

  const summaryTable = (rows: RuleSummary[]): SheetTable => ({
    head: [t('ar.rule'), t('ar.required'), t('ar.state.ok'), t('ar.state.due_soon'), t('ar.state.gap')],
    widths: [48, 13, 13, 13, 13],
    boxes: [1, 2, 3, 4],
    rows: rows.map((s) => ({ cells: [`${s.rule} · ${t(`rule.${s.rule}.title`)}`, String(s.required), String(s.counts.ok), String(s.counts.due_soon), String(s.counts.gap)] })),
  });

  // ---- 2 ----
  heading(doc, t('ar.s2'));
  paragraph(doc, t('ar.s2.intro'));
  doc.moveDown(0.3);
  table(doc, summaryTable(r.layers));

  // ---- 3 ----
  heading(doc, t('ar.s3'));
  paragraph(doc, t('ar.s3.intro'));
  doc.moveDown(0.3);
  table(doc, summaryTable(r.assessmentRules));
  if (!r.assessments.length) {
    subheading(doc, t('ar.s3.performed', { n: 0 }));
    paragraph(doc, t('ar.s3.none'));
  } else {
    table(doc, {
      caption: t('ar.s3.performed', { n: r.assessments.length }),
      head: [t('ar.s3.date'), t('ar.s3.system'), t('ar.s3.assessor'), t('ar.s3.kind'), t('ar.s3.result'), t('ar.s3.reported')],
      widths: [12, 30, 20, 14, 12, 12],
      rows: r.assessments.map((a) => ({
        cells: [formatDate(a.performedDate), `${a.systemCode} ${nm(a.systemName, a.systemNameEn)}`, nm(a.assessorName, a.assessorNameEn),
          t(`assessment.kind.${a.kind}`), a.result ? t(`assessment.result.${a.result}`) : none, a.reportedDate ? formatDate(a.reportedDate) : none],
      })),
    });
  }

  // ---- 4 ----
  heading(doc, t('ar.s4'));
  if (!r.operators.rows.length) paragraph(doc, t('ar.s4.none'));
  else {
    paragraph(doc, t('ar.s4.intro', { people: r.operators.people, certified: r.operators.certified }));
    doc.moveDown(0.3);
    table(doc, {
      head: [t('ar.s3.system'), t('ar.s1.level'), t('ar.s4.people'), t('ar.s4.certified'), t('ar.s4.updated'), t('ar.s4.hr01')],
      widths: [40, 8, 11, 14, 13, 14],
      boxes: [1, 2, 3, 4],
      rows: r.operators.rows.map((x) => ({
        cells: [`${x.systemCode} ${nm(x.systemName, x.systemNameEn)}`, String(x.level), String(x.people), String(x.certified), String(x.updated), x.hr01 ? t(`ar.state.${x.hr01}`) : none],
        strong: x.hr01 === 'gap',
      })),
    });
  }

  // the readiness rule line (views/readiness/rule.ejs, cited)
  const ruleText = (c: CitedResult): string[] => {
    const shown = Object.fromEntries(Object.entries(c.params ?? {}).map(([k, x]) => [k, typeof x === 'number' ? num(x) : /^\d{4}-\d{2}-\d{2}$/.test(x) ? formatDate(x) : x]));
    const lines = [`${c.rule} · ${t(`ready.state.${c.state}`)} — ${t(`ready.rule.${c.rule}`)}${c.severity ? ` (${t(`sev.${c.severity}`)})` : ''}`, t(c.detail, shown)];
    if (c.dueDate && c.state !== 'ok') lines.push(t('ready.dueBy', { date: formatDate(c.dueDate) }));
    lines.push(t('ready.citation', { citation: c.citation }));
    return lines;
  };
  const rule = (c: CitedResult | null) => {
    if (!c) return;
    const [first, ...rest] = ruleText(c);
    paragraph(doc, first ?? '', { bold: true });
    for (const line of rest) paragraph(doc, line, { size: SIZE.small });
    doc.moveDown(0.3);
  };

  // ---- 5 ----
  heading(doc, t('ar.s5'));
  paragraph(doc, r.drills.length ? t('ar.s5.count', { n: r.drills.length }) : t('ar.s5.none'));
  doc.moveDown(0.2);
  rule(r.drillRule);
  if (r.drills.length) {
    table(doc, {
      head: [t('ar.s5.date'), t('ar.s5.organisation'), t('ar.s5.system'), t('ar.s5.kind'), t('ar.s5.scenario'), t('ar.s5.participants')],
      widths: [11, 22, 13, 16, 28, 10],
      boxes: [5],
      rows: r.drills.map((d) => ({
        cells: [formatDate(d.date), nm(d.organisationName, d.organisationNameEn), d.systemCode ?? none, t(`ready.kind.${d.kind}`), d.scenario, d.participants === null ? none : String(d.participants)],
      })),
    });
  }

  // ---- 6 ----
  heading(doc, t('ar.s6', { year: p.year }));
  rule(r.budgetRule);
  if (!r.budgets.rows.length) paragraph(doc, t('ar.s6.none', { year: p.year }));
  else {
    table(doc, {
      head: [t('ar.s6.organisation'), t('ar.s6.system'), t('ar.s6.it'), t('ar.s6.security'), t('ar.s6.percent')],
      widths: [28, 16, 18, 18, 20],
      rows: [
        ...r.budgets.rows.map((b) => ({
          cells: [nm(b.organisationName, b.organisationNameEn), b.systemCode ?? t('ar.s6.ownBudget'), num(b.itBudget), num(b.securitySpending), `${pct(b.percent)} · ${t(`ar.state.${b.state}`)}`],
          strong: b.state === 'gap',
        })),
        { cells: [t('ar.s6.total'), '', num(r.budgets.itBudget), num(r.budgets.securitySpending), pct(r.budgets.percent)], strong: true },
      ],
    });
  }

  // ---- 7 ----
  heading(doc, t('ar.s7'));
  if (!r.gaps.length) paragraph(doc, t('ar.s7.none'));
  else {
    table(doc, {
      caption: t('ar.s7.summary'),
      head: [t('ar.rule'), t('ar.s7.gaps'), t('ar.s7.dueSoon'), t('ar.s7.worst')],
      widths: [52, 14, 14, 20],
      boxes: [1, 2],
      rows: r.gapGroups.map((g) => ({ cells: [`${g.rule} · ${t(`rule.${g.rule}.title`)}`, String(g.gaps), String(g.dueSoon), g.worst ? t(`sev.${g.worst}`) : none] })),
    });
    table(doc, {
      caption: t('ar.s7.details'),
      head: [t('ar.rule'), t('ar.s7.subject'), t('ar.s7.content'), t('ar.s7.due')],
      widths: [15, 27, 45, 13],
      rows: r.gaps.map((g) => {
        const res = g.result;
        const state = res.state === 'gap' && res.severity ? t(`sev.${res.severity}`) : t(`ar.state.${res.state}`);
        return {
          cells: [`${res.rule}\n${state}`, `${g.subject.code} ${nm(g.subject.nameVi, g.subject.nameEn)}`, t(res.messageKey, res.params ?? {}), res.dueDate ? formatDate(res.dueDate) : none],
          strong: res.state === 'gap',
        };
      }),
    });
  }
  subheading(doc, t('ar.s7.recommend'));
  paragraph(doc, r.gaps.length ? t('ar.s7.recommendText') : t('ar.s7.recommendNone'));

  // ---- submission ----
  heading(doc, t('ar.sub.title'));
  paragraph(doc, t('ar.sub.deadlines', { internal: formatDate(p.internalDue), authority: formatDate(p.authorityDue) }));
  const s = r.submission;
  if (!s) paragraph(doc, t('ar.sub.notYet', { year: p.year }));
  else {
    paragraph(doc, `- ${t('ar.sub.internal', { date: s.internalDate ? formatDate(s.internalDate) : t('ar.sub.pending') })}`);
    paragraph(doc, `- ${t('ar.sub.authority', { date: s.authorityDate ? formatDate(s.authorityDate) : t('ar.sub.pending') })}`);
    if (s.reference) paragraph(doc, `- ${t('ar.sub.reference', { ref: s.reference })}`);
  }

  // ---- recipients and signatures, side by side ----
  ensureSpace(doc, 130);
  doc.moveDown(1.2);
  const y = doc.y;
  const col = width / 3;
  doc.font('bold').fontSize(SIZE.body).text(t('ar.sign.recipients'), left, y, { width: col });
  doc.font('regular').fontSize(SIZE.small).text(t('ar.sign.recipientAuthority'), left, doc.y, { width: col });
  doc.text(t('ar.sign.recipientArchive'), left, doc.y, { width: col });
  const blocks: Array<[string, string]> = [[t('ar.sign.preparer'), t('ar.sign.hint')], [t('ar.sign.head'), t('ar.sign.headHint')]];
  blocks.forEach(([role, hint], i) => {
    const x = left + (i + 1) * col;
    doc.font('bold').fontSize(SIZE.body).text(role, x, y, { width: col, align: 'center' });
    doc.font('regular').fontSize(SIZE.small).text(hint, x, doc.y, { width: col, align: 'center' });
  });
  doc.x = left;
  doc.y = y + 100;
  doc.font('regular').fontSize(SIZE.body);

  finishPages(doc, o);
  doc.end();
  return done;
}
