/**
 * When to send a request again, and how long to wait first. Small pure functions, unit-tested without a
 * network; the transport only asks them.
 *
 * Klaviyo has no idempotency keys (https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling):
 * a 429 was not processed, but a 5xx, a timeout or a dropped connection on a write may or may not have been.
 * So a write is re-sent after such a failure only when sending it twice has the same effect as once.
 */
import { AbortError, ConnectionError, KlaviyoApiError, type KlaviyoError, RateLimitError, TimeoutError } from './errors.js';

/** First backoff step and its ceiling, for 5xx/408/timeouts/connection failures. */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 20_000;
/** A 429 asking us to wait longer than this is thrown to the caller instead of slept through. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * POST operations that are safe to repeat although POST usually is not:
 * - `create_or_update_profile` is an upsert keyed by email / phone / external id;
 * - the `query_*` reports and aggregates only read.
 * Relationship add/remove calls are sets (adding a member twice leaves one member) and are matched by path.
 */
const REPEATABLE_POSTS = new Set([
  'create_or_update_profile',
  'query_campaign_values',
  'query_flow_values',
  'query_flow_series',
  'query_segment_values',
  'query_segment_series',
  'query_metric_aggregates',
]);

/** What the policy needs to know about the request. */
export interface RequestIdentity {
  method: string;
  path: string;
  operationId?: string;
  body?: unknown;
}

/**
 * Whether sending this request twice has the same effect as sending it once.
 * GET, PATCH (sets fields to values) and DELETE are; so are relationship edits, upserts and report
 * queries. Creating an event is when it carries a `unique_id`: Klaviyo keeps one event per unique id.
 * Every other POST (create list, create campaign, send campaign, bulk jobs, merge) is not.
 */
export function isSafeToRepeat({ method, path, operationId, body }: RequestIdentity): boolean {
  const verb = method.toUpperCase();
  if (verb !== 'POST') return true;
  if (/\/relationships\//.test(path)) return true;
  if (operationId && REPEATABLE_POSTS.has(operationId)) return true;
  if (operationId === 'create_event' || path.replace(/\/$/, '') === '/api/events') {
    const uniqueId = (body as { data?: { attributes?: { unique_id?: unknown } } } | undefined)?.data?.attributes?.unique_id;
    return typeof uniqueId === 'string' && uniqueId.length > 0;
  }
  return false;
}

/**
 * Whether the server may have received the request and acted on it, although we got no usable answer:
 * a 5xx or 408, a timeout, or a connection that failed after the request went out.
 */
export function mayHaveBeenProcessed(error: KlaviyoError): boolean {
  if (error instanceof KlaviyoApiError) return error.status >= 500 || error.status === 408;
  if (error instanceof TimeoutError) return true;
  if (error instanceof ConnectionError) return !isNotSent(error);
  return false;
}

/** Error codes that mean the connection never opened, so nothing reached Klaviyo. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** True when a connection error happened before any byte of the request left this machine. */
export function isNotSent(error: ConnectionError): boolean {
  return connectionErrorCodes(error.cause).some((code) => NOT_SENT_CODES.has(code));
}

/** undici wraps the system error: `TypeError('fetch failed', { cause: { code } })`, sometimes an AggregateError. */
export function connectionErrorCodes(cause: unknown, depth = 0): string[] {
  if (!cause || typeof cause !== 'object' || depth > 4) return [];
  const own = (cause as { code?: unknown }).code;
  const codes = typeof own === 'string' ? [own] : [];
  const nested = (cause as { cause?: unknown }).cause;
  const many = (cause as { errors?: unknown }).errors;
  return [
    ...codes,
    ...connectionErrorCodes(nested, depth + 1),
    ...(Array.isArray(many) ? many.flatMap((e) => connectionErrorCodes(e, depth + 1)) : []),
  ];
}

/** Exponential backoff with full jitter (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). */
export function backoffDelayMs(retryNumber: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (retryNumber - 1));
  return Math.floor(random() * ceiling);
}

/** The policy's answer for one failed attempt. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * Decides whether to try again after `error` on attempt number `attempt` (1 = the first try).
 * `maxRetries` counts re-sends, so up to `maxRetries + 1` attempts are made.
 */
export function decideRetry(
  error: KlaviyoError,
  context: { attempt: number; maxRetries: number; safeToRepeat: boolean; random?: () => number },
): RetryDecision {
  const { attempt, maxRetries, safeToRepeat } = context;
  if (error instanceof AbortError) return { retry: false, reason: 'aborted by the caller' };
  if (attempt > maxRetries) return { retry: false, reason: `gave up after ${attempt} attempts` };

  // A 429 was not processed, so any request may be re-sent, after exactly the wait Klaviyo asked for.
  if (error instanceof RateLimitError) {
    const wait = error.retryAfterMs ?? backoffDelayMs(attempt, context.random);
    if (wait > MAX_RETRY_AFTER_MS) return { retry: false, reason: `Retry-After of ${wait} ms is over ${MAX_RETRY_AFTER_MS} ms` };
    return { retry: true, delayMs: wait };
  }

  const notSent = error instanceof ConnectionError && isNotSent(error);
  if (notSent || (mayHaveBeenProcessed(error) && safeToRepeat)) {
    return { retry: true, delayMs: backoffDelayMs(attempt, context.random) };
  }
  if (mayHaveBeenProcessed(error)) return { retry: false, reason: 'not safe to repeat' };
  return { retry: false, reason: 'not retryable' };
}
