/**
 * Options pass through: under `exactOptionalPropertyTypes` an optional option takes `undefined` as well as its
 * absence, so `new Klaviyo({ apiKey: process.env.KLAVIYO_API_KEY })` and `{ signal: options.signal }` compile.
 * Trivially true under the project's own settings; scripts/check-readme.mjs compiles this file under the
 * strictest ones users turn on, where it is not.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  Klaviyo,
  type DatetimeValue,
  type EventInput,
  type KlaviyoOptions,
  type MetricAggregateParams,
  type QueryOptions,
  type RateLimitOptions,
  type RequestOptions,
  type SubscribeParams,
  type WaitOptions,
} from 'klaviyo-ts';
import type {
  CreateKlaviyoMockOptions,
  KlaviyoMockOptions,
  MockRateLimitOptions,
  StartMockServerOptions,
} from 'klaviyo-ts/testing';

/** `T` with every option present, possibly `undefined`: what code passing its own optional values along builds. */
type PassedAlong<T> = { [K in keyof T]-?: T[K] | undefined };

describe('optional options take undefined, so values pass along', () => {
  it('new Klaviyo({ apiKey: process.env.KLAVIYO_API_KEY })', () => {
    expectTypeOf(() => new Klaviyo({ apiKey: process.env.KLAVIYO_API_KEY })).returns.toEqualTypeOf<Klaviyo>();
    expectTypeOf<PassedAlong<KlaviyoOptions>>().toExtend<KlaviyoOptions>();
  });

  it('per-call options, e.g. { signal: options.signal }', () => {
    const list = (klaviyo: Klaviyo, options: { signal?: AbortSignal; timeoutMs?: number }) =>
      klaviyo.lists.list({}, { signal: options.signal, timeoutMs: options.timeoutMs });
    expectTypeOf(list).toBeFunction();
    expectTypeOf<PassedAlong<RequestOptions>>().toExtend<RequestOptions>();
  });

  it("the local mock's options", () => {
    expectTypeOf<PassedAlong<StartMockServerOptions>>().toExtend<StartMockServerOptions>();
    expectTypeOf<PassedAlong<CreateKlaviyoMockOptions>>().toExtend<CreateKlaviyoMockOptions>();
    expectTypeOf<PassedAlong<KlaviyoMockOptions>>().toExtend<KlaviyoMockOptions>();
    expectTypeOf<PassedAlong<MockRateLimitOptions>>().toExtend<MockRateLimitOptions>();
  });
});

describe('the options of helpers and queries take undefined too', () => {
  it('wait(), rateLimit, query options and helper arguments', () => {
    expectTypeOf<PassedAlong<WaitOptions>>().toExtend<WaitOptions>();
    expectTypeOf<PassedAlong<RateLimitOptions>>().toExtend<RateLimitOptions>();
    expectTypeOf<PassedAlong<QueryOptions<'get_profiles'>>>().toExtend<QueryOptions<'get_profiles'>>();
    expectTypeOf<PassedAlong<QueryOptions<'get_client_review_values_reports'>>>().not.toExtend<
      QueryOptions<'get_client_review_values_reports'>
    >(); // its required parameters stay required
    expectTypeOf<PassedAlong<Omit<EventInput, 'metric' | 'profile'>>>().toExtend<Omit<EventInput, 'metric' | 'profile'>>();
    type Optional<T> = Omit<T, { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T]>;
    expectTypeOf<PassedAlong<Optional<MetricAggregateParams>>>().toExtend<Optional<MetricAggregateParams>>();
    expectTypeOf<PassedAlong<Omit<SubscribeParams, 'profiles'>>>().toExtend<Omit<SubscribeParams, 'profiles'>>();
  });

  it('a datetime filter passes along a Date or an ISO string as DatetimeValue', () => {
    const since = (klaviyo: Klaviyo, after: DatetimeValue, pageCursor?: string) =>
      klaviyo.events.list({ filter: { datetime: { greaterThan: after } }, pageCursor });
    expectTypeOf(since).toBeFunction();
  });
});

describe('rateLimit.limits names operations and tiers', () => {
  it('takes an operation id or a tier, and refuses a misspelt one (the limiter cannot: a KlaviyoCore knows only the operations it called)', () => {
    expectTypeOf({ get_profiles: { burst: 5 }, L: { steady: 10 }, reporting: { daily: 100 } }).toExtend<
      NonNullable<RateLimitOptions['limits']>
    >();
    expectTypeOf({ get_profils: { burst: 5 } }).not.toExtend<NonNullable<RateLimitOptions['limits']>>();
    expectTypeOf({ XXL: { burst: 5 } }).not.toExtend<NonNullable<RateLimitOptions['limits']>>();
  });
});
