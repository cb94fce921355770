// The approval decision of a level (quyết định phê duyệt cấp độ; Mẫu 06 of Decree 331/2026) as a Word draft
// in the layout of Decree 30/2020/NĐ-CP: the issuing body and the Quốc hiệu/Tiêu ngữ, number and symbol,
// place and date, "QUYẾT ĐỊNH" and its summary, the authority, the legal grounds (căn cứ), the articles
// (the level and what it rests on; the plan's national standard and the operator's duties; entry into
// force and who carries it out), Nơi nhận and the signature block. The issuing body is the one that
// approves at the level: the security unit for levels 1–2, the owner for 3–5 (Decree 331 Art 18; Decree
// 85 Art 12). An approved decision prints its number and date; one still in progress is marked DỰ THẢO.
import { formatDate } from '../../i18n/format.js';
import type { Locale, T } from '../../i18n/index.js';
import type { Organisation } from '../../db/schema/organisations.js';
import { grounds, officialHeader, pack, para, placeholder, recipientsAndSignature, run, titleBlock, type Child } from './docx-kit.js';
import type { PaperData } from './documents.service.js';
import { articleText, authorityLine, decreeName, headKind, issuerSymbol, nation, orgName, placeDate } from '../print/official.js';

export function decisionChildren(d: PaperData, t: T, locale: Locale): Child[] {
  const s = d.print.system;
  const dec = d.decision;
  const approved = dec.dossierStatus === 'approved';
  const level = dec.proposedLevel;
  const name = (o: Organisation | undefined) => (o ? orgName(o, locale) : null);
  const none = (what: string) => t('doc.missing', { what: t(what) });
  const approver = d.approver;
  const approverName = name(approver) ?? t('authority.owner');
  const operatorName = name(d.operator) ?? t('system.operator');
  const out: Child[] = [];

  if (!approved) out.push(para(t('dec.draft'), { bold: true, align: 'left', size: 12, after: 60 }));
  out.push(officialHeader({
    parent: name(d.approverParent),
    issuer: approverName,
    number: approved && dec.approvalNumber ? t('dec.number', { number: dec.approvalNumber }) : t('dec.numberBlank', { symbol: issuerSymbol(approver?.nameVi ?? '') }),
    ...nation(t),
    placeDate: placeDate(approver?.address, approved ? dec.approvalDate : null, t, d.asOf.slice(0, 4)),
  }));
  out.push(...titleBlock(t('dec.kind'), t('dec.subject', { name: s.nameVi })));
  out.push(para(approver ? authorityLine(approver, t, locale) : t('dec.authorityBlank'), { bold: true, align: 'center', size: 14, before: 240 }));

  // the legal grounds, then whose proposal and whose appraisal
  const appraisal = dec.appraisalBody
    ? t('dec.byAppraisal', { org: dec.appraisalBody, ref: dec.appraisalRef ?? '', date: formatDate(dec.appraisalDate) })
    : null;
  out.push(...grounds([
    ...(dec.regime === 'nd331' ? [1, 2] : [1, 2, 3]).map((i) => t(`dec.ground.${dec.regime}.${i}`)),
    t('dec.ground.mandate', { org: approverName }),
    appraisal
      ? t('dec.proposal.appraised', { operator: operatorName, appraisal })
      : t('dec.proposal', { operator: operatorName }),
  ]));
  if (!appraisal && level >= 3) out.push(para([placeholder(none('dec.appraisalOpinion'))], { indent: true }));
  out.push(para(t('dec.decides'), { bold: true, align: 'center', size: 14, before: 120 }));

  // Article 1: the level and what it rests on
  out.push(para([run(`${t('dec.article', { n: 1 })} `, { bold: true }), run(t('dec.a1', { level, name: s.nameVi, code: s.code }))], { indent: true }));
  const deciding = d.result.deciding.map((h) => `${t(`criterion.${h.id}`)} (${articleText(h.article, t)} ${decreeName(h.document, t)})`).join('; ');
  const lines = [
    t('dec.a1.owner', { org: name(d.owner) ?? '' }),
    t('dec.a1.operator', { org: operatorName }),
    d.securityUnit ? t('dec.a1.unit', { org: orgName(d.securityUnit, locale) }) : null,
    t('dec.a1.scope', { scope: t(`level.scope.${d.answers.scope}`) }),
    t('dec.a1.criteria', { criteria: deciding }),
    level > dec.computedLevel && dec.proposalReason ? t('dec.a1.raised', { minimum: dec.computedLevel, reason: dec.proposalReason }) : null,
    t('dec.a1.dossier', { version: d.version, date: formatDate(dec.submittedDate ?? dec.createdAt) }),
  ].filter((l): l is string => !!l);
  lines.forEach((l, i) => out.push(para(`${i + 1}. ${l}`, { indent: true })));
  if (!d.securityUnit) out.push(para([placeholder(none('system.securityUnit'))], { indent: true }));

  // Article 2: the plan's standard and the operator's duties
  out.push(para([run(`${t('dec.article', { n: 2 })} `, { bold: true }), run(t(`dec.a2.${dec.regime}`))], { indent: true }));
  out.push(para(t('dec.a2.duties', { operator: operatorName }), { indent: true }));
  out.push(para(t('dec.a2.a'), { indent: true }));
  out.push(para(dec.regulationNumber
    ? t('dec.a2.b.issued', { number: dec.regulationNumber, date: formatDate(dec.regulationDate) })
    : t('dec.a2.b'), { indent: true }));
  out.push(para(t(level >= 5 ? 'dec.a2.c.5' : level >= 3 ? 'dec.a2.c.3' : 'dec.a2.c'), { indent: true }));
  out.push(para(t('dec.a2.d'), { indent: true }));

  // Article 3: entry into force, who carries it out
  const executors = [operatorName, ...(d.securityUnit && d.securityUnit.id !== approver?.id ? [orgName(d.securityUnit, locale)] : [])].join(', ');
  out.push(para([run(`${t('dec.article', { n: 3 })} `, { bold: true }), run(t('dec.a3', { executors }))], { indent: true }));

  const kind = approver ? headKind(approver.nameVi) : 'head';
  const recipients = [
    t('ar.sign.recipients'),
    t('dec.to.article3'),
    ...(level >= 4 && dec.regime === 'nd331' ? [t('dec.to.bca')] : []),
    ...(dec.appraisalBody && dec.appraisalBody !== approver?.nameVi ? [`- ${dec.appraisalBody};`] : []),
    t('dec.to.archive', { symbol: issuerSymbol(d.operator?.nameVi ?? '') }),
  ];
  out.push(para('', { after: 240 }));
  out.push(recipientsAndSignature(recipients, [{
    authority: kind === 'chairman' ? [t('dec.sign.collective', { org: approver?.nameVi.replace(/\s+(tỉnh|thành phố)\s.*$/i, '') ?? '' })] : [],
    title: t(`dec.sign.${kind}`),
    hint: t('ar.sign.headHint'),
  }]));
  return out;
}

export function writeDecision(d: PaperData, t: T, locale: Locale): Promise<Buffer> {
  return pack({ title: `${t('dec.kind')} — ${d.print.system.nameVi}`, subject: d.print.system.code, children: decisionChildren(d, t, locale) });
}
