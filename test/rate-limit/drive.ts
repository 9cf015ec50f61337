/**
 * Plays the transport's part (which is written elsewhere): every attempt goes through `schedule`, every
 * response through `observe`, and a 429 is retried through `schedule` again.
 */
import { setMaxListeners } from 'node:events';
import type { RateLimiter } from '../../src/core/rate-limit/index.js';

/** How a batch of calls ended. */
export interface DriveResult {
  /** Calls that ended with a 2xx. */
  ok: number;
  /** Calls aborted by the deadline before they were sent. */
  aborted: number;
  /** 429 answers seen (each was retried). */
  got429: number;
  /** Anything else: unexpected errors or statuses. */
  failures: string[];
}

/** One call the way the transport makes it: retried on 429, at most `maxAttempts` times. */
export async function callOnce(
  limiter: RateLimiter,
  operationId: string,
  url: string,
  signal?: AbortSignal,
  maxAttempts = 20,
): Promise<{ status: number; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    const res = await limiter.schedule(
      operationId,
      async () => {
        const response = await fetch(url, { signal });
        await response.arrayBuffer(); // free the connection
        return response;
      },
      { signal },
    );
    limiter.observe(operationId, res.status, res.headers);
    if (res.status !== 429 || attempt >= maxAttempts) return { status: res.status, attempts: attempt };
  }
}

/** Fires `count` calls at once and aborts whatever has not been sent after `stopAfterMs`. */
export async function fire(
  limiter: RateLimiter,
  operationId: string,
  url: string,
  count: number,
  stopAfterMs: number,
): Promise<DriveResult> {
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // one signal for every call, as a caller stopping a batch would do
  const timer = setTimeout(() => stop.abort(), stopAfterMs);
  const result: DriveResult = { ok: 0, aborted: 0, got429: 0, failures: [] };
  await Promise.all(
    Array.from({ length: count }, async () => {
      try {
        const { status, attempts } = await callOnce(limiter, operationId, url, stop.signal);
        result.got429 += status === 429 ? attempts : attempts - 1;
        if (status >= 200 && status < 300) result.ok++;
        else result.failures.push(`status ${status}`);
      } catch (error) {
        if (stop.signal.aborted && (error as Error)?.name === 'AbortError') result.aborted++;
        else result.failures.push(String(error));
      }
    }),
  );
  clearTimeout(timer);
  return result;
}
