/** What a caller of the limiter sees: daily caps, aborts, shared buckets, server feedback, logging. */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimitError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import { createRateLimiter, unlimited, type RateLimitOptions } from '../../src/core/rate-limit/index.js';
import { accountHash } from '../../src/core/rate-limit/registry.js';
import { operations as everyOperation, registerOperations } from '../../src/core/operations.js';

// These call the core by operation id, as `Klaviyo` does once it has registered the whole table (a bare
// `KlaviyoCore` knows the operations its functions pass: test/operations-layer.test.ts).
registerOperations(everyOperation);

const newKey = () => `pk_${randomUUID().replaceAll('-', '')}`;
const ok = async () => 'ok';
/** A send that never answers until `answer()` is called. */
function pendingSend() {
  let answer!: () => void;
  const promise = new Promise<string>((resolve) => (answer = () => resolve('ok')));
  return { send: () => promise, answer: () => answer() };
}
/** One request per minute: the second call waits, so it is still queued when the test aborts it. */
const onePerMinute: RateLimitOptions = { limits: { get_profiles: { burst: 1, steady: 1 } } };

afterEach(() => {
  vi.useRealTimers();
});

describe('daily caps', () => {
  it('fails a call beyond the daily cap at once with RateLimitError saying when the day resets', async () => {
    const limiter = createRateLimiter({
      apiKey: newKey(),
      options: { burstWindowMs: 20, steadyWindowMs: 50, limits: { create_segment: { daily: 3 } } },
    });
    const started = Date.now();
    const calls = Array.from({ length: 5 }, () => limiter.schedule('create_segment', ok));
    const settled = await Promise.allSettled(calls);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);

    const before = Date.now();
    const error = await limiter.schedule('create_segment', ok).catch((e: unknown) => e);
    expect(Date.now() - before).toBeLessThan(200); // its turn would be a burst window (1 s) away
    expect(error).toBeInstanceOf(RateLimitError);
    const e = error as RateLimitError;
    expect(e.status).toBe(429);
    expect(e.method).toBe('POST');
    expect(e.path).toBe('/api/segments');
    expect(e.message).toMatch(/^Daily limit of 3 for create_segment reached; resets at \d{4}-\d\d-\d\dT/);
    expect(e.retryAfterMs).toBeGreaterThan(23 * 3600_000);
    const resetsAt = Date.parse(e.message.split('resets at ')[1]!);
    expect(resetsAt).toBeGreaterThanOrEqual(started + 24 * 3600_000);
    expect(limiter.stats().find((b) => b.bucket === 'create_segment')?.daily).toEqual({ sent: 3, limit: 3 });
  });

  it('fails queued calls that cannot fit today before they wait their turn', async () => {
    const limiter = createRateLimiter({ apiKey: newKey(), options: { limits: { create_segment: { daily: 1 } } } });
    const first = limiter.schedule('create_segment', ok);
    const before = Date.now();
    await expect(limiter.schedule('create_segment', ok)).rejects.toBeInstanceOf(RateLimitError);
    expect(Date.now() - before).toBeLessThan(200); // its turn would be a burst window (1 s) away
    await first;
  });
});

describe('abort', () => {
  it('rejects promptly with the signal’s reason when aborted while waiting for the window', async () => {
    const limiter = createRateLimiter({ apiKey: newKey(), options: onePerMinute });
    await limiter.schedule('get_profiles', ok);
    const controller = new AbortController();
    const send = vi.fn(ok);
    const waiting = limiter.schedule('get_profiles', send, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const before = Date.now();
    const error = await waiting.catch((e: unknown) => e);
    expect(Date.now() - before).toBeLessThan(100);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(send).not.toHaveBeenCalled();
    expect(limiter.stats()[0]?.queued).toBe(0);
  });

  it('rejects promptly when aborted while queued behind maxConcurrent, and never sends it', async () => {
    const limiter = createRateLimiter({ apiKey: newKey(), options: { maxConcurrent: 1 } });
    const slow = pendingSend();
    const first = limiter.schedule('get_profiles', slow.send);
    const controller = new AbortController();
    const send = vi.fn(ok);
    const queued = limiter.schedule('get_profiles', send, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(limiter.stats()[0]?.queued).toBe(1);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(queued).rejects.toBe(reason);
    expect(limiter.stats()[0]?.queued).toBe(0);

    slow.answer();
    await first;
    await expect(limiter.schedule('get_profiles', ok)).resolves.toBe('ok');
    expect(send).not.toHaveBeenCalled();
  });

  it('rejects at once, without sending, when the signal is already aborted', async () => {
    const limiter = createRateLimiter({ apiKey: newKey() });
    const send = vi.fn(ok);
    await expect(limiter.schedule('get_profiles', send, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(send).not.toHaveBeenCalled();
  });
});

describe('buckets shared per account', () => {
  it("names an account by its key's SHA-256, as Web Crypto computes it, so processes of other versions share it", async () => {
    const key = 'pk_naming_the_account_é_0123456789';
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
    const hex = [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    expect(accountHash(key)).toBe(hex.slice(0, 32));
  });

  it('makes two limiters with the same key share a bucket, and limiters with other keys not', async () => {
    const key = newKey();
    const first = createRateLimiter({ apiKey: key, options: onePerMinute });
    const sameKey = createRateLimiter({ apiKey: key, options: onePerMinute });
    const otherKey = createRateLimiter({ apiKey: newKey(), options: onePerMinute });

    await first.schedule('get_profiles', ok);
    expect(sameKey.stats()[0]).toMatchObject({ bucket: 'get_profiles', steady: { sent: 1, limit: 1 } });
    await expect(otherKey.schedule('get_profiles', ok)).resolves.toBe('ok');

    const controller = new AbortController();
    const send = vi.fn(ok);
    const waiting = sameKey.schedule('get_profiles', send, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(send).not.toHaveBeenCalled(); // the quota was spent by the other instance
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('keeps other operations in their own buckets', async () => {
    const limiter = createRateLimiter({ apiKey: newKey(), options: onePerMinute });
    await limiter.schedule('get_profiles', ok);
    await expect(limiter.schedule('get_lists', ok)).resolves.toBe('ok');
    expect(
      limiter
        .stats()
        .map((b) => b.bucket)
        .sort(),
    ).toEqual(['get_lists', 'get_profiles']);
  });
});

describe('server feedback', () => {
  it('holds queued calls through a 429’s Retry-After, then sends them', async () => {
    const limiter = createRateLimiter({ apiKey: newKey() });
    limiter.observe('get_profiles', 429, new Headers({ 'retry-after': '0.2' }));
    expect(limiter.stats()[0]?.pausedUntil).toBeGreaterThan(Date.now());
    const before = Date.now();
    await expect(Promise.all([limiter.schedule('get_profiles', ok), limiter.schedule('get_profiles', ok)])).resolves.toEqual([
      'ok',
      'ok',
    ]);
    expect(Date.now() - before).toBeGreaterThanOrEqual(195);
    expect(limiter.stats()[0]?.pausedUntil).toBeUndefined();
  });

  it('fails calls at once, waiting or new, while a 429 pauses the bucket longer than the SDK waits for', async () => {
    const limiter = createRateLimiter({ apiKey: newKey(), options: onePerMinute });
    await limiter.schedule('get_profiles', ok); // the minute's one slot: the next call waits at the gate
    const waiting = limiter.schedule('get_profiles', ok).catch((e: unknown) => e);
    limiter.observe('get_profiles', 429, new Headers({ 'retry-after': '65' }));
    const started = Date.now();
    const [queued, fresh] = await Promise.all([waiting, limiter.schedule('get_profiles', ok).catch((e: unknown) => e)]);
    expect(Date.now() - started).toBeLessThan(1_000);
    for (const error of [queued, fresh]) {
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(60_000);
      expect((error as Error).message).toMatch(
        /^get_profiles is paused until .*: Klaviyo answered 429 asking to wait 6[45] s more/,
      );
    }
    // Another operation's bucket is not paused.
    await expect(limiter.schedule('get_lists', ok)).resolves.toBe('ok');
  });

  it('sends no more than RateLimit-Remaining until RateLimit-Reset', async () => {
    const limiter = createRateLimiter({ apiKey: newKey() });
    limiter.observe('get_profiles', 200, new Headers({ 'ratelimit-remaining': '2', 'ratelimit-reset': '0.3' }));
    const sentAt: number[] = [];
    const before = Date.now();
    const stamp = async () => void sentAt.push(Date.now() - before);
    await Promise.all([1, 2, 3].map(() => limiter.schedule('get_profiles', stamp)));
    expect(sentAt[1]).toBeLessThan(100);
    expect(sentAt[2]).toBeGreaterThanOrEqual(295);
  });
});

describe('concurrency', () => {
  it('never has more than maxConcurrent requests of a bucket in flight, however the calls arrive', async () => {
    const limiter = createRateLimiter({ apiKey: newKey(), options: { maxConcurrent: 3 } });
    let inFlight = 0;
    let most = 0;
    const send = async () => {
      most = Math.max(most, ++inFlight);
      // Long enough that calls routed through bottleneck's queue (a few timer hops) arrive while the first
      // ones are still in flight, even on a busy machine.
      await new Promise((resolve) => setTimeout(resolve, 40));
      inFlight--;
    };
    // A burst at once, then stragglers while the first ones are still in flight.
    const first = Array.from({ length: 10 }, () => limiter.schedule('get_profiles', send));
    await new Promise((resolve) => setTimeout(resolve, 2));
    const later = Array.from({ length: 10 }, () => limiter.schedule('get_profiles', send));
    await Promise.all([...first, ...later]);
    expect(most).toBe(3);
  });

  it('sends a lone call without waiting on the queue', async () => {
    const limiter = createRateLimiter({ apiKey: newKey() });
    let ran = false;
    const call = limiter.schedule('get_profiles', async () => {
      ran = true;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(ran).toBe(true); // within microtasks: no timer hop through the queue
    await call;
  });

  it('sends a call that finds nobody waiting without the queue, even while queued calls are in flight', async () => {
    const limiter = createRateLimiter({ apiKey: newKey() });
    // Calls made in one tick: the first ones go straight to the window gate, and once one waits there the
    // next waits its turn in bottleneck's queue; all are in flight once sent.
    const sends = Array.from({ length: 3 }, () => pendingSend());
    let lastSent = false;
    const calls = sends.map(({ send }, i) =>
      limiter.schedule('get_profiles', () => {
        if (i === sends.length - 1) lastSent = true;
        return send();
      }),
    );
    await vi.waitFor(() => expect(lastSent).toBe(true));
    let ran = false;
    const next = limiter.schedule('get_profiles', async () => {
      ran = true;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(ran).toBe(true); // within microtasks: nothing ahead of it, and a free slot
    for (const { answer } of sends) answer();
    await Promise.all([...calls, next]);
  });
});

describe('visibility', () => {
  it('reports each bucket: queued, in flight, sent per window', async () => {
    const limiter = createRateLimiter({ apiKey: newKey(), options: { maxConcurrent: 2 } });
    const slow = [pendingSend(), pendingSend(), pendingSend()];
    const calls = slow.map((s) => limiter.schedule('get_profiles', s.send));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(limiter.stats()).toEqual([
      {
        bucket: 'get_profiles',
        operations: ['get_profiles'],
        queued: 1,
        inFlight: 2,
        burst: { sent: 2, limit: 75, windowMs: 1000 },
        steady: { sent: 2, limit: 750, windowMs: 60_000 },
        shared: 'local',
      },
    ]);
    for (const s of slow) s.answer();
    await Promise.all(calls);
    expect(limiter.stats()[0]).toMatchObject({ queued: 0, inFlight: 0, steady: { sent: 3 } });
  });

  it('logs a line when a call waited more than a second', async () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const logger: Logger = { debug: (m) => void lines.push(m), info: (m) => void lines.push(m), warn() {}, error() {} };
    const limiter = createRateLimiter({ apiKey: newKey(), options: { ...onePerMinute, steadyWindowMs: 1500 }, logger });
    const first = limiter.schedule('get_profiles', ok);
    const second = limiter.schedule('get_profiles', ok);
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all([first, second]);
    expect(lines).toEqual([expect.stringMatching(/^Rate limit: get_profiles waited 1\.\d s for its quota$/)]);
  });

  it('gives a limiter that never waits for `rateLimit: false`', async () => {
    const limiter = createRateLimiter({ apiKey: newKey(), options: false });
    expect(limiter).toBe(unlimited);
    await expect(limiter.schedule('get_profiles', ok)).resolves.toBe('ok');
    expect(limiter.stats()).toEqual([]);
  });
});
