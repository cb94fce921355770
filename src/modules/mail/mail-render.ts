// An outbox row → the message that goes out: UTF-8 subject, a plain-text part and an HTML part (from
// views/mail/message.ejs; inline styles are allowed only there, mail clients ignore style sheets), the
// per-message Message-ID and the one-click unsubscribe headers (RFC 2369, RFC 8058). No images at all,
// so no tracking pixel. The words were written in the recipient's language when the row was; only the
// links (APP_URL) and the unsubscribe signature are added here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import type { Config } from '../../config.js';
import type { OutboxRow } from '../../db/schema/mail.js';
import { translator } from '../../i18n/index.js';
import { unsubscribeToken } from './preferences.service.js';

/** A line of the digest: one thing that falls due. */
export interface DigestLine {
  /** dd/mm/yyyy */
  date: string;
  /** "còn 5 ngày", "trễ 3 ngày" */
  when: string;
  text: string;
  /** the systems it concerns, as "CODE — name" (empty: the whole scope) */
  systems: string;
  rule: string;
  /** where in Capdo to act on it */
  path: string;
}

export interface DigestSection {
  key: 'overdue' | 'tomorrow' | 'week' | 'month';
  title: string;
  lines: DigestLine[];
  /** lines left out of a long section (the calendar page has them all) */
  more: number;
}

/** Everything a message says, in the recipient's language, fixed when the row is written. */
export interface MailPayload {
  /** the organisation the mail speaks for, shown in the sender's display name */
  sender: string | null;
  heading: string;
  greeting: string;
  paragraphs: string[];
  facts: Array<[string, string]>;
  sections: DigestSection[];
  /** the main link, as a path of the app */
  link: { path: string; label: string } | null;
  /** why this person receives this mail */
  reason: string;
}

export interface MailSettings {
  appUrl: string;
  smtpUrl: string | null;
  smtpHost: string | null;
  from: Readonly<{ name: string | null; address: string }> | null;
  digestTime: Readonly<{ hour: number; minute: number }> | null;
  maxAttempts: number;
  /** days a finished message keeps its recipient and text */
  retentionDays: number;
  /** signs the unsubscribe links: the session secret */
  secret: string;
}

export function mailSettings(config: Config): MailSettings {
  return { appUrl: config.appUrl, ...config.mail, secret: config.sessionSecret };
}

const TEMPLATE = fileURLToPath(new URL('../../../views/mail/message.ejs', import.meta.url));
let compiled: ejs.TemplateFunction | undefined;

function template(): ejs.TemplateFunction {
  compiled ??= ejs.compile(readFileSync(TEMPLATE, 'utf8'), { filename: TEMPLATE });
  return compiled;
}

export interface RenderedMessage {
  from: { name: string; address: string };
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

/** `<uuid@domain of MAIL_FROM>`: the same for every attempt at the same row. */
export function messageIdHeader(row: Pick<OutboxRow, 'messageId'>, s: Pick<MailSettings, 'from'>): string {
  const domain = s.from?.address.split('@')[1] ?? 'capdo.invalid';
  return `<${row.messageId}@${domain}>`;
}

/**
 * The message as it goes out. `preview`: for the outbox page, where the admin must not get the recipient's
 * unsubscribe link (it would let them change someone else's choice in that person's name).
 */
export function renderMessage(row: OutboxRow, s: MailSettings, o: { preview?: boolean } = {}): RenderedMessage {
  const t = translator(row.locale);
  const p = row.payload as unknown as MailPayload;
  const url = (path: string) => `${s.appUrl}${path}`;
  const token = row.userId === null ? null : o.preview ? '…' : unsubscribeToken(s.secret, row.userId, row.kind);
  const unsubscribeUrl = token ? url(`/unsubscribe/${token}`) : null;
  const preferencesUrl = url('/account/notifications');
  const brand = s.from?.name ?? 'Capdo';
  const data = { t, p, subject: row.subject, url, unsubscribeUrl, preferencesUrl, kindLabel: t(`mail.kind.${row.kind}`), lang: row.locale };
  return {
    from: { name: p.sender ? `${brand} — ${p.sender}` : brand, address: s.from?.address ?? 'capdo@capdo.invalid' },
    to: { name: row.toName, address: row.toAddress },
    subject: row.subject,
    text: plainText(p, data),
    html: template()(data),
    messageId: messageIdHeader(row, s),
    headers: {
      ...(unsubscribeUrl ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
      // RFC 3834: no auto-replies (out-of-office) to a machine
      'Auto-Submitted': 'auto-generated',
    },
  };
}

/** The plain-text part: the same content as the HTML one, in the same order. */
function plainText(
  p: MailPayload,
  d: { t: (k: string, params?: Record<string, string | number>) => string; url: (path: string) => string; unsubscribeUrl: string | null; preferencesUrl: string; kindLabel: string },
): string {
  const out: string[] = [p.heading, '', p.greeting, ''];
  for (const para of p.paragraphs) out.push(para, '');
  if (p.facts.length) {
    for (const [label, value] of p.facts) out.push(`${label}: ${value}`);
    out.push('');
  }
  for (const s of p.sections) {
    out.push(`${s.title} (${s.lines.length + s.more})`, '-'.repeat(Math.min(60, s.title.length + 6)));
    for (const l of s.lines) {
      out.push(`* ${l.date} (${l.when}) — ${l.text}`);
      if (l.systems) out.push(`  ${l.systems}`);
      out.push(`  ${l.rule} · ${d.url(l.path)}`);
    }
    if (s.more) out.push(`  ${d.t('mail.digest.more', { n: s.more })}`);
    out.push('');
  }
  if (p.link) out.push(`${p.link.label}: ${d.url(p.link.path)}`, '');
  out.push('--', p.reason);
  if (d.unsubscribeUrl) out.push(d.t('mail.footer.unsubscribe', { kind: d.kindLabel }), d.unsubscribeUrl);
  out.push(d.t('mail.footer.preferences'), d.preferencesUrl, d.t('mail.footer.noReply'));
  return out.join('\n');
}
