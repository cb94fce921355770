// config → logger → db (migrate, demo seed) → createApp → listen → graceful shutdown.
import { ConfigError, loadConfig } from './config.js';
import { migrateDatabase, openDatabase } from './db/client.js';
import { createApp } from './app.js';
import { loadDemoSeeds } from './demo-seeds.js';
import type { Db } from './db/client.js';
import type { EngineConfig } from './domain/rules/index.js';
import { msToVietnamMidnight } from './domain/dates.js';
import { engineConfigFrom, evaluationAge, useWorkers, warmEvaluation } from './modules/evaluation/index.js';
import { ThreadPool } from './workers/pool.js';
import { reconcileLevelsInForce, syncLevelColumn } from './modules/levels/levels.service.js';
import { createLogger, type Logger } from './web/logger.js';
import { startMailScheduler } from './modules/reminders/index.js';

/**
 * Builds today's evaluation (Vietnam) in the background now, and again just after each midnight; keeps the
 * lists' level column in step with decisions written outside the app (a CLI, the sqlite3 shell) within a
 * minute, and with the day. Nothing of this runs inside a request: a GET never writes.
 */
function keepEvaluationWarm(db: Db, engine: EngineConfig): void {
  const build = () => {
    if (!db.$client.open) return;
    syncLevelColumn(db);
    warmEvaluation(db, engine);
  };
  setInterval(() => {
    if (db.$client.open) syncLevelColumn(db);
  }, 60_000).unref();
  setImmediate(build);
  setTimeout(() => {
    build();
    setInterval(build, 86_400_000).unref();
  }, msToVietnamMidnight(Date.now()) + 5_000).unref();
}

async function loadDemoData(db: Db, logger: Logger): Promise<void> {
  const demo = await loadDemoSeeds();
  if (!demo) {
    logger.warn('the compiled server carries no demo data (SEED_DEMO has no effect): run `npm start` for the demo, or create an administrator with `npm run user:create`');
    return;
  }
  if (!demo.isDatabaseEmpty(db)) return;
  const n = await demo.seedDemo(db);
  logger.info(`demo data loaded: ${n.organisations} organisations, ${n.systems} systems, ${n.decisions} level decisions`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (config.sessionSecretGenerated) {
    logger.warn('SESSION_SECRET is not set; using a random one (sessions end when the server restarts)');
  }
  const db = openDatabase(config.databasePath);
  migrateDatabase(db);
  if (config.seedDemo) await loadDemoData(db, logger);
  // the lists' level column follows the timeline; a database changed behind the app's back is repaired here
  const repaired = reconcileLevelsInForce(db);
  if (repaired) logger.warn(`level in force corrected for ${repaired} systems`);

  const engine = engineConfigFrom(config);
  // the whole-registry evaluation (first build, rebuilds) in a worker thread: requests keep being answered
  const pool = config.workerThreads > 0 && config.databasePath !== ':memory:' ? new ThreadPool({ databasePath: config.databasePath, size: config.workerThreads }) : null;
  if (pool) useWorkers(db, pool, (err) => logger.error({ err }, 'the evaluation could not be built in a worker thread: built on the main thread instead'));
  const app = createApp({ config, db, logger, evaluationAge: () => evaluationAge(db, engine) });
  let mail: { stop(): void } | undefined;
  const server = app.listen(config.port, config.host, () => {
    // the two lines a newcomer looks for: where to go, and how to sign in
    logger.info(`Capdo is listening on http://localhost:${config.port}`);
    if (config.seedDemo) logger.info('Demo accounts (password capdo-demo): admin, owner, auditor, viewer');
    // evaluate every system for today now, not on the first user's page, and again just after midnight
    keepEvaluationWarm(db, engine);
    // the daily digest at DIGEST_TIME, and the sender of the outbox
    mail = startMailScheduler(db, config, logger);
  });
  server.on('error', (err) => {
    // e.g. the port is taken: one clear line, not a stack trace
    logger.fatal(`cannot listen on ${config.host}:${config.port}: ${err.message}`);
    process.exit(1);
  });

  // SIGTERM (systemd, docker stop) or Ctrl+C: refuse new connections, let the requests in flight finish,
  // then close the database (which checkpoints the WAL into the file) and exit 0; 1 if that takes over 10 s.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: finishing the requests in flight, then stopping`);
    mail?.stop();
    server.close(async () => {
      await pool?.close(); // the worker threads' connections first: the last one to close removes the WAL
      app.close();
      db.$client.close();
      logger.info('stopped: database closed');
      process.exit(0);
    });
    // close() ends only idle keep-alive connections; end the others as soon as their response is sent
    setInterval(() => server.closeIdleConnections(), 100).unref();
    setTimeout(() => {
      logger.error('requests still open after 10 s: stopping anyway');
      process.exit(1);
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  // a configuration error is one plain line on stderr (no logger yet: its level is part of the configuration)
  if (err instanceof ConfigError) console.error(err.message);
  else createLogger('info').fatal({ err }, 'capdo failed to start');
  process.exit(1);
});
