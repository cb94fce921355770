// Heavy requests — a PDF, DOCX, XLSX or CSV file, the annual report, the operators' roster, and anything
// evaluated as of another date (`asOf`) — take a turn: at most `perUser` at once per user and `perServer` at
// once in the server, a few more wait (up to `waitMs`) for a turn, and beyond that the answer is 503 with
// Retry-After and a page that says the server is busy, at once. One user asking for many files at once
// thus cannot hold every other user up, and the server never works on more than a few at the same time.
import type { Request, RequestHandler } from 'express';
import { createHash } from 'node:crypto';

export interface HeavyLimits {
  perUser: number;
  perServer: number;
  /** requests that may wait for a turn (all users together) */
  queue: number;
  /** how long one may wait before it is refused (ms) */
  waitMs?: number;
}

/** Seconds a refused client is told to wait. */
export const RETRY_AFTER_SECONDS = 5;

interface Waiting {
  key: string;
  start: () => void;
  timer: NodeJS.Timeout;
}

/** Whether a request is one of the heavy kind (GET only: writes are small and have their own limits). */
export function isHeavy(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.path;
  if (/\.(pdf|docx|xlsx|csv)$/.test(path) || /\/(pdf|docx)$/.test(path)) return true;
  if (/^\/organisations\/\d+\/annual-report(\/|$)/.test(path) || path === '/operators/roster') return true;
  return typeof req.query['asOf'] === 'string' && req.query['asOf'] !== '';
}

/** Who a request counts against: the signed-in user, an API token, or else the address. */
function keyOf(req: Request): string {
  const userId = (req.session as { userId?: number } | undefined)?.userId;
  if (userId) return `user:${userId}`;
  const auth = req.get('authorization');
  if (auth) return `token:${createHash('sha256').update(auth).digest('hex').slice(0, 16)}`;
  return `ip:${req.ip ?? ''}`;
}

export class HeavyGate {
  private running = 0;
  private readonly byKey = new Map<string, number>();
  private readonly waiting: Waiting[] = [];

  constructor(private readonly limits: HeavyLimits) {}

  /** Requests running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private canStart(key: string): boolean {
    return this.running < this.limits.perServer && (this.byKey.get(key) ?? 0) < this.limits.perUser;
  }

  private begin(key: string): () => void {
    this.running += 1;
    this.byKey.set(key, (this.byKey.get(key) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.running -= 1;
      const n = (this.byKey.get(key) ?? 1) - 1;
      if (n) this.byKey.set(key, n);
      else this.byKey.delete(key);
      this.next();
    };
  }

  private next(): void {
    for (let i = 0; i < this.waiting.length; i++) {
      const w = this.waiting[i]!;
      if (!this.canStart(w.key)) continue;
      this.waiting.splice(i, 1);
      clearTimeout(w.timer);
      w.start();
      return this.next();
    }
  }

  /**
   * A turn for `key`: resolves with the function that ends it once it may start, or with null when it
   * is refused (the queue is full, or the wait ran out).
   */
  acquire(key: string): Promise<(() => void) | null> {
    if (this.canStart(key)) return Promise.resolve(this.begin(key));
    if (this.waiting.length >= this.limits.queue) return Promise.resolve(null);
    return new Promise((resolve) => {
      const w: Waiting = {
        key,
        start: () => resolve(this.begin(key)),
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(w), 1);
          resolve(null);
        }, this.limits.waitMs ?? 1_500),
      };
      w.timer.unref();
      this.waiting.push(w);
    });
  }

  /** The middleware: heavy requests take a turn (ended when the response is sent or the client leaves). */
  middleware(): RequestHandler {
    return (req, res, next) => {
      if (!isHeavy(req)) return next();
      void this.acquire(keyOf(req)).then((release) => {
        if (!release) {
          res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS));
          if (req.path.startsWith('/api/')) {
            res.json({ error: 'busy', message: 'The server is busy with other large requests; retry later.', retryAfterSeconds: RETRY_AFTER_SECONDS });
          } else {
            res.render('errors/error', { status: 503, messageKey: 'error.503', params: { seconds: RETRY_AFTER_SECONDS } });
          }
          return;
        }
        res.on('close', release);
        next();
      }, next);
    };
  }
}
