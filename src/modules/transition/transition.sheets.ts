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
const title = (t: TransitionItem, locale: Locale) => (locale === 'en' ? t.item.title_en : t.item.title_vi);
const links = (t: TransitionItem, l: Lang) => t.links.map((x) => `${x.itemId} (${l.t(`tr.kind.${x.relation}`)}: ${l.t(`chk.status.${x.status}`)})`).join('; ');

export function organisationSheets(data: OrgTransition, l: Lang): XlsxSheet[] {
  const { t, locale } = l;
  const table: XlsxSheet = {
    name: t('tr.sheet.systems'),
    columns: [
      { header: t('tr.col.code'), key: 'code' },
      { header: t('tr.col.system'), key: 'name' },
      { header: t('tr.col.level'), key: 'level' },
      { header: t('tr.col.nd331Minimum'), key: 'minimum' },
      { header: t('tr.col.stage'), key: 'stage' },
      { header: t('tr.col.applicable'), key: 'applicable' },
      { header: t('tr.col.met'), key: 'met' },
      { header: t('tr.col.proposals'), key: 'proposals' },
      { header: t('tr.col.confirmed'), key: 'confirmed' },
      { header: t('tr.col.workLeft'), key: 'workLeft' },
      { header: t('tr.col.due'), key: 'due' },
      { header: t('tr.col.daysLeft'), key: 'daysLeft' },
    ],
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
    columns: [
      { header: t('tr.col.item'), key: 'id' },
      { header: t('chk.requirement'), key: 'title' },
      { header: t('tr.col.proposed'), key: 'proposed' },
      { header: t('tr.col.from'), key: 'from' },
      { header: t('chk.note'), key: 'note' },
    ],
    rows: plan.proposals.map((x) => ({
      id: x.item.id, title: title(x, locale), proposed: t(`chk.status.${x.proposal!.status}`), from: links(x, l), note: x.proposal!.note ?? '',
    })),
  };
  const work: XlsxSheet = {
    name: t('tr.sheet.work'),
    columns: [
      { header: t('tr.col.item'), key: 'id' },
      { header: t('chk.requirement'), key: 'title' },
      { header: t('tr.col.kind'), key: 'kind' },
      { header: t('tr.col.status'), key: 'status' },
      { header: t('tr.col.from'), key: 'from' },
      { header: t('chk.note'), key: 'note' },
    ],
    rows: plan.work.map((x) => ({
      id: x.item.id, title: title(x, locale), kind: t(`tr.kind.${x.kind}`), status: t(`chk.status.${answer(x)?.status ?? 'not_assessed'}`),
      from: links(x, l), note: plan.checklist.all.find((r) => r.item.id === x.item.id)?.answer?.note ?? '',
    })),
  };
  return [proposals, work];
}
