// Heavy work off the main thread. A few worker threads, each with its own read-only connection to the
// database file, run named jobs (the job table: src/workers/jobs.ts) and send back a value, or pieces of an
// answer and then a value; the main thread only passes messages and keeps answering other requests.
// A database in memory cannot be opened by another thread: there the same jobs run in the main thread
// (InlinePool), one event-loop turn later, which is what most tests use.
import { Worker } from 'node:worker_threads';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { Db } from '../db/client.js';

export interface JobContext {
  db: Db;
  /** sends a piece of the answer ahead of the value (a batch of an evaluation, a file's bytes) */
  send(piece: unknown, transfer?: readonly ArrayBuffer[]): void;
}

/** A job: plain data in (structured-cloneable), plain data out; may send pieces on the way. */
export type Job = (ctx: JobContext, args: never) => unknown;
export type JobTable = Readonly<Record<string, Job>>;

export interface Pool {
  /** Runs `job` with `args`; `onPiece` receives what the job sends before its value, in order. */
  run<T>(job: string, args: unknown, onPiece?: (piece: unknown) => void): Promise<T>;
  /** jobs running or waiting for a thread */
  readonly load: number;
  close(): Promise<void>;
}

// ---- errors cross the thread boundary as plain data and come back as the domain's own ----

export interface SentError {
  name: string;
  message: string;
  stack?: string | undefined;
  field?: string | undefined;
  messageKey?: string | undefined;
  params?: Record<string, string | number> | undefined;
  fields?: Record<string, string> | undefined;
}

export function sendableError(err: unknown): SentError {
  const e = err instanceof Error ? err : new Error(String(err));
  const kind = e instanceof NotFoundError ? 'NotFoundError' : e instanceof ForbiddenError ? 'ForbiddenError' : e instanceof ConflictError ? 'ConflictError' : e instanceof ValidationError ? 'ValidationError' : e.name;
  return {
    name: kind, message: e.message, stack: e.stack,
    ...(e instanceof ForbiddenError ? { field: e.field } : {}),
    ...(e instanceof ConflictError ? { messageKey: e.messageKey, params: e.params } : {}),
    ...(e instanceof ValidationError ? { fields: e.fields } : {}),
  };
}

export function revivedError(s: SentError): Error {
  let e: Error;
  if (s.name === 'NotFoundError') e = Object.assign(new NotFoundError(), { message: s.message });
  else if (s.name === 'ForbiddenError') e = new ForbiddenError(s.message, s.field);
  else if (s.name === 'ConflictError') e = new ConflictError(s.messageKey ?? s.message, s.params ?? {});
  else if (s.name === 'ValidationError') e = new ValidationError(s.fields ?? {});
  else {
    e = new Error(s.message);
    e.name = s.name;
  }
  if (s.stack) e.stack = s.stack;
  return e;
}

// ---- in the main thread ----

export class InlinePool implements Pool {
  private running = 0;

  constructor(
    private readonly db: Db,
    private readonly jobs: JobTable,
  ) {}

  get load(): number {
    return this.running;
  }

  async run<T>(job: string, args: unknown, onPiece?: (piece: unknown) => void): Promise<T> {
    const run = this.jobs[job];
    if (!run) throw new Error(`unknown job: ${job}`);
    this.running += 1;
    try {
      await new Promise((resolve) => setImmediate(resolve));
      // pieces are cloned as they would be between threads: what a job sends is never shared with it
      const ctx: JobContext = { db: this.db, send: (piece) => onPiece?.(structuredClone(piece)) };
      return structuredClone(await (run as (c: JobContext, a: unknown) => unknown)(ctx, structuredClone(args))) as T;
    } finally {
      this.running -= 1;
    }
  }

  async close(): Promise<void> {}
}

// ---- in worker threads ----

/** Messages from a worker. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'piece'; id: number; piece: unknown }
  | { type: 'done'; id: number; value: unknown }
  | { type: 'failed'; id: number; error: SentError };

/** Messages to a worker: a job, or the order to close its connection and end. */
export type ToWorker = { id: number; job: string; args: unknown } | { close: true };

interface Task {
  id: number;
  job: string;
  args: unknown;
  onPiece: ((piece: unknown) => void) | undefined;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  idle: NodeJS.Timeout | null;
}

export interface ThreadPoolOptions {
  /** the database file the workers open (read-only) */
  databasePath: string;
  /** at most this many threads (and jobs at once) */
  size: number;
  /** a thread idle this long ends, giving its memory back (ms) */
  idleMs?: number;
  /** the young generation of each thread (MB): evaluation allocates many short-lived objects */
  youngGenerationMb?: number;
}

const COMPILED = !import.meta.url.endsWith('.ts');

/** The worker's script: compiled JavaScript as is; under tsx (npm start, the tests) a bootstrap that registers tsx's loader. */
function workerScript(): URL {
  return new URL(COMPILED ? './worker.js' : './worker-tsx.mjs', import.meta.url);
}

export class ThreadPool implements Pool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly o: ThreadPoolOptions) {}

  get load(): number {
    return this.queue.length + this.slots.filter((s) => s.task).length;
  }

  /** Threads alive now (tests, the benchmark). */
  get threads(): number {
    return this.slots.length;
  }

  run<T>(job: string, args: unknown, onPiece?: (piece: unknown) => void): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, args, onPiece, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => s.task === null);
      if (!slot && this.slots.length < this.o.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = null;
      slot.task = task;
      slot.worker.postMessage({ id: task.id, job: task.job, args: task.args } satisfies ToWorker);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(workerScript(), {
      workerData: { databasePath: this.o.databasePath },
      resourceLimits: { maxYoungGenerationSizeMb: this.o.youngGenerationMb ?? 48 },
    });
    const slot: Slot = { worker, task: null, idle: null };
    this.slots.push(slot);
    worker.on('message', (m: FromWorker) => {
      const task = slot.task;
      if (m.type === 'ready' || !task || m.id !== task.id) return;
      if (m.type === 'piece') {
        task.onPiece?.(m.piece);
        return;
      }
      slot.task = null;
      if (m.type === 'done') task.resolve(m.value);
      else task.reject(revivedError(m.error));
      this.idle(slot);
      this.dispatch();
    });
    const gone = (err: Error) => {
      this.slots.splice(this.slots.indexOf(slot), 1);
      if (slot.idle) clearTimeout(slot.idle);
      slot.task?.reject(err);
      slot.task = null;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', gone);
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) gone(new Error(`worker thread exited (${code})`));
    });
    worker.unref();
    return slot;
  }

  private idle(slot: Slot): void {
    const ms = this.o.idleMs ?? 60_000;
    slot.idle = setTimeout(() => {
      if (slot.task) return;
      this.slots.splice(this.slots.indexOf(slot), 1);
      void slot.worker.terminate();
    }, ms);
    slot.idle.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('the worker pool is closed'));
    // each thread closes its connection and ends (the main connection, closed last, then removes the WAL);
    // one that does not within a second is terminated
    await Promise.all(this.slots.splice(0).map(async (s) => {
      if (s.idle) clearTimeout(s.idle);
      s.task?.reject(new Error('the worker pool is closed'));
      const exited = new Promise<void>((resolve) => s.worker.once('exit', () => resolve()));
      s.worker.postMessage({ close: true });
      const timer = setTimeout(() => void s.worker.terminate(), 1_000);
      await exited;
      clearTimeout(timer);
    }));
  }
}
