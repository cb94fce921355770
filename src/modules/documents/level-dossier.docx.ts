// The level dossier (hồ sơ đề xuất cấp độ) of one decision as a Word file the operator completes, signs and
// sends: its parts as Decree 331/2026 Art 21–22 list them (the same as Decree 85/2016 Art 15 and Circular
// 12/2022 Art 8): I. the overview of the system (owner, operator, security unit, scope, users served,
// hosting and separation), II. the level explanation (the criteria answered, the minimum level with the
// deciding articles, the proposed level and its reason), III. the security plan by requirement (the
// baseline items of the proposed level and regime with their status, notes and evidence), IV. the four layers, and
// for levels 4–5, V. the place for the security unit's professional opinion. Where the registry has no
// data, a highlighted "[chưa có dữ liệu: …]" stands in its place; a heading is never left empty.
import { AREAS } from '../../domain/catalog/index.js';
import { formatDate, formatNumber } from '../../i18n/format.js';
import type { Locale, T } from '../../i18n/index.js';
import { grid, heading, officialHeader, pack, para, placeholder, recipientsAndSignature, run, titleBlock, type Child } from './docx-kit.js';
import type { PaperData } from './documents.service.js';
import { articleText, decreeName, nation, orgName, placeDate } from '../print/official.js';
import type { Organisation } from '../../db/schema/organisations.js';
import type { SheetTable } from '../print/print.service.js';
import { evidenceLine, printSheet } from '../print/print.service.js';

/** The paragraph "label: value", or "label: [chưa có dữ liệu: what]" when the value is missing. */
function fact(label: string, value: string | null | undefined, missing: string): Child {
  return value
    ? para([run(`${label}: `, { bold: true }), run(value)], { align: 'left', after: 60 })
    : para([run(`${label}: `, { bold: true }), placeholder(missing)], { align: 'left', after: 60 });
}

export function dossierChildren(d: PaperData, t: T, locale: Locale): Child[] {
  const s = d.print.system;
  const dec = d.decision;
  const level = dec.proposedLevel;
  const a = d.answers;
  const none = (what: string) => t('doc.missing', { what: t(what) });
  const num = (n: number) => formatNumber(n, locale);
  const name = (o: Organisation | undefined) => (o ? orgName(o, locale) : null);
  const issuer = d.operator;
  const out: Child[] = [];

  out.push(officialHeader({
    parent: name(d.operatorParent),
    issuer: name(issuer) ?? '',
    number: null,
    ...nation(t),
    placeDate: placeDate(issuer?.address, null, t, d.asOf.slice(0, 4)),
  }));
  out.push(...titleBlock(t('dos.kind'), t('dos.subject', { name: s.nameVi }), [t('dos.proposed', { n: level })]));
  out.push(para(t(`dos.basis.${dec.regime}`), { italic: true, align: 'center' }));
  out.push(para(
    dec.dossierStatus === 'approved'
      ? t('dos.status.approved', { number: dec.approvalNumber ?? '', date: formatDate(dec.approvalDate) })
      : t('dos.status.pending', { status: t(`dossier.${dec.dossierStatus}`) }),
    { align: 'center', size: 12 },
  ));
  out.push(para(t('dos.version', { n: d.version, total: d.versions, date: formatDate(dec.createdAt) }), { align: 'center', size: 12, italic: true }));

  // ---- the parts of the dossier ----
  out.push(heading(t('dos.parts')));
  const parts = [
    t('dos.part.1'),
    t(s.lifecycleStatus === 'in_operation' ? 'dos.part.2.operating' : 'dos.part.2.new'),
    t('dos.part.3'),
    t('dos.part.4'),
    ...(level >= 4 ? [t('dos.part.5')] : []),
  ];
  parts.forEach((p, i) => out.push(para(`${i + 1}. ${p}`, { indent: true })));

  // ---- I. overview ----
  out.push(heading(t('dos.s1')));
  const orgFacts = (title: string, o: Organisation | undefined, what: string) => {
    out.push(heading(title, 13));
    if (!o) {
      out.push(para([placeholder(none(what))]));
      return;
    }
    out.push(fact(t('dos.org.name'), orgName(o, locale), none('dos.org.name')));
    out.push(fact(t('dos.org.address'), o.address, none('dos.org.address')));
    out.push(fact(t('dos.org.phone'), o.contactPhone, none('dos.org.phone')));
    out.push(fact(t('dos.org.email'), o.contactEmail, none('dos.org.email')));
    out.push(fact(t('dos.org.contact'), o.contactName, none('dos.org.contact')));
  };
  orgFacts(t('dos.s1.owner'), d.owner, 'system.owner');
  orgFacts(t('dos.s1.operator'), d.operator, 'system.operator');
  orgFacts(t('dos.s1.unit'), d.securityUnit, 'system.securityUnit');

  out.push(heading(t('dos.s1.system'), 13));
  const info = [a.infoPublic && t('level.q.infoPublic'), a.infoPrivate && t('level.q.infoPrivate'), a.infoPersonal && t('level.q.infoPersonal')].filter(Boolean).join(', ');
  const users = dec.regime === 'nd331'
    ? t('dos.users.nd331', { basic: num(a.basicPdSubjects), sensitive: num(a.sensitivePdSubjects) })
    : t('dos.users.nd85', { users: num(a.users) });
  out.push(fact(t('system.name'), s.nameVi, none('system.name')));
  out.push(fact(t('system.code'), s.code, none('system.code')));
  out.push(fact(t('dos.purpose'), s.description, none('dos.purpose')));
  out.push(fact(t('system.systemType'), t(`type.${s.systemType}`), none('system.systemType')));
  out.push(fact(t('system.prioritySector'), s.prioritySector ? t(`sector.${s.prioritySector}`) : t('sector.none'), none('system.prioritySector')));
  out.push(fact(t('system.lifecycleStatus'), t(`lifecycle.${s.lifecycleStatus}`), none('system.lifecycleStatus')));
  out.push(fact(s.lifecycleStatus === 'in_operation' ? t('system.goLiveDate') : t('dos.goLivePlanned'), formatDate(s.goLiveDate), none('system.goLiveDate')));
  out.push(fact(t('level.q.scope'), t(`level.scope.${a.scope}`), none('level.q.scope')));
  out.push(fact(t('dos.users'), users, none('dos.users')));
  out.push(fact(t('level.q.info'), [info, a.stateSecret !== 'none' ? t(`level.secret.${a.stateSecret}`) : null].filter(Boolean).join('; '), none('level.q.info')));
  out.push(fact(t('system.hosting'), `${t(`hosting.${s.hosting}`)} · ${t(`separation.${s.separation}`)}`, none('system.hosting')));
  out.push(fact(t('system.stateFunded'), t(s.stateFunded ? 'common.yes' : 'common.no'), none('system.stateFunded')));
  out.push(fact(t('system.nationalSecurityImportant'), t(s.nationalSecurityImportant ? 'common.yes' : 'common.no'), none('system.nationalSecurityImportant')));
  out.push(heading(t('dos.s1.architecture'), 13));
  out.push(para(t('dos.architecture'), { indent: true }));

  // ---- II. the level explanation ----
  out.push(heading(t('dos.s2')));
  out.push(heading(t('dos.s2.answers'), 13));
  const yes = t('common.yes');
  const flags = ['conditionalBusinessLine', 'handlesAdministrativeProcedures', 'onlinePublicServiceLevel3', 'nationalEGovernment', 'needs24x7', 'nationalSecurityWorks', 'centralNationalData', 'internationalInfrastructure', 'primeMinisterDecision', 'nationalSecurityImportant'] as const;
  const answerRows: SheetTable['rows'] = [
    { cells: [t('level.q.systemType'), t(`type.${a.systemType}`)] },
    { cells: [t('level.q.info'), info || t('common.none')] },
    { cells: [t('level.q.stateSecret'), t(`level.secret.${a.stateSecret}`)] },
    { cells: [t('level.q.scope'), t(`level.scope.${a.scope}`)] },
    ...(dec.regime === 'nd331'
      ? [{ cells: [t('level.q.basicPdSubjects'), num(a.basicPdSubjects)] }, { cells: [t('level.q.sensitivePdSubjects'), num(a.sensitivePdSubjects)] }]
      : [{ cells: [t('level.q.users'), num(a.users)] }]),
    { cells: [t('level.q.icsWorksGrade'), t(`level.ics.${a.icsWorksGrade}`)] },
    ...flags.map((k) => ({ cells: [t(`level.q.${k}`), a[k] ? yes : t('common.no')] })),
  ];
  out.push(...grid({ head: [t('dos.criterion'), t('dos.answer')], widths: [65, 35], rows: answerRows }));
  out.push(heading(t('dos.s2.minimum'), 13));
  out.push(para(t('dos.minimum', { n: d.result.minimumLevel }), { indent: true, bold: true }));
  for (const h of d.result.deciding) out.push(para(`- ${t(`criterion.${h.id}`)} (${articleText(h.article, t)} ${decreeName(h.document, t)}).`, { indent: true }));
  const others = d.result.hits.filter((h) => h.level < d.result.minimumLevel);
  if (others.length) {
    out.push(para(t('dos.otherHits'), { indent: true, italic: true }));
    for (const h of others) out.push(para(`- ${t('dash.levelN', { n: h.level })}: ${t(`criterion.${h.id}`)} (${articleText(h.article, t)} ${decreeName(h.document, t)}).`, { indent: true, size: 12 }));
  }
  out.push(heading(t('dos.s2.proposed'), 13));
  out.push(para(t('dos.proposedLevel', { n: level }), { indent: true, bold: true }));
  out.push(level > dec.computedLevel
    ? para(dec.proposalReason ? t('dos.reason', { reason: dec.proposalReason }) : [placeholder(none('level.proposalReason'))], { indent: true })
    : para(t('dos.sameAsMinimum'), { indent: true }));
  out.push(para(t('dossier.who', { appraiser: t(d.who.appraiser), approver: t(d.who.approver), article: d.who.article }), { indent: true, italic: true }));

  // ---- III. the security plan by requirement ----
  out.push(heading(t('dos.s3')));
  const st = d.plan.stats;
  out.push(para(t('dos.plan.basis', { level, catalogue: t(`dos.catalogue.${d.plan.catalogue}`) }), { indent: true }));
  if (d.plan.unverified) out.push(para(t('chk.unverified'), { italic: true, size: 11 }));
  out.push(para(t('print.stats', {
    total: st.applicable, met: st.met, partly: st.partlyMet, notMet: st.notMet, na: st.notApplicable, notAssessed: st.notAssessed, percent: st.percentMet,
  }), { indent: true }));
  for (const area of AREAS) {
    const rows = d.plan.items.filter((p) => p.item.area === area);
    if (!rows.length) continue;
    out.push(...grid({
      caption: t(`chk.area.${area}`),
      head: [t('chk.item'), t('chk.requirement'), t('dos.plan.status'), t('chk.note')],
      widths: [14, 46, 16, 24],
      nowrap: [0],
      rows: rows.map((p) => {
        const sub = evidenceLine(p.evidence, t);
        return { cells: [p.item.id, locale === 'en' ? p.item.title_en : p.item.title_vi, t(`chk.status.${p.status}`), p.note ?? ''], ...(sub ? { sub: { col: 1, text: sub } } : {}) };
      }),
    }));
  }

  // ---- IV. the four layers ----
  out.push(heading(t('dos.s4')));
  const layers = printSheet(d.print, t, locale).sections.find((x) => x.id === 'layers');
  for (const n of layers?.notes ?? []) out.push(para(n, { italic: true, size: 11 }));
  for (const tb of layers?.tables ?? []) out.push(...grid(tb));

  // ---- V. levels 4–5: the security unit's professional opinion ----
  if (level >= 4) {
    out.push(heading(t('dos.s5')));
    out.push(d.securityUnit
      ? para(t('dos.opinionBy', { org: orgName(d.securityUnit, locale) }), { indent: true })
      : para([placeholder(none('system.securityUnit'))]));
    for (let i = 0; i < 6; i++) out.push(para('.'.repeat(120), { after: 60, align: 'left' }));
    out.push(recipientsAndSignature([''], [{ authority: [], title: t('dos.unitHead'), hint: t('ar.sign.headHint') }]));
  }

  // ---- the operator signs ----
  const recipients = [
    t('ar.sign.recipients'),
    ...(level >= 4
      ? [t('dos.to.opinion', { org: name(d.securityUnit) ?? t('system.securityUnit') }), t(`dos.to.appraise.${dec.regime}`)]
      : [t('dos.to.appraiseUnit', { org: name(d.securityUnit) ?? t('system.securityUnit') })]),
    t('ar.sign.recipientArchive'),
  ];
  out.push(para('', { after: 240 }));
  out.push(recipientsAndSignature(recipients, [{ authority: [], title: t('dos.operatorHead'), hint: t('ar.sign.headHint') }]));
  return out;
}

export function writeDossier(d: PaperData, t: T, locale: Locale): Promise<Buffer> {
  return pack({ title: `${t('dos.kind')} — ${d.print.system.nameVi}`, subject: d.print.system.code, children: dossierChildren(d, t, locale) });
}
