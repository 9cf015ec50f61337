/**
 * Client-side rate limiting, per Klaviyo rate-limit bucket.
 *
 * The transport calls `schedule` for every attempt (retries included) and `observe` for every response,
 * so the limiter sees all traffic this process sends and all the feedback the server gives.
 *
 * Klaviyo counts each account's requests in two fixed windows at once (1 s burst, 60 s steady), with
 * numbers per operation: https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling. The limiter
 * keeps a rolling window of its own (window.ts) so that no placement of Klaviyo's windows can see more than
 * the limit, holds each request's slot until its response arrives, and can share that log across processes
 * through Redis (redis.ts).
 */
import type { OperationId, OperationSpec } from '../operations.js';
import type { RedisClientLike } from './redis.js';

export { createRateLimiter, unlimited, type CreateRateLimiterInit } from './limiter.js';
export { bucketKeyFor, resolveLimits, type ResolvedLimits } from './limits.js';
export type { RedisClientLike } from './redis.js';

/** Limits for one operation or tier: requests per burst window, per steady window and per day. */
export interface RateLimitValues {
  /** Requests per burst window (Klaviyo: 1 second). */
  burst?: number | undefined;
  /** Requests per steady window (Klaviyo: 1 minute). */
  steady?: number | undefined;
  /** Requests per rolling 24 hours; a call beyond it fails at once with `RateLimitError`. */
  daily?: number | undefined;
}

/** The `rateLimit` option of the `Klaviyo` constructor. `false` turns client-side limiting off. */
export type RateLimitOption = false | RateLimitOptions;

/** Tuning for the client-side rate limiter. */
export interface RateLimitOptions {
  /**
   * Overrides keyed by operation id (`get_profiles`) or tier name (`L`, `reporting`), e.g. for OAuth app
   * quotas. Missing fields keep the spec's numbers; an operation id wins over its tier. A key that names no
   * tier or operation (`getProfiles`, `xl`, `get_profils`) is a `ValidationError` naming the key meant;
   * a bare `KlaviyoCore` knows only the operations its functions have called, so it lets through a
   * snake_case id it has not met yet.
   */
  limits?: { [operationIdOrTier in OperationId | OperationSpec['tier']]?: RateLimitValues | undefined } | undefined;
  /** Length of Klaviyo's burst window. Default 1000; tests compress time. */
  burstWindowMs?: number | undefined;
  /** Length of Klaviyo's steady window. Default 60_000. */
  steadyWindowMs?: number | undefined;
  /** Requests in flight at once per bucket. Default 10. */
  maxConcurrent?: number | undefined;
  /**
   * Share the quota with every other process that uses the same key and Redis: pass your Redis client
   * (an ioredis `Redis` or `Cluster` works as it is). If Redis stops answering, each process limits itself
   * locally, with one warning, until Redis is back.
   */
  redis?:
    | {
        /** Any client with `eval` and `evalsha` returning promises, such as ioredis. */
        client: RedisClientLike;
        /** Prefix of the limiter's Redis keys. Default `klaviyo-ts:rate-limit:`. */
        prefix?: string | undefined;
      }
    | undefined;
}

/** What the transport needs from a limiter. */
export interface RateLimiter {
  /** Runs `send` once the operation's bucket has room; the slot counts until `send` settles. */
  schedule<T>(operationId: string, send: () => Promise<T>, options?: { signal?: AbortSignal }): Promise<T>;
  /** Feeds back what the server said: RateLimit-* headers on a non-429, Retry-After on a 429. */
  observe(operationId: string, status: number, headers: Headers): void;
}

/** A limiter that can also say what it is doing: what `createRateLimiter` returns. */
export interface ManagedRateLimiter extends RateLimiter {
  /** One entry per bucket of this account that is in use in this process. */
  stats(): RateLimitStats[];
}

/** One window's use, as this process sees it (with Redis, other processes' requests are not included). */
export interface RateLimitWindowStats {
  /** Requests sent in the window that ends now, in flight ones included. */
  sent: number;
  limit: number;
  windowMs: number;
}

/** What one bucket is doing right now. */
export interface RateLimitStats {
  /** The bucket's key (see `bucketKeyFor`). */
  bucket: string;
  /** The operations that have drawn from this bucket. */
  operations: string[];
  /** Calls waiting for their turn. */
  queued: number;
  /** Requests sent and not yet answered. */
  inFlight: number;
  burst: RateLimitWindowStats;
  steady: RateLimitWindowStats;
  /** Present for operations with a daily cap: requests sent in the last 24 hours. */
  daily?: { sent: number; limit: number };
  /** Epoch ms until which a 429's `Retry-After` holds the bucket; absent when not paused. */
  pausedUntil?: number;
  /** `redis` while the quota is shared through Redis; `local` otherwise (or while Redis is unreachable). */
  shared: 'local' | 'redis';
}
