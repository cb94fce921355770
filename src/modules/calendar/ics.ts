// A minimal iCalendar (RFC 5545) writer for the calendar feed: all-day events only. Pure: the stamp
// time is passed in. Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 sequence.
import { addDays } from '../../domain/cadence.js';

export interface IcsEvent {
  /** stable across feeds so calendar apps update the event instead of duplicating it */
  uid: string;
  /** the all-day date, yyyy-mm-dd */
  date: string;
  summary: string;
  description?: string | undefined;
  url?: string | undefined;
  categories?: readonly string[] | undefined;
}

export interface IcsCalendar {
  name: string;
  events: readonly IcsEvent[];
  /** DTSTAMP of every event: when this feed was generated */
  stamp: Date;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines; other controls dropped. */
export function escapeText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3; // a lone surrogate is written as U+FFFD: 3 octets too
  return 4;
}

/**
 * Folds one content line (RFC 5545 §3.1): no line longer than 75 octets; a continuation line starts
 * with one space, which counts towards its 75. Splits between code points only, never inside one.
 */
export function foldLine(line: string): string {
  if (line.length <= MAX_OCTETS / 4 || Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const ch of line) {
    const n = utf8Length(ch.codePointAt(0)!);
    if (octets + n > limit) {
      out.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

const compactDate = (iso: string) => iso.replaceAll('-', '');

/** A UTC date-time in the basic format: 20251214T083000Z. */
export function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function eventLines(e: IcsEvent, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${compactDate(e.date)}`,
    // all-day: the end is exclusive, the next day
    `DTEND;VALUE=DATE:${compactDate(addDays(e.date, 1))}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
  if (e.url) lines.push(`URL:${e.url}`);
  lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  return lines;
}

/** The whole VCALENDAR, CRLF after every line (the last one included). */
export function icsCalendar(c: IcsCalendar): string {
  const stamp = utcStamp(c.stamp);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Capdo//Lich kiem tra danh gia//VI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(c.name)}`,
    `X-WR-CALNAME:${escapeText(c.name)}`,
    'X-WR-TIMEZONE:Asia/Ho_Chi_Minh',
    'REFRESH-INTERVAL;VALUE=DURATION:PT12H',
    'X-PUBLISHED-TTL:PT12H',
    ...c.events.flatMap((e) => eventLines(e, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
