// The in-process schedule, started by server.ts only (never by tests or createApp): the daily job at
// DIGEST_TIME in Asia/Ho_Chi_Minh, and the sender — at start, every minute (retries, and messages that
// other processes wrote), and right after a message is written.
import { Cron } from 'croner';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { TIME_ZONE } from '../../i18n/format.js';
import { engineConfigFrom } from '../evaluation/index.js';
import { describeDailyReport, runDailyJob } from './digest.service.js';
import { deliverPending, mailSettings, onEnqueued } from '../mail/index.js';

export interface MailScheduler {
  stop(): void;
  /** when the daily job runs next; null without DIGEST_TIME */
  nextDigest(): Date | null;
}

/** Minutes since midnight in Vietnam (UTC+7 all year). */
const vietnamMinutes = (now: Date) => (Math.floor(now.getTime() / 60_000) + 7 * 60) % (24 * 60);

/** Where the scheduler's lines go: the server's logger (pino), or the console. */
export interface MailLog {
  info(line: string): void;
  error(line: string): void;
}
const consoleLog: MailLog = { info: (line) => console.log(line), error: (line) => console.error(line) };
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function startMailScheduler(
  db: Db, config: Config, log: MailLog = consoleLog, o: { catchUp?: boolean } = {},
): MailScheduler {
  const settings = mailSettings(config);
  const jobs: Cron[] = [];
  let digestJob: Cron | undefined;
  let stopped = false;
  const live = () => !stopped && db.$client.open;
  let unsubscribe: (() => void) | undefined;
  let running: Promise<void> | null = null;
  let again = false;

  // one delivery at a time in this process; a request while one runs makes it go round once more
  const deliver = (): void => {
    if (!live()) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const r = await deliverPending(db, settings);
          if (r.sent || r.retrying || r.failed) log.info(`mail: ${r.sent} sent, ${r.retrying} to retry later, ${r.failed} failed`);
        } catch (err) {
          log.error(`mail: delivery failed: ${messageOf(err)}`);
        }
      } while (again && live());
    })().finally(() => {
      running = null;
    });
  };

  const daily = (): void => {
    if (!live()) return;
    try {
      const r = runDailyJob(db, engineConfigFrom(config), { retentionDays: config.mail.retentionDays });
      log.info(describeDailyReport(r));
    } catch (err) {
      log.error(`reminders: the daily job failed: ${messageOf(err)}`);
    }
    deliver();
  };

  if (settings.digestTime) {
    const { hour, minute } = settings.digestTime;
    digestJob = new Cron(`${minute} ${hour} * * *`, { timezone: TIME_ZONE, protect: true }, daily);
    jobs.push(digestJob);
    // started after today's time (a restart, a deployment): catch up; a user is never sent two digests a day
    if (o.catchUp !== false && vietnamMinutes(new Date()) >= hour * 60 + minute) setImmediate(daily);
  }
  if (settings.smtpUrl) {
    jobs.push(new Cron('* * * * *', { protect: true }, deliver));
    unsubscribe = onEnqueued(deliver);
    setImmediate(deliver);
  }

  return {
    stop() {
      stopped = true;
      for (const j of jobs) j.stop();
      unsubscribe?.();
    },
    nextDigest: () => digestJob?.nextRun() ?? null,
  };
}
