// The app under measurement, in its own process so that its memory and CPU are its own: opens the
// benchmark database, listens on loopback on a free port, reports the port and samples its RSS every 100 ms.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/web/logger.js';
import { DEFAULT_LIMITS } from '../src/web/middleware.js';
import { engineConfigFrom, useWorkers, warmEvaluation } from '../src/modules/evaluation/index.js';
import { peekStore } from '../src/modules/evaluation/evaluation-store.js';
import { todayIso } from '../src/i18n/format.js';
import { ThreadPool } from '../src/workers/pool.js';

const path = process.argv[2];
if (!path || !process.send) throw new Error('usage: forked by bench/run.ts with the database path');

let peak = process.memoryUsage().rss;
/** The kernel's record of the peak RSS (Linux): it also sees the peaks of synchronous work, which the sampler cannot. */
function highWaterMark(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);

// the event loop's delay: since start or the last reset (a phase of the bench), and over a window the bench opens (a rebuild, the battery)
const eldRun = monitorEventLoopDelay({ resolution: 10 });
const eldWindow = monitorEventLoopDelay({ resolution: 10 });
eldRun.enable();
eldWindow.enable();
const ms = (h: ReturnType<typeof monitorEventLoopDelay>) => ({ max: h.max / 1e6, p99: h.percentile(99) / 1e6 });

const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), SEED_DEMO: 'false', DATABASE_PATH: path });
const db = openDatabase(path);
// as server.ts does: the whole-registry evaluation in a worker thread, built at start
const engine = engineConfigFrom(config);
const pool = config.workerThreads > 0 ? new ThreadPool({ databasePath: path, size: config.workerThreads }) : null;
if (pool) useWorkers(db, pool, (err) => console.error('worker build failed', err));
const coldStart = Date.now();
warmEvaluation(db, engine);
// the request log is written as in production (one JSON line per request), to /dev/null rather than the bench's output
const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: false }));
const app = createApp({ config, db, logger, limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000 }, log: (err) => console.error(err) });
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
});

process.on('message', (msg: { type: string }) => {
  if (msg.type === 'eld-reset') {
    eldRun.reset();
    process.send!({ type: 'eld-reset' });
  }
  if (msg.type === 'eld-window') {
    eldWindow.reset();
    process.send!({ type: 'eld-window' });
  }
  if (msg.type === 'eld') process.send!({ type: 'eld', run: ms(eldRun), window: ms(eldWindow) });
  if (msg.type === 'evaluation') {
    const store = peekStore(db, todayIso(), engine);
    process.send!({ type: 'evaluation', built: store?.built ?? false, refreshing: store?.refreshing ?? false, rebuilds: store?.rebuilds ?? 0, lastBuildMs: store?.lastBuildMs ?? 0, sinceStartMs: Date.now() - coldStart });
  }
  if (msg.type === 'peak') process.send!({ type: 'peak', rss: Math.max(peak, highWaterMark(), process.memoryUsage().rss) });
  if (msg.type === 'stop') {
    clearInterval(sampler);
    void pool?.close();
    server.close(() => {
      app.close();
      db.$client.close();
      process.exit(0);
    });
    server.closeAllConnections();
  }
});
