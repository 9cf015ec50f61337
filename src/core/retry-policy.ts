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
 * Klaviyo's burst window: every operation's burst limit is per second
 * (https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling). The least a 429 waits.
 */
export const DEFAULT_BURST_WINDOW_MS = 1_000;

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

/** Errors for a GET whose 2xx answer was not JSON (cut short by a proxy or the network): see `markUnreadableRead`. */
const unreadableReads = new WeakSet<KlaviyoError>();

/**
 * Marks `error` as a GET's 2xx answer that could not be read as JSON: `decideRetry` reads it again (a read
 * repeats harmlessly; a write's such answer says it WAS applied, and is not re-sent).
 */
export function markUnreadableRead(error: KlaviyoError): KlaviyoError {
  unreadableReads.add(error);
  return error;
}

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
 * queries. Creating an event is when it carries a `unique_id`: Klaviyo keeps one event per unique id; so is a
 * bulk event job whose every event carries one (sent again after it applied, each one repeats an id: Klaviyo
 * records none of them twice). Every other POST (create list, create campaign, send campaign, other bulk
 * jobs, merge) is not.
 */
export function isSafeToRepeat({ method, path, operationId, body }: RequestIdentity): boolean {
  const verb = method.toUpperCase();
  if (verb !== 'POST') return true;
  if (/\/relationships\//.test(path)) return true;
  if (operationId && REPEATABLE_POSTS.has(operationId)) return true;
  if (operationId === 'create_event' || path.replace(/\/$/, '') === '/api/events') {
    const uniqueId = (body as { data?: { attributes?: { unique_id?: unknown } } } | undefined)?.data?.attributes?.unique_id;
    return hasUniqueId(uniqueId);
  }
  if (operationId === 'bulk_create_events' || path.replace(/\/$/, '') === '/api/event-bulk-create-jobs') {
    return bulkEvents(body).every((event) => hasUniqueId(attributesOf(event)?.['unique_id']));
  }
  return false;
}

const hasUniqueId = (value: unknown) => typeof value === 'string' && value.length > 0;
type Attributes = Record<string, unknown> | undefined;
const attributesOf = (value: unknown): Attributes => (value as { attributes?: Attributes } | undefined)?.attributes;
const listOf = (value: unknown): unknown[] => {
  const data = (value as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? data : [];
};

/**
 * The events of a bulk job's body (entries of one profile each, with their events), to tell whether every
 * one has a `unique_id`: then the job is safe to repeat. A job with none is not (an empty list is not safe).
 */
function bulkEvents(body: unknown): unknown[] {
  const entries = listOf(attributesOf((body as { data?: unknown } | undefined)?.data)?.['events-bulk-create']);
  const events = entries.flatMap((entry) => listOf(attributesOf(entry)?.['events']));
  return events.length > 0 ? events : [undefined];
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
 * How long to wait after a 429 whose `Retry-After` is `retryAfterMs` (undefined when missing or unreadable).
 * Klaviyo sends whole seconds, rounded down: `0` means "less than a second", not "now", and re-sending at
 * once only spends the retries in a few milliseconds. So the wait is never shorter than one burst window, the
 * time after which the throttled window has surely ended; a longer `Retry-After` is honoured exactly.
 */
export function rateLimitDelayMs(retryAfterMs: number | undefined, burstWindowMs: number = DEFAULT_BURST_WINDOW_MS): number {
  return Math.max(retryAfterMs ?? 0, burstWindowMs);
}

/** What `decideRetry` needs to know about the call. */
export interface RetryContext {
  /** The attempt that just failed: 1 for the first. */
  attempt: number;
  /** How many re-sends are allowed: up to `maxRetries + 1` attempts are made. */
  maxRetries: number;
  /** Whether sending the request twice has the effect of sending it once (see `isSafeToRepeat`). */
  safeToRepeat: boolean;
  /** The least a 429 waits: the limiter's burst window. Default `DEFAULT_BURST_WINDOW_MS`. */
  burstWindowMs?: number;
  /** For the backoff's jitter; tests pass a fixed one. */
  random?: () => number;
}

/**
 * Decides whether to try again after `error` on attempt number `attempt` (1 = the first try).
 * `maxRetries` counts re-sends, so up to `maxRetries + 1` attempts are made.
 */
export function decideRetry(error: KlaviyoError, context: RetryContext): RetryDecision {
  const { attempt, maxRetries, safeToRepeat } = context;
  if (error instanceof AbortError) return { retry: false, reason: 'aborted by the caller' };
  if (attempt > maxRetries) return { retry: false, reason: `gave up after ${attempt} attempts` };

  // A 429 was not processed, so any request may be re-sent: after the wait Klaviyo asked for, and never
  // before the burst window has turned (see rateLimitDelayMs).
  if (error instanceof RateLimitError) {
    if (error.retryAfterMs !== undefined && error.retryAfterMs > MAX_RETRY_AFTER_MS) {
      return { retry: false, reason: `Retry-After of ${error.retryAfterMs} ms is over ${MAX_RETRY_AFTER_MS} ms` };
    }
    return { retry: true, delayMs: rateLimitDelayMs(error.retryAfterMs, context.burstWindowMs) };
  }

  // A read answered with a body cut short (or otherwise not JSON) is read again, as after a dropped connection.
  if (unreadableReads.has(error)) return { retry: true, delayMs: backoffDelayMs(attempt, context.random) };
  const notSent = error instanceof ConnectionError && isNotSent(error);
  if (notSent || (mayHaveBeenProcessed(error) && safeToRepeat)) {
    return { retry: true, delayMs: backoffDelayMs(attempt, context.random) };
  }
  if (mayHaveBeenProcessed(error)) return { retry: false, reason: 'not safe to repeat' };
  return { retry: false, reason: 'not retryable' };
}
