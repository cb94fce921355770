// config → db (migrate, demo seed) → createApp → listen → graceful shutdown.
import { ConfigError, loadConfig } from './config.js';
import { migrateDatabase, openDatabase } from './db/client.js';
import { createApp } from './app.js';
import { isDatabaseEmpty, seedDemo } from '../seeds/demo.js';
import type { Db } from './db/client.js';
import type { EngineConfig } from './domain/rules/index.js';
import { todayIso } from './i18n/format.js';
import { engineConfig } from './modules/compliance/compliance.service.js';
import { storeFor } from './modules/compliance/evaluation-store.js';
import { startMailScheduler } from './modules/mail/index.js';

/** Builds the evaluation store of today (Vietnam) in the background, then again after each midnight. */
function warmEvaluation(db: Db, engine: EngineConfig): void {
  const build = () => {
    if (db.$client.open) storeFor(db, todayIso(), engine);
  };
  setImmediate(build);
  const now = Date.now();
  const msToMidnight = 86_400_000 - ((now + 7 * 3_600_000) % 86_400_000) + 5_000; // Asia/Ho_Chi_Minh is UTC+7 all year
  setTimeout(() => {
    build();
    setInterval(build, 86_400_000).unref();
  }, msToMidnight).unref();
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.sessionSecretGenerated) {
    console.warn('warning: SESSION_SECRET is not set; using a random one (sessions end when the server restarts)');
  }
  const db = openDatabase(config.databasePath);
  migrateDatabase(db);
  if (config.seedDemo && isDatabaseEmpty(db)) {
    const n = await seedDemo(db);
    console.log(`demo data loaded: ${n.organisations} organisations, ${n.systems} systems, ${n.decisions} level decisions`);
  }
  const app = createApp({ config, db });
  let mail: { stop(): void } | undefined;
  const server = app.listen(config.port, config.host, () => {
    console.log(`Capdo is listening on http://localhost:${config.port}`);
    if (config.seedDemo) {
      console.log('Demo accounts (password capdo-demo): admin, owner, auditor, viewer');
    }
    // evaluate every system for today now, not on the first user's page, and again just after midnight
    warmEvaluation(db, engineConfig(config));
    // the daily digest at DIGEST_TIME, and the sender of the outbox
    mail = startMailScheduler(db, config);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down`);
    mail?.stop();
    server.close(() => {
      app.close();
      db.$client.close();
      process.exit(0);
    });
    server.closeAllConnections?.();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('capdo failed to start:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
