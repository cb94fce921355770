// config → db (migrate, demo seed) → createApp → listen → graceful shutdown.
import { ConfigError, loadConfig } from './config.js';
import { migrateDatabase, openDatabase } from './db/client.js';
import { createApp } from './app.js';
import { isDatabaseEmpty, seedDemo } from '../seeds/demo.js';

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
  const server = app.listen(config.port, config.host, () => {
    console.log(`Capdo is listening on http://localhost:${config.port}`);
    if (config.seedDemo) {
      console.log('Demo accounts (password capdo-demo): admin, owner, auditor, viewer');
    }
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, shutting down`);
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
