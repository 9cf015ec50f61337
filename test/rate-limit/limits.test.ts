/** Which quota a call draws from, and what the server's headers say about it. */
import { describe, expect, it } from 'vitest';
import { readFeedback } from '../../src/core/rate-limit/feedback.js';
import { bucketKeyFor, resolveLimits } from '../../src/core/rate-limit/index.js';
import { rateLimitOptionIssues } from '../../src/core/rate-limit/limiter.js';
import { operations as everyOperation, registerOperations } from '../../src/core/operations.js';

// These call the core by operation id, as `Klaviyo` does once it has registered the whole table (a bare
// `KlaviyoCore` knows the operations its functions pass: test/operations-layer.test.ts).
registerOperations(everyOperation);

describe('resolveLimits', () => {
  it("uses the spec's numbers for each operation", () => {
    expect(resolveLimits('get_profiles')).toEqual({ burst: 75, steady: 750 });
    expect(resolveLimits('query_campaign_values')).toEqual({ burst: 1, steady: 2, daily: 225 });
    expect(resolveLimits('create_segment')).toEqual({ burst: 1, steady: 15, daily: 100 });
  });

  it('applies tier overrides, then operation overrides, keeping fields not overridden', () => {
    const overrides = { L: { steady: 300 }, get_profiles: { burst: 20 } };
    expect(resolveLimits('get_profiles', overrides)).toEqual({ burst: 20, steady: 300 });
    expect(resolveLimits('create_profile', overrides)).toEqual({ burst: 75, steady: 300 });
    expect(resolveLimits('query_flow_values', { reporting: { daily: 10 } })).toEqual({ burst: 1, steady: 2, daily: 10 });
  });

  it("falls back to Klaviyo's smallest tier for an operation it does not know", () => {
    expect(resolveLimits('made_up_operation')).toEqual({ burst: 1, steady: 15 });
    expect(resolveLimits('made_up_operation', { made_up_operation: { burst: 5, steady: 50 } })).toEqual({ burst: 5, steady: 50 });
  });

  it('rejects limits that are not a positive number of requests, and misspelt keys, naming each', () => {
    expect(rateLimitOptionIssues({ limits: { L: { steady: 0 }, get_profiles: { burst: Number.NaN, stedy: 5 } } })).toEqual([
      { path: 'rateLimit.limits.L.steady', message: 'must be a number of requests, 1 or more, got 0' },
      { path: 'rateLimit.limits.get_profiles.stedy', message: 'unknown key; did you mean "steady"?' },
      { path: 'rateLimit.limits.get_profiles.burst', message: 'must be a number of requests, 1 or more, got NaN' },
    ]);
    expect(rateLimitOptionIssues({ limits: { get_profiles: { burst: undefined, steady: 5 } } })).toEqual([]);
    expect(rateLimitOptionIssues(false)).toEqual([]);
  });

  it('refuses a limits key that names no tier or operation, naming the one meant, so no override is ignored', () => {
    expect(
      rateLimitOptionIssues({
        limits: { getProfiles: { burst: 5 }, get_profils: { burst: 5 }, xl: { steady: 9 }, profiles: { steady: 9 } },
      }),
    ).toEqual([
      { path: 'rateLimit.limits.getProfiles', message: expect.stringMatching(/snake_case.*; did you mean "get_profiles"\?$/) },
      { path: 'rateLimit.limits.get_profils', message: expect.stringMatching(/; did you mean "get_profiles"\?$/) },
      { path: 'rateLimit.limits.xl', message: expect.stringMatching(/; did you mean "XL"\?$/) },
      {
        path: 'rateLimit.limits.profiles',
        message:
          'is no tier (XS, S, M, L, XL, reporting, custom) nor an operation id of revision 2026-07-15 (snake_case, e.g. get_profiles)',
      },
    ]);
    expect(rateLimitOptionIssues({ limits: { reporting: { daily: 10 }, create_segment: { daily: 1 }, XS: {} } })).toEqual([]);
  });

  it('rejects a rateLimit that is not false or an object, and each bad setting in it', () => {
    expect(rateLimitOptionIssues(true)).toEqual([
      { path: 'rateLimit', message: 'must be false (no client-side limiting) or an object of limiter options, got true' },
    ]);
    expect(
      rateLimitOptionIssues({ maxConcurent: 5, maxConcurrent: 0, burstWindowMs: -1, redis: { client: {}, prefx: 'a' } }),
    ).toEqual([
      { path: 'rateLimit.maxConcurent', message: 'unknown key; did you mean "maxConcurrent"?' },
      {
        path: 'rateLimit.burstWindowMs',
        message:
          'must be a positive number of milliseconds, at most 2147483647 (the longest a timer waits, about 24.8 days), got -1',
      },
      { path: 'rateLimit.maxConcurrent', message: 'must be a whole number of requests, 1 or more, got 0' },
      { path: 'rateLimit.redis.prefx', message: 'unknown key; did you mean "prefix"?' },
      {
        path: 'rateLimit.redis.client',
        message: 'must be a Redis client with eval and evalsha (an ioredis Redis or Cluster), got an object',
      },
    ]);
  });

  it('puts each operation in its own bucket', () => {
    expect(bucketKeyFor('get_profiles')).toBe('get_profiles');
    expect(bucketKeyFor('get_profile')).not.toBe(bucketKeyFor('get_profiles'));
  });
});

describe('readFeedback', () => {
  const now = 1_000_000;

  it('reads a 429 Retry-After as a pause', () => {
    expect(readFeedback(429, new Headers({ 'retry-after': '3' }), now, 1000)).toEqual({ kind: 'pause', untilMs: now + 3000 });
    // Klaviyo rounds Retry-After down: 0.25 (or 0) is "less than a second", so the bucket waits a burst window.
    expect(readFeedback(429, new Headers({ 'retry-after': '0.25' }), now, 1000)).toEqual({ kind: 'pause', untilMs: now + 1000 });
    expect(readFeedback(429, new Headers({ 'retry-after': '0' }), now, 1000)).toEqual({ kind: 'pause', untilMs: now + 1000 });
  });

  it('pauses one burst window when a 429 says nothing', () => {
    expect(readFeedback(429, new Headers(), now, 1000)).toEqual({ kind: 'pause', untilMs: now + 1000 });
  });

  it('reads RateLimit-Remaining and RateLimit-Reset as a cap until the steady window resets', () => {
    const headers = new Headers({ 'ratelimit-limit': '700', 'ratelimit-remaining': '12', 'ratelimit-reset': '41' });
    expect(readFeedback(200, headers, now, 1000)).toEqual({ kind: 'cap', remaining: 12, untilMs: now + 41_000 });
  });

  it('ignores responses without usable rate-limit headers', () => {
    expect(readFeedback(200, new Headers(), now, 1000)).toBeUndefined();
    expect(readFeedback(200, new Headers({ 'ratelimit-remaining': 'x', 'ratelimit-reset': '4' }), now, 1000)).toBeUndefined();
    expect(readFeedback(500, new Headers({ 'ratelimit-remaining': '3' }), now, 1000)).toBeUndefined();
  });
});
