/**
 * Client-side rate limiting, per Klaviyo rate-limit bucket.
 *
 * The transport calls `schedule` for every attempt (retries included) and `observe` for every response,
 * so the limiter sees all traffic this process sends and all the feedback the server gives.
 */

/** Limits for one operation or tier: requests per burst window, per steady window and per day. */
export interface RateLimitValues {
  burst?: number;
  steady?: number;
  daily?: number;
}

/** The `rateLimit` option of the `Klaviyo` constructor. `false` turns client-side limiting off. */
export type RateLimitOption = false | RateLimitOptions;

/** Tuning for the client-side rate limiter. */
export interface RateLimitOptions {
  /** Overrides keyed by operation id (`get_profiles`) or tier name (`L`), e.g. for OAuth app quotas. */
  limits?: { [operationIdOrTier: string]: RateLimitValues };
  /** Length of Klaviyo's burst window. Default 1000; tests compress time. */
  burstWindowMs?: number;
  /** Length of Klaviyo's steady window. Default 60_000. */
  steadyWindowMs?: number;
  /** Requests in flight at once per bucket. Default 10. */
  maxConcurrent?: number;
}

/** What the transport needs from a limiter. */
export interface RateLimiter {
  /** Runs `send` once the operation's bucket has room; the slot counts until `send` settles. */
  schedule<T>(operationId: string, send: () => Promise<T>, options?: { signal?: AbortSignal }): Promise<T>;
  /** Feeds back what the server said: RateLimit-* headers on a non-429, Retry-After on a 429. */
  observe(operationId: string, status: number, headers: Headers): void;
}

/** A limiter that sends at once: used when the caller passes `rateLimit: false`. */
export const unlimited: RateLimiter = {
  schedule: (_operationId, send) => send(),
  observe: () => {},
};
