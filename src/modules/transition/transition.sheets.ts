// The move to Decree 331 as spreadsheets (through the one XLSX writer, src/web/xlsx.ts): the organisation's
// table with a sheet of every system's work list, and one system's plan (proposals to confirm, work list).
import { formatDate } from '../../i18n/format.js';
import type { Locale, T } from '../../i18n/index.js';
import type { XlsxSheet } from '../../web/xlsx.js';
import type { TransitionItem } from '../../domain/transition.js';
import type { OrgTransition, SystemPlan } from './transition.service.js';

interface Lang {
  t: T;
  locale: Locale;
}

const name = (s: { nameVi: string; nameEn: string | null }, locale: Locale) => (locale === 'en' && s.nameEn ? s.nameEn : s.nameVi);
/** The sheet's columns, key → the dictionary key of its header, in order. */
const columns = (t: T, headers: Record<string, string>) => Object.entries(headers).map(([key, header]) => ({ header: t(header), key }));
const title = (t: TransitionItem, locale: Locale) => (locale === 'en' ? t.item.title_en : t.item.title_vi);
const links = (t: TransitionItem, l: Lang) => t.links.map((x) => `${x.itemId} (${l.t(`tr.kind.${x.relation}`)}: ${l.t(`chk.status.${x.status}`)})`).join('; ');

export function organisationSheets(data: OrgTransition, l: Lang): XlsxSheet[] {
  const { t, locale } = l;
  const table: XlsxSheet = {
    name: t('tr.sheet.systems'),
    columns: columns(t, {
      code: 'tr.col.code', name: 'tr.col.system', level: 'tr.col.level', minimum: 'tr.col.nd331Minimum',
      stage: 'tr.col.stage', applicable: 'tr.col.applicable', met: 'tr.col.met', proposals: 'tr.col.proposals',
      confirmed: 'tr.col.confirmed', workLeft: 'tr.col.workLeft', due: 'tr.col.due', daysLeft: 'tr.col.daysLeft'
    }),
    rows: data.rows.map((r) => ({
      code: r.system.code, name: name(r.system, locale), level: r.level, minimum: r.nd331Minimum, stage: t(`tr.stage.${r.progress.stage}`),
      applicable: r.progress.applicable, met: r.progress.met, proposals: r.progress.proposals, confirmed: r.progress.confirmed, workLeft: r.progress.workLeft,
      due: formatDate(r.dueDate), daysLeft: r.daysLeft,
    })),
  };
  return [table];
}

export function planSheets(plan: SystemPlan, l: Lang): XlsxSheet[] {
  const { t, locale } = l;
  const answer = (t2: TransitionItem) => plan.answers.get(t2.item.id);
  const proposals: XlsxSheet = {
    name: t('tr.sheet.proposals'),
    columns: columns(t, {
      id: 'tr.col.item', title: 'chk.requirement', proposed: 'tr.col.proposed', from: 'tr.col.from',
      note: 'chk.note'
    }),
    rows: plan.proposals.map((x) => ({
      id: x.item.id, title: title(x, locale), proposed: t(`chk.status.${x.proposal!.status}`), from: links(x, l), note: x.proposal!.note ?? '',
    })),
  };
  const work: XlsxSheet = {
    name: t('tr.sheet.work'),
    columns: columns(t, {
      id: 'tr.col.item', title: 'chk.requirement', kind: 'tr.col.kind', status: 'tr.col.status',
      from: 'tr.col.from', note: 'chk.note'
    }),
    rows: plan.work.map((x) => ({
      id: x.item.id, title: title(x, locale), kind: t(`tr.kind.${x.kind}`), status: t(`chk.status.${answer(x)?.status ?? 'not_assessed'}`),
      from: links(x, l), note: plan.checklist.all.find((r) => r.item.id === x.item.id)?.answer?.note ?? '',
    })),
  };
  return [proposals, work];
}
