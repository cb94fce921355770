// The sign-in throttle's counting: free failures, then a wait that doubles with each further failure, up
// to half the window; forgotten a window after the last failure; cleared by a success; bounded in memory.
import { describe, expect, it } from 'vitest';
import { FailureCounter } from '../../src/web/login-throttle.js';

const WINDOW = 15 * 60_000;

function counter(free = 5) {
  let now = 1_000_000;
  const c = new FailureCounter(free, WINDOW, () => now);
  return { c, tick: (ms: number) => (now += ms) };
}

describe('FailureCounter', () => {
  it('lets the free failures through, then makes the key wait 30 s, 1 min, 2 min … up to half the window, and keeps counting', () => {
    const { c, tick } = counter();
    for (let i = 0; i < 4; i++) {
      c.failed('k');
      expect(c.waitMs('k')).toBe(0);
    }
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      c.failed('k');
      waits.push(c.waitMs('k'));
      tick(c.waitMs('k')); // the caller waits exactly as long as asked, then fails again
      expect(c.waitMs('k')).toBe(0);
    }
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 450_000, 450_000, 450_000, 450_000]);
  });

  it('counts the wait from the last failure', () => {
    const { c, tick } = counter(1);
    c.failed('k');
    tick(10_000);
    expect(c.waitMs('k')).toBe(20_000);
  });

  it('forgets a key a window after its last failure, and at once on clear', () => {
    const { c, tick } = counter(1);
    c.failed('a');
    c.failed('a');
    tick(WINDOW);
    expect(c.waitMs('a')).toBe(0);
    c.failed('a'); // counts from one again
    expect(c.waitMs('a')).toBe(30_000);
    c.clear('a');
    expect(c.waitMs('a')).toBe(0);
  });

  it('keeps keys apart', () => {
    const { c } = counter(1);
    c.failed('owner\u0000198.51.100.7');
    expect(c.waitMs('owner\u0000198.51.100.7')).toBeGreaterThan(0);
    expect(c.waitMs('owner\u0000203.0.113.20')).toBe(0);
  });

  it('forgets the oldest keys beyond 50 000, so a spray of names cannot fill the memory', () => {
    const { c } = counter(1);
    for (let i = 0; i <= 50_000; i++) c.failed(`u${i}`);
    expect(c.waitMs('u0')).toBe(0);
    expect(c.waitMs('u50000')).toBe(30_000);
  });
});
