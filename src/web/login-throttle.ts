// Sign-in throttling. Only failures count, never successes (a department behind one NAT address signs in
// all day), and they count per username AND address: a wrong password typed from one place never locks
// the real user out of another. After `free` failures the pair must wait before its next try, a delay
// that doubles with each further failure (30 s, 1 min, 2 min … up to half the window, so that a key keeps
// its count while it is still failing: it is forgotten a whole window after its last failure); a success
// clears the pair. A second, wider count per address (any username) stops one address trying many accounts. Each
// refusal names the limit it hit and how long to wait. Kept in memory: one process serves Capdo.
import type { Request, RequestHandler } from 'express';
import type { T } from '../i18n/index.js';

/** The longest wait before the doubling starts. */
const FIRST_DELAY_MS = 30_000;
/** Keys kept at most: beyond it the least recently failed are forgotten (memory stays bounded). */
const MAX_KEYS = 50_000;

interface Count {
  failures: number;
  last: number;
}

/** Failures per key, forgotten `windowMs` after the last one; past `free` failures, a doubling wait (at most half the window). */
export class FailureCounter {
  private readonly counts = new Map<string, Count>();

  constructor(
    private readonly free: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private current(key: string): Count | undefined {
    const c = this.counts.get(key);
    if (c && this.now() - c.last >= this.windowMs) {
      this.counts.delete(key);
      return undefined;
    }
    return c;
  }

  /** Milliseconds the key must still wait before it may try again (0: it may). */
  waitMs(key: string): number {
    const c = this.current(key);
    if (!c || c.failures < this.free) return 0;
    const delay = Math.min(this.windowMs / 2, FIRST_DELAY_MS * 2 ** (c.failures - this.free));
    return Math.max(0, c.last + delay - this.now());
  }

  failed(key: string): void {
    const c = this.current(key) ?? { failures: 0, last: 0 };
    this.counts.delete(key); // re-inserted last: the map's order is the order of the last failure
    this.counts.set(key, { failures: c.failures + 1, last: this.now() });
    if (this.counts.size > MAX_KEYS) this.counts.delete(this.counts.keys().next().value!);
  }

  clear(key: string): void {
    this.counts.delete(key);
  }
}

export interface LoginThrottleLimits {
  /** failed sign-ins from one address, whatever the usernames, before that address waits */
  perAddress: number;
  /** failed sign-ins for one username from one address before that pair waits */
  perPair: number;
  windowMs: number;
}

export interface LoginThrottle {
  /** Refuses (429, the sign-in page with the limit hit) a pair or an address that must still wait. */
  check: RequestHandler;
  /** The sign-in of this request failed (wrong password or unknown user). */
  failed: (req: Request) => void;
  /** The sign-in of this request succeeded: the pair starts again from nothing. */
  succeeded: (req: Request) => void;
}

/** The username as typed, in the form that makes one key of `Owner`, ` owner ` and `OWNER`. */
function usernameKey(req: Request): string {
  const raw = (req.body as Record<string, unknown> | undefined)?.username;
  return (typeof raw === 'string' ? raw : '').normalize('NFC').trim().toLowerCase().slice(0, 64);
}

const addressOf = (req: Request) => req.ip ?? 'unknown';
const pairKey = (req: Request) => `${usernameKey(req)}\u0000${addressOf(req)}`;

export function loginThrottle(limits: LoginThrottleLimits, now: () => number = () => Date.now()): LoginThrottle {
  const pairs = new FailureCounter(limits.perPair, limits.windowMs, now);
  const addresses = new FailureCounter(limits.perAddress, limits.windowMs, now);

  const check: RequestHandler = (req, res, next) => {
    const pairWait = pairs.waitMs(pairKey(req));
    const addressWait = addresses.waitMs(addressOf(req));
    if (!pairWait && !addressWait) return next();
    const t = res.locals.t as T;
    const waitMs = Math.max(pairWait, addressWait);
    const seconds = Math.ceil(waitMs / 1000);
    const wait = seconds < 60 ? t('auth.wait.seconds', { n: seconds }) : t('auth.wait.minutes', { n: Math.ceil(seconds / 60) });
    const message = pairWait >= addressWait
      ? t('auth.throttle.pair', { n: limits.perPair, wait })
      : t('auth.throttle.address', { n: limits.perAddress, wait, minutes: Math.round(limits.windowMs / 60_000) });
    res.status(429).set('Retry-After', String(seconds));
    const typed = (req.body as Record<string, unknown> | undefined)?.username;
    res.render('auth/login', { values: { username: typeof typed === 'string' ? typed : '' }, errors: {}, message, next: '' });
  };

  return {
    check,
    failed: (req) => {
      pairs.failed(pairKey(req));
      addresses.failed(addressOf(req));
    },
    succeeded: (req) => pairs.clear(pairKey(req)),
  };
}
