// The one date/number helper: dd/mm/yyyy, Asia/Ho_Chi_Minh, VND as integers.
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's date in Vietnam as yyyy-mm-dd (rules take it as an argument; only callers read the clock). */
const DAY_IN_VIETNAM = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export function todayIso(now: Date = new Date()): string {
  return DAY_IN_VIETNAM.format(now);
}

/** yyyy-mm-dd or an ISO timestamp → dd/mm/yyyy (timestamps shown in Vietnam time). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = ISO_DATE.exec(value);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return DATE_IN_VIETNAM.format(d);
}

// Intl formatters are costly to make and safe to share: one of each
const DATE_IN_VIETNAM = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const DATE_TIME_IN_VIETNAM = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
});
const NUMBER = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-GB') };

/** ISO timestamp → dd/mm/yyyy HH:mm in Vietnam time. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const parts = DATE_TIME_IN_VIETNAM.formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}

/**
 * A "from – to" filter typed by a user: each bound parsed (a bad one gets `v.date` in `errors`); a "to"
 * before the "from" gets `rangeMessage` and is dropped. Returns the ISO bounds that hold.
 */
export function parseDateRange(
  values: { from?: string; to?: string }, errors: Record<string, string>, rangeMessage: string,
): { from?: string; to?: string } {
  const range: { from?: string; to?: string } = {};
  for (const key of ['from', 'to'] as const) {
    if (!values[key]) continue;
    const iso = parseDateInput(values[key]);
    if (iso) range[key] = iso;
    else errors[key] = 'v.date';
  }
  if (range.from && range.to && range.from > range.to) {
    errors.to = rangeMessage;
    delete range.to;
  }
  return range;
}

/** dd/mm/yyyy or yyyy-mm-dd typed by a user → yyyy-mm-dd, or null when it is not a real date. */
export function parseDateInput(input: string): string | null {
  const s = input.trim();
  let y: number, mo: number, d: number;
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) {
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = ISO_DATE.exec(s))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  if (y < 1900 || y > 2200) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function formatNumber(n: number | null | undefined, locale: string): string {
  if (n === null || n === undefined) return '';
  return (locale === 'en' ? NUMBER.en : NUMBER.vi).format(n);
}

export { fold } from '../domain/text.js';
