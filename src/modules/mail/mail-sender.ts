// Delivers the outbox. Each message is claimed (one UPDATE that only one sender can win), sent with its
// own Message-ID, then marked with the server's answer by the claim's holder only.
//
// The guarantee is at-least-once delivery: a crash after the server took the message and before the
// mark leaves the row "sending"; the next run takes the claim back (at once when the claiming process on
// this host is gone, otherwise after CLAIM_LEASE_MS) and sends it again with the same Message-ID, so a
// duplicate is recognisable and mail systems that de-duplicate by Message-ID drop it.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import nodemailer from 'nodemailer';
import type { Db } from '../../db/client.js';
import { renderMessage, type MailSettings } from './mail-render.js';
import * as repo from './mail.repository.js';

/** A claim older than this is abandoned even when its process cannot be checked (another host). */
export const CLAIM_LEASE_MS = 15 * 60_000;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 6 * 3_600_000;

/** Waiting time before attempt n+1 after n failed ones: 1, 2, 4, 8 … minutes, at most 6 hours. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1));
}

export interface DeliveryReport {
  /** false: no SMTP server configured, nothing was tried */
  configured: boolean;
  sent: number;
  retrying: number;
  failed: number;
  /** abandoned claims given back before sending */
  recovered: number;
}

// host:pid:boot — the boot id tells this process from an earlier one that had the same pid (a container's pid 1)
const BOOT = randomUUID().slice(0, 8);
const CLAIMANT = `${hostname()}:${process.pid}:${BOOT}`;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A claim nobody will finish: its process on this host is gone, or it is older than the lease. */
function abandoned(claim: { claimedAt: string | null; claimedBy: string | null }, now: number): boolean {
  if (claim.claimedAt === null || now - Date.parse(claim.claimedAt) > CLAIM_LEASE_MS) return true;
  const m = /^(.*):(\d+):([0-9a-f]{8})$/.exec(claim.claimedBy ?? '');
  if (!m || m[1] !== hostname()) return false;
  const pid = Number(m[2]);
  if (pid === process.pid) return m[3] !== BOOT;
  return !processAlive(pid);
}

/** Gives back the claims of senders that died between sending and marking. */
export function recoverAbandoned(db: Db, now = new Date()): number {
  let n = 0;
  for (const c of repo.sendingMessages(db)) {
    if (abandoned(c, now.getTime()) && repo.releaseClaim(db, c.id, c.attempts, 'mail.error.interrupted', now.toISOString())) n += 1;
  }
  return n;
}

interface SmtpError extends Error {
  responseCode?: number;
  response?: string;
  code?: string;
}

/**
 * A 5xx answer to this message (an unknown mailbox, refused content) is final: trying again would not
 * help. A 5xx at sign-in or greeting is the server's setup (wrong password): every message waits for it.
 */
const permanent = (err: SmtpError) =>
  (err?.code === 'EENVELOPE' || err?.code === 'EMESSAGE') && typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600;

function describe(err: unknown): string {
  const e = err as SmtpError;
  const text = e?.response ?? e?.message ?? String(err);
  return (e?.code && !text.includes(e.code) ? `${e.code}: ${text}` : text).slice(0, 1000);
}

export interface DeliverOptions {
  now?: Date;
  /** messages tried in one run */
  limit?: number;
}

/**
 * Sends what is due. Without an SMTP server configured nothing is touched: the messages wait, pending,
 * and the outbox page says why.
 */
export async function deliverPending(db: Db, s: MailSettings, o: DeliverOptions = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { configured: s.smtpUrl !== null, sent: 0, retrying: 0, failed: 0, recovered: 0 };
  if (!s.smtpUrl) return report;
  const clock = () => o.now ?? new Date();
  report.recovered = recoverAbandoned(db, clock());
  const ids = repo.dueMessageIds(db, clock().toISOString(), o.limit ?? 200);
  if (!ids.length) return report;
  const transport = nodemailer.createTransport({
    url: s.smtpUrl,
    pool: true,
    maxConnections: 1,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  try {
    for (const id of ids) {
      const row = repo.claimMessage(db, id, CLAIMANT, clock().toISOString());
      if (!row) continue; // another sender took it
      const attempt = row.attempts;
      // an account deactivated since the message was written gets nothing more
      if (row.userId !== null && !repo.userIsActive(db, row.userId)) {
        repo.markAttemptFailed(db, id, attempt, { error: 'mail.cancel.inactive', response: null, retryAt: null, nowIso: clock().toISOString(), status: 'cancelled' });
        continue;
      }
      try {
        const m = renderMessage(row, s);
        const info = (await transport.sendMail({
          from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId, headers: m.headers,
        })) as { response?: string };
        repo.markSent(db, id, attempt, (info.response ?? '').slice(0, 1000), clock().toISOString());
        report.sent += 1;
      } catch (err) {
        const e = err as SmtpError;
        const giveUp = permanent(e) || attempt >= s.maxAttempts;
        const retryAt = giveUp ? null : new Date(clock().getTime() + retryDelayMs(attempt)).toISOString();
        repo.markAttemptFailed(db, id, attempt, { error: describe(e), response: e?.response?.slice(0, 1000) ?? null, retryAt, nowIso: clock().toISOString() });
        if (giveUp) report.failed += 1;
        else report.retrying += 1;
      }
    }
  } finally {
    transport.close();
  }
  return report;
}
