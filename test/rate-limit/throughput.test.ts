/**
 * Against a loopback server that limits like Klaviyo (fixed windows at a random offset), with time
 * compressed: burst 10 per 100 ms, steady 50 per 1 s. The SDK must never be refused, and must still use
 * nearly all of the quota.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/core/rate-limit/index.js';
import { callOnce, fire } from './drive.js';
import { startFixedWindowServer, type FixedWindowServer } from './fixed-window-server.js';
import { BURST, BURST_MS, compressed, shareOfSteady, STEADY, STEADY_MS, sustainedShare } from './measure.js';
import { operations as everyOperation, registerOperations } from '../../src/core/operations.js';

// The limiter is driven here by operation id, as in `Klaviyo`, which registers the whole operation table.
registerOperations(everyOperation);

let server: FixedWindowServer | undefined;
beforeAll(async () => {
  await (await fetch('data:,warm-up')).text(); // Node loads fetch on first use: not on the clock
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe.sequential('against a fixed-window server', () => {
  it('one process firing 1,000 calls at once gets no 429 and at least 97% of the steady limit', async () => {
    server = await startFixedWindowServer({ burst: BURST, steady: STEADY, burstWindowMs: BURST_MS, steadyWindowMs: STEADY_MS });
    const limiter = createRateLimiter({ apiKey: `pk_${randomUUID()}`, options: compressed });
    const windows = 6;
    const start = Date.now();
    const result = await fire(limiter, 'get_profiles', server.url, 1_000, windows * STEADY_MS);
    const stop = start + windows * STEADY_MS;

    const share = shareOfSteady(server.acceptedAt, start, stop, STEADY, STEADY_MS);
    const sustained = sustainedShare(server.acceptedAt, STEADY, STEADY_MS);
    console.info(
      `1 process: ${server.acceptedAt.length} accepted, ${server.rejectedAt.length} refused (429) in ${windows} steady windows; ` +
        `${(share * 100).toFixed(1)}% of the steady limit (sustained rate ${(sustained * 100).toFixed(1)}%)`,
    );
    expect(server.rejectedAt).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(share).toBeGreaterThanOrEqual(0.97);
    expect(result.ok + result.aborted).toBe(1_000);
  });

  it('absorbs another app using the same quota: calls wait out the 429s, then succeed', async () => {
    server = await startFixedWindowServer({ burst: BURST, steady: STEADY, burstWindowMs: BURST_MS, steadyWindowMs: STEADY_MS });
    const limiter = createRateLimiter({ apiKey: `pk_${randomUUID()}`, options: compressed });
    // Another app fills the whole steady window once our first requests are through, and keeps sending
    // a little all along.
    const s = server;
    s.onAccepted = (count) => {
      if (count === 5) s.addPhantoms(STEADY);
    };
    const background = setInterval(() => s.addPhantoms(2), STEADY_MS / 10);
    let sawPause = false;
    const watcher = setInterval(() => {
      sawPause ||= limiter.stats().some((b) => b.pausedUntil !== undefined);
    }, 5);
    try {
      const calls = Array.from({ length: 60 }, () => callOnce(limiter, 'get_profiles', s.url, undefined, 50));
      const results = await Promise.all(calls);
      console.info(`another app: 60 calls, ${s.rejectedAt.length} refused (429) along the way, all retried`);
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(s.rejectedAt.length).toBeGreaterThan(0);
      expect(sawPause).toBe(true);
      // Paused buckets do not hammer: at most the requests already in flight when the 429 came, per pause.
      expect(s.rejectedAt.length).toBeLessThan(60);
    } finally {
      clearInterval(background);
      clearInterval(watcher);
    }
  });
});
