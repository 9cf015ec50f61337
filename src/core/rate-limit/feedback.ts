/**
 * What Klaviyo's responses tell the limiter about the account's quota, which other apps share with us.
 * https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling
 *
 * - A non-429 carries `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the steady window resets):
 *   whatever our own log says, at most that many more requests fit before the reset.
 * - A 429 carries `Retry-After` (seconds) and no RateLimit headers: nothing fits before then.
 */
import { parseRetryAfterMs } from '../errors.js';

/** What one response means for its bucket: pause until a time, or send at most `remaining` until a time. */
export type Feedback = { kind: 'pause'; untilMs: number } | { kind: 'cap'; remaining: number; untilMs: number } | undefined;

/**
 * Reads one response's rate-limit headers. A 429 pauses for its `Retry-After`, but never less than one burst
 * window, the shortest wait after which Klaviyo could accept again: Klaviyo rounds `Retry-After` down to
 * whole seconds, so `0` means "less than a second", not "now" (and a missing or unreadable one says nothing).
 */
export function readFeedback(status: number, headers: Headers, now: number, burstWindowMs: number): Feedback {
  if (status === 429) {
    const retryAfterMs = Math.max(parseRetryAfterMs(headers.get('retry-after'), now) ?? 0, burstWindowMs);
    return { kind: 'pause', untilMs: now + retryAfterMs };
  }
  const remaining = numberHeader(headers, 'ratelimit-remaining');
  const resetSeconds = numberHeader(headers, 'ratelimit-reset');
  if (remaining === undefined || resetSeconds === undefined) return undefined;
  return { kind: 'cap', remaining: Math.floor(remaining), untilMs: now + resetSeconds * 1000 };
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
