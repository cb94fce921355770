// npm run reminders [-- --send-only]
// For those who prefer cron to the in-process schedule (set DIGEST_TIME=off then): runs the daily job
// (digests, certificate-expiry notices; each user at most one digest a day) and delivers everything
// pending. --send-only only delivers. Exit status 1 with one line on a configuration or database error.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../config.js';
import { migrateDatabase, openDatabase } from '../../db/client.js';
import { engineConfigFrom } from '../evaluation/index.js';
import { describeDailyReport, runDailyJob } from './digest.service.js';
import { deliverPending, mailSettings, pendingCount } from '../mail/index.js';

/** Rounds of deliveries (200 messages each) in one run; what is left waits for the next run. */
const MAX_ROUNDS = 50;

const USAGE = 'usage: npm run reminders [-- --send-only]';

async function main(): Promise<void> {
  let values: { 'send-only': boolean };
  try {
    ({ values } = parseArgs({ options: { 'send-only': { type: 'boolean', default: false } }, strict: true }));
  } catch (err) {
    throw new ConfigError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  try {
    migrateDatabase(db);
    if (!values['send-only']) {
      const r = runDailyJob(db, engineConfigFrom(config), { retentionDays: config.mail.retentionDays });
      console.log(describeDailyReport(r));
    }
    const settings = mailSettings(config);
    if (!settings.smtpUrl) {
      console.log(`mail: no mail server configured (SMTP_URL): ${pendingCount(db)} messages wait in the outbox`);
      return;
    }
    if (config.sessionSecretGenerated) console.warn('warning: SESSION_SECRET is not set: the unsubscribe links of these messages will not work');
    const total = { sent: 0, retrying: 0, failed: 0 };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const r = await deliverPending(db, settings);
      total.sent += r.sent;
      total.retrying += r.retrying;
      total.failed += r.failed;
      if (r.sent + r.retrying + r.failed === 0) break;
    }
    console.log(`mail: ${total.sent} sent, ${total.retrying} to retry later, ${total.failed} failed`);
  } finally {
    db.$client.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `reminders failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
