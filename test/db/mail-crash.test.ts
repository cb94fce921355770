// Crash safety of the outbox, with the harness of crash.test.ts: the real sender (`npm run reminders`) in a
// child process delivers to a real SMTP server in this process, and is SIGKILLed once the server holds a
// whole message but before the sender could mark it sent. A second run loses nothing: every message
// arrives, the interrupted one twice with the same Message-ID (at-least-once, duplicates recognisable).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { users } from '../../src/db/schema/users.js';
import type { MailPayload } from '../../src/modules/mail/mail-render.js';
import { activeUsersOf } from '../../src/modules/mail/mail.repository.js';
import { enqueue } from '../../src/modules/mail/outbox.service.js';
import { seedFixture } from '../helpers/app.js';
import { startSmtp } from '../helpers/smtp.js';

const dir = mkdtempSync(join(tmpdir(), 'capdo-mail-crash-'));
const dbPath = join(dir, 'capdo.db');
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

function runReminders(smtpUrl: string): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/modules/reminders/reminders-cli.ts', '--send-only'], {
    env: {
      ...process.env, DATABASE_PATH: dbPath, NODE_ENV: 'development', SEED_DEMO: 'false', SMTP_URL: smtpUrl,
      MAIL_FROM: 'Capdo <capdo@anhoa.gov.vn>', SESSION_SECRET: 'crash-secret-crash-secret-crash-secret-1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (d) => (out += String(d)));
  child.stderr?.on('data', (d) => (out += String(d)));
  return { child, output: () => out };
}

async function prepare(n: number): Promise<void> {
  const db = openDatabase(dbPath);
  migrateDatabase(db);
  const fx = await seedFixture(db);
  db.update(users).set({ email: 'nguoi.nhan@anhoa.gov.vn' }).run();
  db.transaction((tx) => {
    const [r] = activeUsersOf(tx, [fx.org.deptA2]);
    for (let i = 1; i <= n; i++) {
      const payload: MailPayload = {
        sender: 'Ủy ban nhân dân tỉnh An Hòa', heading: `Thông báo số ${i}`, greeting: 'Kính gửi anh/chị,', paragraphs: ['Nội dung kiểm thử.'],
        facts: [], sections: [], link: null, reason: 'Kiểm thử.',
      };
      enqueue(tx, { kind: 'finding', recipient: r!, subject: `Thông báo kiểm thử số ${i}`, payload });
    }
  });
  db.$client.close();
}

describe('the outbox across a SIGKILL between send and mark', () => {
  it('loses no message: the next run sends the interrupted one again, with the same Message-ID', async () => {
    await prepare(5);
    let whole = 0;
    let first: ReturnType<typeof runReminders> | undefined;
    // the third message is taken in full; the sender dies before it hears the answer and before it marks the row
    const smtp = await startSmtp({
      beforeAnswer: () => {
        whole += 1;
        if (whole !== 3) return true;
        first!.child.kill('SIGKILL');
        return false;
      },
    });
    try {
      first = runReminders(smtp.url);
      await exited(first.child);
      expect(first.child.signalCode, first.output()).toBe('SIGKILL');

      const peek = new Database(dbPath, { readonly: true, fileMustExist: true });
      const afterKill = peek.prepare('SELECT status, count(*) AS n FROM mail_outbox GROUP BY status ORDER BY status').all();
      peek.close();
      expect(afterKill).toEqual([
        { status: 'pending', n: 2 },
        { status: 'sending', n: 1 },
        { status: 'sent', n: 2 },
      ]);

      const second = runReminders(smtp.url);
      await exited(second.child);
      expect(second.child.exitCode, second.output()).toBe(0);
      expect(second.output()).toContain('mail: 3 sent, 0 to retry later, 0 failed');
      await smtp.settled();

      const check = new Database(dbPath, { readonly: true, fileMustExist: true });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = check.prepare('SELECT message_id AS messageId, status, attempts, last_error AS lastError FROM mail_outbox ORDER BY id').all() as {
        messageId: string; status: string; attempts: number; lastError: string | null;
      }[];
      check.close();
      expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
      // the interrupted one was claimed twice; the others once
      expect(rows.map((r) => r.attempts)).toEqual([1, 1, 2, 1, 1]);

      const got = smtp.received.map((m) => m.mail.messageId);
      const header = (id: string) => `<${id}@anhoa.gov.vn>`;
      for (const [i, r] of rows.entries()) {
        expect(got.filter((g) => g === header(r.messageId)), `message ${i + 1}`).toHaveLength(i === 2 ? 2 : 1);
      }
      expect(got).toHaveLength(6);
      expect(smtp.received.map((m) => m.mail.subject).sort()).toEqual([1, 2, 3, 3, 4, 5].map((i) => `Thông báo kiểm thử số ${i}`));
    } finally {
      await smtp.close();
    }
  }, 90_000);
});
