/**
 * A process can load the SDK twice: the ESM build (the app `import`s it) and the CJS build (a dependency
 * `require`s it). Each is a module instance of its own, with its own copy of every class and module
 * variable. Here a second instance of the same modules stands in for the other build; scripts/check-package.mjs
 * does the same with the real dist/index.js and dist/index.cjs.
 */
import { describe, expect, it, vi } from 'vitest';
import * as errors from '../../src/core/errors.js';
import { createRateLimiter } from '../../src/core/rate-limit/index.js';
import { TEST_KEY } from '../helpers.js';

type Errors = typeof errors;
type RateLimit = typeof import('../../src/core/rate-limit/index.js');

/** The same modules loaded again, as the other build would be. */
async function otherBuild(): Promise<{ errors: Errors; rateLimit: RateLimit }> {
  vi.resetModules();
  const other = {
    errors: await import('../../src/core/errors.js'),
    rateLimit: await import('../../src/core/rate-limit/index.js'),
  };
  vi.resetModules();
  return other;
}

const throttled = (from: Errors) =>
  new from.RateLimitError({ status: 429, method: 'GET', path: '/api/lists', headers: new Headers(), body: undefined });

describe('loading the ESM and the CJS build in one process', () => {
  it('is two copies of the classes, as with the real builds', async () => {
    const other = await otherBuild();
    expect(other.errors.KlaviyoError).not.toBe(errors.KlaviyoError);
    expect(Object.getPrototypeOf(throttled(other.errors))).not.toBe(errors.RateLimitError.prototype);
  });

  it('an error from the other build is instanceof KlaviyoError, KlaviyoApiError and its own class', async () => {
    const other = await otherBuild();
    const error: unknown = throttled(other.errors);
    expect(error instanceof errors.KlaviyoError).toBe(true);
    expect(error instanceof errors.KlaviyoApiError).toBe(true);
    expect(error instanceof errors.RateLimitError).toBe(true);
    expect(error instanceof Error).toBe(true);
    // And the other way round.
    expect(throttled(errors) instanceof other.errors.RateLimitError).toBe(true);
  });

  it('an error from the other build is not instanceof a class it is not', async () => {
    const other = await otherBuild();
    const error: unknown = throttled(other.errors);
    expect(error instanceof errors.ServerError).toBe(false);
    expect(error instanceof errors.ValidationError).toBe(false);
    expect(new other.errors.KlaviyoError('x') instanceof errors.KlaviyoApiError).toBe(false);
  });

  it('an error that only calls itself KlaviyoError is not one', () => {
    const impostor = Object.assign(new Error('x'), { name: 'RateLimitError', status: 429 });
    expect(impostor instanceof errors.KlaviyoError).toBe(false);
    expect(impostor instanceof errors.RateLimitError).toBe(false);
    expect((null as unknown) instanceof errors.KlaviyoError).toBe(false);
    expect(('KlaviyoError' as unknown) instanceof errors.KlaviyoError).toBe(false);
  });

  it('your own subclass of KlaviyoError is checked as usual, and its errors are still KlaviyoErrors', async () => {
    class MyError extends errors.KlaviyoError {}
    expect(new MyError('x') instanceof MyError).toBe(true);
    expect(new MyError('x') instanceof errors.KlaviyoError).toBe(true);
    const other = await otherBuild();
    expect(new MyError('x') instanceof other.errors.KlaviyoError).toBe(true);
    expect(new other.errors.KlaviyoError('x') instanceof MyError).toBe(false);
  });

  it('the mark that identifies error classes is in neither JSON nor toJSON()', () => {
    const error = throttled(errors);
    expect(Object.keys(error.toJSON())).not.toContain('Symbol(klaviyo-ts.error-class)');
    expect(JSON.stringify(error.toJSON())).not.toMatch(/error-class/);
    expect(Object.getOwnPropertySymbols(error)).toEqual([]);
  });

  it('two clients with one key, one from each build, draw from one rate-limit quota', async () => {
    const other = await otherBuild();
    const options = { burstWindowMs: 60_000, limits: { get_lists: { burst: 2, steady: 100 } } };
    const here = createRateLimiter({ apiKey: TEST_KEY, options });
    const there = other.rateLimit.createRateLimiter({ apiKey: TEST_KEY, options });
    await here.schedule('get_lists', async () => 'sent');
    await there.schedule('get_lists', async () => 'sent');
    // Each side sees both requests: one bucket, not one per build.
    expect(here.stats().find((s) => s.bucket === 'get_lists')?.burst.sent).toBe(2);
    expect(there.stats().find((s) => s.bucket === 'get_lists')?.burst.sent).toBe(2);
    // The burst of 2 is spent: a third call, from either build, waits.
    const controller = new AbortController();
    const third = there.schedule('get_lists', async () => 'sent', { signal: controller.signal });
    const outcome = await Promise.race([third, new Promise((resolve) => setTimeout(() => resolve('waiting'), 50))]);
    expect(outcome).toBe('waiting');
    controller.abort();
    await third.catch(() => {});
  });
});
