/**
 * The throughput workload in simulated time: the limiter against fixed windows at a given offset, where
 * every request takes a chosen time to reach the server and to come back. Run under fake timers, it gives
 * the same answer on a loaded machine as on an idle one, so a test can hold the limiter to a share of
 * the quota, and a trace can show exactly which slot was reused when (trace.ts prints one).
 */
import { randomUUID } from 'node:crypto';
import { createRateLimiter, type RateLimitOptions } from '../../src/core/rate-limit/index.js';
import { FixedWindow } from './fixed-window-server.js';
import { operations as everyOperation, registerOperations } from '../../src/core/operations.js';

// The limiter is driven here by operation id, as in `Klaviyo`, which registers the whole operation table.
registerOperations(everyOperation);

/** One request as the simulation saw it (times in ms on the fake clock). */
export interface SimulatedRequest {
  sentAt: number;
  arrivedAt: number;
  stampedAt: number;
  status: number;
}

/** What to simulate. */
export interface SimulationOptions {
  burst: number;
  steady: number;
  burstWindowMs: number;
  steadyWindowMs: number;
  /** Where the server's windows start, modulo their lengths. */
  offsets: { burst: number; steady: number };
  calls: number;
  /** Calls not sent by then are dropped. */
  durationMs: number;
  /** Time to reach the server and time back, per request (may vary). */
  latency: () => { up: number; down: number };
  /** Sends `RateLimit-Reset` in whole seconds, as Klaviyo does, instead of with millisecond decimals. */
  wholeSeconds?: boolean;
}

/**
 * Sets the workload up and resolves to the function that runs it: call that under `vi.useFakeTimers()`
 * and advance the clock until it resolves. (Setting up waits for the limiter to hash its key, which Web
 * Crypto does on a real thread, not on the fake clock.)
 */
export async function simulation(options: SimulationOptions): Promise<() => Promise<SimulatedRequest[]>> {
  const burst = new FixedWindow(options.burst, options.burstWindowMs, options.offsets.burst);
  const steady = new FixedWindow(options.steady, options.steadyWindowMs, options.offsets.steady);
  const limits: RateLimitOptions = {
    burstWindowMs: options.burstWindowMs,
    steadyWindowMs: options.steadyWindowMs,
    limits: { get_profiles: { burst: options.burst, steady: options.steady } },
  };
  const limiter = createRateLimiter({ apiKey: `pk_${randomUUID()}`, options: limits });
  const requests: SimulatedRequest[] = [];

  const answer = (now: number): { status: number; headers: Headers } => {
    const refuse = burst.isFull(now) || steady.isFull(now);
    if (refuse) {
      const wait = Math.max(burst.isFull(now) ? burst.msUntilReset(now) : 0, steady.isFull(now) ? steady.msUntilReset(now) : 0);
      return { status: 429, headers: new Headers({ 'retry-after': (wait / 1000).toFixed(3) }) };
    }
    burst.count(now);
    steady.count(now);
    const resetMs = steady.msUntilReset(now);
    return {
      status: 200,
      headers: new Headers({
        'ratelimit-limit': String(options.steady),
        'ratelimit-remaining': String(options.steady - steady.used(now)),
        'ratelimit-reset': options.wholeSeconds ? String(Math.ceil(resetMs / 1000)) : (resetMs / 1000).toFixed(3),
      }),
    };
  };
  const send = () =>
    new Promise<{ status: number; headers: Headers }>((resolve) => {
      const request: SimulatedRequest = { sentAt: Date.now(), arrivedAt: 0, stampedAt: 0, status: 0 };
      const { up, down } = options.latency();
      setTimeout(() => {
        request.arrivedAt = Date.now();
        const response = answer(request.arrivedAt);
        request.status = response.status;
        setTimeout(() => {
          request.stampedAt = Date.now();
          requests.push(request);
          resolve(response);
        }, down);
      }, up);
    });

  return async () => {
    const deadline = Date.now() + options.durationMs;
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), options.durationMs);
    await Promise.allSettled(
      Array.from({ length: options.calls }, async () => {
        for (;;) {
          if (Date.now() >= deadline) return;
          const response = await limiter.schedule('get_profiles', send, { signal: stop.signal });
          limiter.observe('get_profiles', response.status, response.headers);
          if (response.status !== 429) return;
        }
      }),
    );
    clearTimeout(timer);
    return requests;
  };
}

/** Accepted requests per whole fixed window of `windowMs` at `offset`, between `from` and `to`. */
export function perWindow(
  requests: readonly SimulatedRequest[],
  windowMs: number,
  offset: number,
  from: number,
  to: number,
): number[] {
  const index = (t: number) => Math.floor((t - offset) / windowMs);
  const first = index(from) + 1;
  const last = index(to) - 1;
  const counts = Array.from({ length: Math.max(0, last - first + 1) }, () => 0);
  for (const r of requests) {
    const k = index(r.arrivedAt) - first;
    if (r.status === 200 && k >= 0 && k < counts.length) counts[k]!++;
  }
  return counts;
}

/** A seeded pseudo-random source in [0, 1) (mulberry32), so a simulated run can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
