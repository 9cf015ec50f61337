/** The sliding-window arithmetic: pure functions of sorted stamps and the clock. */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter } from '../../src/core/rate-limit/index.js';
import {
  WINDOW_MARGIN,
  countInWindow,
  insertSorted,
  pruneBefore,
  waitForSlot,
  withMargin,
} from '../../src/core/rate-limit/window.js';
import { operations as everyOperation, registerOperations } from '../../src/core/operations.js';

// The limiter is driven here by operation id, as in `Klaviyo`, which registers the whole operation table.
registerOperations(everyOperation);

describe('countInWindow', () => {
  it('counts stamps strictly inside the window that ends now', () => {
    expect(countInWindow([100, 200, 300], 1000, 1100)).toBe(2); // 100 left at exactly 1100
    expect(countInWindow([100, 200, 300], 1000, 1099)).toBe(3);
    expect(countInWindow([], 1000, 5)).toBe(0);
  });
});

describe('waitForSlot', () => {
  it('lets a request start while fewer than the limit occupy the window', () => {
    expect(waitForSlot([10, 20], 0, 3, 100, 50)).toBe(0);
    expect(waitForSlot([10], 1, 3, 100, 50)).toBe(0);
  });

  it('waits until the oldest needed slot leaves the window', () => {
    // 3 of 3 used; the oldest (10) leaves at 110.
    expect(waitForSlot([10, 20, 30], 0, 3, 100, 50)).toBe(60);
    // 4 used of 3 (e.g. after the limit was lowered): two must leave, the second at 120.
    expect(waitForSlot([10, 20, 30, 40], 0, 3, 100, 50)).toBe(70);
  });

  it('ignores stamps already outside the window', () => {
    expect(waitForSlot([0, 10, 200], 0, 2, 100, 205)).toBe(0);
  });

  it('waits for a response when requests in flight alone fill the window', () => {
    expect(waitForSlot([], 3, 3, 100, 0)).toBe(Infinity);
    expect(waitForSlot([10], 2, 3, 100, 50)).toBe(60); // the completed one frees a slot first
    expect(waitForSlot([10], 3, 3, 100, 50)).toBe(Infinity);
  });
});

describe('pruneBefore and insertSorted', () => {
  it('drops only stamps no current window can contain', () => {
    expect(pruneBefore([1, 2, 50, 60], 100, 150)).toEqual([60]);
  });

  it('keeps stamps sorted when a response is stamped out of order', () => {
    const stamps = [1, 5, 9];
    insertSorted(stamps, 6);
    insertSorted(stamps, 0);
    insertSorted(stamps, 10);
    expect(stamps).toEqual([0, 1, 5, 6, 9, 10]);
  });
});

describe('withMargin', () => {
  it('adds a few percent to the window, in whole milliseconds', () => {
    expect(WINDOW_MARGIN).toBeGreaterThan(0);
    expect(WINDOW_MARGIN).toBeLessThanOrEqual(0.05);
    expect(withMargin(1000)).toBe(Math.ceil(1000 * (1 + WINDOW_MARGIN)));
    expect(withMargin(60_000)).toBeGreaterThan(60_000);
  });
});

describe('the rolling guarantee, with fake timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never lets a request start while `limit` others were in flight or answered less than a window ago', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_123 });
    const burst = { limit: 5, ms: 100 };
    const steady = { limit: 12, ms: 1000 };
    const limiter = createRateLimiter({
      apiKey: `pk_${randomUUID()}`,
      options: {
        burstWindowMs: burst.ms,
        steadyWindowMs: steady.ms,
        limits: { get_profiles: { burst: burst.limit, steady: steady.limit } },
      },
    });
    const requests: { sent: number; answered: number }[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const calls = Array.from({ length: 60 }, () =>
      limiter.schedule('get_profiles', async () => {
        const request = { sent: Date.now(), answered: Infinity };
        requests.push(request);
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 300))); // 0–300 ms latency
        request.answered = Date.now();
      }),
    );
    for (let i = 0; i < 200 && requests.filter((r) => r.answered < Infinity).length < 60; i++) {
      await vi.advanceTimersByTimeAsync(50);
    }
    await Promise.all(calls);

    // Wherever a server's fixed window of `ms` falls, a request it counts arrived between `sent` and
    // `answered`. So: when a request is sent, fewer than `limit` earlier ones may still be in flight or have
    // been answered less than `ms` ago.
    for (const { limit, ms } of [burst, steady]) {
      for (const [i, r] of requests.entries()) {
        const overlapping = requests.slice(0, i).filter((o) => o.answered > r.sent - ms);
        expect(overlapping.length).toBeLessThan(limit);
      }
    }
    expect(requests).toHaveLength(60);
  });
});
