/**
 * Options pass through: under `exactOptionalPropertyTypes` an optional option takes `undefined` as well as its
 * absence, so `new Klaviyo({ apiKey: process.env.KLAVIYO_API_KEY })` and `{ signal: options.signal }` compile.
 * Trivially true under the project's own settings; scripts/check-readme.mjs compiles this file under the
 * strictest ones users turn on, where it is not.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { Klaviyo, type KlaviyoOptions, type RequestOptions } from 'klaviyo-ts';
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
