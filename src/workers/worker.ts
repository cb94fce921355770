// One worker thread of the pool (pool.ts): opens the database file read-only, then runs the jobs it is
// given one at a time and answers each with its pieces and its value (or its error).
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/client.js';
import { JOBS } from './jobs.js';
import { sendableError, type FromWorker, type JobContext, type ToWorker } from './pool.js';

const port = parentPort!;
const db = openDatabase((workerData as { databasePath: string }).databasePath, { readonly: true });
const post = (m: FromWorker, transfer?: readonly ArrayBuffer[]) => port.postMessage(m, transfer as ArrayBuffer[] | undefined);

port.on('message', async (m: ToWorker) => {
  if ('close' in m) {
    db.$client.close();
    port.close();
    process.exit(0);
  }
  const { id, job, args } = m;
  try {
    const run = JOBS[job];
    if (!run) throw new Error(`unknown job: ${job}`);
    const ctx: JobContext = { db, send: (piece, transfer) => post({ type: 'piece', id, piece }, transfer) };
    const value = await (run as (c: JobContext, a: unknown) => unknown)(ctx, args);
    post({ type: 'done', id, value });
  } catch (err) {
    post({ type: 'failed', id, error: sendableError(err) });
  }
});
post({ type: 'ready' });
