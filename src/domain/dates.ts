// The one date helper of the domain: ISO calendar days ('yyyy-mm-dd'), compared as strings, with
// arithmetic in UTC (never local time), and the day in Vietnam of a stored UTC timestamp. Vietnam keeps
// UTC+7 all year (no daylight saving), so a day there is a fixed 7-hour shift of a UTC day.

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Vietnam's offset from UTC, all year. */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;

// The same few thousand days are converted millions of times in a full evaluation (every rule of 20 000
// systems compares dates): each conversion is kept, both ways, up to a bound.
const KEPT_DAYS = 50_000;
const msOfDay = new Map<string, number>();
const dayOfMs = new Map<number, string>();

function keep<K, V>(m: Map<K, V>, k: K, v: V): V {
  if (m.size >= KEPT_DAYS) m.clear();
  m.set(k, v);
  return v;
}

function toMs(date: string): number {
  const kept = msOfDay.get(date);
  if (kept !== undefined) return kept;
  const m = ISO_DATE.exec(date);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  const ms = Date.UTC(y, mo - 1, d);
  if (Number.isNaN(ms) || fromMs(ms) !== date) throw new RangeError(`not an ISO date (yyyy-mm-dd): ${date}`);
  return keep(msOfDay, date, ms);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function fromMs(ms: number): string {
  const kept = dayOfMs.get(ms);
  if (kept !== undefined) return kept;
  const d = new Date(ms);
  return keep(dayOfMs, ms, `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`);
}

/** A real calendar day written yyyy-mm-dd. */
export function isIsoDate(date: string): boolean {
  try {
    toMs(date);
    return true;
  } catch {
    return false;
  }
}

/** `date` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  return fromMs(toMs(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toMs(to) - toMs(from)) / DAY_MS);
}

/** The same day n months later (or earlier); a day past the month's end falls back to its last day (29 Feb → 28 Feb). */
export function addMonths(date: string, months: number): string {
  toMs(date); // validates
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = y * 12 + (m - 1) + months;
  const ty = Math.floor(target / 12);
  const tm = target - ty * 12; // 0–11
  const lastDay = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return `${pad(ty, 4)}-${pad(tm + 1)}-${pad(Math.min(d, lastDay))}`;
}

/** `year`-`month`-`day` as an ISO day (month 1–12). */
export function isoDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The day in Vietnam of an instant (ms since the epoch). */
export function vietnamDayOf(ms: number): string {
  return fromMs(Math.floor((ms + VIETNAM_OFFSET_MS) / DAY_MS) * DAY_MS);
}

/** The day in Vietnam of a stored UTC timestamp ('2026-11-24T17:30:00.000Z' → '2026-11-25'); a bare day is itself. */
export function vietnamDayOfTimestamp(timestamp: string): string {
  if (ISO_DATE.test(timestamp)) return timestamp;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? timestamp.slice(0, 10) : vietnamDayOf(ms);
}

/** Milliseconds from the instant `now` to the next midnight in Vietnam. */
export function msToVietnamMidnight(now: number): number {
  return DAY_MS - ((now + VIETNAM_OFFSET_MS) % DAY_MS);
}
