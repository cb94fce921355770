// The annual report as a document: one display model (headings, paragraphs, tables, closing) in the
// user's language, from annualReport()'s data, that the PDF writer (annual-report.pdf.ts) and the Word
// writer (annual-report.docx.ts) both render, so the two files say exactly the same. The page on screen
// (views/annual-report/document.ejs) shows the same sections from the same data.
//
// Bounded: a long list (the register, the requirements, the gap details, the assessments) is cut at
// DOC_ROWS rows with a line saying so and where the full list is (the systems export, the gaps page),
// so a national-scale scope never builds an unbounded file in memory.
import { formatDate, formatNumber } from '../../i18n/format.js';
import type { Locale, T } from '../../i18n/index.js';
import type { CitedResult } from '../readiness/readiness.service.js';
import { issuerSymbol, nation, orgName, placeOf, type OrgNames } from '../print/official.js';
import type { OfficialHeader } from '../print/official.js';
import type { SheetRow, SheetTable } from '../print/print.service.js';
import { DOSSIER_KEYS, LIFECYCLE_KEYS, REPORT_ROWS, type AnnualReport, type ReportSystem, type RuleSummary } from './annual-report.service.js';

/** The most rows a table of the PDF or Word file holds (what the report keeps); the rest is in the exports and on the gaps page. */
export const DOC_ROWS = REPORT_ROWS;

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string; small?: boolean; bold?: boolean; italic?: boolean }
  | { kind: 'table'; table: SheetTable };

export interface ReportDocument {
  title: string;
  runningHeader: string;
  /** "Mẫu số 08 …" above the header (Decree 331 reports); null for earlier ones */
  form: string | null;
  official: OfficialHeader;
  kind: string;
  subject: string;
  /** the period, the legal basis, the scope: centred or opening lines under the title */
  opening: Array<{ text: string; center?: boolean; small?: boolean; italic?: boolean }>;
  blocks: Block[];
  /** the last section (submission), kept on the page of the signatures */
  closing: Block[];
  recipients: string[];
  signatures: Array<{ role: string; hint: string }>;
}

/** Everything the document needs besides the report: the organisation's parent (for the header and Nơi nhận) and where the full lists are. */
export interface DocumentContext {
  parent: OrgNames | null;
  /** the systems export of the organisation's subtree: the full register */
  registerUrl: string;
  /** the gaps page of the organisation's subtree as of the report date */
  gapsUrl: string;
  /** the most rows a table holds (DOC_ROWS unless told) */
  rows?: number;
}

export function reportDocument(r: AnnualReport, t: T, locale: Locale, ctx: DocumentContext): ReportDocument {
  const p = r.period;
  const nd331 = p.basis === 'nd331';
  const nm = (vi: string, en: string | null | undefined) => (locale === 'en' && en ? en : vi);
  const name = orgName(r.organisation, locale);
  const num = (n: number) => formatNumber(n, locale);
  const pct = (n: number | null) => (n === null ? t('common.none') : `${num(n)} %`);
  const none = t('common.none');
  const date = (d: string | null | undefined) => (d ? formatDate(d) : none);
  const levelLabel = (l: number | null) => (l === null ? t('ar.s1.noLevel') : t('ar.s1.levelN', { n: l }));
  const blocks: Block[] = [];
  const heading = (text: string) => blocks.push({ kind: 'heading', text });
  const sub = (text: string) => blocks.push({ kind: 'subheading', text });
  const para = (text: string, o: { small?: boolean; bold?: boolean; italic?: boolean } = {}) => blocks.push({ kind: 'paragraph', text, ...o });
  const table = (tb: SheetTable) => blocks.push({ kind: 'table', table: tb });
  /** at most DOC_ROWS rows, and a line saying where the rest is */
  const cap = ctx.rows ?? DOC_ROWS;
  // `total`: how many the whole list has, when the report keeps only its first lines
  const capped = <X>(rows: readonly X[], where: string, total = rows.length): X[] => {
    if (total > cap) para(t('ar.capped', { shown: num(Math.min(cap, rows.length)), total: num(total), where }), { italic: true, small: true });
    return rows.slice(0, cap);
  };
  /** a list as a table (capped, the rest in the register export), or a line saying it is empty */
  const listTable = <X>(list: readonly X[], empty: string, layout: Omit<SheetTable, 'rows'>, row: (x: X, i: number) => SheetRow, total = list.length) => {
    if (!list.length) para(empty);
    else table({ ...layout, rows: capped(list, ctx.registerUrl, total).map(row) });
  };

  // ---- 1 ----
  heading(t('ar.s1'));
  const sum = (f: (row: AnnualReport['byLevel'][number]) => number) => r.byLevel.reduce((n, x) => n + f(x), 0);
  table({
    caption: t('ar.s1.byLevel'),
    head: [t('ar.s1.level'), t('ar.s1.total'), ...LIFECYCLE_KEYS.map((k) => t(`lifecycle.${k}`))],
    widths: [26, 12, 16, 16, 14, 16],
    boxes: [1, 2, 3, 4, 5],
    rows: [
      ...r.byLevel.map((row) => ({ cells: [levelLabel(row.level), String(row.total), ...LIFECYCLE_KEYS.map((k) => String(row.byLifecycle[k]))] })),
      { cells: [t('ar.s1.sum'), String(r.systems.length), ...LIFECYCLE_KEYS.map((k) => String(sum((x) => x.byLifecycle[k])))], strong: true },
    ],
  });
  table({
    caption: t('ar.s1.byDossier'),
    head: DOSSIER_KEYS.map((k) => (k === 'none' ? t('ar.s1.dossier.none') : t(`dossier.${k}`))),
    widths: DOSSIER_KEYS.map(() => 1),
    boxes: DOSSIER_KEYS.map((_, i) => i),
    rows: [{ cells: DOSSIER_KEYS.map((k) => String(r.byDossier[k])) }],
  });
  sub(t('ar.s1.register'));
  listTable(r.systems, t('ar.s1.empty'), {
    head: ['#', t('ar.reg.system'), t('ar.reg.units'), t('ar.reg.proposedHead'), t('ar.reg.approvedHead'), t('ar.reg.decision'), t('ar.reg.appraiser'), t('ar.reg.regulation'), t('ar.reg.ns')],
    widths: [4, 18, 21, 7, 7, 13, 12, 11, 7],
    boxes: [0, 3, 4, 8],
  }, (s, i) => ({ cells: registerCells(s, i, t, nm, date) }));
  sub(t('ar.s1.ns'));
  listTable(r.nsCandidates, t('ar.s1.nsNone'), {
    head: [t('ar.s1.code'), t('ar.s1.name'), t('ar.reg.level'), t('ar.s1.nsGrounds')],
    widths: [14, 42, 10, 34],
    nowrap: [0],
  }, (s) => ({ cells: [s.code, nm(s.nameVi, s.nameEn), s.level === null ? none : String(s.level), s.nsGrounds.map((g) => t(`ar.ns.${g}`)).join('; ')] }));

  const summaryTable = (rows: RuleSummary[]): SheetTable => ({
    head: [t('ar.rule'), t('ar.required'), t('ar.state.ok'), t('ar.state.due_soon'), t('ar.state.gap')],
    widths: [48, 13, 13, 13, 13],
    boxes: [1, 2, 3, 4],
    rows: rows.map((s) => ({ cells: [`${s.rule} · ${t(`rule.${s.rule}.title`)}`, String(s.required), String(s.counts.ok), String(s.counts.due_soon), String(s.counts.gap)] })),
  });

  // ---- 2 ----
  heading(t('ar.s2'));
  para(t('ar.s2.deployment', {
    full: r.deployment.full, partial: r.deployment.partial, none: r.deployment.none, noLevel: r.deployment['n/a'],
  }));
  const measured = r.systems.filter((s) => s.deployment !== 'n/a');
  if (measured.length) {
    table({
      caption: t('ar.s2.bySystem'),
      head: [t('ar.s1.code'), t('ar.s1.name'), t('ar.s1.level'), t('ar.s2.met'), t('ar.s2.status')],
      widths: [15, 45, 9, 15, 16],
      boxes: [2, 3],
      nowrap: [0],
      rows: capped(measured, ctx.registerUrl).map((s) => ({
        cells: [s.code, nm(s.nameVi, s.nameEn), String(s.level ?? none), s.checklist ? `${s.checklist.met}/${s.checklist.applicable} (${num(s.checklist.percent)} %)` : none, t(`ar.deploy.${s.deployment}`)],
        strong: s.deployment === 'none',
      })),
    });
  }
  sub(t('ar.s2.requirements'));
  listTable(r.requirements, t('ar.s2.requirementsNone'), {
    head: [t('ar.s1.code'), t('ar.s2.requirement'), t('ar.s2.status'), t('ar.s2.roadmap')],
    widths: [14, 38, 14, 34],
    nowrap: [0],
  }, (q) => ({
    cells: [
      q.systemCode,
      `${q.itemId} · ${locale === 'en' ? q.titleEn : q.titleVi}`,
      t(`chk.status.${q.status}`),
      [q.findingDue && t('ar.s2.findingDue', { date: formatDate(q.findingDue), title: q.findingTitle ?? '' }), q.note].filter(Boolean).join('\n') || t('ar.s2.noRoadmap'),
    ],
  }), r.requirementsTotal);
  sub(t('ar.s2.layers'));
  para(t('ar.s2.intro'));
  table(summaryTable(r.layers));

  // ---- 3 ----
  heading(t('ar.s3'));
  para(t('ar.s3.assessed', { met: r.assessed.met, required: r.assessed.required }));
  para(t('ar.s3.intro'), { small: true });
  table(summaryTable(r.assessmentRules));
  sub(t('ar.s3.performed', { n: r.assessments.length }));
  listTable(r.assessments, t('ar.s3.none'), {
    head: [t('ar.s3.date'), t('ar.s3.system'), t('ar.s3.assessor'), t('ar.s3.kind'), t('ar.s3.result'), t('ar.s3.reported')],
    widths: [12, 30, 20, 14, 12, 12],
  }, (a) => ({
    cells: [formatDate(a.performedDate), `${a.systemCode} ${nm(a.systemName, a.systemNameEn)}`, nm(a.assessorName, a.assessorNameEn),
      t(`assessment.kind.${a.kind}`), a.result ? t(`assessment.result.${a.result}`) : none, date(a.reportedDate)],
  }));

  // ---- 4 ----
  heading(t('ar.s4'));
  if (!r.operators.rows.length) para(t('ar.s4.none'));
  else {
    para(t('ar.s4.intro', { people: r.operators.people, certified: r.operators.certified }));
    table({
      head: [t('ar.s3.system'), t('ar.s1.level'), t('ar.s4.people'), t('ar.s4.certified'), t('ar.s4.updated'), t('ar.s4.hr01')],
      widths: [40, 8, 11, 14, 13, 14],
      boxes: [1, 2, 3, 4],
      rows: capped(r.operators.rows, ctx.registerUrl).map((x) => ({
        cells: [`${x.systemCode} ${nm(x.systemName, x.systemNameEn)}`, String(x.level), String(x.people), String(x.certified), String(x.updated), x.hr01 ? t(`ar.state.${x.hr01}`) : none],
        strong: x.hr01 === 'gap',
      })),
    });
  }

  // the readiness rule lines (views/readiness/rule.ejs, cited)
  const rule = (c: CitedResult | null) => {
    if (!c) return;
    const shown = Object.fromEntries(Object.entries(c.params ?? {}).map(([k, x]) => [k, typeof x === 'number' ? num(x) : /^\d{4}-\d{2}-\d{2}$/.test(x) ? formatDate(x) : x]));
    para(`${c.rule} · ${t(`ready.state.${c.state}`)} — ${t(`ready.rule.${c.rule}`)}${c.severity ? ` (${t(`sev.${c.severity}`)})` : ''}`, { bold: true });
    para(t(c.detail, shown), { small: true });
    if (c.dueDate && c.state !== 'ok') para(t('ready.dueBy', { date: formatDate(c.dueDate) }), { small: true });
    para(t('ready.citation', { citation: c.citation }), { small: true });
  };

  // ---- 5 ----
  heading(t('ar.s5'));
  para(r.drills.length ? t('ar.s5.count', { n: r.drills.length }) : t('ar.s5.none'));
  rule(r.drillRule);
  if (r.drills.length) {
    table({
      head: [t('ar.s5.date'), t('ar.s5.organisation'), t('ar.s5.system'), t('ar.s5.kind'), t('ar.s5.scenario'), t('ar.s5.participants')],
      widths: [11, 22, 13, 16, 28, 10],
      boxes: [5],
      rows: capped(r.drills, ctx.registerUrl).map((d) => ({
        cells: [formatDate(d.date), nm(d.organisationName, d.organisationNameEn), d.systemCode ?? none, t(`ready.kind.${d.kind}`), d.scenario, d.participants === null ? none : String(d.participants)],
      })),
    });
  }

  // ---- 6: the organisation's own ratio and the subtree's total, each named ----
  heading(t('ar.s6', { year: p.year }));
  const own = r.budgets.own;
  para(own
    ? t('ar.s6.ownRatio', { org: name, percent: pct(own.percent), state: t(`ar.state.${own.state}`) })
    : t('ar.s6.ownNone', { org: name, year: p.year }), { bold: true });
  if (r.orgCount > 1 && r.budgets.rows.length) {
    para(t('ar.s6.subtreeRatio', { org: name, percent: pct(r.budgets.percent), state: t(`ar.state.${r.budgets.state}`) }), { bold: true });
  }
  rule(r.budgetRule);
  if (!r.budgets.rows.length) para(t('ar.s6.none', { year: p.year }));
  else {
    table({
      head: [t('ar.s6.organisation'), t('ar.s6.system'), t('ar.s6.it'), t('ar.s6.security'), t('ar.s6.percent')],
      widths: [28, 16, 18, 18, 20],
      rows: [
        ...capped(r.budgets.rows, ctx.registerUrl).map((b) => ({
          cells: [nm(b.organisationName, b.organisationNameEn), b.systemCode ?? t('ar.s6.ownBudget'), num(b.itBudget), num(b.securitySpending), `${pct(b.percent)} · ${t(`ar.state.${b.state}`)}`],
          strong: b.state === 'gap',
        })),
        { cells: [r.orgCount > 1 ? t('ar.s6.subtreeTotal', { org: name }) : t('ar.s6.total', { org: name }), '', num(r.budgets.itBudget), num(r.budgets.securitySpending), pct(r.budgets.percent)], strong: true },
      ],
    });
  }

  // ---- 7 ----
  heading(t('ar.s7'));
  para(t('ar.s7.totals', { gaps: num(r.gapTotals.gaps), soon: num(r.gapTotals.dueSoon), date: formatDate(r.asOf) }), { bold: true });
  if (!r.gaps.length) para(t('ar.s7.none'));
  else {
    table({
      caption: t('ar.s7.summary'),
      head: [t('ar.rule'), t('ar.s7.gaps'), t('ar.s7.dueSoon'), t('ar.s7.worst')],
      widths: [52, 14, 14, 20],
      boxes: [1, 2],
      rows: [
        ...r.gapGroups.map((g) => ({ cells: [`${g.rule} · ${t(`rule.${g.rule}.title`)}`, String(g.gaps), String(g.dueSoon), g.worst ? t(`sev.${g.worst}`) : none] })),
        { cells: [t('ar.s1.sum'), String(r.gapTotals.gaps), String(r.gapTotals.dueSoon), ''], strong: true },
      ],
    });
    sub(t('ar.s7.details'));
    table({
      head: [t('ar.rule'), t('ar.s7.subject'), t('ar.s7.content'), t('ar.s7.due')],
      widths: [15, 27, 45, 13],
      rows: capped(r.gaps, ctx.gapsUrl, r.gapTotals.gaps + r.gapTotals.dueSoon).map((g) => {
        const res = g.result;
        const state = res.state === 'gap' && res.severity ? t(`sev.${res.severity}`) : t(`ar.state.${res.state}`);
        return {
          cells: [`${res.rule}\n${state}`, `${g.subject.code} ${nm(g.subject.nameVi, g.subject.nameEn)}`, t(res.messageKey, res.params ?? {}), date(res.dueDate)],
          strong: res.state === 'gap',
        };
      }),
    });
  }
  sub(t('ar.s7.recommend'));
  para(r.gaps.length ? t('ar.s7.recommendText') : t('ar.s7.recommendNone'));

  // ---- the submission, kept with the signatures ----
  const recipient = t(`ar.recipient.${p.basis}`);
  const closing: Block[] = [
    { kind: 'heading', text: t('ar.sub.title') },
    { kind: 'paragraph', text: t('ar.sub.deadlines', { internal: formatDate(p.internalDue), authority: formatDate(p.authorityDue), recipient }) },
  ];
  const s = r.submission;
  if (!s) closing.push({ kind: 'paragraph', text: t('ar.sub.notYet', { year: p.year }) });
  else {
    closing.push({ kind: 'paragraph', text: `- ${t('ar.sub.internal', { date: s.internalDate ? formatDate(s.internalDate) : t('ar.sub.pending') })}` });
    closing.push({ kind: 'paragraph', text: `- ${t('ar.sub.authority', { date: s.authorityDate ? formatDate(s.authorityDate) : t('ar.sub.pending'), recipient })}` });
    if (s.reference) closing.push({ kind: 'paragraph', text: `- ${t('ar.sub.reference', { ref: s.reference })}` });
  }

  const scope = r.orgCount > 1
    ? t('ar.doc.scope', { org: name, n: r.orgCount - 1, systems: r.systems.length })
    : t('ar.doc.scopeSingle', { org: name, systems: r.systems.length });
  const place = placeOf(r.organisation.address);
  return {
    title: `${t('ar.title')} ${p.year} — ${name}`,
    runningHeader: `${t('ar.title')} ${p.year} · ${name}`,
    form: nd331 ? t('ar.doc.form') : null,
    official: {
      parent: ctx.parent ? orgName(ctx.parent, locale) : null,
      issuer: name,
      number: t('ar.doc.number', { symbol: issuerSymbol(r.organisation.nameVi) }),
      ...nation(t),
      placeDate: t('ar.doc.placeDate', { place: place ?? t('doc.placeBlank'), year: p.year }),
    },
    kind: t('ar.doc.kind'),
    subject: t(`ar.doc.subject.${p.basis}`, { year: p.year }),
    opening: [
      { text: t('ar.doc.period', { from: formatDate(p.from), to: formatDate(p.to) }), center: true },
      { text: t(`ar.doc.basis.${p.basis}`, { org: name }) },
      { text: r.provisional ? scope : `${scope} ${t('ar.doc.asOf', { date: formatDate(r.asOf) })}` },
      ...(r.provisional ? [{ text: t('ar.provisional', { date: formatDate(r.asOf), end: formatDate(p.to) }), small: true, italic: true }] : []),
    ],
    blocks,
    closing,
    recipients: [
      t('ar.sign.recipients'),
      t('ar.sign.recipientAuthority', { recipient }),
      ...(ctx.parent ? [t('ar.sign.recipientParent', { org: orgName(ctx.parent, locale) })] : []),
      t('ar.sign.recipientArchive'),
    ],
    signatures: [{ role: t('ar.sign.preparer'), hint: t('ar.sign.hint') }, { role: t('ar.sign.head'), hint: t('ar.sign.headHint') }],
  };
}

/** One row of the register (Mẫu 08's list of systems): who runs it, its levels, decision, appraisal, regulation, flag. */
export function registerCells(s: ReportSystem, i: number, t: T, nm: (vi: string, en: string | null | undefined) => string, date: (d: string | null) => string): string[] {
  const none = t('common.none');
  return [
    String(i + 1),
    `${s.code}\n${nm(s.nameVi, s.nameEn)}\n${t(`lifecycle.${s.lifecycleStatus}`)}`,
    [t('ar.reg.owner', { org: s.ownerName }), t('ar.reg.operator', { org: s.operatorName }), t('ar.reg.unit', { org: s.securityUnitName ?? none })].join('\n'),
    String(s.proposedLevel ?? none),
    String(s.level ?? none),
    s.decisionNumber ? `${s.decisionNumber}\n${date(s.decisionDate)}${s.regime ? `\n${t(`level.regime.short.${s.regime}`)}` : ''}` : none,
    s.appraiser ? `${s.appraiser}\n${date(s.appraisalDate)}` : none,
    s.regulationNumber ? `${s.regulationNumber}\n${date(s.regulationDate)}` : none,
    s.nationalSecurityImportant ? t('common.yes') : '—',
  ];
}

